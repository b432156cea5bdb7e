"""The OpenVINO document path: length-sorted batching (fakes), the registry lookup of the converted
model, and (slow) agreement with the torch model on the corpus's own chunks and sentence units."""

import json

import numpy as np
import pytest

from imagine import models
from imagine.components.embedding.local_openvino import encode_by_length


def test_batches_go_longest_first_and_vectors_come_back_in_input_order():
    texts = ["bb", "a", "dddd", "ccc", "eeeee", "f"]
    batches = []

    def encode_batch(batch):
        batches.append(batch)
        return np.array([[len(t), ord(t[0])] for t in batch], dtype=np.float32)

    out = encode_by_length(texts, encode_batch, batch_size=4)
    assert [len(b) for b in batches] == [4, 2]
    flat = [t for b in batches for t in b]
    assert [len(t) for t in flat] == sorted((len(t) for t in texts), reverse=True)  # little padding per batch
    assert out.tolist() == [[len(t), ord(t[0])] for t in texts]
    assert out.dtype == np.float32


def test_no_texts_no_batches():
    def encode_batch(batch):
        raise AssertionError("called for nothing")

    assert encode_by_length([], encode_batch, batch_size=4).shape[0] == 0


def test_the_conversion_is_found_only_when_installed(tmp_path):
    path, why = models.converted("embeddinggemma-300m", "openvino", tmp_path)
    assert path is None and "imagine models install embeddinggemma-300m-openvino" in why
    path, why = models.converted("some/other/model", "openvino", tmp_path)
    assert path is None and "no openvino conversion" in why

    spec = models.REGISTRY["embeddinggemma-300m-openvino"]
    folder = models.model_path(spec.name, tmp_path)
    folder.mkdir()
    (folder / "openvino_model.bin").write_bytes(b"weights")
    (folder / "openvino_model.xml").write_text("<net/>")
    stamp = {"manifest": spec.manifest_digest(), "sizes": {"openvino_model.bin": 7}}
    (folder / models.STAMP).write_text(json.dumps(stamp))
    assert models.converted("embeddinggemma-300m", "openvino", tmp_path) == (folder / "openvino_model.xml", "")


@pytest.mark.slow
def test_openvino_vectors_agree_with_the_torch_model_on_corpus_text(tmp_path):
    from imagine.components.embedding.base import _unit
    from imagine.components.embedding.local import SentenceTransformerEmbeddings
    from imagine.components.embedding.local_openvino import OpenVINOEmbeddings
    from imagine.models import resolve
    from imagine.settings import Settings
    from ingest.pipeline import collect
    from imagine.sentences import passage_sentences

    settings = Settings()
    xml, why = models.converted(settings.embedding_model, "openvino", settings.models_dir)
    if xml is None:
        pytest.skip(why)
    chunks, _, _ = collect(settings)
    texts = list(dict.fromkeys(c.text for c in chunks))  # one call: batches mix lengths across the 512-token window
    units = [u for t in texts for u in passage_sentences(t)][::3]
    source = resolve(settings.embedding_model, settings.models_dir)
    torch_model = SentenceTransformerEmbeddings(source)
    openvino_model = OpenVINOEmbeddings(source, xml)
    for batch in (texts, units):
        vectors = openvino_model._encode_documents(batch)
        assert np.isfinite(vectors).all()
        cos = (_unit(torch_model._encode_documents(batch)) * _unit(vectors)).sum(1)
        assert cos.min() >= 0.99, cos.min()


@pytest.mark.slow
def test_an_ir_that_does_not_compile_leaves_documents_on_torch(tmp_path):
    from imagine.components.embedding.local import SentenceTransformerEmbeddings
    from imagine.components.embedding.local_openvino import OpenVINOEmbeddings
    from imagine.models import resolve
    from imagine.settings import Settings

    settings = Settings()
    source = resolve(settings.embedding_model, settings.models_dir)
    broken = tmp_path / "openvino_model.xml"
    broken.write_text("<not an IR>")
    model = OpenVINOEmbeddings(source, broken)
    with pytest.warns(UserWarning, match="OpenVINO embeddings unavailable"):
        vectors = model._encode_documents(["Il distretto conciario di Santa Croce sull'Arno ha adottato EMAS."])
    assert model.runtime.startswith("torch (openvino: ")
    expected = SentenceTransformerEmbeddings(source)._encode_documents(["Il distretto conciario di Santa Croce sull'Arno ha adottato EMAS."])
    assert np.allclose(vectors, expected, atol=1e-3)
