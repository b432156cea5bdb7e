"""The card filter shared by the explorer and the API: folded sector match, size bounds, sorting."""

from __future__ import annotations

from assistant.cards.explore import filter_cards

RECORDS = [
    {"name": "Àlpha", "country": "Spain", "sector": "Tessile", "sectors": ["tessile"], "workers": 5000, "enterprises": 120},
    {"name": "beta", "country": "Sweden", "sector": "Metal", "sectors": [], "workers": None, "enterprises": 30},
    {"name": "Gamma", "country": "Italy", "sector": "Textile, leather", "sectors": [], "workers": 300, "enterprises": None},
]


def names(records):
    return [r["name"] for r in records]


def test_filter_cards_by_country_sector_and_minimum_sizes():
    assert names(filter_cards(RECORDS, countries=["Spain", "Italy"])) == ["Àlpha", "Gamma"]
    assert names(filter_cards(RECORDS, sector="TESSILE")) == ["Àlpha"]
    assert names(filter_cards(RECORDS, sector="leather")) == ["Gamma"]
    # a minimum excludes cards whose size is not reported: they cannot be shown to meet it
    assert names(filter_cards(RECORDS, min_workers=100)) == ["Àlpha", "Gamma"]
    assert names(filter_cards(RECORDS, min_enterprises=50)) == ["Àlpha"]
    assert names(filter_cards(RECORDS, min_workers=0)) == ["Àlpha", "beta", "Gamma"]  # the explorer's empty box


def test_maximum_sizes_bound_from_above_and_also_exclude_not_reported():
    assert names(filter_cards(RECORDS, max_workers=300)) == ["Gamma"]
    assert names(filter_cards(RECORDS, max_enterprises=100)) == ["beta"]
    assert names(filter_cards(RECORDS, min_workers=200, max_workers=4000)) == ["Gamma"]
    assert names(filter_cards(RECORDS, min_enterprises=200)) == []


def test_sorting_puts_not_reported_last_in_both_directions():
    assert names(filter_cards(RECORDS, sort_by="workers")) == ["Gamma", "Àlpha", "beta"]
    assert names(filter_cards(RECORDS, sort_by="workers", descending=True)) == ["Àlpha", "Gamma", "beta"]
    assert names(filter_cards(RECORDS)) == ["Àlpha", "beta", "Gamma"]  # accent/case-folded
