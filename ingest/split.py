"""Document -> chunks that keep their structure: a section and a cluster card each stay whole.

Chunks never cross a section boundary. Inside a section whole paragraphs are packed up
to ``chunk_chars``; an over-long paragraph is cut at sentence ends. A cluster card (a
``CardSpan`` from the card parser) becomes its own chunk(s), each starting with
"Cluster: <name> (<country>)" so a chunk never loses whose numbers it holds. Every chunk
starts with a context line (section title or cluster) and records in ``metadata`` where
it comes from. Output depends only on the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.load import Document, Section

TINY = 200  # a chunk body shorter than this merges with its neighbour in the same section
_BLANK = re.compile(r"\n[ \t\xa0]*\n\s*")  # one or more blank or whitespace-only lines
_LEVELS = [re.compile(r"\n"), re.compile(r"(?<=[.!?;:…])[\"”’)\]]*\s+"), re.compile(r"\s+")]
_SPACES = re.compile(r"[ \t\xa0\u2007\u202f]+")


@dataclass
class Chunk:
    text: str  # what is embedded and shown
    metadata: dict  # str/int/float/bool values only (Chroma)


@dataclass
class CardSpan:
    start: int  # offsets of the card in Document.text
    end: int
    cluster: str
    country: str | None
    sector: str


def clean(raw: str) -> str:
    """Chunk text: spaces collapsed per line, blank or tab-only runs -> one blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of ``text[start:end]``, surrounding whitespace excluded."""
    out, pos = [], start
    for m in list(_BLANK.finditer(text, start, end)) + [None]:
        stop = m.start() if m else end
        piece = text[pos:stop]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((pos + lead, pos + len(piece.rstrip())))
        if m:
            pos = m.end()
    return out


def _cut_long(text: str, start: int, end: int, limit: int, level: int = 0) -> list[tuple[int, int]]:
    """Pieces of an over-long paragraph: at line breaks, then sentence ends, then spaces."""
    if len(clean(text[start:end])) <= limit:
        return [(start, end)]
    if level == len(_LEVELS):  # one "word" longer than the limit
        return [(a, min(a + limit, end)) for a in range(start, end, limit)]
    pieces, pos = [], start
    for m in list(_LEVELS[level].finditer(text, start, end)) + [None]:
        stop = m.end() if m else end
        if text[pos:stop].strip():
            pieces += _cut_long(text, pos, stop, limit, level + 1)
        pos = stop
    return pieces


def _pack(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Greedy packing of whole paragraphs (or pieces of long ones) into spans of <= limit chars."""
    units: list[tuple[int, int]] = []
    for a, b in _paragraphs(text, start, end):
        units += _cut_long(text, a, b, limit)
    spans: list[tuple[int, int]] = []
    for a, b in units:
        if spans and len(clean(text[spans[-1][0] : b])) <= limit:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # a tiny chunk joins the next one of the same region
        if merged and len(clean(text[merged[-1][0] : merged[-1][1]])) < TINY:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    if len(merged) > 1 and len(clean(text[merged[-1][0] : merged[-1][1]])) < TINY:
        if len(clean(text[merged[-2][0] : merged[-1][1]])) <= limit + TINY:  # tiny tail joins the previous
            merged[-2:] = [(merged[-2][0], merged[-1][1])]
    return merged


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _spans_in(section: Section, card_spans) -> list[CardSpan]:
    """Card spans clipped to the section body, sorted, overlaps trimmed."""
    lo, hi = section.start, section.start + len(section.text)
    out: list[CardSpan] = []
    for sp in sorted(card_spans, key=lambda s: (s.start, s.end, s.cluster)):
        a, b = max(sp.start, lo, out[-1].end if out else lo), min(sp.end, hi)
        if a < b:
            out.append(CardSpan(a, b, sp.cluster, sp.country, sp.sector))
    return out


def split_document(doc: Document, card_spans: list[CardSpan] = (), chunk_chars: int = 1200) -> list[Chunk]:
    """Chunks of ``doc`` in text order; see the module docstring for the rules."""
    text = doc.text
    out: list[Chunk] = []

    def emit(a: int, b: int, head: str, meta: dict) -> None:
        body = clean(text[a:b])
        if body:
            meta = {"document": doc.name, **meta, "position": len(out), "start": a, "end": b}
            out.append(Chunk(f"{head}\n{body}", meta))

    for section in doc.sections:
        lo, hi = section.start, section.start + len(section.text)
        head = section.title or doc.name
        plain = {"section": section.title, "kind": "section"}
        cursor = lo
        cards = _spans_in(section, card_spans)
        for sp in cards + [None]:
            gap_end = sp.start if sp else hi
            gap = text[cursor:gap_end]
            if gap.strip() and (not cards or _words(gap) >= 3):  # card-region leftovers only if non-trivial
                for a, b in _pack(text, cursor, gap_end, chunk_chars):
                    emit(a, b, head, plain)
            if sp is None:
                break
            label = f"{section.title} › {sp.cluster}" if section.title else sp.cluster
            prefix = f"Cluster: {sp.cluster}" + (f" ({sp.country})" if sp.country else "")
            meta = {"section": label, "kind": "card_section", "cluster": sp.cluster, "sector": sp.sector or ""}
            if sp.country:
                meta["country"] = sp.country
            whole = _paragraphs(text, sp.start, sp.end)
            if whole and len(clean(text[whole[0][0] : whole[-1][1]])) <= 2 * chunk_chars:
                parts = [(whole[0][0], whole[-1][1])]
            else:
                parts = _pack(text, sp.start, sp.end, chunk_chars)
            for a, b in parts:
                emit(a, b, prefix, meta)
            cursor = sp.end
    return out
