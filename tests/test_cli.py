"""The command line as a face: the commands that answer build a missing index before they start an
assistant (the assistant itself never runs the ingest). Fakes stand in for the ingest and the assistant."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

import assistant
import cli
from imagine.settings import Settings


@pytest.fixture
def calls(tmp_path, monkeypatch):
    """What the CLI did, in order: ('build', settings) and ('assistant', settings, llm)."""
    done: list[tuple] = []
    settings = Settings(data_dir=tmp_path)

    class FakeAssistant:
        def __init__(self, settings, llm="auto"):
            done.append(("assistant", settings, llm))

        def ask(self, question, history=None):
            return SimpleNamespace(to_dict=lambda: {"text": f"answer to {question}"})

        def search(self, query, k=5):
            return []

    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    monkeypatch.setattr("ingest.pipeline.build_if_missing", lambda s, progress=False: done.append(("build", s)))
    monkeypatch.setattr(assistant, "Assistant", FakeAssistant, raising=False)
    return done, settings


def test_ask_builds_a_missing_index_before_the_assistant_starts(calls, capsys):
    done, settings = calls
    assert cli.main(["ask", "Che cos'è l'EMAS di distretto?", "--json"]) == 0
    assert done == [("build", settings), ("assistant", settings, "auto")]
    assert json.loads(capsys.readouterr().out) == {"text": "answer to Che cos'è l'EMAS di distretto?"}


def test_search_builds_a_missing_index_and_uses_no_llm(calls):
    done, settings = calls
    assert cli.main(["search", "Gendorf"]) == 0
    assert done == [("build", settings), ("assistant", settings, None)]
