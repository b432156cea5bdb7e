"""Plans evaluated over the real cards: three-valued filters, organisation kinds, ratios, groups, similarity."""

from __future__ import annotations

from assistant.cards import execute as ex
from assistant.cards.plan import All, AnyOf, Not, Plan, Ratio, Test


def ids(cards) -> list[str]:
    return [c.id for c in cards]


def test_kind_of_coordinating_body_read_from_its_words(catalog):
    kinds = {c.id: ex.organisation_kind(c.coordinating_body) for c in catalog.cards if c.coordinating_body}
    assert kinds == {
        "agrupacio-d-empreses-innovadores-textils": "association",
        "confederation-of-the-german-textile-and-fashion-industry": "federation",
        "danish-fashion-institute": "institute",
        "distretto-industriale-di-san-sebastian": "association",  # "ACLIMA (Asociacion …), istituita dal Governo Basco"
        "extremadura-textile-cluster": "association",
        "fedustria": None,  # the name alone does not say: the answer quotes it
        "hackefors": "committee",
        "lodzkie": "foundation",
        "norte": "association",
        "north-west-region-cluster": None,
        "parc-industriel-plaine-de-l-ain": "public body",
        "vreten": "public body",
        "west-flanders": None,
    }


def test_a_body_set_up_by_a_government_is_read_from_its_words(catalog):
    """ACLIMA is an association "istituita dal Governo Basco": its kind stays association, and a question about
    bodies set up by a government finds it; no other card says who set its body up."""
    assert [c.id for c in catalog.cards if ex.set_up_by_government(c)] == ["distretto-industriale-di-san-sebastian"]
    public_or_set_up = Test("organisation", ("public body", ex.SET_UP_BY_GOVERNMENT))
    assert ids(ex.select(Plan("list", where=public_or_set_up), catalog).hits) == [
        "distretto-industriale-di-san-sebastian", "north-west-region-cluster", "parc-industriel-plaine-de-l-ain", "vreten"]


def test_filters_are_three_valued(catalog):
    sweden_or_big = AnyOf((Test("country", ("Sweden",)), Test("compare", measure="workers", op=">", value=20000)))
    sel = ex.select(Plan("list", where=sweden_or_big), catalog)
    assert ids(sel.hits) == ["fedustria", "hackefors", "lodzkie", "vreten"]
    assert len(sel.unknown) == 13  # not in Sweden and workers not reported: cannot be judged
    not_textile = All((Not(Test("sector", ("textile",))), Test("compare", measure="workers", op=">=", value=4000)))
    assert ids(ex.select(Plan("list", where=not_textile), catalog).hits) == [
        "industrial-cluster-gendorf", "parc-industriel-plaine-de-l-ain", "vreten"]


def test_ratios_need_both_fields(catalog):
    per_firm = Ratio("workers", "enterprises")
    values = {c.id: round(v, 2) for c in catalog.cards if (v := ex.number_of(c, per_firm)) is not None}
    assert values == {"fedustria": 60.56, "hackefors": 16.67, "industrial-cluster-gendorf": 200.0,
                      "parc-industriel-plaine-de-l-ain": 50.0, "vreten": 62.5}
    assert round(ex.aggregate(catalog.cards, per_firm, "average"), 2) == 77.95


def test_groups_by_region_may_overlap(catalog):
    groups, loose = ex.group(catalog.cards, "region", catalog)
    counts = {k: len(v) for k, v in groups.items()}
    assert counts == {"Southern Europe": 8, "Mediterranean countries": 8, "Western Europe": 6, "Iberian Peninsula": 4,
                      "Benelux": 2, "Central and Eastern Europe": 2, "German-speaking countries (DACH)": 2,
                      "Nordic countries": 3, "Scandinavia": 3, "British Isles": 1}
    assert loose == []


def test_similarity_gives_reasons(catalog):
    target, matches = ex.most_similar(Plan("similar", clusters=["Hackefors"], limit=2), catalog)
    assert [m.card.id for m in matches] == ["parc-industriel-plaine-de-l-ain", "vreten"]
    first, second = matches
    assert first.reasons["family"] == ["logistics, mobility and construction"] and "country" not in first.reasons
    assert second.reasons["country"] == "Sweden" and "family" not in second.reasons
    assert set(first.reasons["size"]) == {"enterprises", "workers"} and first.score > second.score


def test_the_pilot_districts_are_the_fashion_districts_whatever_their_own_sector_line(catalog):
    """The report's four pilots are its "distretti 'moda'": a fashion filter over them holds Prato (its line: "Tessile")
    too; a textile filter still holds Prato only among them."""
    pilots_in = lambda sector: Plan("list", where=All((Test("kind", ("pilot_district",)), Test("sector", (sector,)))))  # noqa: E731
    assert ids(ex.select(pilots_in("fashion"), catalog).hits) == [
        "distretto-calzaturiero-di-capannori-lucca", "distretto-conciario-di-santa-croce-sull-arno",
        "distretto-dell-abbigliamento-di-empoli", "distretto-tessile-di-prato"]
    assert ids(ex.select(pilots_in("textile"), catalog).hits) == ["distretto-tessile-di-prato"]
