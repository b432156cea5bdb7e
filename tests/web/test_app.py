"""The chat page's plumbing: follow-up history, what is stored with feedback, the page's tabs."""

from __future__ import annotations

from assistant.feedback import FeedbackStore
from assistant.types import Answer
from imagine.settings import Settings
from web import app
from web.startup import LazyAssistant


def test_plain_history_keeps_only_finished_turns_with_answer_text():
    turns = [{"question": "Q1", "answer": Answer(text="A1 [1]."), "partial": ""},
             {"question": "Q2", "answer": None, "partial": "A2 part"}]
    assert app.plain_history(turns) == [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1 [1]."}]


def test_feedback_keeps_what_produced_the_answer():
    answer = Answer(text="x", route="cards", backend="extractive", language="en", timings={"total": 0.1})
    stored = app.feedback_settings(answer, {"llm_backend": "local", "store": "/s", "chunks": 50})
    assert stored == {"llm_backend": "local", "llm": None, "embedding_model": None, "store": "/s", "last_ingest": None,
                      "answer_backend": "extractive", "route": "cards", "language": "en", "timings": {"total": 0.1}}


def test_the_page_has_its_three_tabs_and_the_public_chat_and_status_endpoints(tmp_path):
    lazy = LazyAssistant(Settings(data_dir=tmp_path, corpus_dir=tmp_path))  # never started: nothing loads
    demo = app.build_app(lazy, FeedbackStore(tmp_path / "feedback.sqlite3"), export_dir=tmp_path)
    config = demo.get_config_file()
    tabs = [c["props"]["label"] for c in config["components"] if c["type"] == "tabitem"]
    assert tabs == ["Chat", "Esplora i cluster / Cluster explorer", "Stato / Status"]
    public = sorted(d["api_name"] for d in config["dependencies"] if d.get("api_visibility") == "public")
    assert public == ["chat", "status"]
