"""The assistant built in the background: ready, failed, and the query compile kept for an idle moment."""

from __future__ import annotations

import threading
import time

import pytest

from imagine.settings import Settings
from web.api import NotReady
from web.startup import LazyAssistant


def test_a_failed_build_is_reported_not_raised(tmp_path):
    def broken(_):
        raise OSError("model file missing")

    lazy = LazyAssistant(Settings(data_dir=tmp_path), factory=broken).start()
    assert lazy.wait(5) and not lazy.ready and lazy.error == "OSError: model file missing"
    assert lazy.cards() == []
    with pytest.raises(NotReady, match="failed to start: OSError"):
        lazy.get()


def test_query_compile_waits_until_the_chat_has_been_idle(tmp_path):
    """Compiling takes the CPU and the GIL for a minute or more: never while questions are answered or waiting."""
    compiled = threading.Event()

    class Bot:
        def compile_queries(self):
            compiled.set()

    lazy = LazyAssistant(Settings(data_dir=tmp_path, embedding_compile_idle_s=0.3), factory=lambda _: Bot())
    with lazy.answers.ticket():  # a question is being answered from the start
        lazy.start()
        assert lazy.wait(5) and lazy.ready
        assert not compiled.wait(1.0)
    assert compiled.wait(5)

    compiled.clear()  # quiet before ready does not count: the first questions come right after it
    lazy = LazyAssistant(Settings(data_dir=tmp_path, embedding_compile_idle_s=1.0), factory=lambda _: Bot())
    time.sleep(1.2)
    lazy.start()
    assert lazy.wait(5) and lazy.ready
    assert not compiled.wait(0.5)
    assert compiled.wait(5)
