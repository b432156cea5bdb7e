"""The HTTP faces of the assistant beyond the Gradio page: an OpenAI-compatible chat endpoint and a small
REST surface (``api``), in the OpenAI wire format (``chat``), behind API keys and a per-client rate limit
(``auth``); ``serve`` runs them alone (``imagine serve``), ``ui.py`` mounts them next to the web chat.

Imports ``assistant`` and ``imagine``; nothing below imports ``web``.
"""
