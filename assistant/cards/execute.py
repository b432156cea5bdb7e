"""Plans evaluated over the cards, exactly, in code: selections, rankings, totals, groups, similarity.

Filters are three-valued: a card passes (True), fails (False) or cannot be judged because a
field the filter needs is not reported (None) — such cards are named apart by the answer
("not reported for: …"), never silently dropped or guessed. Ratios (workers per enterprise)
are computed only when both fields are reported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from assistant.cards.catalog import REGION_MEMBERS, CardCatalog, folded_line
from assistant.cards.plan import COORDINATOR_KIND, FOUNDED, LIKENESS, MEASURES, NUMERIC, SCOPE_SIZE, All, AnyOf, Filter, Measure, Not, Plan, Premise, Ratio, Test
from assistant.events import founds
from imagine.cards import ClusterCard
from imagine.geography import PILOT_SECTOR, SECTOR_PARTS
from imagine.sentences import sentences
from imagine.text import words

# --- values -------------------------------------------------------------------------------


def number_of(card: ClusterCard, m: Measure) -> float | None:
    """A numeric field or a ratio of two, or the founding year; None when a needed field is not reported (or a
    denominator is 0)."""
    if isinstance(m, Ratio):
        a, b = getattr(card, m.numerator), getattr(card, m.denominator)
        return None if a is None or not b else a / b
    if m == FOUNDED:  # the earliest, when the card dates more than one body ("association 2001, cluster 2006")
        found = founding(card)
        return float(min(year for year, _ in found)) if found else None
    return getattr(card, m) if m in NUMERIC else None


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def founding(card: ClusterCard) -> list[tuple[int, str]]:
    """The years the card's prose says something was founded, each with its sentence, in the card's order: the
    sentences of its constitutive aspects and eco-innovation text that word a founding (:func:`assistant.events.founds`:
    "è stato costituito il 13 settembre 2005", "fu creato nel 1974", "viene istituita nel 1995") and write a year.
    What was founded (the cluster, its association, its managing body) is the sentence's to say: it is quoted with
    the year. Empty when no sentence says so (the card reports no founding)."""
    out = []
    for text in (card.constitutive_aspects, card.eco_innovation):
        for sentence in sentences(text or ""):
            if (year := _YEAR.search(sentence)) and founds(sentence):
                out.append((int(year.group()), " ".join(sentence.lstrip("·• ").split())))
    return out


def reported(card: ClusterCard, f: Measure) -> bool:
    """Whether the card gives a value for ``f`` (a ratio needs both fields)."""
    if isinstance(f, Ratio) or f in MEASURES:
        return number_of(card, f) is not None
    if f == COORDINATOR_KIND:
        f = "coordinating_body"
    value = getattr(card, f, None)
    return bool(value.strip()) if isinstance(value, str) else value is not None


# The kind of organisation a coordinating body is, read from its own words (first match wins).
ORGANISATION_KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("association", ("association", "associazione", "asociacion", "associacio", "agrupacion", "agrupacio",
                     "groupement", "verband", "verein")),
    ("federation", ("federation", "federazione", "confederation", "confederazione", "federacion")),
    ("foundation", ("foundation", "fondazione", "fundacion", "fundacio")),
    ("consortium", ("consortium", "consorzio", "consorcio")),
    ("committee", ("committee", "comitato", "comite")),
    ("institute", ("institute", "istituto", "instituto", "institut")),
    ("public body", ("city of", "citta di", "comune", "municipality", "government", "governo", "ministry", "ministero",
                     "mixed syndicate", "syndicat mixte", "regione", "region of", "public", "pubblico", "pubblica")),
    ("company", ("ltd", "s p a", "spa", "srl", "s r l", "gmbh", "ab", "s a", "inc", "plc", "company")),
]
# Not a kind of body but who set it up: "ACLIMA (Asociacion cluster …), istituita dal Governo Basco" is an association
# that a government established; asked as "coordinated by a public body or set up by a government"
SET_UP_BY_GOVERNMENT = "body set up by a government"
KIND_IT = {"public body": "ente pubblico", "foundation": "fondazione", "federation": "federazione",
           "association": "associazione", "consortium": "consorzio", "committee": "comitato",
           "institute": "istituto", "company": "impresa", SET_UP_BY_GOVERNMENT: "ente istituito da un governo"}
# a founding verb and the few words before the founder's name ("istituita dal", "set up by the")
_SET_UP_BY = re.compile(r"\b(?:istituit[aoie]|costituit[aoie]|creat[aoie]|fondat[aoie]|set up|established|created|founded)"
                        r"\s+(?:da|dal|dalla|dallo|dai|dagli|dalle|by|by the)\s+((?:\S+\s*){1,4})", re.IGNORECASE)


def organisation_kind(text: str | None) -> str | None:
    """"Città di Solna (City of Solna)" -> "public body"; None when the words do not say (e.g. "NWTexnet")."""
    if not text:
        return None
    folded = f" {' '.join(words(text))} "
    for kind, cues in ORGANISATION_KINDS:
        if any(f" {cue} " in folded for cue in cues):
            return kind
    return None


def set_up_by_government(card: ClusterCard) -> bool:
    """Whether the card says its coordinating body was set up by a public body ("istituita dal Governo Basco")."""
    return any(organisation_kind(m.group(1)) == "public body" for m in _SET_UP_BY.finditer(card.coordinating_body or ""))


def card_organisation_kind(card: ClusterCard) -> str | None:
    """The kind of the card's coordinating body: from its own words, else from the words just before its name
    in the card's prose ("coordinato da un organismo a partecipazione pubblica, NWTexnet" -> public body)."""
    body = card.coordinating_body
    kind = organisation_kind(body)
    if kind or not body:
        return kind
    name = words(body)
    for text in (card.constitutive_aspects or "", card.eco_innovation or ""):
        tokens = words(text)
        for i in range(len(tokens) - len(name) + 1):
            if tokens[i:i + len(name)] == name:
                kind = organisation_kind(" ".join(tokens[max(0, i - 6):i]))
                if kind:
                    return kind
    return None


# --- filters ------------------------------------------------------------------------------


def passes(card: ClusterCard, f: Filter | None, catalog: CardCatalog) -> bool | None:
    """Whether ``card`` passes filter ``f``: True, False, or None (a needed field is not reported)."""
    if f is None:
        return True
    if isinstance(f, Not):
        inner = passes(card, f.part, catalog)
        return None if inner is None else not inner
    if isinstance(f, All):
        verdicts = [passes(card, p, catalog) for p in f.parts]
        return False if False in verdicts else (None if None in verdicts else True)
    if isinstance(f, AnyOf):
        verdicts = [passes(card, p, catalog) for p in f.parts]
        return True if True in verdicts else (None if None in verdicts else False)
    return _test(card, f, catalog)


def _test(card: ClusterCard, t: Test, catalog: CardCatalog) -> bool | None:
    if t.what == "kind":
        return card.kind in t.values
    if t.what == "cluster":
        return card.name in t.values
    if t.what == "country":
        country = catalog.country_of(card)
        return None if country is None else country in t.values
    if t.what == "region":
        country = catalog.country_of(card)
        return None if country is None else any(country in REGION_MEMBERS.get(r, ()) for r in t.values)
    if t.what == "label":
        return None if not card.sector.strip() else folded_line(card.sector) in {folded_line(v) for v in t.values}
    if t.what == "sector":
        mine = catalog.sectors_of(card, with_name=True) + [PILOT_SECTOR] * (card.kind == "pilot_district")
        wanted = set(t.values) | {part for v in t.values for part in SECTOR_PARTS.get(v, ())}
        return None if not mine and not card.sector else bool(set(mine) & wanted)
    if t.what == "family":
        mine = catalog.families_of(card, with_name=True)
        return None if not mine and not card.sector else bool(set(mine) & set(t.values))
    if t.what == "organisation":
        if SET_UP_BY_GOVERNMENT in t.values and set_up_by_government(card):
            return True
        kind = card_organisation_kind(card)
        return None if kind is None else kind in t.values
    if t.what == "reported":
        return reported(card, t.measure)
    if t.what == "compare":
        value = number_of(card, t.measure)
        bound = reference_value(t, catalog)
        if value is None or bound is None:
            return None
        return compare(value, t.op, bound, t.high)
    raise ValueError(f"unknown test {t.what!r}")


def reference_value(t: Test, catalog: CardCatalog) -> float | None:
    """The bound of a comparison: its number, or the referenced cluster's value."""
    if t.ref:
        card = catalog.get(t.ref)
        return number_of(card, t.measure) if card else None
    return t.value


def compare(a: float, op: str, b: float, high: float | None = None) -> bool:
    if op == "between":
        return b <= a <= (high if high is not None else b)
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b, "=": a == b}[op]


# --- selections ---------------------------------------------------------------------------


@dataclass
class Selection:
    """The cards in scope, those that pass the filter, and those that cannot be judged."""

    scope: list[ClusterCard]
    hits: list[ClusterCard]
    unknown: list[ClusterCard]


def select(plan: Plan, catalog: CardCatalog) -> Selection:
    scope = scope_of(plan, catalog)
    verdicts = [(c, passes(c, plan.where, catalog)) for c in scope]
    return Selection(scope, [c for c, v in verdicts if v], [c for c, v in verdicts if v is None])


def leaders(plan: Plan, catalog: CardCatalog) -> list[ClusterCard]:
    """The cards a superlative plan answers with ("which of them has the most firms" -> the top card)."""
    if plan.op != "rank" or not plan.superlative or not plan.fields or (plan.limit or 1) > 1:
        return []
    f = plan.fields[0]
    known = [c for c in select(plan, catalog).hits if number_of(c, f) is not None]
    if not known:
        return []
    best = (max if plan.descending else min)(number_of(c, f) for c in known)
    return [c for c in known if number_of(c, f) == best]


def without(f: Filter | None, leaf: Test) -> Filter | None:
    """``f`` with the test ``leaf`` dropped (where it stands un-negated in a conjunction, or alone)."""
    if f == leaf:
        return None
    if isinstance(f, All):
        parts = [p for p in f.parts if p != leaf]
        return None if not parts else parts[0] if len(parts) == 1 else All(tuple(parts))
    return f


def unreported(plan: Plan, catalog: CardCatalog) -> list[ClusterCard]:
    """Cards that fail only because they do not report a field the question asks to be reported
    ("which clusters have a website"): the answer names them apart, one that reports neither of two such fields
    too ("how many report both firms and workers?")."""
    asked = [t for t in plan.tests()
             if t.what == "reported" and (t == plan.where or (isinstance(plan.where, All) and t in plan.where.parts))]
    rest = plan.where
    for t in asked:  # the other conditions: a card that reports neither of two fields asked is named too
        rest = without(rest, t)
    out = []
    for t in asked:
        out += [c for c in scope_of(plan, catalog) if not reported(c, t.measure) and passes(c, rest, catalog) and c not in out]
    return out


def scope_of(plan: Plan, catalog: CardCatalog) -> list[ClusterCard]:
    if plan.clusters and plan.op not in ("similar",):
        return [c for c in (catalog.get(n) for n in plan.clusters) if c]
    return list(catalog.cards)


def split_reported(cards: list[ClusterCard], m: Measure) -> tuple[list[ClusterCard], list[ClusterCard]]:
    """(cards that report ``m``, cards that do not)."""
    return [c for c in cards if number_of(c, m) is not None], [c for c in cards if number_of(c, m) is None]


def ranked(cards: list[ClusterCard], m: Measure, descending: bool = True) -> list[ClusterCard]:
    """Cards reporting ``m`` ordered by it (stable: ties keep card order)."""
    known, _ = split_reported(cards, m)
    return sorted(known, key=lambda c: number_of(c, m), reverse=descending)


def aggregate(cards: list[ClusterCard], m: Measure, how: str) -> float | None:
    """The total, average, median or difference (highest less lowest) of ``m`` over the cards that report it (None
    when none does); for a ratio,
    "pooled" is the total numerator over the total denominator (the overall workers per firm of the cards together,
    where the average weighs every card alike)."""
    values = sorted(number_of(c, m) for c in cards if number_of(c, m) is not None)
    if not values:
        return None
    if how == "difference":
        return values[-1] - values[0]
    if how == "pooled":
        known = [c for c in cards if number_of(c, m) is not None]
        return aggregate(known, m.numerator, "total") / aggregate(known, m.denominator, "total")
    if how == "median":
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return sum(values) if how == "total" else sum(values) / len(values)


# --- premises -------------------------------------------------------------------------------


def premise_holds(p: Premise, catalog: CardCatalog, plan: Plan | None = None) -> bool | None:
    """Whether the card confirms an asserted fact (None: the card does not report the field). A premise on how many
    clusters there are holds when it is the number of all cards, of the cards of one kind (the report's, the pilot
    districts) or of the cards ``plan`` selects ("of the 3 clusters in Spain")."""
    if p.field == SCOPE_SIZE:
        sizes = {len(catalog.cards), *catalog.kind_sizes().values()}
        if plan is not None:
            sizes.add(len(select(plan, catalog).hits))
        return float(p.value) in sizes
    card = catalog.get(p.cluster)
    if card is None:
        return None
    if p.field == "country":
        actual = catalog.country_of(card)
        return None if actual is None else actual == p.value
    value = number_of(card, p.field)
    if value is not None and isinstance(p.field, Ratio):  # said rounded: "about 54 per firm" for 53.6
        return abs(value - float(p.value)) <= max(0.5, 0.005 * value)
    return None if value is None else math.isclose(value, float(p.value), rel_tol=0.005)


def holders(p: Premise, catalog: CardCatalog) -> list[ClusterCard]:
    """Other cards whose ``p.field`` is the asserted number ("24,224 workers" is Fedustria's figure)."""
    if p.field not in NUMERIC:
        return []
    return [c for c in catalog.cards if c.name != p.cluster and number_of(c, p.field) is not None
            and math.isclose(number_of(c, p.field), float(p.value), rel_tol=0.005)]


def group_keys(card: ClusterCard, by: str, catalog: CardCatalog) -> list[str]:
    """The groups a card belongs to (a card may be in several regions or sector families; none if unknown)."""
    if by == "country":
        return [c] if (c := catalog.country_of(card)) else []
    if by == "region":
        return catalog.regions_of(card)
    if by == "family":
        return catalog.families_of(card, with_name=True)
    if by == "kind":
        return [card.kind]
    raise ValueError(by)


def group(cards: list[ClusterCard], by: str, catalog: CardCatalog) -> tuple[dict[str, list[ClusterCard]], list[ClusterCard]]:
    """{group: cards}, largest group first (then by name), and the cards in no group."""
    groups: dict[str, list[ClusterCard]] = {}
    loose = []
    for card in cards:
        keys = group_keys(card, by, catalog)
        if not keys:
            loose.append(card)
        for k in keys:
            groups.setdefault(k, []).append(card)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    return {k: groups[k] for k in order}, loose


def of_size(groups: dict[str, list[ClusterCard]], size: tuple[str, float]) -> dict[str, list[ClusterCard]]:
    """The groups of :func:`group` with that many cards, (op, number): "countries with more than one cluster"."""
    return {k: cards for k, cards in groups.items() if compare(len(cards), size[0], size[1])}


# --- similarity ---------------------------------------------------------------------------

# Weights of the matching card fields (see :func:`similarity`): shown with each reason.
WEIGHTS = {"sector": 1.0, "mentions": 0.5, "family": 2.0, "country": 1.5, "region": 0.5, "kind": 0.5, "size": 1.0,
           "coordinator": 1.5}
# The reasons (WEIGHTS' keys) each dimension of likeness (plan.LIKENESS) gives.
REASONS_OF = {"sector": ("family", "sector", "mentions"), "place": ("country", "region"), "kind": ("kind",),
              "size": ("size",), "coordinator": ("coordinator",)}


@dataclass
class Match:
    """One card's similarity to a target: the score and the fields that matched (``reasons``: field -> value)."""

    card: ClusterCard
    score: float
    reasons: dict[str, object] = field(default_factory=dict)


def similarity(target: ClusterCard, card: ClusterCard, catalog: CardCatalog, along: tuple[str, ...] = ()) -> Match:
    """How much ``card`` is like ``target``, from card fields only: same sector family (2), a shared sector (1) or
    else a sentence of its prose that names one of the target's sectors (0.5, :meth:`CardCatalog.mentions`),
    same country (1.5) or else same region (0.5), same kind (0.5), and for each of enterprises and workers
    that both report, closeness of size on a log scale (1 for equal, 0 at a factor of 100 or more). ``along``: only
    those dimensions of likeness count (``plan.LIKENESS``), the coordinator's among them: the same kind of body
    coordinating both (1.5, :func:`card_organisation_kind`), which counts only when asked."""
    assert all(a in LIKENESS for a in along), along
    reasons: dict[str, object] = {}
    sectors = set(catalog.sectors_of(target, True)) & set(catalog.sectors_of(card, True))
    families = set(catalog.families_of(target, True)) & set(catalog.families_of(card, True))
    if families:
        reasons["family"] = sorted(families)
    if sectors:
        reasons["sector"] = sorted(sectors)
    else:  # no sector in common, but the card's prose names one of the target's ("a footwear side")
        mentioned = {s: line for s in catalog.sectors_of(target, True) if (line := catalog.mentions(card, s))}
        if mentioned:
            reasons["mentions"] = mentioned
    country = catalog.country_of(target)
    if country and country == catalog.country_of(card):
        reasons["country"] = country
    else:
        regions = [r for r in catalog.regions_of(target) if r in catalog.regions_of(card)]
        if regions:
            reasons["region"] = regions
    if card.kind == target.kind:
        reasons["kind"] = card.kind
    if "coordinator" in along and (kind := card_organisation_kind(target)) and kind == card_organisation_kind(card):
        reasons["coordinator"] = kind
    if along:
        kept = {r for a in along for r in REASONS_OF[a]}
        reasons = {k: v for k, v in reasons.items() if k in kept}
    score = sum(WEIGHTS[k] for k in reasons)
    closeness = {}
    for m in NUMERIC if not along or "size" in along else ():
        a, b = getattr(target, m), getattr(card, m)
        if a and b:
            closeness[m] = max(0.0, 1 - abs(math.log10(a) - math.log10(b)) / 2)
    if closeness:
        reasons["size"] = closeness
        score += WEIGHTS["size"] * sum(closeness.values()) / len(closeness)
    return Match(card, round(score, 3), reasons)


def unreported_along(target: ClusterCard, along: tuple[str, ...], catalog: CardCatalog) -> list[str]:
    """The dimensions of likeness asked (``along``) that ``target``'s card gives nothing to judge by: no enterprises
    or workers for its size, no kind of coordinating body read, no sector, no country. (Prato's card reports no size
    and no coordinator: "most like Prato by size and coordinator" has nothing to compare.)"""
    has = {"size": any(getattr(target, m) for m in NUMERIC), "coordinator": bool(card_organisation_kind(target)),
           "sector": bool(catalog.sectors_of(target, True)), "place": bool(catalog.country_of(target)), "kind": True}
    return [a for a in along if not has[a]]


def most_similar(plan: Plan, catalog: CardCatalog) -> tuple[ClusterCard, list[Match]]:
    """The target card and the other cards passing the filter, most similar first (ties by card order)."""
    target = catalog.get(plan.clusters[0])
    pool = [c for c in catalog.cards if c.name != target.name and passes(c, plan.where, catalog)]
    matches = [similarity(target, c, catalog, plan.along) for c in pool]
    matches.sort(key=lambda m: -m.score)
    return target, matches[: plan.limit or 3]


def tied_after(plan: Plan, catalog: CardCatalog) -> list[Match]:
    """The matches left out of :func:`most_similar`'s list with the same score as its last one: the list's last place
    is shared, and the answer says with whom."""
    _, every = most_similar(replace(plan, limit=len(catalog.cards)), catalog)
    shown = every[: plan.limit or 3]
    return [m for m in every[len(shown):] if shown and m.score == shown[-1].score]


def coordinator(card: ClusterCard) -> tuple[str | None, str | None]:
    """(kind of organisation or None, the coordinating body as written or None)."""
    return card_organisation_kind(card), card.coordinating_body


def kind_wording(card: ClusterCard) -> str | None:
    """The card prose's words just before its coordinating body's name that gave its kind (:func:`card_organisation_kind`
    read from the prose: "coordinato da un organismo a partecipazione pubblica" before "NWTexnet"), as written; None
    when the body's own name says its kind, or nothing does. An answer calling NWTexnet a public body shows them."""
    body = card.coordinating_body
    if not body or organisation_kind(body) or not card_organisation_kind(card):
        return None
    for text in (card.constitutive_aspects or "", card.eco_innovation or ""):
        at = text.find(body.strip())
        before = text[:at].split()[-6:] if at > 0 else []
        if before and organisation_kind(" ".join(before)):
            while len(before) > 1 and len(before[0]) < 4:  # from the noun: not "da un …"
                before = before[1:]
            return " ".join(before).strip(" ,;:")
    return None
