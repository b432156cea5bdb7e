"""Shared fixtures: real settings on temporary folders; the real embedding model and a real index (for tests
that claim retrieval or answer quality), and the same corpus indexed by a small fake embedder (for plumbing).

The embedding model is loaded once per test session (it is cached by path in
``imagine.components.embedding``), and only by a session that runs a test asking for it; every index lives in a
temporary folder, never in the repo's .data.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import imagine  # noqa: F401  (offline environment)
from imagine.settings import REPO_ROOT, Settings

# Web chat servers started by tests (and inheriting this environment) would each spend 40-90 s
# of the 2 cores compiling query encoding; the compiled path has its own test
# (tests/imagine/components/test_embedding.py).
os.environ.setdefault("IMAGINE_EMBEDDING_COMPILE", "0")

CORPUS = REPO_ROOT / "corpus"
REPORT = CORPUS / "documents" / "imagine-selezione-cluster.txt"


def pytest_addoption(parser):
    parser.addoption("--all-heldout", action="store_true",
                     help="also assert each older held-out set's own dev threshold (~10 min more on 2 cores)")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``all_heldout`` are skipped, with the reason shown, unless --all-heldout is given."""
    if config.getoption("--all-heldout"):
        return
    skip = pytest.mark.skip(reason="an older held-out set's own dev threshold: run with --all-heldout "
                                   "(a pooled sample of the older sets' dev splits runs in every run)")
    for item in items:
        if "all_heldout" in item.keywords:
            item.add_marker(skip)


def make_settings(root: Path, **overrides) -> Settings:
    """Settings whose corpus is a fresh copy of the repo's corpus under ``root``."""
    corpus = root / "corpus"
    if not corpus.exists():
        shutil.copytree(CORPUS, corpus)
    return Settings(corpus_dir=corpus, data_dir=root / "data", llm_backend="extractive", **overrides)


def make_small_settings(root: Path, **overrides) -> Settings:
    """Settings on a small corpus under ``root`` (15 chunks: the report's first ~9,000 characters and
    3 cards), written 4 chunks at a time: for tests that ingest several times or interrupt an ingest.
    Cards are the long chunks (1,300-3,000 characters, 12-16 sentence units each, where the report head's are
    short): 8 cards made an embedding ingest 25 s of embedding on 2 cores, 3 cards make it ~14 s."""
    corpus = root / "corpus"
    if not corpus.exists():
        (corpus / "documents").mkdir(parents=True)
        (corpus / "clusters").mkdir()
        head = REPORT.read_text(encoding="utf-8")[:9000].rsplit("\n\n", 1)[0]
        (corpus / "documents" / REPORT.name).write_text(head + "\n", encoding="utf-8")
        for card in sorted((CORPUS / "clusters").glob("*.yaml"))[:3]:
            shutil.copy(card, corpus / "clusters")
    fields = {"corpus_dir": corpus, "data_dir": root / "data", "llm_backend": "extractive", "ingest_batch": 4} | overrides
    return Settings(**fields)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture(scope="session")
def embeddings():
    from imagine.components.embedding import build_embeddings

    return build_embeddings(Settings())


@pytest.fixture(scope="session")
def torch_embeddings():
    """The same model on torch (sentence-transformers): the reference the OpenVINO runtime is checked against."""
    from imagine.components.embedding import build_embeddings

    return build_embeddings(Settings(embedding_runtime="torch"))


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory, embeddings) -> Settings:
    """One real index of the real corpus, built once and shared read-only by the tests."""
    from ingest.pipeline import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("indexed"))
    run_ingest(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def assistant(indexed_settings):
    """The real Assistant on the shared index, extractive backend (deterministic)."""
    from assistant import Assistant

    return Assistant(indexed_settings)


FAKE_MIN_SCORE = 0.25


@pytest.fixture(scope="session")
def fake_embeddings():
    """A deterministic bag-of-words embedder (tests/fakes.py): no model to load, the corpus embeds in milliseconds."""
    from tests.fakes import FakeEmbeddings

    return FakeEmbeddings()


@pytest.fixture(scope="session")
def fake_indexed_settings(tmp_path_factory, fake_embeddings) -> Settings:
    """The real corpus indexed with the fake embedder, built once and shared read-only: for plumbing tests.

    The gate's similarity floor is measured on the real model; the fake's cosines run lower (a question's best
    sentence scores ~0.3, an unrelated one ~0.1), so these settings lower it to FAKE_MIN_SCORE."""
    from ingest.pipeline import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("fake-indexed"), min_score=FAKE_MIN_SCORE)
    run_ingest(settings, progress=False, embeddings=fake_embeddings)
    return settings


@pytest.fixture(scope="session")
def fake_assistant(fake_indexed_settings, fake_embeddings):
    """The real Assistant on the fake-embedder index, extractive backend: for tests of plumbing, not quality."""
    from assistant import Assistant

    return Assistant(fake_indexed_settings, embeddings=fake_embeddings)
