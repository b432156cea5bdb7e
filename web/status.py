"""What the page says about the assistant: the line on top (starting, ready, still warming up), the Status
tab (models, backend, store, index freshness, feedback database) and the ``status`` API.

File paths show only to admins (:func:`web.auth.sees_paths`); others see each path cut to its last name,
so where the server keeps its files stays hidden while the model or file named stays readable.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

import gradio as gr

from imagine.settings import Settings
from web.auth import sees_paths
from web.render import esc_markdown

PREPARING = "Sto preparando l'indice… / Building the index…"


def index_freshness(last_ingest: float | None, corpus_dir: Path) -> tuple[bool | None, str]:
    """Whether the index is newer than every corpus file: (fresh?, one-line explanation)."""
    if not last_ingest:
        return None, "indice mai costruito / index never built"
    newest = max((p.stat().st_mtime for p in Path(corpus_dir).rglob("*") if p.is_file()), default=0.0)
    when = datetime.fromtimestamp(last_ingest).strftime("%Y-%m-%d %H:%M")
    if newest > last_ingest:
        return False, (f"⚠ il corpus è cambiato dopo l'ultimo aggiornamento ({when}): esegui `imagine ingest` / "
                       f"the corpus changed after the last update ({when}): run `imagine ingest`")
    return True, f"✓ aggiornato / up to date ({when})"


_PATH = re.compile(r"(?:~|\.{1,2})?(?:/[^\s/`'\"()<>,;|]+){2,}/?")


def hide_paths(text: str) -> str:
    """``text`` with each file path (two or more components) cut to '…/' and its last name, for users who are
    not admins: where the server keeps its files stays hidden, the model or file named stays readable."""
    return _PATH.sub(lambda m: "…/" + m.group().rstrip("/").rsplit("/", 1)[-1], text)


def status_markdown(status: dict, settings: Settings, paths: bool = True) -> str:
    """The status panel: models, backend, store, index freshness (and the feedback database, when
    ``status`` names it); without ``paths``, file paths are hidden (only admins see them)."""
    backend = status.get("llm_backend")
    configured = settings.openai_model if backend == "openai" else settings.llm_model
    llm = status.get("llm") or ("nessuno, risposte estrattive / none, extractive answers" if backend == "extractive"
                                else f"{configured} (si carica alla prima domanda / loads on the first question)")
    if status.get("llm_error"):
        llm += f" (⚠ {status['llm_error']})"
    _, fresh = index_freshness(status.get("last_ingest"), settings.corpus_dir)
    rows = [
        ("Backend delle risposte / Answer backend", status.get("llm_backend")),
        ("Modello linguistico / Language model", llm),
        ("Modello di embedding / Embedding model", status.get("embedding_model")),
        ("Codifica delle domande / Query encoder", status.get("query_encoder")),
        ("Archivio vettoriale / Vector store", status.get("store")),
        ("Passaggi indicizzati / Indexed passages", status.get("chunks")),
        ("Schede cluster / Cluster cards", status.get("cards")),
        ("Indice / Index", fresh),
    ]
    if "feedback" in status:
        rows.append(("Riscontri / Feedback (`imagine feedback list|export`)", status["feedback"]))
    text = "\n".join(f"- **{k}**: {esc_markdown(str(v)) if v is not None else '—'}" for k, v in rows)
    return text if paths else hide_paths(text)


def status_line(ready: bool, error: str, started: float, status: dict | None = None) -> str:
    """The line on top of the page: failed, still starting (for how long), or ready and what still warms up."""
    if error:
        return f"⚠ L'assistente non è partito / The assistant failed to start: {esc_markdown(error)}"
    if not ready:
        return (f"{PREPARING} ({time.monotonic() - started:.0f} s; la prima volta può richiedere qualche minuto / "
                "the first time may take a few minutes)")
    backend = (status or {}).get("llm_backend", "")
    line = f"✓ Pronto / Ready · backend: {esc_markdown(str(backend))}"
    warming = (status or {}).get("warming")
    if warming:  # questions are answered meanwhile, just slower
        line += (f" · preparazione in corso / still warming up: {esc_markdown(', '.join(warming))} "
                 "(le prime risposte possono essere più lente / first answers may be slower)")
    return line


class Status:
    """The status of one (lazily built) assistant as each user may see it; ``feedback`` is the feedback
    database's path, ``host`` where the page is served (it decides who sees paths when there is no login)."""

    def __init__(self, lazy, feedback: Path, host: str):
        self.lazy, self.feedback, self.host = lazy, feedback, host

    def current(self) -> dict:
        """The assistant's own status ({} until it is built)."""
        return self.lazy.bot.status() if self.lazy.ready else {}

    def admin(self, request: gr.Request | None) -> bool:
        return sees_paths(getattr(request, "username", None), self.lazy.settings, self.host)

    def _line(self, request: gr.Request | None, status: dict) -> str:
        lazy = self.lazy
        line = status_line(lazy.ready, lazy.error, lazy.started, status)
        return line if self.admin(request) else hide_paths(line)

    def _panel(self, request: gr.Request | None, status: dict) -> str:
        if not self.lazy.ready:
            return self._line(request, status)
        return status_markdown({**status, "feedback": str(self.feedback)}, self.lazy.settings, paths=self.admin(request))

    def panel(self, request: gr.Request) -> str:
        """The Status tab's text."""
        return self._panel(request, self.current())

    def poll(self, request: gr.Request) -> tuple[str, str, bool]:
        """The line on top, the panel, and whether start-up is over (ready with nothing warming up, or failed)."""
        status = self.current()
        finished = (self.lazy.ready and not status.get("warming")) or bool(self.lazy.error)
        return self._line(request, status), self._panel(request, status), finished

    def report(self, request: gr.Request) -> dict:
        """Whether the assistant is ready, and what it runs on (for scripts and tests; paths for admins only)."""
        out = {"ready": self.lazy.ready, "error": self.lazy.error, **self.current()}
        return out if self.admin(request) else {k: hide_paths(v) if isinstance(v, str) else v for k, v in out.items()}

    def build(self) -> None:
        """The Status tab (sets :attr:`box`, the panel) with its refresh button; call inside the app's ``gr.Tab``."""
        self.box = gr.Markdown(PREPARING, elem_id="status-details")
        refresh = gr.Button("Aggiorna / Refresh", size="sm", elem_id="status-refresh")
        refresh.click(self.panel, None, self.box, api_visibility="private")
