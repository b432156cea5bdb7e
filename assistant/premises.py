"""Figures a question takes for granted, checked against the passages.

"Il progetto IMAGINE ha 8 azioni: di cosa si occupa l'ottava?" asserts a count the report gives
differently ("le 6 azioni che costituiscono il progetto"). The card route checks premises about a
named cluster against its card; this module does the same for counts stated in prose: a number
before a noun in the question (not one it asks for, "quante azioni", nor a year), against the
numbers the retrieved sentences put before a noun of the same stem. When no sentence gives the
question's number and one gives another, the answer says so first, cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.evidence import passage_sentences
from assistant.guard import STOPWORDS
from assistant.language import message
from assistant.types import Passage
from imagine.text import PREFIX, count_of, prefixes, tokenize, typed_sentences

_ASKING = {"quanti", "quante", "quanto", "quanta", "many", "much", "numero", "number"}  # "how many 8..." is no claim


@dataclass(frozen=True)
class Contradiction:
    """The question says ``asserted`` ``noun``; passage ``passage`` says ``stated`` in ``sentence``."""

    asserted: float
    noun: str
    stated: float
    passage: int
    sentence: str
    kind: str = "count"  # or "year": a year the question gives for an event of a named cluster; or "nature": public or
    # private said of a named cluster's body (``noun`` the side claimed)


def counts(text: str) -> list[tuple[float, str, str]]:
    """(number, the noun's stem, the noun as written) for every number directly before a word in ``text``;
    years (1900-2100) are no counts."""
    tokens = tokenize(text)
    out = []
    for i, tok in enumerate(tokens[:-1]):
        n = count_of(tok)
        noun = tokens[i + 1]
        # "il 90% delle imprese": a word of no content after the number (the tokens drop "%") makes no count
        if n is None or noun.number is not None or len(noun.text) < PREFIX or 1900 <= n <= 2100 or noun.text in STOPWORDS:
            continue
        if i > 0 and tokens[i - 1].text in _ASKING:
            continue
        out.append((n, noun.text[:PREFIX], noun.text))
    return out


def stated_counts(texts) -> set[tuple[float, str]]:
    """Every (number, noun stem) the texts state: what a question's count is checked against first."""
    return {(n, stem) for text in texts for n, stem, _ in counts(text)}


def stated_before_its_noun(values: list[float], question: str, passages: list[Passage]) -> bool:
    """Whether the passages state each number before a noun the question uses ("… sono stati individuati 1.307 cluster
    collocati in 220 regioni" for "of the 1,307 European clusters"): the documents' own count, no false premise. A
    number the documents put before another noun ("4 distretti" for "5 distretti") is not."""
    asked = prefixes(question)
    stated = stated_counts(u for passage in passages for u in passage_sentences(passage.text))
    return all(any(n == value and stem in asked for n, stem in stated) for value in values)


def contradiction(question: str, passages: list[Passage], corpus: set[tuple[float, str]]) -> Contradiction | None:
    """The first count the question asserts that the corpus never states (``corpus``: :func:`stated_counts` of
    every chunk) and the passages give as another number; None when there is none."""
    stated = [(m, stem, i, s) for i, p in enumerate(passages) for s in passage_sentences(p.text) for m, stem, _ in counts(s)]
    for n, stem, noun in counts(question):
        about = _subject_words(question, stem)
        # of the same thing: the sentence shares a word of the question besides the noun ("il progetto"), so
        # "Fedustria conta circa 400 imprese" says nothing of San Sebastian's firms
        same = [x for x in stated if x[1] == stem and about & prefixes(x[3])]
        # "i cluster … sono 84 di cui 47 …" writes the question's 84 away from its noun: no contradiction
        written = any(t.number == n for x in same for t in tokenize(x[3]))
        if same and (n, stem) not in corpus and not any(m == n for m, *_ in same) and not written:
            # the sentence whose words next to its count are those next to the question's ("la prima applicazione …
            # 36 imprese" for "la prima volta … 50 imprese", not "… la certificazione ISO 14001 circa 600 imprese"), then
            # the one sharing most words with the question's subject ("15 cluster selezionati" for "dei 20 cluster
            # europei selezionati", not "altri 8 cluster" of the fashion clusters), the first on ties
            near = _near_count(question, n) - {stem}
            m, _, i, sentence = max(same, key=lambda x: (len(near & _near_count(x[3], x[0])), len(about & prefixes(x[3]))))
            return Contradiction(n, noun, m, i, sentence)
    return None


_YEAR = re.compile(r"(?<![\d.,])(19\d\d|20\d\d)(?!\d|[.,]\d)")


def years(text: str) -> list[int]:
    """The years a text writes (1900-2099), in order."""
    return [int(y) for y in _YEAR.findall(text)]


def dated_claims(text: str, find_clusters) -> list[tuple[int, str]]:
    """(year, cluster) for each year a sentence of ``text`` writes after naming a cluster ("il modello Hackefors nato
    in Finlandia nel 2003", "the company that founded the Plaine de l'Ain park back in 1990"): a date the question
    takes for granted about it, the nearest cluster named before the year. A year before any name ("siamo nati nel
    1990 a Prato") is not said of the cluster. ``find_clusters(text)``: the clusters a text names, in order."""
    out = []
    for sentence in typed_sentences(text):
        for m in _YEAR.finditer(sentence):
            before = find_clusters(sentence[: m.start()])
            if before:
                out.append((int(m.group(1)), before[-1]))
    return out


def year_contradiction(claims: list[tuple[int, str]], named: dict[str, str],
                       candidates: dict[str, list[tuple[int, str]]]) -> Contradiction | None:
    """The first claimed (year, cluster) that none of the cluster's texts writes (``named``: each cluster's card and
    report section as one text), when its passages date something else: the first of ``candidates[cluster]``
    ((passage index, sentence), best match first) that writes a year. None when every claimed year is written, or
    no sentence of the cluster dates anything."""
    for year, cluster in claims:
        if str(year) in named.get(cluster, ""):
            continue
        dated = [(i, s) for i, s in candidates.get(cluster, []) if years(s)]
        if dated:
            i, sentence = dated[0]
            return Contradiction(year, "", years(sentence)[0], i, sentence, kind="year")
    return None


# what kind of body a cluster's organisation is, said as one of two opposites: public or private
_NATURE = re.compile(r"\b(pubblic\w*|public\w*|privat\w*)\b", re.IGNORECASE)


def _side(word: str) -> str:
    return "private" if word.lower().startswith("privat") else "public"


def nature_claims(text: str, find_clusters) -> list[tuple[str, str]]:
    """(side, cluster) for "public" or "private" a sentence of ``text`` writes after naming a cluster ("il Plaine de
    l'Ain Mixed Syndicate, società privata nata nel 1990"), or before naming one ("the private company that founded the
    Plaine de l'Ain park"): a kind of body the question takes for granted about it.
    A sentence writing both ("pubblico o privato?") asks, and claims neither."""
    out = []
    for sentence in typed_sentences(text):
        found = list(_NATURE.finditer(sentence))
        if len({_side(m.group()) for m in found}) != 1:
            continue
        before = find_clusters(sentence[: found[0].start()])
        after = find_clusters(sentence[found[0].end():])  # "the private company that founded the Plaine de l'Ain park"
        if before or after:
            out.append((_side(found[0].group()), before[-1] if before else after[0]))
    return out


def nature_contradiction(claims: list[tuple[str, str]], named: dict[str, str],
                         passages: list[Passage]) -> Contradiction | None:
    """The first claimed (side, cluster) that none of the cluster's texts (``named``) says, when a sentence of one of
    its ``passages`` says the other side ("un'organizzazione pubblica"): that sentence, to quote."""
    for side, cluster in claims:
        if any(_side(m.group()) == side for m in _NATURE.finditer(named.get(cluster, ""))):
            continue
        for i, passage in enumerate(passages):
            if passage.metadata.get("cluster") != cluster:
                continue
            for sentence in passage_sentences(passage.text):
                if any(_side(m.group()) != side for m in _NATURE.finditer(sentence)):
                    return Contradiction(0, side, 0, i, sentence, kind="nature")
    return None


NEAR_WORDS = 4  # the content words before a count that say what is counted: "la prima applicazione … 36"


def _near_count(text: str, number: float) -> set[str]:
    """Stems of the last :data:`NEAR_WORDS` content words of ``text`` before its first ``number`` (stop words, numbers
    and words under four letters aside)."""
    tokens = tokenize(text)
    at = next((k for k, t in enumerate(tokens) if count_of(t) == number), None)
    if at is None:
        return set()
    words = [t.text[:PREFIX] for t in tokens[:at] if t.number is None and len(t.text) >= 4 and t.text not in STOPWORDS]
    return set(words[-NEAR_WORDS:])


def _subject_words(question: str, counted: str) -> set[str]:
    """Stems of the question's longer words but the counted noun and the words that ask ("quante", "which")."""
    return prefixes(question) - {counted} - {w[:PREFIX] for w in _ASKING | _QUESTION_WORDS}


_QUESTION_WORDS = {"quale", "quali", "quanti", "quante", "which", "where", "giusto", "right", "vero", "correct", "corretto"}


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def correction(found: Contradiction, marker: int, lang: str) -> str:
    """One line: what the documents say, with the marker of their passage; the question's figure or year is not
    repeated (it is the wrong one)."""
    if found.kind == "year":
        return message(lang, "premise_year", marker=marker, sentence=found.sentence)
    if found.kind == "nature":
        return message(lang, "premise_nature", marker=marker, sentence=found.sentence)
    return message(lang, "premise_count", stated=f"{_number(found.stated)} {found.noun}", marker=marker, sentence=found.sentence)
