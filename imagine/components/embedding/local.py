"""Embedding backend ``local``: a sentence-transformers model loaded by local path, in this process.

Queries and documents are encoded with the model's own prompts (``encode_query`` /
``encode_document``): EmbeddingGemma is trained with them and ranks worse without.

Query encoding can be compiled with ``torch.compile`` (inductor) for long-running
servers: a query is one short sequence, and on this 2-core CPU the eager model spends
about 40% of its ~60 ms in small element-wise ops that the compiler fuses (measured
~35 ms compiled). Compiling takes ~40 s (cached) to ~90 s (first time) of CPU, so it runs
in the background while the eager model keeps answering, and only queries switch to the
compiled code once it is ready; documents (long batches) stay eager.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from imagine.components.embedding.base import MemoEmbeddings, _unit, fingerprint
from imagine.errors import first_line


class SentenceTransformerEmbeddings(MemoEmbeddings):
    """LangChain embeddings over a local sentence-transformers model."""

    runtime = "torch"  # "torch (openvino: <why not>)" when the OpenVINO runtime was asked for and did not load

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

    def _embed_query(self, text: str) -> list[float]:
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
            with torch_threads(self._query_threads or idle_threads()):
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
        inductor.cpp.threads = self._query_threads or 1  # the generated kernels' OpenMP threads (fixed when compiled)
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
        self.forget_queries()  # the compiled encoder's vectors differ a little (bf16 rounding): one encoder's at a time
        return True


def idle_threads() -> int:
    """Threads for one query when the setting is 0 (auto): up to 4 cores while the machine is otherwise idle
    (1-minute load average below the cores less one half), else one. Two threads save ~15 ms a query
    idle; on busy cores they wait for each other (see :func:`torch_threads`)."""
    cores = os.cpu_count() or 1
    return min(cores, 4) if os.getloadavg()[0] < cores - 0.5 else 1


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
