"""The Chroma store component on a real local Chroma: a read of everything goes a page at a time."""

from __future__ import annotations

from imagine.components.vector_store import chroma, open_store
from imagine.settings import Settings
from tests.fakes import FakeEmbeddings


def test_reading_everything_or_many_ids_goes_page_by_page_and_gives_every_record_in_order(tmp_path, monkeypatch):
    """SQLite refuses one query with more than ~32k variables: a 10,000-chunk index (~90k sentence records) failed
    its second ingest on ``get()`` of the whole sentence collection. Pages of 5 here stand for pages of 5,000."""
    embeddings = FakeEmbeddings()
    store = open_store(embeddings, Settings(data_dir=tmp_path, corpus_dir=tmp_path))
    texts = [f"frase numero {n} sul distretto" for n in range(12)]
    ids = [f"id-{n:02d}" for n in range(12)]
    store.upsert(ids, texts, [{"n": n} for n in range(12)], embeddings.embed_documents(texts))
    whole = store.get(include=["documents", "metadatas", "embeddings"])
    calls = []
    real = store._collection.get
    monkeypatch.setattr(store._collection, "get", lambda **kw: calls.append(kw) or real(**kw), raising=False)
    monkeypatch.setattr(chroma, "GET_PAGE", 5)
    paged = store.get(include=["documents", "metadatas", "embeddings"])
    assert len(calls) == 3 and all(c["limit"] == 5 for c in calls)  # 5 + 5 + 2
    assert paged["ids"] == whole["ids"] and paged["documents"] == whole["documents"]
    assert paged["metadatas"] == whole["metadatas"] and [list(v) for v in paged["embeddings"]] == [list(v) for v in whole["embeddings"]]
    calls.clear()
    by_id = store.get(ids=ids[::-1], include=["documents"])
    assert len(calls) == 3 and sorted(by_id["ids"]) == ids and len(by_id["documents"]) == 12
    assert store.get(where={"n": 3})["documents"] == [texts[3]]


def test_both_collections_are_searched_with_the_configured_breadth_including_ones_made_before(tmp_path):
    """Chroma's default ef_search (100) left the 20 nearest of 450 sentence vectors varying between runs of the
    same question; an index built before the setting existed must get the breadth when it is opened."""
    settings = Settings(data_dir=tmp_path, corpus_dir=tmp_path, chroma_search_ef=700)
    embeddings = FakeEmbeddings()
    client = chroma.build_client(settings)
    name = chroma.collection_name(settings, embeddings.fingerprint)
    client.create_collection(name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    assert client.get_collection(name).configuration["hnsw"]["ef_search"] == 100  # Chroma's default, as before
    store = chroma.open_store(embeddings, settings, client=client)
    sentences = store.sentences()
    for collection in (client.get_collection(store.name), client.get_collection(sentences.name)):
        assert collection.configuration["hnsw"]["ef_search"] == 700
        assert collection.configuration["hnsw"]["space"] == "cosine"


def test_a_locked_database_is_waited_out_when_setting_the_search_breadth(monkeypatch):
    """SQLite's "database is locked" (Chroma's background writer) left a collection at the default breadth now and
    then, and the test above failed once in CI: the change is tried again."""
    monkeypatch.setattr(chroma.time, "sleep", lambda s: None)

    class Collection:
        name, configuration, calls = "c", {"hnsw": {"ef_search": 100}}, 0

        def modify(self, configuration):
            self.calls += 1
            if self.calls < 3:
                raise RuntimeError("Database error: error returned from database: (code: 5) database is locked")
            self.configuration = {"hnsw": {"ef_search": configuration["hnsw"]["ef_search"]}}

    collection = Collection()
    chroma._search_breadth(collection, 700)
    assert collection.configuration["hnsw"]["ef_search"] == 700 and collection.calls == 3
