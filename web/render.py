"""Answers as the web chat shows them: escaped Markdown text with [n] markers, then single-line HTML blocks
(refusal badge, notice, card table, openable sources with the supporting sentences highlighted).

Everything from the corpus or the user that ends up in HTML goes through ``html.escape`` first (a
document containing ``<script>`` shows as text), and no image syntax survives (it would fetch a URL).
Interface labels are bilingual; text attached to one answer follows the answer's language.
"""

from __future__ import annotations

import html
import re

from assistant.types import Answer, Passage
from web.admission import Place

ANSWER_WORDS = {
    "it": {"sources": "Fonti", "cluster": "Cluster", "refused": "Non trovato nei documenti",
           "not_reported": "non riportato", "table": "Dati delle schede", "notice": "Nota"},
    "en": {"sources": "Sources", "cluster": "Cluster", "refused": "Not found in the documents",
           "not_reported": "not reported", "table": "Card data", "notice": "Note"},
}
FIELD_LABELS = {  # card fields -> column headings (tables, comparison, CSV)
    "name": "Cluster", "kind": "Tipo / Type", "country": "Paese / Country", "location": "Località / Location",
    "sector": "Settore / Sector", "enterprises": "Imprese / Enterprises", "workers": "Addetti / Workers",
    "coordinating_body": "Ente coordinatore / Coordinating body", "eco_innovation": "Eco-innovazione / Eco-innovation",
    "website": "Sito web / Website", "constitutive_aspects": "Aspetti costitutivi / Constitutive aspects",
    "enterprises_text": "Imprese (testo) / Enterprises (as written)", "workers_text": "Addetti (testo) / Workers (as written)",
    "source": "Fonte / Source",
}
KIND_LABELS = {"report_card": "scheda report / report card", "pilot_district": "pilota IMAGINE / IMAGINE pilot"}


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
    """The answer's sources, numbered as its markers."""
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


def field_cell(record: dict, field: str, lang: str = "it") -> str:
    """The cell of one card field; the card kind shows as its label."""
    value = record.get(field)
    return cell(KIND_LABELS.get(value, value) if field == "kind" else value, lang)


def table_html(rows: list[dict] | None, lang: str = "it") -> str:
    """Rows of a card answer as an escaped HTML table (headings from the row keys)."""
    if not rows:
        return ""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    head = "".join(f"<th>{esc(FIELD_LABELS.get(k, k))}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td>{field_cell(row, k, lang)}</td>" for k in keys) + "</tr>" for row in rows)
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


def chat_messages(turns: list[dict]) -> list[dict]:
    """The Chatbot's messages for a conversation (turns {"question", "partial", "answer": Answer | None}):
    escaped questions, rendered (or partial) answers."""
    out = []
    for turn in turns:
        out.append({"role": "user", "content": esc_markdown(turn["question"])})
        answer = turn.get("answer")
        content = answer_markdown(answer) if answer is not None else esc_markdown(turn.get("partial") or "…")
        out.append({"role": "assistant", "content": content})
    return out


def waiting_text(place: Place) -> str:
    """What a waiting question's bubble says: its place in line and, once answers have been timed, about when."""
    it, en = f"In coda: posizione {place.position} di {place.waiting}", f"Queued: position {place.position} of {place.waiting}"
    if place.eta_s is not None:
        about = max(1, round(place.eta_s)) if place.eta_s < 10 else 5 * round(place.eta_s / 5)  # no false precision
        it, en = f"{it}, risposta tra circa {about} s", f"{en}, answer in about {about} s"
    return f"{it} / {en}"
