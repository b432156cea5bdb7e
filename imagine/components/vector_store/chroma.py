"""Vector store backend: Chroma on disk (embedded default) or a Chroma server over HTTP.

The choice is made from settings only (``IMAGINE_CHROMA_HOST`` set = server). Telemetry
is off and collections never get Chroma's default embedding function (it would try to
download a model): vectors always come from our embedding component. The collection
name carries the embedding model's fingerprint, so switching models never mixes vectors.
Next to the chunks, a second collection (``<name>-sentences``) holds the vectors of the
chunks' sentences (written by ingest.sentence_index), so the assistant loads them at start
instead of encoding the corpus again.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from imagine.components.vector_store import Hit, StoreUnavailable
from imagine.errors import first_line
from imagine.settings import Settings, get_settings


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


class ChromaStore:
    """One Chroma collection behind the store interface (see :mod:`imagine.components.vector_store`)."""

    def __init__(self, collection, client: chromadb.ClientAPI, embeddings, settings: Settings):
        self._collection, self._client = collection, client
        self.embeddings, self.settings = embeddings, settings

    @property
    def name(self) -> str:
        return self._collection.name

    def count(self) -> int:
        return self._collection.count()

    def get(self, ids: list[str] | None = None, where: dict | None = None, limit: int | None = None,
            offset: int | None = None, include: list[str] = ("metadatas", "documents")) -> dict:
        """Records by id or filter; a read of everything (or of many ids) goes a page at a time: Chroma's
        SQLite refuses one query with more than ~32k variables ("too many SQL variables"), which a
        collection of ~90k sentence records (10,000 chunks) reaches."""
        include = list(include)
        if ids is not None and len(ids) > GET_PAGE:
            return _merged([self._collection.get(ids=ids[i:i + GET_PAGE], where=where, include=include)
                            for i in range(0, len(ids), GET_PAGE)])
        if ids is not None or limit is not None:
            return self._collection.get(ids=ids, where=where, limit=limit, offset=offset, include=include)
        pages, start = [], offset or 0
        while True:
            page = self._collection.get(where=where, limit=GET_PAGE, offset=start, include=include)
            pages.append(page)
            if len(page["ids"]) < GET_PAGE:
                return _merged(pages)
            start += GET_PAGE

    def query(self, vector: list[float], k: int, where: dict | None = None) -> list[Hit]:
        n = min(k, max(self._collection.count(), 1))
        res = self._collection.query(query_embeddings=[vector], n_results=n, where=where,
                                     include=["documents", "metadatas", "distances"])
        return [Hit(pid, doc, meta or {}, 1.0 - float(dist))
                for pid, doc, meta, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])]

    def upsert(self, ids: list[str], documents: list[str], metadatas: list[dict], embeddings: list) -> None:
        self._collection.upsert(ids=ids, documents=documents, metadatas=metadatas, embeddings=embeddings)

    def update(self, ids: list[str], metadatas: list[dict]) -> None:
        self._collection.update(ids=ids, metadatas=metadatas)

    def delete(self, ids: list[str]) -> None:
        self._collection.delete(ids=ids)

    def sentences(self) -> "ChromaStore":
        """The collection of sentence vectors that goes with these chunks (created if missing)."""
        return ChromaStore(_collection(self._client, f"{self.name}-sentences", self.embeddings, self.settings, "sentence collection"),
                           self._client, self.embeddings, self.settings)

    def write_failed(self, exc: BaseException) -> StoreUnavailable:
        return write_failed(self.settings, exc)


GET_PAGE = 5000  # records per read when reading everything (see ChromaStore.get)


def _merged(pages: list[dict]) -> dict:
    """Pages of one ``get`` as one result: the record lists concatenated, in order."""
    out = dict(pages[0])
    for key, value in out.items():
        if key != "included" and value is not None:
            out[key] = [x for page in pages for x in page[key]]
    return out


def _collection(client: chromadb.ClientAPI, name: str, embeddings, settings: Settings, what: str):
    try:
        collection = client.get_or_create_collection(
            name=name,
            embedding_function=None,
            metadata={"embedding_model": embeddings.model_id[-200:]},
            configuration={"hnsw": {"space": "cosine", "ef_search": settings.chroma_search_ef}},
        )
    except Exception as exc:
        raise StoreUnavailable(f"{_describe(settings)}: cannot open the {what}: {exc}") from exc
    _search_breadth(collection, settings.chroma_search_ef)
    return collection


LOCKED_TRIES = 5  # attempts at a change SQLite reports as "database is locked"


def _search_breadth(collection, ef: int) -> None:
    """A collection made before (or with another breadth) searched with ``ef`` from now on: the same
    question must find the same passages. A store that refuses the change is still searched, less exactly. SQLite's
    "database is locked" (Chroma's own background writer holding it for a moment) is waited out, a few times."""
    for attempt in range(LOCKED_TRIES):
        try:
            if ((collection.configuration or {}).get("hnsw") or {}).get("ef_search") != ef:
                collection.modify(configuration={"hnsw": {"ef_search": ef}})
            return
        except Exception as exc:  # noqa: BLE001 - chromadb raises many types; reading must go on
            if "database is locked" in str(exc) and attempt + 1 < LOCKED_TRIES:
                time.sleep(0.2 * (attempt + 1))
                continue
            logging.getLogger(__name__).warning("cannot set the search breadth of %s: %s", collection.name, first_line(exc))
            return


def open_store(embeddings, settings: Settings | None = None, client: chromadb.ClientAPI | None = None) -> ChromaStore:
    """The store of chunks for this embedding model (created if missing, cosine space)."""
    settings = settings or get_settings()
    client = client or build_client(settings)
    name = collection_name(settings, embeddings.fingerprint)
    return ChromaStore(_collection(client, name, embeddings, settings, "collection"), client, embeddings, settings)
