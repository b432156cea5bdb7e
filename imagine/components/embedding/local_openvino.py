"""Document embeddings with the transformer run by OpenVINO: the fast path for ingest on this CPU.

The same EmbeddingGemma model: the sentence-transformers folder still tokenises (with the document
prompt), pools and applies the two Dense layers; only the transformer (the cost) runs in OpenVINO,
from the IR that ``imagine models install`` converts offline (:mod:`.openvino_export`).
On this 2-core CPU with AMX it embeds ~3x the texts per CPU second of torch's bf16 eager model, at
cosine >= 0.999 to it (measured on the corpus's chunks and sentence units; README, Benchmarks).
Queries stay on the torch model (one short text, optionally compiled): the vectors of both paths
share one collection, like the embeddings server's.

Texts are encoded longest first in batches of ``batch_size``: a batch pads to its longest text, so
sorting keeps padding small.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Callable

import numpy as np

from imagine.components.embedding.local import SentenceTransformerEmbeddings
from imagine.errors import first_line


def encode_by_length(texts: list[str], encode_batch: Callable[[list[str]], np.ndarray], batch_size: int) -> np.ndarray:
    """Vectors of ``texts`` in their order, encoded longest first ``batch_size`` at a time."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    parts = [np.asarray(encode_batch([texts[i] for i in order[j : j + batch_size]]), dtype=np.float32)
             for j in range(0, len(order), max(1, batch_size))]
    out = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
    out[order] = np.concatenate(parts)
    return out


def compile_ir(xml: Path, dtype: str = "bfloat16"):
    """The IR compiled for the CPU: a callable ``(input_ids, attention_mask) -> token states``.

    OpenVINO picks its own thread count (2 here). No thread setting on purpose: with
    INFERENCE_NUM_THREADS=1, openvino 2026.4.1 killed the process in compile_model (SIGFPE) on
    this machine, which no fallback can catch.
    """
    import openvino as ov

    config = {"INFERENCE_PRECISION_HINT": "bf16" if dtype == "bfloat16" else "f32"}
    compiled = ov.Core().compile_model(str(xml), "CPU", config)

    def forward(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return compiled([input_ids, attention_mask])[0]

    return forward


class OpenVINOEmbeddings(SentenceTransformerEmbeddings):
    """:class:`SentenceTransformerEmbeddings` whose documents go through an OpenVINO transformer.

    ``forward`` (token ids and mask -> token states, numpy) is injectable for tests; by default the
    IR at ``xml`` compiled by :func:`compile_ir` when the first documents are encoded (a failure
    then leaves documents on torch, with the reason in ``runtime``).
    """

    runtime = "openvino"

    def __init__(self, model_name_or_path: str | Path, xml: Path | None = None, dtype: str = "bfloat16",
                 batch_size: int = 16, memo_size: int = 20000, forward=None, query_threads: int = 1):
        super().__init__(model_name_or_path, dtype=dtype, batch_size=batch_size, memo_size=memo_size, query_threads=query_threads)
        self._forward = forward  # compiled on the first document batch: a server that only embeds queries never pays
        self._compile = lambda: compile_ir(Path(xml), dtype)
        self._prompt = self._model.prompts.get("document", "")

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        if self._forward is None:
            try:
                self._forward = self._compile()
            except Exception as exc:  # noqa: BLE001 - no openvino package, a bad IR: torch still embeds
                self._forward, self.runtime = False, f"torch (openvino: {first_line(exc)})"
                warnings.warn(f"OpenVINO embeddings unavailable ({first_line(exc)}); documents are embedded with torch", stacklevel=2)
        if self._forward is False:
            return super()._encode_documents(texts)
        vectors = encode_by_length(texts, self._encode_batch, self._batch_size)
        bad = ~np.isfinite(vectors).all(axis=1)
        if bad.any():  # never store a NaN vector: such texts go through the torch model instead
            vectors[bad] = super()._encode_documents([t for t, b in zip(texts, bad) if b])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        import torch

        features = self._model.preprocess(texts, prompt=self._prompt)
        states = self._forward(features["input_ids"].numpy(), features["attention_mask"].numpy())
        dtype = next(self._model.parameters()).dtype
        features = {"token_embeddings": torch.from_numpy(np.asarray(states, dtype=np.float32)).to(dtype),
                    "attention_mask": features["attention_mask"]}
        with torch.inference_mode():
            for module in list(self._model)[1:]:  # pooling, the Dense layers, normalisation
                features = module(features)
        return features["sentence_embedding"].float().numpy()
