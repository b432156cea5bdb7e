"""Exact answers to questions over the cluster cards: filter, sort, count, compare, look up.

A small rule-based semantic parser. The question is folded and tokenised; phrases from
closed vocabularies are tagged (cluster names from the catalog, countries, sectors, field
words such as "addetti"/"workers", comparison words such as "più di"/"at least", numbers
in any notation), and the tags are read into a :class:`CardQuery`. It answers only what it
fully understands: a content word that no vocabulary explains ("what did Gendorf do to
reduce *pollution*?") means the question is about the documents' prose, so the parser
returns None and the assistant falls back to passage retrieval. A follow-up turn that
lacks a cluster or a field ("And how many firms?") borrows it from earlier user turns.

Answers use the card fields only. A field the report leaves empty is "not reported",
never estimated; clusters without a value are named apart, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.catalog import (
    COUNTRIES,
    SECTORS,
    CardCatalog,
    country_label,
    find_phrases,
    fold,
    sector_label,
    tokenize,
    words,
)
from assistant.guard import STOPWORDS
from assistant.language import message
from assistant.retrieve import last_user_turns
from assistant.types import Answer, Passage
from ingest.cards import ClusterCard, card_text

NUMERIC = ("enterprises", "workers")
# Fields whose text is prose: a list can only ask whether they are reported; a single
# cluster's non-empty prose is a passage question.
PROSE = ("eco_innovation", "constitutive_aspects")
# Fields the report does not label (read from prose by the card parser): empty means "not
# extracted", not "not reported", so an empty one is left to passage retrieval.
DERIVED = ("coordinating_body",)
DEFAULT_COMPARE = ("country", "sector", "enterprises", "workers")

# --- vocabularies (written naturally; folded when the index is built) --------------------

VOCABULARY: dict[tuple, str] = {
    ("field", "enterprises"): "enterprises|enterprise|firms|firm|companies|company|businesses|members|member|smes|sme|"
    "imprese|impresa|aziende|azienda|ditte|ditta|membri|associati|pmi|member companies|number of enterprises",
    ("field", "workers"): "workers|worker|employees|employee|employs|employ|employed|employment|staff|jobs|workforce|"
    "personnel|people|addetti|addetto|lavoratori|lavoratore|dipendenti|occupati|occupazione|forza lavoro|persone|"
    "impiegati|impiega|impiegano|occupa|occupano|number of employs",
    ("field", "website"): "website|websites|web site|web sites|site|sites|url|homepage|home page|web page|webpage|web|"
    "internet|sito|siti|sito internet|sito web|siti internet|siti web|indirizzo web|indirizzo internet|link|online",
    ("field", "sector"): "sector|sectors|settore|settori|field|industry|industries|comparto|comparti|specializzazione|"
    "specialisation|specialization|specialised|specialized|specializzato|specializzata|specializzati|produce|"
    "produces|producono|produzione|settore di riferimento|ambito|what kind|che tipo|di cosa si occupa|di cosa si occupano",
    ("field", "coordinating_body"): "coordinating body|coordinator|coordinators|coordinated|coordinates|coordinate|"
    "coordination|coordina|coordinano|coordinato|coordinata|coordinatore|coordinamento|soggetto coordinatore|"
    "ente coordinatore|managed|manages|manage|run by|runs|gestito|gestita|gestisce|soggetto gestore|ente gestore",
    ("field", "eco_innovation"): "eco innovation|eco innovations|ecoinnovation|ecoinnovations|eco innovative|"
    "eco innovazione|eco innovazioni|ecoinnovazione|eco innovativa|eco innovative|green innovation|"
    "innovazione ambientale|environmental innovation|eco innovation experience|eco innovation experiences|"
    "esperienze di eco innovazione|esperienza di eco innovazione",
    ("field", "constitutive_aspects"): "constitutive aspects|constitutive aspect|elementi costitutivi|elemento costitutivo",
    ("size",): "size|sizes|dimensione|dimensioni|how big|how large|quanto grande|quanto e grande|quanto sono grandi|big|grande|grandi",
    ("where",): "where|dove|located|location|situated|situato|situata|situati|situate|localizzato|localizzata|"
    "localizzati|localizzazione|si trova|si trovano|based|posizione|trova|trovano",
    ("country_field",): "country|countries|paese|paesi|nazione|nazioni|nation|nations",
    ("cmp", ">"): "more than|greater than|larger than|higher than|bigger than|over|above|exceeding|exceeds|exceed|"
    "in excess of|più di|più del|più dei|più delle|oltre|oltre i|oltre le|sopra|sopra i|sopra le|superiore a|"
    "superiore ai|superiori a|superiori ai|superiore al|maggiore di|maggiori di|supera|superano",
    ("cmp", ">="): "at least|almeno|no fewer than|no less than|not less than|non meno di|minimum of|a minimum of",
    ("cmp", "<"): "less than|fewer than|lower than|smaller than|under|below|meno di|meno del|meno dei|meno delle|"
    "sotto|sotto i|sotto le|inferiore a|inferiore ai|inferiori a|inferiori ai|minore di|minori di|al di sotto di",
    ("cmp", "<="): "at most|up to|no more than|not more than|non più di|al massimo|al più|fino a|massimo di|"
    "a maximum of|maximum of",
    ("cmp", "="): "exactly|esattamente|equal to|pari a|uguale a",
    ("post", ">="): "or more|o più|and more|or above|and above|e oltre|o oltre|or over",
    ("post", "<="): "or fewer|or less|o meno|and below|or below|e meno",
    ("between",): "between|tra|fra|compreso tra|compresi tra",
    ("more",): "more|più|maggiore|maggiori|bigger|larger|higher|greater|superiore",
    ("less",): "less|fewer|meno|minore|minori|smaller|lower|inferiore",
    ("max",): "most|the most|largest|biggest|highest|greatest|maximum|max|maggior numero|numero maggiore|"
    "numero più alto|numero più elevato|più grande|più grandi|massimo|più alto|più alta|più numeroso|più numerosa|"
    "più numerosi|più elevato|più elevata|largest number",
    ("min",): "least|the least|fewest|smallest|lowest|minimum|min|minor numero|numero minore|numero più basso|"
    "più piccolo|più piccola|più piccoli|minimo|più basso|più bassa|meno numeroso|meno numerosa|meno numerosi",
    ("limit",): "top|first|primi|prime",
    ("howmany",): "how many|how much|quanti|quante|quanto|number of|numero di|numero dei|numero delle|numero degli|"
    "the number|il numero",
    ("count",): "count|contare|conteggio",
    ("list",): "which|what|quali|quale|qual|list|elenca|elencami|elencare|show|mostra|mostrami|mostrare|give me|"
    "dammi|dimmi|tell me|indicami|nomina|are there|ci sono|there are|c e|exist|esistono|esiste|there is",
    ("open",): "tell me about|tell me more|parlami di|parlami del|parlami della|parlami dei|describe|descrivi|"
    "descrivere|description|descrizione|explain|spiega|spiegami|overview|panoramica|what do you know",
    ("all",): "all|every|tutti|tutte|ogni|each|ciascuno|ciascun|ognuno|whole|entire|intero",
    ("entity",): "cluster|clusters|distretto|distretti|district|districts|one|ones|scheda|schede|card|cards|"
    "network|networks|parks|parchi",
    ("compare",): "metti a confronto|mettere a confronto|mettili a confronto|compare|comparing|comparison|confronta|confrontare|confronto|confrontali|compara|comparare|"
    "paragona|paragonare|paragone|versus|vs|side by side|differenza|differenze|difference|differences|differ|contrast",
    ("than",): "than|rispetto a|rispetto al|rispetto ai|in confronto a|compared to|compared with",
    ("sort",): "rank|ranking|ranked|sort|sorted|order|ordered|ordina|ordinali|ordinati|ordinate|classifica|graduatoria|in ordine",
    ("asc",): "ascending|crescente|increasing|dal più piccolo|from smallest|from the smallest|dal minore",
    ("desc",): "descending|decrescente|decreasing|dal più grande|from largest|from the largest|dal maggiore",
    ("total",): "total|totale|totali|in totale|complessivamente|complessivo|complessivi|complessiva|overall|combined|"
    "altogether|all together|sum|somma|in all|insieme",
    ("average",): "average|mean|media|in media|on average|medio|mediamente",
    ("has",): "have|has|having|hanno|ha|avere|report|reports|reported|riportano|riporta|riportato|riportati|"
    "indicano|conta|contano|counts|with|con|dispongono|dispone|possiedono|possiede|include|includes|presentano|presenta|mention|mentions|"
    "menzionano|feature|features|offer|offers",
    ("not",): "without|senza|no|non|not|don t|do not|doesn t|does not|nessun|nessuna|none|lack|lacks|missing|mancano|manca",
    ("kind", "pilot_district"): "pilot|pilots|pilota|pilot districts|distretti pilota|tuscan|tuscany|toscana|toscani|"
    "toscane|imagine districts|distretti imagine|distretti del progetto",
    ("followup",): "and|e|ed|what about|how about|and what about|and for|e per|invece|e invece|also|anche|same for|"
    "lo stesso per|quanto a|e quanto a|as for|and in|e in",
    ("ref",): "they|them|their|theirs|these|those|it|its|loro|essi|esse|questi|queste|quelli|quelle|suo|sua|suoi|sue",
    ("and",): "and|e|ed|or|o|oppure|as well as|nonché",
}

# Words that carry no meaning for a card question (beyond the guard's stopwords).
FILLER = set(
    words(
        """is are be do does did was were am the a an of in on at to for from by per su al alla nel nella also
        in the report|nel rapporto|nel documento|del rapporto|del documento|in the document|of the report|report
        rapporto documento document documents documenti described descritti descritto descritte mentioned
        menzionati menzionato citati citato listed elencati elencato selected selezionati selezionato considered
        considerati analysed analyzed analizzati included inclusi presenti presente number numero value values valore valori data dati figure figures cifra
        cifre information informazioni info about circa approximately roughly around approx know sapere want vorrei
        voglio would like please favore thanks grazie name names nome nomi called chiama chiamano respectively
        rispettivamente both entrambi entrambe ambedue among those one ones experiences experience esperienze
        esperienza imagine industrial industriale industriali productive produttivi produttivo sono siano stato
        can you could get hai sai puoi potresti vs got any some tell give show way there here qui the its it
        then also anche only solo just work works working operate operates operating opera operano lavora
        lavorano active attivo attiva attivi represented rappresentati rappresentate involved coinvolti coinvolte
        coinvolto coinvolta present fanno parte part belong belongs belonging appartengono appartiene lista elenco
        dell nell sull dall all quell organisation organization organizzazione organismo ente body soggetto now
        currently nowadays today ora oggi attualmente two three due tre"""
    )
) | STOPWORDS

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
CARD_LINE = {"enterprises": "enterprises", "workers": "workers", "website": "website", "country": "country",
             "location": "location", "sector": "sector", "coordinating_body": "coordinating body",
             "eco_innovation": "eco-innovation experiences", "constitutive_aspects": "constitutive aspects",
             "name": "cluster name"}


def _index(table: dict[tuple, str]) -> dict[tuple[str, ...], tuple]:
    out: dict[tuple[str, ...], tuple] = {}
    for tag, phrases in table.items():
        for phrase in phrases.split("|"):
            out.setdefault(tuple(words(phrase)), tag)
    return out


_PHRASES = {
    **{tuple(words(a)): ("sector", s) for s, aliases in SECTORS.items() for a in (s, *aliases)},
    **{tuple(words(a)): ("country", c) for c, aliases in COUNTRIES.items() for a in (c, *aliases)},
    **_index(VOCABULARY),
}


# --- the query ----------------------------------------------------------------------------


@dataclass
class Condition:
    """A test on one card field: ``>``, ``>=``, ``<``, ``<=``, ``=`` against a number (or another
    cluster's value, ``ref``), ``has`` (the field is reported) or ``missing``."""

    field: str
    op: str
    value: float | None = None
    ref: str | None = None


@dataclass
class CardQuery:
    """What a card question asks. ``op``: list | count | max | min | sort | total | average | compare | lookup."""

    op: str
    clusters: list[str] = field(default_factory=list)  # named targets (restrict every op to them)
    fields: list[str] = field(default_factory=list)  # fields to report / rank by
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    descending: bool = True
    limit: int | None = None
    exclude: list[str] = field(default_factory=list)  # "countries"/"sectors" given as "not in …"

    @property
    def filtered(self) -> bool:
        return bool(self.countries or self.sectors or self.kinds or self.conditions)


@dataclass
class _Item:
    tag: tuple
    start: int
    end: int
    before: list[str] = field(default_factory=list)


@dataclass
class _Parse:
    """One turn read alone: a complete query, or the parts a follow-up may complete."""

    query: CardQuery | None = None
    partial: str = ""  # "" | "fields" | "clusters" (what the turn has, lacking the rest)
    fields: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)
    followup: bool = False
    ref: bool = False  # "they", "their", "loro": the turn refers to an earlier one
    explicit_op: bool = False


class _Unsure(Exception):
    """The question is not (fully) a card question."""


# --- parsing ------------------------------------------------------------------------------


def _tag(text: str, catalog: CardCatalog) -> list[_Item]:
    """Tag the question's tokens; raise :class:`_Unsure` on a content word no vocabulary explains."""
    tokens = tokenize(text)
    plain = [t.text for t in tokens]
    items: list[_Item] = []
    taken: set[int] = set()
    for span in catalog.cluster_spans(plain):
        items.append(_Item(("cluster", span.value), span.start, span.end))
        taken.update(range(span.start, span.end))
    masked = ["\0" if i in taken or t.number is not None else t.text for i, t in enumerate(tokens)]
    for span in find_phrases(masked, _PHRASES):
        tag = span.value if span.value != ("followup",) or span.start == 0 else ("and",)
        items.append(_Item(tag, span.start, span.end))
        taken.update(range(span.start, span.end))
    for i, tok in enumerate(tokens):
        if i in taken:
            continue
        if tok.number is not None:
            items.append(_Item(("num", tok.number), i, i + 1))
        elif len(tok.text) > 2 and tok.text not in FILLER:
            raise _Unsure(tok.text)
    items.sort(key=lambda it: it.start)
    for it in items:  # the words between items, for "più addetti *di* Vreten"
        it.before = plain[: it.start]
    return items


def _read(text: str, catalog: CardCatalog) -> _Parse:
    """Interpret one turn on its own (see :class:`_Parse`)."""
    try:
        items = _tag(text, catalog)
    except _Unsure:
        return _Parse()
    kinds = [it.tag[0] for it in items]
    result = _Parse(followup=bool(items) and kinds[0] == "followup" and items[0].start == 0)
    items = [it for n, it in enumerate(items) if not (n == 0 and result.followup)]
    kinds = [it.tag[0] for it in items]
    has = lambda k: k in kinds  # noqa: E731

    fields = [it.tag[1] for it in items if it.tag[0] == "field"]
    if has("size") and not set(fields) & set(NUMERIC):  # "how big is Gendorf": both counts
        fields += list(NUMERIC)
    countries = _unique(it.tag[1] for it in items if it.tag[0] == "country")
    sectors = _unique(it.tag[1] for it in items if it.tag[0] == "sector")
    # a negation must be understood, never dropped: "not in Spain", "senza sito", else unsure
    negated_parts: list[str] = []
    negated_fields: set[int] = set()
    for n, it in enumerate(items):
        if it.tag[0] != "not":
            continue
        after = [items[j] for j in range(n + 1, min(n + 4, len(items)))]
        target = next((a for a in after if a.tag[0] in ("country", "sector")), None)
        target = target or next((a for a in after if a.tag[0] == "field"), None)
        if target is None or any(a.tag[0] in ("cmp", "num", "more", "less", "max", "min") for a in after[: after.index(target)]):
            return _Parse()
        if target.tag[0] in ("country", "sector"):
            negated_parts.append("countries" if target.tag[0] == "country" else "sectors")
        else:
            negated_fields.add(id(target))
    kinds_filter = _unique(it.tag[1] for it in items if it.tag[0] == "kind")
    if has("where") and not countries:
        fields.append("location")
    if has("country_field") and not countries:
        fields.append("country")

    try:
        conditions, refs, limit, superlative, used = _conditions(items, fields, catalog)
    except _Unsure:
        return _Parse()
    clusters = _unique(it.tag[1] for n, it in enumerate(items) if it.tag[0] == "cluster" and n not in refs)
    fields = _unique(fields)

    # has/missing filters: "with a website", "senza esperienze di eco-innovazione"
    ranking = superlative or limit or any(k in kinds for k in ("sort", "total", "average"))
    lookup_like = len(clusters) == 1 and not (countries or sectors or conditions)
    for n, it in enumerate(items):
        if it.tag[0] != "field" or lookup_like or ranking:
            continue
        before = kinds[max(0, n - 3) : n]
        negated = id(it) in negated_fields
        if it.tag[1] in PROSE or (before and before[-1] == "has") or negated:
            if not any(c.field == it.tag[1] for c in conditions):
                conditions.append(Condition(it.tag[1], "missing" if negated else "has"))
    display = [f for f in fields if f not in PROSE]

    result.explicit_op = any(k in kinds for k in ("count", "howmany", "max", "min", "sort", "compare", "total",
                                                   "average", "list", "open", "more", "less", "limit"))
    result.fields, result.clusters, result.ref = display or fields, clusters, has("ref")
    base = dict(clusters=clusters, countries=countries, sectors=sectors, kinds=kinds_filter, conditions=conditions,
                exclude=_unique(negated_parts))
    filtered = bool(countries or sectors or kinds_filter or conditions)
    count_intent = has("count") or any(
        it.tag[0] == "howmany" and (n + 1 < len(items) and items[n + 1].tag[0] == "entity" or not fields and len(clusters) != 1)
        for n, it in enumerate(items)
    )

    if has("open") and not fields:
        return _Parse()
    if clusters and any(c.ref for c in conditions):  # "Hackefors ha più addetti di Vreten?"
        named = clusters + [c.ref for c in conditions if c.ref and c.ref not in clusters]
        result.query = CardQuery("compare", clusters=named, fields=_unique(c.field for c in conditions))
    elif superlative:
        ranked = [f for f in fields if f in NUMERIC] or ([] if fields else list(NUMERIC))
        if not ranked or (len(clusters) == 1 and not filtered):
            return _Parse()
        targets = clusters if len(clusters) >= 2 else []
        result.query = CardQuery(superlative, **{**base, "clusters": targets}, fields=ranked, limit=limit)
    elif has("sort") or limit:
        ranked = [f for f in fields if f in NUMERIC]
        if not ranked:
            return _Parse()
        result.query = CardQuery("sort", **base, fields=ranked[:1], descending=not has("asc"), limit=limit)
    elif count_intent:
        result.query = CardQuery("count", **base, fields=display)
    elif has("total") or has("average"):
        summed = [f for f in fields if f in NUMERIC]
        if not summed:
            return _Parse()
        result.query = CardQuery("total" if has("total") else "average", **base, fields=summed)
    elif len(clusters) >= 2 and (not filtered or has("compare")):
        result.query = CardQuery("compare", clusters=clusters, fields=[f for f in display if f != "location"] or list(DEFAULT_COMPARE))
    elif len(clusters) >= 2:
        result.query = CardQuery("list", **base, fields=display)
    elif len(clusters) == 1:
        asked = display + [f for f in fields if f in PROSE]  # "the Norte cluster in Portugal": a description
        asked = asked or ["country"] * bool(countries) + ["sector"] * bool(sectors) + [c.field for c in conditions]
        if asked:
            result.query = CardQuery("lookup", clusters=clusters, fields=_unique(asked))
        else:
            result.partial = "clusters"
    elif filtered:
        result.query = CardQuery("list", **base, fields=display)
    elif fields:
        if has("entity") and (has("all") or has("list") or has("ref")) or (
            display == ["country"] and (has("list") or has("howmany"))
        ):
            result.query = CardQuery("list", fields=display)
        else:
            result.partial = "fields"
    elif has("entity") and (has("all") or has("list")):
        result.query = CardQuery("list")
    if used < sum(1 for it in items if it.tag[0] == "num"):
        return _Parse()
    return result


def _conditions(items: list[_Item], fields: list[str], catalog: CardCatalog):
    """Numeric conditions, referenced clusters, a top-k limit and a superlative from the tagged items.

    Returns (conditions, indexes of clusters used as references, limit, "max"/"min"/"", numbers used).
    A comparison word with nothing to compare, or a number with no role, raises :class:`_Unsure`.
    """
    kinds = [it.tag[0] for it in items]
    conditions: list[tuple[int, Condition]] = []
    refs: set[int] = set()
    used: set[int] = set()
    limit, superlative = None, ""

    def nxt(n, *want):
        return n + 1 < len(items) and kinds[n + 1] in want

    for n, it in enumerate(items):
        kind = it.tag[0]
        if kind == "cmp" or (kind in ("more", "less") and nxt(n, "num")):
            op = it.tag[1] if kind == "cmp" else (">" if kind == "more" else "<")
            if nxt(n, "num"):
                conditions.append((n + 1, Condition("", op, items[n + 1].tag[1])))
                used.add(n + 1)
            elif nxt(n, "cluster"):
                conditions.append((n, Condition("", op, ref=items[n + 1].tag[1])))
                refs.add(n + 1)
            else:
                raise _Unsure("comparison without a value")
        elif kind == "post":
            if n == 0 or kinds[n - 1] != "num":
                raise _Unsure("comparison without a value")
            conditions.append((n - 1, Condition("", it.tag[1], items[n - 1].tag[1])))
            used.add(n - 1)
        elif kind == "between" and nxt(n, "num") and n + 3 < len(items) and kinds[n + 2] == "and" and kinds[n + 3] == "num":
            low, high = sorted((items[n + 1].tag[1], items[n + 3].tag[1]))
            conditions += [(n + 1, Condition("", ">=", low)), (n + 3, Condition("", "<=", high))]
            used.update((n + 1, n + 3))
        elif kind in ("more", "less"):
            # "più addetti di Hackefors" / "more workers than Vreten": a reference; else a superlative
            j = n + 1
            while j < len(items) and kinds[j] == "field":
                j += 1
            gap = items[j].before[items[j - 1].end :] if j < len(items) else []
            than = j < len(items) and (kinds[j] == "than" or set(gap) & _THAN)
            if j > n + 1 and than and (kinds[j] == "cluster" or nxt(j, "cluster")):
                k = j if kinds[j] == "cluster" else j + 1
                conditions.append((n + 1, Condition("", ">" if kind == "more" else "<", ref=items[k].tag[1])))
                refs.add(k)
            else:
                superlative = "max" if kind == "more" else "min"
        elif kind in ("max", "min"):
            superlative = kind
        elif kind == "limit" and nxt(n, "num"):
            limit = int(items[n + 1].tag[1])
            used.add(n + 1)
        elif kind == "limit":
            raise _Unsure("first/top without a number")
        elif kind == "than" and not (n > 0 and kinds[n - 1] in ("field", "more", "less", "cmp")):
            raise _Unsure("than without a comparison")

    # numbers next to a superlative ("the 3 largest") are a limit; next to a field, an equality
    for n, it in enumerate(items):
        if it.tag[0] != "num" or n in used:
            continue
        if nxt(n, "max", "min") or (n > 0 and kinds[n - 1] in ("max", "min")):
            limit = int(it.tag[1])
            used.add(n)
        elif nxt(n, "field") and items[n + 1].tag[1] in NUMERIC:
            conditions.append((n, Condition(items[n + 1].tag[1], "=", it.tag[1])))
            used.add(n)

    numeric_fields = [f for f in _unique(fields) if f in NUMERIC]
    out = []
    for pos, cond in conditions:
        if not cond.field:
            cond.field = _field_near(items, pos) or (numeric_fields[0] if len(numeric_fields) == 1 else "")
        if cond.field not in NUMERIC:
            raise _Unsure("comparison on no numeric field")
        if cond.ref:
            card = catalog.get(cond.ref)
            cond.value = getattr(card, cond.field) if card else None
        out.append(cond)
    return out, refs, limit, superlative, len(used)


_THAN = {"di", "del", "della", "dello", "dei", "degli", "delle", "than"}


def _field_near(items: list[_Item], pos: int) -> str:
    """The numeric field a number talks about: the next field word (within 2 items), else the previous (within 3)."""
    for j in range(pos + 1, min(pos + 3, len(items))):
        if items[j].tag[0] == "field" and items[j].tag[1] in NUMERIC:
            return items[j].tag[1]
    for j in range(pos - 1, max(pos - 4, -1), -1):
        if items[j].tag[0] == "field" and items[j].tag[1] in NUMERIC:
            return items[j].tag[1]
    return ""


def _unique(seq) -> list:
    return list(dict.fromkeys(seq))


def _unique_cards(cards) -> list[ClusterCard]:
    return list({c.id: c for c in cards}.values())


def parse_query(text: str, catalog: CardCatalog, history: list[dict] | None = None) -> CardQuery | None:
    """The card question ``text`` asks (completed from ``history`` for follow-ups), or None to use passages."""
    if not catalog.cards:
        return None
    current = _read(text, catalog)
    query = current.query
    if query is None and not current.partial:
        return None
    unscoped = query is not None and not query.clusters and not query.filtered
    context = current.partial or (query is not None and (current.followup or current.ref) and (unscoped or not current.explicit_op))
    if not (context and history):
        return _check(query, catalog) if query else None
    short = len(words(text)) <= 4
    for turn in reversed(last_user_turns(history)):
        earlier = _read(turn, catalog).query
        named = earlier.clusters if earlier else catalog.find_clusters(turn)
        scoped = earlier is not None and (earlier.clusters or earlier.filtered) and earlier.op not in ("lookup", "compare")
        if query is not None:
            if scoped and not current.explicit_op:  # "And in Sweden?" after "Which clusters are in Spain?"
                merged = replace(earlier, conditions=list(earlier.conditions))
                for part in ("countries", "sectors", "kinds", "clusters", "conditions", "exclude"):
                    if getattr(query, part):
                        setattr(merged, part, getattr(query, part))
                return _check(merged, catalog)
            if scoped and unscoped:  # "E quale dei due ha più addetti?": this question over the earlier set
                return _check(replace(query, clusters=earlier.clusters, countries=earlier.countries, sectors=earlier.sectors,
                                      kinds=earlier.kinds, conditions=earlier.conditions + query.conditions,
                                      exclude=earlier.exclude), catalog)
            return _check(query, catalog)
        if current.partial == "fields":
            if named:  # "And how many firms?" after a turn about Gendorf
                op = "lookup" if len(named) == 1 else "compare"
                return _check(CardQuery(op, clusters=named, fields=current.fields), catalog)
            if scoped:  # "And their websites?" after "Which clusters are in Spain?"
                return _check(replace(earlier, op="list", fields=current.fields), catalog)
        elif current.partial == "clusters" and (current.followup or short):
            if earlier is not None and earlier.op in ("lookup", "compare") and earlier.fields:  # "And Vreten?"
                op = "lookup" if len(current.clusters) == 1 else "compare"
                return _check(CardQuery(op, clusters=current.clusters, fields=earlier.fields), catalog)
            return None
        if earlier is not None or named:
            return None
    return None


def _check(query: CardQuery, catalog: CardCatalog) -> CardQuery | None:
    """Leave to passages what the cards cannot say: a single cluster's prose (when it has some), or
    an unextracted derived field."""
    if query.op != "lookup":
        return query
    card = catalog.get(query.clusters[0])
    for f in query.fields:
        value = getattr(card, f, None)
        if (f in PROSE and value) or (f in DERIVED and not value):
            return None
    return query


# --- answers ------------------------------------------------------------------------------


class _Citations:
    """Markers in first-use order, with the fields each cited card supports."""

    def __init__(self):
        self.cards: list[ClusterCard] = []
        self.fields: dict[str, list[str]] = {}

    def mark(self, card: ClusterCard, *fields: str) -> str:
        if card.id not in self.fields:
            self.cards.append(card)
            self.fields[card.id] = ["name"]
        self.fields[card.id] += [f for f in fields if f not in self.fields[card.id]]
        return f"[{self.cards.index(card) + 1}]"

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
        if wording and source and source != str(n) and fold(source) not in (fold(shown), fold(number(n, "it"))):
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
            parts.append(f"con tra {low} e {high} {label}" if it else f"with between {low} and {high} {label}")
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


def answer(query: CardQuery, catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to a card query, with one citation per card used (marker order)."""
    lang = lang if lang in ("it", "en") else "en"
    cites = _Citations()
    handler = {
        "lookup": _lookup, "compare": _compare_cards, "list": _list, "count": _list,
        "max": _extreme, "min": _extreme, "sort": _sort, "total": _aggregate, "average": _aggregate,
    }[query.op]
    text, rows = handler(query, catalog, lang, cites)
    return Answer(
        text=text.strip(),
        citations=cites.passages(),
        language=lang,
        route="cards",
        backend="cards",
        table=[_row(c, catalog) for c in rows],
    )


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
    shown = _unique(f for f in query.fields + [c.field for c in query.conditions if c.field in NUMERIC]
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
        fields = _unique(f for c in query.conditions for f in [c.field] if f in NUMERIC) or _filter_fields(query)
        label = ", ".join(LABELS[lang][f] for f in fields)
        text += _not_reported(unknown, label, lang)
    return text, hits


def _extreme(query, catalog, lang, cites):
    it = lang == "it"
    sentences, rows = [], []
    for f in query.fields:
        known, unknown = _pool(query, catalog, f)
        label = LABELS[lang][f]
        if not known:
            sentences.append(message(lang, "not_reported").capitalize() + f" ({label}).")
            continue
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
    for f in query.fields:
        label = LABELS[lang][f]
        known, unknown = _pool(query, catalog, f)
        if not known:
            sentences.append(message(lang, "not_reported").capitalize() + f" ({label}).")
            continue
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
    prefix = ((f"Cluster {desc}: " if it else f"Clusters {desc}: ") if desc else "")
    return prefix + " ".join(sentences), _unique_cards(rows)
