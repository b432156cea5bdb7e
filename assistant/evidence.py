"""Evidence sentences: the few sentences of the retrieved passages that answer a question.

Both answer paths start here. The extractive backend quotes these sentences; the LLM
backends receive only them (not whole passages), which keeps the prompt to a few hundred
tokens and so the local model's time to first token to a couple of seconds. Sentences are
scored by embedding similarity to the question (cross-lingual: an English question finds
Italian sentences) plus a small lexical bonus for shared numbers and names; sentence
vectors are memoised by text, so a passage is encoded once per process.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from assistant.types import Passage

_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"“«(A-ZÀ-Ý0-9·•-])|\n+")
_WORD = re.compile(r"[\wÀ-ÿ'’.-]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def sentences(text: str) -> list[str]:
    """Sentences and field lines of a passage (fragments under 8 characters dropped)."""
    parts = (part.strip(" \t·•-–") for part in _SPLIT.split(text))
    return [part for part in parts if len(part) >= 8]


def passage_sentences(text: str) -> list[str]:
    """The quotable sentences of a chunk: its first line (the section or "Cluster: …" context
    line the splitter adds) and bare label or value fragments (under four words, no number,
    e.g. "Localizzazione geografica", "Industrial Cluster Gendorf") are not evidence."""
    body = text.split("\n", 1)[1] if "\n" in text else text
    return [s for s in sentences(body) if len(s.split()) >= 4 or _NUMBER.search(s)]


def numbers(text: str) -> set[str]:
    """Numbers in a text, normalised so 4.000 / 4,000 / 4000 compare equal."""
    return {re.sub(r"[.,](?=\d{3}\b)", "", n).replace(",", ".") for n in _NUMBER.findall(text)}


@dataclass
class Evidence:
    """One sentence with the passage it comes from (index into the retrieved list)."""

    passage: int
    text: str
    score: float


class SentenceScorer:
    """Embeds sentences (memoised) and ranks them against a question."""

    def __init__(self, embeddings, cache_size: int = 20000):
        self.embeddings = embeddings
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            fresh = self.embeddings.embed_documents(missing)
            with self._lock:
                for t, v in zip(missing, fresh):
                    self._cache[t] = np.asarray(v, dtype=np.float32)
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def warm(self, passages: list[str], stop: threading.Event | None = None) -> None:
        """Pre-compute sentence vectors (e.g. for the whole corpus at start-up, in a thread).

        One passage per encode call, so a question waiting for the model lock waits for
        one small batch at most; ``stop`` ends the work early (at shutdown).
        """
        for passage in passages:
            if stop is not None and stop.is_set():
                return
            self.vectors(passage_sentences(passage))

    def rank(self, question_vector: list[float], question: str, passages: list[Passage], per_passage: int = 3) -> list[Evidence]:
        """All candidate sentences of the passages, best first."""
        cands = [(i, s) for i, p in enumerate(passages) for s in passage_sentences(p.text)]
        if not cands:
            return []
        sims = self.vectors([s for _, s in cands]) @ np.asarray(question_vector, dtype=np.float32)
        q_numbers = numbers(question)
        q_words = {w.lower() for w in _WORD.findall(question) if len(w) > 3}
        scored = []
        for (i, s), sim in zip(cands, sims):
            bonus = 0.05 * len(q_numbers & numbers(s))
            bonus += 0.02 * min(3, len(q_words & {w.lower() for w in _WORD.findall(s)}))
            bonus -= 0.01 * i  # prefer sentences of better-ranked passages on ties
            scored.append(Evidence(i, s, float(sim) + bonus))
        scored.sort(key=lambda e: -e.score)
        kept, per = [], {}
        for e in scored:
            if per.get(e.passage, 0) < per_passage:
                kept.append(e)
                per[e.passage] = per.get(e.passage, 0) + 1
        return kept


def select(ranked: list[Evidence], max_sentences: int = 3, ratio: float = 0.85, max_chars: int = 900) -> list[Evidence]:
    """The top sentences within ``ratio`` of the best score, bounded in count and length."""
    if not ranked:
        return []
    best = ranked[0].score
    out, used = [], 0
    for e in ranked:
        if len(out) >= max_sentences or e.score < best * ratio:
            break
        if used + len(e.text) > max_chars and out:
            break
        out.append(e)
        used += len(e.text)
    return out
