"""Embeddings with the transformer run by OpenVINO and the rest in numpy: no torch in the process.

The same EmbeddingGemma model as :mod:`.local`: the sentence-transformers folder gives the tokenizer
(``tokenizer.json``, read by the ``tokenizers`` library), the prompts, the pooling and the Dense
layers (``safetensors`` weights); the transformer runs from the IR that ``imagine models install``
converts offline (:mod:`.openvino_export`). Why: on this 2-core CPU with AMX, bf16 OpenVINO embeds
~3x the documents per CPU second of torch's bf16 eager model and a query in ~25 ms (torch: ~60 ms
eager, ~35 ms after a 40-90 s compile), at cosine >= 0.99 to torch's vectors (tested on corpus text);
and a web worker that never imports torch, transformers or sentence-transformers starts ~5 s sooner.

Only the module kinds EmbeddingGemma's folder uses are read (Transformer, mean Pooling, Dense with an
identity activation, Normalize); any other folder raises :class:`UnsupportedModel` and
:func:`imagine.components.embedding.build_embeddings` keeps that model on torch.

Texts are encoded longest first in batches of ``batch_size``: a batch pads to its longest text, so
sorting keeps padding small.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np

from imagine.components.embedding.base import MemoEmbeddings, _unit, fingerprint


class UnsupportedModel(ValueError):
    """A sentence-transformers folder with a module this numpy pipeline does not implement."""


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
    this machine, which no fallback can catch. One infer request, reused (callers hold the model's lock).
    """
    import openvino as ov

    config = {"INFERENCE_PRECISION_HINT": "bf16" if dtype == "bfloat16" else "f32"}
    request = ov.Core().compile_model(str(xml), "CPU", config).create_infer_request()

    def forward(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        return np.array(request.infer([input_ids, attention_mask])[0], dtype=np.float32)  # a copy: the request reuses its buffer

    return forward


class Head:
    """What a sentence-transformers folder does around its transformer: tokenise with a prompt, mean-pool
    the token states, apply the Dense layers (normalising is the caller's). Read from the folder's own files."""

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        modules = json.loads((folder / "modules.json").read_text())
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds[:2] != ["Transformer", "Pooling"] or any(k not in ("Dense", "Normalize") for k in kinds[2:]):
            raise UnsupportedModel(f"modules {kinds}")
        pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens") or not pooling.get("include_prompt", True) or any(
                v for k, v in pooling.items() if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens"):
            raise UnsupportedModel(f"pooling {pooling}")
        self.dense: list[tuple[np.ndarray, np.ndarray | None]] = []
        for module, kind in zip(modules[2:], kinds[2:]):
            if kind != "Dense":
                continue
            config = json.loads((folder / module["path"] / "config.json").read_text())
            if not config.get("activation_function", "").endswith("Identity"):
                raise UnsupportedModel(f"Dense activation {config.get('activation_function')}")
            weights = load_file(str(folder / module["path"] / "model.safetensors"))
            self.dense.append((weights["linear.weight"].astype(np.float32).T, weights.get("linear.bias")))
        self.dimension = int(self.dense[-1][0].shape[1] if self.dense else pooling["word_embedding_dimension"])
        st_config = json.loads((folder / "config_sentence_transformers.json").read_text())
        self.prompts: dict[str, str] = st_config.get("prompts", {})
        tokenizer_config = json.loads((folder / "tokenizer_config.json").read_text())
        max_length = json.loads((folder / "sentence_bert_config.json").read_text()).get("max_seq_length") \
            or tokenizer_config.get("model_max_length")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(max_length))
        pad = tokenizer_config.get("pad_token", "<pad>")
        self.tokenizer.enable_padding(direction=tokenizer_config.get("padding_side", "right"), pad_id=self.tokenizer.token_to_id(pad),
                                      pad_token=pad)

    def tokenize(self, texts: list[str], prompt: str) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask (int64, padded to the longest) of ``prompt + text`` for each text."""
        encodings = self.tokenizer.encode_batch([prompt + t for t in texts])
        return (np.array([e.ids for e in encodings], dtype=np.int64), np.array([e.attention_mask for e in encodings], dtype=np.int64))

    def pool(self, states: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Vectors from the token states: the mean over real tokens (prompt included), then the Dense layers.
        Not normalised here: callers do it once (:meth:`MemoEmbeddings.embed_documents`, ``embed_query``)."""
        weights = mask[..., None].astype(np.float32)
        vectors = (states * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        for matrix, bias in self.dense:
            vectors = vectors @ matrix + (bias if bias is not None else 0)
        return vectors


class OpenVINOEmbeddings(MemoEmbeddings):
    """LangChain embeddings of a local sentence-transformers model whose transformer runs in OpenVINO.

    ``forward`` (token ids and mask -> token states, numpy) is injectable for tests; by default the IR at
    ``xml`` compiled by :func:`compile_ir` (~1.5 s), here in the constructor, so that a failure is known
    before the model is used.
    """

    runtime = "openvino"
    query_encoder = "openvino"  # nothing to compile: compile_queries stays the base's no-op

    def __init__(self, model_dir: str | Path, xml: Path | None = None, dtype: str = "bfloat16",
                 batch_size: int = 16, memo_size: int = 20000, forward=None):
        super().__init__(memo_size)
        self.model_id = str(model_dir)
        self._head = Head(Path(model_dir))
        self._forward = forward or compile_ir(Path(xml), dtype)
        self._batch_size = batch_size

    @property
    def dimension(self) -> int:
        return self._head.dimension

    @property
    def fingerprint(self) -> str:
        return fingerprint(Path(self.model_id).name or self.model_id, self.dimension)  # as the torch model's: one collection

    def _encode(self, texts: list[str], prompt_name: str) -> np.ndarray:
        ids, mask = self._head.tokenize(texts, self._head.prompts.get(prompt_name, ""))
        return self._head.pool(self._forward(ids, mask), mask)

    def _encode_documents(self, texts: list[str]) -> np.ndarray:
        vectors = encode_by_length(texts, lambda batch: self._encode(batch, "document"), self._batch_size)
        for i in np.flatnonzero(~np.isfinite(vectors).all(axis=1)):  # never store a NaN vector: again alone, unpadded
            vectors[i] = self._encode([texts[i]], "document")[0]
            if not np.isfinite(vectors[i]).all():
                raise ValueError(f"the embedding of a text is not finite: {texts[i][:80]!r}")
        return vectors

    def _embed_query(self, text: str) -> list[float]:
        with self._lock:
            return _unit(self._encode([text], "query")[0]).tolist()
