"""The embedding component on the real model (the default runtime; torch for what only torch does): normalised
vectors, query/document prompts, memo by text, query compile and threads."""

from __future__ import annotations

import os

import numpy as np
import pytest


def test_vectors_are_normalised_and_cross_lingual(embeddings):
    doc_it, doc_other = embeddings.embed_documents(
        ["Il distretto conciario di Santa Croce produce pelle.", "Il parco industriale gestisce i rifiuti."]
    )
    query = embeddings.embed_query("Which district produces leather?")
    assert abs(np.linalg.norm(doc_it) - 1) < 1e-3 and len(doc_it) == embeddings.dimension
    assert np.dot(query, doc_it) > np.dot(query, doc_other)


def test_text_seen_before_is_not_encoded_again(embeddings, monkeypatch):
    text = "Testo di prova per la memoria delle embedding: il verificatore accreditato convalida le risorse."
    first = embeddings.embed_documents([text])
    calls = []
    real = embeddings._encode_documents  # what every runtime (torch, OpenVINO) calls for texts the memo lacks
    monkeypatch.setattr(embeddings, "_encode_documents", lambda texts: calls.append(list(texts)) or real(texts))
    again = embeddings.embed_documents([text, "Un testo nuovo mai visto prima dal modello di embedding.", text])
    assert calls == [["Un testo nuovo mai visto prima dal modello di embedding."]]
    assert again[0] == again[2] == first[0]


@pytest.mark.slow
def test_compiled_query_encoding_gives_the_eager_vectors():
    """torch.compile really builds (C compiler, inductor) and changes nothing but speed. The real model cut to two of
    its 24 layers, one of each attention kind (sliding window, full): the compile then takes ~27 s instead of ~95 s
    of CI time, through the same code path (the whole model's agreement was measured at > 0.99 the same way)."""
    import torch

    from imagine.components.embedding.local import SentenceTransformerEmbeddings
    from imagine.models import resolve
    from imagine.settings import Settings

    settings = Settings()
    emb = SentenceTransformerEmbeddings(resolve(settings.embedding_model, settings.models_dir))  # not the shared one
    auto = emb._model[0].auto_model
    kinds = auto.config.layer_types
    keep = [kinds.index("sliding_attention"), kinds.index("full_attention")]
    auto.layers = torch.nn.ModuleList([auto.layers[i] for i in keep])
    auto.config.layer_types, auto.config.num_hidden_layers = [kinds[i] for i in keep], len(keep)
    queries = ["Quanti addetti ha il cluster Pannon?", "Which district produces leather and how is its wastewater treated?"]
    eager = np.array([emb.embed_query(q) for q in queries])
    assert emb.compile_queries(), emb.query_encoder
    assert emb.query_encoder == "compiled"
    compiled = np.array([emb.embed_query(q) for q in queries])
    assert np.all(np.sum(eager * compiled, axis=1) > 0.99)  # bf16 rounding differs a little, direction does not
    assert not np.allclose(compiled[0], compiled[1], atol=0.05)  # two questions, two vectors: not a constant output


def test_a_failed_compile_leaves_queries_eager(torch_embeddings, monkeypatch):
    embeddings = torch_embeddings
    import torch

    def broken(fn, **kw):
        def run(*a, **k):
            raise RuntimeError("no C compiler found")
        return run

    before = embeddings.embed_query("Come funziona la registrazione EMAS?")
    monkeypatch.setattr(torch, "compile", broken)
    assert embeddings.compile_queries() is False
    assert embeddings.query_encoder == "eager (no C compiler found)"
    assert embeddings.embed_query("Come funziona la registrazione EMAS?") == before
    embeddings.query_encoder = "eager"


@pytest.mark.parametrize("setting, load, threads", [
    (1, 0.0, 1),  # one thread whatever the load
    (0, 0.0, min(os.cpu_count() or 1, 4)),  # auto on an idle machine: the cores (up to 4)
    (0, 9.0, 1),  # auto on busy cores: two OpenMP threads would wait for each other (2.6 s instead of 0.14 s at load 5-7)
])
def test_a_query_is_encoded_on_the_threads_the_setting_and_the_load_give_and_the_count_is_given_back(
        torch_embeddings, monkeypatch, setting, load, threads):
    import torch

    embeddings = torch_embeddings
    seen = []
    real = embeddings._model.encode_query
    monkeypatch.setattr(embeddings._model, "encode_query", lambda texts, **kw: seen.append(torch.get_num_threads()) or real(texts, **kw))
    monkeypatch.setattr(embeddings, "_query_threads", setting)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    before = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        embeddings.embed_query(f"Quali cluster si trovano in Spagna? {setting} {load}")
        assert seen == [threads]
        assert torch.get_num_threads() == 3  # documents (ingest batches) keep theirs
    finally:
        torch.set_num_threads(before)
