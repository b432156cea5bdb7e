"""Vector store component: the index of chunks, and next to it the vectors of the chunks' sentences.

:func:`open_store` opens the index for an embedding model (its collection is named by the model's
fingerprint, so switching models never mixes vectors). The store is a small interface:

- ``count()``; ``get(ids=, where=, limit=, offset=, include=)`` -> a dict of parallel lists
  (``ids``, and the ``documents``, ``metadatas``, ``embeddings`` asked for in ``include``);
- ``query(vector, k, where=)`` -> the ``k`` nearest :class:`Hit` s, most similar first;
- ``upsert(ids, documents, metadatas, embeddings)``, ``update(ids, metadatas)``, ``delete(ids)``;
- ``sentences()``: the store of sentence vectors that goes with it (same interface; read by id and
  metadata, never searched by similarity; its records are described in :mod:`.sentences`);
- ``embeddings`` (the model it was opened for), ``name``, ``write_failed(exc)`` (a
  :class:`StoreUnavailable` that says what to check after a failed write).

``where`` filters use Chroma's syntax (``{"cluster": {"$in": [...]}}``, ``$and``), which the
backends accept. One backend today, Chroma (:mod:`.chroma`): on disk, or a Chroma server when
``IMAGINE_CHROMA_HOST`` is set. Only this package imports Chroma.
"""

from __future__ import annotations

from typing import NamedTuple

from imagine.settings import Settings, get_settings


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached or opened; the message says what to do."""


class Hit(NamedTuple):
    """One search result: the chunk's id, text, metadata and cosine similarity to the query."""

    id: str
    text: str
    metadata: dict
    score: float


def open_store(embeddings, settings: Settings | None = None):
    """The index for ``embeddings``' model at the configured place (created if missing).
    Raises :class:`StoreUnavailable` with a clear reason."""
    from imagine.components.vector_store.chroma import open_store as open_chroma

    return open_chroma(embeddings, settings or get_settings())


def is_store_error(exc: BaseException) -> bool:
    """True for failures of the store itself (Chroma errors, I/O, a server that went away), not bugs."""
    module = type(exc).__module__
    return isinstance(exc, OSError) or module.startswith(("chromadb", "httpx", "httpcore"))
