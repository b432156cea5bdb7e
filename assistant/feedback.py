"""Answer feedback: thumbs up/down and comments, kept in a local SQLite file.

Each row holds what a reviewer needs to judge the answer later without the app:
the question, the answer text, its citations, the settings that produced it, the
rating (+1 / -1, or none when only a comment was left), the comment and a UTC
timestamp. One short-lived connection per call under a lock, so the web UI's worker
threads can write at the same time; SQLite's own locking covers other processes.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from contextlib import contextmanager
from typing import IO, Iterator

from imagine.settings import Settings, get_settings

COLUMNS = ("id", "created_at", "rating", "comment", "question", "answer", "citations", "settings")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating INTEGER CHECK (rating IN (-1, 1) OR rating IS NULL),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]',
    settings TEXT NOT NULL DEFAULT '{}'
)
"""


def feedback_path(settings: Settings | None = None) -> Path:
    """Where the feedback database lives: next to the index, in the data folder."""
    return (settings or get_settings()).data_dir / "feedback.sqlite3"


def citation_records(citations) -> list[dict]:
    """Citations (``Passage`` objects or dicts) reduced to what identifies them: marker, source, text."""
    out = []
    for n, c in enumerate(citations or [], 1):
        meta = c.get("metadata", {}) if isinstance(c, dict) else c.metadata
        text = c.get("text", "") if isinstance(c, dict) else c.text
        out.append({"n": n, "document": meta.get("document", ""), "section": meta.get("section", ""),
                    "cluster": meta.get("cluster", ""), "text": text})
    return out


class FeedbackStore:
    """Append and read feedback rows in one SQLite file (created on first use)."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else feedback_path()
        self._lock = threading.Lock()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection for one operation, under the lock: committed on success, always closed."""
        with self._lock:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10)
            try:
                conn.row_factory = sqlite3.Row
                if not self._ready:
                    conn.execute(_SCHEMA)
                    self._ready = True
                with conn:
                    yield conn
            finally:
                conn.close()

    def add(self, question: str, answer: str, citations=(), settings: dict | None = None,
            rating: int | None = None, comment: str = "") -> int:
        """Store one judgement of an answer; returns its row id (to attach a comment later)."""
        if rating not in (None, 1, -1):
            raise ValueError(f"rating must be 1, -1 or None, not {rating!r}")
        row = (datetime.now(timezone.utc).isoformat(timespec="seconds"), rating, comment.strip(), question, answer,
               json.dumps(citation_records(citations), ensure_ascii=False),
               json.dumps(settings or {}, ensure_ascii=False, default=str))
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, rating, comment, question, answer, citations, settings) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid)

    def update(self, row_id: int, rating: int | None = None, comment: str | None = None) -> bool:
        """Change the rating and/or comment of a stored row; False when the row does not exist."""
        sets, args = [], []
        if rating is not None:
            if rating not in (1, -1):
                raise ValueError(f"rating must be 1 or -1, not {rating!r}")
            sets.append("rating = ?")
            args.append(rating)
        if comment is not None:
            sets.append("comment = ?")
            args.append(comment.strip())
        if not sets:
            return True
        with self._connect() as conn:
            cur = conn.execute(f"UPDATE feedback SET {', '.join(sets)} WHERE id = ?", (*args, row_id))
            return cur.rowcount == 1

    def rows(self, limit: int | None = None) -> list[dict]:
        """Stored rows, newest first; citations and settings decoded from JSON."""
        if not self.path.exists():
            return []
        sql = f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id DESC"
        with self._connect() as conn:
            found = conn.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
        out = []
        for r in found:
            row = dict(r)
            row["citations"] = json.loads(row["citations"])
            row["settings"] = json.loads(row["settings"])
            out.append(row)
        return out

    def write_csv(self, out: IO[str]) -> int:
        """All rows as CSV (citations and settings as JSON text); returns the number of rows."""
        rows = self.rows()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in reversed(rows):  # oldest first, like a log
            writer.writerow([json.dumps(row[c], ensure_ascii=False) if c in ("citations", "settings") else row[c]
                             for c in COLUMNS])
        return len(rows)
