"""Small deterministic stand-ins injected through the constructors (``Assistant(settings, llm=...,
embeddings=...)``, ``run_ingest(settings, embeddings=...)``) for plumbing tests: what they return is
plumbing, the code under test is real. Tests that claim retrieval or answer quality use the real models.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from imagine.components.embedding.base import MemoEmbeddings, fingerprint

_WORD = re.compile(r"\w+")


class FakeEmbeddings(MemoEmbeddings):
    """The embedding component's interface (``embed_query``, ``embed_documents``, ``model_id``, ``dimension``,
    ``fingerprint``, ``query_encoder``, ``compile_queries``, ``runtime``) over a hashed bag of word prefixes.

    Each lower-cased word is cut to its first 5 characters (so 'imprese'/'impresa' meet) and hashed into one
    of ``dimension`` buckets; the count vector is L2-normalised by the memo base class. Deterministic across
    processes (sha1, not ``hash``): the same text gives the same vector, texts sharing words have a higher
    cosine than texts sharing none, and a text without words gets a fixed vector of its own. Encoding the
    whole corpus takes milliseconds and needs no model. ``encoded`` lists the texts encoded (memo misses and
    queries), for tests that check what was embedded."""

    runtime = "fake"

    def __init__(self, dimension: int = 256, name: str = "fake-bag-of-words"):
        super().__init__()
        self.dimension, self.model_id = dimension, name
        self.encoded: list[str] = []

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.model_id, self.dimension)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.sha1(word[:5].encode()).digest()
            vector[int.from_bytes(digest[:4], "little") % self.dimension] += 1.0
        if not vector.any():
            vector[0] = 1.0  # no words: one fixed direction, still unit length
        return vector

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        self.encoded += texts
        return np.stack([self._vector(t) for t in texts])

    def _embed_query(self, text: str) -> list[float]:
        self.encoded.append(text)
        vector = self._vector(text)
        return (vector / np.linalg.norm(vector)).tolist()


class Writer:
    """A fake LLM backend (``stream``, ``name``, ``backend``): streams what ``write(evidence)`` yields for the
    numbered evidence lines ('[n] text') of the prompt it is given, and records every prompt in ``calls``."""

    name = "fake"

    def __init__(self, write, backend: str = "local"):
        self.write, self.backend, self.calls = write, backend, []

    def stream(self, messages, max_tokens):
        self.calls.append(messages)
        user = messages[-1]["content"]
        evidence = {int(line[1 : line.index("]")]): line[line.index("]") + 2 :] for line in user.splitlines() if line.startswith("[")}
        yield from self.write(evidence)
