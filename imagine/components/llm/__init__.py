"""LLM component: answer generation behind one small interface.

An LLM has ``name`` (e.g. ``local/qwen…``), ``backend`` (``"local"`` or ``"openai"``, what an
answer records as written it), ``stream(messages, max_tokens) -> Iterator[str]`` and
``warm(messages)`` (process a prompt prefix ahead of time where that helps; a no-op elsewhere).

``build_llm(settings)`` picks one from ``settings.llm_backend``, one module per backend:

- ``"local"``: the installed GGUF model through llama-cpp-python, in this process (:mod:`.local`);
- ``"openai"``: any OpenAI-compatible server by base URL, model and key (:mod:`.openai_compatible`);
- ``"extractive"``: no LLM (``None``); the assistant quotes evidence sentences instead.

Every failure a user could meet (runtime or model missing, server refused, timed out,
HTTP error, connection lost mid-stream) is raised as :class:`LLMUnavailable` with one short
reason, so the assistant can fall back to the extractive answer with a notice. Generation
is greedy (temperature 0): the same question gives the same answer.
"""

from __future__ import annotations

from imagine.settings import Settings


class LLMUnavailable(RuntimeError):
    """The LLM cannot answer now; the message is one short reason for the user's notice."""


def build_llm(settings: Settings):
    """The backend named by ``settings.llm_backend``; None for "extractive". Raises LLMUnavailable."""
    if settings.llm_backend == "extractive":
        return None
    if settings.llm_backend == "local":
        from imagine.components.llm.local import LocalLLM

        return LocalLLM(settings)
    if settings.llm_backend == "openai":
        from imagine.components.llm.openai_compatible import OpenAILLM

        return OpenAILLM(settings)
    raise LLMUnavailable(f"unknown LLM backend '{settings.llm_backend}'")
