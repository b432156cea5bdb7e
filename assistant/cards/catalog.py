"""The cluster cards as a catalog: the cards, their chunks as indexed, and which clusters,
countries, regions and sectors a text mentions.

Questions name clusters loosely ("Gendorf", "Lodzkie", "Plaine de l'Ain", "the Danish
Fashion one"), so the matching keys are derived from the cards themselves, never listed
by hand: the full name, every run of two or more name words that no other card shares,
and single words of the name, id or place (before its first comma) that are distinctive
— not shared with another card, not a generic word ("cluster", "textile", "district"…),
not a sector, country or function word. A place inside a country (``imagine.geography.PLACES``:
"Basque Country", "Catalonia") names the one card whose location or own text puts it there, in
any of the place's names ("the Basque path", "quello catalano"). Text is compared folded (``imagine.text.fold``),
with a small tolerance for typos and truncated names on words that are not ordinary words
of the corpus.

Countries, regions, sectors and sector families are closed vocabularies in Italian and
English (``imagine.geography``, whose country matcher is the one ingest uses) mapped to one English name,
so "Spagna", "Spain" and "spagnoli" all mean "Spain" and "nordici" means Denmark, Sweden,
Norway and Finland; a card's own country is read through the same table.

Each card keeps its chunk as the index stores it (id, text, metadata), read from the
store when the assistant connects: card answers cite those, never rebuilding them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from imagine.cards import ClusterCard
from imagine.geography import (  # noqa: F401  (COUNTRIES re-exported for the package)
    COUNTRIES,
    COUNTRY_ALIASES,
    ITALIAN_COUNTRY,
    PLACES,
    REGIONS,
    SECTOR_FAMILIES,
    SECTOR_IT,
    SECTORS,
    country_name,
    find_countries,
)
from imagine.lexicon import is_word
from imagine.sentences import split_sentences
from imagine.text import Span, edit_distance_at_most_one, find_phrases, swapped_once, fold, phrase_index, tokenize, unique, words  # noqa: F401  (re-exported)

# Region and family label (English) -> names in questions; their members; their Italian labels.
REGION_NAMES = {label: names for label, _, names, _ in REGIONS}
REGION_MEMBERS = {label: members for label, _, _, members in REGIONS}
REGION_IT = {label: it for label, it, _, _ in REGIONS}
FAMILY_NAMES = {label: names for label, _, names, _ in SECTOR_FAMILIES}
FAMILY_MEMBERS = {label: members for label, _, _, members in SECTOR_FAMILIES}
FAMILY_IT = {label: it for label, it, _, _ in SECTOR_FAMILIES}

# Words that say what kind of thing a cluster is, not which one: never a matching key on their own.
GENERIC = set(
    """cluster clusters textile tessile tessili textils textil fashion moda industry industria industrie industries
    industrial industriale industriali industriel district districts distretto distretti region regione regional
    park parc parco institute istituto association associazione federation confederazione group grouping network
    area zona the of and for di de del della dei delle des du la le les el il lo gli d l e y et and city citta
    provincia province centro centre center model modello european europeo europa comparto settore sector""".split()
)
# Words of cluster names said in the other language ("Confederazione tedesca", "Nord Ovest"): names and
# questions are both read through this table before matching, so either language finds the card.
NAME_WORDS = {
    "confederazione": "confederation", "federazione": "federation", "associazione": "association",
    "istituto": "institute", "parco": "park", "parc": "park", "distretto": "district", "industriale": "industrial",
    "industriel": "industrial", "industria": "industry", "tessile": "textile", "tessili": "textile", "moda": "fashion",
    "regione": "region", "nord": "north", "ovest": "west", "sud": "south", "est": "east", "tedesca": "german",
    "tedesco": "german", "danese": "danish", "cluster": "cluster",
}

# Directions: distinctive only together ("North West"), never alone ("the north of Portugal").
WEAK = set("north south east west northern southern eastern western nord sud est ovest upper lower alto basso".split())

# Function words of both languages that may sit inside a name ("Plaine de l'Ain") but never identify it.
_FUNCTION = set(
    """the a an of and or in on at to for with by from is are was il lo la i gli le un una uno di da in con su per tra
    fra del della dei degli delle al alla ai agli alle nel nella nei negli sul sulla e ed o che chi cosa come quale
    quali quanti quante dove cluster paesi paese quanto sono have has which what how many much more most less
    dell sull nell dall all quell de du des le les el y et d l s""".split()
)


_SECTOR_ALIASES = phrase_index(SECTORS)
_SECTOR_WORDS = {w for alias in _SECTOR_ALIASES for w in alias}
_COUNTRY_WORDS = {w for alias in COUNTRY_ALIASES for w in alias}
REGION_ALIASES = phrase_index(REGION_NAMES)
FAMILY_ALIASES = phrase_index(FAMILY_NAMES)
_PLACE_WORDS = {w for alias in (*REGION_ALIASES, *FAMILY_ALIASES) for w in alias}


def place_word(word: str) -> bool:
    """Whether a folded word belongs to the name of a country, a region or a sector family ("Central" of
    "Central Europe"): such a word, left over by the parser, is no unknown name."""
    return word in _PLACE_WORDS or word in _COUNTRY_WORDS


def country_label(name: str | None, lang: str) -> str | None:
    """A country's name in the answer's language ("Spain" -> "Spagna" in Italian)."""
    return ITALIAN_COUNTRY.get(name, name) if lang == "it" and name else name


def sector_label(sector: str, lang: str) -> str:
    """A canonical sector's name in the answer's language ("textile" -> "tessile" in Italian)."""
    return SECTOR_IT.get(sector, sector) if lang == "it" else sector


def find_sectors(text: str) -> list[str]:
    """Canonical English sectors a text mentions ("tessile" -> "textile"), in order of mention."""
    return unique(s.value for s in find_phrases(words(text), _SECTOR_ALIASES))


def region_label(region: str, lang: str) -> str:
    return REGION_IT.get(region, region) if lang == "it" else region


def family_label(family: str, lang: str) -> str:
    return FAMILY_IT.get(family, family) if lang == "it" else family


@dataclass(frozen=True)
class CardChunk:
    """A card's chunk as the index stores it: what a card answer cites."""

    id: str
    text: str
    metadata: dict


# --- the catalog ------------------------------------------------------------------------


class CardCatalog:
    """The cluster cards with the lookups questions need (names, countries, regions, sectors) and
    each card's indexed chunk (``chunks``: card id -> :class:`CardChunk`)."""

    def __init__(self, cards: list[ClusterCard], chunks: dict[str, CardChunk] | None = None):
        self.cards: list[ClusterCard] = list(cards)
        self.chunks: dict[str, CardChunk] = dict(chunks or {})
        self._by_name = {c.name: c for c in self.cards}
        self._mentions: dict[tuple[str, str], str | None] = {}  # (card id, sector) -> :meth:`mentions`, cut once

    @classmethod
    def from_store(cls, ids: list[str], documents: list[str], metadatas: list[dict | None]) -> "CardCatalog":
        """The catalog of an index's contents (``collection.get``): every chunk whose metadata holds
        ``card_json`` is a card, kept with its id, text and metadata."""
        cards, chunks = [], {}
        for pid, text, meta in zip(ids, documents, metadatas):
            if meta and meta.get("card_json"):
                card = ClusterCard.model_validate_json(meta["card_json"])
                cards.append(card)
                chunks[card.id] = CardChunk(pid, text, dict(meta))
        return cls(cards, chunks)

    def kind_sizes(self) -> dict[str, int]:
        """How many cards of each kind (the report's clusters, the pilot districts), kinds in first-seen order."""
        sizes: dict[str, int] = {}
        for card in self.cards:
            sizes[card.kind] = sizes.get(card.kind, 0) + 1
        return sizes

    def get(self, name: str) -> ClusterCard | None:
        return self._by_name.get(name)

    # -- countries and sectors of the cards
    def country_of(self, card: ClusterCard) -> str | None:
        """The card's country as an English name from the shared table (the card's own text if unknown)."""
        return country_name(card.country) or (card.country or None)

    @cached_property
    def sector_lines(self) -> frozenset[str]:
        """Each card's sector line ("Tessile", "Textile-fashion", "Tessile e lana") as its folded words: what a question
        quoting the card's label asks for word for word."""
        return frozenset(folded_line(card.sector) for card in self.cards if card.sector.strip())

    def sectors_of(self, card: ClusterCard, with_name: bool = False) -> list[str]:
        """Canonical sectors of a card, from its sector line and items; ``with_name`` adds the ones its name
        says ("Pannon Textile Cluster" is a textile cluster although its sector line reads "fashion")."""
        return find_sectors(" ; ".join([card.sector, *card.sectors] + [card.name] * with_name))

    def mentions(self, card: ClusterCard, sector: str) -> str | None:
        """The first line of a card's prose (constitutive aspects, eco-innovation) that names ``sector`` when the card's
        sector line does not: Norte is a textile cluster, and one of its four bodies is "APICCAPS ‐ Portuguese
        Association of Footwear Manufacturers, Accessories & Leather Goods", its link to footwear. The sentence as the
        card's chunk writes it, so that a card answer can quote it; None when no line names the sector. A line that names
        other clusters is about them ("… conciario di Santa Croce s/Arno e calzaturiero di Capannori" on a pilot's card)."""
        key = (card.id, sector)
        if key not in self._mentions:  # a similarity asks it of every card: the prose is cut into sentences once
            self._mentions[key] = None if sector in self.sectors_of(card, True) else self._mention(card, sector)
        return self._mentions[key]

    def _mention(self, card: ClusterCard, sector: str) -> str | None:
        chunk = self.chunks.get(card.id)
        prose = [card.constitutive_aspects, card.eco_innovation]
        lines = [line for text in prose for line in text.splitlines() if line.strip()]
        held = chunk.text.splitlines() if chunk is not None else lines
        for line in lines:
            for unit in split_sentences(line):  # the sentence that names it, not the whole paragraph
                if sector in find_sectors(unit) and not set(self.find_clusters(unit)) - {card.name}:  # not about others
                    return unit.strip() if any(unit.strip() in h for h in held) else line.strip()
        return None

    def families_of(self, card: ClusterCard, with_name: bool = False) -> list[str]:
        """Sector families of a card (``imagine.geography.SECTOR_FAMILIES``)."""
        return unique(f for s in self.sectors_of(card, with_name) for f, members in FAMILY_MEMBERS.items() if s in members)

    def regions_of(self, card: ClusterCard) -> list[str]:
        """The regions a card's country belongs to."""
        country = self.country_of(card)
        return [r for r, members in REGION_MEMBERS.items() if country in members]

    def countries(self) -> list[str]:
        return unique(c for c in (self.country_of(card) for card in self.cards) if c)

    # -- cluster names
    @cached_property
    def _keys(self) -> dict[tuple[str, ...], str]:
        """Phrase (folded words) -> card name, derived from the cards; see the module docstring."""
        grams: dict[tuple[str, ...], set[str]] = {}
        singles: dict[str, set[str]] = {}
        for card in self.cards:
            name = _canon(words(card.name))
            for n in range(2, len(name) + 1):
                for i in range(len(name) - n + 1):
                    grams.setdefault(tuple(name[i : i + n]), set()).add(card.name)
            place = card.location.split(",")[0] if len(card.location.split(",")[0]) <= 60 else ""
            for w in {*name, *_canon(words(card.id)), *_canon(words(place))}:
                singles.setdefault(w, set()).add(card.name)
        keys: dict[tuple[str, ...], str] = {}
        for gram, owners in grams.items():
            distinctive = [w for w in gram if w not in GENERIC and w not in _FUNCTION and w not in _SECTOR_WORDS]
            if (
                len(owners) == 1
                and gram[0] not in _FUNCTION
                and gram[-1] not in _FUNCTION
                and (any(w not in WEAK for w in distinctive) or len(distinctive) >= 2)
            ):
                keys[gram] = next(iter(owners))
        for w, owners in singles.items():
            if len(owners) == 1 and len(w) >= 4 and not self._ordinary(w):
                keys[(w,)] = next(iter(owners))
        coordinators: dict[tuple[str, ...], set[str]] = {}
        for card in self.cards:  # "ACLIMA", "NWTexnet", "Città di Solna": the body that coordinates one cluster only
            for name in _coordinator_names(card):
                coordinators.setdefault(tuple(_canon(words(name))), set()).add(card.name)
        for key, owners in coordinators.items():
            if len(owners) == 1 and key not in keys and any(w not in GENERIC and w not in _FUNCTION for w in key):
                keys[key] = next(iter(owners))
        for place, owners in self._places().items():  # "the Basque path": the one card in that place
            if len(owners) == 1:
                for name in (place, *PLACES[place]):
                    keys.setdefault(tuple(_canon(words(name))), next(iter(owners)))
        for card in self.cards:  # the full name always names its card, and so does a name its own text gives it
            for name in (card.name, *_aliases(card)):
                keys[tuple(_canon(words(name)))] = card.name
        return keys

    def _places(self) -> dict[str, set[str]]:
        """Place (``PLACES`` English name) -> the cards whose location or own prose names it in any of its names
        ("Paesi Baschi, Spagna"; "le organizzazioni catalane del settore tessile")."""
        out: dict[str, set[str]] = {}
        for card in self.cards:
            text = f" {' '.join(words(' '.join([card.location, card.constitutive_aspects, card.eco_innovation])))} "
            for place, names in PLACES.items():
                if any(f" {' '.join(words(n))} " in text for n in (place, *names)):
                    out.setdefault(place, set()).add(card.name)
        return out

    @staticmethod
    def _ordinary(word: str) -> bool:
        """Words that cannot identify a cluster alone: generic, function, sector or country words."""
        return word in GENERIC or word in WEAK or word in _FUNCTION or word in _SECTOR_WORDS or word in _COUNTRY_WORDS

    @cached_property
    def _known_words(self) -> set[str]:
        """Every word of the cards: a question word found here is a real word, not a misspelt name."""
        known = set(GENERIC) | WEAK | _FUNCTION | _SECTOR_WORDS | _COUNTRY_WORDS | _PLACE_WORDS
        for card in self.cards:
            known.update(words(" ".join([card.sector, card.location, card.constitutive_aspects, card.eco_innovation])))
        return known

    def cluster_spans(self, tokens: list[str]) -> list[Span]:
        """Where ``tokens`` (folded words) name clusters: exact keys first, then near-misses of single-word keys."""
        tokens = _canon(tokens)
        spans = find_phrases(self._mended(tokens), self._keys)
        taken = {i for s in spans for i in range(s.start, s.end)}
        singles = [k[0] for k in self._keys if len(k) == 1]
        for i, tok in enumerate(tokens):
            if i in taken or len(tok) < 4 or tok in self._known_words or is_word(tok):
                continue  # a word of Italian or English is no misspelt name ("in plain English" names no Plaine)
            near = {self._keys[(k,)] for k in singles if _near(tok, k)}
            if len(near) == 1:
                spans.append(Span(i, i + 1, near.pop()))
        return [self._widen(s, tokens) for s in sorted(spans, key=lambda s: s.start)]

    @cached_property
    def _phrase_words(self) -> set[str]:
        """The long words of the names of several words ("danish" of "danish fashion institute")."""
        return {w for key in self._keys if len(key) > 1 for w in key if len(w) >= 5}

    def _mended(self, tokens: list[str]) -> list[str]:
        """``tokens`` with each misspelt word of a many-word name put right ("danihs fashion institute"): a token that
        is no word (of the cards, of Italian or English) one edit or one swap from exactly one such name word. The whole
        name must still follow to name a cluster."""
        out = []
        for tok in tokens:
            if len(tok) >= 5 and tok not in self._phrase_words and tok not in self._known_words and not is_word(tok):
                near = {w for w in self._phrase_words
                        if abs(len(w) - len(tok)) <= 1 and (edit_distance_at_most_one(tok, w) or swapped_once(tok, w))}
                tok = near.pop() if len(near) == 1 else tok
            out.append(tok)
        return out

    @cached_property
    def _name_words(self) -> dict[str, set[str]]:
        return {c.name: set(_canon(words(c.name))) - _FUNCTION for c in self.cards}

    def _widen(self, span: Span, tokens: list[str]) -> Span:
        """Stretch a mention over the neighbouring words of the same name, in any order or language:
        "la Confederazione tedesca dell'industria tessile e della moda" is one mention."""
        own = self._name_words[span.value]
        start, end = span.start, span.end
        j = end
        bridge = _FUNCTION - _LIKE  # ("il tessile come prato" is textile like Prato's, not Prato's name)
        while j < len(tokens) and (tokens[j] in own or tokens[j] in bridge):
            j += 1
            if tokens[j - 1] in own:
                end = j
        j = start - 1
        while j >= 0 and (tokens[j] in own or tokens[j] in bridge):
            if tokens[j] in own:
                start = j
            j -= 1
        return Span(start, end, span.value)

    def names_cluster(self, text: str, name: str) -> bool:
        """Whether ``text`` names the cluster ``name`` by a word of its own name that is not generic ("Gendorf"
        in "… nel distretto di Gendorf"); a coordinator's name or a place does not count."""
        own = self._name_words.get(name, set()) - GENERIC
        return bool(own & set(_canon(words(text))))

    def without_clusters(self, text: str) -> str:
        """``text`` folded, without the words that name clusters ("who coordinates the network in the
        Hackefors model?" -> "who coordinates the network in the model?"): what is asked of them."""
        tokens = words(text)
        out = fold(text)
        for span in self.cluster_spans(tokens):
            phrase = r"\W+".join(re.escape(t) for t in tokens[span.start:span.end])
            out = re.sub(rf"\b{phrase}\b", " ", out, count=1)
        return " ".join(out.split())

    def find_places(self, text: str) -> list[str]:
        """The regions and countries a text names (English labels, regions first): what "that area" points back at."""
        return unique([s.value for s in find_phrases(words(text), REGION_ALIASES)] + find_countries(text))

    def find_clusters(self, text: str) -> list[str]:
        """Exact ``card.name`` of each cluster the text mentions, in order of mention."""
        return unique(s.value for s in self.cluster_spans(words(text)))

    def named_or_described(self, text: str) -> list[str]:
        """The clusters a text names (:meth:`find_clusters`), else the one a description singles out: a country, by
        name or adjective, next to a word for a cluster ("And the French park, who owns it?", "il cluster polacco",
        "quello danese"), when the cards have one cluster in that country. What a follow-up turn goes on about."""
        if names := self.find_clusters(text):
            return names
        tokens = words(text)
        out = []
        for span in find_phrases(tokens, COUNTRY_ALIASES):
            near = set(tokens[max(0, span.start - 2): span.start]) | set(tokens[span.end: span.end + 1])
            if not near & _CLUSTER_NOUNS:
                continue
            inside = [c.name for c in self.cards if self.country_of(c) == span.value]
            if len(inside) == 1:
                out.append(inside[0])
        return unique(out)


# "The Textile Innovative Business Grouping (Agrupació d’Empreses Innovadores Tèxtils)": a phrase and, in
# brackets right after it, another; within one sentence or line.
_BRACKETED = re.compile(r"([^()\n.;:]{3,90}?)\s*\(([^()\n]{3,90})\)")


def folded_line(text: str) -> str:
    """A card line as its folded words ("Textile-fashion" -> "textile fashion"): how a quoted sector line is compared
    with the cards' own (``CardCatalog.sector_lines``, the plan's "label" test)."""
    return " ".join(words(text))


def _aliases(card: ClusterCard) -> list[str]:
    """Other names a card's own text gives the cluster: "X (full name)" or "full name (X)", as a
    source does when it names a cluster in two languages. Leading function words are dropped; an
    alias made only of generic words names nothing."""
    out = []
    name = _canon(words(card.name))
    for text in (card.constitutive_aspects, card.eco_innovation, card.coordinating_body or ""):
        for outer, inner in _BRACKETED.findall(text):
            a, b = _canon(words(outer)), _canon(words(inner))
            other = b if a[-len(name):] == name else a if b == name else None
            while other and other[0] in _FUNCTION:
                other = other[1:]
            if other and other != name and any(w not in GENERIC and w not in _FUNCTION for w in other):
                out.append(" ".join(other))
    return out


def _coordinator_names(card: ClusterCard) -> list[str]:
    """The coordinating body's names as the card gives them: its first line cut at a bracket, comma or dash
    ("ACLIMA (Asociacion cluster …), istituita dal Governo Basco" -> "ACLIMA", "Asociacion cluster …")."""
    line = (card.coordinating_body or "").split("\n")[0]
    return [p.strip() for p in re.split(r"[(),]| [–-] ", line) if len(p.strip()) >= 3][:2]


# the words for a cluster a description uses with its country ("the French *park*", "*quello* danese")
_CLUSTER_NOUNS = {"cluster", "clusters", "park", "parco", "district", "distretto", "network", "one", "quello", "quella",
                  "case", "caso", "area", "zona", "federation", "federazione", "association", "associazione"}
# a comparison between two words ("tessile *come* prato"): a name is not widened across it
_LIKE = {"come"}


def _canon(tokens: list[str]) -> list[str]:
    return [NAME_WORDS.get(t, t) for t in tokens]


def _near(token: str, key: str) -> bool:
    """A truncated name ("lodz" for "lodzkie") or one typo in a long one ("hackefor", "gendorff")."""
    if len(key) >= 6 and key.startswith(token) and len(token) >= 4:
        return True
    if len(key) < 6 or abs(len(key) - len(token)) > 1:
        return False
    return edit_distance_at_most_one(token, key)
