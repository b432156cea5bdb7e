"""Evidence sentences: the few sentences of the retrieved passages that answer a question.

Both answer paths start here. The extractive backend quotes these sentences; the LLM
backends receive only them (not whole passages), which keeps the prompt to a few hundred
tokens and so the local model's time to first token to a couple of seconds. Sentences are
scored by embedding similarity to the question (cross-lingual: an English question finds
Italian sentences) plus a small lexical bonus for shared numbers and names. The units are
cut by :mod:`imagine.sentences`; their vectors are index data (ingest stores them), loaded
in bulk when the assistant starts and memoised by text; a unit the index lacks (an index
built by an older version) is encoded on first use.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Callable

import numpy as np

from assistant.question import asked_kind, asks_frequency, asks_requirement, states_requirement  # noqa: F401 (re-exported)
from assistant.types import Passage
from imagine.components.vector_store import is_store_error
from imagine.lexicon import is_common
from imagine.sentences import NUMBER, passage_sentences, sentences, split_sentences  # noqa: F401 (re-exported)
from imagine.text import fold, fold_word

_WORD = re.compile(r"[\wÀ-ÿ'’.-]+")
WORD_SETS = 50000  # texts whose word sets are memoised (stems, _content): the corpus units and recent questions
_STEM_WORD = re.compile(r"[\wÀ-ÿ]+")
STOP = set(
    """about after also among and are been being between both but can could did does for from has have how into its
    more most not other over per some such than that the their them then there these they this those through under
    very was were what when where which while who whom why will with would della delle dello degli dalla dalle
    nella nelle negli sono come anche quale quali quanto quanti quante perché questo questa questi queste
    quello quella loro essere stato stata hanno tell give list please many much""".split()
)  # function words that share no meaning when they share a stem
# Card chunks (ingest.cards.card_text) label every field "Italiano / English: value".
_LABEL = re.compile(r"^[^:·\n]{2,60} / [^:\n]{2,60}:\s*")
# Questions that ask for a quantity, a share or a date: sentences stating a number are the answer.
_ASKS_NUMBER = re.compile(
    r"\b(how (many|much|long)|what (share|percentage|proportion)|(what|which) year|when|since when|"
    r"quant[aeio]|quando|da quando|(in )?(che|quale) anno|percentuale|"
    # the years asked beside another thing: "which authors (and years) does it cite?", "autori e anni"
    r"(and|e|with|con) (the |gli )?(years|anni|dates))\b",
    re.IGNORECASE,
)
# Sentences that state a frequency: "quanto spesso" (:func:`assistant.question.asks_frequency`) is not a quantity,
# so a sentence with any number ("36 imprese") must not win over "incontri organizzati mensilmente" / "ogni 3
# settimane". Also what a "frequency" answer states (``assistant.answerable.states``).
_FREQUENCY = re.compile(
    r"\b(mensil\w*|settimanal\w*|bisettimanal\w*|quindicinal\w*|bimestral\w*|trimestral\w*|semestral\w*|annual\w*|"
    r"quotidian\w*|giornalier\w*|ogni\s+(\w+\s+)?(giorn|settiman|mes|ann|trimestr|semestr)\w*|"
    r"volt[ae]\s+(al|all['’]|l['’]|alla|per|a\s+(giorno|settimana|mese|anno))|"
    r"monthly|weekly|yearly|annually|daily|quarterly|fortnightly|every\s+(\w+\s+)?(day|week|month|year|quarter)s?|"
    r"(once|twice|times?)\s+(a|per|each|every)\s+(day|week|month|year))\b",
    re.IGNORECASE,
)


def asks_number(question: str) -> bool:
    """Whether a question asks for a quantity, a share or a date (not how often: see :func:`asks_frequency`)."""
    return bool(_ASKS_NUMBER.search(question)) and not asks_frequency(question)


def states_frequency(text: str) -> bool:
    """Whether a sentence states how often something happens ("mensilmente", "ogni 3 settimane", "every month")."""
    return bool(_FREQUENCY.search(text))


@lru_cache(maxsize=WORD_SETS)
def stems(text: str) -> frozenset[str]:
    """Lower-case content words cut to five letters: shared by inflections and by many Italian/English
    cognates ("coordinates" / "coordinatore", "emissioni" / "emissions"), the lexical signal that
    crosses languages. Capitalised words are names, counted as names elsewhere. (Memoised: the ranking asks them of
    the question once per candidate unit, and of the same corpus units question after question.)"""
    return frozenset(fold(w)[:5] for w in _STEM_WORD.findall(text) if len(w) > 3 and w.islower() and w not in STOP)


def numbers(text: str) -> set[str]:
    """Numbers in a text, normalised so 4.000 / 4,000 / 4000 compare equal."""
    return {re.sub(r"[.,](?=\d{3}\b)", "", n).replace(",", ".") for n in NUMBER.findall(text)}


def field_value(text: str) -> str:
    """A unit without its bilingual card field label ("Soggetto coordinatore / Coordinating body: ATP" -> "ATP")."""
    return _LABEL.sub("", text)


def unit_key(text: str) -> str:
    """A unit without its bilingual field label, folded: the same sentence in a card chunk
    ("Esperienze … / Eco-innovation experiences: Dall’analisi …") and in the report text compare
    equal, while "Workers: not reported" and "Website: not reported" stay distinct."""
    value = field_value(text)
    text = value if len(value.split()) >= 6 else text  # a short value ("not reported") is told apart by its label
    return " ".join(re.sub(r"[^\w%]+", " ", text.lower()).split())


@lru_cache(maxsize=WORD_SETS)
def _content(text: str) -> frozenset[str]:
    return frozenset(w.lower().replace("’", "'") for w in _WORD.findall(text) if len(w) > 3)


@dataclass
class Evidence:
    """One sentence with the passage it comes from (index into the retrieved list)."""

    passage: int
    text: str
    score: float
    similarity: float = 0.0  # the plain cosine with the question (score adds the lexical bonuses)
    answers_part: bool = False  # the best unit for one asked part of a question that asks several things
    continues: bool = False  # the rest of the unit before it (a list running on into the next chunk): quoted with it or not at all


class SentenceScorer:
    """Ranks sentences against a question; their vectors come from the index (:meth:`preload`,
    ``lookup``) or, for a unit the index lacks, from the embedding model, memoised by text."""

    def __init__(self, embeddings, cache_size: int = 20000):
        self.embeddings = embeddings
        self.capacity = cache_size
        self.lookup = None  # texts -> {text: stored vector}, for units the index holds beyond what was preloaded
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.headings: set[str] = set()  # section headings repeated across the corpus: never quoted (repeated_headings)

    def preload(self, texts: list[str], vectors) -> None:
        """Take vectors computed elsewhere (the index's sentence vectors, at start-up)."""
        with self._lock:
            for t, v in zip(texts, vectors):
                self._cache[t] = np.asarray(v, dtype=np.float32)
            while len(self._cache) > self.capacity:
                self._cache.popitem(last=False)

    def vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing and self.lookup is not None:
            try:
                found = self.lookup(missing)
            except Exception as exc:
                if not is_store_error(exc):
                    raise
                found = {}  # the store is not answering: encode instead
            self.preload(list(found), found.values())
            missing = [t for t in missing if t not in found]
        if missing:
            self.preload(missing, self.embeddings.embed_documents(missing))
        with self._lock:
            return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def rank(self, question_vector: list[float], question: str, passages: list[Passage], per_passage: int = 3,
             answers: Callable[[str, str], bool] | None = None, focus: list | None = None, named: str = "",
             follow: bool = False, compared: tuple[str, ...] = (), subject: str = "",
             unnamed: Callable[[str], str] | None = None, aspects: list[str] = ()) -> list[Evidence]:
        """Candidate units of the passages, best first, each said once.

        A unit that repeats one already ranked (the card chunk and the report text hold the
        same sentences) is dropped, and so is one that adds nothing to the question (its words,
        label aside, are all in the question or in the full ``named`` names of the clusters it names: "Cluster
        name: Industrial Cluster Gendorf" for "who coordinates Gendorf?").
        When the question asks several things ("quante azioni … e quale …?", see
        :func:`assistant.question.asked_parts`), the best unit for each part is ranked too, and
        marked ``answers_part`` so that :func:`select` quotes it: one answer per asked part. ``follow`` (an open
        question: why, how, what were they): the unit after the best one in its passage is ranked right after it,
        quoted with it (``continues``): the best match often states what the question mentions ("the Basque
        government chose some measures …", "studies found SMEs have a real impact …") and the answer follows it
        ("two tools were made: Legescan …", "the problem is not each firm but their combined impact"). ``answers(part,
        unit)`` says whether a unit states the kind of thing a part asks (a count for "quante azioni …"): a
        part's best unit is then taken among those that do, when any does. ``focus``: a question vector for
        each passage, when some passages are matched against another form of the question (the question
        without the cluster it names, for that cluster's own passages: the name chose them, and within them
        it would favour the sentences that repeat it over the one that answers). ``subject``: the one cluster the
        question is about, when it is about one (named, or carried from an earlier turn): each asked part is answered
        from its passages or the report's own text first, not from another cluster's. ``unnamed(text)``: the text
        without the cluster names it writes; each compared cluster's units for a part are matched against the part
        without them, as ``focus`` does for the whole question (not for one cluster's: measured, the name helped there).
        """
        cands = [(i, s) for i, p in enumerate(passages) for s in passage_sentences(p.text)]
        if not cands:
            return []
        vectors = self.vectors([s for _, s in cands])
        sims = full = vectors @ np.asarray(question_vector, dtype=np.float32)
        if focus is not None:  # each passage's own question vector (see above)
            sims = (vectors * np.asarray([focus[i] for i, _ in cands], dtype=np.float32)).sum(axis=1)
        scored, informative = [], set()  # (informative: the units that add something to the question)
        for (i, s), sim, whole in zip(cands, sims, full):
            e = _scored(i, s, float(sim), question, named)
            if e is not None:
                informative.add(s)
            if e is not None and s not in self.headings:
                e.similarity = max(e.similarity, float(whole))  # the gate judges the question as asked
                scored.append(e)
        if rare := _rare_acronyms(question, [s for _, s in cands]):
            for e in scored:  # "si parla di LCA e EPD, che c'entrano?": the units that write them, not the ones on EMAS
                e.score += ACRONYM_BONUS * min(2, len(rare & set(_ACRONYM.findall(e.text))))
        scored.sort(key=lambda e: -e.score)
        owner = [p.metadata.get("cluster") for p in passages]
        groups = [[k for k, (i, _) in enumerate(cands) if owner[i] == c] for c in compared] if len(compared) > 1 else []
        about = compared or ((subject,) if subject else ())
        # the passages not of another cluster than the question is about: its own and the report's text
        own = {i for i, _ in cands if not owner[i] or owner[i] in about} if about else set()
        answering = self._part_answers(question, cands, vectors, answers, [g for g in groups if g], full, own, informative,
                                       unnamed, aspects)
        # a question whether something is required is answered by the unit saying it is or is not, beside the best
        # unit of each part ("… bisogna per forza far parte di una filiera, immagino che non possa aderire giusto?":
        # "la condizione per l'adesione è …" answers the part on joining, "l'elemento filiera non costituisce un
        # requisito" the premise)
        if required := _requirement_unit(question, scored, cands):
            answering = {*answering, required}
        kept, per, seen = [], {}, []
        for e in scored:
            key = unit_key(e.text)
            same = next((n for n, k in enumerate(seen) if key in k or k in key), None)
            if same is not None:
                if e.text in answering:  # the part's answer, said already (the card repeats the report): that one answers it
                    kept[same].answers_part = True
                continue
            if e.text in answering or per.get(e.passage, 0) < per_passage:
                e.answers_part = e.text in answering
                kept.append(e)
                seen.append(key)
                per[e.passage] = per.get(e.passage, 0) + 1
        if follow and kept:
            kept = _followed(kept, cands, sims, question, named)
        return kept

    def _part_answers(self, question: str, cands: list[tuple[int, str]], vectors: np.ndarray,
                      answers: Callable[[str, str], bool] | None = None, groups: list[list[int]] = (),
                      question_sims: np.ndarray | None = None, own: set[int] = frozenset(),
                      informative: set[str] | None = None, unnamed: Callable[[str], str] | None = None,
                      aspects: list[str] = ()) -> set[str]:
        """The best unit for each asked part, when a question asks more than one thing, or a typed thing (a count:
        "quante azioni compongono il progetto?": the unit stating "le 6 azioni" ranked 8th, under sentences about the
        project; a date: "when was it set up?" is answered by "viene istituita nel 1995", not the area's size): among
        the units that state what the part asks (``answers``), when any does. ``groups``: the candidates of each
        cluster a question compares ("how did Hackefors and Vreten differ in organising the work, and how often did
        the firms meet?"): each part is then answered for each cluster, from its own passages. The units of the
        groups are matched against the part without the compared names (``unnamed``) when enough is left to ask
        something ("confronta DFI e Extremadura sul piano delle iniziative ambientali": the names chose the passages,
        and within them they favour the units that repeat the name), as ``focus`` does for the whole question.
        ``question_sims``: the candidates' cosines with the whole question, reused for a part that is the whole question (not encoded again).
        ``aspects``: what a comparison is asked along, when it lists them ("differ in the problem they tackle and in the
        body driving the work", ``question.compared_aspects``): each is a part, asked of each compared cluster.
        ``own``: the passages that are not of another cluster than the one the question is about (its passages and
        the report's own text); ``informative``: the units that add something to the whole question (see
        :func:`_scored`). An open part after another ("… ogni quanto si vedono i gruppi di lavoro e su che temi
        lavorano?") has no subject of its own: it asks about what the question is about, so its unit is taken among
        those (when any), and is not the unit stating what an earlier typed part asks (the frequency of "ogni quanto si
        vedono": it would win again by the words it shares). A typed part is stated by those first too (another card's
        "23 enterprises" does not count Pannon's)."""
        from assistant.question import answer_type, asked_parts, asks_others

        parts = asked_parts(question)
        if groups and len(parts) == 1 and aspects:
            parts = list(aspects)  # "how do A and B differ in the problem they tackle and in the body driving the work?"
        # one open part asking which one of a kind ("quale azione del progetto si occupa di portarlo fuori dalla
        # toscana?"): the unit naming an instance of it ("L'azione 5 “Replicability and Diffusion” …") answers, when
        # one does; the embedding ranks the sentences on what the question describes over the one that says which
        alone = answer_type(parts[0]) if len(parts) == 1 else ""  # the one part's answer type
        one_kind = alone == "open" and bool(asked_kind(parts[0]))
        if (alone in ("open", "yesno") and not one_kind) or not hasattr(self.embeddings, "embed_query"):
            return set()
        best: set[str] = set()
        typed: set[str] = set()  # the units stating what a typed part asks ("ogni 3 settimane" for "ogni quanto")
        grouped = np.zeros(len(cands), dtype=bool)  # the compared clusters' units
        grouped[[k for group in groups for k in group]] = True
        for part in parts:
            # "… e quali sono gli altri?": the others lie outside the passages of what the question is about
            mine = bool(own) and not groups and not asks_others(part)
            if question_sims is not None and part == question.strip():
                sims = question_sims
            else:
                sims = vectors @ np.asarray(self.embeddings.embed_query(part), dtype=np.float32)
            asked = unnamed(part) if unnamed is not None and groups else part
            if asked != part and len(_content(asked)) >= 2:
                within = vectors @ np.asarray(self.embeddings.embed_query(asked), dtype=np.float32)
                sims = np.where(grouped, within, sims)
            for group in groups or [range(len(cands))]:
                scored = [e for e in (_scored(cands[k][0], cands[k][1], float(sims[k]), part) for k in group) if e is not None]
                # how much of what the part asks each unit states (see answerable.answers_part), graded once
                grade = {id(e): answers(part, e.text) for e in scored} if answers is not None else {}
                stating = [e for e in scored if grade.get(id(e))]
                if mine:  # not what another cluster's passages state
                    stating = [e for e in stating if e.passage in own] or stating
                # two figures asked are two units when the passages hold both ("how many companies does it support, and
                # how many have implemented …?": "supporta 200 aziende", "60 aziende hanno implementato …")
                stating = [e for e in stating if e.text not in typed] or stating
                if not stating and len(parts) > 1:
                    scored = [e for e in scored if (not mine or e.passage in own) and e.text not in typed
                              and (informative is None or e.text in informative)] or scored
                if stating:  # a unit stating more of what the part asks first
                    most = max(grade[id(e)] for e in stating)
                    stating = [e for e in stating if grade[id(e)] == most]
                if stating or (scored and not one_kind):
                    best.add(max(stating or scored, key=lambda e: e.score).text)
                if stating:
                    typed.add(max(stating, key=lambda e: e.score).text)
        return best

    def support(self, sentences: list[str], passages) -> np.ndarray:
        """For cite.enforce: cosine of each answer sentence with the closest quoted sentence
        (the highlights given to the model, else every unit) of each passage; works across languages."""
        out = np.zeros((len(sentences), len(passages)), dtype=np.float32)
        if not sentences:
            return out
        vecs = self.vectors(sentences)
        for j, p in enumerate(passages):
            units = list(p.highlights) or passage_sentences(p.text)
            if units:
                out[:, j] = (vecs @ self.vectors(units).T).max(axis=1)
        return out


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
_LINKING = {"di", "del", "della", "dei", "delle", "e", "ed", "per", "of", "the", "and", "for", "on", "a", "al", "in"}


HEADING_WORDS = 6  # a section heading is this short at most
HEADING_CHUNKS = 3  # ... and heads this many chunks at least


def unit_chunks(texts: list[str]) -> dict[str, int]:
    """How many of the chunk ``texts`` hold each unit (what the index's sentence records tell without cutting the
    chunks again: :func:`imagine.components.vector_store.sentences.load`)."""
    seen: dict[str, int] = {}
    for text in texts:
        for unit in set(passage_sentences(text)):
            seen[unit] = seen.get(unit, 0) + 1
    return seen


def repeated_headings(chunks: dict[str, int]) -> set[str]:
    """The units that head a section in several chunks ("Elementi costitutivi del cluster", "Constitutive aspects of
    the cluster" in every card), from how many chunks hold each unit: short, neither a field line ("Paese / Country:
    Spain", which answers) nor a sentence (no full stop). They say nothing a question asks, and were quoted as if
    they did."""
    return {u for u, n in chunks.items() if n >= HEADING_CHUNKS and len(u.split()) <= HEADING_WORDS
            and ":" not in u and not u.rstrip().endswith((".", "!", "?"))}


def defines(term: str, sentence: str, spelt: bool = True) -> bool:
    """Whether ``sentence`` spells out the acronym ``term`` (any case: users type "apo"): the acronym written in
    capitals next to words whose initials are its letters, "APO, Ambito Produttivo Omogeneo" or "Ambito
    Produttivo Omogeneo (APO)". A definition the corpus gives answers "what is X?" however low the cosine."""
    acronym = term.upper()
    if len(acronym) < 2 or acronym not in _ACRONYM.findall(sentence):
        return False
    every = re.findall(r"[^\W\d_]+", sentence)
    words = [w for w in every if w.lower() not in _LINKING]
    initials = "".join(w[0] for w in words).upper()
    at = [i for i, w in enumerate(words) if w == acronym]
    if any(initials[i + 1 : i + 1 + len(acronym)] == acronym or initials[max(0, i - len(acronym)) : i] == acronym
           for i in at):
        return True
    if not spelt:
        return False
    # "IMAGINE, Innovation for MAde Green IN Europe": a word may give more than its initial
    return any(_spelt(acronym, every[i + 1 : i + 1 + 2 * len(acronym)]) for i, w in enumerate(every) if w == acronym)


def _spelt(acronym: str, words: list[str]) -> bool:
    """Whether the words right after an acronym spell it with the first letters of each: every word but a linking one
    gives a prefix of one letter or more, in order, and the last letter ends on a word ("Innovation for Made Green in
    Europe" spells IMAGINE: I, MA, G, IN, E). At least three words give letters, so that a word that merely begins
    like the acronym spells nothing."""
    @cache
    def spell(k: int, j: int, used: int) -> bool:
        if k == len(acronym):
            return used >= min(3, len(acronym))
        if j == len(words):
            return False
        word = words[j].upper()
        if words[j].lower() in _LINKING and spell(k, j + 1, used):
            return True
        n = 0
        while n < len(word) and k + n < len(acronym) and word[n] == acronym[k + n]:
            n += 1
            if spell(k + n, j + 1, used + 1):
                return True
        return False

    return spell(0, 0, 0)


def defines_any(question: str, sentence: str) -> bool:
    """Whether ``sentence`` spells out an acronym the question writes (see :func:`defines`); spelt from inside its
    words ("IMAGINE, Innovation for Made Green in Europe") only for a question that asks what a name means: a sentence
    spelling out the project's name says nothing else every question naming the project asks."""
    acronyms = set(_ACRONYM.findall(sentence))  # once per sentence: most have none, and then nothing is asked
    terms = {t.upper() for t in re.findall(r"[^\W\d_]+", question) if 2 <= len(t) <= 8} & acronyms if acronyms else set()
    spelt = bool(terms) and bool(_MEANING.search(fold_word(question)))
    return any(defines(t, sentence, spelt) for t in terms)


# a question asking what a name means: "cosa significa", "per cosa sta", "what does it stand for", "è un acronimo?"
_MEANING = re.compile(r"\b(?:significa\w*|significato|sta per|stanno per|stand\w* for|acronim\w*|acronyms?|sigla|"
                      r"meaning|mean|means|vuol dire|nome|name)\b")


# A section title in a card's report text ("Esperienze di Eco innovazione", "Elementi costitutivi del cluster"): a few
# words with no sentence end. The next section begins there; it continues nothing.
_TITLE = re.compile(r"^\W*(?:\S+\s+){0,5}\S*[^\W\d]$")


def _followed(kept: list[Evidence], cands: list[tuple[int, str]], sims, question: str, named: str) -> list[Evidence]:
    """``kept`` with the unit after the best one in its passage right after it, as its continuation (see
    :meth:`SentenceScorer.rank`): not a card's next field (a line with its own label), not a unit that adds nothing."""
    best = kept[0]
    at = next((k for k, c in enumerate(cands) if c == (best.passage, best.text)), None)
    if at is None or at + 1 >= len(cands) or cands[at + 1][0] != best.passage or _LABEL.match(cands[at + 1][1]) \
            or _TITLE.match(cands[at + 1][1]):
        return kept
    nxt = _scored(best.passage, cands[at + 1][1], float(sims[at + 1]), question, named)
    if nxt is None:
        return kept
    nxt.score, nxt.continues = best.score, True
    return [best, nxt] + [e for e in kept[1:] if e.text != nxt.text]


def _scored(i: int, sentence: str, sim: float, question: str, named: str = "") -> Evidence | None:
    """A unit of passage ``i`` scored for ``question``: the cosine plus small lexical bonuses (shared
    numbers, words and cross-lingual stems; a number or a frequency when that is what is asked).
    None for a unit that adds nothing to the question (and the full names of the clusters it names)."""
    q_words = _content(question)
    if (words := _content(_LABEL.sub("", sentence))) and words <= q_words | _content(named) and not numbers(sentence) - numbers(question):
        return None
    bonus = 0.05 * len(numbers(question) & numbers(sentence))
    bonus += 0.02 * min(3, len(q_words & _content(sentence)))
    bonus += 0.015 * min(3, len(stems(question) & stems(sentence)))
    bonus += 0.06 if asks_number(question) and numbers(sentence) else 0.0
    bonus += 0.08 if asks_frequency(question) and states_frequency(sentence) else 0.0
    bonus += 0.1 if defines_any(question, sentence) else 0.0  # "cos'è l'APO?": the sentence that spells it out
    bonus -= 0.01 * i  # prefer sentences of better-ranked passages on ties
    return Evidence(i, sentence, sim + bonus, sim)


SUBJECT_SHARE = 0.2  # a question word in more of the candidate units than this is the topic, not the thing asked
ACRONYM_BONUS = 0.05  # per rare acronym of the question a unit writes (two at most)


def _rare_acronyms(question: str, units: list[str]) -> set[str]:
    """The acronyms a question types (in any case: "lca", "EPD") that some candidate units write and at most
    ``SUBJECT_SHARE`` of them do: the thing asked about, not the topic every unit shares ("EMAS")."""
    typed = {w.upper() for w in re.findall(r"[^\W\d_]{2,6}", question)}
    written = [set(_ACRONYM.findall(u)) & typed for u in units]
    return {a for a in typed if 0 < sum(a in w for w in written) <= SUBJECT_SHARE * len(units)}


def _requirement_unit(question: str, scored: list[Evidence], cands: list[tuple[int, str]]) -> str | None:
    """For a question whether something is required ("bisogna per forza far parte di una filiera?"), the best unit that
    states a requirement, or its absence, about the thing asked: it shares one of the question's words that is no
    everyday word ("filiera", not "parte" of "far parte") and that few of the candidate units hold (not "distretto",
    which most hold: it is what the passages are about). The embedding ranks "la condizione che deve essere
    soddisfatta per l'adesione …" (about joining) over "l'elemento filiera non costituisce un requisito …", which
    answers."""
    if not asks_requirement(question):
        return None
    held = [stems(s) for _, s in cands]
    rare = stems(" ".join(w for w in _STEM_WORD.findall(question) if not is_common(fold(w))))
    subject = {w for w in rare if 0 < sum(w in h for h in held) <= SUBJECT_SHARE * len(held)}
    stating = [e for e in scored if states_requirement(e.text) and stems(e.text) & subject]
    return max(stating, key=lambda e: e.score).text if stating else None


SELECT_RATIO = 0.65  # a sentence within this share of the best one's score is quoted too (see select)


def select(ranked: list[Evidence], max_sentences: int = 3, ratio: float = SELECT_RATIO, max_chars: int = 1500) -> list[Evidence]:
    """The best unit for each asked part of the question (``answers_part``) whatever its score, first,
    then the top sentences within ``ratio`` of the best score, bounded in count and length: a question
    that asks two things is answered by the two units that answer them before anything else. The bounds
    leave room for a second unit after one long general sentence ("l'obiettivo dell'EMAS distrettuale è
    …", ~400 characters), which often is not the one that answers ("does each firm still need its own
    system?"): at 0.85 / 900 characters such questions got that sentence alone. A unit's
    continuation (``continues``) takes no place of its own and no room: it is quoted right after its unit,
    never instead of another answer."""
    if not ranked:
        return []
    # a continuation scores as its unit; one whose unit a later filter removed (another cluster's card) sets no bar
    best = next((e.score for e in ranked if not e.continues), ranked[0].score)
    out = [e for e in ranked if e.answers_part]
    used = sum(len(e.text) for e in out)
    for e in ranked:
        if e.continues:
            continue
        if len(out) >= max_sentences or e.score < best * ratio:
            break
        if e in out:
            continue
        if used + len(e.text) > max_chars and out:
            break
        out.append(e)
        used += len(e.text)
    for k, e in enumerate(ranked):  # continuations, after their units
        if e.continues and k > 0 and ranked[k - 1] in out and e not in out:
            out.insert(out.index(ranked[k - 1]) + 1, e)
    return out


# A unit that opens by pointing back ("Questo ente lavora con l'università di Ghent", "Tale criterio è stato inserito
# …", "Nell'ambito di questa azione …", "Da questo gruppo è selezionato un Comitato …"): what it is about is named in
# the unit before it.
_POINTS_BACK = re.compile(r"^(?:[\w’']+\s+){0,3}?(?:quest[oaie]|tal[ei]|this|these|such)\b", re.IGNORECASE)


def with_antecedents(selected: list[Evidence], retrieved: list[Passage], question: str = "") -> list[Evidence]:
    """``selected`` with the unit before each one that points back, quoted first (the pointing unit then continues
    it): quoted alone, "Questo ente lavora con l'università di Ghent" says nothing of which organisation does. Not
    for a unit stating the number a question asks for, or a number the question gives ("how much did air pollution
    fall since 1979?": "Attraverso queste azioni … una riduzione del 60% … rispetto al 1979" answers it; the actions
    before it are another matter)."""
    quoted = {e.text for e in selected}
    out: list[Evidence] = []
    for e in selected:
        stated = numbers(e.text)
        if e.continues or not _POINTS_BACK.match(_LABEL.sub("", e.text)) or (stated and (asks_number(question) or stated & numbers(question))):
            out.append(e)
            continue
        units = passage_sentences(retrieved[e.passage].text)
        at = units.index(e.text) if e.text in units else 0
        before = units[at - 1] if at > 0 else None
        if before is None or before in quoted or _LABEL.match(before):
            out.append(e)
            continue
        quoted.add(before)
        out += [Evidence(e.passage, before, e.score, e.similarity, answers_part=e.answers_part), replace(e, continues=True)]
    return out


DESCRIPTION_UNITS = 3  # the opening of a description quoted for "how does it work?"


def described(ranked: list[Evidence], retrieved: list[Passage], description: str) -> list[Evidence]:
    """``ranked`` with the opening units of ``description`` (a card's account of what a cluster does) first, in their
    order, marked as answering: "how did the Hackefors model work?" is answered by what the model does, in the order
    the card says it ("each firm develops its own EMS, the documentation is shared …, the firms name an environmental
    manager …"), not by the sentence that repeats the question's words ("the model was replicated in 40 networks").
    Each opening unit is quoted from a retrieved passage that holds it (with its field label, on a card); unchanged
    when none does."""
    units = split_sentences(description)[:DESCRIPTION_UNITS] if description else []
    if not units:
        return ranked
    held = [(i, u, unit_key(u)) for i, p in enumerate(retrieved) for u in passage_sentences(p.text)]  # cut once
    found: list[Evidence] = []
    best = ranked[0].score if ranked else 0.0
    cosine = {e.text: e.similarity for e in ranked}
    for unit in units:
        key = unit_key(unit)
        hit = next(((i, u) for i, u, k in held if key and key in k), None)
        if hit is None:
            break
        found.append(Evidence(hit[0], hit[1], best, cosine.get(hit[1], 0.0), answers_part=True))
    if not found:
        return ranked
    texts = {e.text for e in found}
    rest = [e for e in ranked if e.text not in texts]
    if rest and unit_key(rest[0].text) not in {unit_key(e.text) for e in found}:
        rest[0] = replace(rest[0], answers_part=True)  # and the unit closest to the question, after it
    return found + rest
