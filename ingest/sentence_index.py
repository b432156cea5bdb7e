"""Sentence vectors as index data: the vectors of every chunk's quotable units.

The assistant ranks the units of the retrieved chunks against the question
(assistant.evidence). Their vectors are computed here, at ingest, and kept in the sentence
store next to the chunks (``store.sentences()`` of the vector store component), so a starting
assistant loads them (:mod:`imagine.components.vector_store.sentences`) instead of encoding the
whole corpus again at every start.

One record per unit of a chunk text, as described in :mod:`imagine.components.vector_store.sentences`
(``v`` is :data:`imagine.sentences.UNITS_VERSION`). Records are per chunk text rather than per
sentence so that a re-ingest tells from metadata alone which chunks are done and which
records no chunk uses any more: cutting sentences costs ~5 ms a line (~4 s for the
50-chunk corpus, over a minute at 1,000 chunks), and a warm re-ingest cuts nothing. A
sentence that several chunks share (a card and the report say the same) is embedded once;
its vector is reused by ``sentence_sha``, also across runs.

A chunk's records go in one upsert, so an interrupted ingest leaves each chunk's sentences
complete or absent, and the next run writes only the absent ones. (A chunk with no unit at
all has no record to say it is done: it is cut again at each run; the corpus has none.)
"""

from __future__ import annotations

from typing import Iterable

from imagine.components.vector_store.sentences import PAGE
from imagine.sentences import UNITS_VERSION, passage_sentences
from imagine.text import text_sha, unique


class SentenceIndex:
    """Writes the sentence vectors of chunk texts into ``store`` (a sentence store of the vector store
    component); one instance per ingest run."""

    def __init__(self, store, embeddings, batch: int = 32):
        self.store, self.embeddings, self.batch = store, embeddings, batch
        self.embedded = 0  # units actually encoded this run
        data = store.get(include=["metadatas"])
        self._records: dict[str, tuple[str, int]] = {}  # record id -> (chunk text sha, version), as found
        self._stored: dict[str, str] = {}  # sentence sha -> a record id holding its vector
        counts: dict[str, int] = {}
        current: dict[str, bool] = {}
        units: dict[str, int] = {}
        for rid, meta in zip(data["ids"], data["metadatas"] or [{}] * len(data["ids"])):
            meta = meta or {}
            sha, version = meta.get("text_sha", ""), meta.get("v", 0)
            self._records[rid] = (sha, version)
            counts[sha] = counts.get(sha, 0) + 1
            units[sha] = meta.get("units", -1)
            current[sha] = current.get(sha, True) and version == UNITS_VERSION
            if version == UNITS_VERSION and "sentence_sha" in meta:
                self._stored.setdefault(meta["sentence_sha"], rid)
        self._done = {sha for sha, n in counts.items() if current[sha] and n == units[sha]}
        self._written: set[str] = set()

    def lacks(self, chunk_sha: str) -> bool:
        """Whether the chunk text with this hash has no complete, current sentence records."""
        return chunk_sha not in self._done

    def add(self, texts: Iterable[str]) -> None:
        """Store the unit vectors of these chunk texts; texts already done are skipped uncut.

        Written ``batch`` chunks at a time, each chunk's records in one upsert; the new units of
        a batch are encoded in one call (sorted by length inside: little padding, few passes).
        """
        todo = [t for t in unique(texts) if self.lacks(text_sha(t))]
        for i in range(0, len(todo), self.batch):
            self._write(todo[i : i + self.batch])

    def _write(self, texts: list[str]) -> None:
        records: list[tuple[str, str, dict]] = []
        for text in texts:
            sha, units = text_sha(text), passage_sentences(text)
            records += [(f"{sha[:32]}-{n}", u, {"text_sha": sha, "sentence_sha": text_sha(u), "units": len(units), "v": UNITS_VERSION})
                        for n, u in enumerate(units)]
        new = unique(u for _, u, m in records if m["sentence_sha"] not in self._stored)
        fresh = dict(zip(map(text_sha, new), self.embeddings.embed_documents(new))) if new else {}
        self.embedded += len(new)
        vectors = fresh | self._fetch({m["sentence_sha"] for _, _, m in records} - set(fresh))
        if records:
            self.store.upsert(
                ids=[r[0] for r in records],
                documents=[r[1] for r in records],
                metadatas=[r[2] for r in records],
                embeddings=[vectors[r[2]["sentence_sha"]] for r in records],
            )
        for rid, _, meta in records:
            self._stored.setdefault(meta["sentence_sha"], rid)
            self._written.add(rid)
        self._done.update(text_sha(t) for t in texts)

    def _fetch(self, keys: set[str]) -> dict[str, list[float]]:
        """Stored vectors of these sentence hashes (read back by record id)."""
        ids = [self._stored[k] for k in keys]
        out: dict[str, list[float]] = {}
        for i in range(0, len(ids), PAGE):
            data = self.store.get(ids=ids[i : i + PAGE], include=["embeddings", "metadatas"])
            for meta, vec in zip(data["metadatas"], data["embeddings"]):
                out[meta["sentence_sha"]] = list(vec)
        return out

    def prune(self, keep: set[str]) -> int:
        """Delete the records of chunk texts not in ``keep`` (hashes) and those of an older cut; how many."""
        stale = [rid for rid, (sha, version) in self._records.items()
                 if sha not in keep or (version != UNITS_VERSION and rid not in self._written)]
        for i in range(0, len(stale), PAGE):
            self.store.delete(ids=stale[i : i + PAGE])
        return len(stale)

