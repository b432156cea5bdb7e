"""LLM backend ``local``: the installed GGUF model through llama-cpp-python, in this process.

One model instance per process (loading costs ~1 GB of RAM and seconds), one generation at a
time (llama.cpp contexts are not thread-safe). Calls are sequential on one context, so
llama.cpp keeps the key/value cache of the previous prompt and re-processes only what
follows the longest common prefix: the fixed system prompt of :mod:`assistant.prompt`
is paid for once per process (:meth:`LocalLLM.warm` pays it at start-up).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

from imagine.components.llm import LLMUnavailable
from imagine.errors import first_line
from imagine.settings import Settings

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

    backend = "local"

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
