"""Answers to card queries, composed from the card fields only, with the cards cited.

Short text in the question's language with one marker per card ([n], in first-use
order), the card passages as citations (text and metadata exactly as the card chunk in
the index, highlights = the lines that support the answer) and a table of rows for export.
A field the report leaves empty is "not reported", never estimated; clusters without a
value are named apart ("not reported for: …"), never silently dropped. Numbers are
written as the report writes them in Italian (4.000) and as 4,000 in English.
"""

from __future__ import annotations

from assistant.catalog import CardCatalog, country_label, fold, sector_label, tokenize, unique, words
from assistant.language import message
from assistant.structured import NUMERIC, PROSE, CardQuery, field_words
from assistant.types import Answer, Passage
from ingest.cards import ClusterCard

# Canonical labels of fields and the way an answer names them.
LABELS = {
    "it": {"enterprises": "imprese", "workers": "addetti", "website": "sito internet", "country": "paese",
           "location": "localizzazione", "sector": "settore", "coordinating_body": "soggetto coordinatore",
           "eco_innovation": "esperienze di eco-innovazione", "constitutive_aspects": "elementi costitutivi"},
    "en": {"enterprises": "enterprises", "workers": "workers", "website": "website", "country": "country",
           "location": "location", "sector": "sector", "coordinating_body": "coordinating body",
           "eco_innovation": "eco-innovation experiences", "constitutive_aspects": "constitutive aspects"},
}
# The English label of each field in ``card_text`` lines ("Numero di addetti / Workers: …"), for highlights.
CARD_LINE = {**LABELS["en"], "name": "cluster name"}


def _unique_cards(cards) -> list[ClusterCard]:
    return list({c.id: c for c in cards}.values())


class _Citations:
    """Markers in first-use order, with the fields each cited card supports."""

    def __init__(self):
        self.cards: list[ClusterCard] = []
        self.fields: dict[str, list[str]] = {}  # card id -> fields it supports, "name" first

    def mark(self, card: ClusterCard, *fields: str) -> str:
        if card.id not in self.fields:
            self.cards.append(card)
            self.fields[card.id] = ["name"]
        self.fields[card.id] += [f for f in fields if f not in self.fields[card.id]]
        return f"[{list(self.fields).index(card.id) + 1}]"

    def passages(self) -> list[Passage]:
        from ingest.index import assign_ids
        from ingest.pipeline import card_chunk

        out = []
        for card in self.cards:
            chunk = card_chunk(card)
            ((pid, text, meta),) = assign_ids([chunk])
            out.append(Passage(text=text, metadata=meta, score=1.0, id=pid, highlights=_highlights(text, self.fields[card.id])))
        return out


def _highlights(text: str, fields: list[str]) -> list[str]:
    """The lines of a card's text that hold the given fields."""
    wanted = [CARD_LINE[f] for f in fields if f in CARD_LINE]
    out = []
    for line in text.splitlines():
        label = fold(line.split(":", 1)[0]).strip()
        if any(label.endswith(fold(w)) for w in wanted if ":" in line):
            out.append(line)
    return out


def number(value: float, lang: str) -> str:
    """4000 -> "4.000" in Italian, "4,000" in English, as the report writes it."""
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


def _value(card: ClusterCard, f: str, lang: str, catalog: CardCatalog, wording: bool = False, compact: bool = False) -> str | None:
    """A field of a card as shown in an answer; None when the card does not report it. ``wording`` adds the
    report's own words to a count; ``compact`` names sectors by their canonical label."""
    if f in NUMERIC:
        n = getattr(card, f)
        if n is None:
            return None
        text = getattr(card, f + "_text") or ""
        shown = _qualifier(text, lang) + number(n, lang)
        source = " ".join(text.split())
        if wording and _says_more(source, f):
            source = source if len(source) <= 90 else source[:87].rsplit(" ", 1)[0] + "…"
            shown += f" («{source}»)"
        return shown
    if f == "country":
        return country_label(catalog.country_of(card), lang)
    if f == "sector":
        if lang == "en" or compact:
            mapped = catalog.sectors_of(card)
            if mapped:
                return ", ".join(sector_label(x, lang) for x in mapped)
        return "; ".join(card.sectors) if card.sectors else (" ".join(card.sector.split()) or None)
    if f in PROSE:
        value = getattr(card, f)
        if not value:
            return None
        return ("riportate" if lang == "it" else "reported") if f == "eco_innovation" else value
    value = getattr(card, f, None)
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _says_more(source: str, f: str) -> bool:
    """Whether the report's wording of a count adds anything to the number ("23 enterprises 7 Foundations"
    does, "24.224 addetti" does not)."""
    plain = {w for phrase in field_words(f) for w in words(phrase)} | {"circa", "about", "ca"}
    return any(t.number is None and t.text not in plain for t in tokenize(source))


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" e " if lang == "it" else " and ") + items[-1]


def _describe(query: CardQuery, lang: str) -> str:
    """The filters of a query as a phrase: "in Spagna con più di 4.000 addetti"."""
    it = lang == "it"
    parts = []
    if query.kinds:
        parts.append("tra i distretti pilota IMAGINE" if it else "among the IMAGINE pilot districts")
    if query.countries:
        names = (" o " if it else " or ").join(country_label(c, lang) for c in query.countries)
        negated = "countries" in query.exclude
        parts.append((f"non in {names}" if negated else f"in {names}") if it else (f"not in {names}" if negated else f"in {names}"))
    if query.sectors:
        names = [sector_label(x, lang) for x in query.sectors]
        negated = "sectors" in query.exclude
        parts.append((f"{'fuori dal' if negated else 'del'} settore {' o '.join(names)}") if it else
                     f"{'outside' if negated else 'in'} the {' or '.join(names)} sector")
    words_for = {
        "it": {">": "più di", ">=": "almeno", "<": "meno di", "<=": "al massimo", "=": "esattamente"},
        "en": {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most", "=": "exactly"},
    }[lang]
    conditions = list(query.conditions)
    for c in list(conditions):  # ">= a" and "<= b" on one field read as "between a and b"
        pair = [d for d in conditions if d.field == c.field and d.op == "<=" and not d.ref]
        if c.op == ">=" and not c.ref and pair and c in conditions:
            conditions.remove(pair[0])
            low, high = number(c.value, lang), number(pair[0].value, lang)
            label = LABELS[lang][c.field]
            parts.append(f"con un numero di {label} tra {low} e {high}" if it else f"with between {low} and {high} {label}")
            conditions.remove(c)
    for c in conditions:
        label = LABELS[lang][c.field]
        if c.op == "has":
            parts.append(f"che riportano {label}" if it else f"reporting {label}")
        elif c.op == "missing":
            parts.append(f"che non riportano {label}" if it else f"not reporting {label}")
        elif c.ref:
            more = {">": "più", ">=": "almeno tanti", "<": "meno", "<=": "al massimo tanti", "=": "tanti"} if it else \
                {">": "more", ">=": "at least as many", "<": "fewer", "<=": "at most as many", "=": "as many"}
            parts.append(f"con {more[c.op]} {label} di {c.ref}" if it else
                         f"with {more[c.op]} {label} {'than' if c.op in ('>', '<') else 'as'} {c.ref}")
        else:
            parts.append(f"con {words_for[c.op]} {number(c.value, lang)} {label}" if it else
                         f"with {words_for[c.op]} {number(c.value, lang)} {label}")
    return " ".join(parts)


def _matches(card: ClusterCard, query: CardQuery, catalog: CardCatalog) -> bool | None:
    """Whether a card passes the filters; None when a filtered field is not reported."""
    if query.kinds and card.kind not in query.kinds:
        return False
    unknown = False
    if query.countries:
        country = catalog.country_of(card)
        if country is None:
            unknown = True
        elif (country in query.countries) == ("countries" in query.exclude):
            return False
    if query.sectors:
        mine = catalog.sectors_of(card, with_name=True)
        if not mine and not card.sector:
            unknown = True
        elif bool(set(mine) & set(query.sectors)) == ("sectors" in query.exclude):
            return False
    for c in query.conditions:
        value = getattr(card, c.field)
        if c.op == "has" and not value:
            unknown = True  # named apart as "not reported for"
        elif c.op == "missing" and value:
            return False
        if c.op in ("has", "missing"):
            continue
        if value is None or c.value is None:
            unknown = True
            continue
        if not _compare(value, c.op, c.value):
            return False
    return None if unknown else True


def _compare(a: float, op: str, b: float) -> bool:
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b, "=": a == b}[op]


def _not_reported(cards: list[ClusterCard], label: str, lang: str) -> str:
    """"Addetti non riportati per: A, B e i 4 distretti pilota IMAGINE." — unknowns named, grouped by kind."""
    if not cards:
        return ""
    pilots = [c for c in cards if c.kind == "pilot_district"]
    names = [c.name for c in cards if c.kind != "pilot_district" or len(pilots) < 2]
    if len(pilots) >= 2:
        names.append(f"i {len(pilots)} distretti pilota IMAGINE" if lang == "it" else f"the {len(pilots)} IMAGINE pilot districts")
    if lang == "it":
        return f" {label[0].upper() + label[1:]}: non riportato per {_join(names, lang)}."
    return f" {label[0].upper() + label[1:]} not reported for: {_join(names, lang)}."


def _row(card: ClusterCard, catalog: CardCatalog) -> dict:
    """One exportable table row: the card's facts, None where not reported."""
    return {
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


def compose(query: CardQuery, catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to a card query, with one citation per card used (marker order)."""
    lang = lang if lang in ("it", "en") else "en"
    cites = _Citations()
    handler = {
        "lookup": _lookup, "compare": _compare_cards, "list": _list, "count": _list,
        "max": _extreme, "min": _extreme, "sort": _sort, "total": _aggregate, "average": _aggregate,
    }[query.op]
    unknown_ref = next((c for c in query.conditions if c.ref and c.value is None), None)
    if unknown_ref:  # "more workers than Norte" when Norte's workers are not reported: nothing to compare
        handler = _unknown_reference(unknown_ref)
    text, rows = handler(query, catalog, lang, cites)
    return Answer(
        text=text.strip(),
        citations=cites.passages(),
        language=lang,
        route="cards",
        backend="cards",
        table=[_row(c, catalog) for c in rows],
    )


def _unknown_reference(cond):
    def handler(query, catalog, lang, cites):
        card = catalog.get(cond.ref)
        label = LABELS[lang][cond.field]
        text = (f"{card.name} {cites.mark(card, cond.field)} — {label}: {message(lang, 'not_reported')}; "
                + ("il confronto non è possibile." if lang == "it" else "no comparison is possible."))
        return text, [card]

    return handler


def _scope(query: CardQuery, catalog: CardCatalog) -> list[ClusterCard]:
    if query.clusters:
        return [catalog.get(n) for n in query.clusters if catalog.get(n)]
    return list(catalog.cards)


def _pool(query: CardQuery, catalog: CardCatalog, f: str) -> tuple[list[ClusterCard], list[ClusterCard]]:
    """Cards in scope that pass the filters, split by whether they report field ``f``."""
    pool = [c for c in _scope(query, catalog) if _matches(c, query, catalog)]
    return [c for c in pool if getattr(c, f) is not None], [c for c in pool if getattr(c, f) is None]


def _filter_fields(query: CardQuery) -> list[str]:
    out = ["country"] * bool(query.countries) + ["sector"] * bool(query.sectors)
    return out + [c.field for c in query.conditions]


def _lookup(query, catalog, lang, cites):
    card = catalog.get(query.clusters[0])
    mark = cites.mark(card, *query.fields)
    parts = [f"{LABELS[lang][f]}: {_value(card, f, lang, catalog, wording=True) or message(lang, 'not_reported')}" for f in query.fields]
    return f"{card.name} {mark} — " + "; ".join(parts) + ".", [card]


def _compare_cards(query, catalog, lang, cites):
    cards = _scope(query, catalog)
    lines = []
    for card in cards:
        mark = cites.mark(card, *query.fields)
        parts = [f"{LABELS[lang][f]}: {_value(card, f, lang, catalog) or message(lang, 'not_reported')}" for f in query.fields]
        lines.append(f"- {card.name} {mark} — " + "; ".join(parts) + ".")
    summary = []
    for f in query.fields:
        if f not in NUMERIC:
            continue
        known = [c for c in cards if getattr(c, f) is not None]
        if len(known) < 2:
            continue
        top = max(getattr(c, f) for c in known)
        leaders = [c.name for c in known if getattr(c, f) == top]
        if len(leaders) == len(known):
            summary.append(f"stesso numero di {LABELS[lang][f]}" if lang == "it" else f"same number of {LABELS[lang][f]}")
        else:
            who = _join(leaders, lang)
            summary.append(f"più {LABELS[lang][f]}: {who} ({number(top, lang)})" if lang == "it"
                           else f"most {LABELS[lang][f]}: {who} ({number(top, lang)})")
    text = "\n".join(lines)
    if summary:
        text += "\n" + "; ".join(summary)[0].upper() + "; ".join(summary)[1:] + "."
    return text, cards


def _list(query, catalog, lang, cites):
    it = lang == "it"
    scope = _scope(query, catalog)
    verdicts = [(c, _matches(c, query, catalog)) for c in scope]
    hits = [c for c, v in verdicts if v]
    unknown = [c for c, v in verdicts if v is None]
    missing = {c.field for c in query.conditions if c.op == "missing"}
    shown = unique(f for f in query.fields + [c.field for c in query.conditions if c.field in NUMERIC]
                    if f not in PROSE and f not in missing)
    support = _filter_fields(query) + query.fields
    if shown and any(c.field in NUMERIC for c in query.conditions):
        hits.sort(key=lambda c: -(getattr(c, shown[0]) or 0) if shown[0] in NUMERIC else 0)
    if shown == ["country"]:
        hits.sort(key=lambda c: _value(c, "country", lang, catalog) or "~")
    entries, groups = [], {}
    for card in hits:
        mark = cites.mark(card, *support)
        values = [(_value(card, f, lang, catalog, compact=True) or message(lang, "not_reported")) for f in shown]
        extra = f" ({'; '.join(values)})" if values else ""
        entries.append(f"{card.name}{extra} {mark}")
        groups.setdefault(values[0] if values else "", []).append(f"{card.name} {mark}")
    desc = _describe(query, lang)
    n = len(hits)
    if shown == ["country"] and n:  # "which countries are represented": grouped by country
        body = "; ".join(f"{country}: {_join(names, lang)}" for country, names in groups.items())
        k = len([g for g in groups if g != message(lang, "not_reported")])
        head = f"{n} cluster in {k} paesi" if it else f"{n} cluster{'s' * (n != 1)} in {k} countr{'ies' if k != 1 else 'y'}"
        return f"{head} — {body}.", hits
    if not query.filtered and not query.clusters:
        by_kind = {k: sum(c.kind == k for c in hits) for k in ("report_card", "pilot_district")}
        desc = (f"({by_kind['report_card']} del rapporto, {by_kind['pilot_district']} distretti pilota IMAGINE)" if it
                else f"({by_kind['report_card']} from the report, {by_kind['pilot_district']} IMAGINE pilot districts)")
    if n == 0:
        text = (f"Nessun cluster {desc} tra le {len(scope)} schede." if it else f"No cluster {desc} among the {len(scope)} cluster cards.")
    elif query.op == "count":
        text = (f"{'C’è' if n == 1 else 'Ci sono'} {n} cluster {desc}: {_join(entries, lang)}." if it
                else f"There {'is' if n == 1 else 'are'} {n} cluster{'s' * (n != 1)} {desc}: {_join(entries, lang)}.")
    else:
        text = (f"{n} cluster {desc}: {_join(entries, lang)}." if it
                else f"{n} cluster{'s' * (n != 1)} {desc}: {_join(entries, lang)}.")
    text = " ".join(text.split())
    if unknown:
        fields = unique(f for c in query.conditions for f in [c.field] if f in NUMERIC) or _filter_fields(query)
        label = ", ".join(LABELS[lang][f] for f in fields)
        text += _not_reported(unknown, label, lang)
    return text, hits


def _reported_fields(query, catalog, lang, sentences):
    """(field, label, cards reporting it, cards not reporting it) for each asked field that
    some card reports; a field no card reports adds its "not reported" sentence instead."""
    for f in query.fields:
        known, unknown = _pool(query, catalog, f)
        label = LABELS[lang][f]
        if not known:
            sentences.append(message(lang, "not_reported").capitalize() + f" ({label}).")
            continue
        yield f, label, known, unknown


def _extreme(query, catalog, lang, cites):
    it = lang == "it"
    sentences, rows = [], []
    for f, label, known, unknown in _reported_fields(query, catalog, lang, sentences):
        best = (max if query.op == "max" else min)(getattr(c, f) for c in known)
        leaders = [c for c in known if getattr(c, f) == best]
        if query.limit and query.limit > 1:
            ranked = sorted(known, key=lambda c: getattr(c, f), reverse=query.op == "max")[: query.limit]
            entries = [f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *_filter_fields(query))}" for c in ranked]
            sentences.append(f"{label.capitalize()}: {_join(entries, lang)}.")
            rows += ranked
        else:
            who = _join([f"{c.name} {cites.mark(c, f, *_filter_fields(query))}" for c in leaders], lang)
            value = _value(leaders[0], f, lang, catalog)
            plural = len(leaders) > 1
            if it:
                verb = "hanno" if plural else "ha"
                most = "il maggior numero" if query.op == "max" else "il minor numero"
                sentences.append(f"{who} {verb} {most} di {label}: {value}.")
            else:
                verb = "have" if plural else "has"
                most = "the most" if query.op == "max" else "the fewest"
                sentences.append(f"{who} {verb} {most} {label}: {value}.")
            rows += leaders
            others = [c for c in known if c not in leaders] if query.clusters else []
            if others:
                listed = _join([f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f)}" for c in others], lang)
                sentences[-1] = sentences[-1][:-1] + (f" (gli altri: {listed})." if it else f" (the others: {listed}).")
                rows += others
        sentences[-1] += _not_reported(unknown, label, lang)
    prefix = ""
    if query.clusters:
        prefix = ("Tra " if it else "Of ") + _join(query.clusters, lang) + ": "
    elif query.filtered:
        prefix = (f"Tra i cluster {_describe(query, lang)}: " if it else f"Among the clusters {_describe(query, lang)}: ")
    return prefix + " ".join(sentences), _unique_cards(rows)


def _sort(query, catalog, lang, cites):
    it = lang == "it"
    f = query.fields[0]
    label = LABELS[lang][f]
    known, unknown = _pool(query, catalog, f)
    known.sort(key=lambda c: getattr(c, f), reverse=query.descending)
    ranked = known[: query.limit] if query.limit else known
    entries = [f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *_filter_fields(query))}" for c in ranked]
    if query.limit:
        head = f"I primi {len(ranked)} per {label}" if it else f"Top {len(ranked)} by {label}"
    else:
        order = ("dal maggiore" if query.descending else "dal minore") if it else ("most first" if query.descending else "fewest first")
        head = f"Cluster per {label} ({order})" if it else f"Clusters by {label} ({order})"
    desc = _describe(query, lang)
    text = f"{head}{' ' + desc if desc else ''}: {_join(entries, lang)}."
    if not query.limit:
        text += _not_reported(unknown, label, lang)
    return text, ranked


def _aggregate(query, catalog, lang, cites):
    it = lang == "it"
    sentences, rows = [], []
    for f, label, known, unknown in _reported_fields(query, catalog, lang, sentences):
        values = [getattr(c, f) for c in known]
        parts = _join([f"{c.name} {_value(c, f, lang, catalog)} {cites.mark(c, f, *_filter_fields(query))}" for c in known], lang)
        if query.op == "total":
            head = f"Totale {label}" if it else f"Total {label}"
            sentences.append(f"{head}: {number(sum(values), lang)} ({parts}).")
        else:
            head = f"Media {label}" if it else f"Average {label}"
            over = f"su {len(known)} cluster" if it else f"over {len(known)} cluster{'s' * (len(known) != 1)}"
            sentences.append(f"{head}: {number(sum(values) / len(values), lang)} {over} ({parts}).")
        sentences[-1] += _not_reported(unknown, label, lang)
        rows += known
    desc = _describe(query, lang)
    text = " ".join(sentences)
    if desc:  # "Clusters in Sweden — total workers: 6,500 (…)"
        text = (f"Cluster {desc} — " if it else f"Clusters {desc} — ") + text[0].lower() + text[1:]
    return text, _unique_cards(rows)
