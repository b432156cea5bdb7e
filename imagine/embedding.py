"""Embedding component: a sentence-transformers model loaded by local path, as LangChain ``Embeddings``.

Queries and documents are encoded with the model's own prompts (``encode_query`` /
``encode_document``): EmbeddingGemma is trained with them and ranks worse without.
Vectors are L2-normalised so Chroma's cosine space and dot products agree. Document
vectors are memoised by text (bounded LRU), so text seen before in this process (a
re-ingest, a copy of a document, a passage whose sentences were already encoded) is
never encoded twice.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from imagine.models import resolve
from imagine.settings import Settings, get_settings


class SentenceTransformerEmbeddings(Embeddings):
    """LangChain embeddings over a local sentence-transformers model."""

    def __init__(self, model_name_or_path: str | Path, dtype: str = "bfloat16", batch_size: int = 16, memo_size: int = 20000):
        import torch
        from sentence_transformers import SentenceTransformer

        self.model_id = str(model_name_or_path)
        kwargs = {"torch_dtype": torch.bfloat16} if dtype == "bfloat16" else {}
        self._model = SentenceTransformer(self.model_id, device="cpu", model_kwargs=kwargs, local_files_only=True)
        self._batch_size = batch_size
        self._lock = threading.Lock()  # torch on 2 cores: one encode at a time is fastest and safe
        self._memo: OrderedDict[str, list[float]] = OrderedDict()
        self._memo_size = memo_size

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension())

    @property
    def fingerprint(self) -> str:
        """Short id of model + dimension: vectors from different models never share a collection."""
        name = Path(self.model_id).name or self.model_id
        return hashlib.sha256(f"{name}:{self.dimension}".encode()).hexdigest()[:10]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = list(texts)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
            if missing:
                vectors = self._model.encode_document(
                    missing, batch_size=self._batch_size, normalize_embeddings=True, convert_to_numpy=True
                )
                self._memo.update(zip(missing, vectors.astype("float32").tolist()))
            out = []
            for t in texts:
                self._memo.move_to_end(t)
                out.append(self._memo[t])
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vector = self._model.encode_query([text], normalize_embeddings=True, convert_to_numpy=True)[0]
        return vector.astype("float32").tolist()


def build_embeddings(settings: Settings | None = None) -> SentenceTransformerEmbeddings:
    """The embedding backend chosen by settings (an installed model name or any local path)."""
    settings = settings or get_settings()
    target = resolve(settings.embedding_model, settings.models_dir)
    with _BUILD_LOCK:  # threads asking at once get one model (loads in parallel corrupted dtypes)
        return _cached(str(target), settings.embedding_dtype, settings.embedding_batch_size)


_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _cached(target: str, dtype: str, batch_size: int) -> SentenceTransformerEmbeddings:
    return SentenceTransformerEmbeddings(target, dtype=dtype, batch_size=batch_size)
