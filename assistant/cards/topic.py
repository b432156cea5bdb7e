"""Questions whose answer is a cluster and whose subject is something it did: "c'è qualche cluster che ha
lavorato sul REACH?", "which districts did anything about water?", "tra i cluster tessili ce n'è uno che spinge
sulle fonti alternative?".

No card field says what a cluster did: its card's free text does. Searched as typed, such a question matches the
report's sentences about clusters in general ("cluster che hanno manifestato interesse all'approccio"), because the
word for what is asked (a cluster) weighs as much as what it did. So the words asking for a cluster are taken out,
as "who" or "when" would never be searched for (:func:`cluster_topic`), and the rest is scored against the corpus's
sentences (:class:`TopicIndex`) by meaning and by the words of it that few clusters use: "energia" is said on two
cards, "lavorato" (as "lavoratori") on all of them. The cards answer when their best sentence states such a word and
scores at least as well as any of the report's text about no cluster (the service's ``_among_cards``). Measured before building this: the embedding of a short topic
("che ha lavorato sull'energia?") is closest to unrelated card lines (cosine 0.31, Vreten's owner), while the
cards that say "energia" rank first for the word alone but at cosines (0.29) no gate can tell from noise; and a
word being rare in the corpus does not make it the topic ("abbiamo" is rare in an impersonal report). So a
sentence scores its cosine plus a bonus for the rare topic words it states, and it answers only if it states one.
"""

from __future__ import annotations

import re

from assistant.cards.parse import VOCABULARY
from assistant.guard import STOPWORDS
from assistant.question import asks_like_described, content_words
from imagine.glossary import THEMES
from imagine.sentences import passage_sentences
from imagine.text import fold_word, typed_sentences

# the words for a cluster as the thing asked for (the parser's "entity" words, not its pronouns)
_ENTITY = {w for w in VOCABULARY[("entity",)].split("|") if " " not in w} - {"one", "ones", "quello", "quelli", "quella", "quelle"}
# what opens a noun phrase that asks for one or some of a kind: interrogative and indefinite determiners, and the
# existential "c'è / ci sono / is there / are there" ("c'è qualche cluster che …", "ci sono distretti che …")
_ASKING = {"quale", "quali", "qual", "qualche", "alcuni", "alcune", "alcun", "alcuno", "nessun", "nessuno", "which",
           "what", "any", "some", "ce", "c'e", "c’e", "esiste", "esistono"} | {
    # and the parser's one-word requests for a list: "list the clusters whose …", "elencami i distretti che …"
    w for w in VOCABULARY[("list",)].split("|") if " " not in w}
_EXISTS = {"ci": {"sono", "siano", "sia"}, "there": {"is", "are", "was", "were"}}  # "ci sono distretti …", "are there …"
# "ce n'è uno che …" after "tra i cluster": the kind named first, the one asked for by a pronoun after it
_AMONG = {"tra", "fra", "among", "of"}
_ONE = {"uno", "una", "qualcuno", "qualcuna", "one", "any", "some", "alcuni", "alcune", "quale", "quali", "which"}
# words that point back at something said before the question ("su questo", "ci ha lavorato", "se ne occupa")
_POINTING_BACK = {"questo", "questa", "questi", "queste", "cio", "this", "that", "these", "those", "it", "them", "ci",
                  "ne", "n'e"}
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(fold_word(m.group()).replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


_OF = {"di", "dei", "degli", "delle", "del", "della", "of"}


def _asked_entity(tokens: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The (start, end) character span of the words asking for a cluster: a determiner and the entity word (one
    word may come between: "quali altri cluster", "c'è qualche cluster"), or the entity word after "tra i" with a
    pronoun for one of them later ("tra i cluster tessili ce n'è uno che …"); with the entity word an "of" names
    ("ci sono esempi di cluster …", "examples of clusters …"). None when the question asks for none."""
    words = [w for w, _, _ in tokens]
    found = _entity_words(words)
    if found is None:
        return None
    first, last = found
    if last + 2 < len(words) and words[last + 1] in _OF and words[last + 2] in _ENTITY:
        last += 2
    return tokens[first][1], tokens[last][2]


def _entity_words(words: list[str]) -> tuple[int, int] | None:
    """The first and last word index of the words asking for a cluster (see :func:`_asked_entity`), or None."""
    for j, word in enumerate(words):
        if word not in _ENTITY:
            continue
        for back in (2, 1):  # the longer reading first: "quali altri cluster", "c'è qualche cluster"
            at = j - back
            if at >= 0 and words[at] in _ASKING:
                return at, j
            if at >= 1 and words[at] in _EXISTS.get(words[at - 1], ()):
                return at - 1, j
            if at >= 1 and words[at - 1] in _EXISTS.get(words[at], ()):  # "are there clusters …"
                return at - 1, j
        if j >= 2 and words[j - 2] in _AMONG and any(w in _ONE for w in words[j + 1 : j + 5]):
            return j - 2, j
    return None


def cluster_topic(core: str, message: str = "") -> str | None:
    """What a question asking for a cluster asks it to have done: the rest of the sentence after the words that ask
    for the cluster ("… qualche cluster | che ha lavorato sull'energia?"), or the words before them when nothing is
    asked after ("sull'acqua, c'è qualche cluster?"); the sentence of ``message`` before the question is added when
    the question points back at it ("abbiamo il problema del REACH. c'è qualche cluster che ha fatto qualcosa su
    questo?"). The self-description around the question stays out: it would outweigh the few words that ask. None
    when the question does not ask for a cluster, or nothing is left to search for."""
    sentences = typed_sentences(core)
    for k, sentence in enumerate(sentences):
        span = _asked_entity(_tokens(sentence))
        if span is not None:
            break
    else:
        return None
    after, before_span = sentence[span[1] :].strip(), sentence[: span[0]].strip(" ,;:")
    topic = after if len(content_words(after)) >= 2 else f"{before_span} {after}".strip()
    asked = {w for w, _, _ in _tokens(topic)}
    if asked & _POINTING_BACK or asks_like_described(topic):  # "… c'è un esempio simile?": like what was said
        earlier = sentences[:k] or [s for s in typed_sentences(message) if s.strip() and fold_word(s.strip()) not in fold_word(core)]
        if earlier:
            topic = f"{earlier[-1].strip()} {topic}"
    return topic if content_words(topic) else None


FEW = 3  # a word said on the cards of at most this many clusters tells them apart: a topic word
RARE_WORD = 0.15  # what a topic word said by one cluster alone adds to a sentence's cosine with the topic
_TERM = re.compile(r"[^\W\d_]{4,}|\b[A-Z]{3}\b", re.UNICODE)  # words of four letters or more, three-letter acronyms
_ELIDED = re.compile(r"\b[^\W\d_]+['’](?=[^\W\d_])", re.UNICODE)  # "sull'", "dell'", "quell'": an article or preposition


def terms(text: str) -> set[str]:
    """The words of a text as comparable keys: folded, cut to five letters, a five-letter word to four ("acqua" and
    "acque", "energia" and "energetica", "REACH" and "reach" meet); stop words and words under four letters left out,
    except three-letter acronyms ("APO", "ATP")."""
    out = set()
    for m in _TERM.finditer(_ELIDED.sub(" ", text)):
        word = fold_word(m.group()).replace("’", "'")
        if word not in STOPWORDS:
            out.add(word[:5] if len(word) > 5 else word[:4])
    return out


def only_unread(topic: str, unread: list[str]) -> str:
    """``topic`` without the words a card filter explained ("svedesi ce n'è uno che ha lavorato sui trasporti?" with the
    clusters already limited to Sweden's: "ce n'è uno che ha lavorato sui trasporti?"): a filter's word would score the
    sentences that state it ("la società di consulenza svedese …") above those stating what was done. Words that make
    no term (stop words, short words) stay: they hold the phrase together for its embedding."""
    keep = terms(" ".join(unread))
    return " ".join(w for w in topic.split() if not terms(w) or terms(w) <= keep)


# each theme word's key -> the keys of all the words of its theme, both languages (see TopicIndex.lexical)
_THEME_MATES: dict[str, set[str]] = {}
for _theme in THEMES:
    for _key in (_keys := set().union(*(terms(w) for w in _theme))):
        _THEME_MATES.setdefault(_key, set()).update(_keys)


class TopicIndex:
    """The sentences of the whole corpus, looked up by the words of a topic that few clusters' cards (or few report
    sections) use. ``passages``: (text, metadata) of every chunk; a chunk with a ``cluster`` speaks for that cluster."""

    def __init__(self, passages: list[tuple[str, dict]]):
        self.passages = passages
        self.units = [(k, unit, terms(unit)) for k, (text, _) in enumerate(passages) for unit in passage_sentences(text)]
        clusters: dict[str, set[str]] = {}  # the clusters whose chunks use a word
        sections: dict[str, set[str]] = {}  # the report's sections about no cluster that use it
        for k, _, keys in self.units:
            meta = passages[k][1]
            for key in keys:
                if meta.get("cluster"):
                    clusters.setdefault(key, set()).add(meta["cluster"])
                else:
                    sections.setdefault(key, set()).add(meta.get("section", ""))
        # a word's weight: 1 / how many clusters use it (what tells clusters apart), or, for a word no card uses, how
        # many of the report's sections do; a theme's word (imagine.glossary.THEMES) weighs however many use it: asked
        # for, it is the topic ("idrici" is on four cards, Vreten's "consumi idrici" among them)
        self.weight = {key: 1.0 / len(who) for key, who in (sections | clusters).items()
                       if len(who) <= FEW or key in _THEME_MATES}

    def lexical(self, topic: str) -> list[float]:
        """Each sentence's score for ``topic``: the sum of the weights of the topic's words it states that few clusters
        (or, for a word no card says, few of the report's sections) use; 0 for most. A theme's word stands for its
        words in the other language too (``imagine.glossary.THEMES``: "water" for "acqua")."""
        # each word asked, with its theme's words in both languages: one match per word asked, the best one (a unit
        # saying "acque reflue, consumi idrici" states the theme once, as one saying "acqua" does)
        asked = [{key: self.weight[key] for key in {word} | _THEME_MATES.get(word, set()) if key in self.weight}
                 for word in terms(topic)]
        return [sum(max((w for key, w in one.items() if key in keys), default=0.0) for one in asked)
                for _, _, keys in self.units]

    def cluster_of(self, k: int) -> str:
        """The cluster chunk ``k`` is about (its card, or its card's text in the report); "" for the report's own text."""
        return self.passages[k][1].get("cluster") or ""
