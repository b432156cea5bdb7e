"""The Assistant: the one public entry point (UI, CLI, evaluation and outside tools use only this).

One question flows: check input -> card route (exact answers from card fields) or
retrieval of the core question (self-description dropped) -> answerability gate -> evidence
sentences -> backend (LLM or extractive) -> citation enforcement -> claim verification (LLM).
Backends fail soft: an LLM that is missing, down, slow, or that writes an answer the checks
reject yields the extractive answer with a one-line notice.
"""

from __future__ import annotations

import atexit
import threading
import time
from dataclasses import replace
from functools import partial
from typing import Iterator

import numpy as np

from assistant import cards, enumeration, premises
from assistant.arithmetic import SEARCHED, derive
from assistant.answerable import Answerability, about_named, answers_part, counted_unit, each_cluster, judge
from assistant.cards import CardCatalog
from assistant.cards.plan import SCOPE_SIZE
from assistant.cards.topic import RARE_WORD as TOPIC_RARE_WORD, TopicIndex, cluster_topic, only_unread
from assistant.cite import enforce, merge_citations, shift_markers
from assistant.evidence import (SELECT_RATIO, Evidence, SentenceScorer, described, passage_sentences, repeated_headings,
                               select, unit_chunks, with_antecedents)
from assistant.extractive import computes_on_last_quotes, group_by_passage, quote_answer
from assistant.gist import gist_line
from assistant.guard import (InputError, acronyms_of, check_question, name_owners, name_vocabulary, owners_in,
                             unknown_asked, unknown_names, vocabulary_of)
from assistant.language import conversation_language, detect_language, message
from assistant.question import (answer_type, asked_parts, asks_workings, compared_aspects, content_words, core_question,
                                distributes, only_describes)
from assistant.retrieve import Query, Retriever, looks_like_follow_up, rewrite
from assistant.spelling import Speller
from assistant.types import Answer, Passage
from assistant.verify import verify_answer
from imagine.cards import ClusterCard
from imagine.components.embedding import build_embeddings
from imagine.components.vector_store import StoreUnavailable, open_store, sentences
from imagine.errors import first_line
from imagine.geography import name_groups
from imagine.glossary import acronyms_meant, term_groups, unspelled
from imagine.index_state import read_state
from imagine.settings import Settings, get_settings
from imagine.text import expand_chat_shorthand, unique

UNREPORTED_EVIDENCE = 3  # the best evidence units that would answer in place of a card whose asked field is empty


class Assistant:
    """Answers questions about cluster EMAS adoption from the indexed corpus, with citations."""

    def __init__(self, settings: Settings | None = None, llm="auto", embeddings=None):
        """``llm``: "auto" = the LLM component's backend from settings (built and warmed in the background),
        or an LLM object (``stream``, ``name``, ``backend``), or None for extractive answers. ``embeddings``:
        None = the embedding component from settings, or any object with its interface (tests pass a small
        fake); it must be the one the index was built with. The index must exist: an empty one gives refusals
        (the faces build a missing index, ``ingest.pipeline.build_if_missing``)."""
        self.settings = settings or get_settings()
        self.embeddings = embeddings if embeddings is not None else build_embeddings(self.settings)
        self._llm = llm
        self._llm_error = ""
        self._store = None
        self._lock = threading.Lock()
        self._llm_lock = threading.Lock()
        self.scorer = SentenceScorer(self.embeddings)
        self._stop = threading.Event()
        self._compiler: threading.Thread | None = None
        self._connect()
        self._llm_warmer: threading.Thread | None = None
        if llm == "auto":
            # the LLM is built off the first question's path, and a local model's fixed prompt prefix is processed once
            self._llm_warmer = threading.Thread(target=self._warm_llm, daemon=True)
            self._llm_warmer.start()
        atexit.register(self.close)

    # --- set-up ---------------------------------------------------------------------
    def _connect(self) -> None:
        """Open the store and load cards, vocabulary and sentence vectors from it."""
        with self._lock:
            store = open_store(self.embeddings, self.settings)
            data = store.get(include=["documents", "metadatas"])
            self.catalog = CardCatalog.from_store(data["ids"], data["documents"], data["metadatas"])
            self.vocabulary = vocabulary_of(data["documents"], [*name_groups(), *term_groups()])
            self.acronyms = acronyms_of(data["documents"])
            self.unspelled = unspelled(data["documents"])  # "LCA", "EPD": acronyms the corpus never writes out
            self.names = name_vocabulary(data["documents"])
            self.speller = Speller(data["documents"])
            chunks = [Passage(t, m or {}, 0.0, i)  # each chunk once: the acronym index, the look-up by position
                      for i, t, m in zip(data["ids"], data["documents"], data["metadatas"] or [])]
            self.retriever = Retriever(store, chunks=chunks)
            self._load_sentence_vectors(store, data["documents"])
            self._store = store
            self._corpus_texts = list(data["documents"])
            self._ids = list(data["ids"])
            self._metadatas = [m or {} for m in data["metadatas"] or []]
            self._topics: tuple[TopicIndex, np.ndarray] | None = None  # built on the first "which cluster did X"
            self._cluster_texts: dict[str, str] = {}  # each cluster's chunks (card and report section) as one text
            for t, m in zip(self._corpus_texts, data["metadatas"] or []):
                if m and m.get("cluster"):
                    self._cluster_texts[m["cluster"]] = self._cluster_texts.get(m["cluster"], "") + "\n" + t
            self._owners = name_owners(self._cluster_texts, self.names)  # "Ecoscan" -> the San Sebastian district
            self._stated: set | None = None  # the counts the corpus states, read on the first premise check
            self._chunks = {(p.metadata.get("document"), p.metadata.get("position")): p
                            for p in chunks if p.metadata.get("position") is not None}

    def _load_sentence_vectors(self, store, chunk_texts: list[str]) -> None:
        """The index's sentence vectors into the scorer, in bulk; what does not fit its cache is looked up
        when needed. An index built before sentence vectors were stored has none: units are encoded on first use.
        The section headings the scorer skips are counted from the same records; the chunk texts are cut into
        units for that only when the records are not all there."""
        sentence_store = store.sentences()
        texts, vectors, complete, held = sentences.load(sentence_store, self.scorer.capacity)
        self.scorer.headings = repeated_headings(held if complete and held else unit_chunks(chunk_texts))
        self.scorer.preload(texts, vectors)
        self.scorer.lookup = None if complete else partial(sentences.lookup, sentence_store)
        self.sentence_vectors = len(texts)

    def _warm_llm(self) -> None:
        from assistant.prompt import prefix_messages

        llm = self.llm
        if llm is not None and not self._stop.is_set():
            try:
                llm.warm(prefix_messages())
            except Exception as exc:  # noqa: BLE001 - a failed warm-up only costs the first question time
                self._llm_error = first_line(exc, 160)

    def compile_queries(self) -> threading.Thread | None:
        """For long-running servers: compile query encoding in a background thread (when
        ``settings.embedding_compile``), so searches get faster once it is done. Questions are
        answered meanwhile by the eager model. One-shot commands should not call this: the
        compile costs more CPU than a few questions save."""
        if not self.settings.embedding_compile:
            return None
        if self._compiler is None:
            self._compiler = threading.Thread(target=self.embeddings.compile_queries, name="compile-queries", daemon=True)
            self._compiler.start()
        return self._compiler

    def close(self) -> None:
        """Stop background work. Called at exit: torch/llama.cpp must not be mid-run when Python shuts down."""
        self._stop.set()
        for thread in (self._llm_warmer, self._compiler):
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout=30)

    def _ensure_store(self) -> None:
        if self._store is None:
            self._connect()

    @property
    def llm(self):
        """The generation backend from settings, built on first use; None = extractive."""
        with self._llm_lock:  # the start-up warm-up and a first question may ask at once
            if self._llm == "auto":
                from imagine.components.llm import build_llm

                try:
                    self._llm = build_llm(self.settings)
                except Exception as exc:  # noqa: BLE001 - a missing or broken model must not break the chat
                    self._llm, self._llm_error = None, str(exc)
        return self._llm

    def cards(self) -> list[ClusterCard]:
        self._ensure_store()
        return list(self.catalog.cards)

    # --- public API -----------------------------------------------------------------
    def search(self, query: str, k: int = 5, history: list[dict] | None = None) -> list[Passage]:
        """Ranked passages for a query (follow-ups resolved against ``history``)."""
        self._ensure_store()
        q = rewrite(query, history, self.catalog.find_clusters)
        try:
            return self.retriever.search(q, k=k)
        except Exception as exc:
            self._store = None
            raise StoreUnavailable(str(exc)) from exc

    def ask(self, question, history: list[dict] | None = None) -> Answer:
        answer = None
        for piece in self.stream(question, history):
            if isinstance(piece, Answer):
                answer = piece
        return answer

    def stream(self, question, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the final :class:`Answer` (whose text is authoritative)."""
        started = time.perf_counter()
        try:
            checked = check_question(question, self.settings.max_question_chars, conversation_language(history))
        except InputError as exc:
            yield Answer(text=str(exc), language=exc.lang, route="input", backend="none")
            return
        lang, text = checked.lang, checked.text
        try:
            self._ensure_store()
            # misspelt corpus words written as the corpus writes them (assistant.spelling), in this turn and, with their
            # shorthand written out, in the earlier ones (a follow-up's set is read again from them)
            text = self.speller.correct(text)
            history = [{**t, "content": self.speller.correct(expand_chat_shorthand(t["content"]))}
                       if t.get("role") == "user" and isinstance(t.get("content"), str) else t for t in history or []]
            answer = yield from self._answer(text, lang, history)
        except StoreUnavailable as exc:
            self._store = None
            answer = Answer(text=message(lang, "store_down", why=first_line(exc, 160)), language=lang, route="error", backend="none")
        except Exception as exc:  # chromadb raises many kinds when its server is gone
            if "chroma" not in type(exc).__module__ and "httpx" not in type(exc).__module__:
                raise
            self._store = None
            answer = Answer(text=message(lang, "store_down", why=first_line(exc, 160)), language=lang, route="error", backend="none")
        answer.notice = " ".join(n for n in (checked.notice, answer.notice) if n)
        answer.timings["total_s"] = time.perf_counter() - started
        yield answer

    # --- the pipeline ---------------------------------------------------------------
    def _answer(self, text: str, lang: str, history: list[dict]):
        if only_describes(text, self.catalog.find_clusters):
            # "hi, I have a small spinning mill in Prato, 14 people": an introduction, which no passage or card
            # answers (quoting what it happens to match would answer a question nobody asked); the next turn has it
            answer = Answer(text=message(lang, "introduction"), language=lang, route="introduction", backend="none")
            yield answer.text
            return answer
        reading, core = cards.read_message(text, self.catalog, history)
        if computes_on_last_quotes(core, history):
            # "quindi tessile + conciario + calzaturiero quanti fanno in tutto?" after the report's "84 di cui 47 del
            # settore tessile, 10 del conciario …": the figures the last answer quoted, not the cards of those sectors
            answer = yield from self._from_passages(text, lang, history, self._retrieve(text, history))
            return answer
        parts = cards.read_parts(core, self.catalog, history)
        if parts and all(cards.fits(r.plan, answer_type(r_text), counted_unit(r_text), r_text)
                         for r, r_text in zip(parts, asked_parts(core))):
            # "how many clusters in France or Spain, and which has the most firms?": one exact answer per part
            answer = cards.answer_parts(parts, self.catalog, lang)
            yield answer.text
            return answer
        split = cards.card_then_prose(core, self.catalog, history) if reading.plan is None or not cards.prefer_plan(reading) else None
        if split is not None and cards.fits(split[0].plan, answer_type(split[1]), counted_unit(split[1]), split[1]):
            # "how many firms does Norte have and which body works most on its environmental improvement?": the card for
            # the first part, then the passages for the rest, asked after the card's answer (the cluster comes from it)
            first, _, rest = split
            card = cards.answer(first.plan, self.catalog, lang)
            if (asked := self._asked_after(card, text, rest, history)) is not None:
                return (yield from self._card_then_passages(first, rest, lang, *asked, card, gated=True))
        base = None  # the passages retrieved for the question, when a step below has asked for them already
        if not history and (within := cards.topic_scope(reading, self.catalog, core)):
            # "did any Belgian cluster do something on water?": what the filtered clusters' cards say of the topic
            base = self._passages_for(text, history)
            if (topical := self._on_topic(text, history, base, within)) is not None:
                answer = yield from self._from_passages(text, lang, history, topical)
                return answer
        found = (self._retrieve(text, history, base=base) if cards.needs_passages(reading, text) or reading.wanted
                 else None)
        if found and reading.wanted:
            # "which chemical companies are in the Gendorf park?": the passages must name firms
            found = (found[0], replace(found[1], wanted=reading.wanted), *found[2:])
        if reading.contradicted and all(p.field == SCOPE_SIZE for p in reading.contradicted):
            found = found or self._retrieve(text, history, base=base)
            if premises.stated_before_its_noun([p.value for p in reading.contradicted], text, found[3]):
                # "Of the 1,307 European clusters that were mapped, how many …?": the documents' own count of a wider
                # set of clusters, not a wrong count of the cards; the cards do not hold that set, the passages may
                reading = replace(reading, plan=None, complete=False, contradicted=[])
        best = max((e.similarity for e in found[-1]), default=0.0) if found else None
        if (rest := cards.beyond_cards(reading, core, best, self.catalog)) and not reading.contradicted:
            # "who coordinates it, and when was it set up?": the card for the coordinator, then the passages for the
            # date, asked as a follow-up to the card's answer (the cluster it is about comes from that turn); when
            # the passages do not answer that part, the question goes its usual way
            card = cards.answer(reading.plan, self.catalog, lang)
            if (asked := self._asked_after(card, text, rest, history)) is not None:
                return (yield from self._card_then_passages(reading, rest, lang, *asked, card, gated=True))
        asks_beyond = reading.plan is not None and (not cards.fits(reading.plan, answer_type(core), counted_unit(core), core)
                                                    or cards.asks_unread_kind(reading, core, self.catalog))
        if reading.plan is not None and (reading.then_passages or reading.contradicted and (
                reading.coverage < cards.PLAN_COVERAGE or asks_beyond)):
            # "The Gendorf park in Austria cut air pollution by how much?", "Pannon, in Poland, when was it set up?": the
            # card corrects the premise, the passages answer what else is asked; "tell me about Vreten": the card's main
            # fields, then the passages
            if asks_beyond and reading.contradicted:
                reading = cards.premises_only(reading)  # the card corrects the premise; its fields are not what is asked
            return (yield from self._card_then_passages(reading, text, lang, history, found))
        fits = reading.plan is not None and (reading.contradicted or not asks_beyond)
        if (found is None and fits and reading.complete and not reading.names and reading.plan.op == "lookup"
                and reading.plan.clusters and answer_type(core) not in ("open", "yesno")):
            # a named cluster's field of the very kind asked (a website, a coordinator, a count), however little of
            # the wording the plan explains: when the passages state no such thing, its card answers, not a refusal
            # ("… we need the web address listed for the Basque industrial district around San Sebastian": not
            # reported). Not a list or count of clusters: a question the cards explain so little of ("chi è il
            # capofila del progetto?" read as the pilot districts) is about something else
            found = self._retrieve(text, history, base=base)
        if fits and (cards.prefer_plan(reading, best, text) or cards.named_in_prose_only(reading, self.catalog)
                     or self._passages_refused(reading, found, text) or self._unreported_elsewhere(reading, found)):
            # the plan answers: it covers the question, or it is in the uncertain band and the passages do not answer
            answer = cards.answer(reading.plan, self.catalog, lang)
            yield answer.text
            return answer
        answer = yield from self._from_passages(text, lang, history, found)
        answer.notice = " ".join(n for n in (cards.notice(reading, lang), answer.notice) if n)
        return answer

    def _asked_after(self, card: Answer, text: str, rest: str, history: list[dict]):
        """(the conversation with the card's answer to ``text`` as its last turn, what ``rest`` retrieves asked after
        it), for the passages to answer the parts no card holds; None when the gate refuses them (then the question
        goes its usual way)."""
        before = [*history, {"role": "user", "content": text}, {"role": "assistant", "content": card.text}]
        found = self._retrieve(rest, before, follows=True)  # a part of the question the card was asked: its subject
        core, query, _, retrieved, ranked = found
        return None if self._out_of_corpus(core, query, retrieved, ranked, rest) else (before, found)

    def _card_then_passages(self, reading, text: str, lang: str, history: list[dict], found, card: Answer | None = None,
                            gated: bool = False):
        """The card's answer (the correction of a premise the question asserts, a cluster's overview, a field its card
        leaves empty), then the passages' answer to the rest of the question (cited after the card), or the card
        alone when the gate refuses the passages (``gated``: the caller's gate has passed ``found`` already)."""
        card = card or cards.answer(reading.plan, self.catalog, lang)
        yield card.text
        found = found or self._retrieve(text, history)
        core, query, vector, retrieved, ranked = found
        if corrected := tuple(str(p.value) for p in reading.contradicted if p.field == "country"):
            # a country the card has corrected ("Pannon, in Poland, ...") points at no other cluster (see about_named)
            ranked = about_named(ranked, retrieved, query.clusters, core, self.catalog.names_cluster, corrected)
            found = (core, query, vector, retrieved, ranked)
        if not gated and self._out_of_corpus(core, query, retrieved, ranked, text):
            # what the card does not hold and no passage answers either: said, not left out ("… e dammi il nome del
            # presidente dell'ATP": the card corrects the premise, no document names a president). Said as not found,
            # not as absent from the documents: the gate can refuse a part a passage does answer
            rest = message(lang, "rest_refused")
            yield "\n\n" + rest
            card.text += "\n\n" + rest
            return card
        yield "\n\n"
        # gated: the gate just passed these passages; premises: the card has corrected the question's
        answer = yield from self._from_passages(text, lang, history, found, check_premises=False, gated=True)
        k = len(answer.citations)
        answer.text = shift_markers(card.text, k) + "\n\n" + answer.text
        answer.citations = answer.citations + card.citations
        return answer

    def _compared(self, named: list[str], core: str) -> tuple[str, ...]:
        """The clusters a question asks the same of: those it names and, when it names one, those whose own names it
        writes besides (``guard.name_owners``: "che differenza c'è tra il modello Hackefors e l'Ecoscan basco?" compares
        Hackefors with the San Sebastian district). A name alone makes no subject: "REACH", "OHSAS" are rules a card
        mentions, and a question about them is not about that cluster."""
        return tuple(unique([*named, *owners_in(core, self._owners)])) if named else ()

    def _names_compared(self, text: str) -> list[str]:
        """The clusters a text names, by their names or by the names their cards write, and the places it names: what
        a list in a comparison is of when it is not of aspects ("tra come atp in portogallo e piot in polonia …")."""
        return [*self.catalog.find_clusters(text), *owners_in(text, self._owners), *self.catalog.find_places(text)]

    def _passages_refused(self, reading, found, text: str) -> bool:
        """In the uncertain band (``found``: what _retrieve returned): whether the gate refuses the passages,
        so that the card plan answers instead. Never for a question naming what the cards do not know."""
        if not found or reading.names:
            return False
        core, query, _, retrieved, ranked = found
        return self._out_of_corpus(core, query, retrieved, ranked, text)

    def _unreported_elsewhere(self, reading, found) -> bool:
        """In the uncertain band: the plan's clusters leave the asked field empty on their cards (``cards.unreported``)
        and none of the best evidence units (:data:`UNREPORTED_EVIDENCE`) is theirs, so the passages would answer with
        another cluster's value ("a chi fa capo il coordinamento del cluster tessile ungherese?": Pannon's card names no
        coordinator, the passages gave Extremadura's). The card answers: not reported."""
        if not found or reading.names or not reading.complete or reading.coverage < cards.MIN_COVERAGE:
            return False
        empty = cards.unreported(reading.plan, self.catalog)
        _, _, _, retrieved, ranked = found
        # (a unit of theirs that only describes the cluster, naming nothing of the field asked, states no value either)
        return bool(empty) and not any(retrieved[e.passage].metadata.get("cluster") in empty
                                       and cards.names_field(e.text, reading.plan.fields)
                                       for e in ranked[:UNREPORTED_EVIDENCE] if 0 <= e.passage < len(retrieved))

    def _retrieve(self, text: str, history: list[dict], follows: bool = False, base=None):
        """(the core question, query, its vector, retrieved passages, their sentences ranked as evidence): what the
        cards say of the topic of a question asking which cluster did something (:meth:`_on_topic`), else the passages
        retrieved for it (:meth:`_passages_for`; ``base``: those, when the caller has them already). ``follows``: the
        turn is read as a follow-up of the conversation whatever its form (see _from_passages)."""
        base = base or self._passages_for(text, history, follows)
        return self._on_topic(text, history, base) or base

    def _passages_for(self, text: str, history: list[dict], follows: bool = False):
        """(the core question, query, its vector, retrieved passages, their sentences ranked as evidence), from the
        store's search (see :meth:`_retrieve`)."""
        core = core_question(text, self.catalog.find_clusters, self.catalog.find_places)  # without the self-description
        query = rewrite(core, history, self.catalog.named_or_described, context=text,
                        answered=lambda turn, before: cards.answered_with(turn, before, self.catalog), follows=follows)
        searched = self._with_acronyms(query.text)
        vector = self.embeddings.embed_query(searched)
        try:
            retrieved = self.retriever.search(query, k=self.settings.top_k, vector=vector,
                                              context_vector=self.embeddings.embed_query(query.context) if query.context else None)
        except Exception as exc:
            raise StoreUnavailable(str(exc)) from exc
        retrieved = enumeration.with_lead_ins(retrieved, self.chunk_at)
        focus = self._focus(query, vector, retrieved)
        # the clusters an earlier turn gave ("i 4 distretti pilota") are the context of a follow-up, not each asked about,
        # unless it asks its thing of each ("… and how each uses its environmental management?")
        asked_of = [] if query.rewritten and not distributes(core) else query.clusters
        compared = self._compared(asked_of, core)
        ranked = self.scorer.rank(vector, searched, retrieved, answers=answers_part, focus=focus, named=" ".join(query.clusters),
                                  follow=answer_type(core) in ("open", "yesno"), compared=compared,
                                  subject=query.clusters[0] if len(query.clusters) == 1 else "",
                                  unnamed=self.catalog.without_clusters,
                                  aspects=compared_aspects(query.text, self._names_compared) if len(compared) > 1 else [])
        if focus is not None:  # the gate judges the question as asked, whichever units the focused ranking keeps
            plain = self.scorer.rank(vector, searched, retrieved, answers=answers_part, named=" ".join(query.clusters))
            query.unfocused = max((e.similarity for e in plain), default=None)
        ranked = about_named(ranked, retrieved, list(compared) or query.clusters, core, self.catalog.names_cluster)
        return core, query, vector, retrieved, each_cluster(ranked, retrieved, asked_of, core)

    def _with_acronyms(self, text: str) -> str:
        """``text`` with the acronyms for the terms it spells out in words (``glossary.acronyms_meant``) that the corpus
        writes only as acronyms (``glossary.unspelled``): the report writes "4 LCA" and "le rispettive EPD", a user
        "studi sul ciclo di vita dei prodotti"."""
        meant = [a for a in acronyms_meant(text) if a in self.unspelled]
        return f"{text} ({', '.join(meant)})" if meant else text

    def _on_topic(self, text: str, history: list[dict], base, within: tuple[list[str], list[str]] | None = None):
        """For a question asking which cluster did something (``cluster_topic``), naming none and not following up
        an earlier turn: (core, query marked ``stated``, vector, card passages, ranked evidence) from the cards that
        state the topic (:meth:`_among_cards`); None when they do not. ``base``: what :meth:`_passages_for` found for
        the question. ``within``: the clusters a card filter of the question leaves and the words it left unread
        (``cards.topic_scope``): only their cards answer, on those words."""
        core, query = base[0], base[1]
        follow_up = bool(history) and looks_like_follow_up(text)
        if query.clusters or follow_up or not (topic := cluster_topic(query.text, text if query.text == core else "")):
            return None
        found = self._among_cards(only_unread(topic, within[1]), within[0]) if within else self._among_cards(topic)
        return None if found is None else (core, replace(query, text=topic, stated=True), *found)

    def _among_cards(self, topic: str, within: list[str] | None = None):
        """(vector, card passages, ranked evidence) for a question asking which cluster did something
        (:mod:`assistant.cards.topic`): every corpus sentence scored by its cosine with the topic plus a bonus for the
        topic's rare words it states; the cards' sentences answer when the best of them states one and scores at
        least as well as any sentence of the report's text about no cluster ("which Italian district is given as an
        example of an APO certificate?" is answered by the report). None otherwise, and for a follow-up (its subject
        is in the turns before). ``within``: only these clusters' cards answer."""
        topics, unit_vectors = self._topic_index()
        units = topics.units
        if not units:
            return None  # an empty index: no card states anything (and no vectors to score)
        vector = self.embeddings.embed_query(topic)
        cosines = unit_vectors @ np.asarray(vector, dtype=np.float32)
        lexical = topics.lexical(topic)
        scores = [float(c) + TOPIC_RARE_WORD * w for c, w in zip(cosines, lexical)]
        order = sorted(range(len(units)), key=lambda i: -scores[i])
        on_cards = [i for i in order if (cluster := topics.cluster_of(units[i][0])) and (within is None or cluster in within)]
        if not on_cards or not lexical[on_cards[0]] or scores[on_cards[0]] < scores[order[0]]:
            return None
        at: dict[int, int] = {}  # chunk -> its place among the cited passages
        stated: set[str] = set()  # the clusters a unit already quoted as stating the topic speaks for
        ranked: list[Evidence] = []
        for i in on_cards:
            k, unit, _ = units[i]
            if k not in at and len(at) >= self.settings.top_k:
                continue
            if any(unit in e.text or e.text in unit for e in ranked):
                continue  # the card and the report's text of it say the same sentence (one with its field label)
            at.setdefault(k, len(at))
            # what the best card says of the topic is quoted whole: each of its sentences stating a rare topic word;
            # another card whose best sentence states one and scores near the best too ("which clusters mention
            # water?": West Flanders, Vreten and Norte each say it their way)
            states = lexical[i] > 0 and (at[k] == 0 and sum(e.answers_part for e in ranked) < 3
                                         or topics.cluster_of(k) not in stated
                                         and scores[i] >= scores[on_cards[0]] * SELECT_RATIO)
            if states:
                stated.add(topics.cluster_of(k))
            ranked.append(Evidence(at[k], unit, scores[i], float(cosines[i]), answers_part=states))
            if len(ranked) >= 3 * self.settings.top_k:
                break
        retrieved = [Passage(text=self._corpus_texts[k], metadata=dict(self._metadatas[k]), score=1.0, id=self._ids[k])
                     for k in at]
        return vector, retrieved, ranked

    def _topic_index(self) -> tuple[TopicIndex, np.ndarray]:
        """The corpus's sentences for :meth:`_among_cards` and their vectors, built on the first question that needs
        them rather than at start-up: cutting every chunk into sentences took 0.57 s on the 50-chunk index."""
        if self._topics is None:
            index = TopicIndex(list(zip(self._corpus_texts, self._metadatas)))
            self._topics = (index, self.scorer.vectors([u for _, u, _ in index.units]))
        return self._topics

    def _focus(self, query: Query, vector: list[float], retrieved: list[Passage]) -> list | None:
        """The question vector for each passage's sentences: for the passages of a cluster the question names,
        the question without the name, when a word is left that asks something ("who coordinates the network …?",
        "… anything on sustainability?"; not "tell me about"): the name chose those passages, and within them it
        would favour the sentences that repeat it over the one that answers. None: one vector for all. (The gate
        still judges the question as asked: :meth:`_retrieve` keeps the unfocused ranking's best similarity.)"""
        named = set(query.clusters)
        if not named or not any(p.metadata.get("cluster") in named for p in retrieved):
            return None
        asked = self.catalog.without_clusters(query.text)
        if not content_words(asked):
            return None
        stripped = self.embeddings.embed_query(asked)
        return [stripped if p.metadata.get("cluster") in named else vector for p in retrieved]

    def _from_passages(self, text: str, lang: str, history: list[dict], found=None, check_premises: bool = True,
                       gated: bool = False):
        core, query, vector, retrieved, ranked = found or self._retrieve(text, history)
        if not gated and self._out_of_corpus(core, query, retrieved, ranked, text if not history else None):
            # in a conversation, a turn that does not stand alone may still be a follow-up whatever its form ("Quando
            # finisce e quante aziende ha coinvolto?" after "Il progetto SUSPRO³ cos'è?": no pronoun, the subject
            # dropped): asked again as one, it is answered when the gate passes that reading
            if history and not query.rewritten:
                again = self._retrieve(text, history, follows=True)
                core_again, query_again, _, retrieved_again, ranked_again = again
                if query_again.rewritten and not self._out_of_corpus(core_again, query_again, retrieved_again, ranked_again):
                    return (yield from self._from_passages(text, lang, history, again, check_premises, gated=True))
            refusal = message(lang, "refused")
            yield refusal
            return Answer(text=refusal, retrieved=retrieved, refused=True, language=lang, route="refusal", backend="none")

        if len(query.clusters) == 1 and asks_workings(core) and (card := self.catalog.get(query.clusters[0])):
            ranked = described(ranked, retrieved, card.eco_innovation)  # "how did it work?": the card's account of it
        # a sum, a remainder, a share the question asks of one sentence's figures: that sentence is quoted (the line
        # computed from it leads the answer, in quote_answer)
        if (derived := derive(query.text, [e.text for e in ranked[:SEARCHED]])) is not None:
            ranked = [replace(e, answers_part=True) if e.text == derived.sentence else e for e in ranked]
        # "seguendo 4 criteri" answers "which criteria?" only with the criteria that follow it
        selected, retrieved = enumeration.complete(select(ranked), retrieved, query.text, self.chunk_at, ranked)
        selected, retrieved = enumeration.continue_lists(selected, retrieved, self.chunk_at)
        selected = with_antecedents(selected, retrieved, query.text)  # "Questo ente …": the unit naming it first
        # "8 azioni" where the report says 6 (unless a card corrected the question's numbers already); a year the
        # question asserts ("created in 2005") is checked either way: no card field holds it
        wrong = (premises.contradiction(core, retrieved, self._stated_counts()) if check_premises else None) \
            or self._year_premise(text, vector, retrieved)
        nature = self._nature_premise(text, retrieved)  # "società privata" of a public body: said besides a year
        cited, quotes = group_by_passage(selected, retrieved)
        body, citations = quote_answer(selected, retrieved, lang, question=query.text, names=self.catalog.names_cluster)
        llm = self.llm
        # (a false premise: the model went along with it) the quotes first, shown at once, then the LLM's checked summary
        summarise = bool(citations) and check_premises and wrong is None and nature is None and self._summarises(llm)
        if summarise:
            yield body
            summary = yield from self._generate(llm, text, core, lang, history, cited, quotes, lead="\n\n" + message(lang, "summary") + " ")
            if summary is not None:
                said, citations = merge_citations(summary.text, summary.citations, citations)
                summary.text = f"{body}\n\n{message(lang, 'summary')} {said}"
                summary.citations, summary.retrieved = citations, retrieved
                return _noting(_noting(summary, wrong, retrieved, lang), nature, retrieved, lang)
            notice = message(lang, "no_summary", why=self._llm_error)
        else:
            unavailable = llm is None and (self.settings.llm_backend != "extractive" or self._llm_error)
            notice = message(lang, "fallback", why=self._llm_error) if unavailable else ""
        if not summarise:
            yield body  # the quotes at once: the gist below costs the local model two calls
        line = gist_line(selected, lang, query.text, llm) if citations else ""  # English over Italian: a checked gist
        if line:
            yield f"\n\n{line}"
            body = f"{body}\n\n{line}"
        answer = Answer(text=body, citations=citations, retrieved=retrieved, language=lang, route="passages",
                        backend="extractive", notice=notice)
        return _noting(_noting(answer, wrong, retrieved, lang), nature, retrieved, lang)

    def _summarises(self, llm) -> bool:
        """Whether the LLM writes a summary after the quotes (``settings.llm_summary``; see its description)."""
        if llm is None or self.settings.llm_summary == "off":
            return False
        return self.settings.llm_summary == "on" or llm.backend != "local"

    def _generate(self, llm, question, core, lang, history, cited: list[Passage], quotes: list[list[str]], lead: str = ""):
        """Stream an LLM answer over the evidence (after ``lead``, once it writes); None when nothing of it holds."""
        from assistant.prompt import build_messages
        from imagine.components.llm import LLMUnavailable

        evidence = [(n, " ".join(q)) for n, q in enumerate(quotes, 1)]
        given = [Passage(p.text, p.metadata, p.score, p.id, highlights=q) for p, q in zip(cited, quotes)]
        messages = build_messages(question, evidence, history, lang)
        pieces: list[str] = []
        first = None
        t0 = time.perf_counter()
        try:
            for piece in llm.stream(messages, self.settings.llm_max_tokens):
                if first is None:
                    first = time.perf_counter() - t0
                    if lead:
                        yield lead
                pieces.append(piece)
                yield piece
        except LLMUnavailable as exc:
            self._llm_error = first_line(exc, 160)
            return None
        raw = "".join(pieces)
        text, citations = enforce(raw, given, similarity=self.scorer.support)  # cross-lingual attribution
        if not text or not citations:
            self._llm_error = "answer not supported by the passages" if lang == "en" else "risposta non supportata dai passaggi"
            return None
        if detect_language(text, default=lang) != lang:
            self._llm_error = "answer in the wrong language" if lang == "en" else "risposta nella lingua sbagliata"
            return None
        # every sentence against the quotes it cites: invented names, expansions, roles, numbers go
        verified = verify_answer(text, citations, core, lang, self._closeness, asked=question, say_missing=False)
        if verified.main_part_lost:
            self._llm_error = "answer not supported by the passages" if lang == "en" else "risposta non supportata dai passaggi"
            return None
        text, citations = verified.text, verified.citations
        return Answer(
            text=text, citations=citations, language=lang, route="passages", backend=llm.backend,
            timings={"first_token_s": first or 0.0, "generate_s": time.perf_counter() - t0},
        )

    def _stated_counts(self) -> set:
        """(number, noun stem) pairs the corpus states (:func:`assistant.premises.stated_counts`), computed once
        when first needed rather than at every start."""
        if self._stated is None:
            self._stated = premises.stated_counts(self._corpus_texts)
        return self._stated

    def _year_premise(self, text: str, vector: list[float], retrieved: list[Passage]):
        """A year the message gives about a cluster it names that the cluster's texts never write, checked against
        the sentences of its passages that date something, closest to the question first
        (:func:`premises.year_contradiction`)."""
        claims = premises.dated_claims(text, self.catalog.find_clusters)
        if not claims:
            return None
        named = {c: self._cluster_texts.get(c, "") for _, c in claims}
        dated = [(i, s, p.metadata.get("cluster")) for i, p in enumerate(retrieved) if p.metadata.get("cluster") in named
                 for s in passage_sentences(p.text) if premises.years(s)]
        if not dated:
            return None
        closeness = self.scorer.vectors([s for _, s, _ in dated]) @ np.asarray(vector, dtype=np.float32)
        candidates: dict[str, list[tuple[int, str]]] = {}
        for k in sorted(range(len(dated)), key=lambda k: -closeness[k]):
            i, sentence, cluster = dated[k]
            candidates.setdefault(cluster, []).append((i, sentence))
        return premises.year_contradiction(claims, named, candidates)

    def _nature_premise(self, text: str, retrieved: list[Passage]):
        """Public or private said of a cluster the message names that its texts never say, when one of its
        passages says the other (:func:`premises.nature_contradiction`)."""
        claims = premises.nature_claims(text, self.catalog.find_clusters)
        if not claims:
            return None
        return premises.nature_contradiction(claims, {c: self._cluster_texts.get(c, "") for _, c in claims}, retrieved)

    def chunk_at(self, document: str, position: int) -> Passage | None:
        """A document's chunk by its position in the document (from the index loaded at start)."""
        return self._chunks.get((document, position))

    def _closeness(self, text: str, candidates) -> float:
        """The best cosine between a text and candidate sentences (verify's second signal)."""
        vectors = self.scorer.vectors([text, *candidates])
        return float((vectors[1:] @ vectors[0]).max()) if len(candidates) else 0.0

    def _out_of_corpus(self, text: str, query: Query, retrieved: list[Passage], ranked: list[Evidence],
                       message: str | None = None) -> bool:
        """Refuse unless the evidence answers the core question (assistant.answerable.judge): close
        enough to it, and stating the kind of thing it asks (a cost, a count, a date...) about its subject."""
        if query.stated:
            return False  # a card states what the question asks a cluster to have done (assistant.cards.topic)
        return not self._answerability(text, query, retrieved, ranked, message).ok

    def _answerability(self, core: str, query: Query, retrieved: list[Passage], ranked: list[Evidence],
                       message: str | None = None) -> Answerability:
        """The gate's decision with its reason (for logs and measurement). ``message``: the user's whole message,
        when the core question left part of it out (see judge's ``message_similarity``). The floor is judged on the
        closer reading: that message's best cosine with the evidence, or, when the sentences were ranked against the
        question without a cluster's name (``Query.unfocused``), the unfocused ranking's best similarity."""
        closeness = None
        if message is not None and ranked and message.strip() != core.strip():
            units = self.scorer.vectors([e.text for e in ranked])
            closeness = float((units @ np.asarray(self.embeddings.embed_query(message.strip()), dtype=np.float32)).max())
        if query.unfocused is not None:
            closeness = max(closeness or 0.0, query.unfocused)
        return judge(core, ranked, retrieved, names_cluster=bool(query.clusters),
                     unknown=unknown_names(core, self.vocabulary) + unknown_asked(core, self.vocabulary, detect_language(core),
                                                                                      self.acronyms),
                     corpus_names=self.names, settings=self.settings,
                     context=query.clusters if query.rewritten else None, message_similarity=closeness,
                     wanted=query.wanted or None, named=query.clusters, referents=query.referents,
                     names_its=self.catalog.names_cluster)

    def status(self) -> dict:
        """What is in use, for the UI's status panel."""
        state = read_state(self.settings)
        return {
            "embedding_model": self.embeddings.model_id,
            "query_encoder": self.embeddings.query_encoder,
            "warming": [name for name, thread in (("LLM prompt", self._llm_warmer), ("query encoder", self._compiler))
                        if thread is not None and thread.is_alive()],
            "sentence_vectors": self.sentence_vectors,
            "llm_backend": self.settings.llm_backend,
            "llm": getattr(self._llm, "name", None) if self._llm not in (None, "auto") else None,
            "llm_error": self._llm_error,
            "store": f"{self.settings.chroma_host}:{self.settings.chroma_port}" if self.settings.chroma_host else str(self.settings.chroma_dir),
            "chunks": self._store.count() if self._store else None,
            "cards": len(self.catalog.cards),
            "last_ingest": state.get("finished_at") if state else None,
        }


def _noting(answer: Answer, wrong, retrieved: list[Passage], lang: str) -> Answer:
    """The answer opened by the correction of a count the question asserts (:mod:`assistant.premises`), its
    passage cited with the answer's own marker when already cited, else added as the next one."""
    if wrong is None:
        return answer
    passage = retrieved[wrong.passage]
    at = next((n for n, c in enumerate(answer.citations, 1) if c.id == passage.id), None)
    if at is None:
        answer.citations = [*answer.citations, passage]
        at = len(answer.citations)
    answer.text = premises.correction(wrong, at, lang) + "\n\n" + answer.text
    return answer
