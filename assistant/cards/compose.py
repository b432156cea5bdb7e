"""Answers to card plans, written from executed results, with the cards cited.

First line: the plan as read ("Read as: …" / "Letto come: …"), so the user sees what was
answered. Then short text in the question's language with one marker per card ([n], in
first-use order), the card chunks as citations (text, id and metadata exactly as indexed,
highlights = the lines that support the answer) and a table of rows for export. A field
the report leaves empty is "not reported", never estimated; clusters without a value are
named apart ("not reported for: …"). Numbers are written as the report writes them in
Italian (4.000) and as 4,000 in English.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.cards import execute as ex
from assistant.cards.catalog import (
    CardCatalog,
    country_label,
    family_label,
    region_label,
    sector_label,
    tokenize,
    unique,
    words,
)
from assistant.cards.parse import field_words
from assistant.cards.plan import COORDINATOR_KIND, FOUNDED, NUMERIC, PROSE, SCOPE_SIZE, All, AnyOf, Filter, Measure, Not, Plan, Ratio, Test, negated_tests
from assistant.language import message
from assistant.types import Answer, Passage
from imagine.cards import ClusterCard
from imagine.text import fold

# Each card field's name in answers, per language ("addetti" / "workers").
FIELD_NAMES = {
    "it": {"enterprises": "imprese", "workers": "addetti", "website": "sito internet", "country": "paese",
           "location": "localizzazione", "sector": "settore", "coordinating_body": "soggetto coordinatore",
           "eco_innovation": "esperienze di eco-innovazione", "constitutive_aspects": "elementi costitutivi",
           COORDINATOR_KIND: "tipo di soggetto coordinatore", FOUNDED: "anno di costituzione", "name": "nome"},
    "en": {"enterprises": "enterprises", "workers": "workers", "website": "website", "country": "country",
           "location": "location", "sector": "sector", "coordinating_body": "coordinating body",
           "eco_innovation": "eco-innovation experiences", "constitutive_aspects": "constitutive aspects",
           COORDINATOR_KIND: "kind of coordinating body", FOUNDED: "year founded", "name": "name"},
}
SINGULAR = {"it": {"enterprises": "impresa", "workers": "addetto"}, "en": {"enterprises": "enterprise", "workers": "worker"}}
# The English label of each field in the card text's lines ("Numero di addetti / Workers: …"), for highlights.
CARD_LINE = {**FIELD_NAMES["en"], "name": "cluster name", COORDINATOR_KIND: "coordinating body"}
GROUP_LABELS = {"it": {"country": "paese", "region": "area geografica", "family": "filiera", "kind": "tipo"},
                "en": {"country": "country", "region": "region", "family": "sector family", "kind": "kind"}}
GROUP_PLURALS = {"it": {"country": "paesi", "region": "aree geografiche", "family": "filiere", "kind": "tipi"},
                 "en": {"country": "countries", "region": "regions", "family": "sector families", "kind": "kinds"}}
KIND_LABELS = {"it": {"pilot_district": "distretti pilota IMAGINE", "report_card": "cluster del rapporto"},
               "en": {"pilot_district": "IMAGINE pilot districts", "report_card": "cluster cards of the report"}}


def label(m: Measure, lang: str) -> str:
    if isinstance(m, Ratio):
        return f"{FIELD_NAMES[lang][m.numerator]} per {SINGULAR[lang][m.denominator]}"
    return FIELD_NAMES[lang][m]


def _fields_of(m: Measure) -> list[str]:
    return [m.numerator, m.denominator] if isinstance(m, Ratio) else [m]


class _Citations:
    """Markers in first-use order, with the fields each cited card supports."""

    def __init__(self, catalog: CardCatalog):
        self.catalog = catalog
        self.cards: list[ClusterCard] = []
        self.fields: dict[str, list[str]] = {}  # card id -> fields it supports, "name" first
        self.lines: dict[str, list[str]] = {}  # card id -> lines of its prose an answer quotes

    def mark(self, card: ClusterCard, *fields, lines=()) -> str:
        if FOUNDED in fields:  # a founding year's support is its sentence in the card's prose
            lines = (*lines, *(sentence for _, sentence in ex.founding(card)))
        if card.id not in self.fields:
            self.cards.append(card)
            self.fields[card.id] = ["name"]
            self.lines[card.id] = []
        self.lines[card.id] += [line for line in lines if line not in self.lines[card.id]]
        for f in fields:
            for g in _fields_of(f):
                if g not in self.fields[card.id]:
                    self.fields[card.id].append(g)
        return f"[{list(self.fields).index(card.id) + 1}]"

    def passages(self) -> list[Passage]:
        out = []
        for card in self.cards:
            chunk = self.catalog.chunks.get(card.id)
            if chunk is None:  # a catalog built without the index (tools, tests of a new card)
                out.append(Passage(text=card.name, metadata={"cluster": card.name, "card_id": card.id}, score=1.0, id=card.id))
                continue
            out.append(Passage(text=chunk.text, metadata=dict(chunk.metadata), score=1.0, id=chunk.id,
                               highlights=_highlights(chunk.text, self.fields[card.id]) + self.lines[card.id]))
        return out


def _highlights(text: str, fields: list[str]) -> list[str]:
    """The lines of a card's text that hold the given fields."""
    wanted = [CARD_LINE[f] for f in fields if f in CARD_LINE]
    out = []
    for line in text.splitlines():
        head = fold(line.split(":", 1)[0]).strip()
        if any(head.endswith(fold(w)) for w in wanted if ":" in line):
            out.append(line)
    return out


def number(value: float, lang: str) -> str:
    """4000 -> "4.000" in Italian, "4,000" in English, as the report writes it; ratios with one decimal."""
    if abs(value - round(value)) > 1e-9 and abs(value) < 1000:
        text = f"{value:,.1f}"
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "it" else text
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "it" else text


def _qualifier(text: str, lang: str) -> str:
    """"circa"/"about" or "oltre"/"over" when the report's wording says the count is approximate."""
    folded = f" {' '.join(words(text))} "
    if any(f" {w} " in folded for w in ("circa", "about", "approximately", "approx", "around", "ca", "quasi", "nearly")):
        return "circa " if lang == "it" else "about "
    if any(f" {w} " in folded for w in ("oltre", "over", "more than", "piu di", "above")):
        return "oltre " if lang == "it" else "over "
    return ""


def _says_more(source: str, f: str) -> bool:
    """Whether the report's wording of a count adds anything to the number ("23 enterprises 7 Foundations" does)."""
    plain = {w for phrase in field_words(f) for w in words(phrase)} | {"circa", "about", "ca"}
    return any(t.number is None and t.text not in plain for t in tokenize(source))


def _value(card: ClusterCard, f: Measure, lang: str, catalog: CardCatalog, wording: bool = False, compact: bool = False) -> str | None:
    """A field of a card as shown in an answer; None when the card does not report it."""
    if isinstance(f, Ratio):
        v = ex.number_of(card, f)
        if v is None:
            return None
        if not wording:
            return number(v, lang)
        # a cluster's own ratio says what was divided: the card gives the two fields, never their ratio
        a, b = (_value(card, m, lang, catalog) for m in (f.numerator, f.denominator))
        how = "calcolato dalla scheda" if lang == "it" else "computed from the card"
        return f"{number(v, lang)} ({a} {label(f.numerator, lang)} / {b} {label(f.denominator, lang)}, {how})"
    if f in NUMERIC:
        n = getattr(card, f)
        if n is None:
            return None
        text = getattr(card, f + "_text") or ""
        shown = _qualifier(text, lang) + number(n, lang)
        source = " ".join(text.split())
        if wording and _says_more(source, f):
            shown += f" («{_clipped(source, 90)}»)"
        return shown
    if f == "country":
        return country_label(catalog.country_of(card), lang)
    if f == FOUNDED:  # each year with the sentence that says what was founded then
        # (whole in a lookup: the sentence says what was founded, and often more that was asked with it)
        return "; ".join(f"{year}: «{sentence if wording else _clipped(sentence)}»" for year, sentence in ex.founding(card)) or None
    if f == "sector":
        if lang == "en" or compact:
            mapped = catalog.sectors_of(card)
            if mapped:
                return ", ".join(sector_label(x, lang) for x in mapped)
        return "; ".join(card.sectors) if card.sectors else (" ".join(card.sector.split()) or None)
    if f == COORDINATOR_KIND:
        kind, body = ex.coordinator(card)
        if not body:
            return None
        if kind is None:
            return " ".join(body.split()) + (" (il tipo di ente non è indicato)" if lang == "it" else
                                             " (the card does not say what kind of organisation it is)")
        said = ex.kind_wording(card)  # the card's own words, when the kind is read from its prose
        shown = ex.KIND_IT[kind] if lang == "it" else kind
        if said:
            shown += f" («{said}»)" if lang == "it" else f" (the card: «{said}»)"
        return f"{shown} — {' '.join(body.split())}"
    if f in PROSE:
        value = getattr(card, f)
        if not value:
            return None
        return ("riportate" if lang == "it" else "reported") if f == "eco_innovation" else value
    value = getattr(card, f, None)
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _clipped(sentence: str, size: int = 160) -> str:
    """A quoted sentence cut at a word to about ``size`` characters, with "…" when cut."""
    return sentence if len(sentence) <= size else sentence[: size - 3].rsplit(" ", 1)[0] + "…"


def _join(items: list[str], lang: str, word: str = "") -> str:
    if len(items) <= 1:
        return "".join(items)
    word = word or ("e" if lang == "it" else "and")
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# --- filters and plans as words -----------------------------------------------------------

_ORDER = ("kind", "cluster", "country", "region", "sector", "label", "family", "organisation", "compare", "reported")
_CMP_WORDS = {
    "it": {">": "più di", ">=": "almeno", "<": "meno di", "<=": "al massimo", "=": "esattamente"},
    "en": {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most", "=": "exactly"},
}


def _leaf_key(f: Filter) -> int:
    t = f.part if isinstance(f, Not) else f
    return _ORDER.index(t.what) if isinstance(t, Test) else len(_ORDER)


def describe_filter(f: Filter | None, lang: str) -> str:
    """A filter as a phrase: "in Spagna con più di 4.000 addetti"."""
    if f is None:
        return ""
    if isinstance(f, All):
        parts = sorted(f.parts, key=_leaf_key)
        reported = [p for p in parts if isinstance(p, Test) and p.what == "reported"]
        if len(reported) > 1:  # "reporting website and eco-innovation experiences"
            merged = _join([label(p.measure, lang) for p in reported], lang)
            rest = [describe_filter(p, lang) for p in parts if p not in reported]
            return " ".join([*rest, ("che riportano " if lang == "it" else "reporting ") + merged])
        return " ".join(describe_filter(p, lang) for p in parts)
    if isinstance(f, AnyOf):
        return _join([describe_filter(p, lang) for p in f.parts], lang, "o" if lang == "it" else "or")
    if isinstance(f, Not):
        return _test_phrase(f.part, lang, negated=True) if isinstance(f.part, Test) else \
            ("non " if lang == "it" else "not ") + describe_filter(f.part, lang)
    return _test_phrase(f, lang)


def _test_phrase(t: Test, lang: str, negated: bool = False) -> str:
    it = lang == "it"
    orword = " o " if it else " or "
    if t.what == "kind":
        names = orword.join(KIND_LABELS[lang][k] for k in t.values)
        if negated:
            return f"esclusi i {names}" if it else f"excluding the {names}"
        return f"tra i {names}" if it else f"among the {names}"
    if t.what == "cluster":
        names = _join(list(t.values), lang)
        return (f"esclusi {names}" if it else f"except {names}") if negated else (f"tra {names}" if it else f"among {names}")
    if t.what == "country":
        names = orword.join(country_label(c, lang) for c in t.values)
        return (f"non in {names}" if it else f"not in {names}") if negated else f"in {names}"
    if t.what == "region":
        names = orword.join(_region_in(r, lang) for r in t.values)
        if it:
            return (f"fuori da {names}" if negated else names if names.split()[0] in _IT_IN.values() else f"in {names}")
        return f"outside {names}" if negated else f"in {names}"
    if t.what == "label":
        names = orword.join(f"«{x}»" for x in t.values)
        if it:
            return f"con settore {'diverso da' if negated else 'esattamente'} {names}"
        return f"with a sector line {'other than' if negated else 'reading exactly'} {names}"
    if t.what == "sector":
        names = orword.join(sector_label(x, lang) for x in t.values)
        return (f"{'fuori dal' if negated else 'del'} settore {names}") if it else \
            f"{'outside' if negated else 'in'} the {names} sector"
    if t.what == "family":
        names = orword.join(family_label(x, lang) for x in t.values)
        return (f"{'fuori dalla' if negated else 'della'} filiera {names}") if it else \
            f"{'outside' if negated else 'in'} the {names} family of sectors"
    if t.what == "organisation":
        names = orword.join(ex.KIND_IT[k] if it else k for k in t.values)
        article = "an" if names[0] in "aeiou" else "a"
        return (f"{'non ' if negated else ''}coordinati da un ente di tipo {names}") if it else \
            f"{'not ' if negated else ''}coordinated by {article} {names}"
    name = label(t.measure, lang)
    if t.what == "reported":
        if it:
            return f"che {'non ' if negated else ''}riportano {name}"
        return f"{'not ' if negated else ''}reporting {name}"
    # compare
    prefix = ("non " if it else "not ") if negated else ""
    if t.measure == FOUNDED and t.value is not None and t.op != "between":  # a year: "fondati prima del 2000"
        when = {">": ("dopo il", "after"), ">=": ("dal", "in or after"), "<": ("prima del", "before"),
                "<=": ("entro il", "in or before"), "=": ("nel", "in")}[t.op]
        return prefix + (f"costituiti {when[0]} {int(t.value)}" if it else f"founded {when[1]} {int(t.value)}")
    if t.op == "between":
        low, high = number(t.value, lang), number(t.high, lang)
        return prefix + (f"con un numero di {name} tra {low} e {high}" if it else f"with between {low} and {high} {name}")
    if t.ref:
        more = {">": "più", ">=": "almeno tanti", "<": "meno", "<=": "al massimo tanti", "=": "tanti"} if it else \
            {">": "more", ">=": "at least as many", "<": "fewer", "<=": "at most as many", "=": "as many"}
        return prefix + (f"con {more[t.op]} {name} di {t.ref}" if it else
                         f"with {more[t.op]} {name} {'than' if t.op in ('>', '<') else 'as'} {t.ref}")
    return prefix + (f"con {_CMP_WORDS[lang][t.op]} {number(t.value, lang)} {name}" if it else
                     f"with {_CMP_WORDS[lang][t.op]} {number(t.value, lang)} {name}")


_IT_IN = {"paesi": "nei", "penisola": "nella", "isole": "nelle", "benelux": "nel"}


def _region_in(region: str, lang: str) -> str:
    """A region after "in": "the Nordic countries", "nei paesi nordici" (the caller writes "in" in English)."""
    name = region_label(region, lang)
    first = name.split()[0].lower()
    if lang == "it":
        return f"{_IT_IN[first]} {name}" if first in _IT_IN else name
    return f"the {name}" if name.split()[-1] in ("countries", "Peninsula", "Isles") or "(" in name else name


def read_as(plan: Plan, lang: str) -> str:
    """The plan as one line in the answer's language: "Read as: clusters in Germany or Sweden with at least 1,000 workers"."""
    it = lang == "it"
    desc = describe_filter(plan.where, lang)
    tail = f" {desc}" if desc else ""
    fields = _join([label(f, lang) for f in plan.fields], lang)
    names = _join(plan.clusters, lang)
    # "quale tra Fedustria e West Flanders riporta gli addetti?": the clusters a list or count is taken among
    among = ((f" tra {names}" if it else f" among {names}") if plan.clusters else "")
    if plan.op == "list":
        what = (f"cluster{among}{tail}" + (f" ({fields})" if fields else "") if it
                else f"clusters{among}{tail}" + (f" ({fields})" if fields else ""))
    elif plan.op == "count" and plan.proportion:
        scope = describe_filter(share_scope(plan.where), lang)
        chosen = describe_filter(_share_selection(plan.where), lang)
        measure = f"{fields} dei cluster" if it and plan.fields else f"{fields} of the clusters" if plan.fields else "cluster" if it else "clusters"
        what = (f"quota di {measure} {chosen} sul totale dei cluster{' ' + scope if scope else ''}" if it else
                f"share of {measure} {chosen} out of all clusters{' ' + scope if scope else ''}")
    elif plan.op == "count" and plan.fields == ["country"]:  # "in how many countries are they": counted by country
        what = f"numero di cluster{tail} e dei loro paesi" if it else f"number of clusters{tail} and of their countries"
    elif plan.op == "count":
        what = f"numero di cluster{among}{tail}" if it else f"number of clusters{among}{tail}"
        if plan.aggregate:  # "how many clusters … and how many enterprises do they add up to?"
            what += (f" e {_STATISTIC[plan.aggregate][0]} di {fields}, {_STATISTIC[plan.aggregate][2]} dalle schede citate"
                     if it else f" and {_STATISTIC[plan.aggregate][1]} {fields}, computed from the cited cards")
    elif plan.op == "lookup":
        what = f"{fields} di {names}" if it else f"{fields} of {names}"
    elif plan.op == "compare":
        what = f"confronto tra {names} ({fields})" if it else f"comparison of {names} ({fields})"
    elif plan.op == "rank" and plan.superlative:
        among = ((f" tra {names}" if it else f" of {names}") if plan.clusters else "")
        most = ("con più" if plan.descending else "con meno") if it else ("with the most" if plan.descending else "with the fewest")
        if plan.fields[:1] == [FOUNDED]:  # a year is early or late, not many or few
            most = ("con l'anno di costituzione più recente" if plan.descending else "con l'anno di costituzione più "
                    "antico") if it else ("founded last" if plan.descending else "founded first")
            fields = ""
        k = f"i {plan.limit} cluster" if it and plan.limit and plan.limit > 1 else ("il cluster" if it else
                                                                                    (f"the {plan.limit} clusters" if plan.limit and plan.limit > 1 else "the cluster"))
        what = f"{k}{among}{tail} {most} {fields}".rstrip()
        if plan.counted:  # "how many … and which of those has the most (fewest) …?"
            has = (("ha più" if plan.descending else "ha meno") if it
                   else ("has the most" if plan.descending else "has the fewest"))
            what = (f"numero di cluster{tail}, e quale di questi {has} {fields}" if it
                    else f"number of clusters{tail}, and which of them {has} {fields}")
    elif plan.op == "rank":
        order = ("dal maggiore" if plan.descending else "dal minore") if it else ("most first" if plan.descending else "fewest first")
        top = (f"i primi {plan.limit} cluster" if it else f"top {plan.limit} clusters") if plan.limit else "cluster" if it else "clusters"
        what = f"{top}{tail} per {fields} ({order})" if it else f"{top}{tail} by {fields} ({order})"
    elif plan.op == "aggregate":
        how = _join([_STATISTIC[a][not it] for a in (plan.aggregate, *plan.also)], lang)
        done = _STATISTIC[plan.aggregate][2]
        of = (f"di {names}" if it else f"of {names}") if plan.clusters else ("dei cluster" if it else "of the clusters")
        what = (f"{how} di {fields} {of}{tail}, {done} dalle schede citate" if it else
                f"{how} {fields} {of}{tail}, computed from the cited cards")
    elif plan.op == "group":
        key = GROUP_LABELS[lang][plan.group_by]
        what = f"numero di cluster{tail} per {key}" if it else f"number of clusters{tail} by {key}"
        if plan.limit:  # "qual è il paese con più cluster?": what is asked, then the table it is read from
            what = f"{_most_group(plan, lang)}{tail} ({what})"
        if plan.group_size is not None:  # "…, solo paesi con più di 1 cluster"
            what += f", {'solo' if it else 'only'} " + _group_size(plan, lang)
        if plan.aggregate == "total" and plan.fields:
            what += (f" e totale di {fields} per {key}, calcolato dalle schede citate" if it else
                     f" and total {fields} by {key}, computed from the cited cards")
    else:  # similar
        along = _join([LIKENESS_LABELS[lang][a] for a in plan.along], lang) if plan.along else (
            "filiera, settore, paese o area, tipo, dimensione" if it else "sector family, sector, country or region, kind, size")
        what = f"i cluster{tail} più simili a {names} ({along})" if it else f"the clusters{tail} most like {names} ({along})"
    if plan.premises:
        checked = _join([("numero di cluster" if it else "number of clusters") if p.field == SCOPE_SIZE else
                         f"{label(p.field, lang)} di {p.cluster}" if it else f"{label(p.field, lang)} of {p.cluster}"
                         for p in plan.premises], lang)
        if plan.op == "lookup" and set(plan.fields) <= {p.field for p in plan.premises}:
            # "The Norte cluster has 1,200 companies. Which associations represent them?": the card reads nothing
            # but the premise; the question is what the passages after it answer
            what = f"premessa verificata sulla scheda: {checked}" if it else f"premise checked against the card: {checked}"
        else:
            what += f" (premessa verificata sulla scheda: {checked})" if it else f" (premise checked against the card: {checked})"
    return _READ_AS["it" if it else "en"] + " ".join(what.split())


_READ_AS = {"it": "Letto come: ", "en": "Read as: "}


def opens_with_reading(text: str) -> bool:
    """Whether an answer opens with the line :func:`read_as` writes: the cards gave it."""
    return text.lstrip().startswith(tuple(_READ_AS.values()))


# --- answers ------------------------------------------------------------------------------


def _row(card: ClusterCard, catalog: CardCatalog, extra: dict | None = None) -> dict:
    """One exportable table row: the card's facts, None where not reported."""
    row = {
        "name": card.name,
        "kind": card.kind,
        "country": catalog.country_of(card),
        "location": card.location or None,
        "sector": card.sector or None,
        "enterprises": card.enterprises,
        "workers": card.workers,
        "website": card.website,
        "coordinating_body": card.coordinating_body,
        "eco_innovation": bool(card.eco_innovation),
    }
    return {**row, **(extra or {})}


def compose(plan: Plan, catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to an executable plan, with one citation per card used (marker order)."""
    lang = lang if lang in ("it", "en") else "en"
    cites = _Citations(catalog)
    handler = {"lookup": _lookup, "compare": _compare_cards, "list": _list, "count": _share if plan.proportion else _list,
               "rank": _rank, "aggregate": _aggregate, "group": _group, "similar": _similar}[plan.op]
    unknown_ref = next((t for t in plan.tests() if t.ref and ex.reference_value(t, catalog) is None), None)
    if unknown_ref:  # "more workers than Norte" when Norte's workers are not reported: nothing to compare
        handler = _unknown_reference(unknown_ref)
    text, rows = handler(plan, catalog, lang, cites)
    correction = _premises(plan, catalog, lang, cites)
    if correction and plan.op == "lookup" and set(plan.fields) <= {p.field for p in plan.premises}:
        text = correction  # the correction already gives every field asked
    elif correction:
        text = correction + "\n" + text.strip()
    extra = {}
    for f in plan.fields:
        if isinstance(f, Ratio):
            extra[f.name] = lambda c, f=f: ex.number_of(c, f)
        elif f == COORDINATOR_KIND:
            extra[f] = ex.card_organisation_kind
    return Answer(
        text=read_as(plan, lang) + "\n" + text.strip(),
        citations=cites.passages(),
        language=lang,
        route="cards",
        backend="cards",
        table=[_row(c, catalog, {k: fn(c) for k, fn in extra.items()}) for c in rows],
    )


def _premises(plan: Plan, catalog: CardCatalog, lang: str, cites: "_Citations") -> str:
    """One line per premise of the question the card does not confirm: what the card really says."""
    it = lang == "it"
    lines = []
    for p in plan.premises:
        if ex.premise_holds(p, catalog, plan):
            continue
        if p.field == SCOPE_SIZE:  # "of the 30 clusters the report selected": how many there are
            lines.append(_scope_correction(catalog, lang, plan, cites))
            continue
        card = catalog.get(p.cluster)
        actual = (_value(card, p.field, lang, catalog, wording=isinstance(p.field, Ratio)) if p.field != "country"
                  else country_label(catalog.country_of(card), lang))
        says = f"{label(p.field, lang)}: {actual or message(lang, 'not_reported')}"  # never the asserted value again
        line = (f"La premessa della domanda non corrisponde alla scheda: {card.name} {cites.mark(card, p.field)} — {says}." if it else
                f"The question's premise does not match the card: {card.name} {cites.mark(card, p.field)} — {says}.")
        others = ex.holders(p, catalog)
        if others:
            who = _join([f"{c.name} {cites.mark(c, p.field)}" for c in others], lang)
            line += (f" Il dato della domanda è quello di {who}." if it else f" The figure in the question is that of {who}.")
        lines.append(line)
    return "\n".join(lines)


def _scope_correction(catalog: CardCatalog, lang: str, plan: Plan, cites: "_Citations") -> str:
    """What the cards say of how many clusters there are, for a question that gives another number: of the cards of
    the one kind the plan keeps, each cited ("5 distretti toscani": the pilot districts are 4), else of all of them."""
    kinds = {k for t in plan.tests() if t.what == "kind" for k in t.values}
    if len(kinds) == 1:
        kind = kinds.pop()
        of_kind = [c for c in catalog.cards if c.kind == kind]
        marks = "".join(cites.mark(c) for c in of_kind)
        return (f"La premessa della domanda non corrisponde alle schede: i {KIND_LABELS[lang][kind]} sono {len(of_kind)} {marks}."
                if lang == "it" else
                f"The question's premise does not match the cards: there are {len(of_kind)} {KIND_LABELS[lang][kind]} {marks}.")
    parts = _join([f"{n} {KIND_LABELS[lang][k]}" for k, n in catalog.kind_sizes().items()], lang)
    n = len(catalog.cards)
    return (f"La premessa della domanda non corrisponde alle schede: le schede sono {n} ({parts})." if lang == "it" else
            f"The question's premise does not match the cards: there are {n} cards ({parts}).")


def _unknown_reference(t: Test):
    def handler(plan, catalog, lang, cites):
        card = catalog.get(t.ref)
        text = (f"{card.name} {cites.mark(card, t.measure)} — {label(t.measure, lang)}: {message(lang, 'not_reported')}; "
                + ("il confronto non è possibile." if lang == "it" else "no comparison is possible."))
        return text, [card]

    return handler


def _not_reported(cards: list[ClusterCard], name: str, lang: str, cites: "_Citations", fields=()) -> str:
    """" Addetti: non riportato per A [5], B [6] e i 4 distretti pilota IMAGINE [7][8][9][10]." — unknowns named
    and cited (each card is what says its field is empty), pilots grouped."""
    if not cards:
        return ""
    pilots = [c for c in cards if c.kind == "pilot_district"]
    names = [f"{c.name} {cites.mark(c, *fields)}" for c in cards if c.kind != "pilot_district" or len(pilots) < 2]
    if len(pilots) >= 2:
        marks = "".join(cites.mark(c, *fields) for c in pilots)
        names.append(f"i {len(pilots)} distretti pilota IMAGINE {marks}" if lang == "it" else
                     f"the {len(pilots)} IMAGINE pilot districts {marks}")
    if lang == "it":
        return f" {name[0].upper() + name[1:]}: non riportato per {_join(names, lang)}."
    return f" {name[0].upper() + name[1:]} not reported for: {_join(names, lang)}."


def _none_known(plan, sel, unknown: list[ClusterCard], name: str, f, lang: str, cites: "_Citations") -> str:
    """What a superlative or an aggregate says when no card gives it a value: that no cluster passes the filter, or
    which cards leave the field empty, each cited (a bare "not reported" cited nothing)."""
    if not sel.hits and not unknown:
        return _no_cluster(describe_filter(plan.where, lang), sel, lang)
    return _not_reported(unknown, name, lang, cites, (f,)).strip()


def _no_cluster(desc: str, sel, lang: str) -> str:
    """"No cluster in the leather sector among the 15 cluster cards.": a filter no card in scope passes."""
    return (f"Nessun cluster {desc} tra le {len(sel.scope)} schede." if lang == "it" else
            f"No cluster {desc} among the {len(sel.scope)} cluster cards.")


def _mentioned(plan: Plan, sel, catalog: CardCatalog, lang: str, cites: "_Citations") -> str:
    """After "no cluster in the footwear sector": the cards in scope whose prose names the sector all the same, each
    with the line that does ("Norte's card names footwear: «APICCAPS ‐ Portuguese Association of Footwear …»"), the
    link a partner asking for "a cluster with a footwear side" is after. Empty when none does."""
    negated = negated_tests(plan.where)
    sectors = unique(s for t in plan.tests() if t.what == "sector" and t not in negated for s in t.values)
    out = []
    for card in sel.scope:
        for sector in sectors:
            if line := catalog.mentions(card, sector):
                mark = cites.mark(card, lines=[line])
                quote = line.lstrip("·•- ")
                out.append(f" La scheda di {card.name} {mark} cita il settore {sector_label(sector, lang)}: «{quote}»." if lang == "it"
                           else f" The card of {card.name} {mark} names {sector}: «{quote}».")
                break
    return "".join(out)


def _filter_fields(plan: Plan) -> list:
    out = []
    for t in plan.tests():
        if t.what in ("country", "region"):
            out.append("country")
        elif t.what in ("sector", "family"):
            out.append("sector")
        elif t.what == "organisation":
            out.append(COORDINATOR_KIND)
        elif t.measure is not None:
            out.append(t.measure)
    return unique(out)


def _lookup(plan, catalog, lang, cites):
    lines = []
    for name in plan.clusters:
        card = catalog.get(name)
        mark = cites.mark(card, *plan.fields)
        parts = [f"{label(f, lang)}: {_value(card, f, lang, catalog, wording=True) or message(lang, 'not_reported')}" for f in plan.fields]
        lines.append(f"{card.name} {mark} — " + "; ".join(parts) + ".")
    return "\n".join(lines), [catalog.get(n) for n in plan.clusters]


def _compare_cards(plan, catalog, lang, cites):
    cards = ex.scope_of(plan, catalog)
    lines = []
    for card in cards:
        mark = cites.mark(card, *plan.fields)
        parts = [f"{label(f, lang)}: {_value(card, f, lang, catalog) or message(lang, 'not_reported')}" for f in plan.fields]
        lines.append(f"- {card.name} {mark} — " + "; ".join(parts) + ".")
    summary = []
    for f in plan.fields:
        if not (isinstance(f, Ratio) or f in NUMERIC):
            continue
        known = [c for c in cards if ex.number_of(c, f) is not None]
        if len(known) < 2:
            continue
        top = max(ex.number_of(c, f) for c in known)
        leaders = [c.name for c in known if ex.number_of(c, f) == top]
        if len(leaders) == len(known):
            summary.append(f"stesso numero di {label(f, lang)}" if lang == "it" else f"same number of {label(f, lang)}")
        else:
            who = _join(leaders, lang)
            summary.append(f"più {label(f, lang)}: {who} ({number(top, lang)})" if lang == "it"
                           else f"most {label(f, lang)}: {who} ({number(top, lang)})")
    text = "\n".join(lines)
    if summary:
        joined = "; ".join(summary)
        text += "\n" + joined[0].upper() + joined[1:] + "."
    numeric = [f for f in plan.fields if isinstance(f, Ratio) or f in NUMERIC]
    if len(numeric) == 1:  # one number asked about two clusters: how far apart they are
        text += _difference(cards, numeric[0], lang)
    return text, cards


def _list(plan, catalog, lang, cites):
    it = lang == "it"
    sel = ex.select(plan, catalog)
    hits, unknown = sel.hits, sel.unknown + [c for c in ex.unreported(plan, catalog) if c not in sel.unknown]
    tests = plan.tests()
    missing = {t.measure for t in tests if t.what == "reported" and isinstance(plan.where, (Not, All)) and t in negated_tests(plan.where)}
    compared = [t.measure for t in tests if t.what == "compare"]
    shown = unique(f for f in [*plan.fields, *compared] if f not in PROSE and f not in missing)
    by_country = shown == ["country"]  # "which countries are represented": the answer is grouped by country
    if any(t.what == "region" for t in tests if t not in negated_tests(plan.where)) and "country" not in shown:
        shown.append("country")  # "the Benelux clusters": which country each is in is what the region stands for
    support = _filter_fields(plan) + list(plan.fields)
    if shown and compared:
        hits.sort(key=lambda c: -(ex.number_of(c, shown[0]) or 0) if (isinstance(shown[0], Ratio) or shown[0] in NUMERIC) else 0)
    if by_country:
        hits.sort(key=lambda c: _value(c, "country", lang, catalog) or "~")
    entries, groups = [], {}
    for card in hits:
        mark = cites.mark(card, *support)
        values = _shown_values(card, shown, lang, catalog)
        extra = f" ({'; '.join(values)})" if values else ""
        entries.append(f"{card.name}{extra} {mark}")
        groups.setdefault(values[0] if values else "", []).append(f"{card.name} {mark}")
    desc = describe_filter(plan.where, lang)
    n = len(hits)
    if by_country and n:  # "which countries are represented": grouped by country
        body = "; ".join(f"{country}: {_join(names, lang)}" for country, names in groups.items())
        k = len([g for g in groups if g != message(lang, "not_reported")])
        head = f"{n} cluster in {k} paesi" if it else f"{n} cluster{'s' * (n != 1)} in {k} countr{'ies' if k != 1 else 'y'}"
        return f"{head} — {body}.", hits
    if not plan.clusters and len({c.kind for c in hits}) > 1 and not any(t.what == "kind" for t in tests):
        # the cards are of two kinds: "how many clusters …" may mean the report's 15 or all 19, so both are said
        by_kind = {k: sum(c.kind == k for c in hits) for k in ("report_card", "pilot_district")}
        split = (f"({by_kind['report_card']} del rapporto, {by_kind['pilot_district']} distretti pilota IMAGINE)" if it
                 else f"({by_kind['report_card']} from the report, {by_kind['pilot_district']} IMAGINE pilot districts)")
        desc = f"{desc} {split}" if desc else split
    if it and n == 1:  # "1 cluster che riporta addetti", not "… che riportano"
        desc = re.sub(r"\bche (non )?riportano\b", lambda m: f"che {m.group(1) or ''}riporta", desc)
    if n == 0:
        text = _no_cluster(desc, sel, lang) + _mentioned(plan, sel, catalog, lang, cites)
        text += _each_part(plan, catalog, lang, cites)
    elif plan.op == "count":
        text = (f"{'C’è' if n == 1 else 'Ci sono'} {n} cluster {desc}: {_join(entries, lang)}." if it
                else f"There {'is' if n == 1 else 'are'} {n} cluster{'s' * (n != 1)} {desc}: {_join(entries, lang)}.")
        for f in plan.fields if plan.aggregate else ():  # "… and how many enterprises do they add up to?"
            if known := ex.split_reported(hits, f)[0]:
                text += " " + _statistic(known, f, plan.aggregate, lang) + "."
    else:
        text = (f"{n} cluster {desc}: {_join(entries, lang)}." if it
                else f"{n} cluster{'s' * (n != 1)} {desc}: {_join(entries, lang)}.")
    text = " ".join(text.split())
    if unknown:
        fields = unique(compared) or unique(t.measure for t in tests if t.what == "reported") or _filter_fields(plan)
        unknown.sort(key=lambda c: sel.scope.index(c))
        if not compared and len(fields) > 1:
            # "which give both firms and workers?": each field's own cards (Norte gives its firms, not its workers)
            for f in fields:
                text += _not_reported([c for c in unknown if not ex.reported(c, f)], label(f, lang), lang, cites, [f])
        else:
            text += _not_reported(unknown, ", ".join(label(f, lang) for f in fields), lang, cites, fields)
    return text, hits


def _shown_values(card: ClusterCard, fields, lang: str, catalog: CardCatalog) -> list[str]:
    """The card's values of ``fields`` as a list shows them, "not reported" for empty ones."""
    return [_value(card, f, lang, catalog, compact=True) or message(lang, "not_reported") for f in fields]


def _each_part(plan: Plan, catalog, lang: str, cites: "_Citations", most: int = 4) -> str:
    """For a conjunction nothing passes ("a French textile cluster?"): what each condition alone selects, with
    the values the other conditions test (the French cluster is in logistics), when it selects a few."""
    if not isinstance(plan.where, All):
        return ""
    out = []
    for part in plan.where.parts:
        if not isinstance(part, Test) or part.what in ("compare", "reported", "kind"):
            continue
        alone = replace(plan, op="list", where=part)
        hits = ex.select(alone, catalog).hits
        if not 0 < len(hits) <= most:
            continue
        others = [f for f in _filter_fields(plan) if f not in _filter_fields(alone)]
        shown = [f"{c.name}" + (f" ({'; '.join(_shown_values(c, others, lang, catalog))})" if others else "")
                 + f" {cites.mark(c, *_filter_fields(plan))}" for c in hits]
        out.append(f"{describe_filter(part, lang)}: {_join(shown, lang)}")
    if not out:
        return ""
    return (" Ogni condizione da sola — " if lang == "it" else " Each condition alone — ") + "; ".join(out) + "."


def share_scope(where: Filter | None) -> Filter | None:
    """What a share is a share of: the kind of card the question names ("of the 15 clusters of the report"),
    when it also filters by something else; otherwise every card."""
    kinds, rest = _kind_tests(where), _leaves_besides_kind(where)
    return kinds[0] if kinds and rest else None


def _share_selection(where: Filter | None) -> Filter | None:
    """The filter of a share without the scope it is a share of."""
    if share_scope(where) is None:
        return where
    rest = _leaves_besides_kind(where)
    return rest[0] if len(rest) == 1 else All(tuple(rest))


def _percent(part: float, whole: float, lang: str) -> str:
    value = round(100 * part / whole, 1)
    return f"{number(value, lang)}%"


def _share(plan, catalog, lang, cites):
    """"What share of the 15 clusters is in Spain?": the count and its percentage of the scope; with a numeric
    field ("what share of the workers"), that field's total over the selection against its total over the scope."""
    it = lang == "it"
    base = share_scope(plan.where)
    scope = ex.select(replace(plan, where=base, proportion=False), catalog).hits
    sel = ex.select(plan, catalog)
    desc, whole_desc = describe_filter(_share_selection(plan.where), lang), describe_filter(base, lang)
    support = _filter_fields(plan) + list(plan.fields)
    if plan.fields:
        f = plan.fields[0]
        name = label(f, lang)
        known, unknown = ex.split_reported(scope, f)
        whole = sum(ex.number_of(c, f) for c in known)
        part_cards = [c for c in known if c in sel.hits]
        part = sum(ex.number_of(c, f) for c in part_cards)
        if not whole or not part_cards:  # no share to give: the selection's own cards do not report the field
            missing = [c for c in sel.hits if c not in part_cards] + sel.unknown
            head = (f"Nessun cluster {desc} riporta {name}." if it else f"No cluster {desc} reports {name.lower()}.")
            return head + _not_reported(missing, name, lang, cites, (f,)), []
        entries = [f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *support)}" for c in part_cards]
        # the other cards the total adds up, cited where the total is said (they were cited and never marked)
        others = "".join(cites.mark(c, f) for c in known if c not in sel.hits)
        text = (f"{name[0].upper() + name[1:]} dei cluster {desc}: {number(part, lang)} su {number(whole, lang)} "
                f"({_percent(part, whole, lang)}) dei {len(known)} cluster{' ' + whole_desc if whole_desc else ''} che lo riportano"
                if it else
                f"{name[0].upper() + name[1:]} of the clusters {desc}: {number(part, lang)} of {number(whole, lang)} "
                f"({_percent(part, whole, lang)}) across the {len(known)} clusters{' ' + whole_desc if whole_desc else ''} that report it")
        text += f" {others}" if others else ""
        text += (": " + _join(entries, lang) + "." if entries else ".")
        return text + _not_reported(unknown + [c for c in sel.unknown if c not in unknown], name, lang, cites, (f,)), part_cards
    n, m = len(sel.hits), len(scope)
    if not m:
        return (f"Nessun cluster {whole_desc}." if it else f"No cluster {whole_desc}."), []
    entries = [f"{c.name} {cites.mark(c, *support)}" for c in sel.hits]
    of = f"dei {m} cluster{' ' + whole_desc if whole_desc else ''}" if it else f"of the {m} clusters{' ' + whole_desc if whole_desc else ''}"
    verb = "" if desc.startswith("che ") else ("è " if n == 1 else "sono ")  # "… (40%) riportano addetti"
    desc = desc.removeprefix("che ") if it else desc
    text = (f"{n} {of} ({_percent(n, m, lang)}) {verb}{desc}" if it else
            f"{n} {of} ({_percent(n, m, lang)}) {'is' if n == 1 else 'are'} {desc}")
    text += (": " + _join(entries, lang) + "." if entries else ".")
    if sel.unknown:
        text += _not_reported(sel.unknown, ", ".join(label(f, lang) for f in _filter_fields(plan)), lang, cites, _filter_fields(plan))
    return " ".join(text.split()), sel.hits


def _rank(plan, catalog, lang, cites):
    return (_extreme if plan.superlative else _sort)(plan, catalog, lang, cites)


def _extreme(plan, catalog, lang, cites):
    it = lang == "it"
    sel = ex.select(plan, catalog)
    pool = sel.hits
    sentences, rows = [], []
    counted = ""
    if plan.counted:  # "how many … and which of those has the most …?": the count of the clusters ranked, first
        counted, rows = _list(replace(plan, op="count", fields=[], superlative=False, counted=False), catalog, lang, cites)
    for f in plan.fields:
        name = label(f, lang)
        known, unknown = ex.split_reported(pool, f)
        unknown += [c for c in sel.unknown if c not in unknown]
        if not known:
            sentences.append(_none_known(plan, sel, unknown, name, f, lang, cites))
            continue
        value_of = lambda c, f=f: ex.number_of(c, f)  # noqa: E731
        best = (max if plan.descending else min)(value_of(c) for c in known)
        leaders = [c for c in known if value_of(c) == best]
        if plan.limit and plan.limit > 1:
            top = ex.ranked(known, f, plan.descending)[: plan.limit]
            entries = [f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *_filter_fields(plan))}" for c in top]
            sentences.append(f"{name if plan.where is not None or plan.clusters else name[0].upper() + name[1:]}: {_join(entries, lang)}.")
            if len(top) == 2:  # the first and the runner-up: how far apart they are
                sentences[-1] += _difference(top, f, lang)
            rows += top
        else:
            placed = _placed_by_country(plan)  # "Łódzkie (Polonia)": where the winner is, unless the question said so
            who = _join([f"{c.name}{_country_note(c, catalog, lang, placed)} "
                         f"{cites.mark(c, f, *_filter_fields(plan), *(['country'] if not placed else []))}"
                         for c in leaders], lang)
            value = _value(leaders[0], f, lang, catalog)
            plural = len(leaders) > 1
            if f == FOUNDED:  # a year is early or late
                end = ("ultim" if plan.descending else "prim") + ("i" if plural else "o")
                first = (f"{'sono stati costituiti' if plural else 'è stato costituito'} per {end}" if it else
                         f"{'were' if plural else 'was'} founded {'last' if plan.descending else 'first'}")
                sentences.append(f"{who} {first}: {value}.")
            elif it:
                verb = "hanno" if plural else "ha"
                most = "il maggior numero" if plan.descending else "il minor numero"
                sentences.append(f"{who} {verb} {most} di {name}: {value}.")
            else:
                verb = "have" if plural else "has"
                most = "the most" if plan.descending else "the fewest"
                sentences.append(f"{who} {verb} {most} {name}: {value}.")
            rows += leaders
            # the others of the named clusters, or of the two a filter leaves (how far apart they are)
            others = [c for c in known if c not in leaders] if plan.clusters or len(known) == 2 else []
            if others:
                listed = _join([f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f)}" for c in others], lang)
                sentences[-1] = sentences[-1][:-1] + (f" (gli altri: {listed})." if it else f" (the others: {listed}).")
                sentences[-1] += _difference(known, f, lang)
                rows += others
        sentences[-1] += _not_reported(unknown, name, lang, cites, (f,))
    prefix = ""
    if plan.clusters:
        prefix = ("Tra " if it else "Of ") + _join(plan.clusters, lang) + ": "
    elif plan.where is not None:
        scope = describe_filter(plan.where, lang)
        if scope.startswith(("tra ", "among ")):  # the scope says which clusters itself: "Tra i cluster del rapporto"
            prefix = scope[0].upper() + scope[1:] + ": "
        else:
            prefix = f"Tra i cluster {scope}: " if it else f"Among the clusters {scope}: "
    if counted:  # the count has said which clusters: the ranking is of these
        prefix = f"{counted} " + ("Tra questi: " if it else "Of these: ")
    return prefix + " ".join(sentences), list({c.id: c for c in rows}.values())


def _placed_by_country(plan) -> bool:
    """Whether the question already says where the clusters are: it names them, or filters them by country."""
    return bool(plan.clusters) or any(t.what == "country" for t in plan.tests())


def _country_note(card, catalog, lang, placed: bool) -> str:
    """" (Polonia)" after a superlative's winner, so the answer says where it is; nothing when the question said."""
    country = None if placed else catalog.country_of(card)
    return f" ({country_label(country, lang)})" if country else ""


def _sort(plan, catalog, lang, cites):
    it = lang == "it"
    f = plan.fields[0]
    name = label(f, lang)
    sel = ex.select(plan, catalog)
    known, unknown = ex.split_reported(sel.hits, f)
    unknown += sel.unknown
    order = ex.ranked(known, f, plan.descending)
    top = order[: plan.limit] if plan.limit else order
    entries = [f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *_filter_fields(plan))}" for c in top]
    if plan.limit:
        head = f"I primi {len(top)} per {name}" if it else f"Top {len(top)} by {name}"
    else:
        way = ("dal maggiore" if plan.descending else "dal minore") if it else ("most first" if plan.descending else "fewest first")
        head = f"Cluster per {name} ({way})" if it else f"Clusters by {name} ({way})"
    desc = describe_filter(plan.where, lang)
    if not top:
        return (f"{head}{' ' + desc if desc else ''}: " + message(lang, "not_reported") + "." +
                _not_reported(unknown, name, lang, cites, (f,))), []
    text = f"{head}{' ' + desc if desc else ''}: {_join(entries, lang)}."
    if not plan.limit:
        text += _not_reported(unknown, name, lang, cites, (f,))
    return text, top


# each statistic's name in Italian and English, and the Italian participle that agrees with it ("totale calcolato")
_STATISTIC = {"total": ("totale", "total", "calcolato"), "average": ("media", "average", "calcolata"),
              "median": ("mediana", "median", "calcolata"), "pooled": ("rapporto complessivo", "pooled", "calcolato"),
              "difference": ("differenza tra il più alto e il più basso", "difference between the highest and the lowest",
                             "calcolata")}


def _statistic(known: list[ClusterCard], f, how: str, lang: str) -> str:
    """"Total enterprises computed from the cards: 653 over 3 clusters": a statistic of the cards that report ``f``,
    with what it was computed from, so it can be checked against them."""
    it = lang == "it"
    result = ex.aggregate(known, f, how)
    over = f"su {len(known)} cluster" if it else f"over {len(known)} cluster{'s' * (len(known) != 1)}"  # how many report it
    if how == "average":  # what was divided by what: the figure can be checked from the cards
        total = number(ex.aggregate(known, f, "total"), lang)
        over += f", cioè {total} / {len(known)}" if it else f", i.e. {total} / {len(known)}"
    elif how == "pooled":
        top, bottom = (f"{number(ex.aggregate(known, m, 'total'), lang)} {label(m, lang)}" for m in (f.numerator, f.denominator))
        over += f", cioè {top} / {bottom}" if it else f", i.e. {top} / {bottom}"
    head = _STATISTIC[how][not it].capitalize() + f" {label(f, lang)} " + (
        f"{_STATISTIC[how][2]} dalle schede" if it else "computed from the cards")
    return f"{head}: {number(result, lang)} {over}"


def _aggregate(plan, catalog, lang, cites):
    it = lang == "it"
    sel = ex.select(plan, catalog)
    sentences, rows = [], []
    for f in plan.fields:
        name = label(f, lang)
        known, unknown = ex.split_reported(sel.hits, f)
        unknown += sel.unknown
        if not known:
            sentences.append(_none_known(plan, sel, unknown, name, f, lang, cites))
            continue
        parts = _join([f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *_filter_fields(plan))}" for c in known], lang)
        for n, how in enumerate((plan.aggregate, *plan.also)):
            if how == "difference" and len(known) == 2:  # "and the difference between the two?"
                sentences.append(_difference(known, f, lang).strip())
                continue
            # the cards summed are listed once, with the first statistic
            sentences.append(_statistic(known, f, how, lang) + (f" ({parts})." if n == 0 else "."))
        sentences[-1] += _not_reported(unknown, name, lang, cites, (f,))
        rows += known
    desc = describe_filter(plan.where, lang)
    text = " ".join(sentences)
    if desc:  # "Clusters in Sweden — total workers: 6,500 (…)"
        text = (f"Cluster {desc} — " if it else f"Clusters {desc} — ") + text[0].lower() + text[1:]
    return text, list({c.id: c for c in rows}.values())


def _group_label(key: str, by: str, lang: str) -> str:
    if by == "country":
        return country_label(key, lang)
    if by == "region":
        return region_label(key, lang)
    if by == "family":
        return family_label(key, lang)
    return KIND_LABELS[lang][key]


def _group(plan, catalog, lang, cites):
    it = lang == "it"
    sel = ex.select(plan, catalog)
    groups, loose = ex.group(sel.hits, plan.group_by, catalog)
    every = len(groups)
    if plan.group_size is not None:  # "which countries have more than one cluster?": those groups only
        groups = ex.of_size(groups, plan.group_size)
    support = _filter_fields(plan) + (["country"] if plan.group_by in ("country", "region") else
                                      ["sector"] if plan.group_by == "family" else [])
    parts = []
    for key, cards in groups.items():
        names = _join([f"{c.name} {cites.mark(c, *support)}" for c in cards], lang)
        parts.append(f"{_group_label(key, plan.group_by, lang)}: {len(cards)} ({names})")
    n = len(sel.hits)
    key = GROUP_LABELS[lang][plan.group_by]
    desc = describe_filter(plan.where, lang)
    head = (f"{n} cluster{' ' + desc if desc else ''} per {key}" if it else
            f"{n} cluster{'s' * (n != 1)}{' ' + desc if desc else ''} by {key}")
    named = (GROUP_PLURALS if every != 1 else GROUP_LABELS)[lang][plan.group_by]
    head += f" ({every} {named})"  # "and how many countries is that?"
    if plan.group_size is not None:
        head += f"; {_group_size(plan, lang)}: {len(groups)}"
        if not groups:
            return head + ".", sel.hits
    text = f"{head} — " + "; ".join(parts) + "."
    if plan.limit and groups:  # "which country has the most clusters?": the answer first, then every group
        size = (max if plan.descending else min)(len(v) for v in groups.values())
        top = _join([_group_label(k, plan.group_by, lang) for k, v in groups.items() if len(v) == size], lang)
        text = f"{_most_group(plan, lang).capitalize()}: {top} ({size}). " + text[0].upper() + text[1:]
    if plan.aggregate == "total" and plan.fields:
        text += _group_totals(groups, plan.fields[0], plan.group_by, lang, catalog, cites)
    if plan.group_by in ("region", "family") and sum(len(v) for v in groups.values()) > n - len(loose):
        text += (" Un cluster può stare in più gruppi." if it else " A cluster may be in more than one group.")
    if loose:
        names = _join([f"{c.name} {cites.mark(c, *support)}" for c in loose], lang)
        text += (f" In nessun gruppo: {names}." if it else f" In no group: {names}.")
    if sel.unknown:
        text += _not_reported(sel.unknown, ", ".join(label(f, lang) for f in _filter_fields(plan)) or key, lang, cites,
                              _filter_fields(plan))
    return text, sel.hits


def _most_group(plan, lang: str) -> str:
    """"paese con più cluster" / "country with the fewest clusters": what a group plan asked by a superlative wants."""
    key = GROUP_LABELS[lang][plan.group_by]
    if lang == "it":
        return f"{key} con {'più' if plan.descending else 'meno'} cluster"
    return f"{key} with the {'most' if plan.descending else 'fewest'} clusters"


def _group_size(plan, lang: str) -> str:
    """"paesi con più di 1 cluster" / "countries with more than 1 cluster": the groups a group size keeps."""
    op, value = plan.group_size
    named = GROUP_PLURALS[lang][plan.group_by]
    clusters = "cluster" if lang == "it" or value == 1 else "clusters"
    return f"{named} {'con' if lang == 'it' else 'with'} {_CMP_WORDS[lang][op]} {number(value, lang)} {clusters}"


def _group_totals(groups: dict, f, by: str, lang: str, catalog: CardCatalog, cites: "_Citations") -> str:
    """Totals of ``f`` per group ("Belgium 600 (…); Portugal 600 (…)"), computed from the cards, and the highest."""
    it = lang == "it"
    name = label(f, lang)
    totals = []
    for key, cards in groups.items():
        known = [c for c in cards if ex.number_of(c, f) is not None]
        if known:
            parts = _join([f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f)}" for c in known], lang)
            totals.append((ex.aggregate(known, f, "total"), key, parts))
    if not totals:
        return " " + message(lang, "not_reported").capitalize() + f" ({name})."
    totals.sort(key=lambda t: -t[0])
    listed = "; ".join(f"{_group_label(k, by, lang)} {number(v, lang)} ({parts})" for v, k, parts in totals)
    top = [_group_label(k, by, lang) for v, k, _ in totals if v == totals[0][0]]
    key = GROUP_LABELS[lang][by]
    if it:
        return (f" Totale {name} per {key}, calcolato dalle schede: {listed}. "
                f"Il totale più alto: {_join(top, lang)} ({number(totals[0][0], lang)}).")
    return (f" Total {name} by {key}, computed from the cards: {listed}. "
            f"Highest total: {_join(top, lang)} ({number(totals[0][0], lang)}).")


def _difference(cards: list[ClusterCard], f, lang: str) -> str:
    """For two cards reporting ``f``: how many more the first has, and how many times, computed from the cards."""
    if len(cards) != 2 or any(ex.number_of(c, f) is None for c in cards):
        return ""
    a, b = sorted(cards, key=lambda c: -ex.number_of(c, f))
    va, vb = ex.number_of(a, f), ex.number_of(b, f)
    if va == vb:
        return ""
    name = label(f, lang)
    times = f"{va / vb:.2f}".replace(".", ",") if lang == "it" else f"{va / vb:.2f}"
    times = f" ({times} volte)" if lang == "it" and vb else f" ({times} times)" if vb else ""
    if lang == "it":
        return f" Calcolato dalle schede: {a.name} ha {number(va - vb, lang)} {name} in più di {b.name}{times}."
    return f" Computed from the cards: {a.name} has {number(va - vb, lang)} more {name} than {b.name}{times}."


# The dimensions of likeness (plan.LIKENESS) as the reading line names them.
LIKENESS_LABELS = {
    "it": {"sector": "settore", "place": "paese o area", "kind": "tipo", "size": "dimensione",
           "coordinator": "tipo di ente coordinatore"},
    "en": {"sector": "sector", "place": "country or region", "kind": "kind", "size": "size",
           "coordinator": "kind of coordinating body"},
}


def _reason_text(m: ex.Match, lang: str, catalog: CardCatalog) -> str:
    it = lang == "it"
    out = []
    r = m.reasons
    if "family" in r:
        out.append(("stessa filiera (" if it else "same sector family (") + ", ".join(family_label(x, lang) for x in r["family"]) + ")")
    if "sector" in r:
        out.append(("stesso settore (" if it else "same sector (") + ", ".join(sector_label(x, lang) for x in r["sector"]) + ")")
    for sector, line in r.get("mentions", {}).items():
        out.append((f"la scheda cita il settore {sector_label(sector, lang)}: «" if it else f"its card names {sector}: «")
                   + line.lstrip("·•- ") + "»")
    if "country" in r:
        out.append(("stesso paese (" if it else "same country (") + country_label(r["country"], lang) + ")")
    if "region" in r:
        out.append(("stessa area (" if it else "same region (") + ", ".join(region_label(x, lang) for x in r["region"]) + ")")
    if "kind" in r:
        out.append(("stesso tipo (" if it else "same kind (") + KIND_LABELS[lang][r["kind"]].rstrip("s") + ")"
                   if not it else "stesso tipo (" + KIND_LABELS[lang][r["kind"]] + ")")
    if "coordinator" in r:
        # the match's kind as its card gives it (its body, and the card's own words when read from its prose)
        out.append(("stesso tipo di ente coordinatore (" if it else "same kind of coordinating body (")
                   + (_value(m.card, COORDINATOR_KIND, lang, catalog) or r["coordinator"]) + ")")
    if "size" in r:
        sizes = []
        for f in r["size"]:
            sizes.append(f"{FIELD_NAMES[lang][f]} {number(getattr(m.card, f), lang)}")
        out.append(("dimensione vicina (" if it else "close in size (") + ", ".join(sizes) + ")")
    return "; ".join(out) or ("nessun campo in comune" if it else "no field in common")


def _kind_tests(where: Filter | None) -> list[Test]:
    parts = where.parts if isinstance(where, All) else (where,) if where is not None else ()
    return [p for p in parts if isinstance(p, Test) and p.what == "kind"]


def _leaves_besides_kind(where: Filter | None) -> list[Filter]:
    parts = where.parts if isinstance(where, All) else (where,) if where is not None else ()
    return [p for p in parts if not (isinstance(p, Test) and p.what == "kind")]


def _similar(plan, catalog, lang, cites):
    it = lang == "it"
    target = catalog.get(plan.clusters[0])
    unjudged = ex.unreported_along(target, plan.along, catalog)
    if unjudged:  # the target's card gives nothing to judge some asked dimension by: said, then the others judge
        left = tuple(a for a in plan.along if a not in unjudged)
        text, shown = _similar(replace(plan, along=left), catalog, lang, cites)
        missing = _join([LIKENESS_LABELS[lang][a] for a in unjudged], lang)
        said = (f"La scheda di {target.name} {cites.mark(target, *NUMERIC)} non riporta {missing}, quindi non si può "
                f"confrontare per questo.{'' if left else ' Ecco i più simili per gli altri campi.'}" if it else
                f"The card of {target.name} {cites.mark(target, *NUMERIC)} does not report its {missing}, so it cannot "
                f"be compared by that.{'' if left else ' The most alike by the other fields follow.'}")
        return said + "\n" + text, shown
    target, matches = ex.most_similar(plan, catalog)
    own = cites.mark(target, "sector", "country", *NUMERIC)
    relaxed = ""
    if not matches and _leaves_besides_kind(plan.where):  # nothing passes the filter: say so, then the closest without it
        kinds = tuple(t for t in _kind_tests(plan.where))
        target, matches = ex.most_similar(replace(plan, where=kinds[0] if kinds else None), catalog)
        wanted = describe_filter(All(tuple(_leaves_besides_kind(plan.where))), lang)
        relaxed = (f"Nessun cluster {wanted} da confrontare con {target.name} {own}. Senza quel filtro, " if it else
                   f"No cluster {wanted} to compare with {target.name} {own}. Without that filter, ")
    if not matches:
        return ((f"Nessun altro cluster da confrontare con {target.name} {own}." if it else
                 f"No other cluster to compare with {target.name} {own}."), [target])
    # the fields the question requires reported ("… with both firms and workers reported"): each match's values
    required = [t.measure for t in plan.tests() if t.what == "reported" and t not in negated_tests(plan.where)
                and t.measure not in ("sector", "country")]
    # and the numbers it filters on, and the fields it asks to see ("… and more than 300 enterprises? Give a table with
    # country and enterprises"): each match's value, so the answer shows that it passes
    required = unique([*required, *[t.measure for t in plan.tests() if t.what == "compare" and t.measure in NUMERIC],
                       *[f for f in plan.fields if f in (*NUMERIC, "country")]])
    lines = []
    for n, m in enumerate(matches, 1):
        mark = cites.mark(m.card, "sector", "country", *[f for f in NUMERIC if f in m.reasons.get("size", {})],
                          *required, lines=m.reasons.get("mentions", {}).values())
        score = number(m.score, lang)
        given = "; ".join(f"{label(f, lang)}: {v}" for f in required if (v := _value(m.card, f, lang, catalog, compact=True)))
        lines.append(f"{n}. {m.card.name} {mark} — {'punteggio' if it else 'score'} {score}: {_reason_text(m, lang, catalog)}"
                     f"{' (' + given + ')' if given else ''}.")
    tied = [] if relaxed else ex.tied_after(plan, catalog)
    if tied:  # the last place is shared: said, with whom
        names = _join([f"{m.card.name} {cites.mark(m.card, 'sector', 'country')}" for m in tied], lang)
        lines.append(f"{'Stesso punteggio' if it else 'Same score'} ({number(tied[0].score, lang)}): {names}.")
    head = (f"Più simili a {target.name} {'' if relaxed else own + ' '}secondo i campi delle schede:" if it else
            f"Most like {target.name} {'' if relaxed else own + ' '}by the card fields:")
    if relaxed:
        head = relaxed + head[0].lower() + head[1:]
    return head + "\n" + "\n".join(lines), [target, *[m.card for m in matches], *[m.card for m in tied]]
