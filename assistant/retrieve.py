"""Passage retrieval: dense search in the vector store, steered by the clusters a question names.

EmbeddingGemma alone beat BM25 fusion on this corpus (shared notes), so the base is dense
cosine search. On top of it, two cheap, measured steps:
- follow-up rewriting: a turn that names no cluster borrows the clusters (or, failing
  that, the words) of the last user turn, so "And how many firms?" stays about Gendorf;
- entity steering: when a question names clusters, their chunks are fetched with a
  metadata filter and ranked first, so a card's numbers are never crowded out;
- sentence fusion: for a question naming no cluster, the stored sentence vectors are searched too and
  the chunks holding the best sentences are fused with the chunk ranking (reciprocal rank): a chunk's
  vector averages all it says, so one answering sentence in a long chunk is found by its own vector
  (measured on the four tuning sets: hit@5 heldout dev 0.972 -> 0.986, heldout3 dev 0.961 -> 0.980,
  one answer gained, none lost; for named clusters it pulled in other clusters' sentences, so not there);
- acronym fusion: an acronym the question writes that few chunks hold ("EPDs", "quante lca …") ranks those chunks
  in a third list fused the same way: a chunk about the selection criteria that mentions "4 LCA … le rispettive
  EPD" in passing is far, as a whole, from a question about product declarations;
- message fusion: the core question (self-description dropped, see
  ``assistant.question.core_question``) is searched together with the whole message, by
  adding :data:`CONTEXT_WEIGHT` of the message's vector to the core's: a subject the core lost
  ("ho letto che il modello X l'hanno esteso ad altre norme, quali?") still steers the search,
  while the core's own terms weigh most. One more query embedding, only when the two differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

import numpy as np

from assistant.question import content_words, core_question, elliptic, only_describes, refers_to_asker
from assistant.types import Passage
from imagine.lexicon import is_word
from imagine.text import fold_word

CONTEXT_WEIGHT = 0.5  # the whole message's share of the search vector, when the core question differs
SENTENCE_K = 20  # sentence vectors searched beside the chunks (0: chunks only)
RRF_K = 60  # reciprocal rank fusion's constant (the usual one, as in Haystack's joiner)
RARE_CHUNKS = 3  # an acronym written in at most this many chunks points at them (see Retriever._by_acronym)

# a turn opening with a linker continues the conversation ("e il prodotto della conceria dove viene usato?"); the core
# question drops the linker, so the whole message is read for it
_OPENING = r"^\s*(e|ed|and|also|anche|inoltre|what about|how about|invece|poi|allora)\b"
_OPENS = re.compile(_OPENING, re.IGNORECASE)
_FOLLOW_UP = re.compile(
    _OPENING + r"|\b(its?|they|their|them|suo|sua|suoi|sue|loro|esso|essa|quello|quella|ne)\b"
    r"|\bthe\s+[a-z]+\s+one\b"  # "the Basque one": one of the clusters just given
    # a demonstrative determiner ("what is that organisation's project", "in quel cluster"), not a relative "that"
    r"|\b(is|are|was|were|does|did|do|of|in|for|about|from|by|with|at|on)\s+(that|this|these|those)\s+[a-z]"
    r"|\b(quel|quei|quegli|quell|quelli|quelle|questo|questa|questi|queste)\b",  # the whole closed class
    re.IGNORECASE,
)


@dataclass
class Query:
    """What is actually searched: the text and the clusters it is about."""

    text: str
    clusters: list[str]
    rewritten: bool = False
    context: str = ""  # the whole message, when ``text`` is only its core question
    stated: bool = False  # the evidence states a word of the question's topic (assistant.cards.topic): it answers it
    wanted: str = ""  # the answer type the card reading found asked (assistant.cards.parse.Reading.wanted), if any
    # a follow-up's: the acronyms the previous answer gave ("NICE è un'iniziativa …"), what "when did that start?" may
    # point at besides the clusters (see assistant.answerable.judge)
    referents: tuple[str, ...] = ()
    unfocused: float | None = None  # the best evidence similarity of the ranking without the focus (service._focus)


def last_user_turns(history: list[dict] | None, n: int = 3) -> list[str]:
    turns = [t.get("content", "") for t in (history or []) if t.get("role") == "user" and isinstance(t.get("content"), str)]
    return turns[-n:]


MAX_REFERENTS = 5  # an earlier card answer giving more clusters than this is no referent ("all 15 clusters")


def rewrite(question: str, history: list[dict] | None, find_clusters, context: str = "", answered=None,
            follows: bool = False) -> Query:
    """Make a follow-up turn self-contained using the previous user turns; ``context`` is the
    whole message ``question`` was taken from (searched with it, see :data:`CONTEXT_WEIGHT`).
    ``answered(turn, before)``: the clusters an earlier turn's answer was about (the turn and the history
    before it): a turn naming no cluster whose answer gave one ("which of the two reports its workers?")
    is the referent of "that organisation" next. ``follows``: read the turn as a follow-up whatever its form."""
    follows = follows or _OPENS.match(context) is not None
    query = _rewrite(question, history, find_clusters, answered, follows)
    if context.strip() and context.strip() != question.strip():
        query.context = context.strip()
    return query


# a turn asking the turn before's question again of another cluster: the contrast ("e quello di prato *invece* a chi
# fornisce?", "and Prato, instead?") or the pronoun standing for the earlier subject ("e *quello di* prato?", "and *the
# one in* Spain?")
_RESUMES = re.compile(r"\b(invece|instead|rather|quell[oaie]\s+d[ie]\w*|the\s+ones?\s+(in|of|from|at))\b", re.IGNORECASE)


def _rewrite(question: str, history: list[dict] | None, find_clusters, answered=None, follows: bool = False) -> Query:
    clusters = find_clusters(question)
    if clusters and history and (elliptic(question) or _RESUMES.search(question)) and (before := last_user_turns(history, 1)):
        # its own words are few ("a chi fornisce?"): what the turn before asked is searched with them
        return Query(f"{core_question(before[-1])} {question}", clusters)
    if clusters or not history or not (follows or looks_like_follow_up(question)):
        return Query(question, clusters)
    # an earlier turn is read without its asker's self-description ("siamo una conceria di santa croce,
    # che cos'è l'emas di distretto?" was about the approach, not about Santa Croce)
    users = [n for n, t in enumerate(history) if t.get("role") == "user" and isinstance(t.get("content"), str)][-3:]
    for n in reversed(users):
        turn = history[n]["content"]
        earlier = find_clusters(core_question(turn, find_clusters))
        given = []
        if not earlier and answered is not None and 1 <= len(given := answered(turn, history[:n])) <= MAX_REFERENTS:
            earlier = given  # "which of them …?" after "the clusters in Spain": those the answer gave
        elif earlier and only_describes(turn, find_clusters) and not refers_to_asker(question):
            # "ho una piccola conceria a santa croce" said alone, then "c'è un modello svedese …?", then "e la prima volta
            # che l'hanno applicato …?": where an introduction puts the asker is not what a later turn goes on about
            # (unless that turn points at the asker's own district: "e il nostro distretto?")
            continue
        if earlier:
            # "Until what year?" after "what was that body called before?" (itself a follow-up, naming no cluster), "when
            # does it end?" after "what is its SUSPRO project?": the turn just before, naming no cluster, is what a
            # follow-up goes on about, of the clusters found further back
            # what the turn before asked; not for a turn of its own length that points back at nothing but the
            # cluster ("What results did the firms' groups get there?" after "Who owns the area?": the owner is not
            # what it asks about)
            # a fragment ("e di fondazioni?" after "quello catalano quante imprese ha") asks the turn before's
            # question again, of something else: that turn's words are searched too, even when it named the cluster
            # so is a turn of one content word at most after a turn whose answer gave the cluster ("What did it consist
            # of?" after "Of those, which ones describe an eco-innovation experience?" gave Gendorf): its "it" is what
            # that turn asked about, not the cluster, which that turn's words say
            again = n != users[-1] and looks_like_follow_up(question) or n == users[-1] and (
                elliptic(question) or bool(given) and len(content_words(question)) <= 1)
            before = core_question(history[users[-1]]["content"]) + " " if again else ""
            return Query(f"{', '.join(earlier)}: {before}{question}", earlier, rewritten=True,
                         referents=answer_acronyms(history))
    if users:
        # "e sul valore aggiunto?" after "quanto contano le pmi in europa?", "and the last one?" after "explain the third
        # one": a turn before that was itself a follow-up leaves its topic in the turn it followed, searched with it
        topic = [core_question(history[users[-1]]["content"])]
        if len(users) > 1 and looks_like_follow_up(topic[0]):
            topic.insert(0, core_question(history[users[-2]]["content"]))
        return Query(" ".join([*topic, question]), [], rewritten=True, referents=answer_acronyms(history))
    return Query(question, [])


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,9}\b")


def answer_acronyms(history: list[dict]) -> tuple[str, ...]:
    """The acronyms the last answer gave ("what is its initiative called?" -> "NICE …"), the one the turn it answered
    asked about among them ("what is NICE?" -> "NICE è …"): a next turn's "it" or "that" may be one of them."""
    turns = [t for t in history if isinstance(t.get("content"), str)]
    if not turns or turns[-1].get("role") != "assistant":
        return ()
    return tuple(dict.fromkeys(_ACRONYM.findall(turns[-1]["content"])))


def looks_like_follow_up(question: str) -> bool:
    """Short or anaphoric turns lean on the conversation; a full new question stands alone
    (so "What is the best recipe for a chocolate cake?" after a Gendorf turn is not about Gendorf)."""
    return len(question.split()) <= 6 or bool(_FOLLOW_UP.search(question))


class Retriever:
    """Ranked passages for a query from the vector store component."""

    def __init__(self, store, fetch_k: int = 20, sentence_k: int = SENTENCE_K, chunks: list[Passage] | None = None):
        self.store = store
        self.fetch_k = fetch_k
        self.sentence_k = sentence_k
        self._sentences = store.sentences() if sentence_k and hasattr(store, "sentences") else None
        self._acronyms = acronym_chunks(chunks or [])

    def _by_acronym(self, text: str, ranked: list[Passage]) -> list[Passage]:
        """``ranked`` fused (reciprocal rank) with the chunks holding a rare acronym the question writes (see
        :func:`acronym_chunks`; in lower case too unless it is also a word: "lca", not "reach"), in the order
        ``ranked`` gives them, then the document's. Unchanged when it writes none."""
        said = [w[:-1] if w[-1] == "s" and w[:-1].isupper() else w for w in re.findall(r"\b[^\W\d_]{3,7}\b", text)]
        asked = {fold_word(w) for w in said if w.isupper() or not is_word(fold_word(w))}  # ("EPDs": an EPD)
        pointed = [p for a in sorted(asked & self._acronyms.keys()) for p in self._acronyms[a]]
        if not pointed:
            return ranked
        at = {p.id: n for n, p in enumerate(ranked)}
        pointed = sorted(dict((p.id, p) for p in pointed).values(), key=lambda p: at.get(p.id, len(at)))
        fused = _rrf_scores(ranked, pointed)
        passages = {p.id: p for p in pointed} | {p.id: p for p in ranked}
        return sorted(passages.values(), key=lambda p: -fused[p.id])

    def _search(self, vector: list[float], k: int, where: dict | None = None) -> list[Passage]:
        return [Passage(text=hit.text, metadata=hit.metadata, score=hit.score, id=hit.id) for hit in self.store.query(vector, k, where)]

    def _by_sentence(self, vector: list[float], ranked: list[Passage], where: dict | None) -> list[Passage]:
        """``ranked`` fused (reciprocal rank) with the chunks whose own sentences match best: a chunk's vector
        averages all it says, so one answering sentence inside a long chunk about something else is found by its
        own vector (the sentence vectors ingest stores). Unchanged when the index has none."""
        if self._sentences is None or where is not None:
            return ranked
        hits = self._sentences.query(vector, self.sentence_k)
        shas = list(dict.fromkeys(h.metadata.get("text_sha") for h in hits if h.metadata.get("text_sha")))
        if not shas:
            return ranked
        known = {p.metadata.get("text_sha"): p for p in ranked}
        missing = [sha for sha in shas if sha not in known]
        if missing:
            data = self.store.get(where={"text_sha": {"$in": missing}}, include=["documents", "metadatas"])
            for pid, text, meta in zip(data["ids"], data["documents"], data["metadatas"]):
                known.setdefault(meta.get("text_sha"), Passage(text=text, metadata=meta, score=0.0, id=pid))
        by_sentence = [known.get(sha) for sha in _source_first(hits, known)]
        fused = _rrf_scores(ranked, by_sentence)
        passages = {p.id: p for p in ranked} | {p.id: p for p in by_sentence if p is not None}
        return sorted(passages.values(), key=lambda p: (-fused[p.id], p.metadata.get("text_sha", "")))

    def search(self, query: Query, k: int = 5, where: dict | None = None, vector: list[float] | None = None,
               context_vector: list[float] | None = None) -> list[Passage]:
        """The top ``k`` passages for ``query``. ``vector`` / ``context_vector``: its text's and its context's query
        vectors, when the caller has them already."""
        vector = vector if vector is not None else self.store.embeddings.embed_query(query.text)
        if query.context:
            vector = fuse(vector, context_vector if context_vector is not None else self.store.embeddings.embed_query(query.context))
        ranked = self._search(vector, self.fetch_k, where)
        if not query.clusters:  # a question naming clusters is steered to their chunks below instead
            ranked = self._by_sentence(vector, ranked, where)
            if where is None:
                ranked = self._by_acronym(query.text, ranked)
        if query.clusters:
            named = {c.lower() for c in query.clusters}
            steer = {"cluster": {"$in": list(query.clusters)}}
            focused = self._search(vector, max(k, 2 * len(query.clusters)), {"$and": [steer, where]} if where else steer)
            seen = {p.id for p in focused}
            rest = [p for p in ranked if p.id not in seen]
            # chunks of the named clusters first (by score), then everything else
            ranked = sorted(focused, key=lambda p: -p.score) + [p for p in rest if p.metadata.get("cluster", "").lower() not in named]
        return ranked[:k]


def _rrf_scores(*rankings: list[Passage | None]) -> dict[str, float]:
    """Reciprocal rank fusion: each passage's sum over ``rankings`` of 1 / (:data:`RRF_K` + its rank there); a None
    holds its rank's place (a chunk the index no longer returns)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, p in enumerate(ranking):
            if p is not None:
                fused[p.id] = fused.get(p.id, 0.0) + 1.0 / (RRF_K + rank)
    return fused


def acronym_chunks(chunks: list[Passage]) -> dict[str, list[Passage]]:
    """Each acronym (folded) that at most :data:`RARE_CHUNKS` of ``chunks`` write, with those chunks in corpus order:
    what a question writing it is about ("LCA", "EPD", "APO"; not "EMAS", in every section)."""
    holders: dict[str, list[Passage]] = {}
    for chunk in chunks:
        for acronym in {fold_word(w) for w in _ACRONYM.findall(chunk.text)}:
            holders.setdefault(acronym, []).append(chunk)
    return {a: held for a, held in holders.items() if len(held) <= RARE_CHUNKS}


def _source_first(hits, known: dict[str, Passage]) -> list[str]:
    """The chunks (text hashes) of sentence ``hits`` by their best sentence. A sentence several chunks hold (a pilot
    district's card quoting the report) scores the same in each, and the order the index returns equal scores in
    depends on how it was built (a fresh build, an update): those chunks are put in document order, the report's own
    sections before the cards that quote it."""
    def place(sha: str) -> tuple:
        meta = known[sha].metadata if sha in known else {}
        return meta.get("kind") != "section", str(meta.get("document", "")), int(meta.get("position", 0) or 0), sha

    out: list[str] = []
    for _, group in groupby(hits, key=lambda h: round(h.score, 6)):
        tied = {h.metadata.get("text_sha") for h in group if h.metadata.get("text_sha")}
        out += sorted((sha for sha in tied if sha not in out), key=place)
    return out


def fuse(core: list[float], context: list[float], weight: float = CONTEXT_WEIGHT) -> list[float]:
    """The unit vector of ``core + weight * context``: its cosine with a passage is (up to one
    factor) the core's cosine plus ``weight`` times the message's."""
    v = np.asarray(core, dtype=np.float32) + weight * np.asarray(context, dtype=np.float32)
    return (v / (np.linalg.norm(v) or 1.0)).tolist()
