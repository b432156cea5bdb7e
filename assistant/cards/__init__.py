"""Card questions as explicit, typed query plans: read -> plan -> execute -> compose.

``read(text, catalog, history)`` gives a :class:`Reading` (the :class:`Plan`, and how much of
the question it explains); ``prefer_plan(reading, best_passage_similarity)`` decides from that
evidence whether the cards or the passages answer; ``answer(plan, catalog, lang)`` is the exact
answer, its first line the plan as read. Modules, each importing only those before it:
``catalog`` (cards, chunks, name/country/region/sector lookups) -> ``plan`` (dataclasses) ->
``parse`` (question -> plan) -> ``execute`` (plan -> values, in code) -> ``compose`` (values ->
text, citations, table).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from assistant.cards import execute
from assistant.cards import parse
from assistant.cards.catalog import CardCatalog, CardChunk, words
from assistant.cards.compose import compose, opens_with_reading, read_as
from assistant.cards.parse import Reading
from assistant.cards.plan import (COORDINATOR_KIND, FOUNDED, PROSE, All, Not, Plan, Ratio, Test, conjunction,
                                  negated_tests)
from assistant.cite import markers_in, merge_citations
from assistant.enumeration import head_nouns
from assistant.events import OUTCOMES, events
from assistant.question import (answer_type, asked_kind, asked_parts, asks_manner, aspect_list, core_question, distributes,
                                named_set_size, points_at_place, refers_to_named_set, roles_in, without_instructions)
from assistant.types import Answer
from imagine.sentences import split_sentences
from imagine.text import alnum_words, fold, fold_word, unique

# Cut-offs of prefer_plan, measured on evaluation/questions.jsonl (see its docstring).
PLAN_COVERAGE = 0.8  # at or above: the cards answer without looking at passages
MIN_COVERAGE = 0.5  # below: the passages answer
PASSAGE_SIMILARITY = 0.40  # in between: the cards answer only when no passage sentence matches this well
# Operations only the cards can carry out (a ranking, an average, a similarity by fields): in the band they answer
# whatever the passages match. On the three tuning sets every complete plan of these kinds in the band was right.
CARD_ONLY = ("similar", "rank", "aggregate", "group")  # no passage groups the clusters by country or sector


def read(text: str, catalog: CardCatalog, history: list[dict] | None = None) -> Reading:
    """The card reading of ``text`` (:func:`assistant.cards.parse.read`), with the premises it asserts about a
    named cluster checked against the card (``contradicted``: those the card does not confirm)."""
    reading = parse.read(text, catalog, history)
    if reading.partitive and history and _answered_by_passages(_last_answer(history)):
        # "e di quelli quanti in danimarca?" after the passages' "8 network: Danimarca (5) …": those are what the
        # passages counted, not a set of cards
        return Reading(None, reading.coverage, False, reading.unexplained, prose=True)
    if reading.plan is not None and history and _cited_passages(_last_answer(history)) and parse.bare_count(text, catalog):
        # "di quanto? e rispetto a che anno" after the passages answered "in germania c'è un distretto chimico che ha
        # ridotto l'inquinamento dell'aria?": the count goes on about what the passages said, not about the card
        # reading of the turn before (the clusters in Germany), which the cards did not answer
        return Reading(None, reading.coverage, False, reading.unexplained, prose=True)
    if reading.plan is None and not reading.prose and history:
        reading = _about_the_answer(reading, text, catalog, history)
    if reading.plan is not None and history:
        reading.plan = _other_than_named(reading.plan, text, catalog, history)
    if reading.plan is not None and reading.plan.premises:
        reading.contradicted = [p for p in reading.plan.premises
                                if execute.premise_holds(p, catalog, reading.plan) is not True]
    if _undated(reading.plan, catalog) or _founding_order_unsure(reading.plan, catalog):
        reading.plan, reading.complete, reading.prose = None, False, True
    if reading.plan is not None and history and not reading.plan.clusters and reading.unexplained \
            and _DONE_TO_IT.search(fold(text)):
        reading.complete = False  # "e fuori dalla svezia in quali paesi l'hanno replicato?" after turns on Hackefors
    if reading.plan is not None and _about_the_project(reading.plan, text):
        reading.plan, reading.complete, reading.prose = None, False, True
    return reading


def _last_answer(history: list[dict]) -> str:
    """The assistant's last turn of a conversation ("" when there is none)."""
    return next((t.get("content") or "" for t in reversed(history) if t.get("role") == "assistant"), "")


def _answered_by_passages(answer: str) -> bool:
    """Whether an answer says something and is no card answer (it opens with no "Read as" line): the passages gave it.
    An empty turn, or one of no words, tells nothing."""
    return any(c.isalpha() for c in answer) and not opens_with_reading(answer)


def _cited_passages(answer: str) -> bool:
    """Whether the passages gave an answer, with their citations (not an introduction's or a refusal's words)."""
    return _answered_by_passages(answer) and bool(markers_in(answer))


# The project named as such ("il progetto IMAGINE", "the IMAGINE project"): a phrase of the pilot districts' kind, so
# "quali distretti fanno parte del progetto imagine?" lists them
_THE_PROJECT = re.compile(r"\b(?:progetto imagine|imagine project|project imagine)\b")
_SET_WORDS = set(parse.VOCABULARY[("entity",)].split("|"))
# the sector asked by a word of its own ("in quali settori lavora il progetto imagine?"), not by "di cosa si occupa"
_SECTOR_WORDS = {w for w in parse.VOCABULARY[("field", "sector")].split("|") if " " not in w}


def _about_the_project(plan: Plan, text: str) -> bool:
    """Whether a plan over the pilot districts reads a question about the project itself: "di cosa si occupa il
    progetto imagine?" names no cluster, district or card, no figure and no word for a sector, and was read as the four
    districts' sectors ("di cosa si occupa" is a cluster's sector); a follow-up then took the four as its referent."""
    return (_THE_PROJECT.search(fold(text)) is not None and not plan.clusters and set(plan.fields) <= {"sector"}
            and plan.where == Test("kind", ("pilot_district",)) and not (_SET_WORDS | _SECTOR_WORDS) & set(words(text)))


# A past action done to something the conversation named before ("l'hanno replicato", "li hanno coinvolti", "did they
# copy it"): in a follow-up, a plan over clusters the turn names none of drops that object, and the word for the
# action is left unexplained; the passages, asked with the conversation, answer
_DONE_TO_IT = re.compile(r"\b(?:l |lo |la |li |le )(?:ha|hanno|aveva|avevano|abbiano|avrebbero)\b|"
                         r"\b(?:did|do|does|have|has|had) (?:they|he|she|you|we) \w+ (?:it|them)\b")


def _undated(plan: Plan | None, catalog: CardCatalog) -> bool:
    """Whether a lookup asks only when the clusters were founded, and none of their cards dates a founding: no card
    field is empty, the prose just says nothing of it, so the passages answer ("Hackefors was first applied in 1997"),
    or nothing does (then the gate says so, as of anything the documents do not cover)."""
    return (plan is not None and plan.op == "lookup" and plan.fields == [FOUNDED] and not plan.premises
            and not any(execute.founding(c) for c in map(catalog.get, plan.clusters) if c is not None))


def _founding_order_unsure(plan: Plan | None, catalog: CardCatalog) -> bool:
    """Whether a ranking by founding year names another first cluster when a card dating two bodies counts by its later
    year: "tra Pannon e quello dell'Estremadura quale cluster è nato prima?" is Extremadura by its association (2001)
    and Pannon by the clusters (2005 against 2006). Which founding is meant is then the passages' to show, with both
    years; "which cluster was founded first?" is Plaine de l'Ain (1974) either way."""
    if plan is None or plan.op != "rank" or plan.fields[:1] != [FOUNDED]:
        return False
    dated = [(c.name, [year for year, _ in execute.founding(c)]) for c in execute.select(plan, catalog).hits]
    dated = [(name, years) for name, years in dated if years]
    pick = max if plan.descending else min

    def first(year_of) -> set[str]:
        best = pick(year_of(years) for _, years in dated)
        return {name for name, years in dated if year_of(years) == best}

    return bool(dated) and first(min) != first(max)


def read_message(text: str, catalog: CardCatalog, history: list[dict] | None = None) -> tuple[Reading, str]:
    """(the card reading of a whole message, its core question). The asker's self-description ("we are a dye house in
    Prato") is no filter: the core's reading is taken when it explains more; the clusters the description names are
    what a question about "the two" of them is about ("sto valutando Gendorf o Plaine de l'Ain. quale dei due ...?"),
    and a place the question points at ("from that country") is filled in from the description the core drops."""
    reading = read(without_instructions(text), catalog, history)  # an injected claim is no premise to check
    named_set = refers_to_named_set(text)
    core = core_question(text, catalog.find_clusters if named_set else None, catalog.find_places)
    if core != text:
        alt = read(core, catalog, history)
        if alt.plan is not None and alt.complete and (alt.coverage > reading.coverage or named_set and alt.plan.clusters
                                                      or points_at_place(core) and alt.plan.where is not None):
            reading = alt
        elif _described_only(reading, alt, text, core, catalog):
            reading = alt
    asking = core[: core.rfind("?") + 1].strip()
    if reading.plan is not None and asking and asking != core.strip() and (not reading.complete or _of_one_noted(
            reading.plan, asking, catalog)):
        # "What is the average number of enterprises across the cards that give a figure? Count only enterprises
        # (ignore Agrupació's foundations …), and treat 'about 200' as 200.": notes on how to compute after the
        # question, read as part of it, named clusters and left numbers unread; the question alone reads whole
        alt = read(asking, catalog, history)
        if alt.plan is not None and alt.complete and alt.plan.op == reading.plan.op and (alt.plan.fields or alt.plan.where):
            reading = alt  # (a question alone that reads no field and no filter is no card question read whole)
    return reading, core


def _of_one_noted(plan: Plan, asking: str, catalog: CardCatalog) -> bool:
    """Whether a plan is a statistic of the one cluster a note after the question names ("What is the average number
    of enterprises across the clusters that report a figure? … for the Catalan grouping, count only the enterprises":
    the average of Agrupació alone): a statistic of one figure is asked of no one, the note says how to count it. (Two
    clusters named after the question are its scope: "… in totale? Intendo Hackefors e Vreten.")"""
    return plan.op == "aggregate" and len(plan.clusters) == 1 and not catalog.find_clusters(asking)


def _described_only(whole: Reading, core: Reading, text: str, core_text: str, catalog: CardCatalog) -> bool:
    """Whether the whole message's reading is a lookup read from the asker's self-description alone: no field and no
    cluster of it is read (shown or tested) in the core question, itself read as a plan ("Hello, I manage a 20-person
    textile finishing company in Prato. How many months does it usually take …?" is no lookup of Prato's coordinator
    and firms); or the clusters it looks up are named in the description only, and the core question reads as a
    complete plan with a scope of its own ("sono una pmi tessile di prato, cerco cluster esteri del settore tessile con
    più di 300 imprese": the fields are the same, the asker's district is not what is asked). A cluster an earlier turn
    gave is not described ("parlami di Gendorf" … "e quanti per azienda in media?"), nor is one a question asks of
    without a scope ("Stiamo valutando Fedustria …: che progetti di eco-innovazione porta avanti?")."""
    plan = whole.plan
    if plan is None or plan.op != "lookup":
        return False
    other = core.plan  # (a core read as no plan, "quante imprese ha il distretto?", asks of the cluster described)
    if other is None:
        return False
    if not _terms(plan) & _terms(other):
        return True
    if not (plan.clusters and core.complete and any(t.what != "reported" for t in other.tests())):
        return False  # (a scope of the core's own: not only "reports the field")
    outside = set(catalog.find_clusters(text)) - {*other.clusters, *catalog.find_clusters(core_text)}
    return set(plan.clusters) <= outside


def _terms(plan: Plan) -> set[str]:
    """The card fields a plan shows or tests, and the clusters it names."""
    return {*plan.fields, *plan.clusters, *(t.measure for t in plan.tests() if t.measure)}


def read_parts(core: str, catalog: CardCatalog, history: list[dict] | None = None) -> list[Reading]:
    """A card question that asks several things ("how many clusters are in France or Spain, and which has the most
    firms?") read part by part (:func:`assistant.question.asked_parts` of the core question), each part after the
    earlier ones as a follow-up, and a part with no scope of its own ("quale ha più imprese") in the scope of the
    one before. One plan holds one operation: the parts are kept when they ask different operations, or several
    counts or aggregates. [] unless every part reads as a complete plan the cards answer without the passages. One
    ranking asked both ways ("biggest and smallest by firms") is two parts too (:func:`_both_extremes`)."""
    parts = asked_parts(core)
    return (_by_part(parts, catalog, history, core) if len(parts) > 1 else []) or _both_extremes(core, catalog, history)


def card_then_prose(core: str, catalog: CardCatalog, history: list[dict] | None = None) -> tuple[Reading, str, str] | None:
    """A question whose first part a card answers and whose other parts no card does ("how many firms does Norte
    have and which body works most on its environmental improvement?": read whole, it is no plan, and the passages
    answered the second part only): the first part's reading, that part, and the other parts as one text for the
    passages, asked after the card's answer ("Compare Plaine de l'Ain and Gendorf: enterprises, workers, and how each
    uses its EMS": the comparison's figures, then the passages on each). None otherwise (one part, or a first part that
    is no complete lookup or comparison of named clusters, or another part the cards answer too: :func:`read_parts`
    reads those). Whether the lookup gives the kind of answer its part asks is the caller's to check (:func:`fits`,
    with what a count counts)."""
    parts = asked_parts(core)
    if len(parts) < 2:
        return _aspects_then_prose(core, catalog, history)
    first = read(parts[0], catalog, history)
    plan = first.plan
    # (a list coming to one card is a lookup of it: "e quanti addetti per impresa fa quello?" after the one German
    # cluster reporting its workers)
    one = plan is not None and plan.op == "list" and not plan.clusters and len(execute.select(plan, catalog).hits) == 1
    if plan is None or not (plan.op in ("lookup", "compare") and plan.clusters or one) or not prefer_plan(first) \
            or first.then_passages or first.contradicted:
        return None
    if any(prefer_plan(read(part, catalog, history)) for part in parts[1:]):
        return None
    return first, parts[0], _asked(parts[1:], [True] * (len(parts) - 1))


def _aspects_then_prose(core: str, catalog: CardCatalog, history: list[dict] | None) -> tuple[Reading, str, str] | None:
    """:func:`card_then_prose` for one question listing the aspects it asks of named clusters, some of which no card
    reads ("Extremadura e Agrupació: in cosa differiscono per numero di imprese, anno di costituzione *e iniziative
    ambientali*?"; read whole, the unread aspect kept the comparison from answering, or left it out): the reading of
    the question without those aspects, that question, and those aspects asked of the clusters, for the passages. None
    when the question lists no aspects, when the cards read all or none of them, or when what is left is no complete
    lookup or comparison of the named clusters."""
    split = _unread_aspects(core, catalog)
    if split is None:
        return None
    asked, unread = split
    first = read(asked, catalog, history)
    plan = first.plan
    if plan is None or plan.op not in ("lookup", "compare") or not plan.clusters or not prefer_plan(first) \
            or first.then_passages or first.contradicted:
        return None
    return first, asked, _aspects_of(unread, plan.clusters)


def _unread_aspects(core: str, catalog: CardCatalog) -> tuple[str, list[str]] | None:
    """(the question without the aspects it lists that no card reads, those aspects), when it lists aspects of which
    the cards read some (:func:`assistant.question.aspect_list`); None otherwise."""
    listed = aspect_list(core, catalog.find_clusters)
    if listed is None:
        return None
    start, end, aspects = listed
    unread = [_unread(a, catalog, named=True) for a in aspects]
    if not any(unread) or all(unread):
        return None
    kept = ", ".join(a for a, off in zip(aspects, unread) if not off)
    return f"{core[:start]}{kept}{core[end:]}", [a for a, off in zip(aspects, unread) if off]


def _aspects_of(aspects: list[str], clusters: list[str]) -> str:
    """The aspects no card reads, asked of the clusters, for the passages: "iniziative ambientali (Fedustria, West
    Flanders)?"."""
    return f"{' e '.join(aspects)} ({', '.join(clusters)})?"


def _by_part(parts: list[str], catalog: CardCatalog, history: list[dict] | None, core: str) -> list[Reading]:
    """:func:`read_parts` for a question of several parts (of the ``core`` question): each read as a plan, or []."""
    readings: list[Reading] = []
    earlier = list(history or [])
    in_question = catalog.find_clusters(core)
    for part in parts:
        named = unique(c for r in readings for c in r.plan.clusters) or in_question
        compared = readings[-1].plan.clusters if readings else []
        if len(compared) > 1 and distributes(part) and not catalog.find_clusters(part):
            # "Compare Łódzkie and Norte: what does each card report for enterprises and workers, and who coordinates
            # each one?": each of the clusters the part before named (read alone, it asked it of every card)
            part = f"{part} ({', '.join(compared)})"
        elif named and refers_to_named_set(part) and not catalog.find_clusters(part):
            # "Fedustria e West Flanders: quante imprese …, e quale dei due riporta gli addetti?": the two are the ones
            # the part before named (read alone, it asked which of all the clusters report workers); in the first
            # part, the ones named anywhere in the question (the core brings a set named in the asker's description
            # at its end: "chi dei due ha più imprese? e di quale … ? (West Flanders, Fedustria)")
            part = f"{part} ({', '.join(named[-(named_set_size(part) or len(named)):])})"
        # the part read by itself, when first needed, without the examples it gives of "the others"
        alone = cache(lambda part=part: parse.read(without_examples(part), catalog).plan)
        reading = (_the_others(part, alone, readings[-1]) if readings else None) or read(part, catalog, earlier)
        if not prefer_plan(reading):
            reading = _asking_sentence(part, reading, catalog, earlier)
        if readings and not prefer_plan(reading):
            reading = _with_earlier_field(part, alone, readings[-1], catalog, earlier) or reading
        elif readings and readings[-1].plan.op == "aggregate" and not reading.plan.fields:
            # "quante imprese in totale, e qual è la media per scheda?": an aggregate of the field the total summed
            again = _with_earlier_field(part, alone, readings[-1], catalog, earlier)
            reading = again if again is not None and again.plan.op == "aggregate" else reading
        if not prefer_plan(reading) or reading.then_passages or reading.contradicted:
            return []
        plan = reading.plan
        if readings and (plan == readings[-1].plan or readings[-1].plan.op == "aggregate" and plan.op == "count"
                         and (plan.where is None or plan.where == readings[-1].plan.where and _points_back(part))
                         and not plan.clusters and not plan.fields):
            # the part asks again what the one before answers (said once), or
            # "the total of the clusters that report it … and how many clusters is that?", "… e quanti sono questi
            # cluster?" (the scope before, taken as a follow-up's): the total says over how many (counting them in the
            # scope before would count every card)
            earlier += [{"role": "user", "content": part}, {"role": "assistant", "content": ""}]
            continue
        if readings and plan.op == "count" and plan.proportion and not plan.fields and isinstance(plan.where, Test) \
                and plan.where.what == "kind" and readings[-1].plan.op == "count" and not readings[-1].plan.proportion \
                and readings[-1].plan.where is not None and not plan.clusters:
            # "quante schede non riportano gli addetti? e che percentuale è sul totale delle 15?": the share of what
            # the count before selected, among the cards the part names
            reading.plan = plan = replace(plan, where=conjunction([plan.where, readings[-1].plan.where]))
        if readings and plan.where is None and not plan.clusters and plan.op != "group":
            before = readings[-1].plan
            # (a similarity's cluster is what the others are compared with, not one of the set: "which are most like
            # Prato among the textile ones? and how many firms do those have on average?" averages the textile ones)
            reading.plan = replace(plan, where=before.where, clusters=list(before.clusters) if before.op != "similar" else [])
            plan = reading.plan
        before = readings[-1].plan if readings else None
        if before is not None and before.op == "count" and plan.op == "list" and plan.where == before.where \
                and plan.clusters == before.clusters and set(plan.fields) <= set(before.fields):
            # "How many clusters have between 20 and 100 enterprises? Name them.": the count names them (the list was
            # said twice)
            earlier += [{"role": "user", "content": part}, {"role": "assistant", "content": ""}]
            continue
        readings.append(reading)
        earlier += [{"role": "user", "content": part}, {"role": "assistant", "content": ""}]
    ops = [r.plan.op for r in readings]
    # "which one has the most employees and which the fewest enterprises?": rankings both ways are two plans (read as
    # one, both ranked the fewest)
    both_ways = ops[:1] == ["rank"] and len({r.plan.descending for r in readings}) > 1 \
        and not _both_extremes(core, catalog, history)  # (one ranking both ways: "the highest and the lowest ratio")
    if len(set(ops)) == 1 and ops[0] not in ("count", "aggregate") and not both_ways:
        return []
    return _kind_shared(readings)


def _scope_kinds(plan: Plan) -> list[Test]:
    """The kind tests that scope a plan as a whole ("among the 15 report cards": the where itself, or one of its
    conjuncts)."""
    parts = plan.where.parts if isinstance(plan.where, All) else (plan.where,)
    return [p for p in parts if isinstance(p, Test) and p.what == "kind"]


def _kind_shared(readings: list[Reading]) -> list[Reading]:
    """A kind of card one part names scopes the parts before it that name none ("Give me a count of cluster cards per
    country, and tell me how many distinct countries are represented among the 15 European clusters": both over the
    15 report cards, not the first over all 19 cards); a named cluster's part stays as it is."""
    for n, reading in enumerate(readings):
        later = [k for r in readings[n + 1:] for k in _scope_kinds(r.plan)]
        plan = reading.plan
        if later and not plan.clusters and not any(t.what == "kind" for t in plan.tests()) \
                and len({k.values for k in later}) == 1:
            reading.plan = replace(plan, where=conjunction([later[0], plan.where]))
    return readings


def _asking_sentence(part: str, reading: Reading, catalog: CardCatalog, earlier: list[dict]) -> Reading:
    """The reading of a part's last sentence, when the sentences before it say nothing the plan uses: "vogliamo
    gemellarci con un cluster grosso. quanti cluster hanno più di 300 imprese" reads as the same count either way, and
    the words of the remark lowered the part's coverage under the bar (the whole question, read as one plan, was
    preferred). ``reading`` unchanged when the part is one sentence or its last sentence reads as another plan."""
    pieces = split_sentences(part)
    if len(pieces) < 2 or reading.plan is None:
        return reading
    last = read(pieces[-1], catalog, earlier)
    return last if last.plan == reading.plan and prefer_plan(last) else reading


def _both_extremes(core: str, catalog: CardCatalog, history: list[dict] | None = None) -> list[Reading]:
    """"Biggest and smallest cluster by number of enterprises?", "quello con più e quello con meno addetti": one
    ranking asked both ways, coordinated: the top and the bottom, as two parts (one plan ranks one way, and it kept
    the last superlative only). [] for anything else."""
    reading = read(core, catalog, history)
    plan = reading.plan
    if plan is None or plan.op != "rank" or not plan.superlative or len(plan.fields) != 1 or not prefer_plan(reading):
        return []
    kinds = parse.tag_kinds(core, catalog)
    ends = [n for n, k in enumerate(kinds) if k in parse.HIGH_ENDS + parse.LOW_ENDS]
    said = {kinds[n] for n in ends}
    if not (said & set(parse.HIGH_ENDS) and said & set(parse.LOW_ENDS)) or "and" not in kinds[ends[0]:ends[-1]]:
        return []
    return [replace(reading, plan=replace(plan, descending=down)) for down in (True, False)]


# "questi cluster", "those clusters": a part about the very clusters the part before was computed over
_DEMONSTRATIVES = {"questi", "queste", "quelli", "quelle", "quei", "these", "those"}


def _points_back(part: str) -> bool:
    return bool(_DEMONSTRATIVES & set(words(part)))


# "the other(s)", "the rest": a part asking about the clusters the part before left out; in a later part of the
# same question, "different" ones too ("… e quanti invece a settori diversi?")
_OTHERS = {"altri", "altre", "altro", "altra", "other", "others", "rest", "restanti", "rimanenti", "remaining"}
_COMPLEMENT = _OTHERS | {"diversi", "diverse", "different"}


def _other_than_named(plan: Plan, text: str, catalog: CardCatalog, history: list[dict]) -> Plan:
    """"e l'altro cluster belga quante imprese ha?" after turns about Fedustria: the set the turn names, but the
    clusters the conversation's earlier questions named (a turn naming clusters of its own, or no set, is kept)."""
    if plan.clusters or plan.where is None or not _OTHERS & set(words(text)):
        return plan
    named = unique(c for t in history if t.get("role") == "user" for c in catalog.find_clusters(t.get("content", "")))
    hits = {c.name for c in execute.select(plan, catalog).hits}
    inside = [c for c in named if c in hits]
    if not inside:
        return plan
    return replace(plan, where=conjunction([plan.where, Not(Test("cluster", tuple(inside)))]))


# examples of the others, a word or two after them ("quanti di altri settori *tipo chimica o logistica*?", "other
# sectors *such as* chemicals"): what the others include, not a filter on them
_EXAMPLE_MARKS = {"tipo", "like", "come", "including", "compresi", "comprese", "esempio", "such", "eg"}
_HOW_AFTER = {"si", "sono", "e", "era", "hanno", "fanno", "funziona", "funzionano", "mai", "stanno", "vanno"}  # "come" = how


def without_examples(part: str) -> str:
    """``part`` up to the examples it gives of "the others" (see ``_EXAMPLE_MARKS``), or ``part`` itself."""
    ws = words(part)
    for n, w in enumerate(ws):
        if w in _COMPLEMENT:
            for k in range(n + 1, min(n + 4, len(ws))):
                if ws[k] in _EXAMPLE_MARKS and not (ws[k] == "come" and ws[k + 1: k + 2] and ws[k + 1] in _HOW_AFTER):
                    return " ".join(ws[:k]) + "?"
    return part


def _the_others(part: str, alone: Callable[[], Plan | None], before: Reading) -> Reading | None:
    """"quanti sono del tessile e quanti di altri settori?": a later part that says "the others" and sets no
    filter or cluster of its own (``alone()``: its plan read by itself) asks the earlier part's operation on its
    complement — the same scope (the report's cards), the earlier part's own test negated. None otherwise."""
    plan = before.plan
    tests = list(plan.where.parts) if isinstance(plan.where, All) else [plan.where] if plan.where is not None else []
    scope = [t for t in tests if isinstance(t, Test) and t.what == "kind"]
    own = [t for t in tests if t not in scope]
    if not own or not _COMPLEMENT & set(words(part)) or plan.clusters:
        return None
    if (mine := alone()) is not None and (mine.where is not None or mine.clusters):
        return None
    where = conjunction([*scope, Not(conjunction(own))])
    return Reading(replace(plan, where=where), 1.0, True, [])


def _with_earlier_field(part: str, alone: Callable[[], Plan | None], before: Reading, catalog: CardCatalog,
                        earlier: list[dict]) -> Reading | None:
    """"quante imprese in totale …? e quanti cluster invece non le riportano?": a part that names no field of its own
    (``alone()``: its plan read by itself) speaks of the earlier part's ("le" = the firms). Read again with that
    field's name after it; None unless that reading is a plan the cards answer and the part named no field."""
    fields = [f for f in before.plan.fields if isinstance(f, str) and parse.field_words(f)[0]]
    if len(fields) != 1 or ((mine := alone()) is not None and mine.fields):
        return None
    again = read(f"{part.rstrip(' ?.!')} {parse.field_words(fields[0])[0]}?", catalog, earlier)
    return again if prefer_plan(again) else None


def answer_parts(readings: list[Reading], catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to each part, one after the other, citations merged (a card cited twice keeps one number)."""
    answer = compose(readings[0].plan, catalog, lang)
    for reading in readings[1:]:
        more = compose(reading.plan, catalog, lang)
        text, answer.citations = merge_citations(more.text, more.citations, answer.citations)
        answer.text = f"{answer.text}\n\n{text}"
        answer.table = (answer.table or []) + (more.table or []) or None
    return answer


def _about_the_answer(reading: Reading, text: str, catalog: CardCatalog, history: list[dict]) -> Reading:
    """"Which of them has the most firms?" -> "and who coordinates it?": "it" is the cluster the previous
    turn's superlative plan answers with, found by executing that plan (read with its own history)."""
    fields = parse.asked_fields(text, catalog)
    last = max((i for i, t in enumerate(history) if t.get("role") == "user"), default=None)
    if not fields or last is None:
        return reading
    earlier = parse.read(history[last].get("content", ""), catalog, history[:last])
    top = execute.leaders(earlier.plan, catalog) if earlier.plan is not None else []
    plan = parse.lookup([c.name for c in top], fields, catalog) if len(top) == 1 else None
    if plan is None:
        return reading
    return Reading(plan, reading.coverage, True, reading.unexplained)


def answered_with(turn: str, history: list[dict], catalog: CardCatalog) -> list[str]:
    """The clusters the card answer to an earlier ``turn`` was about (``history``: what came before it): the one a
    superlative names, the cards a list or count found, the ones looked up; [] when the cards did not answer it.
    "Which of the two reports its workers?" -> ["Fedustria"]: the referent of "that organisation" next."""
    reading, _ = read_message(turn, catalog, history)  # as the turn was answered: without its self-description
    plan = reading.plan
    if plan is None or not prefer_plan(reading, None, turn):
        return []
    if plan.op == "rank":
        return [c.name for c in execute.leaders(plan, catalog)]
    if plan.op in ("list", "count"):
        return [c.name for c in execute.select(plan, catalog).hits]
    return list(plan.clusters) if plan.op == "lookup" else []


def topic_scope(reading: Reading, catalog: CardCatalog, question: str = "") -> tuple[list[str], list[str]] | None:
    """(the clusters a question restricts a topic to, the words the plan left unread), when its plan is only that
    restriction: a list of the clusters passing a filter (a country, a region, a sector), naming none, that leaves words
    of the question unread ("did any Belgian cluster do something on water?", "tra i cluster tessili chi ha lavorato
    sull'energia?"). What they did is in their cards' prose (assistant.cards.topic), not in a field; None for any
    other reading, and for a filter only the cards can apply (:func:`card_only`: "quali cluster sono coordinati da un
    ente pubblico?" reads the coordinators' kind, which a card's prose may state of another body)."""
    plan = reading.plan
    if (plan is None or plan.op != "list" or plan.clusters or plan.where is None or reading.names or reading.contradicted
            or not reading.complete or reading.coverage >= PLAN_COVERAGE or card_only(plan, question)):
        return None
    hits = [c.name for c in execute.select(plan, catalog).hits]
    return (hits, list(reading.unexplained)) if hits and reading.unexplained else None


def prefer_plan(reading: Reading, best_passage_similarity: float | None = None, question: str = "") -> bool:
    """Whether the card plan (not the passages) should answer.

    A complete plan that explains at least ``PLAN_COVERAGE`` of the question's content words
    answers (unless the question names something the cards do not know: "Biella"); one
    explaining less than ``MIN_COVERAGE`` never does; in between, the passages win
    when their best sentence similarity (the service's evidence scorer) reaches
    ``PASSAGE_SIMILARITY``, and also when it is unknown (None), except for the operations only cards
    can carry out (:func:`card_only`).

    How measured (evaluation/questions.jsonl, 153 questions, real index and EmbeddingGemma):
    for each question, the reading's coverage, whether the card answer holds every key fact
    (or says "not reported" for not_reported questions), and the best sentence similarity of
    the retrieved passages. 56 complete plans had coverage >= 0.85: all 56 card answers were
    correct (their passages' best similarity went down to 0.33, so similarity cannot replace
    coverage there). 22 had coverage in [0.5, 0.85): 2 card answers correct, 20 wrong, and the
    best similarity did not separate them (correct at 0.54 and 0.79; wrong from 0.44 to 0.83),
    so the band goes to passages unless retrieval finds nothing close (< 0.40, below every
    answerable question of the band). Below 0.5 coverage, 2 of 24 card answers were right.
    Re-measured later on the three tuning sets (questions.jsonl and both held-out dev splits, each band
    question answered by both routes): the three band plans at coverage >= 0.8 (one unexplained word
    among five or more: "owned", "according", "foundations") were right on the cards, and the passages
    got one of them; below 0.8, of the 15 whose plan fits the question, the cards were right on 1 and the
    passages on 14. Hence 0.8.
    """
    if reading.plan is not None and reading.contradicted:
        return True  # the question asserts what the card does not say: the card's answer corrects it first
    if reading.plan is None or not reading.complete or reading.names or reading.prose or reading.then_passages:
        return False  # (then_passages: the card answers, and the passages after it)
    if reading.coverage >= PLAN_COVERAGE:
        return True
    if reading.addressed and reading.plan.op == "lookup" and reading.coverage >= MIN_COVERAGE:
        return True  # "cosa dice la scheda di Łódzkie sull'occupazione?": the card itself is asked
    if reading.coverage < MIN_COVERAGE:
        return False
    if card_only(reading.plan, question):
        return True  # "the cluster most like Prato", "the most workers per firm", "the average": no passage computes it
    if best_passage_similarity is None:
        return False
    return best_passage_similarity < PASSAGE_SIMILARITY


# Kinds of answer (``assistant.question.answer_type``) no card holds: a plan cannot answer them.
_NOT_ON_CARDS = ("measure", "money", "population", "law", "date", "duration", "frequency", "percentage", "person", "named_person",
                 "firm_names", "opinion", "recommended", "forecast")
# A time before the cards' own ("what was that body called before?", "come si chiamava in precedenza?"): a card holds
# each field's value as the report gives it now, the prose what it was
_EARLIER = re.compile(r"\b(?:before|previously|formerly|earlier|originally|at first|in precedenza|precedentemente|"
                      r"inizialmente|originariamente|un tempo|prima di allora)\b")
# The roles a card states of someone: its coordinating body (and that body's kind). "Chi sono gli autori del
# rapporto?" asks a role no card gives anyone (``assistant.question.ROLES``).
_CARD_ROLES = {"coordinates", "leads", "manages", "represents"}
# What a count's unit (``assistant.answerable.counted_unit``, or what a ranking ranks by) needs of a plan: workers, firms,
# or a set of clusters.
_UNIT_FIELDS = {"addett": ("workers",), "impres": ("enterprises",), "cluster": ()}


def fits(plan: Plan, wanted: str, unit: str = "", question: str = "") -> bool:
    """Whether the plan's answer is the kind of answer asked. The cards hold counts of firms and workers,
    places, coordinators and short text fields: "how many tonnes of waste does Prato produce?" is not answered
    by Prato's sector, nor "in which region do Pannon's firms operate?" by its number of firms, nor "quante aziende di
    Prato sono registrate EMAS?" (a count of the firms an outcome happened to: ``question``'s events) by its firms."""
    if wanted in ("count", "percentage") and events(question) & OUTCOMES:
        return False  # (and "what share of the ~600 firms that got certified were small?": a share of those firms)
    if plan.op == "list" and not plan.fields and not plan.group_by and asks_manner(question):
        return False  # "How were the 15 clusters selected?": their names do not say how
    fields = {f if isinstance(f, str) else "ratio" for f in plan.fields}
    if wanted == "percentage" and plan.proportion:
        return True  # a share of the clusters (or of their workers) is computed from the cards
    if wanted == "recommended" and plan.op == "list" and any(t.what != "kind" for t in plan.tests()):
        return True  # "… che abbiano un ente che li coordina, quali mi consigliate dalla lista?": the asker's own
        # criteria choose; the cards tell which clusters meet them (no document recommends one)
    if wanted == "date" and (FOUNDED in fields or any(t.measure == FOUNDED for t in plan.tests())):
        return not _EARLIER.search(fold(question))  # a founding year: the card's prose dates it (execute.founding)
    if wanted in _NOT_ON_CARDS:
        return False
    if wanted == "place" and plan.op == "lookup":
        return bool(fields & {"country", "location"})
    if wanted == "contact":  # a card gives a website, no e-mail or phone: asked of named clusters, or which have one
        return "website" in fields or any(t.measure == "website" for t in plan.tests())
    if wanted in ("person", "agent") and plan.op == "lookup":
        return bool(fields & {"coordinating_body", COORDINATOR_KIND})
    if wanted == "agent" and (asked := {role for role, _ in roles_in(words(question))}) and not asked & _CARD_ROLES:
        return False
    if unit and unit not in _UNIT_FIELDS and (wanted == "count" or plan.op in ("group", "rank")):
        return False  # "in quale di quei paesi hanno fatto più network?": no card counts networks
    if wanted == "count" and unit:
        needed = _UNIT_FIELDS[unit]
        return not needed or plan.op in ("count", "list", "group") or bool(fields & {*needed, "ratio"})
    return True


def asks_unread_kind(reading: Reading, question: str, catalog: CardCatalog) -> bool:
    """Whether the question asks which one of a kind of thing that its reading left unread ("quale delle azioni serve a
    far conoscere l'approccio fuori dalla Toscana?" read as the clusters outside Tuscany): the plan lists clusters,
    fields or places, and the thing asked is none of them. A word that qualifies a cluster noun after it ("which
    profiled cluster …") asks a cluster."""
    kind = asked_kind(question)
    if not kind or kind not in {fold_word(w) for w in reading.unexplained}:
        return False
    words = alnum_words(question)
    after = next((words[n + 1: n + 3] for n, w in enumerate(words) if w == kind), [])
    return "entity" not in parse.tag_kinds(" ".join(after), catalog)


# card fields a question can find empty ("not reported"); the others are always given
_MAY_BE_EMPTY = ("enterprises", "workers", "website", "coordinating_body")
UNREPORTED_HITS = 3  # a plan naming more clusters than this is a list, not a question about them


def unreported(plan: Plan, catalog: CardCatalog) -> list[str]:
    """The clusters a lookup or a filtered list comes to (at most :data:`UNREPORTED_HITS`) when each of their cards
    leaves every field asked empty ("a chi fa capo il coordinamento del cluster tessile ungherese?": Pannon's card
    names no coordinator); [] otherwise."""
    if plan.op not in ("lookup", "list") or not plan.fields or not all(f in _MAY_BE_EMPTY for f in plan.fields):
        return []
    hits = execute.select(plan, catalog).hits
    if not hits or len(hits) > UNREPORTED_HITS:
        return []
    if any(execute.reported(card, f) for card in hits for f in plan.fields):
        return []
    return [card.name for card in hits]


def names_field(text: str, fields: list) -> bool:
    """Whether ``text`` uses a word that names one of the card ``fields`` ("coordinamento" for coordinating_body):
    a sentence that may state the field, unlike one that only describes the cluster."""
    words = f" {' '.join(alnum_words(text))} "
    return any(f" {' '.join(alnum_words(w))} " in words for f in fields if isinstance(f, str) for w in parse.field_words(f) if w)


def beyond_cards(reading: Reading, core: str, best_passage_similarity: float | None = None,
                 catalog: CardCatalog | None = None) -> str:
    """The parts of a question that no card holds, when a card lookup answers its other parts ("who coordinates the
    San Sebastian district, what kind of body is it *and when was it set up*?": a date): the passages answer them
    after the card, as a follow-up to it (or nothing more, when the gate refuses them); so are the parts asking what
    a field was before ("what was that body called before?"): a card gives the value as the report has it now.
    ``best_passage_similarity``: as for :func:`prefer_plan`, whose choice of the card this follows. "" otherwise."""
    plan = reading.plan
    if plan is None or not prefer_plan(reading, best_passage_similarity):
        return ""
    parts = asked_parts(core)
    if plan.op == "list" and catalog is not None and reading.coverage < PLAN_COVERAGE and reading.unexplained \
            and len(execute.select(plan, catalog).hits) == 1:
        # "e quello senza un coordinatore indicato, che risultati ambientali ha ottenuto?": only the cards tell which
        # cluster that is (one card), and what it achieved is in the passages: the whole question, asked after the card
        return core
    if catalog is not None and plan.op in ("lookup", "compare") and plan.clusters \
            and (split := _unread_aspects(core, catalog)) is not None:
        # "Che differenze ci sono tra Extremadura e Agrupació? Anno di nascita, numero di imprese, iniziative
        # ambientali.": the card compares what it reads, the passages say the rest of each
        return _aspects_of(split[1], plan.clusters)
    if plan.op != "lookup":
        return _unread_parts(reading, parts, catalog) if catalog is not None else ""
    wanted = [answer_type(part) for part in parts]
    beyond = [w in _NOT_ON_CARDS or bool(_EARLIER.search(fold(p))) for p, w in zip(parts, wanted)]
    if len(parts) < 2 or not any(fits(plan, w) for w, out in zip(wanted, beyond) if not out):
        return ""
    return _asked(parts, beyond)


def _asked(parts: list[str], chosen: list[bool]) -> str:
    """The ``chosen`` parts as one text of questions, each ending with its "?"."""
    return " ".join(p if p.rstrip().endswith("?") else p + "?" for p, out in zip(parts, chosen) if out)


def _unread(part: str, catalog: CardCatalog, named: bool) -> bool:
    """Whether the cards cannot answer ``part`` of a question: for a plan of named clusters, they read nothing of it;
    for any other plan, the part asks something of one named cluster that its card reads too little of to answer ("…
    what share of the Belgian textile sector's economic value does Fedustria alone represent?" after a Benelux total:
    read alone, a lookup of Fedustria's sector that leaves "economic value … represent" unexplained). A part asking
    about the set the plan selects ("… e quante imprese fanno complessivamente?", "name the body for each") is the
    plan's."""
    alone = parse.read(part, catalog)
    if named:
        # nothing of it read, or the thing it asks for left unread: "che *problemi* ambientali hanno, west flanders o
        # norte?", "qual è la *questione* ambientale principale per ciascuno?" (not "what is the difference in absolute
        # terms?", whose difference the plan computes)
        return not alone.coverage or bool(head_nouns(part) & {fold(w)[:5] for w in alone.unexplained})
    return (alone.plan is not None and alone.plan.op == "lookup" and len(alone.plan.clusters) == 1
            and alone.coverage < PLAN_COVERAGE and part.rstrip().endswith("?"))


def _unread_parts(reading: Reading, parts: list[str], catalog: CardCatalog) -> str:
    """The parts of a question holding every word the card reading left unexplained, when another part holds none and
    the cards cannot answer them (:func:`_unread`): "between Extremadura and Agrupació, which has more enterprises,
    *and which one has its own environmental label?*": the ranking answers the first part, the passages the second; not
    "quante aziende fanno parte del distretto di Prato secondo il progetto?", whose "aziende" the card reads. ""
    otherwise."""
    unread = {fold(w) for w in reading.unexplained}
    holds = [bool(unread & set(words(p))) and _unread(p, catalog, named=bool(reading.plan.clusters)) for p in parts]
    if not unread or all(holds) or not unread <= {w for p, h in zip(parts, holds) if h for w in words(p)}:
        return ""
    return _asked(parts, holds)


def needs_passages(reading: Reading, question: str = "") -> bool:
    """Whether prefer_plan's answer depends on the passages' similarity (the uncertain band)."""
    return (reading.plan is not None and reading.complete and MIN_COVERAGE <= reading.coverage < PLAN_COVERAGE
            and not card_only(reading.plan, question))


def card_only(plan: Plan, question: str = "") -> bool:
    """Whether only the cards can carry the plan out: a similarity, ranking or aggregate over the clusters, a list
    or count of the cards that leave a field empty, a count of those that fill a field of one line, or a filter
    comparing a card number with one the question asks
    about ("between 1,000 and 5,000 workers", "more than 100 firms"): no passage lists the clusters on either side of
    a threshold, or those whose card lacks a field, whatever words the plan left unread. A number counts only from the sentences that ask ("piccolo lanificio, 8 persone. come avete scelto i
    cluster?": the 8 describes the asker; a message with no "?" asks in every sentence)."""
    if plan.op in CARD_ONLY or any(isinstance(f, Ratio) for f in plan.fields):
        return True  # (a ratio of two fields, "workers per firm": no passage divides them)
    if plan.op in ("list", "count") and any(t.what == "reported" for t in negated_tests(plan.where)):
        return True  # "which cards leave the eco-innovation section empty?": no passage lists what a card lacks
    if plan.op == "count" and any(t.what == "reported" and t.measure not in PROSE for t in plan.tests()):
        return True  # "how many cards report the workers?": nor counts the cards that fill a field of one line (a
        # section of prose, "who has an eco-innovation experience?", the passages describe; a list of the cards with
        # a figure is also what a bare "quante imprese" reads as, in a part that lost its cluster to the next one)
    if plan.op in ("list", "count") and any(t.what in _SETS for t in negated_tests(plan.where)) and answer_type(question) != "yesno":
        # "excluding textile and fashion, which clusters remain?": no passage lists the clusters outside a set (but
        # "can the approach be tried outside the Tuscan fashion districts?" asks about the approach)
        return True
    if plan.op in ("list", "count") and not plan.clusters and any(t.what == "organisation" for t in plan.tests()):
        return True  # "which clusters are coordinated by a public body?": the kind of body is read from each card's own
        # lines; a passage names one cluster's body at most
    numbers = parse.asked_numbers(question)
    return any(t.what == "compare" and t.value is not None and (t.value in numbers or t.high in numbers) for t in plan.tests())


_SETS = ("country", "region", "sector", "family", "kind", "organisation")


def named_in_prose_only(reading: Reading, catalog: CardCatalog) -> bool:
    """In the uncertain band: whether the plan lists or counts clusters of a sector that no card in scope has as its
    sector, while the prose of one of them names it ("c'è qualcuno che comprende anche il calzaturiero?": no card is
    of footwear, Norte's lists APICCAPS, the footwear manufacturers' association). The card answer says both, with
    the line; the passages only quote the report on Europe's footwear clusters, none of them a card."""
    plan = reading.plan
    if (plan is None or not reading.complete or reading.names or reading.prose or reading.then_passages
            or reading.coverage < MIN_COVERAGE or plan.op not in ("list", "count") or plan.clusters):
        return False
    negated = negated_tests(plan.where)
    sectors = [s for t in plan.tests() if t.what == "sector" and t not in negated for s in t.values]
    if not sectors:
        return False
    sel = execute.select(plan, catalog)
    return not sel.hits and any(catalog.mentions(card, s) for card in sel.scope for s in sectors)


def premises_only(reading: Reading) -> Reading:
    """A lookup that asks what no card field holds, read for the premises it asserts only ("… first applied in Norway,
    right? And how many companies got certified?": the card corrects the country; its number of firms is not the
    number certified)."""
    plan = reading.plan
    if plan is None or plan.op != "lookup" or not plan.premises:
        return reading
    return replace(reading, plan=replace(plan, fields=unique(p.field for p in plan.premises)))


def answer(plan: Plan, catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to a plan (first line: the plan as read)."""
    return compose(plan, catalog, lang)


def notice(reading: Reading, lang: str) -> str:
    """One line for an answer that fell back to passages because the card plan did not validate."""
    if reading.plan is not None or not reading.problems or reading.prose or reading.coverage < MIN_COVERAGE:
        return ""
    why = reading.problems[0]
    return (f"Domanda sulle schede non interpretabile ({why}): rispondo dai documenti." if lang == "it" else
            f"Could not answer from the cluster cards ({why}): answering from the documents.")


__all__ = ["CardCatalog", "CardChunk", "Plan", "Reading", "read", "answered_with", "read_parts", "answer", "answer_parts", "prefer_plan", "fits", "asks_unread_kind", "beyond_cards", "needs_passages", "notice", "read_as", "topic_scope"]
