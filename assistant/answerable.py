"""Answerability: does the retrieved evidence state the kind of thing the question asks?

Similarity alone fails both ways: "quanto costa registrarsi EMAS?" is close to many sentences
about EMAS registration, none of which states a cost, so it was answered with loosely related
quotes; and a question behind a long self-description looked far from everything, so it was
refused. The gate here judges the *core* question (``question.core_question``) and asks two
things of the evidence:

1. similarity floor: the best evidence sentence is close enough to the core (the measured bars
   of ``settings.min_score*``, lower when the question names a cluster, higher when it names
   something the corpus lacks);
2. the wanted thing is stated about the subject: for a typed question (``question.answer_type``:
   money, population, law (or a standard), person, named_person, contact, firm_names, recommended, forecast, opinion, agent, date,
   duration, count, percentage, place) some sentence of the retrieved passages must state that kind of thing (a
   currency amount or cost wording; an inhabitants figure; a legal reference with its number or a standard's
   ("ISO 14001"); a title and a name; a person's name by its form, "l'ing. Marta Bellandi", "M. Porter"; a firm's by its legal form, "Altea AB"; an e-mail,
   phone number or website; a recommendation worded as one; a target year or the future; a year; a number of the
   things counted; a %...; the assistant's own opinion, never) and be about the question's subject:
   in a passage that mentions one of the names the question names (corpus names typed in any
   case, e.g. "prato", "fedustria"), or, when it names none, close to the question itself
   (``settings.min_score_typed``). Open questions (definitions, procedures, lists, yes/no) need
   only the floor.

The decision comes with its reason, for logs and tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from os.path import commonprefix
from typing import Callable

from assistant.arithmetic import SEARCHED, Derivation, derive
from assistant.cards.compose import CARD_LINE
from assistant.events import OUTCOMES, events
from assistant.evidence import (Evidence, defines_any, field_value, numbers, passage_sentences, states_frequency, stems,
                                unit_key)
from assistant.guard import STOPWORDS, NameVocabulary, names_in, out_of_corpus
from assistant.language import detect_language
from assistant.question import (DISTRIBUTIVE, answer_type, asked_head, asked_kind, asked_parts, asks_breakdown, name_keys,
                                named_thing, names_instance, partner_named, recipient, role_agent, roles_in, unit_kind_at,
                                unit_kinds, without_context)
from assistant.types import Passage
from imagine.calendar import DURATION_UNITS, MONTHS
from imagine.geography import COUNTRIES, find_countries
from imagine.text import (EMAIL_ADDRESS, PREFIX, WEB_ADDRESS, WORD3, alnum_words, count_of, edit_distance_at_most_one,
                          fold_word, tokenize)


@dataclass
class Answerability:
    ok: bool
    reason: str
    wanted: str = "open"


_CURRENCY = re.compile(r"€|\$|£|\b(euros?|eur|dollar\w*|sterlin\w*|milion[ei] di|million)\b")
_COST = re.compile(
    r"\b(cost[oi]|costs?|costa|prezz\w*|prices?|tariff\w*|fees?|budget|finanziament\w*|finanziat\w*|funding|funded|"
    r"investiment\w*|investit\w*|investment\w*|spes[ae]|fatturato|turnover|revenues?|ricavi|incentiv[oi]|sovvenzion\w*|"
    r"subsid\w*|grants?|contribut[oi] (pubblic|economic|finanziar)\w*|agevolazion\w*|gratuit\w*|free of charge|"
    r"salar\w*|stipend\w*|wages?|pil|gdp)\b"
)
_POPULATION = re.compile(r"\b(abitanti|inhabitants|population|popolazione|residenti|residents)\b")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b|\b(" + "|".join(m for m in MONTHS if m != "may") + r")\b")  # "may": a verb too
# a card's line giving a count ("Numero di addetti / Workers: 1500"): its figure is no year
_COUNT_LINE = re.compile(rf"/ (?:{'|'.join(CARD_LINE[f] for f in ('enterprises', 'workers'))}):", re.IGNORECASE)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*\s*")  # a figure, and the space before its unit
_TIME_UNIT = re.compile(r"\b\d+(?:[.,]\d+)?\s*(" + "|".join(DURATION_UNITS) + r")\b")
_ORDINAL_TIME = re.compile(r"\b(prim|second|terz|quart|quint|sest|first|second|third|fourth|fifth)\w* (anno|mese|year|month)")
# a legal reference with its number: "art. 5", "Regolamento (CE) n. 1221/2009", "Directive 2008/98/EC", "legge 244/2007"
_LAW = re.compile(r"\b(art(icol[oi]|icles?)?\.?\s*\d+|"
                  r"(legge|law|decreto|decree|d\.?\s?lgs|dlgs|regolamento|regulation|direttiva|directive|act)\b"
                  r"[^;\n]{0,40}?\d+\s*/\s*\d+)")
# a law named by its acronym ("la normativa sul REACH", "the WEEE directive"): what it is called answers "which
# regulation?" as its number would, unless the question names it already ("which regulation governs EMAS?") or asks
# the number
_NAMED_LAW = re.compile(r"\b(?:legge|law|decreto|decree|regolamento|regulation|direttiva|directive|normativa|norma)\s+"
                        r"(?:(?:sul|sulla|sui|sulle|del|della|dei|delle|on|on the|of the)\s+)?([A-Z][A-Z0-9]{2,})\b"
                        r"|\b([A-Z][A-Z0-9]{2,})\s+(?:regulation|directive|law)\b", re.IGNORECASE)
# a technical standard by its reference: what "quale norma / which standard" is answered by ("conformi all'ISO 14001",
# "OHSAS 18001", "UNI EN ISO 9001")
_STANDARD = re.compile(r"\b(?:ISO|EN|UNI|OHSAS|BS|SA|IEC)\s?\d{3,5}\b")
_PERCENT = re.compile(r"%|\b(per ?cento|percent\w*|percentual\w*)\b")
# Titles of people, each with its other-language forms (folded stems): "presidente" is not said
# of anyone in a sentence that only names an organisation.
_TITLES = [("presiden",), ("diret", "director"), ("sindac", "mayor"), ("ceo", "amministratore delegato"),
           ("ministr",), ("fondator", "founder"), ("chair",), ("manager", "responsabil")]
# What lies ahead: a target year ("entro il 2015", "by 2020"), the future, the coming years
_AHEAD = re.compile(r"\b(entro il|by|entro)\s+(1[5-9]\d\d|20\d\d)\b|\b(futur\w*|prossim\w+ (anni|mesi)|coming years|next years)\b")
# A recommendation, worded as one (the corpus words none)
_RECOMMENDS = re.compile(r"\b(consigli\w*|raccomand\w*|recommend\w*|suggest\w*|suggeri\w*|advis\w*)\b")
# A firm's name by its legal form ("Altea AB", "Rossi S.p.A.")
_FIRM_NAME = re.compile(r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s+(?:AB|GmbH|AG|KG|S\.?p\.?A\.?|S\.?r\.?l\.?|S\.?n\.?c\.?|Ltd\.?|"
                        r"Limited|Inc\.?|Corp\.?|plc|SA|NV|BV|Oy|A/S|ApS|SL|SAS|SARL)(?![\w])")
# A person's name by its form: an honorific or title before a capitalised name ("l'ing. Marta Bellandi", "Dr Smith"),
# or an initial and a surname ("M. Porter", "M.Porter"); an organisation's name has neither
_PERSON_NAME = re.compile(r"\b(?:ing|dott|dr|prof|avv|arch|sig|sig\.ra|mr|mrs|ms|dott\.ssa)\.?\s+[A-ZÀ-Ý][a-zà-ÿ]+|"
                          r"\b[A-Z]\.\s?[A-Z][a-zà-ÿ]{2,}")
# An author cited by year: "Marshall (1890)", "(Porter, 1991)"
_CITED_AUTHOR = re.compile(r"\b[A-Z][a-zà-ÿ]{2,}\s*\((?:1[5-9]|20)\d\d\)|\([A-Z][\w. ]*?[a-z]{2,},\s*(?:1[5-9]|20)\d\d\)")
# the agent of a passive, Italian ("riconoscimento di parte terza (da parte cioè di un soggetto terzo …)", "verifica da
# parte del verificatore"): whoever it names does what is asked
_PASSIVE_AGENT = re.compile(r"\bda parte (?:\w+ )?(?:di|del|dello|della|dell|dei|degli|delle)\b")
# A way to reach someone, by medium: what a sentence states (an e-mail address, a phone number, a website, a street
# address) and the words a question asks for it by (folded). A question naming no medium ("contatti", "how can I reach
# them?") is answered by any; one asking a phone or an e-mail is not answered by a website
_MEDIA = {
    "email": (EMAIL_ADDRESS, re.compile(r"\be-?mail|\bpec\b|posta elettronica")),
    "phone": (re.compile(r"\b(?:tel|telefono|phone)\b\.?:?\s*\+?\d[\d\s/.-]{5,}", re.IGNORECASE),
              re.compile(r"\btelefon\w*|\bphone|cellulare|chiamarl\w*|\bcall (?:them|him|her)\b")),
    "web": (WEB_ADDRESS,
            re.compile(r"\bweb\b|websites?|homepage|\burl\b|\bsit[oi]\b|internet|\bonline\b")),
    "post": (re.compile(r"\b(?:via|viale|piazza|corso|street|road|avenue|rue|strasse|straße|calle|rua)\s+[^\d,;]{2,40}?\d+|"
                        r"\b\d{4,5}\s+[A-Z][a-z]+", re.IGNORECASE),
             re.compile(r"\b(?:address|indirizz\w*)\b(?<!(?:mail|.web|.pec) address)(?! (?:e-?mail|mail|web|internet|pec|"
                        r"del sito|di posta))|\bsede\b")),  # (an address not of an e-mail or a website: "il suo indirizzo")
}


def _contact_stated(sentence: str, core: str) -> bool:
    """Whether the sentence states a way to reach someone by a medium the question asks for (any, when it names
    none): "Creamoda's phone number or email" is not answered by "Website: www.belgianfashion.be"."""
    question = fold_word(core)
    asked = [medium for medium, (_, wording) in _MEDIA.items() if wording.search(question)]
    return any(stated.search(sentence) for medium, (stated, _) in _MEDIA.items() if not asked or medium in asked)


# What a count counts, in both languages (folded stems): "how many employees" is not answered
# by "600 imprese". Nouns not listed match by a shared 5-letter prefix.
_COUNTED = [
    ("addett", "lavorat", "dipendent", "employ", "worker", "staff", "occupat", "personal"),
    ("impres", "aziend", "compan", "firm", "enterpris", "member", "membri", "ditt", "organizzazion", "organi"),
    ("tonnellat", "tonne", "tons", "ton "),
    ("acqua", "idric", "water"),
    ("energ", "kwh", "mwh", "elettric"),
    ("co2", "carbon", "anidride", "emission", "emissio", "impronta", "footprint"),
    ("rifiut", "waste"),
    ("ettar", "hectar", "kmq", "km2", "mq", "m2", "area", "superfic", "surface"),
    ("azion", "action"),
    ("cluster", "distrett", "district"),
    ("network", "rete", "reti"),
    ("anni", "years", "anno"),
    ("litr", "liter", "litre"),
    ("kilogr", "chilogr", "kg"),
    ("kilomet", "chilomet", "km"),
    ("metri cubi", "m3", "cubic"),
]
# "quanti attestati", "quante province": the plural interrogative agrees with the noun it counts ("quanto inquinano"
# is no count of a noun)
_ITALIAN_COUNT = re.compile(r"\b(?:quanti|quante) ([a-z]{4,})")
_NOT_REPORTED = re.compile(r"\b(non riportat\w*|not reported|non disponibil\w*|not available)\b")
_NUMBER_WORD = re.compile(r"\b(due|tre|quattro|cinque|sei|sette|otto|nove|dieci|dodici|venti|cento|mille|two|three|four|"
                          r"five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|dozen)\b")
_COUNT_HEADS = r"quant[aeio]|how many|how much|numero di|number of"
_COUNT_HEAD = re.compile(rf"\b(?:{_COUNT_HEADS}|di quanto|by how much)\s+((?:\w+\s+){{0,3}})")
_COUNT_WORDS = re.compile(rf"\b(?:{_COUNT_HEADS})\b")  # the heads alone, each one (see _counted_further)
_FILLER = {"of", "del", "dello", "degli", "di", "del", "della", "dei", "delle", "the", "of", "are", "is", "sono", "ci", "there", "does", "do", "did",
           "ha", "hanno", "a", "an", "in", "le", "la", "il", "i", "gli", "lo", "l"}


# where the counted phrase ends ("litres of water *per* kilo", "firms *and* workers"); a distributive ends it before it
# starts: "quali settori avevano più cluster e quanti ciascuno?" counts the clusters named before
_PHRASE_END = {"per", "and", "e", "ed", "or", "o", "does", "do", "did", "has", "have", "ha", "hanno", "is", "are", "sono",
               "in", "at", "nel", "nella", "a", "al", "con", "with", "che", "that", "which", "to", "from", "by", "for", "da",
               "su"} | DISTRIBUTIVE

_MEASURED = re.compile(r"\b(footprint|impronta|emission\w*|emissioni|consum[io]|consumption|consuman[oa]|consuma|tasso|rate)\b")


def _counted(core: str) -> list[str]:
    """The noun a count question counts ("quanti *addetti*", "how many *employees*"), or the
    measure it asks ("carbon *footprint*"), folded."""
    m = _COUNT_HEAD.search(fold_word(core))
    if not m:
        measure = _MEASURED.search(fold_word(core))
        return [measure.group(1)] if measure else []
    text = fold_word(core)
    after = re.findall(r"[a-z0-9]+", text[m.end(1) - len(m.group(1)):])
    words = []
    for w in after:
        if w in _PHRASE_END or len(words) == 3:
            break
        if w not in _FILLER:
            words.append(w)
    if not words:
        # "quante sono in tutto *le azioni*?", "delle *azioni* del progetto: quante sono?": no noun right after the head;
        # the nearest noun of a known kind after it (a few words on), else before it
        before = re.findall(r"[a-z0-9]+", text[: m.start()])
        noun = lambda w: len(w) >= 4 and w not in _FILLER and w not in _PHRASE_END and _group_of(w, _COUNTED)  # noqa: E731
        known = [w for w in after[:6] if noun(w)]
        if not m.group(0).startswith(("di quanto", "by how much")):
            # (a degree of change counts what changes, after its verb: "di quanto ha ridotto l'inquinamento?" does not
            # count the district named before it)
            known = known or [w for w in reversed(before) if noun(w)]
        words = known[:1]
    return words


# a superlative of quantity and the noun it ranks by: "in quale paese hanno fatto *più network*?", "the *most networks*"
_MOST_OF = re.compile(r"\b(?:piu|most|maggior numero di|(?:the )?(?:largest|highest|greatest) number of)\s+([a-z0-9]+)")


def counted_unit(core: str) -> str:
    """What a count question counts, as the first stem of its ``_COUNTED`` group ("addett" for "quanti
    dipendenti", "tonnellat" for "how many tonnes"), or, asking none, what a superlative ranks by ("in quale paese più
    network?"); "" when it counts nothing or a noun we cannot place."""
    words = _counted(core) or [m.group(1) for m in _MOST_OF.finditer(fold_word(core))][:1]
    group = _group_of(words[0], _COUNTED) if words else None
    return group[0].strip() if group else ""


def counted_group(word: str) -> tuple[str, ...] | None:
    """The group of ``_COUNTED`` a (folded) noun belongs to ("companies" -> firms), or None."""
    return _group_of(word, _COUNTED)


def _group_of(word: str, groups) -> tuple[str, ...] | None:
    if len(word) < 3:  # "to" is no prefix of "tonnellat"
        return None
    # a word that begins a stem is that stem cut short ("impr" for "impres"), from 4 letters on: "was" is no "waste";
    # a word that parts from a stem after six letters shares its stem ("employment", "employe"), not one parting
    # sooner ("comparto" is no "compan")
    return next((g for g in groups if any(word.startswith(stem) or len(word) >= 4
                                          and len(commonprefix([word, stem])) >= min(len(word), len(stem), 6)
                                          for stem in (s.strip() for s in g))), None)


def _mentions(sentence: str, word: str, groups) -> bool:
    text = fold_word(sentence)
    group = _group_of(word, groups)
    if group is not None:
        return any(s in text for s in group)
    return word[:5] in text


COUNT_NEAR = 4  # words between a figure and what it counts: "un network di 36 imprese", "Enterprises: 90"


def _counts(sentence: str, group: tuple[str, ...]) -> bool:
    """Whether a figure of the sentence counts the thing asked (by its ``group`` of stems, see :func:`_group_of`): one
    within :data:`COUNT_NEAR` words of a mention of it. "sono stati creati due strumenti: Legescan … dell'azienda"
    counts tools, not firms."""
    tokens = alnum_words(sentence)
    figures = [n for n, t in enumerate(tokens) if any(c.isdigit() for c in t) or _NUMBER_WORD.fullmatch(t)]
    things = [n for n, t in enumerate(tokens) if any(s.strip() in t for s in group)]
    return any(abs(f - t) <= COUNT_NEAR for f in figures for t in things)


@lru_cache(maxsize=256)
def _counting_part(core: str) -> str:
    """The asked part of ``core`` (``question.asked_parts``) that asks how many of a noun it names, or ``core`` when
    none does: the events and nouns of another part ("… e a che certificazione di prodotto puntano?") are not what is
    counted, but a part counting the noun of the part before ("quali settori avevano più cluster e quanti ciascuno?")
    is read with it."""
    return next((part for part in asked_parts(core) if _COUNT_HEAD.search(fold_word(part)) and _counted(part)), core)


def _of_asked_event(core: str, sentence: str) -> bool:
    """Whether the sentence words an event the question asks of (``assistant.events``), when the question words one."""
    asked = _asked_events(core)
    return not asked or bool(asked & events(sentence))


@lru_cache(maxsize=256)
def _asked_events(core: str) -> frozenset[str]:
    """The events a question words, read once per question, not once per sentence the gate checks."""
    return frozenset(events(core))


def states(wanted: str, sentence: str, core: str, first_word: bool = False) -> bool:
    """Whether a sentence states the kind of thing ``wanted`` (see the module doc). ``first_word``:
    a capitalised first word counts as a name (an answer sentence: "Creamoda coordinates ...")."""
    text = fold_word(sentence)
    asked = numbers(core)
    new_numbers = numbers(sentence) - asked
    if wanted == "money":
        # an amount, or cost wording with a figure, or the very cost word asked ("incentivi")
        asked_words = {m.group()[:5] for m in _COST.finditer(fold_word(core))}
        said = [m.group() for m in _COST.finditer(text)]
        return bool((_CURRENCY.search(text) or said) and new_numbers) or any(w[:5] in asked_words for w in said)
    if wanted == "population":
        return bool(_POPULATION.search(text))
    if wanted == "percentage":
        # of the event asked, when we know its words, as a date is: "what percentage of the firms are EMAS registered?"
        # is not answered by "una riduzione del 60% dell'inquinamento"
        return bool(_PERCENT.search(text)) and _of_asked_event(core, sentence)
    if wanted == "law":
        named = {m.group(1) or m.group(2) for m in _NAMED_LAW.finditer(sentence)}
        asked = alnum_words(fold_word(core))
        named = {n for n in named if n.isupper() and fold_word(n) not in asked}
        return (bool(_LAW.search(text)) or bool(named) and not {"numero", "number"} & set(asked)  # its number asked
                or bool(_STANDARD.search(sentence)))
    if wanted == "date":  # a year or month, or a time relative to an event ("al terzo anno", "after 3 years")
        dated = bool(_YEAR.search(text) and not _COUNT_LINE.search(text) or _TIME_UNIT.search(text)
                     or _ORDINAL_TIME.search(text))
        # of the event asked, when we know its words: "when did X obtain EMAS registration?" is not
        # answered by the year X's companies met, nor by "in textiles for 150 years"
        return dated and _of_asked_event(core, sentence)
    if wanted == "frequency":
        return states_frequency(sentence)
    if wanted == "measure":  # a figure in a unit of measure of the kind asked: "12.000 tonnellate", "3,5 kWh"
        asked = unit_kinds(fold_word(core))
        return any((kind := unit_kind_at(text, m.end())) is not None and (not asked or kind in asked)
                   for m in _FIGURE.finditer(text))
    if wanted == "duration":  # "3 anni", or a time counted from an event: "al terzo anno dalla certificazione"; of the
        # event asked, as a date is ("quanto dura la registrazione?" is not answered by "specializzata da oltre 150 anni")
        return bool(_TIME_UNIT.search(text) or _ORDINAL_TIME.search(text)) and _of_asked_event(core, sentence)
    if wanted == "person":
        title = next((t for t in _TITLES if any(s in fold_word(core) for s in t)), None)
        return title is not None and any(s in text for s in title) and bool(_new_names(sentence, core, first_word))
    if wanted == "named_person":  # a person asked as such ("la persona che coordina"): a person's name, by its form
        return bool(_PERSON_NAME.search(sentence))
    if wanted == "contact":
        return _contact_stated(sentence, core)
    if wanted == "opinion":  # the assistant's own opinion: no document states it
        return False
    if wanted == "forecast":  # a sentence on what lies ahead: a target year, the future
        return bool(_AHEAD.search(text))
    if wanted == "recommended":  # a recommendation, worded as one
        return bool(_RECOMMENDS.search(text))
    if wanted == "firm_names":  # a firm's name, by its legal form: "Altea AB", "… GmbH", "… S.p.A."
        return bool(_FIRM_NAME.search(sentence))
    if wanted == "agent":
        asked = {role for role, _ in roles_in(alnum_words(core))}
        tokens = [fold_word(t) for t in re.findall(r"[^\W_]+", sentence.replace("’", " ").replace("'", " "))]
        if not asked:
            # "who evaluates …", "chi li ha messi in piedi?": the answer may be a description ("un soggetto terzo"),
            # not a name, but it gives someone a role ("supportato da … Altea AB"), of any kind, or names a person
            # ("M. Porter", an author cited by year: "Già con Marshall (1890) …"); a card's empty field ("Soggetto
            # coordinatore: non riportato") gives no one a role
            return bool(roles_in(tokens) or _PERSON_NAME.search(sentence) or _CITED_AUTHOR.search(sentence)
                        or _PASSIVE_AGENT.search(text)) and not _NOT_REPORTED.search(text)
        # the sentence words the asked role, and does not give it to a name the question already holds
        known = {fold_word(w)[:5] for w in WORD3.findall(core)}
        names = name_keys(sentence)
        return any(role in asked and _role_stated(role, tokens, at, names, known) for role, at in roles_in(tokens))
    if wanted == "place":
        return bool(_new_names(sentence, core, first_word))
    if wanted == "name":  # what something is called: a name, next to the thing when the sentence mentions it
        mentions, named = names_thing(sentence, core, first_word)
        return named and (mentions or _named_anywhere(core))
    if wanted == "count":
        core = _counting_part(core)  # "quante LCA sono state fatte … e a che certificazione puntano?": what the count asks
    if wanted == "count" and _NOT_REPORTED.search(text):
        counted = _counted(core)
        # "Workers: not reported" answers "how many workers", not "how many firms obtained the registration": a count
        # of the things an event happened to is not the card's total
        return bool(counted) and _mentions(sentence, counted[0], _COUNTED) and events(core) <= events(sentence)
    if wanted == "count":
        if not new_numbers and not _NUMBER_WORD.search(text):
            return False
        # what is counted must be named near the figure when we know its words ("addetti" for
        # "employees"; "litres of water": both); a noun we cannot translate ("phases" / "fasi") is not required
        # a count of the firms an outcome happened to ("quante imprese sono registrate EMAS o certificate ISO?") is not
        # the card's count of members ("Enterprises: 600"): the figure must come with that outcome (a certification
        # is no EMAS registration)
        # a noun of no group is required when the question is in the corpus's language (Italian) and names it right
        # after "quanti/quante" (``_ITALIAN_COUNT``): the sentence words it as asked ("quanti attestati APO …" is not
        # answered by "4 criteri")
        named = _ITALIAN_COUNT.search(fold_word(core))  # (the language detected only when it may matter: per sentence)
        named = named if named is not None and detect_language(core) == "it" else None
        return (all((group := _group_of(w, _COUNTED)) is None or _counts(sentence, group) for w in _counted(core))
                and (named is None or named.group(1) in STOPWORDS | _PHRASE_END or _group_of(named.group(1), _COUNTED) is not None
                     or named.group(1)[:5] in text)
                and events(core) & OUTCOMES <= events(sentence))
    return True


NAME_WINDOW = 4  # words between a thing and its name: "la società di consulenza svedese “Altea AB”", "NICE è un'iniziativa"
_NAME_JOIN = re.compile(r"^(?:\s+|\s+(?:di|del|della|dello|dei|degli|delle|de|du|des|of|the|for|and|&)\s+)$", re.IGNORECASE)


def names_thing(sentence: str, core: str, first_word: bool = False) -> tuple[bool, bool]:
    """Whether a sentence mentions the thing a "what is it called" question asks about (``named_thing``: every word of
    it, by stem), and whether it names it: a name within :data:`NAME_WINDOW` words of the thing, or anywhere when the
    sentence does not mention it ("NICE è un'iniziativa …" may answer "what is the initiative called?" asked in
    English). A name is a run of capitalised words ("Comitato di Coordinamento"); one with a word of the question is
    the question's own (the committee of "coordinamento" is no name of the "coordinatore centrale" asked), and card
    field labels are no names. "… è nominato un coordinatore centrale responsabile del coordinamento …" mentions the
    coordinator and names nobody."""
    thing = [w[:PREFIX] for w in named_thing(core).split()]
    value = field_value(sentence)
    offset = len(sentence) - len(value)
    tokens = list(WORD3.finditer(sentence))
    stems_at = [fold_word(t.group())[:PREFIX] for t in tokens]
    mentions = bool(thing) and all(w in stems_at for w in thing)
    said = {n for n in names_in((", " if first_word else "") + value, line_starts=True)}
    asked = {fold_word(w)[:PREFIX] for w in WORD3.findall(core)}
    runs: list[list[int]] = []  # runs of name words, by token index
    for i, t in enumerate(tokens):
        if t.start() < offset or t.group() not in said:
            continue
        if runs and runs[-1][-1] == i - 1 and _NAME_JOIN.match(sentence[tokens[i - 1].end():t.start()]):
            runs[-1].append(i)
        else:
            runs.append([i])
    new = [run for run in runs if not any(stems_at[i] in asked for i in run)]
    if not mentions:
        return False, bool(new)
    at = [i for i, w in enumerate(stems_at) if w == thing[0]]
    return True, any(min(abs(i - j) for i in run for j in at) <= NAME_WINDOW for run in new)


def _role_stated(role: str, tokens: list[str], at: int, names: set[str], known: set[str]) -> bool:
    """Whether the role word at ``at`` gives its role to someone the question does not already hold: a name, or for
    acting roles an unnamed description ("un soggetto terzo"); whom something is sent to only by a name after
    "a/al/to", never one merely described."""
    if role == "receives":
        agent = recipient(tokens, at, names)
        return agent is not None and not set(agent) <= known
    if role == "partners" and (agent := partner_named(tokens, at, names)) is not None:
        return not set(agent) <= known  # "in collaborazione con Essencia": the partner is the one after "con"
    agent = role_agent(tokens, at, names)
    return bool(agent) and not set(agent) <= known or agent == () and role not in _BY_NAME


# roles stated only with a name: "collaborato con uno dei partner del progetto" names no partner
_BY_NAME = {"partners"}


def answers_part(part: str, unit: str) -> int:
    """Whether ``unit`` states the kind of thing one asked part wants ("quante azioni …" -> a number of
    actions; "quale azione …" -> an action named, :func:`assistant.question.names_instance`); for another open part, no
    unit is singled out. The evidence scorer quotes such a unit for the part. A part
    counting several things ("how many clusters, across how many regions") is answered better by a unit counting more
    of them: the result is how many it counts (0 when not the first)."""
    wanted = answer_type(part)
    if wanted == "count" and (counted := _counted(part)):  # a number of the very thing counted: "le 6 azioni"
        if not counts(unit, counted[0]):
            return 0
        return 1 + sum(counts(unit, noun) for noun in _counted_further(part))
    if wanted == "open" and (kind := asked_kind(part)):  # "… e quale azione si occupa della diffusione?": "l'azione 5"
        return int(names_instance(unit, kind))
    return int(wanted not in ("open", "yesno") and states(wanted, unit, part))


def _counted_further(part: str) -> list[str]:
    """The nouns counted after the first count head of ``part`` ("… across how many *regions*"), folded."""
    text = fold_word(part)
    out = []
    for m in list(_COUNT_WORDS.finditer(text))[1:]:
        noun = next((w for w in re.findall(r"[a-z0-9]+", text[m.end():])[:4] if w not in _FILLER), None)
        if noun and noun not in _PHRASE_END and noun not in out:
            out.append(noun)
    return out


def about_named(ranked: list[Evidence], retrieved: list[Passage], clusters: list[str], core: str,
                names: Callable[[str, str], bool] | None = None, corrected: tuple[str, ...] = ()) -> list[Evidence]:
    """For a question that names clusters, the evidence that can be about them: units of passages of those
    clusters, of passages about no cluster (the report's own text), and units that name one of them (``names(text,
    cluster)``, the catalog's; by default the full name); any other unit of another cluster's card or card section
    speaks of that cluster ("founded in 2006" on the Extremadura card does not answer "when was Pannon set up?").
    Unchanged when no ranked unit comes from a named cluster's passages (then nothing about them was found), and
    when the question also points at a country none of them is in ("santa croce … quel cluster spagnolo"): it
    asks about another cluster too; not when the card has corrected that country as a false premise (``corrected``:
    "Pannon, quello polacco, in quale regione opera?" asks about Pannon, in Hungary). A unit of another card that
    the report's own text also holds (the pilot cards quote the report's introduction) is kept as the report's."""
    named = set(clusters)
    meta = [retrieved[e.passage].metadata for e in ranked]
    if not named or not any(m.get("cluster") in named for m in meta):
        return ranked
    theirs = {m.get("country") for m in meta if m.get("cluster") in named}
    if set(find_countries(core)) - theirs - set(corrected):
        return ranked
    names = names or (lambda text, cluster: fold_word(cluster) in fold_word(text))
    report = {unit_key(u): (j, u) for j, p in enumerate(retrieved) if not p.metadata.get("cluster")
              for u in passage_sentences(p.text)}
    out = []
    for e, m in zip(ranked, meta):
        if not m.get("cluster") or m.get("cluster") in named or any(names(e.text, c) for c in named):
            out.append(e)
        elif (held := report.get(unit_key(e.text))) and held[1] not in {o.text for o in out}:
            # the report's own sentence, which another cluster's card quotes: the report says it, of no cluster
            out.append(replace(e, passage=held[0], text=held[1]))
    return out


def each_cluster(ranked: list[Evidence], retrieved: list[Passage], clusters: list[str], core: str) -> list[Evidence]:
    """A question about several named clusters ("tra ACLIMA, Plaine de l'Ain e Pannon chi è nato prima?") asks
    the same thing of each: the best unit of each cluster's passages (one that states the kind of answer wanted,
    if any does) is marked as answering a part, so each cluster gets its quote. Unchanged for fewer than two."""
    if len(clusters) < 2:
        return ranked
    wanted = answer_type(core)
    out = list(ranked)
    for cluster in clusters:
        own = [n for n, e in enumerate(out) if retrieved[e.passage].metadata.get("cluster") == cluster]
        if not own or any(out[n].answers_part for n in own):
            continue
        stating = [n for n in own if wanted not in ("open", "yesno") and states(wanted, out[n].text, core)]
        n = (stating or own)[0]
        out[n] = replace(out[n], answers_part=True)
    return out


def counts(unit: str, noun: str) -> bool:
    """Whether ``unit`` gives a number of ``noun`` (folded): the number just before it ("6 azioni", "six actions",
    "1.307 cluster"), or before a word of its group ("400 imprese" for "companies"), or after a card field's label
    that names it ("Numero di imprese / Enterprises: 21")."""
    group = _group_of(noun, _COUNTED) or (noun,)
    stems = {g.strip()[:PREFIX] for g in group} | {noun[:PREFIX]}
    names_it = lambda words: any(w.text[:PREFIX] in stems for w in words if w.number is None)  # noqa: E731
    tokens = tokenize(unit)
    if any(count_of(t) is not None and names_it(tokens[i + 1: i + 3]) for i, t in enumerate(tokens)):
        return True
    # a card field line gives the number after its label: "Numero di imprese / Enterprises: 21"
    value = field_value(unit)
    given = tokenize(value)[:1]
    label = unit[: len(unit) - len(value)]
    return bool(label) and bool(given) and count_of(given[0]) is not None and names_it(tokenize(label))


def _new_names(sentence: str, core: str, first_word: bool = False) -> list[str]:
    asked = {fold_word(w)[:5] for w in WORD3.findall(core)}
    return [n for n in names_in((", " if first_word else "") + sentence, line_starts=True) if fold_word(n)[:5] not in asked]


# English words the Italian report capitalises only inside organisation names ("Made Green in
# Europe", "Chemical Triangle"): typed in a question they are words, not a subject.
_COMMON = {"made", "green", "city", "group", "found", "goods", "national", "nature", "natural", "institute", "information",
           "technology", "technologies", "chemical", "clothing", "leather", "footwear", "manufacturers", "association",
           "centre", "center", "commission", "confederation", "government", "united", "kingdom", "triangle", "mixed",
           "advanced", "sustainable", "italian", "italy", "italia", "europe", "european", "textile", "textiles", "fashion",
           "industry", "industrial", "cluster", "north", "west", "region"}


_COMMON_KEYS = {w[:5] for w in _COMMON}


# a name the question sets aside ("replicated outside Sweden", "fuori dalla Svezia", "tranne Prato"): what it asks
# about lies elsewhere
_EXCLUDED = re.compile(r"\b(?:outside(?:\s+of)?|(?:al\s+di\s+)?fuori(?:\s+d[aei]\w*)?|except(?:\s+for)?|tranne|eccetto|"
                       r"other\s+than|apart\s+from|excluding|escludendo)\s+(?:the\s+|il\s+|la\s+|l'|l’)?[^\W\d_]+",
                       re.IGNORECASE)


# a closing clause naming the model the question compares its subject with ("which consultancy supported Prato, *the way
# Altea AB supported Hackefors*", "…, come ha fatto Vreten"): what it asks about is the subject before it
_MODEL_CLAUSE = re.compile(r",\s*(?:just\s+|exactly\s+|in\s+the\s+same\s+way\s+)?(?:the\s+way|as|like|(?:così\s+|cosi\s+|"
                           r"proprio\s+)?come|allo\s+stesso\s+modo\s+(?:in\s+cui|di))\s+[^,?]*[.?!]?\s*$", re.IGNORECASE)


def subject_names(core: str, corpus_names: set[str]) -> set[str]:
    """The names a question is about, as 5-letter folded prefixes: corpus names typed in any case (not an everyday word
    that only shares a name's first letters, "extra" of "Extramadura": see ``NameVocabulary.names``).
    The context names ``core_question`` appends in brackets are not the subject, nor one the question sets aside
    (``_EXCLUDED``), nor those of a closing clause naming the model it compares with (``_MODEL_CLAUSE``), unless
    nothing else is named."""
    core = _EXCLUDED.sub(" ", without_context(core))
    main = _MODEL_CLAUSE.sub(" ", core)
    names = corpus_names.names if isinstance(corpus_names, NameVocabulary) else (lambda w: fold_word(w)[:5] in corpus_names)
    core = main if any(names(w) for w in WORD3.findall(main)) else core
    return {fold_word(w)[:5] for w in WORD3.findall(core) if names(w) and fold_word(w)[:5] not in _COMMON_KEYS}


def _about(passage: Passage, sentence: str, subject: set[str]) -> bool:
    """Whether a passage (or a sentence of it) names the subject; a country in either language ("denmark" asked, the
    passage's "Danimarca (5)")."""
    named = passage.text + " " + str(passage.metadata.get("cluster", ""))
    words = {w[:5] for w in alnum_words(named + " " + sentence)}
    if subject & words:
        return True
    return bool(subject & (_country_keys(named) | _country_keys(sentence)))


@lru_cache(maxsize=512)
def _country_keys(text: str) -> frozenset[str]:
    """The 5-letter keys of every name, in either language, of the countries a text mentions: a passage is read once
    however many of its units the gate checks."""
    return frozenset(fold_word(w)[:5] for c in find_countries(text) for name in (c, *COUNTRIES[c]) for w in alnum_words(name))


_OPENING_ACRONYM = re.compile(r"^(?:[^:]{0,60}/[^:]{0,60}:\s*)?([A-Z][A-Z0-9³²]{1,9})\b")


def _of_another(sentence: str, subject: set[str]) -> bool:
    """Whether a sentence of the subject's passage is about another named thing: it opens with an acronym the
    subject is not ("SUSPRO³ started in 2009" in Fedustria's card dates the project, not Fedustria); one mistyped
    ("NCE è iniziato" in NICE's passage) is the subject."""
    m = _OPENING_ACRONYM.match(sentence.strip())
    if not m:
        return False
    said = fold_word(m.group(1))[:5]  # within one edit of the subject's name: the same name mistyped ("NCE" for NICE)
    return not any(edit_distance_at_most_one(said, s) for s in subject)


def _card_line(sentence: str, passage: Passage) -> str | None:
    """The cluster whose value a card's field line states ("Numero di addetti / Workers: 1500" in Hackefors' card),
    None for any other sentence."""
    cluster = passage.metadata.get("cluster")
    return cluster if cluster and field_value(sentence.strip()) != sentence.strip() else None


def _typed_part(parts: list[str], core: str, wanted: str) -> str:
    """The part of a several-part question (``parts``: its ``asked_parts``) that asks the ``wanted`` kind ("Quanti
    dipendenti ha Altea AB" in "Quanti dipendenti ha Altea AB e quanto costava la sua consulenza per ogni network
    Hackefors?"); the whole question ``core`` else."""
    return next((p for p in parts if answer_type(p) == wanted), core)


def _field_of_another(sentence: str, passage: Passage, part: str, corpus_names: set[str], names_its) -> bool:
    """Whether ``sentence`` is a card's field line stating its cluster's value while the asking ``part`` names
    something else of the corpus and not that cluster: Hackefors' card line "Numero di addetti / Workers: 1500" does
    not count the employees of Altea AB, the consultancy its card names. A part naming nothing (a follow-up's "e
    quanti addetti ha?") is asked of whatever the passages are about."""
    cluster = _card_line(sentence, passage)
    if names_its is None or cluster is None:
        return False
    return bool(subject_names(part, corpus_names)) and not names_its(part, cluster)


def _asks_of_earlier_part(parts: list[str], wanted: str, corpus_names: set[str]) -> bool:
    """Whether the part of a question (``parts``: its ``asked_parts``) asking the ``wanted`` kind comes after an open
    part and names no corpus name of its own ("Which Nordic initiative is linked to the Danish Fashion Institute, *and
    when did it start?*"): it asks about the thing the open part asks for, not about the cluster the question names."""
    return len(parts) > 1 and answer_type(parts[0]) == "open" and any(
        answer_type(p) == wanted and not subject_names(p, corpus_names) for p in parts[1:])


def _defined(core: str, ranked: list[Evidence]) -> Evidence | None:
    """The evidence unit that defines an acronym the question asks about ("cos'è l'APO?"), if any."""
    return next((e for e in ranked if defines_any(core, e.text)), None)


def _stated_at_top(core, wanted, ranked, retrieved, names_cluster, subject, best, settings) -> bool:
    """A typed question naming a cluster whose closest evidence sentence states the very thing asked
    (of the event asked) in a passage about that cluster: answerable under the plain floor, down to
    ``settings.min_score_named_stated``. An English question over an Italian sentence scores low
    ("When did the Vreten companies take part in the Agenda 21 meeting?" / "nel gennaio 1996", 0.32)."""
    if not names_cluster or wanted in ("open", "yesno", "agent") or best < settings.min_score_named_stated:
        return False
    # a card's field line that does not state the kind asked is passed over ("Workers: 5000", 0.320, above "I gruppi
    # lavorano incontrandosi circa ogni 3 settimane.", 0.318, for "ogni quanto si vedono?" about Vreten): its few words
    # match a short question by chance
    units = [e for e in ranked if not (0 <= e.passage < len(retrieved) and _card_line(e.text, retrieved[e.passage])
                                       and not states(wanted, e.text, core))]
    if not units:
        return False
    top = max(units, key=lambda e: e.similarity)
    if not subject or not 0 <= top.passage < len(retrieved) or top.similarity < settings.min_score_named_stated:
        return False
    return (_about(retrieved[top.passage], top.text, subject) and states(wanted, top.text, core)
            and not _of_another(top.text, subject))


def judge(core: str, ranked: list[Evidence], retrieved: list[Passage], *, names_cluster: bool, unknown: list[str],
          corpus_names: set[str], settings, context: list[str] | None = None,
          message_similarity: float | None = None, wanted: str | None = None,
          named: list[str] | None = None, referents: tuple[str, ...] = (),
          names_its: Callable[[str, str], bool] | None = None) -> Answerability:
    """Whether the evidence answers the core question, with the reason. ``context``: the clusters a
    follow-up turn is about, from the earlier turns ("e quanto è grande?" after a Gendorf turn): the
    subject when the core names none. ``message_similarity``: the best evidence sentence's cosine with the whole
    message, when the core dropped a self-description: the floor is judged on the closer of the two ("non siamo
    ancora in regola con le norme, c'era uno strumento per partire lo stesso?": what the question points back at is in
    the sentence before it). Measured on the dev splits: for out-of-corpus questions the message is never closer to the
    evidence than their core (within 0.005); for answerable ones wrapped in a description it is up to 0.16 closer.
    ``wanted``: the answer type when the caller knows it better than the question's wording (the card reading's).
    ``named``: the clusters the question names; their own passages are about the subject even when every word of
    the name is an everyday word ("the North West cluster"). ``referents``: a follow-up's, the acronyms the previous
    answer gave (``assistant.retrieve.answer_acronyms``): a sentence of the subject's passage opening with one of them
    is about what "that" points at ("when did that start?" after "NICE è un'iniziativa …": "NCE è iniziato … 2009").
    ``names_its(text, cluster)``: whether a text names that cluster (the catalog's); with it, a card's field line
    states its own cluster's value only (see :func:`_field_of_another`)."""
    wanted = wanted or answer_type(core)
    asked_about = subject_names(core, corpus_names)
    subject = asked_about or {fold_word(w)[:5] for n in context or [] for w in WORD3.findall(n)
                                                     if fold_word(w)[:5] in corpus_names and fold_word(w)[:5] not in _COMMON_KEYS}
    if not retrieved or not ranked:
        return Answerability(False, "nothing retrieved", wanted)
    best = max(e.similarity for e in ranked)
    if wanted == "open" and not unknown and (unit := _defined(core, ranked)) is not None:  # not "le PMI in Giappone"
        return Answerability(True, f"defines what is asked: {unit.text[:80]}", wanted)
    # a cluster known only from the asker's description ("piccola tintoria a Prato") lowers the bar for questions about
    # the corpus, not for one naming what the corpus lacks ("… does it get us OEKO-TEX certification?"), nor for one
    # that names no cluster in its own words: "we're a tannery in the Santa Croce area … what chromium discharge limits
    # does the district set for our wastewater?" asks about the district only through "our" (the brackets
    # ``core_question`` appends), so the plain floor holds
    asks_named = names_cluster and not (unknown and not asked_about) and not _described_only(core, asked_about, named,
                                                                                              names_its)
    if lacking := _asked_unknown(core, unknown, corpus_names):  # "the average *Higg* Index score of the DFI firms"
        return Answerability(False, f"asks for a thing the corpus never names: {', '.join(lacking)}", wanted)
    if out_of_corpus(max(best, message_similarity or 0.0), asks_named, unknown, settings, detect_language(core) == "en") and not _stated_at_top(core, wanted, ranked, retrieved, names_cluster,
                                                                                  subject, best, settings):
        why = "names a cluster" if names_cluster else f"names what the corpus lacks: {', '.join(unknown)}" if unknown else "plain"
        return Answerability(False, f"best evidence similarity {best:.3f} under the floor ({why})", wanted)
    if not _typed(wanted, core):
        return Answerability(True, f"{wanted} question, best evidence similarity {best:.3f}", wanted)
    if wanted == "name":
        return _name_stated(core, ranked, retrieved, subject, settings)
    if subject:
        pointed = subject | {fold_word(r)[:5] for r in referents} if not asked_about else subject
        # "which initiative is linked to X, and when did it start?": the typed part names nothing of its own, so what
        # it dates is what the part before it asks, which X's passage names ("NCE è iniziato … 2009")
        parts = asked_parts(core)
        earlier = _asks_of_earlier_part(parts, wanted, corpus_names)
        part = _typed_part(parts, core, wanted)
        for passage in retrieved:
            if not _about(passage, "", subject):
                continue
            for sentence in passage_sentences(passage.text):
                if _field_of_another(sentence, passage, part, corpus_names, names_its):
                    continue
                if states(wanted, sentence, core) and (earlier or not _of_another(sentence, pointed)):
                    return Answerability(True, f"{wanted} stated about {sorted(subject)}: {sentence[:80]}", wanted)
        # "what share of the fashion clusters in the Observatory's figures are textile?": computed from the subject's
        # sentence of figures ("84 di cui 47 del settore tessile …"), as below for a question with no subject
        if wanted in ("percentage", "count"):
            units = [e.text for e in ranked[:SEARCHED] if _about(retrieved[e.passage], e.text, subject)]
            if derived := _computed(core, units):
                return Answerability(True, f"{wanted} computed about {sorted(subject)} from: {derived.sentence[:80]}", wanted)
        return Answerability(False, f"no retrieved passage about {sorted(subject)} states the {wanted} asked", wanted)
    if named and not subject:  # a name of everyday words ("the North West cluster"): the passages of that cluster
        for passage in retrieved:
            if passage.metadata.get("cluster") in named and any(states(wanted, u, core) for u in passage_sentences(passage.text)):
                return Answerability(True, f"{wanted} stated in a passage of {passage.metadata.get('cluster')}", wanted)
    if wanted == "count":  # the top card states the field empty ("Workers: not reported"): that answers it (see states)
        for passage in retrieved[:2]:
            if any(_NOT_REPORTED.search(fold_word(u)) and states(wanted, u, core) for u in passage_sentences(passage.text)):
                return Answerability(True, "count field reported empty in the top card", wanted)
    for e in ranked:
        # (not a card's field line: it states its cluster's value, "Workers: 1500" answers no question about none,
        # "quanti dipendenti al massimo puo avere una PMI?")
        if (e.similarity >= settings.min_score_typed and states(wanted, e.text, core)
                and not (0 <= e.passage < len(retrieved) and _card_line(e.text, retrieved[e.passage]))):
            return Answerability(True, f"{wanted} stated ({e.similarity:.3f}): {e.text[:80]}", wanted)
    # "che percentuale sono del tessile?" of "84 di cui 47 del settore tessile …": computed from a quoted sentence on
    # figures the question names (a check that any sentence's parts add up names none: "sommando gli addetti …" is
    # no question about the fashion clusters' breakdown)
    if wanted in ("percentage", "count") and (derived := _computed(core, [e.text for e in ranked[:SEARCHED]])):
        return Answerability(True, f"{wanted} computed from: {derived.sentence[:80]}", wanted)
    if (stated := _each_part_stated(core, ranked, settings)) is not None:
        return Answerability(True, f"each asked part stated: {stated[:80]}", wanted)
    if wanted == "count" and (unit := _counts_what_is_asked(core, ranked, settings)) is not None:
        return Answerability(True, f"count of the very thing asked: {unit[:80]}", wanted)
    return Answerability(False, f"no evidence sentence within {settings.min_score_typed} states the {wanted} asked", wanted)


def _described_only(core: str, asked_about: set[str], named: list[str] | None,
                    names_its: Callable[[str, str], bool] | None) -> bool:
    """Whether the clusters a question is about come only from the asker's description: the core question names none
    of them in its own words, only in the context brackets :func:`assistant.question.core_question` appends."""
    own = without_context(core)
    if asked_about or own.strip() == core.strip():
        return False
    return names_its is None or not any(names_its(own, cluster) for cluster in named or ())


def _asked_unknown(core: str, unknown: list[str], corpus_names: set[str]) -> list[str]:
    """The names the corpus lacks inside the thing a copular question asks for (``question.asked_head``): "What is the
    average Higg Index score of the DFI firms?" names the cluster as whose the score is, but the score itself is of an
    index the documents never name, so nothing about the cluster answers it. A name within one letter of a corpus
    name is a typo of it ("Hackfors"), not a lack; nor is a word asking how a whole divides ("qual è la *ripartizione*
    per classe dimensionale delle imprese …?"): the parts it asks are named after it."""
    head = {fold_word(w)[:5] for w in asked_head(core)}
    return [u for u in unknown if fold_word(u)[:5] in head
            and not any(edit_distance_at_most_one(fold_word(u)[:5], name) for name in corpus_names)
            and not asks_breakdown(u)]


def _computed(core: str, units: list[str]) -> Derivation | None:
    """The figure the question asks, computed from the first of ``units`` holding the operands it names
    (:func:`assistant.arithmetic.derive`); None when none does, or when the only computation is a check that a
    sentence's parts add up, which names no operand of the question."""
    derived = derive(core, units)
    return derived if derived is not None and derived.named else None


def _name_stated(core: str, ranked: list[Evidence], retrieved: list[Passage], subject: set[str], settings) -> Answerability:
    """A "what is it called" question: the units about its subject (or, naming none, those close to it) that mention
    the thing asked must name it next to it (``names_thing``); when none mentions it, any of them that holds a new name
    may. A thing the documents mention and never name ("un coordinatore centrale") is not answered by another name in
    the same passage ("la società di consulenza svedese “Altea AB”")."""
    if subject:
        units = [u for p in retrieved if _about(p, "", subject) for u in passage_sentences(p.text)]
    else:
        units = [e.text for e in ranked if e.similarity >= settings.min_score_typed]
    said = [(u, *names_thing(u, core)) for u in units]
    mentioned = [s for s in said if s[1]]
    # an Italian question's thing is worded as the report words it: not mentioned, not named; an English one's may be
    # worded otherwise (``_named_anywhere``)
    unit = next((u for u, _, named in (mentioned or (said if _named_anywhere(core) else [])) if named), None)
    where = f"about {sorted(subject)}" if subject else f"within {settings.min_score_typed}"
    if unit is None and (stated := _each_part_stated(core, ranked, settings)) is not None:
        return Answerability(True, f"each asked part stated: {stated[:80]}", "name")  # "… e come si chiama il riconoscimento?"
    if unit is None:
        thing = named_thing(core)
        return Answerability(False, f"no unit {where} names the {thing or 'thing'} asked"
                             + (" (mentioned, never named)" if mentioned else ""), "name")
    return Answerability(True, f"name stated {where}: {unit[:80]}", "name")


def _named_anywhere(core: str) -> bool:
    """Whether a name anywhere in a unit that does not mention the thing asked may be its name: an English question's
    thing may be worded otherwise in the Italian text ("initiative" / "iniziativa"); a bare "come si chiama?" names no
    thing. An Italian question's thing is worded as the report words it."""
    return detect_language(core) == "en" or not named_thing(core)


def _typed(wanted: str, question: str) -> bool:
    """Whether the evidence must state the kind of thing asked: not for open and yes/no questions, nor for "chi è …"
    with no role asked, which any sentence states (see ``states``)."""
    return wanted not in ("open", "yesno") and not (wanted == "agent" and not roles_in(alnum_words(question)))


def _counts_what_is_asked(core: str, ranked: list[Evidence], settings) -> str | None:
    """A unit giving a number of the very thing a one-part count question in the corpus's language counts ("… le 6
    azioni che costituiscono il progetto" for "quante azioni ha in tutto il progetto imagine?"), close enough to be
    about it (``settings.min_score_named``, as each part of a question of several parts is judged by
    :func:`_each_part_stated`): such a unit is often a clause deep in a sentence about something else, so its
    similarity to the whole question is low. It must state the count as asked (:func:`states`: the outcome counted,
    the noun named) and write the noun counted as the question does (the stem shared); in English, with no word shared,
    the closest units must state it. None otherwise."""
    if len(asked_parts(core)) > 1 or detect_language(core) != "it":
        return None
    counted = {w[:PREFIX] for w in _counted(core)}
    unit = next((e for e in ranked if e.similarity >= settings.min_score_named and answers_part(core, e.text)
                 and states("count", e.text, core) and counted & stems(e.text)), None)
    return None if unit is None else unit.text


def _each_part_stated(core: str, ranked: list[Evidence], settings) -> str | None:
    """A question of several parts ("what is action 5 about, and how many actions are there?") whose typed parts are
    each stated by an evidence unit (a number of the very thing counted: "le 6 azioni"; see ``answers_part``) close
    enough to the question to be about it (``settings.min_score_named``), its open parts having passed the floor:
    the unit closest to the whole question need not state the type of one part. None when a typed part is not
    stated, or the question has one part."""
    parts = asked_parts(core)
    typed = [p for p in parts if _typed(answer_type(p), p)]
    if len(parts) < 2 or not typed:
        return None
    found = []
    for part in typed:
        # a part asked in the corpus's language shares a word with the unit that answers it: "in che data si è svolto il
        # seminario di Bruxelles?" is not answered by a date of another meeting ("nel gennaio 1996, ad un incontro …"); or a
        # number ("e la numero 5 come si chiama?" of "L'azione 5 “Replicability and Diffusion” …")
        own = stems(part) if detect_language(part) == "it" else set()  # (a part of no word of its own, "quante sono?": any)
        shared = (lambda text: bool(own & stems(text) or numbers(part) & numbers(text))) if own else (lambda text: True)
        unit = next((e for e in ranked if e.similarity >= settings.min_score_named and answers_part(part, e.text)
                     and shared(e.text)), None)
        if unit is None:
            return None
        found.append(unit.text)
    return " | ".join(found)
