"""Announced enumerations: "the research followed 4 criteria" is not the answer to "which criteria?".

When the best evidence sentence announces a number of things the question asks about ("seguendo 4
criteri" for "che criteri avete usato?"), the answer is the things themselves, which the document
gives in the sentences that follow, often in the next chunk ("due macro-criteri: · ...", "criterio
n.3", "L'ultimo criterio (n.4)"). This module finds the announcement and the sentences after it, in
document order, that name the announced noun, up to the announced number, also from the chunks that
follow the announcing one (retrieval may not have returned them). Structure, not vocabulary: a
number, a noun the question uses, and document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from assistant.evidence import Evidence, passage_sentences
from assistant.question import REQUEST_VERBS, answer_type, asked_parts, asks_manner, content_words
from assistant.types import Passage
from imagine.lexicon import is_word
from imagine.text import PREFIX, count_of, edit_distance_at_most_one, fold, prefixes, tokenize

SECTION_CHUNKS = 6  # how far back an announcement, and after it its items, are looked for: within one section
NAMING_UNITS = 3  # how many of the best units may be the one that names what the question asks for
LEAD_IN_UNITS = 10  # how many of the ranked units may be the lead-in of the list a question asks for
ITEM_GAP = 1  # sentences of prose between a unit naming the announced noun and the list items that still belong to it
ELLIPTICAL_WORDS = 4  # "e quali erano?", "and which ones are they": at most this long, a part may name nothing
# the words left in a part that names nothing ("quali erano?", "which ones are they?"): a form of "to be", a pronoun
_PRONOUNS_AND_BE = {"erano", "sono", "era", "siano", "fossero", "ones", "one", "they", "them", "are", "were", "questi",
                    "queste", "quelli", "quelle", "these", "those"}
# the nouns a process is told by ("how were they chosen?" is answered by the criteria, "come si fa?" by the steps)
_STEP_NOUNS = ("criteri", "criterio", "criteria", "criterion", "passaggi", "phases", "stages", "steps")
# how something was done, in a past tense: "how were they selected", "how did they decide", "come li hanno scelti",
# "come si è svolto", "come è stata fatta"
_HOW_DONE = re.compile(r"\b(?:how (?:were|was|did|have|has|had)|come (?:(?:li|le|lo|la|l) )?(?:hanno|avete|abbiamo|ha)|"
                       r"come (?:si )?(?:e|sono) stat[oaie]|come si (?:e|sono))\b")
_COUNTING = re.compile(r"\b(?:quant[ie]|how many)\b", re.IGNORECASE)
_WH = {"che", "quali", "quale", "qual", "quanti", "quante", "which", "what", "whats"}
_OF = {"of", "di", "del", "della", "dello", "dei", "degli", "delle", "for", "per", "about", "su", "sul", "sulla"}
_BULLETS = "·•▪◦"  # the list markers of the corpus's text
_INLINE_ITEM = re.compile(f"[{_BULLETS}]")
_LIST_OPENING = re.compile(rf":\s*[{_BULLETS}]")  # "… di “cluster” : · territorialità …": a lead-in and its first item
_ITEM = re.compile(rf"^\s*(?:[{_BULLETS}*-]|\d+[.)]|[a-z][.)])\s")


def asked_nouns(question: str, whole: bool = False) -> set[str]:
    """Stems of the words just after an interrogative or a request ("che *criteri*", "what are the *selection
    criteria*", "list the four *criteria*"): what the question asks for, as opposed to what it mentions. A question
    asking how something was done asks for the steps or criteria it names anywhere ("How were the 15 clusters
    selected? Please walk me through the *criteria*"): all its words."""
    tokens = tokenize(question)
    cut = (lambda w: w) if whole else (lambda w: w[:PREFIX])  # (whole: the words as typed, for typo tolerance)
    if asks_manner(question):
        # and, when it asks how something was done, the criteria or steps it was done by, named or not ("come li hanno
        # scelti?": "seguendo 4 criteri"; not "come è strutturata la scheda?", how a thing is)
        steps = {w if whole else w[:PREFIX] for w in _STEP_NOUNS} if _HOW_DONE.search(fold(question)) else set()
        return {cut(w.text) for w in tokens if w.number is None and len(w.text) >= PREFIX} | steps
    out = set()
    for i, tok in enumerate(tokens):
        if tok.text in _WH or _requests(tok.text):
            nouns = []
            for w in tokens[i + 1: i + 5]:
                if w.text in _OF and nouns:  # "what definition of cluster": the definition is asked, not clusters
                    break
                if w.number is None and len(w.text) >= PREFIX:
                    nouns.append(cut(w.text))
            out |= set(nouns)
    return out


def _typed_for(noun: str, typed: set[str]) -> bool:
    """Whether the question typed ``noun`` with one letter wrong ("crieri" for "criteri"): a word of none of its
    languages, one edit from it."""
    return any(edit_distance_at_most_one(w, noun) and not is_word(w) for w in typed if w != noun)


_BEFORE_HEAD = {"e", "il", "la", "lo", "i", "gli", "le", "l", "sono", "is", "are", "the", "a", "an", "un", "una", "me", "us",
                "mi", "ci"}
LEAD_WORDS = 8  # the words before a lead-in's colon that say what the list is of


def _requests(word: str) -> bool:
    """Whether a word is a request to the assistant, also with an Italian enclitic pronoun ("elencami", "descrivici")."""
    return word in REQUEST_VERBS or word[-2:] in ("mi", "ci", "ne") and word[:-2] in REQUEST_VERBS


def head_nouns(question: str) -> set[str]:
    """Stems of the word each interrogative, or a request opening a clause, asks about ("quali *caratteristiche* deve
    avere …", "che *criteri*", "qual è il *quinto*", "summarise the *results* Vreten obtained"), not what the question
    goes on to mention ("in che *modo* IMAGINE aiuta …"). An English noun comes after its adjective: "what *concrete
    results* did they get" asks for results, so the word right after the first is taken too when an auxiliary follows
    it."""
    tokens = tokenize(question)
    out = set()
    for i, tok in enumerate(tokens):
        if tok.text in _WH or _requests(tok.text):
            at = next((k for k in range(i + 1, min(i + 4, len(tokens))) if tokens[k].text not in _BEFORE_HEAD), None)
            if at is None:
                continue
            head = tokens[at]
            if head.number is None and len(head.text) >= 3:
                out.add(head.text[:PREFIX])
            if at + 2 < len(tokens) and tokens[at + 2].text in _AUXILIARIES and tokens[at + 1].number is None:
                out.add(tokens[at + 1].text[:PREFIX])
    return out


# English auxiliaries, which end the noun phrase a question opens with ("what concrete results *did* they get")
_AUXILIARIES = {"did", "do", "does", "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would"}


def _cognate(a: str, b: str) -> bool:
    """Whether two word stems are one word in Italian and English, or the same: "resul"/"risul" (results /
    risultati), "crite"/"crite"; stems shorter than :data:`PREFIX` must be equal."""
    return a == b or (len(a) == len(b) == PREFIX and edit_distance_at_most_one(a, b))


def _lead_nouns(unit: str) -> set[str]:
    """Stems of the last words before a lead-in's colon ("… che abbia le *caratteristiche*, ormai note, di
    “cluster” :"): what the list that follows is of."""
    return {w.text[:PREFIX] for w in tokenize(unit.split(":")[0])[-LEAD_WORDS:] if w.number is None}


def announced(unit: str, question: str) -> tuple[int, str] | None:
    """(how many, the noun's stem) when ``unit`` announces a number (2-10) of the things the question asks for
    ("seguendo 4 criteri", "due macro-criteri" for "che criteri...?"); None otherwise, and for "how many"
    questions (the announcement is their answer)."""
    question = _uncounted(question)
    if not question:
        return None
    asked = asked_nouns(question)
    typed = asked_nouns(question, whole=True)
    tokens = tokenize(unit)
    for i, tok in enumerate(tokens):
        n = count_of(tok)
        if n is None or not 2 <= n <= 10 or n != int(n):
            continue
        for noun in tokens[i + 1: i + 3]:  # "4 criteri", "two main criteria", "due macro-criteri"
            if noun.number is None and len(noun.text) >= PREFIX and (noun.text[:PREFIX] in asked
                                                                      or _typed_for(noun.text, typed)):
                return int(n), noun.text[:PREFIX]
    return None


@lru_cache(maxsize=256)
def _uncounted(question: str) -> str:
    """The parts of ``question`` that do not ask how many (:func:`assistant.question.asked_parts`): "in quante fasi e
    con quali criteri?" asks for the criteria themselves; "" when every part counts (the announcement answers it)."""
    parts = asked_parts(question)
    if len(parts) <= 1:
        return "" if answer_type(question) == "count" else question
    kept = []
    for k, part in enumerate(parts):
        if answer_type(part) == "count":
            continue
        if k and answer_type(parts[k - 1]) == "count" and len(tokenize(part)) <= ELLIPTICAL_WORDS \
                and set(content_words(part)) <= _PRONOUNS_AND_BE:
            # "quanti criteri hanno usato e quali erano?": a part of a few words names nothing; it asks which of the
            # things the part before counts
            part = _COUNTING.sub(lambda m: "which" if m.group().lower().startswith("how") else "quali", parts[k - 1])
        kept.append(part)
    return " ".join(kept)


def _names(unit: str, stem: str) -> bool:
    return stem in prefixes(unit)


def _stretch(source: Passage, steps: int, chunk_at: Callable[[str, int], Passage | None],
             same_section: bool = False) -> list[Passage]:
    """Up to ``|steps|`` chunks next to ``source`` in its document (after it, or before it when ``steps`` < 0),
    in document order, up to the first gap (or, with ``same_section``, the first chunk of another section)."""
    document, position, way = source.metadata["document"], int(source.metadata["position"]), 1 if steps > 0 else -1
    out = []
    for k in range(1, abs(steps) + 1):
        chunk = chunk_at(document, position + way * k)
        if chunk is None or (same_section and chunk.metadata.get("section") != source.metadata.get("section")):
            break
        out.append(chunk)
    return out if way > 0 else out[::-1]


def _after(chunks: list[Passage], opening: str):
    """(chunk, unit) for every unit after ``opening`` in the first chunk, then every unit of the others."""
    units = passage_sentences(chunks[0].text)
    start = units.index(opening) + 1 if opening in units else len(units)
    yield from ((chunks[0], u) for u in units[start:])
    for chunk in chunks[1:]:
        yield from ((chunk, u) for u in passage_sentences(chunk.text))


def _announcement(selected: list[Evidence], retrieved: list[Passage], question: str,
                  chunk_at: Callable[[str, int], Passage | None]) -> tuple[Passage, str, int, str] | None:
    """(chunk, unit, how many, stem) of the announcement to complete: the best unit's own; else, when the best
    unit names a noun the question asks for ("i criteri sopra esposti"), the first unit announcing that noun
    in the chunks before it or in its own before it ("seguendo 4 criteri", three chunks earlier)."""
    best = selected[0]
    source = retrieved[best.passage]
    found = announced(best.text, question)
    if found is not None:
        return source, best.text, *found
    uncounted = _uncounted(question)
    if not uncounted:
        return None
    asked = asked_nouns(uncounted)
    # the best units in rank order: the first naming what is asked ("i criteri sopra esposti", "L'ultimo criterio")
    naming = next((e for e in selected[:NAMING_UNITS] if any(_names(e.text, stem) for stem in asked)), None)
    if naming is None:
        return None
    source = retrieved[naming.passage]
    if source.metadata.get("document") is None or source.metadata.get("position") is None:
        return None
    before = _stretch(source, -SECTION_CHUNKS, chunk_at, same_section=True)
    for chunk in [*before, source]:  # the first announcement of the section: later ones refer back ("i due macro-criteri precedenti")
        units = passage_sentences(chunk.text)
        units = units[: units.index(naming.text)] if chunk is source and naming.text in units else units
        for unit in units:
            found = announced(unit, question)
            if found is not None:
                return chunk, unit, *found
    return None


def _body(chunk: Passage) -> str:
    return chunk.text.split("\n", 1)[1] if "\n" in chunk.text else chunk.text


def _ends_in_item(chunk: Passage) -> bool:
    return bool(_ITEM.match(chunk.text.rstrip().rsplit("\n", 1)[-1]))


def _cited(chunk: Passage, retrieved: list[Passage], index: dict[str, int]) -> int:
    """The position of ``chunk`` in ``retrieved``, appended (and indexed) when retrieval did not return it."""
    if chunk.id not in index:
        retrieved.append(chunk)
        index[chunk.id] = len(retrieved) - 1
    return index[chunk.id]


def continue_lists(selected: list[Evidence], retrieved: list[Passage],
                   chunk_at: Callable[[str, int], Passage | None]) -> tuple[list[Evidence], list[Passage]]:
    """A list that runs across a chunk boundary is quoted whole: a selected unit that ends its chunk inside a
    list ("… le caratteristiche di “cluster”: · territorialità delle imprese") is followed by the next chunk's
    opening list unit ("specializzazione produttiva · interazione …"), and a selected opening list unit is
    preceded by the lead-in the chunk before ends with; the other chunk is cited as it is."""
    out, retrieved = [], list(retrieved)
    index = {p.id: i for i, p in enumerate(retrieved)}
    quoted = {fold(e.text) for e in selected}

    def add(chunk: Passage, unit: str, like: Evidence, continues: bool) -> Evidence | None:
        if fold(unit) in quoted:
            return None
        quoted.add(fold(unit))
        return Evidence(_cited(chunk, retrieved, index), unit, like.score, like.similarity, answers_part=like.answers_part,
                        continues=continues)

    for e in selected:
        source = retrieved[e.passage]
        units = passage_sentences(source.text)
        before, after = None, []  # the unit before ``e``, the units after it
        if units and source.metadata.get("document") is not None and source.metadata.get("position") is not None:
            if units[0] == e.text and _ITEM.match(_body(source).lstrip()):
                previous = _stretch(source, -1, chunk_at)
                lead = passage_sentences(previous[0].text) if previous and _ends_in_item(previous[0]) else []
                before = add(previous[0], lead[-1], e, False) if lead else None
            if units[-1] == e.text and _ends_in_item(source):
                following = _stretch(source, 1, chunk_at)
                rest = passage_sentences(following[0].text) if following and _ITEM.match(_body(following[0]).lstrip()) else []
                after = [add(following[0], rest[0], e, True)] if rest else []
            elif units[-1] == e.text and e.text.rstrip().endswith(":"):
                # "… un primo screening ha permesso di individuare i cluster afferenti a due macro-criteri:" ends its
                # chunk: a lead-in quoted alone says nothing, its items open the next chunk
                following = _stretch(source, 1, chunk_at)
                after = [add(following[0], u, e, True) for u in _opening_items(following[0])] if following else []
        if before is not None:
            e = replace(e, continues=True)
        out += [x for x in (before, e, *after) if x is not None]
    return out, retrieved


def _opening_items(chunk: Passage) -> list[str]:
    """The units of the bulleted lines a chunk opens with: the items of a list whose lead-in ends the chunk before."""
    lines = []
    for raw in _body(chunk).split("\n"):
        line = raw.strip()
        if not line or not _ITEM.match(line):
            break
        lines.append(line)
    said = fold(" ".join(lines))
    return [u for u in passage_sentences(chunk.text) if lines and fold(u) in said]


def with_lead_ins(retrieved: list[Passage], chunk_at: Callable[[str, int], Passage | None]) -> list[Passage]:
    """``retrieved`` and, after them, the chunk before each one that opens inside a list ("· specializzazione
    produttiva · interazione …"): the list's lead-in and first items are there ("… le caratteristiche di “cluster”:
    · territorialità delle imprese"), and the question may ask what the lead-in announces."""
    out, ids = list(retrieved), {p.id for p in retrieved}
    for passage in retrieved:
        if passage.metadata.get("document") is None or passage.metadata.get("position") is None \
                or not _ITEM.match(_body(passage).lstrip()):
            continue
        before = _stretch(passage, -1, chunk_at)
        if before and before[0].id not in ids and _ends_in_item(before[0]):
            out.append(before[0])
            ids.add(before[0].id)
    return out


def _lead_in_first(selected: list[Evidence], ranked: list[Evidence], question: str) -> list[Evidence]:
    """``selected`` opened by the best-ranked unit (of the first :data:`LEAD_IN_UNITS`) that names what the question
    asks for and opens a list of them ("… le caratteristiche, ormai note, di “cluster”: · territorialità delle
    imprese" for "quali caratteristiche deve avere un contesto?"), when there is one: the list answers."""
    asked = head_nouns(_uncounted(question))
    lead = next((e for e in ranked[:LEAD_IN_UNITS] if _LIST_OPENING.search(e.text)
                 and any(_cognate(stem, noun) for stem in asked for noun in _lead_nouns(e.text))), None)
    if lead is None or (selected and fold(selected[0].text) == fold(lead.text)):
        return selected
    lead = replace(lead, answers_part=True)
    return [lead, *(e for e in selected if fold(e.text) != fold(lead.text))]


def complete(selected: list[Evidence], retrieved: list[Passage], question: str,
             chunk_at: Callable[[str, int], Passage | None], ranked: list[Evidence] = ()) -> tuple[list[Evidence], list[Passage]]:
    """``selected`` with the items of an enumeration announced by its best unit (or near it, see
    :func:`_announcement`), and ``retrieved`` with the chunks they come from appended.
    ``chunk_at(document, position)`` gives a document's chunk by position. Unchanged when nothing the
    question asks about is announced, or no item is found."""
    if not selected:
        return selected, retrieved
    best = selected[0]
    found = _announcement(selected, retrieved, question, chunk_at)
    if found is None:
        return _lead_in_first(selected, ranked, question), retrieved
    source, opening, n, stem = found
    document, position = source.metadata.get("document"), source.metadata.get("position")
    if document is None or position is None:
        return selected, retrieved
    items: list[tuple[Passage, str]] = []
    # an item already selected moves into the enumeration, in document order (ranked low, it was cut from the answer)
    seen = {fold(opening)}

    def keep(chunk: Passage, unit: str) -> None:
        if fold(unit) not in seen:
            items.append((chunk, unit))
            seen.add(fold(unit))

    # "emergono tre azioni …: · l'introduzione …; · la comunicazione …; · la presenza …": the announcing unit
    # holds its own items, and opens the answer as it is
    counted = n if len(_INLINE_ITEM.findall(opening)) >= n - 1 else 0
    introducing = counted == 0  # the announcement's own list comes first
    since = 0  # units since the last one naming the noun
    for chunk, unit in _after([source, *_stretch(source, SECTION_CHUNKS, chunk_at, same_section=True)], opening):
        # list items (bulleted, or starting lower-case) right after a unit naming the noun belong to it, also after
        # one sentence more of its prose ("… (criterio n.3). I distretti considerati … · cluster appartenenti al
        # settore fashion.")
        since += 1
        if introducing and since <= ITEM_GAP + 1 and (_ITEM.match(unit) or unit[:1].islower()):
            keep(chunk, unit)
            since = 0  # the next item may follow this one as it followed the naming unit
            continue
        if counted >= n:
            break
        if _names(unit, stem):
            introducing, since = True, 0
            counted += 1
            keep(chunk, unit)
        elif since > ITEM_GAP:
            introducing = False
    if not items and (opening == best.text or counted < n):
        return selected, retrieved
    retrieved = list(retrieved)
    index = {p.id: i for i, p in enumerate(retrieved)}
    extra = []
    if opening != best.text:  # the announcement found near the best unit opens the answer
        items.insert(0, (source, opening))
    for chunk, unit in items:  # a following chunk retrieval did not return is cited as it is
        extra.append(Evidence(_cited(chunk, retrieved, index), unit, best.score, best.similarity, answers_part=True))
    quoted = {fold(e.text) for e in extra}
    if opening == best.text:
        return [best, *extra, *(e for e in selected[1:] if fold(e.text) not in quoted)], retrieved
    return [*extra, *(e for e in selected if fold(e.text) not in quoted)], retrieved
