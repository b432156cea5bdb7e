"""Embeddings from an OpenAI-compatible ``/v1/embeddings`` server (llama.cpp's server, vLLM,
text-embeddings-inference, Ollama), behind the interface of the in-process model.

Ingest and every web worker then share one model process, and a worker loads no torch model.
Servers embed raw text, so the client prepends the model's query/document prompts (the ones
sentence-transformers applies in process) and normalises the vectors to unit length; batches
of ``embedding_api_batch_size`` texts per request, document vectors memoised by text.

The index's collection is named by the model's name and dimension (:func:`imagine.components.embedding.base.fingerprint`),
as for the in-process model: a server running the installed model under its name
(``embeddinggemma-300m``, e.g. the GGUF that ``imagine models install`` converts) shares the index
built in process, because the vectors agree (measured cosine >= 0.9998 on corpus chunks and
queries, ``tests/imagine/components/test_embedding_server.py``). A server running another model, or a
quantisation not measured to agree (>= 0.99), must be named differently: it then gets its own
collection and the ingest embeds the corpus for it.

Every failure (server unset, unreachable, silent, an HTTP error, an answer that is not
embeddings) is raised as :class:`EmbeddingUnavailable` with one short reason. It is a
:class:`~imagine.components.vector_store.StoreUnavailable`: search cannot run without query vectors, and every
caller that degrades when the store is down (the chat's notice, the CLI's one-line error)
does the same here.
"""

from __future__ import annotations

import sys
import threading
from functools import lru_cache
from pathlib import Path

import httpx
import numpy as np

from imagine.components.embedding.base import MemoEmbeddings, _unit, fingerprint
from imagine.errors import first_line
from imagine.settings import Settings
from imagine.components.vector_store import StoreUnavailable


class EmbeddingUnavailable(StoreUnavailable):
    """The embeddings server cannot embed now; the message is one short reason."""


class ServerEmbeddings(MemoEmbeddings):
    """LangChain embeddings computed by an OpenAI-compatible embeddings server."""

    def __init__(self, base_url: str, model: str, api_key: str = "not-needed", query_prompt: str = "",
                 document_prompt: str = "", batch_size: int = 8, timeout: float = 120.0, memo_size: int = 20000):
        super().__init__(memo_size)
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.model_id = f"{model} @ {self.base_url}"
        self._prompts = {"query": query_prompt, "document": document_prompt}
        self._batch_size = max(1, batch_size)
        self._timeout = timeout
        self._client = httpx.Client(timeout=timeout, headers={"Authorization": f"Bearer {api_key}"})
        self._dimension: int | None = None

    @property
    def dimension(self) -> int:
        """Learnt from the server's first vector (one short request when nothing was embedded yet)."""
        if self._dimension is None:
            self._post(["dimension"])
        return self._dimension

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.model, self.dimension)

    def _embed_query(self, text: str) -> list[float]:
        return _unit(self._embed([self._prompts["query"] + text]))[0].tolist()

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._prompts["document"] + t for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self._dimension or 0), dtype=np.float32)
        return np.concatenate([self._post(texts[i:i + self._batch_size]) for i in range(0, len(texts), self._batch_size)])

    def _post(self, texts: list[str]) -> np.ndarray:
        """One request: the vectors of ``texts`` in order. Raises EmbeddingUnavailable."""
        where = f"the embedding server at {self.base_url}"
        try:
            resp = self._client.post(f"{self.base_url}/embeddings",
                                     json={"model": self.model, "input": texts, "encoding_format": "float"})
        except httpx.TimeoutException as exc:
            raise EmbeddingUnavailable(f"{where} did not answer within {self._timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise EmbeddingUnavailable(f"{where} cannot be reached ({first_line(exc)})") from exc
        if resp.status_code >= 400:
            raise EmbeddingUnavailable(f"{where} answered HTTP {resp.status_code}: {_error_text(resp)}")
        try:
            rows = sorted(resp.json()["data"], key=lambda row: row["index"])
            vectors = np.array([row["embedding"] for row in rows], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbeddingUnavailable(f"{where} did not return embeddings ({first_line(exc) or 'bad JSON'})") from exc
        if vectors.ndim != 2 or len(vectors) != len(texts) or (self._dimension not in (None, vectors.shape[1])):
            raise EmbeddingUnavailable(f"{where} returned {vectors.shape} vectors for {len(texts)} texts "
                                       f"(dimension {self._dimension or '?'} expected)")
        self._dimension = vectors.shape[1]
        return vectors


def _error_text(resp: httpx.Response) -> str:
    """The server's own error message (OpenAI's {"error": {"message"}}, FastAPI's {"detail"}) or the body's first line."""
    try:
        body = resp.json()
        error = body.get("error") or body.get("detail") or body
        text = error.get("message", error) if isinstance(error, dict) else error
    except ValueError:
        text = resp.text
    return first_line(ValueError(str(text)), limit=160)


def server_embeddings(settings: Settings) -> ServerEmbeddings:
    """The process-wide server backend for these settings."""
    if not settings.embedding_base_url:
        raise EmbeddingUnavailable("IMAGINE_EMBEDDING_BASE_URL is not set (the embedding backend is 'openai')")
    with _LOCK:
        return _cached(settings.embedding_base_url, settings.embedding_api_model, settings.embedding_api_key,
                       settings.embedding_query_prompt, settings.embedding_document_prompt,
                       settings.embedding_api_batch_size, settings.embedding_timeout_s)


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _cached(*args) -> ServerEmbeddings:
    return ServerEmbeddings(*args)


def llama_server_command(model: Path | str, port: int, host: str = "127.0.0.1", threads: int = 1) -> list[str]:
    """The command that serves ``model`` (a GGUF, e.g. the installed ``embeddinggemma-300m-gguf``) as an
    embeddings server with llama-cpp-python. Context and batches of 2048 tokens: a text's tokens must fit in
    one batch (llama.cpp truncates at the batch size), and the in-process model truncates at 2048 too.

    One thread: on 2 cores shared with other processes (web workers, an ingest), llama.cpp's threads wait
    for each other at every operation; measured at load ~5, a query took 0.06 s or, as often, ~4.5 s with
    2 threads, and 0.09-0.12 s with 1, which also embedded chunks faster (0.5-0.74/s vs 0.40-0.47/s)."""
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--embedding", "true",
            "--host", host, "--port", str(port), "--n_ctx", "2048", "--n_batch", "2048", "--n_ubatch", "2048",
            "--n_threads", str(threads), "--n_threads_batch", str(threads)]
