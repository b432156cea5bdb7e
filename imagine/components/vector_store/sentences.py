"""Reading the sentence vectors that ingest stores next to the chunks (``store.sentences()``).

One record per quotable unit of a chunk text (written by ingest.sentence_index): id
``<chunk text hash>-<position>``, the unit as its document, metadata ``text_sha`` (the chunk
text's hash, as in the chunk's own metadata), ``sentence_sha`` (the unit's, :func:`imagine.text.text_sha`),
``units`` (how many the chunk text has) and ``v`` (the version of the cut). A starting assistant
loads them in bulk (:func:`load`) instead of encoding the corpus again, and looks up the rest by
text when needed (:func:`lookup`).
"""

from __future__ import annotations

from imagine.text import text_sha

PAGE = 500  # ids per get/delete


def load(store, limit: int, page: int = 2000) -> tuple[list[str], list, bool, dict[str, int]]:
    """Up to ``limit`` distinct stored units with their vectors, read a page at a time, whether
    that was all of them (else :func:`lookup` finds the rest when they are needed), and how many
    chunks hold each unit read (by the chunk-text hash its id starts with, so chunks of the very same text
    count once; complete when the rest is)."""
    texts: list[str] = []
    vectors: list = []
    seen: set[str] = set()
    chunks: dict[str, set[str]] = {}
    total, offset, left_out = store.count(), 0, False
    while offset < total and not left_out:
        data = store.get(limit=page, offset=offset, include=["documents", "embeddings"])
        if not data["ids"]:
            break
        for id_, text, vec in zip(data["ids"], data["documents"], data["embeddings"]):
            chunks.setdefault(text, set()).add(id_.rsplit("-", 1)[0])
            if text in seen:
                continue
            if len(texts) == limit:
                left_out = True
                break
            seen.add(text)
            texts.append(text)
            vectors.append(vec)
        offset += len(data["ids"])
    return texts, vectors, offset >= total and not left_out, {t: len(held) for t, held in chunks.items()}


def lookup(store, texts: list[str]) -> dict[str, list[float]]:
    """Stored vectors of these units, by text (units the index lacks are left out)."""
    by_key = {text_sha(t): t for t in texts}
    keys = list(by_key)
    out: dict[str, list[float]] = {}
    for i in range(0, len(keys), PAGE):
        data = store.get(where={"sentence_sha": {"$in": keys[i : i + PAGE]}}, include=["embeddings", "metadatas"])
        for meta, vec in zip(data["metadatas"], data["embeddings"]):
            out[by_key[meta["sentence_sha"]]] = vec
    return out
