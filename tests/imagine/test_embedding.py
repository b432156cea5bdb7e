"""The embedding component on the real model: normalised vectors, query/document prompts, memo by text."""

from __future__ import annotations

import numpy as np


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
    real = embeddings._model.encode_document
    monkeypatch.setattr(embeddings._model, "encode_document", lambda texts, **kw: calls.append(list(texts)) or real(texts, **kw))
    again = embeddings.embed_documents([text, "Un testo nuovo mai visto prima dal modello di embedding.", text])
    assert calls == [["Un testo nuovo mai visto prima dal modello di embedding."]]
    assert again[0] == again[2] == first[0]
