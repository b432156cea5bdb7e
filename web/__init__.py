"""The faces of the assistant on the web. The chat page (Gradio): ``app`` lays out the tabs and wires the
chat, ``render`` turns answers into escaped HTML/Markdown, ``explorer`` is the cluster explorer tab (its
filters run as a card plan, :mod:`assistant.cards.explore`), ``status`` the status line and tab,
``startup`` builds the assistant in the background. The HTTP API: an OpenAI-compatible chat endpoint and a
small REST surface (``api``), in the OpenAI wire format (``chat``), behind API keys and a per-client rate
limit (``auth``); ``serve`` runs it alone (``imagine serve``), ``ui.py`` serves the chat page and the API together.

Imports ``assistant`` and ``imagine``; nothing below imports ``web``.
"""
