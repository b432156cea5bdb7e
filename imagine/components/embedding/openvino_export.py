"""Convert EmbeddingGemma's transformer to an OpenVINO model, offline, from the installed folder.

``python -m imagine.components.embedding.openvino_export SOURCE_DIR OUT_DIR`` writes ``openvino_model.xml/.bin``: the
transformer only (input ids and attention mask -> token states); the tokenizer, pooling and the two
Dense layers stay the sentence-transformers modules of the source folder (:mod:`.local_openvino`).
Run by ``imagine models install`` (the ``openvino`` conversion of :mod:`imagine.models`).

Why: on this CPU (AMX bf16) OpenVINO runs the transformer in bf16 ~3x faster per CPU second than
torch's bf16 eager model, at cosine >= 0.9998 to the torch fp32 vectors (README, Benchmarks).

The attention masks are built here from the padding mask with plain tensor ops and handed to the
model as a dict (full and sliding-window layers), because transformers' own mask builders do not
trace; EmbeddingGemma is bidirectional, so a token sees every unpadded token (sliding layers: those
closer than ``sliding_window``; padding tokens see every token, so no softmax row is empty). Weights are saved in fp32 (no fp16 compression): the runtime picks
the inference precision.
"""

from __future__ import annotations

import sys
from pathlib import Path

XML = "openvino_model.xml"
BIN = "openvino_model.bin"


def _wrapper(auto_model):
    import torch

    window = int(auto_model.config.sliding_window)

    class TokenStates(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            length = input_ids.shape[1]
            real = attention_mask.bool()
            full = real[:, None, None, :].expand(-1, 1, length, -1)
            idx = torch.arange(length)
            # a padding query farther than the window from every real token would see nothing: its
            # softmax is NaN, and NaN values times a zero weight poison the real rows of the next
            # layer; padding rows see everything instead (no real row ever reads them)
            sliding = (full & ((idx[:, None] - idx[None, :]).abs() < window)) | ~real[:, None, :, None]
            masks = {"full_attention": full, "sliding_attention": sliding}
            return self.model(input_ids=input_ids, attention_mask=masks, use_cache=False).last_hidden_state

    return TokenStates(auto_model).eval()


def export(source: Path, out: Path) -> Path:
    """Convert the transformer of the sentence-transformers folder ``source`` into ``out``; returns the .xml."""
    import openvino as ov
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(source), device="cpu", local_files_only=True)  # fp32
    example = model.preprocess(["title: none | text: EMAS di distretto", "a second, longer example sentence for tracing"])
    wrapped = _wrapper(model[0].auto_model)
    with torch.no_grad():
        converted = ov.convert_model(wrapped, example_input=(example["input_ids"], example["attention_mask"]))
    out.mkdir(parents=True, exist_ok=True)
    ov.save_model(converted, str(out / XML), compress_to_fp16=False)
    return out / XML


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m imagine.components.embedding.openvino_export SOURCE_DIR OUT_DIR")
    print(export(Path(sys.argv[1]), Path(sys.argv[2])))
