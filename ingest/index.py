"""Incremental, idempotent write of chunks into the vector store.

Each chunk gets a content id (hash of its document, section, kind and text, not of its
position), so an unchanged chunk keeps its id across runs and is never re-embedded; a
chunk whose text exists elsewhere in the store reuses that vector. One sync run:

1. store the sentence vectors of kept chunks that lack them (a run killed between a batch
   and its sentences, an index built before sentence vectors were stored),
2. upsert the new chunks in batches, each batch embedded then written with its sentence
   vectors (ingest.sentence_index) before the next one is embedded; ids make a retry idempotent,
3. update metadata of kept chunks whose position moved (no re-embedding),
4. delete stale chunks (those of removed or edited documents), then the sentence vectors
   no chunk uses any more.

A run killed at any point leaves the store queryable and keeps every batch it wrote: the
next run embeds only what is missing and converges to the same state as a clean ingest
(nothing is duplicated: ids; nothing stale survives: 4). An edited document is never half
updated: its old chunks go (4) only once all its new ones are in (2).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable

from tqdm import tqdm

from imagine.text import text_sha

BATCH = 32
ID_KEYS = ("document", "section", "kind", "cluster")


@dataclass
class SyncResult:
    added: int = 0
    kept: int = 0
    moved: int = 0
    removed: int = 0
    embedded: int = 0  # vectors actually computed (added minus those reused by text hash)
    preserved: int = 0  # chunks of documents that failed to load this run, left in place
    total: int = 0
    sentences_embedded: int = 0  # sentence vectors computed (the rest were stored already)
    sentences_removed: int = 0  # sentence records of chunk texts no longer in the index
    sentences_total: int = 0


def clean_metadata(metadata: dict) -> dict:
    """Chroma accepts str/int/float/bool only: drop None, stringify the rest."""
    out = {}
    for key, value in metadata.items():
        if value is None:
            continue
        out[key] = value if isinstance(value, (str, int, float, bool)) else str(value)
    return out


def assign_ids(chunks: Iterable) -> list[tuple[str, str, dict]]:
    """(id, text, metadata) per chunk. Identical chunks in one document get an occurrence suffix."""
    seen: dict[str, int] = {}
    records = []
    for chunk in chunks:
        meta = clean_metadata(dict(chunk.metadata))
        meta["text_sha"] = text_sha(chunk.text)
        identity = json.dumps([meta.get(k, "") for k in ID_KEYS] + [chunk.text], ensure_ascii=False)
        base = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        n = seen.get(base, 0)
        seen[base] = n + 1
        records.append((base if n == 0 else f"{base}-{n}", chunk.text, meta))
    return records


def _existing(store) -> dict[str, dict]:
    data = store.get(include=["metadatas"])
    return dict(zip(data["ids"], data["metadatas"] or [{}] * len(data["ids"])))


def _reusable_vectors(store, shas: list[str]) -> dict[str, list[float]]:
    vectors: dict[str, list[float]] = {}
    for i in range(0, len(shas), 200):
        part = shas[i : i + 200]
        data = store.get(where={"text_sha": {"$in": part}}, include=["embeddings", "metadatas"])
        for meta, vec in zip(data["metadatas"] or [], data["embeddings"] if data["embeddings"] is not None else []):
            vectors.setdefault(meta["text_sha"], list(vec))
    return vectors


def sync(store, embeddings, chunks: list, preserve_documents: set[str] = frozenset(), progress: bool = True,
         sentences=None, batch: int = BATCH) -> SyncResult:
    """Make ``store`` (the vector store component's chunks) hold exactly ``chunks`` (plus those of
    ``preserve_documents``), and ``sentences`` (an :class:`ingest.sentence_index.SentenceIndex`, optional)
    their sentence vectors."""
    records = assign_ids(chunks)
    wanted = {rid for rid, _, _ in records}
    existing = _existing(store)
    result = SyncResult()

    new = [r for r in records if r[0] not in existing]
    moved = [r for r in records if r[0] in existing and existing[r[0]] != r[2]]
    preserved = [rid for rid, meta in existing.items() if rid not in wanted and (meta or {}).get("document") in preserve_documents]
    result.kept = len(records) - len(new)
    result.moved = len(moved)
    result.preserved = len(preserved)

    if sentences is not None:
        lacking = [rid for rid in preserved if sentences.lacks((existing[rid] or {}).get("text_sha", ""))]
        kept_texts = [text for rid, text, _ in records if rid in existing]
        sentences.add(kept_texts + (store.get(ids=lacking, include=["documents"])["documents"] if lacking else []))

    if new:
        reuse = _reusable_vectors(store, sorted({m["text_sha"] for _, _, m in new}))
        bar = tqdm(total=len(new), desc="embed", unit="chunk", disable=not progress)
        for i in range(0, len(new), batch):
            part = new[i : i + batch]
            todo = [text for _, text, meta in part if meta["text_sha"] not in reuse]
            fresh = iter(embeddings.embed_documents(todo)) if todo else iter(())
            vectors = [reuse[m["text_sha"]] if m["text_sha"] in reuse else next(fresh) for _, _, m in part]
            store.upsert(
                ids=[r[0] for r in part],
                documents=[r[1] for r in part],
                metadatas=[r[2] for r in part],
                embeddings=vectors,
            )
            if sentences is not None:
                sentences.add([r[1] for r in part])
            result.embedded += len(todo)
            bar.update(len(part))
        bar.close()
        result.added = len(new)

    for i in range(0, len(moved), 200):
        part = moved[i : i + 200]
        store.update(ids=[r[0] for r in part], metadatas=[r[2] for r in part])

    stale = [rid for rid, meta in existing.items() if rid not in wanted and (meta or {}).get("document") not in preserve_documents]
    for i in range(0, len(stale), 200):
        store.delete(ids=stale[i : i + 200])
    result.removed = len(stale)
    result.total = store.count()
    if sentences is not None:
        keep = {m["text_sha"] for _, _, m in records} | {(existing[rid] or {}).get("text_sha", "") for rid in preserved}
        result.sentences_removed = sentences.prune(keep)
        result.sentences_embedded = sentences.embedded
        result.sentences_total = sentences.store.count()
    return result
