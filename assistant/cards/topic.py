"""Questions whose answer is a cluster and whose subject is something it did: "c'è qualche cluster che ha
lavorato sul REACH?", "which districts did anything about water?", "tra i cluster tessili ce n'è uno che spinge
sulle fonti alternative?".

No card field says what a cluster did: its card's free text does. Searched as typed, such a question matches the
report's sentences about clusters in general ("cluster che hanno manifestato interesse all'approccio"), because the
word for what is asked (a cluster) weighs as much as what it did. So the word for the asked entity is taken out, as
"who" or "when" would never be searched for, and what is left (the topic) is searched among the cluster cards.
:func:`cluster_topic` reads the question; the service decides from the evidence whether the cards' sentences
answer the topic better than the whole corpus answers the question.
"""

from __future__ import annotations

import re

from assistant.cards.parse import VOCABULARY
from assistant.question import content_words
from imagine.text import fold_word, typed_sentences

# the words for a cluster as the thing asked for (the parser's "entity" words, not its pronouns)
_ENTITY = {w for w in VOCABULARY[("entity",)].split("|") if " " not in w} - {"one", "ones", "quello", "quelli", "quella", "quelle"}
# what opens a noun phrase that asks for one or some of a kind: interrogative and indefinite determiners, and the
# existential "c'è / ci sono / is there / are there" ("c'è qualche cluster che …", "ci sono distretti che …")
_ASKING = {"quale", "quali", "qual", "qualche", "alcuni", "alcune", "alcun", "alcuno", "nessun", "nessuno", "altri",
           "altre", "which", "what", "any", "some", "other", "another", "ce", "c'e", "c’e", "esiste", "esistono", "sono",
           "there", "uno", "una", "un"}
# "ce n'è uno che …" after "tra i cluster": the kind named first, the one asked for by a pronoun after it
_AMONG = {"tra", "fra", "among", "of"}
_ONE = {"uno", "una", "qualcuno", "qualcuna", "one", "any", "some", "alcuni", "alcune", "quale", "quali", "which"}
# words that point back at something said before the question ("su questo", "ci ha lavorato", "se ne occupa")
_POINTING_BACK = {"questo", "questa", "questi", "queste", "cio", "this", "that", "these", "those", "it", "them", "ci",
                  "ne", "n'e"}
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(fold_word(m.group()).replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _asked_entity(tokens: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The (start, end) character span of the words asking for a cluster: a determiner and the entity word (one
    word may come between: "quali altri cluster", "c'è qualche cluster"), or the entity word after "tra i" with a
    pronoun for one of them later ("tra i cluster tessili ce n'è uno che …"). None when the question asks for none."""
    words = [w for w, _, _ in tokens]
    for j, word in enumerate(words):
        if word not in _ENTITY:
            continue
        for back in (2, 1):  # the longer reading first: "quali altri cluster", "c'è qualche cluster"
            if j - back >= 0 and words[j - back] in _ASKING:
                start = j - back - (j - back > 0 and words[j - back - 1] == "ci")  # "ci sono distretti che …"
                return tokens[start][1], tokens[j][2]
        if j >= 2 and words[j - 2] in _AMONG and any(w in _ONE for w in words[j + 1 : j + 5]):
            return tokens[j - 2][1], tokens[j][2]
    return None


def cluster_topic(core: str, message: str = "") -> str | None:
    """What a question asking for a cluster asks it to have done: the core question without the words that ask for
    the cluster; with the sentences of ``message`` before the question added when the question points back at
    them ("abbiamo il problema del REACH. c'è qualche cluster che ha fatto qualcosa su questo?"). None when the
    question does not ask for a cluster, or nothing is left to search for."""
    tokens = _tokens(core)
    span = _asked_entity(tokens)
    if span is None:
        return None
    topic = " ".join((core[: span[0]] + " " + core[span[1] :]).split())
    asked = {w for w, _, _ in _tokens(topic)}
    if message and asked & _POINTING_BACK:
        folded_core = fold_word(core)
        before = [s for s in typed_sentences(message) if s.strip() and fold_word(s.strip()) not in folded_core]
        if before:
            topic = f"{before[-1].strip()} {topic}"
    return topic if content_words(topic) else None
