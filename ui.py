"""The IMAGINE web chat: a Gradio app on localhost over the assistant's public API.

Tabs: **Chat** (streamed answers with inline markers [n], each source openable to show
the passage with its supporting sentences highlighted, thumbs up/down and a comment per answer),
**Cluster explorer** (filter/sort all cluster cards, compare 2–3 side by side, CSV
export, a size chart drawn in plain HTML) and **Status** (models, backend, index
freshness). The Assistant is built in a background thread at start-up, so a missing
index is built while the page shows a progress message instead of failing.

Everything from the corpus or the user that ends up in HTML goes through
``html.escape`` first (a document containing ``<script>`` shows as text); the page
loads nothing from outside localhost; never ``share=True``.

The same server answers the HTTP API (:mod:`web.api`: OpenAI-compatible chat, ``/v1/clusters``,
``/v1/search``): one FastAPI app, the API's routes first, the chat mounted at ``/``. With
``IMAGINE_AUTH`` the chat asks for a login; off loopback it does not start without it and
``IMAGINE_API_KEYS`` (:func:`web.auth.exposure_problem`), unless ``IMAGINE_ALLOW_OPEN=1``.

Run: ``python ui.py [--host H] [--port N]`` (defaults from IMAGINE_HOST / IMAGINE_PORT).
"""

from __future__ import annotations

import imagine  # noqa: F401  (offline environment before gradio and the model libraries load)

import argparse
import csv
import hashlib
import html
import io
import re
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import gradio as gr

from assistant.cards.explore import filter_cards
from assistant.feedback import FeedbackStore, feedback_path
from assistant.types import Answer, Passage
from imagine.settings import Settings, get_settings
from web.admission import AnswerQueue, Place
from web.auth import exposure_problem, sees_paths

# --- words the interface says ---------------------------------------------------------------
# Interface labels are bilingual; text attached to one answer follows the answer's language.
ANSWER_WORDS = {
    "it": {"sources": "Fonti", "cluster": "Cluster", "refused": "Non trovato nei documenti",
           "not_reported": "non riportato", "table": "Dati delle schede", "notice": "Nota"},
    "en": {"sources": "Sources", "cluster": "Cluster", "refused": "Not found in the documents",
           "not_reported": "not reported", "table": "Card data", "notice": "Note"},
}
PREPARING = "Sto preparando l'indice… / Building the index…"
EXAMPLES = [
    "Che cos'è l'approccio di distretto (cluster) a EMAS?",
    "Quali criteri sono stati usati per selezionare i cluster?",
    "Quali cluster si trovano in Spagna?",
    "What are the benefits of a collective EMAS registration for SMEs?",
    "Which cluster has the most enterprises?",
    "Compare Hackefors and Vreten.",
]
FIELD_LABELS = {  # card fields -> column headings (tables, comparison, CSV)
    "name": "Cluster", "kind": "Tipo / Type", "country": "Paese / Country", "location": "Località / Location",
    "sector": "Settore / Sector", "enterprises": "Imprese / Enterprises", "workers": "Addetti / Workers",
    "coordinating_body": "Ente coordinatore / Coordinating body", "eco_innovation": "Eco-innovazione / Eco-innovation",
    "website": "Sito web / Website", "constitutive_aspects": "Aspetti costitutivi / Constitutive aspects",
    "enterprises_text": "Imprese (testo) / Enterprises (as written)", "workers_text": "Addetti (testo) / Workers (as written)",
    "source": "Fonte / Source",
}
KIND_LABELS = {"report_card": "scheda report / report card", "pilot_district": "pilota IMAGINE / IMAGINE pilot"}
EXPLORER_COLUMNS = ["name", "country", "sector", "enterprises", "workers", "coordinating_body", "eco_summary", "kind"]
SORT_CHOICES = [("Nome / Name", "name"), ("Addetti / Workers", "workers"), ("Imprese / Enterprises", "enterprises"),
                ("Paese / Country", "country")]


# --- safe HTML for answers and sources ------------------------------------------------------
def esc(value) -> str:
    """HTML-escaped text (quotes too); None becomes ''."""
    return html.escape("" if value is None else str(value), quote=True)


def esc_markdown(text: str) -> str:
    """Text safe to put in a Markdown message: HTML escaped, and no image syntax (it would fetch a URL)."""
    return esc(text).replace("![", "!\\[")


def one_line(fragment: str) -> str:
    """An HTML fragment without newlines, so Markdown keeps it as one raw HTML block."""
    return re.sub(r"\s*\n\s*", " ", fragment)


def highlight(text: str, sentences: list[str]) -> str:
    """``text`` escaped, with each supporting sentence found in it wrapped in <mark> (whitespace-tolerant)."""
    spans = []
    for sentence in sentences or []:
        words = sentence.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def source_label(passage: Passage) -> str:
    """'document › section' and, when the passage is about one cluster, '· Cluster: name (country)' — escaped."""
    meta = passage.metadata or {}
    label = esc(meta.get("document", "?"))
    if meta.get("section"):
        label += f" › {esc(meta['section'])}"
    if meta.get("cluster"):
        country = f" ({esc(meta['country'])})" if meta.get("country") else ""
        label += f' <span class="imagine-cluster">· Cluster: {esc(meta["cluster"])}{country}</span>'
    return label


def source_html(n: int, passage: Passage) -> str:
    """One openable source: marker and label as the summary, the passage (highlighted) inside."""
    return (f'<details class="imagine-source"><summary><b>[{n}]</b> {source_label(passage)}</summary>'
            f'<div class="imagine-passage">{highlight(passage.text, passage.highlights)}</div></details>')


def sources_html(citations: list[Passage], lang: str = "it") -> str:
    if not citations:
        return ""
    words = ANSWER_WORDS.get(lang, ANSWER_WORDS["en"])
    items = "".join(source_html(n, p) for n, p in enumerate(citations, 1))
    return f'<div class="imagine-sources"><div class="imagine-sources-title">{words["sources"]}</div>{items}</div>'


def cell(value, lang: str = "it") -> str:
    """One table cell, escaped; a missing value says 'not reported' instead of staying blank."""
    if value is None or value == "":
        return f'<span class="imagine-na">{ANSWER_WORDS.get(lang, ANSWER_WORDS["en"])["not_reported"]}</span>'
    if isinstance(value, bool):
        return ("sì" if lang == "it" else "yes") if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    return esc(value)


def table_html(rows: list[dict] | None, lang: str = "it") -> str:
    """Rows of a card answer as an escaped HTML table (headings from the row keys)."""
    if not rows:
        return ""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    head = "".join(f"<th>{esc(FIELD_LABELS.get(k, k))}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td>{cell(KIND_LABELS.get(row.get(k), row.get(k)) if k == 'kind' else row.get(k), lang)}</td>"
                                    for k in keys) + "</tr>" for row in rows)
    return f'<div class="imagine-table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def answer_markdown(answer: Answer) -> str:
    """The chat message for a finished answer: text with markers, notice, refusal badge, table, sources.

    The text is Markdown (escaped); every HTML part is a single line after a blank line, so
    the Markdown renderer passes it through as a raw block and leaves the escaped text alone.
    """
    words = ANSWER_WORDS.get(answer.language, ANSWER_WORDS["en"])
    parts = [esc_markdown(answer.text)]
    if answer.refused:
        parts.append(f'<div class="imagine-badge imagine-refused">{words["refused"]}</div>')
    if answer.notice:
        parts.append(f'<div class="imagine-notice">{words["notice"]}: {esc(answer.notice)}</div>')
    if answer.table:
        parts.append(table_html(answer.table, answer.language))
    if answer.citations:
        parts.append(sources_html(answer.citations, answer.language))
    return "\n\n".join(one_line(p) if i else p for i, p in enumerate(parts))


# --- chat state --------------------------------------------------------------------------------
# A conversation is a list of turns {"question": str, "partial": str, "answer": Answer | None}.
def chat_messages(turns: list[dict]) -> list[dict]:
    """The Chatbot's messages for a conversation: escaped questions, rendered (or partial) answers."""
    out = []
    for turn in turns:
        out.append({"role": "user", "content": esc_markdown(turn["question"])})
        answer = turn.get("answer")
        content = answer_markdown(answer) if answer is not None else esc_markdown(turn.get("partial") or "…")
        out.append({"role": "assistant", "content": content})
    return out


def plain_history(turns: list[dict]) -> list[dict]:
    """The finished turns as the plain role/content history the Assistant takes for follow-ups."""
    history = []
    for turn in turns:
        if turn.get("answer") is not None:
            history += [{"role": "user", "content": turn["question"]},
                        {"role": "assistant", "content": turn["answer"].text}]
    return history


# --- cluster explorer --------------------------------------------------------------------------
def card_record(card) -> dict:
    """A ClusterCard (or its dict) as a flat dict; the source becomes 'document › section'."""
    data = card.model_dump() if hasattr(card, "model_dump") else dict(card)
    src = data.get("source") or {}
    if isinstance(src, dict):
        data["source"] = " › ".join(x for x in (src.get("document"), src.get("section")) if x)
    data["eco_summary"] = summarize(data.get("eco_innovation", ""))
    return data


def summarize(text: str, limit: int = 120) -> str:
    """The first sentence of ``text``, cut at a word boundary within ``limit`` characters."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def explorer_rows(records: list[dict]) -> tuple[list[str], list[list]]:
    """Headings and rows for the explorer table (numbers stay numbers so the table sorts them)."""
    headers = [FIELD_LABELS.get(c, "Eco-innovazione (sintesi) / Eco-innovation (summary)") for c in EXPLORER_COLUMNS]
    rows = []
    for r in records:
        row = []
        for c in EXPLORER_COLUMNS:
            value = r.get(c)
            if c == "kind":
                value = KIND_LABELS.get(value, value)
            row.append(value if value is not None else ("" if c not in ("enterprises", "workers") else None))
        rows.append(row)
    return headers, rows


CSV_FIELDS = ["name", "kind", "country", "location", "sector", "enterprises", "enterprises_text", "workers",
              "workers_text", "coordinating_body", "website", "eco_innovation", "source"]


def cards_csv(records: list[dict]) -> str:
    """The cards as CSV text (full fields, report wording kept next to the numbers)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_FIELDS)
    for r in records:
        writer.writerow(["" if r.get(f) is None else r.get(f) for f in CSV_FIELDS])
    return buf.getvalue()


def write_csv_file(text: str, folder: Path | None = None, name: str = "imagine-clusters.csv") -> Path:
    """Write CSV text (UTF-8 with BOM, which spreadsheet programs need) to a file named by its content."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    target = Path(folder or tempfile.gettempdir()) / "imagine-export" / digest / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8-sig")
    return target


def compare_html(records: list[dict]) -> str:
    """Two or three cards side by side, one row per field; missing fields say 'not reported'."""
    if not records:
        return '<p class="imagine-hint">Scegli 2 o 3 cluster da confrontare / Pick 2 or 3 clusters to compare.</p>'
    fields = ["country", "location", "kind", "sector", "enterprises", "enterprises_text", "workers", "workers_text",
              "coordinating_body", "website", "constitutive_aspects", "eco_innovation", "source"]
    head = "".join(f"<th>{esc(r.get('name'))}</th>" for r in records)
    body = ""
    for f in fields:
        values = "".join(f"<td>{cell(KIND_LABELS.get(r.get(f), r.get(f)) if f == 'kind' else r.get(f), 'it')}</td>"
                         for r in records)
        body += f"<tr><th>{esc(FIELD_LABELS[f])}</th>{values}</tr>"
    return (f'<div class="imagine-compare"><table><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def size_chart_html(records: list[dict]) -> str:
    """Horizontal bars of enterprises and workers per cluster, in plain HTML/CSS (nothing to download)."""
    panels = []
    for field in ("enterprises", "workers"):
        known = sorted((r for r in records if r.get(field) is not None), key=lambda r: -r[field])
        top = max((r[field] for r in known), default=0) or 1
        bars = "".join(
            f'<div class="imagine-bar-row"><span class="imagine-bar-name" title="{esc(r["name"])}">{esc(r["name"])}</span>'
            f'<span class="imagine-bar-track"><span class="imagine-bar imagine-bar-{field}" '
            f'style="width:{max(0.5, 100 * r[field] / top):.1f}%"></span></span>'
            f'<span class="imagine-bar-value">{cell(r[field])}</span></div>'
            for r in known)
        unknown = [r["name"] for r in records if r.get(field) is None]
        note = (f'<div class="imagine-na">Non riportato / not reported: {esc(", ".join(unknown))}</div>' if unknown else "")
        panels.append(f'<div class="imagine-chart-panel"><h4>{esc(FIELD_LABELS[field])}</h4>{bars or "–"}{note}</div>')
    return f'<div class="imagine-chart">{"".join(panels)}</div>'


# --- status ------------------------------------------------------------------------------------
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


def waiting_text(place: Place) -> str:
    """What a waiting question's bubble says: its place in line and, once answers have been timed, about when."""
    it, en = f"In coda: posizione {place.position} di {place.waiting}", f"Queued: position {place.position} of {place.waiting}"
    if place.eta_s is not None:
        about = max(1, round(place.eta_s)) if place.eta_s < 10 else 5 * round(place.eta_s / 5)  # no false precision
        it, en = f"{it}, risposta tra circa {about} s", f"{en}, answer in about {about} s"
    return f"{it} / {en}"


# --- the assistant, built in the background ----------------------------------------------------
class LazyAssistant:
    """Builds the Assistant once in a background thread (it may build the index); the UI polls ``ready``."""

    def __init__(self, settings: Settings, factory=None):
        self.settings = settings
        self._factory = factory
        self.answers = AnswerQueue(settings.ui_concurrency)  # the chat's line of questions (see build_app)
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


def feedback_settings(answer: Answer, status: dict) -> dict:
    """What produced an answer, stored with its feedback."""
    keep = ("llm_backend", "llm", "embedding_model", "store", "last_ingest")
    return {**{k: status.get(k) for k in keep}, "answer_backend": answer.backend, "route": answer.route,
            "language": answer.language, "timings": answer.timings}


CSS = """
.imagine-sources { margin-top: .6em; border-top: 1px solid var(--border-color-primary); padding-top: .4em; }
.imagine-sources-title { font-weight: 600; font-size: .9em; margin-bottom: .2em; }
.imagine-source { margin: .25em 0; font-size: .92em; }
.imagine-source summary { cursor: pointer; }
.imagine-cluster { color: var(--body-text-color-subdued); }
.imagine-passage { margin: .3em 0 .5em 1.2em; padding: .4em .6em; border-left: 3px solid var(--color-accent);
  background: var(--background-fill-secondary); white-space: normal; max-height: 22em; overflow-y: auto; }
.imagine-passage mark { background: #fde68a; color: inherit; padding: 0 .1em; }
.imagine-notice { font-size: .88em; color: var(--body-text-color-subdued); margin-top: .4em; }
.imagine-badge { display: inline-block; font-size: .85em; padding: .1em .5em; border-radius: .6em; margin-top: .4em; }
.imagine-refused { background: #fee2e2; color: #7f1d1d; }
.imagine-na { color: var(--body-text-color-subdued); font-style: italic; }
.imagine-table table, .imagine-compare table { border-collapse: collapse; font-size: .9em; margin-top: .5em; }
.imagine-table th, .imagine-table td, .imagine-compare th, .imagine-compare td {
  border: 1px solid var(--border-color-primary); padding: .25em .5em; text-align: left; vertical-align: top; }
.imagine-compare table { width: 100%; }
.imagine-compare td { max-width: 28em; }
.imagine-chart { display: flex; flex-wrap: wrap; gap: 1.5em; }
.imagine-chart-panel { flex: 1 1 22em; min-width: 18em; }
.imagine-bar-row { display: flex; align-items: center; gap: .4em; font-size: .85em; margin: .15em 0; }
.imagine-bar-name { flex: 0 0 13em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.imagine-bar-track { flex: 1; background: var(--background-fill-secondary); height: .9em; border-radius: .2em; }
.imagine-bar { display: block; height: 100%; border-radius: .2em; }
.imagine-bar-enterprises { background: #2563eb; }
.imagine-bar-workers { background: #059669; }
.imagine-bar-value { flex: 0 0 5em; text-align: right; }
.imagine-hint { color: var(--body-text-color-subdued); }
#cards-table table, #cards-table td, #cards-table th, #cards-table span { font-family: var(--font); font-size: .92em; }
"""


# --- the app -----------------------------------------------------------------------------------
def build_app(lazy: LazyAssistant, store: FeedbackStore, export_dir: Path | None = None, host: str | None = None):
    """The Gradio Blocks app over one (lazily built) Assistant and one feedback store, served on ``host``
    (default ``settings.host``; it decides who sees file paths when there is no login).

    Chats are admitted by an :class:`~web.admission.AnswerQueue` of ``settings.ui_concurrency`` answers at
    a time: a waiting question shows in the chat at once with its place in line and an estimate. Gradio
    runs up to ``settings.ui_waiting`` chat events at once so that they can wait there (each holds a
    thread while it waits); beyond that, Gradio's own queue holds them."""
    settings = lazy.settings
    host = settings.host if host is None else host
    answers = lazy.answers

    def current_status() -> dict:
        return lazy.bot.status() if lazy.ready else {}

    def admin(request: gr.Request | None) -> bool:
        return sees_paths(getattr(request, "username", None), settings, host)

    def status_panel(request: gr.Request) -> str:
        if not lazy.ready:
            line = status_line(lazy.ready, lazy.error, lazy.started)
            return line if admin(request) else hide_paths(line)
        return status_markdown({**current_status(), "feedback": str(store.path)}, settings, paths=admin(request))

    # ---- chat ----
    def respond(question, turns):
        question = (question or "").strip()
        turns = list(turns or [])
        if not question:
            yield gr.update(), gr.update(), turns
            return
        turns.append({"question": question, "partial": "", "answer": None})
        yield "", chat_messages(turns), turns
        while not lazy.wait(1.0):
            turns[-1]["partial"] = f"{PREPARING} ({time.monotonic() - lazy.started:.0f} s)"
            yield "", chat_messages(turns), turns
        if lazy.bot is None:
            turns[-1]["answer"] = Answer(text=f"L'assistente non è disponibile / The assistant is unavailable: {lazy.error}",
                                         route="error", backend="none")
            yield "", chat_messages(turns), turns
            return
        history = plain_history(turns[:-1])
        text = ""
        with answers.ticket() as ticket:
            while (place := ticket.wait(1.0)) is not None:  # other answers are being computed: say where we stand
                if turns[-1]["partial"] != (said := waiting_text(place)):  # an update costs the answers CPU: only news
                    turns[-1]["partial"] = said
                    yield "", chat_messages(turns), turns
            try:
                for piece in lazy.bot.stream(question, history):
                    if isinstance(piece, Answer):
                        turns[-1]["answer"] = piece
                    else:
                        text += piece
                        turns[-1]["partial"] = text
                        yield "", chat_messages(turns), turns
            except Exception as exc:  # an internal error is shown in the chat, the session goes on
                turns[-1]["answer"] = Answer(text=f"Errore interno / Internal error: {type(exc).__name__}: {exc}",
                                             route="error", backend="none")
        if turns[-1]["answer"] is None:
            turns[-1]["answer"] = Answer(text=text or "—", route="error", backend="none")
        yield "", chat_messages(turns), turns

    def new_conversation():
        return [], [], {}, "", ""

    def pick_example(evt: gr.SelectData):
        value = evt.value
        return value.get("text", "") if isinstance(value, dict) else str(value)

    def rate(turns, rated, evt: gr.LikeData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn_no = int(index) // 2
        if turn_no >= len(turns or []) or turns[turn_no].get("answer") is None:
            return rated, "Nessuna risposta da valutare / No answer to rate.", gr.update()
        rating = 1 if evt.liked is True else -1 if evt.liked is False else None
        if rating is None:
            return rated, "", gr.update()
        rows = dict((rated or {}).get("rows", {}))
        turn = turns[turn_no]
        if turn_no in rows:
            store.update(rows[turn_no], rating=rating)
        else:
            answer = turn["answer"]
            rows[turn_no] = store.add(turn["question"], answer.text, answer.citations,
                                      feedback_settings(answer, current_status()), rating=rating)
        rated = {"rows": rows, "last": turn_no}
        verdict = "positivo / positive" if rating == 1 else "negativo / negative"
        note = (f"Voto {verdict} salvato, grazie. Puoi aggiungere un commento qui sopra. / "
                f"Rating ({verdict.split(' / ')[1]}) saved, thank you. You can add a comment above.")
        return rated, note, gr.Accordion(open=True)

    def comment(text, turns, rated):
        text = (text or "").strip()
        turns, rated = turns or [], rated or {}
        if not text:
            return gr.update(), rated, "Il commento è vuoto / The comment is empty."
        done = [i for i, t in enumerate(turns) if t.get("answer") is not None]
        if not done:
            return gr.update(), rated, "Fai prima una domanda / Ask a question first."
        rows = dict(rated.get("rows", {}))
        turn_no = rated["last"] if rated.get("last") is not None else done[-1]
        if turn_no in rows:
            store.update(rows[turn_no], comment=text)
        else:
            answer = turns[turn_no]["answer"]
            rows[turn_no] = store.add(turns[turn_no]["question"], answer.text, answer.citations,
                                      feedback_settings(answer, current_status()), comment=text)
        return "", {"rows": rows, "last": turn_no}, "Commento salvato, grazie / Comment saved, thank you."

    # ---- explorer ----
    def all_records() -> list[dict]:
        return [card_record(c) for c in lazy.bot.cards()] if lazy.ready else []

    def explore(countries, sector, min_workers, min_enterprises, sort_by, descending):
        records = filter_cards(all_records(), countries, sector, min_workers, min_enterprises, sort_by, descending)
        headers, rows = explorer_rows(records)
        path = write_csv_file(cards_csv(records), export_dir)
        count = f"{len(records)} cluster"
        return (gr.update(value={"headers": headers, "data": rows}), gr.update(value=str(path)),
                size_chart_html(records), count)

    def compare(names):
        by_name = {r["name"]: r for r in all_records()}
        return compare_html([by_name[n] for n in (names or []) if n in by_name])

    # ---- status / start-up ----
    def poll(request: gr.Request):
        status = current_status()
        line = status_line(lazy.ready, lazy.error, lazy.started, status)
        line = line if admin(request) else hide_paths(line)
        details = status_panel(request)
        finished = (lazy.ready and not status.get("warming")) or bool(lazy.error)
        if lazy.ready:
            records = all_records()
            countries = sorted({r["country"] for r in records if r.get("country")})
            names = [r["name"] for r in filter_cards(records)]
            choices = (gr.update(choices=countries), gr.update(choices=names))
        else:
            choices = (gr.update(), gr.update())
        return (line, details, *choices, gr.Timer(active=not finished))

    with gr.Blocks(title="IMAGINE – assistente EMAS / EMAS assistant") as demo:
        gr.Markdown(
            "## IMAGINE · EMAS per distretti e cluster / EMAS for districts and clusters\n"
            "Fai una domanda sull'adozione collettiva di EMAS: ogni risposta cita i documenti del progetto "
            "IMAGINE; apri una fonte per leggere il passaggio. *Ask about adopting EMAS collectively: every "
            "answer cites the IMAGINE documents; open a source to read the passage.*")
        ready_line = gr.Markdown(status_line(False, "", lazy.started), elem_id="status-line")
        turns = gr.State([])
        rated = gr.State({})
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                chatbot = gr.Chatbot(
                    elem_id="chatbot", label="Conversazione / Conversation", height="68vh", min_height=420, latex_delimiters=[],
                    buttons=["copy"], placeholder=(
                        "**Benvenuto / Welcome.** Scegli un esempio o scrivi una domanda in italiano o in inglese. "
                        "*Pick an example or type a question in Italian or English.*"),
                    examples=[{"text": q} for q in EXAMPLES])
                with gr.Row():
                    msg = gr.Textbox(elem_id="msg", label="Domanda / Question", scale=5, autofocus=True,
                                     placeholder="Es. Quali cluster si trovano in Svezia? / e.g. Which clusters are in Sweden?")
                    with gr.Column(scale=1, min_width=160):
                        send = gr.Button("Invia / Send", variant="primary", elem_id="send")
                        clear = gr.Button("Nuova conversazione / New conversation", elem_id="new-chat", size="sm")
                with gr.Accordion("Commenta la risposta / Comment on the answer", open=False, elem_id="feedback-box") as feedback_box:
                    gr.Markdown("Valuta una risposta con i pollici sotto di essa; il commento va all'ultima risposta "
                                "valutata (o all'ultima risposta). *Rate an answer with the thumbs under it; the "
                                "comment goes to the last rated answer (or the last answer).*")
                    with gr.Row():
                        comment_box = gr.Textbox(label="Commento (facoltativo) / Comment (optional)", scale=5,
                                                 elem_id="comment")
                        comment_btn = gr.Button("Invia commento / Send comment", scale=1, elem_id="send-comment")
                feedback_note = gr.Markdown("", elem_id="feedback-note")

            with gr.Tab("Esplora i cluster / Cluster explorer", id="explorer"):
                gr.Markdown("Tutte le schede dei cluster. Filtra, ordina, confronta ed esporta. "
                            "*All cluster cards: filter, sort, compare and export.*")
                with gr.Row():
                    f_country = gr.Dropdown([], multiselect=True, label="Paese / Country", elem_id="f-country")
                    f_sector = gr.Textbox(label="Settore contiene / Sector contains", elem_id="f-sector",
                                          placeholder="es. tessile, textile, leather…")
                    f_workers = gr.Number(label="Addetti minimi / Min workers", minimum=0, elem_id="f-workers")
                    f_enterprises = gr.Number(label="Imprese minime / Min enterprises", minimum=0,
                                              elem_id="f-enterprises")
                with gr.Row():
                    f_sort = gr.Dropdown(SORT_CHOICES, value="name", label="Ordina per / Sort by", elem_id="f-sort")
                    f_desc = gr.Checkbox(label="Decrescente / Descending", value=False, elem_id="f-desc")
                    count = gr.Markdown("", elem_id="explorer-count")
                    export = gr.DownloadButton("Esporta CSV / Export CSV", elem_id="export-csv")
                table = gr.Dataframe(elem_id="cards-table", interactive=False, wrap=True, max_height=640,
                                     column_widths=["15%", "9%", "13%", "9%", "8%", "16%", "19%", "11%"],
                                     datatype=["str", "str", "str", "number", "number", "str", "str", "str"],
                                     label="Schede / Cards (non riportato = vuoto / not reported = empty)")
                gr.Markdown("### Dimensioni / Size")
                chart = gr.HTML(elem_id="size-chart", js_on_load=None)
                gr.Markdown("### Confronta / Compare")
                pick = gr.Dropdown([], multiselect=True, max_choices=3, elem_id="compare-pick",
                                   label="Scegli 2–3 cluster / Pick 2–3 clusters")
                compared = gr.HTML(compare_html([]), elem_id="compare", js_on_load=None)

            with gr.Tab("Stato / Status", id="status"):
                status_box = gr.Markdown(PREPARING, elem_id="status-details")
                refresh = gr.Button("Aggiorna / Refresh", size="sm", elem_id="status-refresh")

        # chat events
        # one concurrency group for every way of starting a chat; the AnswerQueue lets settings.ui_concurrency
        # of them compute at once, the others wait in the chat showing their place
        chat_io = dict(inputs=[msg, turns], outputs=[msg, chatbot, turns], concurrency_id="chat",
                       concurrency_limit=max(settings.ui_waiting, settings.ui_concurrency))
        msg.submit(respond, api_name="chat", **chat_io)
        send.click(respond, api_visibility="private", **chat_io)
        chatbot.example_select(pick_example, None, msg, api_visibility="private").then(respond, api_visibility="private", **chat_io)
        clear.click(new_conversation, None, [chatbot, turns, rated, msg, feedback_note], api_visibility="private")
        chatbot.clear(new_conversation, None, [chatbot, turns, rated, msg, feedback_note], api_visibility="private")
        chatbot.like(rate, [turns, rated], [rated, feedback_note, feedback_box], api_visibility="private")
        comment_btn.click(comment, [comment_box, turns, rated], [comment_box, rated, feedback_note], api_visibility="private")
        comment_box.submit(comment, [comment_box, turns, rated], [comment_box, rated, feedback_note], api_visibility="private")

        # explorer events
        filters = [f_country, f_sector, f_workers, f_enterprises, f_sort, f_desc]
        explorer_out = [table, export, chart, count]
        for component in filters:
            event = component.submit if isinstance(component, gr.Textbox) else component.change
            event(explore, filters, explorer_out, api_visibility="private")
        f_sector.change(explore, filters, explorer_out, api_visibility="private")
        pick.change(compare, pick, compared, api_visibility="private")

        # start-up: poll until the assistant is ready, then fill the explorer once
        timer = gr.Timer(1.0)
        poll_out = [ready_line, status_box, f_country, pick, timer]
        timer.tick(poll, None, poll_out, api_visibility="private").then(explore, filters, explorer_out, api_visibility="private")
        demo.load(poll, None, poll_out, api_visibility="private").then(explore, filters, explorer_out, api_visibility="private")

        def status(request: gr.Request) -> dict:
            """Whether the assistant is ready, and what it runs on (for scripts and tests; paths for admins only)."""
            out = {"ready": lazy.ready, "error": lazy.error, **current_status()}
            return out if admin(request) else {k: hide_paths(v) if isinstance(v, str) else v for k, v in out.items()}

        gr.api(status, api_name="status")
        refresh.click(status_panel, None, status_box, api_visibility="private")
    return demo


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="IMAGINE web chat (local Gradio app).")
    parser.add_argument("--host", default=settings.host, help=f"address to listen on (default {settings.host})")
    parser.add_argument("--port", type=int, default=settings.port, help=f"port (default {settings.port})")
    args = parser.parse_args(argv)
    problem = exposure_problem(args.host, settings, chat=True, api=True)
    if problem:  # before anything loads: a refused start is immediate
        parser.exit(2, f"ui.py: error: {problem}\n")

    import uvicorn

    from web.api import create_app

    lazy = LazyAssistant(settings).start()
    demo = build_app(lazy, FeedbackStore(feedback_path(settings)), host=args.host)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    app = create_app(lazy.get, settings)  # the API's routes first: the chat, mounted at "/", takes every other path
    app = gr.mount_gradio_app(app, demo, "/", auth=list(settings.auth) or None, css=CSS, show_error=True,
                              footer_links=["api"], server_name=args.host, server_port=args.port)
    print(f"* Web chat on http://{args.host}:{args.port}, API on http://{args.host}:{args.port}/v1"
          f"{' (login required)' if settings.auth else ''}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
