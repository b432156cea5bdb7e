"""The typed plan of a card question: what to select, what to compute, what to show.

A :class:`Plan` is pure data (no cards, no language): the parser builds it
(:mod:`assistant.cards.parse`), the executor evaluates it exactly over the cards
(:mod:`assistant.cards.execute`), the composer writes the answer
(:mod:`assistant.cards.compose`). Filters form a small boolean tree: :class:`Test` leaves
(a set of countries, regions, sectors, sector families, kinds, named clusters — any of
them — or a numeric comparison, or "the field is reported") combined with :class:`All`,
:class:`AnyOf` and :class:`Not`. Measures are card fields or :class:`Ratio` of two numeric
fields (workers per enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass, field

NUMERIC = ("enterprises", "workers")
# Fields whose text is prose: a list can only ask whether they are reported.
PROSE = ("eco_innovation", "constitutive_aspects")
TEXT = ("name", "country", "location", "sector", "website", "coordinating_body")
# Derived text field: the kind of organisation that coordinates the cluster, read from coordinating_body.
COORDINATOR_KIND = "coordinator_kind"
# Derived number: the year the card's prose says the cluster (or the body at its core) was founded, with that sentence.
FOUNDED = "founded"
FIELDS = (*NUMERIC, *TEXT, *PROSE, COORDINATOR_KIND, FOUNDED)
MEASURES = (*NUMERIC, FOUNDED)  # the fields a comparison can test ("more than 1,000 workers", "set up after 2000")

SCOPE_SIZE = "clusters"  # a premise on how many clusters the scope holds (see Premise)
OPS = ("list", "count", "lookup", "compare", "rank", "aggregate", "group", "similar")
# pooled: of a ratio, its total numerator over its total denominator; difference: the highest value less the lowest
AGGREGATES = ("total", "average", "median", "pooled", "difference")
GROUP_KEYS = ("country", "region", "family", "kind")
CMP = (">", ">=", "<", "<=", "=", "between")


@dataclass(frozen=True)
class Ratio:
    """A derived value: ``numerator / denominator`` of two numeric fields (workers per enterprise)."""

    numerator: str
    denominator: str

    @property
    def name(self) -> str:
        return f"{self.numerator}/{self.denominator}"


Measure = str | Ratio  # a numeric field name, or a ratio of two


@dataclass(frozen=True)
class Test:
    """One test on a card. ``what``: country | region | sector | family | kind | cluster | organisation (the
    card is any of ``values``; organisation = the kind of its coordinating body) | label (the card's sector line is,
    word for word, one of ``values``: "settore esattamente 'Fashion'", not the fashion family), compare (``measure`` ``op`` ``value``/``high``, or another cluster's value: ``ref``),
    reported (``measure`` is reported)."""

    what: str
    values: tuple[str, ...] = ()
    measure: Measure | None = None
    op: str = ""
    value: float | None = None
    high: float | None = None  # for "between"
    ref: str | None = None


# The dimensions a likeness to a cluster can be judged along (Plan.along), as a question names them: the sector (and
# its family), the place (country, else region), the kind of card, the size (enterprises and workers), and the kind of
# body that coordinates the cluster.
LIKENESS = ("sector", "place", "kind", "size", "coordinator")


@dataclass(frozen=True)
class Not:
    part: "Filter"


@dataclass(frozen=True)
class All:
    parts: tuple["Filter", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Filter", ...]


Filter = Test | Not | All | AnyOf


@dataclass(frozen=True)
class Premise:
    """A fact the question takes for granted about a named cluster ("Norte has 6000 firms", "Pannon, in
    Romania"): ``field`` (country, a numeric field or a ratio of two) asserted to be ``value``. The executor checks it against
    the card; the answer says what the card really says, and never confirms a premise the card does not.
    ``field`` "clusters" (no ``cluster``): how many clusters the question says its scope holds ("of the 30 clusters
    the report selected, how many are in Spain?"), checked against the cards."""

    cluster: str
    field: Measure
    value: str | float


@dataclass
class Plan:
    """What a card question asks.

    ``op``: list | count | lookup (fields of named clusters) | compare (named clusters side by side) |
    rank (by ``fields[0]``, ``descending``, ``limit``; ``superlative``: the max/min of each of ``fields``) | aggregate
    (``aggregate`` total | average | median of ``fields``, then each of ``also``) | group (count by ``group_by``; with ``aggregate`` and
    ``fields``: the total of each group; with ``limit`` 1: which group has the most clusters, the fewest if not ``descending``) | similar (cards most like ``clusters[0]``, with reasons).
    """

    op: str
    where: Filter | None = None
    clusters: list[str] = field(default_factory=list)
    fields: list[Measure] = field(default_factory=list)
    descending: bool = True
    limit: int | None = None
    superlative: bool = False
    aggregate: str = ""  # aggregate, group: the statistic; count: a statistic asked of ``fields``' figures too
    also: tuple[str, ...] = ()  # aggregate: the other statistics asked of the same fields ("the total and the average")
    group_by: str = ""
    group_size: tuple[str, float] | None = None  # group: only the groups whose number of clusters passes (op, number):
    # "which countries have more than one cluster?"
    premises: tuple[Premise, ...] = ()
    proportion: bool = False  # count: also the share of the clusters in scope (of the kind named, else all); with a
    # numeric field: that field's total over the selection as a share of its total over the scope
    counted: bool = False  # rank: how many clusters it ranks is asked too ("how many … and which of those has the most …?")
    along: tuple[str, ...] = ()  # similar: the dimensions of LIKENESS the question judges by ("by size and governance"):
    # only those count; () for a likeness asked plainly (all but the coordinator)

    def tests(self) -> list[Test]:
        """Every leaf test of the filter, in order."""
        return list(_leaves(self.where))

    def problems(self) -> list[str]:
        """Why the plan cannot be executed (empty when it can): the check before answering."""
        out = []
        if self.op not in OPS:
            out.append(f"unknown operation {self.op!r}")
        for m in self.fields:
            if not _known_measure(m):
                out.append(f"unknown field {m!r}")
        for t in self.tests():
            if t.what == "compare" and not (isinstance(t.measure, Ratio) or t.measure in MEASURES):
                out.append("comparison on a field that is not a number")
            if t.what == "compare" and t.value is None and t.ref is None:
                out.append("comparison with nothing to compare")
        if self.op in ("lookup", "similar") and not self.clusters:
            out.append("no cluster named")
        if self.op == "compare" and len(self.clusters) < 2:
            out.append("nothing to compare")
        if self.op in ("rank", "aggregate") and not self.fields:
            out.append("no number to rank or sum")
        if self.op in ("rank", "aggregate") and any(not _numeric(m) and not (self.op == "rank" and m == FOUNDED)
                                                    for m in self.fields):
            out.append("a ranking or total of a field that is not a number")
        for how in (self.aggregate, *self.also):
            if how and how not in AGGREGATES:
                out.append(f"unknown aggregate {how!r}")
        if "pooled" in (self.aggregate, *self.also) and not all(isinstance(m, Ratio) for m in self.fields):
            out.append("a pooled figure of a field that is not a ratio")
        if self.also and (self.op != "aggregate" or self.aggregate in self.also):
            out.append("further statistics without an aggregate, or the same one twice")
        for p in self.premises:
            if p.field not in ("country", SCOPE_SIZE) and p.field not in NUMERIC and not isinstance(p.field, Ratio):
                out.append(f"a premise on {p.field!r}")
        if self.along and (self.op != "similar" or any(a not in LIKENESS for a in self.along)):
            out.append("dimensions of likeness outside a similarity, or unknown")
        if self.op == "group" and self.group_by not in GROUP_KEYS:
            out.append("nothing to group by")
        if self.group_size is not None and (self.op != "group" or self.group_size[0] not in CMP[:-1]):
            out.append("a group size without groups or with an unknown comparison")
        return out


def _numeric(m: Measure) -> bool:
    return isinstance(m, Ratio) or m in NUMERIC


def _known_measure(m: Measure) -> bool:
    if isinstance(m, Ratio):
        return m.numerator in NUMERIC and m.denominator in NUMERIC and m.numerator != m.denominator
    return m in FIELDS


def _leaves(f: Filter | None):
    if f is None:
        return
    if isinstance(f, Test):
        yield f
    elif isinstance(f, Not):
        yield from _leaves(f.part)
    else:
        for p in f.parts:
            yield from _leaves(p)


def negated_tests(f: Filter | None) -> list[Test]:
    """The leaf tests a Not applies to directly ("not in Italy", "not reporting its workers"), at any depth."""
    if isinstance(f, Not):
        return [f.part] if isinstance(f.part, Test) else negated_tests(f.part)
    if isinstance(f, (All, AnyOf)):
        return [t for p in f.parts for t in negated_tests(p)]
    return []


def conjunction(parts: list[Filter]) -> Filter | None:
    """``parts`` combined with "and" (None when empty, the part itself when alone)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))
