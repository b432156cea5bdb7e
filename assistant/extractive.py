"""Extractive answers: the evidence sentences quoted verbatim, each with its marker.

No model writes anything, so every word is in a cited passage: deterministic, fast, and
always available (the fallback when no LLM is installed or reachable). The framing line
is in the question's language; quotes stay in the document's language.
"""

from __future__ import annotations

from assistant.evidence import Evidence
from assistant.language import message
from assistant.types import Passage


def group_by_passage(selected: list[Evidence], retrieved: list[Passage]) -> tuple[list[Passage], list[list[str]]]:
    """Cited passages in first-use order, with the sentences quoted from each."""
    order: dict[int, int] = {}
    quotes: list[list[str]] = []
    for e in selected:
        if e.passage not in order:
            order[e.passage] = len(order)
            quotes.append([])
        quotes[order[e.passage]].append(e.text)
    cited = [retrieved[i] for i in order]
    return cited, quotes


def compose(selected: list[Evidence], retrieved: list[Passage], lang: str) -> tuple[str, list[Passage]]:
    """The answer text with markers [1..k] and the k cited passages (with highlights)."""
    cited, quotes = group_by_passage(selected, retrieved)
    lines = [message(lang, "extractive_intro")]
    out = []
    for n, (passage, sents) in enumerate(zip(cited, quotes), 1):
        quoted = " … ".join(s.rstrip() for s in sents)
        lines.append(f"- «{quoted}» [{n}]")
        out.append(_with_highlights(passage, sents))
    return "\n".join(lines), out


def _with_highlights(passage: Passage, sents: list[str]) -> Passage:
    return Passage(text=passage.text, metadata=passage.metadata, score=passage.score, id=passage.id, highlights=list(sents))
