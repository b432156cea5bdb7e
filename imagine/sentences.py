"""The sentences of a chunk: the units the assistant quotes and ranks as evidence.

They are cut here, below the assistant, because their vectors are index data: ingest embeds
them (ingest.sentence_index) and the assistant's scorer (assistant.evidence) ranks the same
units at question time, so both must cut them the same way.

Sentences are cut by pysbd's rule-based Italian and English segmenters (abbreviations such
as "l'ing. Marta Bellandi", "S.p.A.", "e.g.", decimals and dates are not boundaries), with
two repairs of ours: a break before a digit or a lower-case word, after a short abbreviation
("art. 5", "n. 1221/2009", "ecc. e"), is no break; nor is one after an abbreviation behind an
elided article ("dall'ing. Paola Verdi"), when the segmenter keeps the bare abbreviation with
what follows. Segmentation costs ~5 ms a line, so it is memoised by line.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import pysbd

from imagine.text import detect_language

# Bump when passage_sentences cuts differently: the next ingest then re-cuts every chunk
# (sentence vectors already stored are reused by text hash; only new units are embedded).
UNITS_VERSION = 3

# A piece ending in a short abbreviation ("art.", "n.", "ecc.") before a piece starting with a
# digit or a lower-case letter: the segmenter cut inside a sentence.
_ABBREVIATED_END = re.compile(r"(?:^|[\s('’])[A-Za-zÀ-ÿ]{1,4}\.$")
_CONTINUES = re.compile(r"^[a-zà-ÿ0-9]")
# A piece ending in an elided article or preposition and a short word with its dot ("dall'ing.", "dell'avv."):
# the segmenter knows "ing." as an abbreviation but not "dall'ing."; asked about the bare word, it decides
# ("nell'art. 5" continues; "dell'Emas. Un …" ends a sentence)
_ELIDED_END = re.compile(r"\w['’]([A-Za-zÀ-ÿ]{1,4}\.)$")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ITEM = re.compile(r"^[·•▪◦*–-]\s*")  # a list item line of the report ("· ATP ‐ Textile …")
# Card chunks (ingest.cards.card_text): two lines describe the record itself (its kind and source file), not the cluster.
_RECORD_LINES = ("Tipo / Kind:", "Fonte / Source:")
_MAX_UNIT = 800


# pysbd builds a regular expression per abbreviation it checks (thousands for Italian), which overflows
# the ``re`` module's 512-pattern cache: every line then compiles them all again (py-spy: ~10 % of a
# 1,000-chunk ingest). A larger cache cuts segmentation ~2.7x on the corpus; CPython-private, so guarded.
_PATTERN_CACHE = 4096


@lru_cache(maxsize=4)
def _segmenter(lang: str) -> pysbd.Segmenter:
    if getattr(re, "_MAXCACHE", _PATTERN_CACHE) < _PATTERN_CACHE:
        re._MAXCACHE = _PATTERN_CACHE
    return pysbd.Segmenter(language=lang, clean=False)


_SEGMENTING = threading.Lock()  # a pysbd Segmenter keeps the text being cut on itself: one call at a time


@lru_cache(maxsize=50000)
def _split_line(line: str, lang: str) -> tuple[str, ...]:
    with _SEGMENTING:
        segmenter = _segmenter(lang)
        pieces: list[str] = []
        for piece in segmenter.segment(line):
            piece = piece.strip()
            if not piece:
                continue
            if pieces and _CONTINUES.match(piece) and _ABBREVIATED_END.search(pieces[-1]):
                pieces[-1] = f"{pieces[-1]} {piece}"
            elif pieces and (m := _ELIDED_END.search(pieces[-1])) and len(segmenter.segment(f"{m.group(1)} {piece}")) == 1:
                pieces[-1] = f"{pieces[-1]} {piece}"  # "dall'ing. Paola Verdi": the abbreviation without its elision
            else:
                pieces.append(piece)
    return tuple(pieces)


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """The sentences of a text, in order; every line break ends a sentence.

    ``lang`` ("it" or "en") picks the segmenter's abbreviation rules; None detects it from
    the text (function words, Italian when undecided).
    """
    lang = lang if lang in ("it", "en") else detect_language(text, default="it")
    return [piece for line in text.split("\n") if line.strip() for piece in _split_line(line.strip(), lang)]


def sentences(text: str, lang: str | None = None) -> list[str]:
    """Sentences and field lines of a passage (fragments under 8 characters dropped)."""
    parts = (part.strip(" \t·•-–") for part in split_sentences(text, lang))
    return [part for part in parts if len(part) >= 8]


def passage_sentences(text: str) -> list[str]:
    """The quotable units of a chunk, in order.

    A unit is a sentence or a field line, except that a lead-in ending in ":" and the list
    that follows it (bulleted lines, or lines ending in ";") form one unit: the report puts
    the answer to "which three actions…" in the items, and a lead-in quoted alone says
    nothing. Bulleted lines that open a chunk are the rest of a list the chunk before began:
    they form one unit too (one item alone is often a fragment, "· specializzazione produttiva"). The first line (the section or "Cluster: …" context line the splitter adds),
    bare label or value fragments (under four words, no number, e.g. "Localizzazione
    geografica") and the card lines about the record itself are not evidence.
    """
    body = text.split("\n", 1)[1] if "\n" in text else text
    lang = detect_language(body, default="it")
    units: list[str] = []
    in_list = False  # the last unit is a lead-in or a list still open
    opening = True  # no line but list items so far: a list continued from the chunk before
    for raw in body.split("\n"):
        line = raw.strip()
        if not line or line.startswith(_RECORD_LINES):
            continue
        item = bool(_ITEM.match(line))
        in_list = in_list or (opening and item)
        opening = opening and item
        if in_list and units and (item or units[-1].endswith((":", ";"))) and len(units[-1]) + len(line) < _MAX_UNIT:
            units[-1] = f"{units[-1]} {line}"
            in_list = not line.endswith(".") or item
            continue
        parts = sentences(line, lang)
        units.extend(parts)
        in_list = bool(parts) and parts[-1].endswith(":")
    return [u for u in units if len(u.split()) >= 4 or NUMBER.search(u)]
