"""Exact answers to questions over the cluster cards: filter, sort, count, compare, look up.

A small rule-based semantic parser. The question is folded and tokenised; phrases from
closed vocabularies are tagged (cluster names from the catalog, countries, sectors, field
words such as "addetti"/"workers", comparison words such as "più di"/"at least", numbers
in any notation), and the tags are read into a :class:`CardQuery`. It answers only what it
fully understands: a content word that no vocabulary explains ("what did Gendorf do to
reduce *pollution*?") means the question is about the documents' prose, so the parser
returns None and the assistant falls back to passage retrieval. A follow-up turn that
lacks a cluster or a field ("And how many firms?") borrows it from earlier user turns.
The answers themselves are composed in :mod:`assistant.card_answers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.catalog import COUNTRIES, SECTORS, CardCatalog, find_phrases, tokenize, unique, words
from assistant.guard import STOPWORDS
from assistant.retrieve import last_user_turns
from assistant.types import Answer

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
    ("why",): "why|perché|come mai|how come|for what reason|per quale motivo|in che modo|in what way",
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

def field_words(f: str) -> list[str]:
    """The phrases that name a card field in questions ("addetti", "workers", …)."""
    return VOCABULARY.get(("field", f), "").split("|")


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
    text: list[str] = field(default_factory=list, repr=False)  # the question's words (shared)


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
        elif (len(tok.text) > 2 or tok.text in _SHORT_CONTENT) and tok.text not in FILLER:
            raise _Unsure(tok.text)
    items.sort(key=lambda it: it.start)
    for it in items:  # for the words between items: "più addetti *di* Vreten"
        it.text = plain
    return items


_SHORT_CONTENT = {"fa", "fu"}  # two-letter Italian verbs ("cosa fa Gendorf?"): content, not scaffolding


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
    countries = unique(it.tag[1] for it in items if it.tag[0] == "country")
    sectors = unique(it.tag[1] for it in items if it.tag[0] == "sector")
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
    kinds_filter = unique(it.tag[1] for it in items if it.tag[0] == "kind")
    if has("where") and not countries:
        fields.append("location")
    if has("country_field") and not countries:
        fields.append("country")

    try:
        conditions, refs, limit, superlative, used = _conditions(items, fields, catalog)
    except _Unsure:
        return _Parse()
    clusters = unique(it.tag[1] for n, it in enumerate(items) if it.tag[0] == "cluster" and n not in refs)
    fields = unique(fields)

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
                exclude=unique(negated_parts))
    filtered = bool(countries or sectors or kinds_filter or conditions)
    count_intent = has("count") or any(
        it.tag[0] == "howmany" and (n + 1 < len(items) and items[n + 1].tag[0] == "entity" or not fields and len(clusters) != 1)
        for n, it in enumerate(items)
    )

    if has("why") or (has("open") and not fields):  # reasons and descriptions are in the prose
        return _Parse()
    if clusters and any(c.ref for c in conditions):  # "Hackefors ha più addetti di Vreten?"
        named = clusters + [c.ref for c in conditions if c.ref and c.ref not in clusters]
        result.query = CardQuery("compare", clusters=named, fields=unique(c.field for c in conditions))
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
            result.query = CardQuery("lookup", clusters=clusters, fields=unique(asked))
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
            gap = items[j].text[items[j - 1].end : items[j].start] if j < len(items) else []
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

    numeric_fields = [f for f in unique(fields) if f in NUMERIC]
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


def answer(query: CardQuery, catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to a card query (composed in :mod:`assistant.card_answers`)."""
    from assistant.card_answers import compose

    return compose(query, catalog, lang)
