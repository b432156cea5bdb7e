"""What every embedding backend shares: LangChain ``Embeddings`` with document vectors memoised by text,
unit-length vectors, and the fingerprint that names an index's collection after its model.

Vectors are L2-normalised so Chroma's cosine space and dot products agree. Document vectors are
memoised by text (bounded LRU), so text seen before in this process (a re-ingest, a copy of a
document, a passage whose sentences were already encoded) is never encoded twice; so are the last
query vectors, since one answer encodes the same text more than once (a question's asked parts when its
sentences are ranked twice, the whole message for retrieval and again for the gate).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
from langchain_core.embeddings import Embeddings


QUERY_MEMO = 256  # query vectors kept (float32: 3 KB each for 768 dimensions)


class MemoEmbeddings(Embeddings):
    """LangChain embeddings whose document and query vectors are memoised by text (bounded LRU).

    Subclasses say how to encode texts missing from the memo (``_encode_documents``) and a query
    (``_embed_query``); one whose query encoder changes (a compiled one ready) calls :meth:`forget_queries`.
    """

    query_encoder = "eager"  # how queries are encoded: "eager", or after compile_queries "compiling"/"compiled"/"eager (<why>)"

    def __init__(self, memo_size: int = 20000):
        self._lock = threading.Lock()  # one encode at a time: torch on 2 cores is fastest so, a server queues anyway
        self._memo: OrderedDict[str, list[float]] = OrderedDict()
        self._memo_size = memo_size
        self._queries_lock = threading.Lock()  # apart from _lock, which a subclass's _embed_query may take
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def compile_queries(self) -> bool:
        """Make query encoding faster for a long-running server, blocking meanwhile; False when there is
        nothing to compile (a backend that overrides this says why in ``query_encoder``)."""
        return False

    def _embed_query(self, text: str) -> list[float]:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        with self._queries_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector.tolist()  # (a list of its own for each caller)
        vector = self._embed_query(text)
        with self._queries_lock:
            self._queries[text] = np.asarray(vector, dtype=np.float32)
            while len(self._queries) > QUERY_MEMO:
                self._queries.popitem(last=False)
        return vector

    def forget_queries(self) -> None:
        """Drop the memoised query vectors (the query encoder changed)."""
        with self._queries_lock:
            self._queries.clear()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = list(texts)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
            if missing:
                self._memo.update(zip(missing, _unit(self._encode_documents(missing)).tolist()))
            out = []
            for t in texts:
                self._memo.move_to_end(t)
                out.append(self._memo[t])
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return out


def fingerprint(model_name: str, dimension: int) -> str:
    """Short id of a model's name + dimension: vectors from different models never share a collection.

    The name, not the runtime, identifies the vectors: the in-process model (bf16 or float32) and a
    server running the same model under the same name share one collection (measured cosine >= 0.9998
    between them; see :mod:`imagine.components.embedding.server`).
    """
    return hashlib.sha256(f"{model_name}:{dimension}".encode()).hexdigest()[:10]


def _unit(vectors: np.ndarray) -> np.ndarray:
    """float32 vectors of length 1. The model normalises in bfloat16, which leaves norms up to ~2e-3
    off 1 (measured 0.9987 on this CPU); cosine = dot product holds only for unit vectors."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)
