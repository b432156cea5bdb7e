"""Embedding component: a sentence-transformers model loaded by local path, as LangChain ``Embeddings``
(or, by settings, the same interface over an embeddings server: :mod:`imagine.embedding_server`).

Queries and documents are encoded with the model's own prompts (``encode_query`` /
``encode_document``): EmbeddingGemma is trained with them and ranks worse without.
Vectors are L2-normalised so Chroma's cosine space and dot products agree. Document
vectors are memoised by text (bounded LRU), so text seen before in this process (a
re-ingest, a copy of a document, a passage whose sentences were already encoded) is
never encoded twice.

Query encoding can be compiled with ``torch.compile`` (inductor) for long-running
servers: a query is one short sequence, and on this 2-core CPU the eager model spends
about 40% of its ~60 ms in small element-wise ops that the compiler fuses (measured
~35 ms compiled). Compiling takes ~40 s (cached) to ~90 s (first time) of CPU, so it runs
in the background while the eager model keeps answering, and only queries switch to the
compiled code once it is ready; documents (long batches) stay eager.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from imagine.errors import first_line
from imagine.models import resolve
from imagine.settings import Settings, get_settings


class MemoEmbeddings(Embeddings):
    """LangChain embeddings whose document vectors are memoised by text (bounded LRU).

    Subclasses say how to encode texts missing from the memo (``_encode_documents``) and a query.
    """

    def __init__(self, memo_size: int = 20000):
        self._lock = threading.Lock()  # one encode at a time: torch on 2 cores is fastest so, a server queues anyway
        self._memo: OrderedDict[str, list[float]] = OrderedDict()
        self._memo_size = memo_size

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

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
    between them; see :mod:`imagine.embedding_server`).
    """
    return hashlib.sha256(f"{model_name}:{dimension}".encode()).hexdigest()[:10]


class SentenceTransformerEmbeddings(MemoEmbeddings):
    """LangChain embeddings over a local sentence-transformers model."""

    runtime = "torch"  # what encodes documents; "torch (openvino: <why not>)" after a fallback

    def __init__(self, model_name_or_path: str | Path, dtype: str = "bfloat16", batch_size: int = 16, memo_size: int = 20000,
                 query_threads: int = 1):
        import torch
        from sentence_transformers import SentenceTransformer

        super().__init__(memo_size)
        self.model_id = str(model_name_or_path)
        kwargs = {"torch_dtype": torch.bfloat16} if dtype == "bfloat16" else {}
        self._model = SentenceTransformer(self.model_id, device="cpu", model_kwargs=kwargs, local_files_only=True)
        self._batch_size = batch_size
        self._query_threads = query_threads
        self._compiled = None  # compiled forward for single queries, once ready
        self._use_compiled = threading.local()  # per thread: route this thread's forward to it
        self.query_encoder = "eager"  # "eager" | "compiling" | "compiled" | "eager (<why>)"

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension())

    @property
    def fingerprint(self) -> str:
        return fingerprint(Path(self.model_id).name or self.model_id, self.dimension)

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        return self._model.encode_document(texts, batch_size=self._batch_size, normalize_embeddings=True, convert_to_numpy=True)

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            if self._compiled is not None:
                try:
                    return self._encode_query(text, compiled=True)
                except Exception as exc:  # noqa: BLE001 - a compiled-code failure must not lose the query
                    self._compiled, self.query_encoder = None, f"eager ({first_line(exc)})"
            return self._encode_query(text, compiled=False)

    def _encode_query(self, text: str, compiled: bool) -> list[float]:
        self._use_compiled.on = compiled
        try:
            with torch_threads(self._query_threads):
                vector = self._model.encode_query([text], normalize_embeddings=True, convert_to_numpy=True)[0]
        finally:
            self._use_compiled.on = False
        return _unit(vector).tolist()

    def compile_queries(self) -> bool:
        """Compile the transformer's forward for query encoding; blocks for the compile time.

        Meant for a background thread: the compile runs outside the model lock (other
        threads keep encoding eagerly meanwhile) by calling the normal query path once with
        this thread routed to the compiled code. Returns False, with the reason in
        ``query_encoder``, when compiling fails (e.g. no C compiler): queries stay eager.
        """
        import torch
        import torch._inductor.config as inductor

        if self._compiled is not None:
            return True
        auto = self._model[0].auto_model
        eager = auto.forward
        inductor.compile_threads = 1  # no worker pool: nothing to tear down at exit
        inductor.cpp.threads = self._query_threads  # the generated kernels' OpenMP threads, as for eager queries
        compiled = torch.compile(eager, dynamic=True)
        local = self._use_compiled

        def forward(*args, **kwargs):
            return (compiled if getattr(local, "on", False) else eager)(*args, **kwargs)

        self.query_encoder = "compiling"
        auto.forward = forward  # every thread passes here; only a thread that set .on runs compiled
        try:
            # two lengths: the graph is built with a dynamic sequence length, the second call must reuse it
            for probe in ("EMAS di distretto", "Which clusters in Spain have more than 4,000 workers?"):
                self._encode_query(probe, compiled=True)
        except Exception as exc:  # noqa: BLE001 - compiling is an optimisation, never a requirement
            auto.__dict__.pop("forward", None)  # back to the plain eager model
            self.query_encoder = f"eager ({first_line(exc)})"
            return False
        self._compiled, self.query_encoder = compiled, "compiled"
        return True


def build_embeddings(settings: Settings | None = None) -> MemoEmbeddings:
    """The embedding backend chosen by settings: the model in this process (an installed model name or
    any local path), or an OpenAI-compatible server (``embedding_backend="openai"``). One instance per
    configuration and process, shared by every thread (and its memo)."""
    settings = settings or get_settings()
    if settings.embedding_backend == "openai":
        from imagine.embedding_server import server_embeddings

        return server_embeddings(settings)
    target = resolve(settings.embedding_model, settings.models_dir)
    xml, why = None, ""
    if settings.embedding_runtime == "openvino":
        from imagine.models import converted

        xml, why = converted(settings.embedding_model, "openvino", settings.models_dir)
    with _BUILD_LOCK:  # threads asking at once get one model (loads in parallel corrupted dtypes)
        model = _cached(str(target), settings.embedding_dtype, settings.embedding_batch_size, settings.embedding_query_threads,
                        str(xml) if xml else None)
    if why and model.runtime == "torch":
        model.runtime = f"torch (openvino: {why})"
    return model


_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _cached(target: str, dtype: str, batch_size: int, query_threads: int, xml: str | None = None) -> SentenceTransformerEmbeddings:
    if xml is not None:
        from imagine.embedding_openvino import OpenVINOEmbeddings

        return OpenVINOEmbeddings(target, Path(xml), dtype=dtype, batch_size=batch_size, query_threads=query_threads)
    return SentenceTransformerEmbeddings(target, dtype=dtype, batch_size=batch_size, query_threads=query_threads)


@contextmanager
def torch_threads(n: int):
    """Torch's intra-op threads set to ``n`` for this thread's work in the block, then set back.

    One query is a short sequence: a second OpenMP thread saves little on an idle machine, but on
    2 shared cores each parallel region waits for whichever thread the OS has descheduled (measured
    at load 5-7: 2.6 s median per query with 2 threads, 0.14 s with 1)."""
    import torch

    before = torch.get_num_threads()
    if n == before:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _unit(vectors: np.ndarray) -> np.ndarray:
    """float32 vectors of length 1. The model normalises in bfloat16, which leaves norms up to ~2e-3
    off 1 (measured 0.9987 on this CPU); cosine = dot product holds only for unit vectors."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)
