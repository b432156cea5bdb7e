"""Citation guarantees enforced in code, whatever the backend wrote.

A generated answer is split into sentences. Each keeps only markers that point to a
passage the model was actually given; a sentence whose markers are missing or wrong is
attributed to the given passage that supports it; a sentence with a number that no given
passage contains is dropped, as is a sentence with no support at all. Markers are then
renumbered in order of first use, so ``citations[n-1]`` is what ``[n]`` points to.

Support is lexical (shared numbers and most words) and, when the caller passes a
``similarity`` function, semantic: the answer is often in English over Italian passages,
where no words are shared, so the embedding model's cosine between the sentence and the
sentences quoted from each passage decides. The threshold ``MIN_SIMILARITY`` was measured on
English paraphrases of quoted Italian sentences against plausible unsupported English claims
about the same clusters (tests/assistant/test_cite.py holds the cases).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Sequence

from assistant.evidence import numbers
from assistant.types import Passage
from imagine.text import typed_sentences

MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_WORD = re.compile(r"[\wÀ-ÿ]{4,}")

# sentences, passages -> one row per sentence, one support score (cosine) per passage
Similarity = Callable[[list[str], Sequence[Passage]], Sequence[Sequence[float]]]
MIN_SIMILARITY = 0.62


def markers_in(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def map_markers(text: str, to: Callable[[int], int]) -> str:
    """Every marker number ``n`` replaced by ``to(n)``."""
    return MARKER.sub(lambda m: "[" + re.sub(r"\d+", lambda n: str(to(int(n.group()))), m.group(1)) + "]", text)


def shift_markers(text: str, by: int) -> str:
    """Every marker number raised by ``by`` ("[1][2]" -> "[4][5]"): an answer placed after another's citations."""
    return map_markers(text, lambda n: n + by)


def merge_citations(text: str, citations: list[Passage], onto: list[Passage]) -> tuple[str, list[Passage]]:
    """``text``'s markers (into ``citations``) renumbered into ``onto``, the citations of the text it is placed
    after: a passage both cite keeps ``onto``'s number (and its highlights), the others are added after."""
    merged = list(onto)
    at = {p.id: n for n, p in enumerate(merged, 1)}
    number = {}
    for n, passage in enumerate(citations, 1):
        if passage.id not in at:
            merged.append(passage)
            at[passage.id] = len(merged)
        number[n] = at[passage.id]
    return map_markers(text, lambda n: number.get(n, n)), merged


def _words(text: str) -> set[str]:
    return {w.lower()[:6] for w in _WORD.findall(text)}  # crude stem: shared 6-letter prefixes


def _support(sentence: str, passage: str) -> float:
    words = _words(sentence)
    return len(words & _words(passage)) / max(1, len(words))


def _attribute(sentence: str, given: list[Passage], sims: Sequence[float] | None = None) -> int | None:
    """1-based index of the given passage that best supports the sentence, or None.

    A passage lacking a number the sentence states never supports it. Among the others the
    best semantic match wins when it reaches ``MIN_SIMILARITY``; otherwise the best lexical one.
    """
    need = numbers(sentence)
    allowed = [i for i, p in enumerate(given, 1) if not need or need <= numbers(p.text)]
    if sims is not None:
        best = max(allowed, key=lambda i: sims[i - 1], default=None)
        if best is not None and sims[best - 1] >= MIN_SIMILARITY:
            return best
    best, best_score = None, 0.0
    for i in allowed:
        score = _support(sentence, given[i - 1].text)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 0.25 or (need and best) else None


def enforce(text: str, given: list[Passage], similarity: Similarity | None = None) -> tuple[str, list[Passage]]:
    """Repair an answer's markers against the passages given to the model.

    Returns the repaired text (markers renumbered 1..k) and the k cited passages.
    Empty text means nothing in the answer could be supported. ``similarity`` (optional)
    scores answer sentences against passages across languages; without it support is lexical.
    """
    rows: list[tuple[str, str]] = []
    for raw in typed_sentences(text):
        sentence = MARKER.sub("", raw).strip()
        sentence = re.sub(r"\s+([.,;:!?])", r"\1", sentence)
        if len(sentence) >= 3:
            rows.append((raw, sentence))
    sims = similarity([s for _, s in rows], given) if similarity is not None and rows and given else None
    kept: list[tuple[str, list[int]]] = []
    for n, (raw, sentence) in enumerate(rows):
        valid = [m for m in dict.fromkeys(markers_in(raw)) if 1 <= m <= len(given)]
        need = numbers(sentence)
        if valid and need and not need <= set().union(*(numbers(given[m - 1].text) for m in valid)):
            valid = []  # cited passages lack a number the sentence states: re-attribute
        if not valid:
            found = _attribute(sentence, given, None if sims is None else sims[n])
            if found is None:
                continue  # unsupported claim or invented number: dropped
            valid = [found]
        kept.append((sentence, valid))

    order: dict[int, int] = {}
    pieces = []
    for sentence, refs in kept:
        for m in refs:
            order.setdefault(m, len(order) + 1)
        tail = "".join(f"[{order[m]}]" for m in refs)
        if sentence[-1] in ".!?":
            pieces.append(f"{sentence[:-1]} {tail}{sentence[-1]}")
        else:
            pieces.append(f"{sentence} {tail}")
    cited = [replace(given[m - 1]) for m, _ in sorted(order.items(), key=lambda kv: kv[1])]
    return " ".join(pieces), cited


def valid_markers(text: str, citations: list[Passage]) -> bool:
    """Every marker points to a citation and every citation is marked."""
    used = set(markers_in(text))
    return used <= set(range(1, len(citations) + 1)) and len(used) == len(citations)
