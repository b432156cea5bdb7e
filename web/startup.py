"""The assistant of the web chat, built once in a background thread: the page is up at once and says
what it is doing while a missing index is built, and an error shows in the page instead of stopping
the server. Once it is built and the chat has been idle a while, query encoding is compiled.
"""

from __future__ import annotations

import threading
import time

from imagine.settings import Settings
from web.admission import AnswerQueue


class LazyAssistant:
    """Builds the Assistant once in a background thread (it may build the index); the UI polls ``ready``."""

    def __init__(self, settings: Settings, factory=None):
        self.settings = settings
        self._factory = factory
        self.answers = AnswerQueue(settings.ui_concurrency)  # the chat's line of questions (see web.app.build_app)
        self.bot = None
        self.error = ""
        self.started = time.monotonic()
        self._done = threading.Event()

    def start(self) -> "LazyAssistant":
        threading.Thread(target=self._build, name="assistant-build", daemon=True).start()
        return self

    def _build(self) -> None:
        try:
            if self._factory is None:
                from assistant import Assistant
                from ingest.pipeline import build_if_missing

                build_if_missing(self.settings)  # a fresh checkout: the chat starts on the built index
                self.bot = Assistant(self.settings)
            else:
                self.bot = self._factory(self.settings)
        except Exception as exc:  # shown in the page; the server stays up
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self._done.set()
        if self.bot is not None and hasattr(self.bot, "compile_queries"):
            self._compile_when_idle()

    def _compile_when_idle(self) -> None:
        """Compile query encoding (a server lives long: faster searches after it) once the chat has had no
        question for ``embedding_compile_idle_s``. The compile takes 40-90 s of CPU, minutes on shared cores,
        and this process's GIL: 16 concurrent questions answered meanwhile had p95 7-13 s a round instead
        of 4-7 s (bench/load.py passages, load 7-11). Questions that come while it runs are still answered, by the eager model."""
        ready = time.monotonic()  # quiet before ready does not count: the first questions come right after it
        while min(self.answers.idle_s(), time.monotonic() - ready) < self.settings.embedding_compile_idle_s:
            time.sleep(0.5)
        self.bot.compile_queries()

    @property
    def ready(self) -> bool:
        return self._done.is_set() and self.bot is not None

    def get(self):
        """The Assistant for the HTTP API; raises :class:`web.api.NotReady` while it is being built (HTTP 503)."""
        from web.api import NotReady

        if self.ready:
            return self.bot
        raise NotReady(f"it failed to start: {self.error}" if self.error else "the index is being prepared")

    def wait(self, timeout: float) -> bool:
        self._done.wait(timeout)
        return self._done.is_set()

    def cards(self) -> list:
        """The assistant's cluster cards; none until it is built."""
        return self.bot.cards() if self.ready else []
