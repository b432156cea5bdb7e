"""Extractive answers: the sentences that answer, first, quoted verbatim with their markers.

No model writes anything, so every word of a quote is in a cited passage: deterministic,
fast, and always available (the fallback when no LLM is installed or reachable). The body
is short: the best one to three evidence sentences, a long one cut to the clauses that
carry the answer (the question's numbers, names and terms), with "…" where text was left
out; never reworded. The other supporting sentences are not repeated in the body: they stay
as highlights of the cited passages, behind the sources. The framing line is in the
question's language and says when the quotes are in the other one; quotes stay in the
document's language.

The English gist of an Italian quote (LLM backends only) is in :mod:`assistant.gist`.
"""

from __future__ import annotations

import re

from imagine.text import fold as _fold
from assistant.arithmetic import derive
from assistant.evidence import Evidence, asks_number, numbers, stems as _stems
from assistant.language import detect_language, message
from assistant.question import agent_after, asked_parts, asks_for, roles_in
from assistant.time_gloss import english_times
from imagine.text import alnum_words, unique
from assistant.types import Passage

BODY_CHARS = 800  # aim for the quoted body of a fact answer: room for three units of ordinary length
TIED = 0.05  # units scored this close to the best are quoted whatever the length: the ranking cannot tell them apart
CLAUSE_CHARS = 300  # a longer unit is cut to the clauses that carry the answer
BLIND_CHARS = 500  # without any clue in the question, a unit is cut (to its opening) only past this
TAIL_CHARS = 150  # a unit's rest this short after the quoted run is quoted too: cutting it saves little, and it may answer
LIST_CHARS = 700  # a lead-in and its list are the answer to "which…": cut only past this
QUOTE = re.compile(r"«(.+?)» \[(\d+)\]")  # one quote and its marker in a composed answer
_NAME = re.compile(r"\b(?:[A-ZÀ-Ý][\wÀ-ÿ'’-]*[A-Z0-9][\wÀ-ÿ-]*|[A-ZÀ-Ý][a-zà-ÿ'’-]{2,})\b")
_ITEM_MARK = re.compile(r"[·•▪◦]")


def group_by_passage(selected: list[Evidence], retrieved: list[Passage]) -> tuple[list[Passage], list[list[str]]]:
    """Cited passages in first-use order, with the sentences quoted from each."""
    order: dict[int, int] = {}
    quotes: list[list[str]] = []
    for e in selected:
        if e.passage not in order:
            order[e.passage] = len(order)
            quotes.append([])
        quotes[order[e.passage]].append(e.text)
    cited = [retrieved[i] for i in order]
    return cited, quotes


def quote_answer(selected: list[Evidence], retrieved: list[Passage], lang: str, question: str = "",
                 names=None, body_chars: int = BODY_CHARS) -> tuple[str, list[Passage]]:
    """The answer text with markers [1..k] and the k cited passages (with highlights).

    ``selected`` is best first. The body quotes the units scored within :data:`TIED` of the
    best (each cut to its answering clauses when long), then the next ones while they fit in
    ``body_chars`` (:data:`BODY_CHARS`); every selected unit of a cited passage becomes one of its highlights.
    ``names(text, cluster)``: whether a text names a cluster (the catalog's; by default, by its full name).
    """
    if not selected:
        return message(lang, "extractive_intro"), []
    body: list[tuple[int, str]] = []  # (passage index, quote)
    used = 0
    best = selected[0].score
    groups: list[list[Evidence]] = []  # a unit with the units that continue it (one list across two chunks)
    for e in selected:
        if e.continues and groups:
            groups[-1].append(e)
        else:
            groups.append([e])
    for group in groups:
        quotes = [(e.passage, focus(e.text, question)) for e in group]
        size = sum(len(q) for _, q in quotes)
        if group[0].score < best - TIED and used + size > body_chars and not any(e.answers_part for e in group):
            quotes = [(e.passage, focus(e.text, question, slack=0)) for e in group]  # cut closer, it may fit then
            size = sum(len(q) for _, q in quotes)
            if used + size > body_chars:
                continue
        body += quotes
        used += size
    order: dict[int, int] = {}
    for i, _ in body:
        order.setdefault(i, len(order) + 1)
    labels = _cluster_labels(body, retrieved, names, message(lang, "report_label"))
    quoted = " ".join(f"{label}«{quote}» [{order[i]}]" for (i, quote), label in zip(body, labels))
    intro = _intro(lang, " ".join(q for _, q in body))
    times = _times_in_english(body, order, lang, question)
    lines = []  # the computed figures first, each with the marker of the passage holding its sentence
    for derived in _derivations(question, [e.text for e in selected if e.passage in order]):
        at = next(e.passage for e in selected if e.text == derived.sentence and e.passage in order)
        lines.append(derived.line(lang, f"[{order[at]}]"))
    if lines:
        intro = "\n".join(dict.fromkeys(lines)) + f"\n\n{intro}"
    highlights: dict[int, list[str]] = {i: [] for i in order}
    for e in selected:
        if e.passage in highlights:
            highlights[e.passage].append(e.text)
    cited = [_with_highlights(retrieved[i], highlights[i]) for i in order]
    return f"{intro} {quoted}" + (f" {times}" if times else ""), cited


def _derivations(question: str, units: list[str]) -> list:
    """What each asked part computes from the quoted ``units`` (:func:`assistant.arithmetic.derive`) when two parts
    or more compute something ("tessile + conciario + calzaturiero quanti fanno in tutto? e che quota del totale moda è
    il tessile?": a sum and a share of the same sentence's figures); else the whole question's one figure, which may
    join its parts ("che percentuale sono micro + piccole? e circa quante imprese sono?": 88,7% of 600)."""
    if not question:
        return []
    parts = asked_parts(question)
    each = [d for part in parts if (d := derive(part, units)) is not None] if len(parts) > 1 else []
    if len(each) > 1:
        return each
    whole = derive(question, units)
    return [whole] if whole is not None else []


def _times_in_english(body: list[tuple[int, str]], order: dict[int, int], lang: str, question: str) -> str:
    """For an English question asking how often, when or how long, answered by Italian quotes: the times they state,
    rendered in English by code (:mod:`assistant.time_gloss`), each with its quote's marker; "" otherwise."""
    if lang != "en" or not asks_for(question) & {"frequency", "date", "duration"}:
        return ""
    times = unique(f"{t} [{order[i]}]" for i, quote in body if detect_language(quote, default="it") == "it"
                   for t in english_times(quote))
    return message(lang, "times_in_english", s="s" if len(times) > 1 else "", times="; ".join(times)) if times else ""


def _cluster_labels(body: list[tuple[int, str]], retrieved: list[Passage], names=None, report: str = "") -> list[str]:
    """"Fedustria: " before a quote from a cluster's card or card section that does not name the cluster itself
    ("E' stato realizzato un programma per … i tappeti"): which cluster a quote is about is part of its
    meaning. Said once for a run of quotes about the same cluster. A quote of the report's own text after a cluster's
    label gets ``report`` ("Dal rapporto: "): under "Hackefors:" it would read as Hackefors'."""
    labels, last, shown = [], None, None  # shown: the cluster of the label a reader takes the quote to be under
    for i, quote in body:
        cluster = retrieved[i].metadata.get("cluster") or None
        if cluster is None and shown is not None and report:
            labels.append(report)
            shown = last = None
            continue
        named = cluster is not None and (names(quote, cluster) if names else _fold(cluster) in _fold(quote))
        # a quote that names its own cluster needs no label, unless another cluster's label stands before it: a reader
        # takes "West Flanders: «…» «Cluster name: Extremadura Textile cluster»" as West Flanders' too
        label = bool(cluster) and cluster != last and (not named or shown not in (None, cluster))
        labels.append(f"{cluster}: " if label else "")
        shown = cluster if label else shown
        last = cluster
    return labels


def _intro(lang: str, quoted: str) -> str:
    """The framing line; it names the quotes' language when it is not the question's."""
    quotes_lang = detect_language(quoted, default=lang)
    if quotes_lang != lang:
        return message(lang, "extractive_intro_in", language=message(lang, f"language_{quotes_lang}"))
    return message(lang, "extractive_intro")


# --- cutting a long unit to the clauses that answer ------------------------------------------


# a comma before the last items of a list ("attività, iniziative e risorse collettive …"): "e/o/and/or" among the
# next words, before any other punctuation, joins them; a clause that opens with one ("…, e ciascuna …") is cut
_LIST_COMMA = re.compile(r",\s+[^\s,;:.]+(?:\s+[^\s,;:.]+){0,2}\s+(?:e|ed|o|oppure|and|or)\s", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """A unit cut after each "," ";" ":" or dash outside brackets, except the commas of a list (see ``_LIST_COMMA``);
    the pieces joined give the text back."""
    pieces, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and i + 1 < len(text) and text[i + 1] == " " and (ch in ";:" or (ch in "–-" and i and text[i - 1] == " ")
                                                                        or ch == "," and not _LIST_COMMA.match(text, i)):
            pieces.append(text[start : i + 2])
            start = i + 2
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _clause_score(clause: str, question: str, wants_number: bool, wants_name: bool = False) -> float:
    found = numbers(clause)
    score = 2.0 * len(numbers(question) & found) + (2.0 if wants_number and found else 0.0)
    score += len(_stems(question) & _stems(clause))
    names = {_fold(n) for n in _NAME.findall(question)}
    in_clause = {_fold(n) for n in _NAME.findall(clause)}
    score += 1.5 * len(names & in_clause) + (3.0 if wants_name and in_clause - names else 0.0)  # "who…?": a name
    if wants_name and _gives_role(clause):  # "who approves them?": "… già valutate da un verificatore terzo accreditato"
        score += 3.0
    return score


def _gives_role(clause: str) -> bool:
    """Whether a clause gives a role to someone: a role word (``question.ROLES``) with its agent after it ("da …",
    "by …", :func:`question.agent_after`)."""
    tokens = alnum_words(_fold(clause))
    return any(agent_after(tokens, at) is not None for _, at in roles_in(tokens))


def focus(unit: str, question: str, slack: int = TAIL_CHARS) -> str:
    """``unit`` itself when short, else the run of its clauses that best carries the answer to ``question`` (within
    :data:`CLAUSE_CHARS`), with "…" where text was left out. A unit up to ``slack`` past the room is whole: cutting
    would save little, and the clause cut off may answer ("la condizione … è un riconoscimento di parte terza …; il
    distretto ottiene così il riconoscimento, e …" lost its first clause, the third party, for "what condition has to
    be met, and who has to confirm it?"; Porter's definition lost its author, the filiera sentence Empoli).

    A lead-in with its list is kept whole up to :data:`LIST_CHARS`: its items are the answer. A question that
    asks two things gets twice the room.
    Without a clue in the question that tells clauses apart (a shared number, name or term), a
    unit is kept whole up to :data:`BLIND_CHARS`, past that its opening. The run grows from the
    best clause towards the better neighbour, the next one on ties: a question's own terms are
    what is known, the answer tends to follow them ("the fabric of Prato … is used in Empoli").
    """
    unit = unit.strip()
    is_list = bool(_ITEM_MARK.search(unit)) or unit.count(";") >= 2
    # a question asking two things ("cosa sono e chi le approva?") may find both in one long unit: room for two clauses
    asked = min(2, len(asked_parts(question)))
    limit = LIST_CHARS if is_list else CLAUSE_CHARS * asked
    if len(unit) <= limit + slack:  # cutting would save at most the slack, and may cut off the answer
        return unit
    parts = clauses(unit)
    wants_number = asks_number(question)
    wants_name = bool(asks_for(question) & {"person", "agent"})
    scores = [_clause_score(p, question, wants_number, wants_name) for p in parts]
    if not any(scores) or (len(parts) > 1 and len(set(scores)) == 1):  # no clue tells the text apart
        if len(unit) <= BLIND_CHARS:
            return unit
        scores = [1.0] + [0.0] * (len(parts) - 1)
    # on a tie, the clause that states a number when one is asked ("… and from what year?": "(M.Porter, 1991)"), then
    # the earliest
    best = max(range(len(parts)), key=lambda i: (scores[i], wants_number and bool(numbers(parts[i])), -i))
    lo, hi = best, best + 1
    size = len(parts[best])
    while True:  # grow towards the better-scoring neighbour (the earlier one on ties: subjects come first)
        options = [j for j in (lo - 1, hi) if 0 <= j < len(parts) and size + len(parts[j]) <= limit]
        if not options:
            break
        j = max(options, key=lambda j: (scores[j], j == hi))
        size += len(parts[j])
        lo, hi = (j, hi) if j == lo - 1 else (lo, j + 1)
    # a clause has no place to cut it: one up to BLIND_CHARS is quoted whole (the answer may be its last words: "…
    # messe a disposizione a livello territoriale e già valutate da un verificatore terzo accreditato …"); a longer
    # one is cut to its best run of words
    if hi == lo + 1 and len(parts[lo]) > max(limit, BLIND_CHARS):
        return _word_window(unit, sum(map(len, parts[:lo])), parts[lo], question, wants_number, limit)
    text = "".join(parts[lo:hi]).rstrip()
    if wants_number and not numbers(text) and (numbered := [j for j in range(len(parts)) if numbers(parts[j])]):
        # a number asked and none in the run: the clause that states one is quoted too, or the words around its number
        # ("… e istituzioni di supporto … (M.Porter, 1991)" for "chi l'ha definito, e in che anno?")
        j = max(numbered, key=lambda j: (scores[j], -abs(j - best)))
        if len(parts[j]) <= CLAUSE_CHARS // 2:
            stated = parts[j].strip()
        else:  # the words around its number, with "…" where they were cut
            stated = _word_window(unit, sum(map(len, parts[:j])), parts[j], question, wants_number, CLAUSE_CHARS // 2)
        run = text.rstrip(",;:–- ")
        first, second = (stated, run) if j < lo else (run, stated)
        quote = f"{first.rstrip(' …')} … {second.lstrip('… ')}"
        opened = min(j, lo) > 0 or first.startswith("…")
        cut = max(j, hi - 1) < len(parts) - 1 or second.endswith("…")
        return ("… " if opened else "") + quote + (" …" if cut else "")
    if hi < len(parts) and len("".join(parts[hi:])) <= TAIL_CHARS:  # a short rest is quoted, not cut off with "…"
        text, hi = "".join(parts[lo:]).rstrip(), len(parts)  # ("… o che in passato abbiano collaborato con uno dei partner")
    if hi < len(parts):  # the room left goes to the opening of the next clause, where the answer tends to be
        room = limit - size
        head = parts[hi][:room].rsplit(" ", 1)[0] if room >= 40 and len(parts[hi]) > room else ""
        text = (f"{text} {head.rstrip(',;:–- ')}" if head else text.rstrip(",;:–- ")) + " …"
    return ("… " + text) if lo > 0 else text


def _word_window(unit: str, offset: int, clause: str, question: str, wants_number: bool, limit: int) -> str:
    """The run of ``clause``'s words (within ``limit`` characters) that scores best, as a quote of ``unit``."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", clause)]
    best, best_score, right = (0, 1), -1.0, 0
    for left in range(len(words)):
        right = max(right, left + 1)
        while right < len(words) and words[right][1] - words[left][0] <= limit:
            right += 1
        score = _clause_score(clause[words[left][0] : words[right - 1][1]], question, wants_number)
        if score > best_score:  # the earliest of equally good windows
            best, best_score = (left, right), score
    left, right = best
    start, end = offset + words[left][0], offset + words[right - 1][1]
    if unit.count("(", start, end) > unit.count(")", start, end):  # "(59,1% micro, 29,6% piccole …": a bracket is
        close = unit.find(")", end)  # one piece, its list is the answer: closed when it ends within half the room more
        if 0 <= close < end + limit // 2:
            end = close + 1
    text = unit[start:end].rstrip(",;:")
    return ("… " if start > 0 else "") + text + (" …" if end < len(unit.rstrip()) else "")


def _with_highlights(passage: Passage, sents: list[str]) -> Passage:
    return Passage(text=passage.text, metadata=passage.metadata, score=passage.score, id=passage.id, highlights=list(sents))


def computes_on_last_quotes(question: str, history: list[dict] | None) -> bool:
    """Whether ``question`` computes on figures the last answer of ``history`` quoted (:func:`derive` over its quotes,
    naming its operands: "tessile + conciario + calzaturiero quanti fanno?", "che quota del totale moda è il tessile?"
    after "… 84 di cui 47 del settore tessile, 10 del conciario …"): the quoted sentence holds the operands, whatever
    else the question's words could be read as."""
    answers = [t["content"] for t in history or [] if t.get("role") == "assistant" and isinstance(t.get("content"), str)]
    quotes = [m.group(1) for m in QUOTE.finditer(answers[-1])] if answers else []
    derived = derive(question, quotes) if quotes else None
    return derived is not None and derived.named
