"""LLM backends behind one interface: ``.name`` and ``.stream(messages, max_tokens) -> Iterator[str]``.

``build_llm(settings)`` picks one from ``settings.llm_backend``:

- ``"local"``: the installed GGUF model through llama-cpp-python, in this process. One
  model instance per process (loading costs ~1 GB of RAM and seconds), one generation at a
  time (llama.cpp contexts are not thread-safe). Calls are sequential on one context, so
  llama.cpp keeps the key/value cache of the previous prompt and re-processes only what
  follows the longest common prefix: the fixed system prompt of :mod:`assistant.prompt`
  is paid for once per process.
- ``"openai"``: any OpenAI-compatible server (Ollama, vLLM, llama.cpp server, OpenAI) by
  base URL, model and key, through langchain-openai, streamed, no retries.
- ``"extractive"``: no LLM (``None``); the assistant quotes evidence sentences instead.

Every failure a user could meet (runtime or model missing, server refused, timed out,
HTTP error, connection lost mid-stream) is raised as :class:`LLMUnavailable` with one short
reason, so the assistant can fall back to the extractive answer with a notice. Generation
is greedy (temperature 0): the same question gives the same answer.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

from imagine.errors import first_line
from imagine.settings import Settings


class LLMUnavailable(RuntimeError):
    """The LLM cannot answer now; the message is one short reason for the user's notice."""


def build_llm(settings: Settings):
    """The backend named by ``settings.llm_backend``; None for "extractive". Raises LLMUnavailable."""
    if settings.llm_backend == "extractive":
        return None
    if settings.llm_backend == "local":
        return LocalLLM(settings)
    if settings.llm_backend == "openai":
        return OpenAILLM(settings)
    raise LLMUnavailable(f"unknown LLM backend '{settings.llm_backend}'")


# --- local: llama.cpp in-process ---------------------------------------------------------

_MODELS: dict[tuple, tuple[object, threading.Lock]] = {}
_MODELS_LOCK = threading.Lock()


def _load_llama(path: Path, n_ctx: int, n_threads: int):
    """The process-wide Llama instance for these parameters, and the lock that serialises its use."""
    key = (str(path), n_ctx, n_threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise LLMUnavailable("llama-cpp-python is not installed (run ./run.sh setup)") from exc
            try:
                llama = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
            except Exception as exc:  # llama.cpp reports a bad file as ValueError/RuntimeError
                raise LLMUnavailable(f"the local model could not be loaded ({type(exc).__name__})") from exc
            _MODELS[key] = (llama, threading.Lock())
        return _MODELS[key]


class LocalLLM:
    """The installed GGUF model, run in-process by llama.cpp."""

    def __init__(self, settings: Settings):
        from imagine.models import ModelInstallError, resolve

        try:
            path = Path(resolve(settings.llm_model, settings.models_dir))
        except ModelInstallError as exc:
            raise LLMUnavailable(f"local model '{settings.llm_model}' is not installed (run ./run.sh setup)") from exc
        if not path.is_file():
            raise LLMUnavailable(f"local model file not found: {path.name}")
        self.name = f"local/{settings.llm_model}"
        self.wait_s = settings.llm_timeout_s
        self._llama, self._lock = _load_llama(path, settings.llm_context, settings.llm_threads)

    def warm(self, messages: list[dict]) -> None:
        """Process a prompt prefix ahead of time (e.g. at start-up) so the first question reuses it."""
        for _ in self.stream(messages, max_tokens=1):
            pass

    def stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        """Answer text as it is generated. Waits for a busy model at most ``llm_timeout_s``."""
        if not self._lock.acquire(timeout=self.wait_s):
            raise LLMUnavailable("the local model is busy with other questions")
        try:
            chunks = self._llama.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=0.0, top_k=1, seed=0, stream=True
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece
        except (ValueError, RuntimeError) as exc:  # e.g. prompt longer than the context
            raise LLMUnavailable(f"the local model failed ({first_line(exc)})") from exc
        finally:
            self._lock.release()


# --- openai: any OpenAI-compatible server --------------------------------------------------


class OpenAILLM:
    """A model behind an OpenAI-compatible HTTP API, streamed through langchain-openai."""

    def __init__(self, settings: Settings):
        from langchain_openai import ChatOpenAI

        self.base_url = settings.openai_base_url or "https://api.openai.com/v1"
        self.name = f"openai/{settings.openai_model}"
        self.timeout = settings.llm_timeout_s
        self._chat = ChatOpenAI(
            base_url=settings.openai_base_url,
            model=settings.openai_model,
            api_key=settings.openai_api_key,
            timeout=settings.llm_timeout_s,  # per connect/read: a silent server fails after this long
            max_retries=0,  # fail fast and fall back; the user is waiting
            temperature=0.0,
            seed=0,
            streaming=True,
        )

    def stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        """Answer text as the server streams it.

        ``llm_timeout_s`` bounds every wait (connecting, the first token, each gap between
        tokens), not the whole answer: a slow but live server keeps streaming, and
        ``max_tokens`` bounds the length.
        """
        import httpx
        import openai

        started = False
        try:
            # "max_tokens" in the body: langchain-openai would send it as "max_completion_tokens",
            # which llama.cpp's server ignores; every OpenAI-compatible server reads max_tokens.
            for chunk in self._chat.stream(messages, extra_body={"max_tokens": max_tokens}):
                started = True
                if chunk.content:
                    yield chunk.content
        except openai.APITimeoutError as exc:
            raise LLMUnavailable(f"the LLM server did not answer within {self.timeout:g} s") from exc
        except openai.APIConnectionError as exc:
            if started:
                raise LLMUnavailable("the connection to the LLM server was lost mid-answer") from exc
            raise LLMUnavailable(f"cannot reach the LLM server at {self.base_url}") from exc
        except openai.APIStatusError as exc:
            raise LLMUnavailable(f"the LLM server answered HTTP {exc.status_code}") from exc
        except (openai.OpenAIError, httpx.HTTPError, OSError) as exc:
            raise LLMUnavailable(f"the connection to the LLM server failed ({type(exc).__name__})") from exc
