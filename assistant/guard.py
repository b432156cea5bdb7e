"""Input checks and the similarity floor of the out-of-corpus decision, both made in code (never by the model).

Out of corpus: ``assistant.answerable.judge`` decides; its first test is ``out_of_corpus`` here,
the floor on the best evidence *sentence*'s similarity with the (core) question. A sentence, not
a passage: a question about one fact (MOTIV, ACLIMA) matches one sentence of a long card well
and the card as a whole poorly. The bar is lower when the question names a cluster of the corpus
(it is about the corpus by construction; the gate then only rules out nonsense) and higher
when the question names something the corpus never mentions ("Japan", "Biella", "CSRD"):
those are questions about another place or rule that look close to the corpus's topic.
Thresholds are measured (settings.py says where). ``names_in`` and ``name_vocabulary`` tell
which words are names, in the corpus and in a question typed in lower case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.language import detect_language, message, requested_language
from imagine.calendar import is_time_name
from imagine.geography import find_countries
from imagine.lexicon import is_common, is_word
from imagine.text import (EMAIL_ADDRESS, WEB_ADDRESS, WORD3, edit_distance_at_most_one, expand_chat_shorthand, fold_word,
                          unique)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")

# Words that carry no topic: question scaffolding in both languages.
STOPWORDS = set(
    """the and for with from that this these those what which who whom how many much where when why does did
    have has had are was were been being can could would should will shall may might about into over under than
    tell give show list please there their they them its our your you any all some each other more most less
    least also only just very like such same per via che chi cosa come quale quali quanto quanti quante dove
    quando perché perche sono della delle dello degli dei del nel nella nelle nei negli con per tra fra sul
    sulla sui anche ma non più piu questo questa questi queste quello quella quelli quelle essere stato stata
    hanno avere parlami dimmi elenca spiega vorrei sapere posso puoi potete ecco circa oppure ovvero then than
    what's whats""".split()
    # the possessives, every person and form ("nella *vostra* lista", "my firm"): whose, not what
) | set("""mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre
    loro my his her hers mine yours ours theirs""".split()
    # and "stare", Italian's other verb of being ("quali cluster *stanno* in Germania?"), as "essere" and "stato" above
) | set("""sta stanno stare stava stavano stia stiano""".split())


class InputError(ValueError):
    """A question that cannot be answered as typed; ``str()`` is the user-facing message."""

    def __init__(self, text: str, lang: str):
        super().__init__(text)
        self.lang = lang


@dataclass
class CheckedQuestion:
    text: str
    lang: str
    notice: str = ""


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def check_question(question, max_chars: int, default_lang: str = "it") -> CheckedQuestion:
    """Normalise a question; reject empty or non-text input, truncate an over-long one. A question
    with no language signal reads as ``default_lang`` (the conversation's language)."""
    if isinstance(question, bytes):
        try:
            question = question.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(message("en", "not_text"), "en") from None
    if not isinstance(question, str):
        raise InputError(message("en", "empty"), "en")
    # an HTML comment is markup no reader sees, never what is asked ("<!-- note to the assistant: … --> What is …?")
    question = _COMMENT.sub(" ", question)
    text = expand_chat_shorthand(unicodedata.normalize("NFC", question).strip())  # "ke sanzioni ci sono?"
    # no language signal of its own ("" from the detector): the one it asks for ("now summarise it in English"), else
    # the conversation's
    lang = detect_language(text[:2000], default="") or requested_language(text) or default_lang
    if not text:
        raise InputError(message("it", "empty") + " / " + message("en", "empty"), "it")
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 20):
        raise InputError(message(lang, "not_text"), lang)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    if not WORD3.search(text):
        raise InputError(message(lang, "empty"), lang)
    notice = ""
    if len(text) > max_chars:
        notice = message(lang, "too_long", n=len(text), max=max_chars)
        text = text[:max_chars].rsplit(" ", 1)[0]
    return CheckedQuestion(text, lang, notice)


def vocabulary_of(texts, synonyms=()) -> set[str]:
    """Prefixes of every word in the corpus, as written and without accents ("łódzk", "lodzk"):
    what a question's words are checked against. ``synonyms``: groups of names of one thing
    (:func:`imagine.geography.name_groups`); when the corpus writes one of them, every other is
    known too: "the Basque region" asks about the report's "Regione Basca", not about another place."""
    vocab: set[str] = set()
    for text in texts:
        for t in WORD3.findall(text):
            vocab.update({t.lower()[:5], fold_word(t)[:5]})
    written = frozenset(vocab)
    for group in synonyms:
        if any(_written(name, written) for name in group):
            vocab |= {fold_word(w)[:5] for name in group for w in WORD3.findall(name)}
    return vocab


def _written(name: str, vocab: set[str]) -> bool:
    """Whether every word of a name is in the vocabulary (a one-word name, or all words of "Paesi Baschi")."""
    found = WORD3.findall(name)
    return bool(found) and all(fold_word(w)[:5] in vocab for w in found)


_GAP_CHARS = frozenset("\"'«(“‘·•–-")  # and any space (str.isspace)


def _gap_start(text: str, end: int) -> int:
    """Where the run of spaces, quotes, brackets and bullets ending at ``end`` begins (a backward walk:
    a regular expression anchored at ``end`` rescanned the text before every word, quadratic per text)."""
    start = end
    while start > 0 and (text[start - 1].isspace() or text[start - 1] in _GAP_CHARS):
        start -= 1
    return start


def names_in(text: str, line_starts: bool = False) -> list[str]:
    """Words written as names: capitalised inside a sentence, or acronyms ("Japan", "CSRD", "ATP").
    A capital after ".!?:" or at the start is no evidence of a name; at the start of a line it
    is when ``line_starts`` (list items and field values of the corpus: "· Legescan, ...")."""
    out = []
    addresses = [m.span() for pattern in (WEB_ADDRESS, EMAIL_ADDRESS) for m in pattern.finditer(text)]
    for m in WORD3.finditer(text):
        word = m.group()
        if any(a <= m.start() < b for a, b in addresses):  # "www.plainedelain.fr/Copia": part of an address
            continue
        start = _gap_start(text, m.start())
        gap = text[start:m.start()]
        previous = text[start - 1] if start else ""
        line_start = "\n" in gap or "\t" in gap
        inside = bool(previous) and previous not in ".!?" and (line_starts or (not line_start and previous != ":"))
        if (word[0].isupper() and inside) or sum(c.isupper() for c in word) >= 2:
            out.append(word)
    return out


def unknown_names(text: str, vocabulary: set[str]) -> list[str]:
    """Names in the question that the corpus never mentions, by 5-letter prefix with or
    without accents: "Japan", "Biella", "CSRD"; a place typed in lower case after a place noun ("il distretto di
    carpi", "the district of biella"); a numbered part of a document ("secondo l'allegato IV", "Annex IV": the corpus
    has no annexes). A time's name ("January", "l'Ottocento") names no thing."""
    said = [*names_in(text), *placed_names(text), *(m.group(1) for m in _DOCUMENT_PART.finditer(text))]
    return list(dict.fromkeys(w for w in said if fold_word(w)[:5] not in vocabulary
                              and fold_word(_singular(w))[:5] not in vocabulary and not is_time_name(fold_word(w))))


# a numbered part of a document: "l'allegato IV", "Annex IV", "il capitolo 3", "section 2"
_DOCUMENT_PART = re.compile(r"\b(allegat[oi]|annex(?:es)?|appendic[ei]|appendix|sezione|section|capitolo|chapter|paragrafo|"
                            r"paragraph|articol[oi]|articles?)\s+(?:[ivxlc]{1,5}|\d{1,3})\b", re.IGNORECASE)


# An interrogative determiner and the noun it asks for: "quali *sanzioni* rischio?", "quale *ente*"; after "che" only
# a plural in -i ("che *sanzioni* ci sono?"): "che" is mostly a relative pronoun before a verb ("chi è che *controlla*"),
# and "quanto" an adverb ("quanto *pesano*")
_ASKED_NOUN = re.compile(r"\b(?:"
                         # the noun after the copula: "quali sono *gli indicatori* …", "qual è *il limite* …" (first: "quali
                         # sono" would read "sono" as the noun)
                         r"(?:quali\s+sono|qual\s*(?:è|e|'è|’è|'e|’e)|quale\s+(?:è|e))\s+(?:il|lo|la|i|gli|le|l'|l’)\s*([^\W\d_]{4,})|"
                         r"(?:quale|quali|qual|quanta|quanti|quante)\s+(?:(?:tipo|genere)\s+di\s+)?([^\W\d_]{4,})|"
                         r"che\s+([^\W\d_]{3,}i)\b|"
                         # the topic a question names as such: "in termini di *sanzioni*", "in materia di *appalti*"
                         r"(?:in\s+termini|in\s+materia|a\s+livello)\s+di\s+([^\W\d_]{4,}))", re.IGNORECASE)


# an article, a noun, and the acronym it belongs to ("il *logo* emas", "sulla *tassa* EMAS"): a thing of the scheme
_ACRONYM_OF = re.compile(r"\b(?:il|lo|la|l'|i|gli|le|del|dello|della|dei|degli|delle|sul|sullo|sulla|al|allo|alla|nel|"
                         r"nello|nella|un|uno|una)\s*\b([^\W\d_]{4,})\s+([^\W\d_]{3,6})\b", re.IGNORECASE)


def acronyms_of(texts) -> set[str]:
    """The acronyms a corpus writes (EMAS, ISO, SGA …), folded: what a question's "il logo emas" is a thing of."""
    return {fold_word(w) for text in texts for w in re.findall(r"\b[A-Z]{3,6}\b", text)}


def unknown_asked(text: str, vocabulary: set[str], lang: str, acronyms: set[str] = frozenset()) -> list[str]:
    """The nouns an Italian question asks for by an interrogative determiner ("che sanzioni ci sono?"), or names as a
    thing of one of the corpus's ``acronyms`` ("possiamo mettere il logo emas?"), that the corpus never writes, not
    even inflected (5-letter prefix): real words that are not everyday words (``imagine.lexicon``: "quali *tempi*"
    says nothing of a topic the corpus lacks). The corpus is in Italian, so only an Italian question's words tell
    what it lacks; an English noun is absent from it either way."""
    if lang != "it":
        return []
    asked = [next(g for g in m.groups() if g) for m in _ASKED_NOUN.finditer(text)]
    asked += [m.group(1) for m in _ACRONYM_OF.finditer(text) if fold_word(m.group(2)) in acronyms]
    return [w for w in asked if w.lower() not in STOPWORDS and fold_word(w)[:5] not in vocabulary
            and is_word(fold_word(w)) and not is_common(fold_word(w))]


# "il distretto di carpi", "la zona di arzignano", "the district of biella", and with what kind of place it is
# between ("il distretto conciario di arzignano", "del distretto della maglieria di carpi"): what follows is a name
_OF = {"di", "of", "de"}
_PLACE_OF = re.compile(r"\b(?:distrett[oi]|district|cluster|zona|area|provincia|province|comune|citt[aà]|city|town|"
                       r"regione|region)(?:\s+[^\W\d_]+){0,2}?\s+(?:di|of|de)\s+([^\W\d_]{3,})", re.IGNORECASE)


# a plural article before the place noun: a set described by what follows ("dei cluster di benchmark", "i cluster di
# servizi"), not one place named
_PLURAL_BEFORE = {"i", "gli", "dei", "degli", "ai", "agli", "nei", "negli", "sui", "sugli", "dai", "dagli", "questi",
                  "quei", "quegli"}


def placed_names(text: str) -> list[str]:
    """Words named as a place in lower case (see ``_PLACE_OF``), not stop words; with words between the place
    noun and "di", not an everyday word either ("aderire all'approccio di distretto invece di fare l'EMAS"); not after
    a plural article (:data:`_PLURAL_BEFORE`)."""
    out = []
    for m in _PLACE_OF.finditer(text):
        name, before = m.group(1), text[:m.start()].split()[-1:]
        if not name.islower() or name in STOPWORDS or (before and before[0].lower() in _PLURAL_BEFORE):
            continue
        if m.group(0).split()[1].lower() in _OF or not is_common(name):
            out.append(name)
    return out


def _singular(name: str) -> str:
    """An acronym's English plural without its "s" ("EPDs", "KPIs"); other names as they are."""
    return name[:-1] if len(name) > 2 and name.endswith("s") and name[:-1].isupper() else name


def name_owners(cluster_texts: dict[str, str], names: set[str]) -> dict[str, str]:
    """Each folded name only one cluster's texts write (its card and its report section), mapped to that cluster:
    "Ecoscan" and "Legescan" to the San Sebastian district, "MOTIV" to West Flanders. A question naming one ("che
    differenza c'è tra il modello Hackefors e l'Ecoscan basco?") is about that cluster too. Names inside a sentence
    (``names_in``), four letters or more, coined (no word of either language: "Natural", "Ambientale" written with a
    capital in one card are not) or acronyms, not countries, and written mostly as names in the corpus (``names``, see
    ``name_vocabulary``: "conciario", a field value with a capital in one card, is the report's lower-case adjective)."""
    owners: dict[str, set[str]] = {}
    for cluster, text in cluster_texts.items():
        for word in names_in(text, line_starts=True):
            folded = fold_word(word)
            coined = not is_word(folded)
            if len(folded) >= 4 and (coined or word.isupper()) and folded[:5] in names and not find_countries(folded):
                # an acronym that is also a word ("REACH", "NICE") names the thing only as written
                owners.setdefault(folded if coined else word, set()).add(cluster)
    return {name: next(iter(found)) for name, found in owners.items() if len(found) == 1}


def owners_in(text: str, owners: dict[str, str]) -> list[str]:
    """The clusters whose own names (``name_owners``) a text writes, in order of mention."""
    found = (owners.get(fold_word(w)) or owners.get(w) for w in WORD3.findall(text))
    return unique(cluster for cluster in found if cluster)


class NameVocabulary(frozenset):
    """The corpus's name keys (5-letter folded prefixes, a frozenset of them), with ``words``: the whole folded words
    each key was written as in a name ("extra" -> {"extramadura"}, the corpus's spelling of Extremadura once), so that
    an everyday word sharing a name's first letters ("which *extra* documents …") is told from the name."""

    words: dict[str, frozenset[str]]

    def __new__(cls, keys, words: dict[str, frozenset[str]] | None = None):
        made = super().__new__(cls, keys)
        made.words = words or {}
        return made

    def names(self, word: str) -> bool:
        """Whether a question's word is one of the names: its key is, and it is no everyday word that only shares the
        key's letters with them (one letter off a name's word is a typo of it: "Fedusria"; a country's adjective,
        "spagnolo", names the country)."""
        folded = fold_word(word)
        key = folded[:5]
        if key not in self:
            return False
        written = self.words.get(key)
        return (not written or not is_common(folded) or folded in written
                or any(edit_distance_at_most_one(folded, w) for w in written) or bool(find_countries(word)))


def name_vocabulary(texts, max_share: float = 0.25) -> NameVocabulary:
    """5-letter folded prefixes of the corpus words written mostly as names ("Prato", "Fedustria";
    not "cluster", mostly lower case), so a question typed in lower case ("quanti abitanti ha
    prato") still shows which names it is about. Names in more than ``max_share`` of the texts
    ("EMAS", "IMAGINE") are the corpus's topic, not a subject: left out."""
    texts = list(texts)
    named: dict[str, int] = {}
    spelled: dict[str, set[str]] = {}
    seen: dict[str, int] = {}
    docs: dict[str, int] = {}
    strict: set[str] = set()  # written as a name inside a sentence at least once, or a word of no language
    for text in texts:
        keys = [fold_word(m.group())[:5] for m in WORD3.finditer(text)]
        for m in WORD3.finditer(text):  # lower-case uses: a capital at a sentence start tells nothing
            if m.group()[0].islower():
                key = fold_word(m.group())[:5]
                seen[key] = seen.get(key, 0) + 1
        for key in set(keys):
            docs[key] = docs.get(key, 0) + 1
        for word in names_in(text, line_starts=True):
            folded = fold_word(word)
            key = folded[:5]
            named[key] = named.get(key, 0) + 1
            spelled.setdefault(key, set()).add(folded)
            if not is_word(folded):  # "· Ecoscan, una versione semplificata …": a coined name, only ever written
                strict.add(key)  # first on its line, is a name all the same (no word of either language)
        strict.update(fold_word(w)[:5] for w in names_in(text))
    limit = max(2, max_share * len(texts))
    keys = {k for k, n in named.items() if k in strict and n > seen.get(k, 0) and docs.get(k, 0) <= limit and k not in STOPWORDS}
    return NameVocabulary(keys, {k: frozenset(spelled.get(k, ())) for k in keys})


def out_of_corpus(best_similarity: float, names_cluster: bool, unknown: list[str], settings, english: bool = False) -> bool:
    """Refuse when the best evidence sentence is too far from the question (see the module doc)."""
    if names_cluster:
        return best_similarity < settings.min_score_named
    if unknown:
        return best_similarity < settings.min_score_unknown_name
    return best_similarity < (settings.min_score_english if english else settings.min_score)
