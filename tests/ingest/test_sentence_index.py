"""Sentence vectors as index data: written at ingest, reused by hash, removed with their chunks,
completed after an interrupted run; real Chroma on disk, a small corpus, and the fake embedder
(tests/fakes.py): what is stored, reused and removed is plumbing, whatever the vectors."""

from __future__ import annotations

import numpy as np
import pytest

from imagine.components.vector_store import open_store
from imagine.components.vector_store.chroma import build_client, collection_name
from imagine.text import text_sha
from ingest.pipeline import run_ingest
from imagine.sentences import passage_sentences
from tests.conftest import FAKE_MIN_SCORE, REPORT, make_small_settings
from tests.fakes import FakeEmbeddings
from tests.helpers import copy_index


NEW_SENTENCE = "Il distretto ha adottato un registro condiviso delle prescrizioni ambientali, aggiornato ogni anno."


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, fake_embeddings):
    """A small index built once (its first ingest's summary kept); tests work on copies."""
    settings = make_small_settings(tmp_path_factory.mktemp("small"))
    return settings, run_ingest(settings, progress=False, embeddings=fake_embeddings)


@pytest.fixture
def small(small_index, tmp_path):
    return copy_index(small_index[0], tmp_path / "copy", ingest_batch=4)


def chunk_texts(settings, embeddings) -> dict[str, str]:
    data = open_store(embeddings, settings).get(include=["documents", "metadatas"])
    return dict(zip(data["ids"], data["documents"]))


def sentence_records(settings, embeddings) -> dict:
    data = open_store(embeddings, settings).sentences().get(include=["documents", "metadatas", "embeddings"])
    return {rid: (doc, meta, np.asarray(vec)) for rid, doc, meta, vec in zip(data["ids"], data["documents"], data["metadatas"], data["embeddings"])}


def expected_units(texts) -> dict[str, tuple[str, str]]:
    """What the sentence collection must hold for these chunk texts: record id -> (unit, chunk text hash)."""
    return {f"{text_sha(t)[:32]}-{n}": (u, text_sha(t)) for t in set(texts) for n, u in enumerate(passage_sentences(t))}


def assert_matches_chunks(settings, embeddings) -> dict:
    records = sentence_records(settings, embeddings)
    want = expected_units(chunk_texts(settings, embeddings).values())
    assert {rid: (doc, meta["text_sha"]) for rid, (doc, meta, _) in records.items()} == want
    assert all(meta["sentence_sha"] == text_sha(doc) for doc, meta, _ in records.values())
    return records


def test_cold_ingest_stores_every_unit_once_embedded(small_index, fake_embeddings):
    settings, summary = small_index
    records = assert_matches_chunks(settings, fake_embeddings)
    distinct = {doc for doc, _, _ in records.values()}
    assert summary.sync.sentences_total == len(records) > summary.chunks
    assert summary.sync.sentences_embedded == len(distinct) < len(records)  # shared units are embedded once
    # the stored vector is the embedder's document vector of the unit (a fresh one: nothing memoised)
    sample = sorted(distinct)[:12]
    fresh = np.asarray(FakeEmbeddings().embed_documents(sample), dtype=np.float32)
    stored = {doc: vec for doc, _, vec in records.values()}
    assert np.abs(np.stack([stored[s] for s in sample]) - fresh).max() < 1e-6
    assert all(abs(np.linalg.norm(v) - 1) < 1e-4 for v in stored.values())


def test_warm_reingest_embeds_and_cuts_nothing(small, fake_embeddings, monkeypatch):
    import ingest.sentence_index

    def no_cutting(text):
        raise AssertionError("a warm re-ingest cut sentences again")

    monkeypatch.setattr(ingest.sentence_index, "passage_sentences", no_cutting)
    again = run_ingest(small, progress=False, embeddings=fake_embeddings)
    assert (again.sync.embedded, again.sync.sentences_embedded, again.sync.sentences_removed) == (0, 0, 0)
    assert again.sync.sentences_total == len(sentence_records(small, fake_embeddings))


def test_edited_document_reuses_stored_units_and_drops_unused_ones(small, fake_embeddings):
    before = sentence_records(small, fake_embeddings)
    old_units = {doc for doc, _, _ in before.values()}
    report = small.documents_dir / REPORT.name
    text = report.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))  # keeps its first sentence, gets a new one
    paragraphs[longest] = paragraphs[longest].split(". ")[0] + ". " + NEW_SENTENCE
    report.write_text("\n\n".join(paragraphs), encoding="utf-8")
    summary = run_ingest(small, progress=False, embeddings=fake_embeddings)
    assert summary.sync.added and summary.sync.removed
    records = assert_matches_chunks(small, fake_embeddings)
    new_units = {doc for doc, _, _ in records.values()}
    assert summary.sync.sentences_embedded == len(new_units - old_units) >= 1  # only units never stored before
    assert NEW_SENTENCE in new_units
    gone = {rid for rid in before if rid not in records}
    assert gone and summary.sync.sentences_removed == len(gone)


def test_index_of_an_older_version_gets_its_sentence_vectors(small, fake_embeddings):
    """An index built before sentence vectors were stored: the next ingest adds them, embedding no chunk."""
    client = build_client(small)
    client.delete_collection(f"{collection_name(small, fake_embeddings.fingerprint)}-sentences")
    summary = run_ingest(small, progress=False, embeddings=fake_embeddings)
    assert (summary.sync.added, summary.sync.embedded) == (0, 0)
    assert summary.sync.sentences_embedded > 0
    assert_matches_chunks(small, fake_embeddings)


class FailsAfter:
    """The embeddings, failing from the ``calls``+1-th document batch on (an ingest that dies midway)."""

    def __init__(self, inner, calls: int):
        self.inner, self.calls = inner, calls

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_documents(self, texts):
        if self.calls == 0:
            raise RuntimeError("ingest interrupted")
        self.calls -= 1
        return self.inner.embed_documents(texts)


def test_interrupted_edit_never_leaves_a_half_updated_document(small, fake_embeddings):
    """Every chunk of the report changes; the run dies after its first batch of chunks is written (before
    that batch's sentence vectors). The index still holds every old chunk, next to the new ones
    written so far; the next run keeps those, writes the rest, then removes the old ones."""
    old_meta = dict(zip(*_ids_and_metas(small, fake_embeddings)))
    old = set(old_meta)
    report = small.documents_dir / REPORT.name
    lines = report.read_text(encoding="utf-8").split("\n")
    report.write_text("\n".join(f"{line} Revisione 2." if len(line) > 40 else line for line in lines), encoding="utf-8")

    with pytest.raises(RuntimeError, match="interrupted"):
        run_ingest(small, progress=False, embeddings=FailsAfter(fake_embeddings, calls=1))
    midway = set(chunk_texts(small, fake_embeddings))
    assert old <= midway and len(midway - old) == small.ingest_batch  # one batch in, no old chunk gone

    done = run_ingest(small, progress=False, embeddings=fake_embeddings)
    final = set(chunk_texts(small, fake_embeddings))
    assert final - midway, "the interrupted run had written every new chunk: nothing left to check"
    assert done.sync.added == len(final - midway) and done.sync.embedded == len(final - midway)
    gone = old - final
    assert gone and done.sync.removed == len(gone)
    assert {old_meta[rid]["document"] for rid in gone} == {REPORT.name}
    assert_matches_chunks(small, fake_embeddings)  # the written batch's sentence vectors were completed


def _ids_and_metas(settings, embeddings):
    data = open_store(embeddings, settings).get(include=["metadatas"])
    return data["ids"], data["metadatas"]


def test_load_reads_in_pages_up_to_a_limit_and_lookup_finds_the_rest(small_index, fake_embeddings):
    from imagine.components.vector_store.sentences import load, lookup

    collection = open_store(fake_embeddings, small_index[0]).sentences()
    stored = {doc: vec for doc, _, vec in sentence_records(small_index[0], fake_embeddings).values()}
    texts, vectors, complete, held = load(collection, limit=len(stored), page=7)
    assert complete and sorted(texts) == sorted(stored)
    # how many chunks hold each unit, as cutting the chunk texts again tells
    chunks = open_store(fake_embeddings, small_index[0]).get(include=["documents"])["documents"]
    assert held == {t: sum(t in set(passage_sentences(c)) for c in chunks) for t in stored}
    # a unit shared by several chunks has one record each, with the same vector (to float32 rounding)
    assert all(np.allclose(np.asarray(v), stored[t], atol=1e-6) for t, v in zip(texts, vectors))
    some, _, complete, _ = load(collection, limit=10, page=7)
    assert not complete and len(some) == 10
    rest = [t for t in stored if t not in some]
    found = lookup(collection, rest + ["a sentence no chunk has"])
    assert sorted(found) == sorted(rest) and all(np.allclose(np.asarray(found[t]), stored[t], atol=1e-6) for t in rest)


class NoDocuments:
    """The embeddings for queries; encoding a document (a sentence) fails the test."""

    def __init__(self, inner):
        self.inner = inner

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def embed_documents(self, texts):
        raise AssertionError(f"encoded at question time: {texts[:2]}")


QUESTION = "Chi deve valutare le attività e le risorse collettive del distretto?"


def _ungated(settings):
    """The gate's similarity floor lowered for the fake embedder's cosines (as on the shared fake index,
    tests/conftest.py): the answering sentence scores 0.32 here, under the real model's floor."""
    return settings.model_copy(update={"min_score": FAKE_MIN_SCORE})


def test_assistant_starts_on_stored_sentence_vectors(small, fake_embeddings):
    """Start to ready loads the index's sentence vectors in bulk: a passage answer encodes no sentence."""
    from assistant import Assistant

    bot = Assistant(_ungated(small), llm=None, embeddings=fake_embeddings)
    assert bot.status()["sentence_vectors"] == len({doc for doc, _, _ in sentence_records(small, fake_embeddings).values()})
    bot.scorer.embeddings = NoDocuments(fake_embeddings)
    answer = bot.ask(QUESTION)
    assert answer.route == "passages" and answer.citations and "verificatore" in answer.text


def test_assistant_on_an_index_without_sentence_vectors_encodes_them_when_asked(small, fake_embeddings):
    from assistant import Assistant

    build_client(small).delete_collection(f"{collection_name(small, fake_embeddings.fingerprint)}-sentences")
    bot = Assistant(_ungated(small), llm=None, embeddings=fake_embeddings)
    assert bot.status()["sentence_vectors"] == 0
    answer = bot.ask(QUESTION)
    assert answer.route == "passages" and "verificatore" in answer.text
