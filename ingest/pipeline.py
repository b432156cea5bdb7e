"""The ingest run: discover -> load -> parse cards -> split -> embed -> sync, with a summary.

Bad files never stop the run: each is reported by name with its reason and skipped, and
the chunks it had from an earlier run stay in place (the previous index stays usable).
One run at a time (a lock file); the state file is written last, atomically, so the
assistant can tell a complete index from a missing or interrupted one. Besides the chunks,
the run stores the vectors of their sentences (ingest.sentence_index), which the assistant
loads at start.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from imagine.cards import ClusterCard
from imagine.components.embedding import build_embeddings
from imagine.components.vector_store import is_store_error, open_store
from imagine.index_state import state_path
from imagine.settings import Settings, get_settings
from ingest.cards import card_text, load_cards, parse_cards
from ingest.index import SyncResult, sync
from ingest.load import LoadError, discover, load_document
from ingest.sentence_index import SentenceIndex
from ingest.split import CardSpan, Chunk, split_document

CARD_SECTION = "Scheda cluster / Cluster card"


@dataclass
class IngestSummary:
    files: int = 0
    documents: int = 0
    cards: int = 0
    chunks: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    notes: list[str] = field(default_factory=list)
    sync: SyncResult = field(default_factory=SyncResult)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        s = self.sync
        out = [
            f"files: {self.files} (documents loaded: {self.documents}, cluster cards: {self.cards})",
            f"chunks: {self.chunks} — added {s.added} (embedded {s.embedded}), kept {s.kept}, "
            f"moved {s.moved}, removed {s.removed}, preserved {s.preserved}; index total {s.total}",
            f"sentence vectors: embedded {s.sentences_embedded}, removed {s.sentences_removed}; stored {s.sentences_total}",
        ]
        out += [f"skipped {name}: {reason}" for name, reason in self.skipped]
        out += [f"note: {n}" for n in self.notes]
        out.append(f"time: {self.seconds:.1f} s")
        return out


def _write_state(settings: Settings, summary: IngestSummary, fingerprint: str) -> None:
    path = state_path(settings)
    tmp = path.with_suffix(".tmp")
    record = {"finished_at": time.time(), "embedding": fingerprint, "summary": asdict(summary)}
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1))
    os.replace(tmp, path)


@contextmanager
def _lock(settings: Settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "ingest.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError("another ingest is running on this index; wait for it to finish") from None
        yield


def card_chunk(card: ClusterCard) -> Chunk:
    """The searchable chunk of one cluster card; the full card rides along as JSON."""
    return Chunk(
        text=card_text(card),
        metadata={
            "document": f"clusters/{card.id}.yaml",
            "section": CARD_SECTION,
            "kind": "card",
            "position": 0,
            "cluster": card.name,
            "country": card.country,
            "sector": card.sector,
            "card_id": card.id,
            "card_json": card.model_dump_json(),
        },
    )


def collect(settings: Settings) -> tuple[list[Chunk], IngestSummary, set[str]]:
    """Everything the index should hold, and the names of documents that failed to load."""
    summary = IngestSummary()
    chunks: list[Chunk] = []
    paths, skipped = discover(settings.documents_dir, int(settings.max_file_mb * 1024 * 1024))
    summary.skipped += [(s.name, s.reason) for s in skipped]
    # a file skipped now (grown past the size limit, turned into a broken symlink...) still
    # exists: like a file that fails to load, it keeps the chunks of its last good version
    failed: set[str] = {s.name for s in skipped}
    cards, card_errors = load_cards(settings.clusters_dir)
    summary.skipped += [(f"clusters/{Path(e.path).name}", e.reason) for e in card_errors]
    failed |= {f"clusters/{Path(e.path).stem}.yaml" for e in card_errors}
    curated = {c.id for c in cards} | {Path(e.path).stem for e in card_errors}
    summary.files = len(paths) + len(cards) + len(card_errors)

    for path in paths:
        try:
            doc = load_document(path, settings.documents_dir)
        except LoadError as exc:
            name = path.relative_to(settings.documents_dir).as_posix()
            summary.skipped.append((name, exc.reason))
            failed.add(name)
            continue
        summary.documents += 1
        summary.notes += [f"{doc.name}: {n}" for n in doc.notes]
        parsed = parse_cards(doc.text, doc.name, doc.sections)
        spans = [CardSpan(p.start, p.end, p.card.name, p.card.country, p.card.sector) for p in parsed]
        extra = [p.card for p in parsed if p.card.id not in curated]
        if extra:
            summary.notes.append(
                f"{doc.name}: {len(extra)} cluster card(s) without a file in corpus/clusters "
                f"({', '.join(c.name for c in extra)}); indexed as parsed — `imagine cards extract` writes them for editing"
            )
            cards += extra
            curated |= {c.id for c in extra}
        chunks += split_document(doc, spans, settings.chunk_chars)

    summary.cards = len(cards)
    chunks += [card_chunk(c) for c in cards]
    summary.chunks = len(chunks)
    return chunks, summary, failed


def run_ingest(settings: Settings | None = None, progress: bool = True, embeddings=None) -> IngestSummary:
    """Bring the index in line with the corpus; see the module docstring. ``embeddings``: None = the
    embedding component from settings, or any object with its interface (tests pass a small fake)."""
    settings = settings or get_settings()
    started = time.perf_counter()
    with _lock(settings):
        chunks, summary, failed = collect(settings)
        embeddings = embeddings if embeddings is not None else build_embeddings(settings)
        store = open_store(embeddings, settings)
        try:
            sentences = SentenceIndex(store.sentences(), embeddings, settings.ingest_batch)
            summary.sync = sync(store, embeddings, chunks, preserve_documents=failed, progress=progress,
                                sentences=sentences, batch=settings.ingest_batch)
        except Exception as exc:  # disk full, read-only folder, server gone: one clear error, not a traceback
            if not is_store_error(exc):
                raise
            raise store.write_failed(exc) from exc
        summary.seconds = time.perf_counter() - started
        _write_state(settings, summary, embeddings.fingerprint)
    return summary


def build_if_missing(settings: Settings | None = None, progress: bool = False, embeddings=None) -> IngestSummary | None:
    """Build the index when it is empty (a fresh machine, a new embedding model): the faces call this
    before they start an assistant, so ``./run.sh``, ``imagine ask`` and the web chat work from a bare
    checkout. None when the index already has chunks (bringing it up to date is ``imagine ingest``)."""
    settings = settings or get_settings()
    embeddings = embeddings if embeddings is not None else build_embeddings(settings)
    if open_store(embeddings, settings).count():
        return None
    return run_ingest(settings, progress=progress, embeddings=embeddings)
