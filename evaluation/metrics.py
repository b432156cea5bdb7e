"""Metric functions: pure, on plain strings and lists, so each is testable on hand-made cases.

Definitions (and where they differ from the established ones) are in ``evaluation/README.md``.
Two text normalisations are used:
- ``imagine.text.fold_typography``: case, accents, typographic quotes/dashes and whitespace folded (evidence matching);
- ``normalize``: ``fold_typography`` plus numbers in one form (24.224 / 24,224 / 24224 -> 24224,
  59,1% -> 59.1%), for key facts and numbers in answers.
"""

from __future__ import annotations

import math
import re

from imagine.text import fold_typography

MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)")
_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_WORD = re.compile(r"[a-z0-9]+")

# Phrases by which an answer says a field is not in the documents (Italian and English).
NOT_REPORTED = (
    "non riportat", "non e riportat", "non sono riportat", "non indicat", "non e indicat", "non specificat",
    "non disponibil", "non compare", "non fornit", "nessun dato", "non presente", "non e presente",
    "not reported", "not stated", "not given", "not specified", "not available", "not provided",
    "not listed", "not mentioned", "does not report", "does not give", "does not state", "no data",
)

# Words that carry no content, for the lexical support test of citation precision.
_STOP = set(
    """the and for with from that this these those what which their there have has been were are was into than
    also about over only such more most some other each very when where while would could should they them
    della delle dello degli dei del nel nella nelle negli nei con per tra fra sul sulla sui che chi cosa come
    quale quali sono anche questo questa questi queste quello quella stato stata essere hanno loro suoi sue
    dalla dalle dagli alla alle agli allo ogni molto dove quando mentre documents documenti""".split()
)
# Capitalised words that are not names (sentence scaffolding the answer frame may capitalise; the language
# names of "Italian text from the documents:" and "In English (machine gist of [1] …)" label quotes, they claim nothing).
_NOT_NAMES = {"i", "a", "il", "la", "lo", "le", "gli", "un", "una", "the", "an", "in", "and", "e", "of", "di",
              "english", "italian", "inglese", "italiano"}


# --- normalisation -------------------------------------------------------------------
def normalize(text: str) -> str:
    """``fold_typography`` plus one form per number: thousands separators dropped, decimal comma -> point."""
    text = fold_typography(text)
    text = _THOUSANDS.sub(lambda m: re.sub(r"[.,]", "", m.group()), text)
    text = _DECIMAL.sub(".", text)
    return re.sub(r"(?<=\d) %", "%", text)


def strip_markers(text: str) -> str:
    return MARKER.sub(" ", text)


def markers_in(text: str) -> list[int]:
    """Every citation number used, in order (``[1, 2]`` counts both)."""
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def numbers_in(text: str) -> set[str]:
    """Numbers of a text in normalised form (markers excluded)."""
    return set(_NUMBER.findall(normalize(strip_markers(text))))


# --- answer correctness ------------------------------------------------------------------
def variant_found(variant: str, normalized_text: str) -> bool:
    """A variant occurs as whole words (a trailing ``*`` makes it a prefix: ``recycl*``)."""
    prefix = variant.endswith("*")
    v = normalize(variant.rstrip("*"))
    if not v:
        return False
    left = r"(?<![a-z0-9])" if v[0].isalnum() else ""
    right = "" if prefix or not v[-1].isalnum() else r"(?![a-z0-9]|\.\d)"
    return re.search(left + re.escape(v) + right, normalized_text) is not None


def missing_facts(key_facts, answer: str) -> list[list[str]]:
    """The key facts none of whose variants the answer contains (empty list = correct)."""
    text = normalize(strip_markers(answer))
    return [list(fact) for fact in key_facts if not any(variant_found(v, text) for v in fact)]


def says_not_reported(answer: str) -> bool:
    """Whether the answer states that the documents do not give the value."""
    text = fold_typography(answer)
    return any(p in text for p in NOT_REPORTED)


def forbidden_found(forbidden, answer: str) -> list[list[str]]:
    """The forbidden facts the answer contains (any variant; same matching as key facts)."""
    text = normalize(strip_markers(answer))
    return [list(fact) for fact in forbidden if any(variant_found(v, text) for v in fact)]


def premise_handled(answer: str, refused: bool, key_facts) -> bool:
    """A false-premise question is handled when the answer refuses, says the documents do not
    report it, or states the correct fact (every key fact, when there are any). Whether it
    repeats the premise is checked separately, with the question's ``forbidden`` facts."""
    return refused or says_not_reported(answer) or (bool(key_facts) and not missing_facts(key_facts, answer))


# --- retrieval (BEIR-style) ----------------------------------------------------------------
def is_relevant(passage: str, evidence) -> bool:
    """A passage is relevant when it contains one of the evidence strings (folded)."""
    text = fold_typography(passage)
    return any(fold_typography(e) in text for e in evidence)


def first_relevant(passages: list[str], evidence) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    for rank, passage in enumerate(passages, 1):
        if is_relevant(passage, evidence):
            return rank
    return None


def hit_at(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None, cutoff: int = 10) -> float:
    return 1.0 / rank if rank is not None and rank <= cutoff else 0.0


# --- citations ---------------------------------------------------------------------------
def citation_problems(answer: str, n_citations: int, refused: bool = False) -> list[str]:
    """What is wrong with the markers: dangling markers, unmarked citations, claims without citations."""
    used = set(markers_in(answer))
    problems = []
    dangling = sorted(m for m in used if not 1 <= m <= n_citations)
    if dangling:
        problems.append(f"marker(s) {dangling} without a citation ({n_citations} given)")
    unmarked = sorted(set(range(1, n_citations + 1)) - used)
    if unmarked:
        problems.append(f"citation(s) {unmarked} never marked in the text")
    if not refused and answer.strip() and n_citations == 0:
        problems.append("an answer with claims but no citation")
    return problems


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?»])\s+(?!\[\d)|\n+", text)  # a marker stays with the sentence before it
    return [p.strip() for p in parts if p.strip()]


def content_words(text: str) -> set[str]:
    """Words of 4+ letters that carry content, cut to 6 letters (a crude cross-inflection stem)."""
    return {w[:6] for w in _WORD.findall(normalize(strip_markers(text))) if len(w) >= 4 and not w.isdigit() and w not in _STOP}


def sentence_supported(sentence: str, passage: str, min_overlap: float = 0.5) -> bool:
    """The passage holds all the sentence's numbers, or at least ``min_overlap`` of its content words."""
    nums = numbers_in(sentence)
    if nums and nums <= numbers_in(passage):
        return True
    words = content_words(sentence)
    return bool(words) and len(words & content_words(passage)) / len(words) >= min_overlap


def supporting_citations(answer: str, citations: list[str], key_facts=()) -> list[bool]:
    """For each citation: does the passage support the answer?

    Supporting = it contains a key fact (any variant), or some sentence that carries its
    marker is lexically supported by it (``sentence_supported``).
    """
    sents = sentences(answer)
    out = []
    for n, passage in enumerate(citations, 1):
        text = normalize(passage)
        if any(variant_found(v, text) for fact in key_facts for v in fact):
            out.append(True)
            continue
        marked = [s for s in sents if n in markers_in(s)]
        out.append(any(sentence_supported(s, passage) for s in marked))
    return out


# --- groundedness (lexical faithfulness) ---------------------------------------------------
def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'«(“‘*-•·")
    return not before or before[-1] in ".!?:;\n|»"


def claims(answer: str) -> list[str]:
    """The checkable atoms of an answer: its numbers and its capitalised names / acronyms."""
    text = strip_markers(answer)
    flat = normalize(text)
    atoms = sorted(numbers_in(text), key=lambda n: re.search(r"(?<![\w.])" + re.escape(n), flat).start())
    for m in re.finditer(r"[^\W\d_][\w'’&.-]*", text):
        word = m.group().rstrip(".-'’")
        if len(word) < 2 or not word[0].isupper() or fold_typography(word) in _NOT_NAMES:
            continue
        acronym = sum(c.isupper() for c in word) >= 2
        if acronym or not _sentence_initial(text, m.start()):
            atoms.append(word)
    return list(dict.fromkeys(atoms))


def ungrounded(answer: str, citations: list[str], question: str = "") -> list[str]:
    """Atoms of the answer (numbers, names) that no cited passage contains.

    Atoms the question itself contains (a threshold, a name the user typed) are not claims, and
    the number of cited passages is grounded by the citations themselves ("2 clusters in
    Belgium: Fedustria [1] and West Flanders [2]"); any other computed number is not.
    """
    pool = " ".join(citations)
    pool_numbers = numbers_in(pool) | numbers_in(question) | ({str(len(citations))} if citations else set())
    pool_text = fold_typography(pool + " " + question)
    missing = []
    for atom in claims(answer):
        if atom[0].isdigit():
            ok = atom in pool_numbers
        else:
            ok = re.search(r"(?<![a-z0-9])" + re.escape(fold_typography(atom)), pool_text) is not None
        if not ok:
            missing.append(atom)
    return missing


def groundedness(answer: str, citations: list[str], question: str = "") -> float | None:
    """Share of the answer's atoms found in its cited passages (None when it has no atoms)."""
    atoms = claims(answer)
    if not atoms:
        return None
    return 1.0 - len(ungrounded(answer, citations, question)) / len(atoms)


# --- language ------------------------------------------------------------------------------
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_TOKENS = re.compile(r"[^\W_]+", re.UNICODE)


def frame_of(answer: str, passages: list[str]) -> str:
    """The words the assistant wrote itself: the answer minus markers, URLs and every run of
    two or more words copied from its passages (quotations, cluster names, field values)."""
    text = _URL.sub(" ", strip_markers(answer))
    tokens = _TOKENS.findall(text)
    folded = [fold_typography(t) for t in tokens]
    pool = " " + " ".join(_TOKENS.findall(fold_typography(" ".join(passages)))) + " "
    copied = [False] * len(tokens)
    i = 0
    while i < len(tokens) - 1:
        j = i + 2
        while j <= len(tokens) and f" {' '.join(folded[i:j])} " in pool:
            j += 1
        if j - 1 >= i + 2:  # tokens[i:j-1] is a copied run of 2+ words
            copied[i : j - 1] = [True] * (j - 1 - i)
            i = j - 1
        else:
            i += 1
    return " ".join(t for t, c in zip(tokens, copied) if not c)


def answer_language(answer: str, detect, passages: list[str] = ()) -> str:
    """Language of the frame; if the frame has no signal, of the whole answer; "?" if neither has one.

    ``detect(text, default)`` is the assistant's detector.
    """
    lang = detect(frame_of(answer, list(passages)), default="?")
    if lang == "?":
        lang = detect(strip_markers(answer), default="?")
    return lang


# --- aggregation ---------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    rank = max(1, math.ceil(p / 100 * len(vals)))
    return vals[rank - 1]


def mean(values) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None
