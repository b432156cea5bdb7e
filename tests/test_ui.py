"""Fast checks of the web UI's UI-independent parts: escaping, source rendering, explorer, CSV, feedback store.

No browser and no model here; the browser checks are in test_ui_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import time

import pytest

import ui
from assistant.feedback import FeedbackStore
from assistant.types import Answer, Passage
import cli

SCRIPT = "<script>alert(1)</script>"


def passage(text, highlights=(), **meta):
    return Passage(text=text, metadata={"document": "report.txt", "section": "2 Criteri", **meta},
                   highlights=list(highlights))


# --- escaping and highlighting --------------------------------------------------------------
def test_highlight_escapes_and_marks_supporting_sentence_across_whitespace():
    text = "Intro <b>bold</b>.\nThe cluster has 200\n  members. Other & more."
    out = ui.highlight(text, ["The cluster has 200 members."])
    assert "<b>" not in out and "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "<mark>The cluster has 200<br>  members.</mark>" in out
    assert "Other &amp; more." in out


def test_highlight_merges_overlaps_and_ignores_missing_sentences():
    out = ui.highlight("A b c d.", ["A b c", "b c d.", "not there"])
    assert out.count("<mark>") == 1 and "<mark>A b c d.</mark>" in out


def test_script_in_a_document_renders_as_text_in_its_source():
    p = passage(f"Before {SCRIPT} after.", [f"Before {SCRIPT} after."], cluster="X<y>", country="Italy")
    out = ui.source_html(1, p)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "X&lt;y&gt;" in out and "(Italy)" in out
    assert out.startswith("<details") and "<summary><b>[1]</b> report.txt › 2 Criteri" in out


def test_user_and_answer_text_escaped_and_images_defused():
    assert ui.esc_markdown(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "![" not in ui.esc_markdown("see ![x](http://example.com/a.png)")
    msgs = ui.chat_messages([{"question": SCRIPT, "partial": SCRIPT, "answer": None}])
    assert all("<script>" not in m["content"] for m in msgs)


# --- answer messages ------------------------------------------------------------------------
def test_answer_message_has_text_sources_notice_and_table_as_single_line_html_blocks():
    cites = [passage("Il cluster conta 200 imprese.\nAltro.", ["Il cluster conta 200 imprese."], cluster="Gendorf")]
    ans = Answer(text="Conta 200 imprese [1].", citations=cites, language="it", notice="Risposta estrattiva.",
                 table=[{"name": "Gendorf", "workers": None, "enterprises": 4200}])
    md = ui.answer_markdown(ans)
    text, *blocks = md.split("\n\n")
    assert text == "Conta 200 imprese [1]."
    assert all("\n" not in b and b.startswith("<div") for b in blocks)  # raw HTML blocks stay intact
    assert "Fonti" in md and "<mark>Il cluster conta 200 imprese.</mark>" in md
    assert "non riportato" in md and "4\u202f200" in md and "Risposta estrattiva." in md


def test_refused_answer_says_so_plainly_in_its_language():
    md = ui.answer_markdown(Answer(text="The documents do not cover this.", refused=True, language="en"))
    assert "Not found in the documents" in md and "Sources" not in md


def test_plain_history_keeps_only_finished_turns_with_answer_text():
    turns = [{"question": "Q1", "answer": Answer(text="A1 [1]."), "partial": ""},
             {"question": "Q2", "answer": None, "partial": "A2 part"}]
    assert ui.plain_history(turns) == [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1 [1]."}]


# --- explorer -------------------------------------------------------------------------------
RECORDS = [
    {"name": "Àlpha", "country": "Spain", "sector": "Tessile", "sectors": ["tessile"], "workers": 5000,
     "enterprises": 120, "kind": "report_card", "eco_innovation": "First. Second."},
    {"name": "beta", "country": "Sweden", "sector": "Metal", "sectors": [], "workers": None, "enterprises": 30,
     "kind": "report_card", "eco_innovation": ""},
    {"name": "Gamma", "country": "Italy", "sector": "Textile, leather", "sectors": [], "workers": 300,
     "enterprises": None, "kind": "pilot_district", "eco_innovation": ""},
]


def test_explorer_uses_the_shared_card_filter():
    # the filter itself is tested in tests/assistant/cards/test_explore.py; the API filters with it too
    from assistant.cards.explore import filter_cards

    assert ui.filter_cards is filter_cards


def test_card_record_flattens_a_real_card(tmp_path):
    from imagine.cards import ClusterCard

    card = ClusterCard(id="x", name="X", country="Spain", workers=10, eco_innovation="Uno. Due.",
                       source={"document": "r.txt", "section": "4.1 X"})
    rec = ui.card_record(card)
    assert rec["source"] == "r.txt › 4.1 X" and rec["eco_summary"] == "Uno." and rec["workers"] == 10
    headers, rows = ui.explorer_rows([rec])
    assert len(headers) == len(rows[0]) and rows[0][3] is None and rows[0][4] == 10


def test_csv_export_round_trips_with_bom_and_escaping(tmp_path):
    records = [dict(RECORDS[0], name='A, "quoted"\nname', source="r.txt")] + RECORDS[1:]
    path = ui.write_csv_file(ui.cards_csv(records), tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["name"] for r in rows] == ['A, "quoted"\nname', "beta", "Gamma"]
    assert rows[1]["workers"] == "" and rows[0]["workers"] == "5000"
    assert ui.write_csv_file(ui.cards_csv(records), tmp_path) == path  # same content, same file


def test_compare_and_chart_escape_names_and_mark_missing_values():
    evil = dict(RECORDS[1], name=SCRIPT)
    for out in (ui.compare_html([RECORDS[0], evil]), ui.size_chart_html([RECORDS[0], evil])):
        assert "<script>" not in out and "&lt;script&gt;" in out
    assert "non riportato" in ui.compare_html([RECORDS[0], evil])
    chart = ui.size_chart_html(RECORDS)
    assert chart.count("imagine-bar-workers") == 2 and "width:100.0%" in chart
    assert "http" not in chart and "<img" not in chart  # nothing to fetch


def test_index_freshness(tmp_path):
    (tmp_path / "doc.txt").write_text("x")
    mtime = (tmp_path / "doc.txt").stat().st_mtime
    assert ui.index_freshness(None, tmp_path)[0] is None
    assert ui.index_freshness(mtime + 10, tmp_path)[0] is True
    assert ui.index_freshness(mtime - 10, tmp_path)[0] is False


# --- feedback store and CLI -----------------------------------------------------------------
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


def test_status_line_says_while_background_warm_up_still_runs():
    from ui import status_line

    warming = status_line(True, "", 0.0, {"llm_backend": "local", "warming": ["LLM prompt", "query encoder"]})
    assert "Pronto / Ready" in warming and "LLM prompt, query encoder" in warming
    assert "warming" not in status_line(True, "", 0.0, {"llm_backend": "local", "warming": []})


def test_waiting_text_says_the_place_and_a_rounded_estimate_in_both_languages():
    from web.admission import Place

    assert ui.waiting_text(Place(3, 12, None)) == "In coda: posizione 3 di 12 / Queued: position 3 of 12"
    assert ui.waiting_text(Place(1, 2, 0.2)).endswith("Queued: position 1 of 2, answer in about 1 s")
    assert "risposta tra circa 25 s /" in ui.waiting_text(Place(9, 12, 23.4))



def test_query_compile_waits_until_the_chat_has_been_idle(tmp_path):
    """Compiling takes the CPU and the GIL for a minute or more: never while questions are answered or waiting."""
    from imagine.settings import Settings

    compiled = threading.Event()

    class Bot:
        def compile_queries(self):
            compiled.set()

    lazy = ui.LazyAssistant(Settings(data_dir=tmp_path, embedding_compile_idle_s=0.3), factory=lambda _: Bot())
    with lazy.answers.ticket():  # a question is being answered from the start
        lazy.start()
        assert lazy.wait(5) and lazy.ready
        assert not compiled.wait(1.0)
    assert compiled.wait(5)

    compiled.clear()  # quiet before ready does not count: the first questions come right after it
    lazy = ui.LazyAssistant(Settings(data_dir=tmp_path, embedding_compile_idle_s=1.0), factory=lambda _: Bot())
    time.sleep(1.2)
    lazy.start()
    assert lazy.wait(5) and lazy.ready
    assert not compiled.wait(0.5)
    assert compiled.wait(5)


# --- access control -----------------------------------------------------------------------------
STATUS = {"llm_backend": "local", "llm": None, "llm_error": "model file missing: /home/ana/.cache/imagine/models/q.gguf",
          "embedding_model": "/home/ana/.cache/imagine/models/embeddinggemma-300m", "store": "/srv/imagine/.data/chroma", "chunks": 50, "cards": 19,
          "last_ingest": None, "feedback": "/srv/imagine/.data/feedback.sqlite3"}


def test_status_panel_hides_file_paths_from_non_admins(tmp_path):
    from imagine.settings import Settings

    settings = Settings(corpus_dir=tmp_path)
    admin = ui.status_markdown(STATUS, settings)
    assert "/srv/imagine/.data/chroma" in admin and "feedback.sqlite3" in admin and "/home/ana" in admin
    guest = ui.status_markdown(STATUS, settings, paths=False)
    assert "/srv" not in guest and "/home" not in guest and "embeddinggemma-300m" in guest and "model file missing" in guest
    assert "…/chroma" in guest and "…/feedback.sqlite3" in guest
    assert ui.hide_paths("see ~/.cache/imagine/x and ./data/chroma/ or 1/2 cases") == "see …/x and …/chroma or 1/2 cases"


@pytest.mark.parametrize("env, missing", [({}, ["IMAGINE_AUTH", "IMAGINE_API_KEYS"]),
                                          ({"auth": [("ana", "pw")]}, ["IMAGINE_API_KEYS"]),
                                          ({"api_keys": ["k"]}, ["IMAGINE_AUTH"])])
def test_web_chat_refuses_a_non_loopback_host_unprotected_before_loading_anything(monkeypatch, capsys, env, missing):
    from imagine.settings import Settings

    monkeypatch.setattr(ui, "get_settings", lambda: Settings(**env))
    monkeypatch.setattr(ui, "LazyAssistant", None)  # reaching it would fail the test differently
    with pytest.raises(SystemExit) as exit_:
        ui.main(["--host", "0.0.0.0", "--port", "9"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and "refusing to listen on 0.0.0.0" in err
    assert all(name in err for name in missing) and "IMAGINE_ALLOW_OPEN=1" in err
