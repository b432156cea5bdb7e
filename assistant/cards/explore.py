"""The explorer's filters as a card plan (the web chat's table, the API's ``/v1/clusters``).

The filters become a typed :class:`~assistant.cards.plan.Plan` that the card route's executor
(:func:`assistant.cards.execute.select`) runs, so the explorer and the card answers select cards by
one code path: the same country reading, and a size bound that excludes cards whose size is not
reported (the executor cannot judge them). The plan language has no "text contains" test, so the
typed sector text is first resolved to the clusters whose sector line contains it (accent- and
case-folded), as the parser resolves a name to its cluster. Sorting is the explorer's own: cards
missing the sort field come last in both directions, by name.
"""

from __future__ import annotations

from assistant.cards import execute
from assistant.cards.catalog import CardCatalog
from assistant.cards.plan import NUMERIC, All, Filter, Plan, Test
from imagine.cards import ClusterCard
from imagine.text import fold_alnum


def sector_matches(catalog: CardCatalog, text: str) -> tuple[str, ...]:
    """Names of the clusters whose sector line or items contain ``text`` (folded)."""
    needle = fold_alnum(text).strip()
    return tuple(c.name for c in catalog.cards if needle in fold_alnum(c.sector) + " " + fold_alnum(" ".join(c.sectors)))


def _bounds(measure: str, low, high) -> list[Test]:
    """The comparison for a size range; a missing bound (None or "") is no test."""
    low, high = (None if v in (None, "") else float(v) for v in (low, high))
    if low is not None and high is not None:
        return [Test("compare", measure=measure, op="between", value=low, high=high)]
    if low is not None:
        return [Test("compare", measure=measure, op=">=", value=low)]
    return [] if high is None else [Test("compare", measure=measure, op="<=", value=high)]


def explorer_plan(catalog: CardCatalog, countries=None, sector: str = "", min_workers=None, min_enterprises=None,
                  max_workers=None, max_enterprises=None) -> Plan:
    """The list plan of the explorer's filters; a zero minimum is no bound (the explorer's empty number box)."""
    tests = [Test("country", tuple(countries))] if countries else []
    if fold_alnum(sector).strip():
        tests.append(Test("cluster", sector_matches(catalog, sector)))
    tests += _bounds("workers", min_workers or None, max_workers)
    tests += _bounds("enterprises", min_enterprises or None, max_enterprises)
    where: Filter | None = None if not tests else tests[0] if len(tests) == 1 else All(tuple(tests))
    return Plan("list", where=where)


def ordered(cards: list[ClusterCard], sort_by: str = "name", descending: bool = False) -> list[ClusterCard]:
    """Cards by ``sort_by`` (numbers by value, text folded; ties keep card order), those without it last by name."""
    if sort_by in NUMERIC:
        present, missing = execute.ranked(cards, sort_by, descending), execute.split_reported(cards, sort_by)[1]
    else:
        present = sorted((c for c in cards if getattr(c, sort_by)), key=lambda c: fold_alnum(getattr(c, sort_by)),
                         reverse=bool(descending))
        missing = [c for c in cards if not getattr(c, sort_by)]
    return present + sorted(missing, key=lambda c: fold_alnum(c.name))


def explore(catalog: CardCatalog, countries=None, sector: str = "", min_workers=None, min_enterprises=None,
            sort_by: str = "name", descending: bool = False, max_workers=None, max_enterprises=None) -> list[ClusterCard]:
    """The cards passing the explorer's filters (executed as :func:`explorer_plan`), sorted."""
    plan = explorer_plan(catalog, countries, sector, min_workers, min_enterprises, max_workers, max_enterprises)
    return ordered(execute.select(plan, catalog).hits, sort_by, descending)
