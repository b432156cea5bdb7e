"""The status line, the Status tab and who sees file paths."""

from __future__ import annotations

from imagine.settings import Settings
from web import status as st

STATUS = {"llm_backend": "local", "llm": None, "llm_error": "model file missing: /home/ana/.cache/imagine/models/q.gguf",
          "embedding_model": "/home/ana/.cache/imagine/models/embeddinggemma-300m", "store": "/srv/imagine/.data/chroma", "chunks": 50, "cards": 19,
          "last_ingest": None, "feedback": "/srv/imagine/.data/feedback.sqlite3"}


def test_index_freshness(tmp_path):
    (tmp_path / "doc.txt").write_text("x")
    mtime = (tmp_path / "doc.txt").stat().st_mtime
    assert st.index_freshness(None, tmp_path)[0] is None
    assert st.index_freshness(mtime + 10, tmp_path)[0] is True
    assert st.index_freshness(mtime - 10, tmp_path)[0] is False


def test_status_line_says_while_background_warm_up_still_runs():
    warming = st.status_line(True, "", 0.0, {"llm_backend": "local", "warming": ["LLM prompt", "query encoder"]})
    assert "Pronto / Ready" in warming and "LLM prompt, query encoder" in warming
    assert "warming" not in st.status_line(True, "", 0.0, {"llm_backend": "local", "warming": []})


def test_status_panel_hides_file_paths_from_non_admins(tmp_path):
    settings = Settings(corpus_dir=tmp_path)
    admin = st.status_markdown(STATUS, settings)
    assert "/srv/imagine/.data/chroma" in admin and "feedback.sqlite3" in admin and "/home/ana" in admin
    guest = st.status_markdown(STATUS, settings, paths=False)
    assert "/srv" not in guest and "/home" not in guest and "embeddinggemma-300m" in guest and "model file missing" in guest
    assert "…/chroma" in guest and "…/feedback.sqlite3" in guest
    assert st.hide_paths("see ~/.cache/imagine/x and ./data/chroma/ or 1/2 cases") == "see …/x and …/chroma or 1/2 cases"


class Lazy:
    """A LazyAssistant's face: built (or not) over a bot whose status is fixed."""

    def __init__(self, settings, status=None, error=""):
        self.settings, self.error, self.started = settings, error, 0.0
        self.ready = status is not None
        self.bot = type("Bot", (), {"status": lambda _: dict(status)})() if self.ready else None


class Request:
    def __init__(self, username):
        self.username = username


def test_poll_shows_paths_to_admins_only_and_stops_once_nothing_warms_up(tmp_path):
    settings = Settings(corpus_dir=tmp_path, auth=[("ana", "pw"), ("bo", "pw")], admins=["ana"])
    status = st.Status(Lazy(settings, STATUS), tmp_path / "feedback.sqlite3", "127.0.0.1")
    line, panel, finished = status.poll(Request("ana"))
    assert "Pronto / Ready" in line and "/srv/imagine/.data/chroma" in panel and str(tmp_path) in panel and finished
    line, panel, finished = status.poll(Request("bo"))
    assert "/srv" not in panel and str(tmp_path) not in panel and "…/feedback.sqlite3" in panel
    assert status.report(Request("bo"))["store"] == "…/chroma" and status.report(Request("ana"))["ready"] is True
    warming = st.Status(Lazy(settings, {**STATUS, "warming": ["query encoder"]}), tmp_path, "127.0.0.1")
    assert not warming.poll(Request("ana"))[2]
    starting = st.Status(Lazy(settings), tmp_path, "127.0.0.1")
    line, panel, finished = starting.poll(Request("ana"))
    assert line == panel and st.PREPARING in line and not finished
    failed = st.Status(Lazy(settings, error="OSError: /srv/x/model missing"), tmp_path, "127.0.0.1")
    line, panel, finished = failed.poll(Request("bo"))
    assert finished and "…/model missing" in line and "/srv" not in panel
