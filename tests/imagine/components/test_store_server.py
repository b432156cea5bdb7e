"""The vector store as a real Chroma server (``chroma run`` on loopback), chosen by settings only.

One server per module, started here and stopped by its own PID. Its index is built by the
``imagine ingest`` CLI with ``IMAGINE_CHROMA_HOST/PORT`` in the environment: a first run is
SIGKILLed midway, a second completes it; the result is compared with an embedded index of the
same corpus (a clean ingest, so the same content ids). Then search and ask run against it, and
the server is stopped and restarted under a live Assistant.

The corpus is the small one (:func:`tests.conftest.make_small_settings`: 15 chunks, written 4 at a
time): what is checked is the store's plumbing, which the whole corpus would only make slower
(three ingests of it took ~160 s of the suite on a 2-core CPU without AVX-512).
"""

from __future__ import annotations

import pytest

from ingest.pipeline import run_ingest
from tests.conftest import make_small_settings
from tests.helpers import ChromaServer, cli, index_ids, kill_ingest_midway

pytestmark = pytest.mark.slow

QUESTION = "What condition must be met to join district EMAS?"  # answered by the small corpus's report head


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A clean embedded ingest of the small corpus, in this process: the reference for the server's index."""
    settings = make_small_settings(tmp_path_factory.mktemp("embedded"))
    run_ingest(settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def embedded_bot(clean):
    from assistant import Assistant

    return Assistant(clean)


@pytest.fixture(scope="module")
def server_index(chroma, tmp_path_factory, embeddings):
    """The server's index, built by the CLI (settings from env vars only): first SIGKILLed midway, then rerun.

    Returns the settings, the ids the killed run left and the rerun's stdout.
    """
    settings = make_small_settings(tmp_path_factory.mktemp("on-server"), chroma_host=chroma.host, chroma_port=chroma.port)
    kill_ingest_midway(settings, after_chunks=8)
    partial = index_ids(settings, embeddings)
    done = cli(settings, "ingest", "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    return settings, partial, done.stdout


@pytest.fixture(scope="module")
def server_settings(server_index):
    return server_index[0]


def test_killed_ingest_on_server_repaired_to_clean_index(server_index, clean, embeddings):
    """No duplicate, no missing chunk: the same ids as the clean embedded ingest of the same corpus."""
    settings, partial, stdout = server_index
    ids = index_ids(settings, embeddings)
    clean = index_ids(clean, embeddings)
    assert 0 < len(partial) < len(clean)
    assert len(ids) == len(set(ids)) and sorted(ids) == sorted(clean)
    assert f"kept {len(partial)}," in stdout and f"index total {len(clean)}" in stdout
    assert not settings.chroma_dir.exists()  # nothing went to an embedded store on disk
    again = run_ingest(settings, progress=False)  # in-process, same server: nothing left to do
    assert (again.sync.added, again.sync.removed, again.sync.total) == (0, 0, len(clean))


@pytest.fixture(scope="module")
def server_bot(server_settings):
    from assistant import Assistant

    return Assistant(server_settings)


def test_search_and_ask_on_server_as_embedded(server_bot, server_settings, embedded_bot):
    bot, assistant = server_bot, embedded_bot
    assert bot.status()["store"] == f"{server_settings.chroma_host}:{server_settings.chroma_port}"
    remote, local = bot.search(QUESTION, k=5), assistant.search(QUESTION, k=5)
    assert [p.id for p in remote] == [p.id for p in local]
    remote, local = bot.ask(QUESTION), assistant.ask(QUESTION)
    assert remote.route == "passages" and remote.citations
    assert (remote.text, [p.id for p in remote.citations]) == (local.text, [p.id for p in local.citations])


def test_server_stopped_mid_session_then_back(chroma, server_bot):
    """A clear message while the server is down; the same Assistant answers again once it is back."""
    bot = server_bot
    first = bot.ask(QUESTION)
    assert first.route == "passages" and first.citations
    chroma.stop()
    try:
        for question, lang, says in ((QUESTION, "en", "cannot be reached"), ("Quale condizione va soddisfatta per aderire all'EMAS di distretto?", "it", "non è raggiungibile")):
            down = bot.ask(question)  # first: the open connection fails; second: reconnecting fails
            assert (down.route, down.language, down.citations) == ("error", lang, [])
            assert says in down.text and "Traceback" not in down.text
    finally:
        chroma.start()
    back = bot.ask(QUESTION)
    assert (back.route, back.text) == ("passages", first.text)


def test_concurrent_ingests_on_one_server_fail_cleanly_and_the_next_run_converges(chroma, tmp_path, clean, embeddings):
    """Three workers with their own data folders (so the ingest file lock cannot see the others)
    ingest the same corpus into one server at the same time. Chroma's server may reject some
    reads of a collection being written ("Error creating hnsw segment reader"): then that run
    stops with one clear StoreUnavailable, never a raw error; and one more run gives exactly the
    clean index. Hence the README: one ingest at a time per server."""
    import threading

    from imagine.components.vector_store import StoreUnavailable

    workers = [make_small_settings(tmp_path / name, chroma_host=chroma.host, chroma_port=chroma.port, collection="shared")
               for name in ("a", "b", "c")]
    errors: list[BaseException] = []

    def ingest(settings):
        try:
            run_ingest(settings, progress=False)
        except BaseException as exc:  # checked below
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(s,)) for s in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert all(isinstance(e, StoreUnavailable) for e in errors), errors
    again = run_ingest(workers[0], progress=False)
    ids = index_ids(workers[0], embeddings)
    assert len(ids) == len(set(ids)) and sorted(ids) == sorted(index_ids(clean, embeddings))
    assert again.sync.removed == 0
