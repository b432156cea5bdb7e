"""The explorer's filters as a card plan run by the executor (shared by the web explorer and the API)."""

from __future__ import annotations

from assistant.cards.catalog import CardCatalog
from assistant.cards.explore import explore, explorer_plan
from assistant.cards.plan import All
from assistant.cards.plan import Test as Check  # not collected as a test class
from imagine.cards import ClusterCard


def card(name, country, sector, sectors, workers, enterprises):
    return ClusterCard(id=name.lower().replace("à", "a"), name=name, country=country, sector=sector, sectors=sectors,
                       workers=workers, enterprises=enterprises, source={"document": "r.txt"})


CATALOG = CardCatalog([card("Àlpha", "Spain", "Tessile", ["tessile"], 5000, 120),
                       card("beta", "Sweden", "Metal", [], None, 30),
                       card("Gamma", "Italy", "Textile, leather", [], 300, None)])


def names(**filters):
    return [c.name for c in explore(CATALOG, **filters)]


def test_filters_become_a_typed_list_plan():
    plan = explorer_plan(CATALOG, ["Spain"], "LEATHER", min_workers=0, min_enterprises=10, max_enterprises=100)
    assert plan.op == "list" and plan.where == All((
        Check("country", ("Spain",)), Check("cluster", ("Gamma",)),
        Check("compare", measure="enterprises", op="between", value=10.0, high=100.0)))
    assert explorer_plan(CATALOG).where is None and explorer_plan(CATALOG, sector="  ").where is None
    assert explorer_plan(CATALOG, max_workers=0).where == Check("compare", measure="workers", op="<=", value=0.0)


def test_filter_by_country_sector_and_minimum_sizes():
    assert names(countries=["Spain", "Italy"]) == ["Àlpha", "Gamma"]
    assert names(sector="TESSILE") == ["Àlpha"]
    assert names(sector="leather") == ["Gamma"]
    assert names(sector="wool") == []
    # a minimum excludes cards whose size is not reported: they cannot be shown to meet it
    assert names(min_workers=100) == ["Àlpha", "Gamma"]
    assert names(min_enterprises=50) == ["Àlpha"]
    assert names(min_workers=0) == ["Àlpha", "beta", "Gamma"]  # the explorer's empty box


def test_maximum_sizes_bound_from_above_and_also_exclude_not_reported():
    assert names(max_workers=300) == ["Gamma"]
    assert names(max_enterprises=100) == ["beta"]
    assert names(min_workers=200, max_workers=4000) == ["Gamma"]
    assert names(min_enterprises=200) == []


def test_sorting_puts_not_reported_last_in_both_directions():
    assert names(sort_by="workers") == ["Gamma", "Àlpha", "beta"]
    assert names(sort_by="workers", descending=True) == ["Àlpha", "Gamma", "beta"]
    assert names(sort_by="country", descending=True) == ["beta", "Àlpha", "Gamma"]
    assert names() == ["Àlpha", "beta", "Gamma"]  # accent/case-folded
