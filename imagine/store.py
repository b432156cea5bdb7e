"""Vector store component: Chroma on disk (embedded default) or a Chroma server over HTTP.

The choice is made from settings only (``IMAGINE_CHROMA_HOST`` set = server). Telemetry
is off and collections never get Chroma's default embedding function (it would try to
download a model): vectors always come from our embedding component. The collection
name carries the embedding model's fingerprint, so switching models never mixes vectors.
Next to the chunks, a second collection (``<name>-sentences``) holds the vectors of the
chunks' sentences (written by ingest.sentence_index), so the assistant loads them at start
instead of encoding the corpus again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma

from imagine.errors import first_line
from imagine.settings import Settings, get_settings


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached or opened; the message says what to do."""


def _describe(settings: Settings) -> str:
    if settings.chroma_host:
        return f"Chroma server at {settings.chroma_host}:{settings.chroma_port}"
    return f"Chroma store at {settings.chroma_dir}"


def build_client(settings: Settings | None = None) -> chromadb.ClientAPI:
    """A Chroma client for the configured location. Raises StoreUnavailable with a clear reason."""
    settings = settings or get_settings()
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            client.heartbeat()
            return client
        path = Path(settings.chroma_dir)
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types (ValueError, httpx errors, OSError)
        raise StoreUnavailable(f"{_describe(settings)} is not available: {exc}") from exc


def is_store_error(exc: BaseException) -> bool:
    """True for failures of the store itself (Chroma errors, I/O, a server that went away), not bugs."""
    module = type(exc).__module__
    return isinstance(exc, OSError) or module.startswith(("chromadb", "httpx", "httpcore"))


def write_failed(settings: Settings, exc: BaseException) -> StoreUnavailable:
    """A StoreUnavailable for a failed write, saying what to check (Chroma's own message rarely does)."""
    detail = first_line(exc, limit=None)
    if settings.chroma_host:
        return StoreUnavailable(f"writing to the {_describe(settings)} failed ({detail}); check that the server is running")
    try:
        free = shutil.disk_usage(settings.chroma_dir).free
        space = f"{free / 2**20:.1f} MB free"
    except OSError:
        space = "free space unknown"
    return StoreUnavailable(
        f"writing to the {_describe(settings)} failed ({detail}); check free disk space ({space}) and that the "
        "folder is writable; the index keeps what was written before, run the ingest again when fixed"
    )


def collection_name(settings: Settings, fingerprint: str) -> str:
    return f"{settings.collection}-{fingerprint}"


def open_store(embeddings, settings: Settings | None = None, client: chromadb.ClientAPI | None = None) -> Chroma:
    """The LangChain Chroma store for this embedding model (created if missing, cosine space)."""
    settings = settings or get_settings()
    client = client or build_client(settings)
    try:
        return Chroma(
            client=client,
            collection_name=collection_name(settings, embeddings.fingerprint),
            embedding_function=embeddings,
            collection_metadata={"embedding_model": embeddings.model_id[-200:]},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
    except Exception as exc:
        raise StoreUnavailable(f"{_describe(settings)}: cannot open the collection: {exc}") from exc


def open_sentences(embeddings, settings: Settings | None = None, client: chromadb.ClientAPI | None = None):
    """The Chroma collection of sentence vectors that goes with :func:`open_store`'s chunks (created if
    missing). It is read by id and metadata only, never searched by similarity."""
    settings = settings or get_settings()
    client = client or build_client(settings)
    try:
        return client.get_or_create_collection(
            name=f"{collection_name(settings, embeddings.fingerprint)}-sentences",
            embedding_function=None,
            metadata={"embedding_model": embeddings.model_id[-200:]},
            configuration={"hnsw": {"space": "cosine"}},
        )
    except Exception as exc:
        raise StoreUnavailable(f"{_describe(settings)}: cannot open the sentence collection: {exc}") from exc
