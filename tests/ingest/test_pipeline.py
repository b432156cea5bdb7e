"""`imagine ingest` end to end: real files, real Chroma on disk. What the index holds after runs that add,
edit, delete and break files is plumbing: those runs embed with the fake embedder (tests/fakes.py). The
killed-and-resumed ingest, the missing-index build (both the CLI in its own process) and the retrieval smoke
test use the real model."""

from __future__ import annotations

import os
import shutil
from collections import Counter

import numpy as np
import pytest

from imagine.components.vector_store import open_store
from imagine.index_state import read_state
from ingest.pipeline import build_if_missing, run_ingest
from tests.helpers import cli, kill_ingest_midway


def _records(settings, embeddings):
    col = open_store(embeddings, settings)
    data = col.get(include=["metadatas", "documents"])
    return list(zip(data["ids"], data["documents"], data["metadatas"]))


def test_cold_ingest_metadata_and_cards(settings, fake_embeddings):
    summary = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    assert summary.documents == 1 and summary.cards == 19
    assert summary.sync.added == summary.chunks == summary.sync.total
    assert not summary.skipped
    records = _records(settings, fake_embeddings)
    for _, text, meta in records:
        assert {"document", "section", "kind", "position"} <= set(meta)
        assert text.strip()
    kinds = Counter(m["kind"] for _, _, m in records)
    assert kinds["card"] == 19
    assert kinds["card_section"] >= 15
    # every chunk cut from a card in the report names its cluster in the text and metadata
    for _, text, meta in records:
        if meta["kind"] == "card_section":
            assert meta["cluster"] in text
            assert meta["document"] == "imagine-selezione-cluster.txt"
    by_cluster = {m["cluster"]: m for _, _, m in records if m["kind"] == "card"}
    assert by_cluster["Hackefors"]["country"] == "Sweden"
    assert by_cluster["Fedustria"]["country"] == "Belgium"
    positions = sorted(m["position"] for _, _, m in records if m["document"] == "imagine-selezione-cluster.txt")
    assert positions == list(range(len(positions)))
    state = read_state(settings)
    assert state and state["summary"]["chunks"] == summary.chunks


def test_rerun_unchanged_embeds_nothing(settings, fake_embeddings):
    first = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    again = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    assert (again.sync.added, again.sync.embedded, again.sync.removed, again.sync.moved) == (0, 0, 0, 0)
    assert again.sync.kept == first.chunks == again.sync.total


def test_add_edit_delete_document(settings, fake_embeddings):
    run_ingest(settings, progress=False, embeddings=fake_embeddings)
    docs = settings.documents_dir
    note = docs / "nota-prato.md"
    note.write_text(
        "# Nota sul distretto di Prato\n\nIl distretto tessile pratese ha avviato un percorso EMAS collettivo "
        "con un'analisi ambientale iniziale condivisa tra le imprese.\n\n## Prossimi passi\n\n"
        "Le imprese aderenti useranno il manuale comune convalidato dal verificatore accreditato.\n",
        encoding="utf-8",
    )
    added = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    new_docs = {m["document"] for _, _, m in _records(settings, fake_embeddings)}
    assert "nota-prato.md" in new_docs
    assert added.sync.added >= 1 and added.sync.removed == 0

    note.write_text(note.read_text().replace("manuale comune", "registro condiviso delle prescrizioni"), encoding="utf-8")
    edited = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    assert edited.sync.added >= 1 and edited.sync.removed >= 1
    texts = [t for _, t, m in _records(settings, fake_embeddings) if m["document"] == "nota-prato.md"]
    assert any("registro condiviso" in t for t in texts)
    assert not any("manuale comune" in t for t in texts)  # no stale chunk of the old version

    note.unlink()
    removed = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    assert removed.sync.removed >= 1
    assert "nota-prato.md" not in {m["document"] for _, _, m in _records(settings, fake_embeddings)}
    assert removed.sync.total == added.sync.total - added.sync.added


def test_bad_files_are_reported_and_skipped(settings, fake_embeddings):
    docs = settings.documents_dir
    (docs / "rotto.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(400))
    (docs / "binario.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    (docs / "vuoto.md").write_text("")
    (docs / "latino.txt").write_bytes("Perché le imprese del distretto aderiscono all'EMAS collettivo.".encode("cp1252"))
    (settings.clusters_dir / "broken.yaml").write_text("name: [unclosed\n")
    summary = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    reasons = dict(summary.skipped)
    assert set(reasons) >= {"rotto.pdf", "binario.txt", "vuoto.md", "clusters/broken.yaml"}
    assert all(reason.strip() for reason in reasons.values())
    assert "latino.txt" not in reasons  # decoded as cp1252, with a note
    assert any("latino.txt" in n and "cp1252" in n for n in summary.notes)
    assert summary.cards == 19 and summary.sync.total > 19


def test_document_turned_corrupt_keeps_previous_chunks(settings, fake_embeddings):
    docs = settings.documents_dir
    extra = docs / "guida.md"
    extra.write_text("# Guida\n\nIl verificatore accreditato convalida una sola volta le risorse comuni del distretto.\n")
    run_ingest(settings, progress=False, embeddings=fake_embeddings)
    before = [i for i, _, m in _records(settings, fake_embeddings) if m["document"] == "guida.md"]
    extra.write_bytes(b"\x00\xff\x00garbage" * 50)
    summary = run_ingest(settings, progress=False, embeddings=fake_embeddings)
    assert "guida.md" in dict(summary.skipped)
    after = [i for i, _, m in _records(settings, fake_embeddings) if m["document"] == "guida.md"]
    assert after == before and summary.sync.preserved == len(before)
    assert summary.sync.sentences_removed == 0  # its sentence vectors stay with its chunks


def _snapshot(collection) -> dict:
    """id -> (document, metadata, vector) of every record of a Chroma collection."""
    data = collection.get(include=["documents", "metadatas", "embeddings"])
    return {i: (d, m, np.asarray(v)) for i, d, m, v in zip(data["ids"], data["documents"], data["metadatas"], data["embeddings"])}


def _index(settings, embeddings) -> tuple[dict, dict]:
    """Chunks and sentence vectors of an index, each as a :func:`_snapshot`."""
    store = open_store(embeddings, settings)
    return _snapshot(store), _snapshot(store.sentences())


def _assert_same(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    assert all(got[i][:2] == want[i][:2] for i in want)  # documents and metadatas
    assert max(float(np.abs(got[i][2] - want[i][2]).max()) for i in want) <= 1e-5


@pytest.mark.slow
def test_ingest_killed_at_80_percent_resumes_to_the_clean_index(tmp_path, embeddings):
    """SIGKILL once 80% of the chunks are written with their sentence vectors; the rerun embeds only what
    the killed run had not written, and the result equals a clean ingest's: same ids, documents and
    metadatas, vectors within 1e-5, for chunks and sentences. Every ingest is the CLI in its own process
    (no vector memoised from another test); each index is opened here only once its writer is gone."""
    from tests.conftest import make_small_settings

    killed, clean = make_small_settings(tmp_path / "killed"), make_small_settings(tmp_path / "clean")
    done = cli(clean, "ingest", "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    cold = read_state(clean)["summary"]
    chunks = cold["chunks"]
    kill_ingest_midway(killed, after_chunks=int(0.8 * chunks))
    shutil.copytree(killed.data_dir, tmp_path / "partial")  # read after the rerun, from a copy
    done = cli(killed, "ingest", "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    rerun = read_state(killed)["summary"]["sync"]

    partial_chunks, partial_sentences = _index(killed.model_copy(update={"data_dir": tmp_path / "partial"}), embeddings)
    want_chunks, want_sentences = _index(clean, embeddings)
    assert int(0.8 * chunks) <= len(partial_chunks) < chunks  # killed after 80% of the chunks, before the end
    assert partial_sentences, "the killed run kept no sentence vector"
    shas = lambda records, key: {meta[key] for _, meta, _ in records.values()}  # noqa: E731
    assert rerun["added"] == chunks - len(partial_chunks) and rerun["kept"] == len(partial_chunks)
    assert rerun["embedded"] == len(shas(want_chunks, "text_sha") - shas(partial_chunks, "text_sha"))
    assert rerun["sentences_embedded"] == len(shas(want_sentences, "sentence_sha") - shas(partial_sentences, "sentence_sha"))
    assert rerun["sentences_embedded"] < cold["sync"]["sentences_embedded"] and rerun["embedded"] < cold["sync"]["embedded"]
    _assert_same(_index(killed, embeddings)[0], want_chunks)
    _assert_same(_index(killed, embeddings)[1], want_sentences)


@pytest.mark.slow
def test_retrieval_smoke(indexed_settings, embeddings):
    """A dozen questions of our own, Italian and English: the passage holding the answer is in the top 5."""
    store = open_store(embeddings, indexed_settings)
    cases = [
        ("Quanti addetti conta Fedustria?", "24.224"),
        ("How many people work in the Łódzkie textile cluster?", "47.680"),
        ("Qual è il sito internet del cluster North West?", "nwtexnet"),
        ("Which association coordinates the West Flanders cluster?", "Creamoda"),
        ("In che anno è stato applicato per la prima volta il modello Hackefors?", "1997"),
        ("By how much did air pollution fall in the Gendorf district?", "60%"),
        ("Chi è il proprietario dell'area di Vreten?", "Solna"),
        ("What environmental label was created in the Extremadura cluster?", "Natural"),
        ("Quanti cluster sono stati individuati in Europa dall'analisi del 2010?", "1.307"),
        ("What percentage of all enterprises are SMEs?", "99%"),
        ("Chi deve riconoscere le risorse comuni del distretto per l'EMAS?", "verificatore"),
        ("Which rivers have water quality problems in northern Portugal?", "Cavado"),
        ("Quando è stato creato il Plaine de l'Ain Mixed Syndicate?", "1974"),
    ]
    misses = []
    for question, evidence in cases:
        hits = store.query(store.embeddings.embed_query(question), 5)
        if not any(evidence.lower() in hit.text.lower() for hit in hits):
            misses.append(question)
    assert len(misses) <= 1, f"answer passage not in top 5 for: {misses}"


@pytest.mark.slow
def test_a_missing_index_is_built_by_the_faces_helper_never_by_the_assistant(tmp_path, embeddings):
    """The assistant on an empty index stays empty (no ingest at answer time); ``build_if_missing``, which
    the CLI, ``imagine serve`` and the web chat call first, builds it once and then leaves it to ``imagine ingest``."""
    from assistant import Assistant
    from tests.conftest import make_small_settings

    settings = make_small_settings(tmp_path)
    assert Assistant(settings, llm=None).status()["chunks"] == 0
    assert open_store(embeddings, settings).count() == 0
    built = build_if_missing(settings)
    assert built is not None and built.chunks > 0 and open_store(embeddings, settings).count() == built.chunks
    assert build_if_missing(settings) is None
    assert Assistant(settings, llm=None).status()["chunks"] == built.chunks
