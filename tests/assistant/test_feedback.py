"""The feedback store the web chat writes (ratings, comments, what produced each answer) and its CLI."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading

import pytest

import cli
from assistant.feedback import FeedbackStore
from assistant.types import Passage


def passage(text, **meta):
    return Passage(text=text, metadata={"document": "report.txt", "section": "2 Criteri", **meta})


def test_feedback_store_round_trip_update_and_threads(tmp_path):
    store = FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")
    cites = [passage("Il cluster conta 200 imprese.", cluster="Gendorf")]
    row = store.add("Quante imprese?", "200 [1].", cites, {"llm_backend": "extractive"}, rating=1)
    assert store.update(row, rating=-1, comment="  troppo breve ")
    assert not store.update(row + 999, comment="x")
    with pytest.raises(ValueError):
        store.add("q", "a", rating=5)
    threads = [threading.Thread(target=store.add, args=(f"q{i}", "a"), kwargs={"rating": 1}) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = store.rows()
    assert len(rows) == 9
    first = rows[-1]
    assert first["rating"] == -1 and first["comment"] == "troppo breve" and first["question"] == "Quante imprese?"
    assert first["citations"][0]["cluster"] == "Gendorf" and first["settings"] == {"llm_backend": "extractive"}
    with sqlite3.connect(store.path) as conn:  # a plain SQLite file others can read
        assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 9


def test_feedback_cli_list_and_csv_export(tmp_path, monkeypatch, capsys):
    from imagine.settings import Settings

    settings = Settings(data_dir=tmp_path)
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    FeedbackStore(tmp_path / "feedback.sqlite3").add("Domanda <x>?", "Risposta [1].", rating=-1, comment="ok")
    assert cli.main(["feedback", "list"]) == 0
    out = capsys.readouterr().out
    assert "Domanda <x>?" in out and "👎" in out and "ok" in out
    target = tmp_path / "out.csv"
    assert cli.main(["feedback", "export", "--csv", str(target)]) == 0
    assert "1 row(s) written" in capsys.readouterr().out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[0]["question"] == "Domanda <x>?" and rows[0]["rating"] == "-1"
    assert cli.main(["feedback", "export"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["answer"] == "Risposta [1]."
