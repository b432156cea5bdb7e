"""The real cards as a catalog, with each card's chunk exactly as the index stores it."""

from __future__ import annotations

import pytest

from assistant.cards import CardCatalog, CardChunk
from imagine.settings import REPO_ROOT
from ingest.cards import load_cards
from ingest.index import assign_ids
from ingest.pipeline import card_chunk


def indexed_catalog(cards) -> CardCatalog:
    """A catalog built as ``Assistant._connect`` builds it, from (id, text, metadata) records of the card chunks."""
    records = assign_ids([card_chunk(c) for c in cards])
    return CardCatalog.from_store([r[0] for r in records], [r[1] for r in records], [r[2] for r in records])


@pytest.fixture(scope="module")
def catalog() -> CardCatalog:
    cards, errors = load_cards(REPO_ROOT / "corpus" / "clusters")
    assert not errors and len(cards) == 19
    return indexed_catalog(cards)


@pytest.fixture(scope="module")
def by_id(catalog) -> dict[str, str]:
    """{card id with underscores: card name}, to fill expected answers."""
    return {c.id.replace("-", "_"): c.name for c in catalog.cards}
