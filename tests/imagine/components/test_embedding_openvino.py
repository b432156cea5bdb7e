"""The OpenVINO embeddings: length-sorted batching and the numpy head on a tiny sentence-transformers
folder (fakes for the transformer), the registry lookup of the converted model, and (slow) agreement
with the torch model on the corpus's own chunks, sentence units and questions."""

import json

import numpy as np
import pytest

from imagine import models
from imagine.components.embedding.local_openvino import OpenVINOEmbeddings, UnsupportedModel, encode_by_length


def _tiny_folder(tmp_path, pooling_mode="pooling_mode_mean_tokens"):
    """A sentence-transformers folder of the EmbeddingGemma kind with a 6-word tokenizer and one 2x3 Dense layer."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models as tok_models, pre_tokenizers

    vocab = {"<pad>": 0, "<unk>": 1, "q:": 2, "d:": 3, "emas": 4, "di": 5, "distretto": 6}
    tokenizer = Tokenizer(tok_models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    modules = [("Transformer", ""), ("Pooling", "1_Pooling"), ("Dense", "2_Dense"), ("Normalize", "3_Normalize")]
    (tmp_path / "modules.json").write_text(json.dumps(
        [{"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"} for i, (kind, path) in enumerate(modules)]))
    (tmp_path / "1_Pooling").mkdir(exist_ok=True)
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 2, pooling_mode: True, "include_prompt": True}))
    (tmp_path / "2_Dense").mkdir(exist_ok=True)
    (tmp_path / "2_Dense" / "config.json").write_text(json.dumps(
        {"in_features": 2, "out_features": 3, "bias": False, "activation_function": "torch.nn.modules.linear.Identity"}))
    save_file({"linear.weight": np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32)}, str(tmp_path / "2_Dense" / "model.safetensors"))
    (tmp_path / "config_sentence_transformers.json").write_text(json.dumps({"prompts": {"query": "q: ", "document": "d: "}}))
    (tmp_path / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 8}))
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"pad_token": "<pad>", "padding_side": "right"}))
    return tmp_path


def _states(ids, mask):
    """A fake transformer: each token's state is (its id, 1); padding states are huge, so any leak shows."""
    return np.stack([ids.astype(np.float32), np.ones(ids.shape, np.float32)], -1) + 1000 * (1 - mask[..., None])


def test_the_numpy_head_pools_real_tokens_with_the_prompt_and_applies_the_dense_layer(tmp_path):
    model = OpenVINOEmbeddings(_tiny_folder(tmp_path), forward=_states, batch_size=4)
    assert model.dimension == 3
    [short, long] = model.embed_documents(["emas", "emas di distretto"])  # one batch: "emas" is padded
    mean_short = np.array([(3 + 4) / 2, 1])  # "d:" and "emas"
    expected = mean_short @ np.array([[1, 0, 1], [0, 1, 1]])
    assert np.allclose(short, expected / np.linalg.norm(expected), atol=1e-6)
    mean_long = np.array([(3 + 4 + 5 + 6) / 4, 1])
    expected = mean_long @ np.array([[1, 0, 1], [0, 1, 1]])
    assert np.allclose(long, expected / np.linalg.norm(expected), atol=1e-6)
    query = model.embed_query("emas")  # the query prompt, not the document one
    expected = np.array([(2 + 4) / 2, 1]) @ np.array([[1, 0, 1], [0, 1, 1]])
    assert np.allclose(query, expected / np.linalg.norm(expected), atol=1e-6)


def test_a_row_that_comes_back_nan_is_encoded_again_alone_and_never_stored_as_nan(tmp_path):
    def nan_when_padded(ids, mask):
        states = _states(ids, mask)
        if (mask == 0).any():
            states[0] = np.nan
        return states

    model = OpenVINOEmbeddings(_tiny_folder(tmp_path), forward=nan_when_padded)
    vectors = np.array(model.embed_documents(["emas di distretto", "emas"]))
    assert np.isfinite(vectors).all()
    with pytest.raises(ValueError, match="not finite"):
        OpenVINOEmbeddings(_tiny_folder(tmp_path), forward=lambda ids, mask: np.full(ids.shape + (2,), np.nan))._encode_documents(["emas"])


def test_a_folder_with_another_pooling_is_refused_not_misread(tmp_path):
    with pytest.raises(UnsupportedModel, match="pooling"):
        OpenVINOEmbeddings(_tiny_folder(tmp_path, "pooling_mode_cls_token"), forward=_states)


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
def test_openvino_vectors_agree_with_the_torch_model_on_corpus_text(tmp_path, torch_embeddings):
    from imagine.components.embedding.base import _unit
    from imagine.models import resolve
    from imagine.settings import Settings
    from ingest.pipeline import collect
    from imagine.sentences import passage_sentences
    from evaluation.dataset import load_questions

    settings = Settings()
    xml, why = models.converted(settings.embedding_model, "openvino", settings.models_dir)
    if xml is None:
        pytest.skip(why)
    chunks, _, _ = collect(settings)
    texts = list(dict.fromkeys(c.text for c in chunks))
    units = [u for t in texts for u in passage_sentences(t)][::12]
    # every eighth chunk by length, the longest kept (one call: batches still mix lengths across the 512-token
    # window); all 50 chunks and every third unit agreed the same way. The torch reference runs in the dtype the
    # settings pick for this CPU (imagine.cpu): in emulated bf16 on a 2-core CPU without it every fourth chunk took
    # 192 s, in float32 56-64 s; every eighth 52 s (each runtime spends ~2 s on a 512-token chunk here)
    texts = sorted(texts, key=len, reverse=True)[::8]
    source = resolve(settings.embedding_model, settings.models_dir)
    torch_model = torch_embeddings
    openvino_model = OpenVINOEmbeddings(source, xml)
    assert openvino_model.fingerprint == torch_model.fingerprint  # one collection for both runtimes
    for batch in (texts, units):
        vectors = openvino_model._encode_documents(batch)
        assert np.isfinite(vectors).all()
        cos = (_unit(torch_model._encode_documents(batch)) * _unit(vectors)).sum(1)
        assert cos.min() >= 0.99, cos.min()
    questions = [q.text for q in load_questions()][::10]
    ours = np.array([openvino_model.embed_query(q) for q in questions])
    theirs = np.array([torch_model.embed_query(q) for q in questions])
    assert (ours * theirs).sum(1).min() >= 0.99
    hf = torch_model._model.tokenizer  # the same token ids as the transformers tokenizer, prompt included
    for text in texts[:20] + questions[:20]:
        prompt = torch_model._model.prompts["document"]
        assert openvino_model._head.tokenize([text], prompt)[0][0].tolist() == hf(prompt + text)["input_ids"]


@pytest.mark.slow
def test_an_ir_that_does_not_compile_leaves_the_model_on_torch(tmp_path):
    from imagine.components.embedding import _cached
    from imagine.components.embedding.local import SentenceTransformerEmbeddings
    from imagine.models import resolve
    from imagine.settings import Settings

    settings = Settings()
    source = resolve(settings.embedding_model, settings.models_dir)
    broken = tmp_path / "openvino_model.xml"
    broken.write_text("<not an IR>")
    with pytest.warns(UserWarning, match="OpenVINO embeddings unavailable"):
        model = _cached(str(source), "bfloat16", 16, 1, str(broken))
    assert isinstance(model, SentenceTransformerEmbeddings) and model.runtime.startswith("torch (openvino: ")
