"""Arithmetic over the figures of one quoted sentence: the sum of its parts against its total, a total less some
parts, the sum of named parts (and that share of a base count), a part's share of its total.

Partners ask figures the report implies and never writes: "the 84 fashion clusters: do the sector counts add up?",
"Hackefors' ~600 firms: micro + small together, what share and about how many firms?", "Gendorf without its green
areas, depots and offices: how many hectares are left?". A quote leaves the sum to the reader, and the small LLM gets
sums wrong; so code reads the sentence's figures with the words after each (its label: "47 *del settore tessile*",
"59,1% *microimprese*", "47.000 mq *aree deposito*"), takes the whole they are parts of ("84 *di cui* …"), picks the
parts the question names by their words, and computes. The line states every operand, so a reader checks it against
the quote it cites. No operation is read from a question that names no operation ("somma", "add up", "togliendo",
"insieme", "+", "che percentuale" …), and none is made on figures of different kinds (a % is not added to a count; square metres are
converted to the whole's hectares).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guard import STOPWORDS
from assistant.question import reports_a_claim
from imagine.geography import SECTORS
from imagine.glossary import FIRM_SIZES, SME_NAMES, SME_SIZES
from imagine.text import NUMBER_PATTERN, fold_word, parse_number, typed_sentences

# units of area, in hectares; a percentage; anything else is a plain count ("47 cluster", "600 imprese")
_AREA = {"ettari": 1.0, "ettaro": 1.0, "hectares": 1.0, "hectare": 1.0, "ha": 1.0, "mq": 1e-4, "m2": 1e-4, "m²": 1e-4,
         "kmq": 100.0, "km2": 100.0, "km²": 100.0}
_FIGURE = re.compile(rf"(?<![\w.,])(?<![A-Z]{{2}} )(?P<num>{NUMBER_PATTERN})\s*(?P<unit>%|per ?cento\b|percent\b|" +
                     "|".join(sorted((re.escape(u) + r"(?!\w)" for u in _AREA), key=len, reverse=True)) + ")?")
# a year is no figure of a breakdown ("nel 2010", "(2002)")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
# the whole that the figures after it divide: "84 di cui 47 …", "600 imprese la maggioranza delle quali …"
_OF_WHICH = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,3}?(?:di cui|dei quali|delle quali|of which|of whom|among which)\b")
_LABEL_END = re.compile(r"[,;:()\[\].]|\s(?:e|ed|and|o|or)\s|\d")
_LABEL_FILLER = {"del", "della", "dello", "dei", "degli", "delle", "di", "da", "per", "il", "lo", "la", "le", "i", "gli",
                 "settore", "sector", "the", "of", "for", "in", "a", "ad", "destinati", "destinate", "destinato", "aree",
                 "area", "circa", "altri", "altre", "sempre"}
SEARCHED = 5  # the best evidence units searched for the figures a question computes on
STEM = 4  # letters a question's word and a label's share: "verde"/"verdi", "micro"/"microimprese", "uffici"/"ufficio"

# what the question asks done (folded text)
_ADDS_UP = re.compile(r"\b(somm\w*|add(s|ing)? up|sums?|summ\w*|torna(no)?|quadra(no)?|coincid\w*)\b")
_REMOVES = re.compile(r"\b(toglien\w*|togli\w*|tolt[oaie]|esclud\w*|esclus\w*|sottra\w*|scorpora\w*|minus|subtract\w*|"
                      r"excluding|exclude|taking away|take away|leaving out|apart from|tranne)\b")
_REMAINS = re.compile(r"\b(rest[ao]n[oa]?|resta|rimang\w*|rimanent\w*|rimane|left|remain\w*|rest)\b")
_COMBINES = re.compile(r"\+|\b(insieme|together|combined|in tot\w*|complessivament\w*|sommat[eia]|cumulat\w*)\b")
_ASKS_COUNT = re.compile(r"\b(quant[ei]|how many)\b")
# a part's share of its whole: "che percentuale della superficie è verde?", "what share of the area is green?"
_SHARE = re.compile(r"\b(percentual\w*|percentage|per ?cent\w*|what share|che quota|quale quota|proportion|proporzione|"
                    r"che parte|what part|what fraction|frazione)\b|%")


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "%", "ha" (converted from any area unit) or "" (a count)
    written: str  # as the sentence writes it, with its unit: "47.000 mq"
    label: tuple[str, ...]  # the folded words after it, up to the next figure or punctuation
    whole: bool  # followed by "di cui" / "of which": the parts after it divide it
    start: int

    def named_by(self, words: set[str], shared: set[str] = frozenset()) -> bool:
        """Whether the question's words (their first :data:`STEM` letters) name this figure by a word of its label
        that no other figure's label has ("piccole" of "29,6% piccole imprese"; not "imprese")."""
        return any(w[:STEM] in words and w[:STEM] not in shared for w in self.label if len(w) >= STEM)


def _shared(found: list[Figure], sentence: str) -> set[str]:
    """Label words (stems) of more than one figure, or of the words before the whole (what it is a whole of: "i
    cluster del comparto fashion … sono 84", and so "moda" too): they tell no part apart."""
    whole = next((f for f in found if f.whole), None)
    before = _with_sectors(re.findall(r"[^\W\d_]+", fold_word(sentence[: whole.start]))) if whole is not None else []
    seen: dict[str, int] = {w[:STEM]: 2 for w in before if len(w) >= STEM}
    for f in found:
        for stem in {w[:STEM] for w in f.label if len(w) >= STEM}:
            seen[stem] = seen.get(stem, 0) + 1
    return {stem for stem, n in seen.items() if n > 1}


@dataclass(frozen=True)
class Derivation:
    """A computed figure and the line that states it; ``sentence`` is the quoted sentence it comes from."""
    sentence: str
    value: float
    it: str
    en: str
    named: bool = True  # the question names the operands; False for the check that all the parts add up to the whole

    def line(self, lang: str, marker: str) -> str:
        return (self.it if lang == "it" else self.en).format(m=marker)


def figures(sentence: str) -> list[Figure]:
    """The figures of a sentence with their units and labels (years left out)."""
    out = []
    for m in _FIGURE.finditer(sentence):
        raw = m.group("num")
        if _YEAR.match(raw) and not m.group("unit"):
            continue
        unit_word = (m.group("unit") or "").lower()
        unit = "%" if unit_word and unit_word[0] in "%p" else "ha" if unit_word else ""
        value = parse_number(raw) * (_AREA.get(unit_word, 1.0) if unit == "ha" else 1.0)
        rest = sentence[m.end():]
        end = _LABEL_END.search(rest)
        label_text = rest[: end.start() if end else len(rest)]
        label = tuple(w for w in re.findall(r"[^\W\d_]+", fold_word(label_text)) if w not in _LABEL_FILLER)[:4]
        out.append(Figure(value, unit, m.group(0).strip(), label, bool(_OF_WHICH.match(fold_word(rest[:60]))), m.start()))
    return out


def _words(question: str) -> set[str]:
    """The question's words as stems, with the other-language names of the firm sizes and sectors it names ("small"
    is "piccole", "textile" is "tessile": an English question names the parts of an Italian sentence), and SMEs
    ("PMI") as the three sizes they are."""
    said = re.findall(r"[^\W\d_]+", fold_word(question))
    sizes = {size for size, names in FIRM_SIZES.items() if any(w in names for w in said)}
    if any(w in SME_NAMES for w in said):
        sizes |= set(SME_SIZES)
    said += [name for size in sizes for name in FIRM_SIZES[size]]
    return {w[:STEM] for w in _with_sectors(said) if len(w) >= STEM}


def _with_sectors(said: list[str]) -> list[str]:
    """Folded words with every name of the sectors they name, in both languages ("fashion": "moda", "abbigliamento")."""
    return said + [name for names in SECTORS.values() if any(w in names for w in said) for name in names]


def _fmt(value: float, lang: str) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if lang == "it" else text


def _parts(found: list[Figure]) -> tuple[Figure, list[Figure]] | None:
    """The whole of a sentence's breakdown and its parts: the figures after it of its own kind (a count's parts are
    counts, an area's areas)."""
    whole = next((f for f in found if f.whole), None)
    if whole is None:
        return None
    parts = [f for f in found if f.start > whole.start and f.unit == whole.unit]
    return (whole, parts) if len(parts) >= 2 else None


def _sum_check(sentence: str, found: list[Figure]) -> Derivation | None:
    split = _parts(found)
    if split is None:
        return None
    whole, parts = split
    total = sum(p.value for p in parts)
    gap = whole.value - total
    it_terms, en_terms = " + ".join(_fmt(p.value, "it") for p in parts), " + ".join(_fmt(p.value, "en") for p in parts)
    if abs(gap) < 1e-9:
        it_diff, en_diff = "come il totale dichiarato", "the stated total"
    else:
        it_diff = f"{_fmt(abs(gap), 'it')} {'in meno' if gap > 0 else 'in più'} del totale dichiarato, {_fmt(whole.value, 'it')}"
        en_diff = f"{_fmt(abs(gap), 'en')} {'fewer' if gap > 0 else 'more'} than the stated total of {_fmt(whole.value, 'en')}"
    return Derivation(sentence, total,
                      f"Somma delle parti citate {{m}}: {it_terms} = {_fmt(total, 'it')}, {it_diff}.",
                      f"Sum of the quoted parts {{m}}: {en_terms} = {_fmt(total, 'en')}, {en_diff}.", named=False)


def _remainder(sentence: str, found: list[Figure], words: set[str], shared: set[str]) -> Derivation | None:
    split = _parts(found)
    if split is None:
        return None
    whole, parts = split
    removed = [p for p in parts if p.named_by(words, shared)]
    if not removed:
        return None
    left = whole.value - sum(p.value for p in removed)
    unit_it, unit_en = ("ettari", "hectares") if whole.unit == "ha" else ("%", "%") if whole.unit == "%" else ("", "")

    def term(p: Figure, lang: str) -> str:
        shown = _fmt(p.value, lang)
        return shown if p.written.split()[0] == p.written or _fmt(p.value, lang) in p.written else f"{shown} ({p.written})"

    it_terms = " − ".join([_fmt(whole.value, "it"), *(term(p, "it") for p in removed)])
    en_terms = " − ".join([_fmt(whole.value, "en"), *(term(p, "en") for p in removed)])
    return Derivation(sentence, left,
                      f"Calcolo sulle cifre citate {{m}}: {it_terms} = {_fmt(left, 'it')} {unit_it}".rstrip() + ".",
                      f"Computed from the quoted figures {{m}}: {en_terms} = {_fmt(left, 'en')} {unit_en}".rstrip() + ".")


def _counted_noun(sentence: str, figure: Figure) -> str | None:
    """The stem of the noun a count is of, written right after it ("1.307 *cluster*", "220 *regioni*"); None when a
    preposition comes first ("47 *del* settore tessile": a part of what the sentence counts)."""
    after = re.match(r"\s*([^\W\d_]+)", sentence[figure.start + len(figure.written):])
    head = fold_word(after.group(1)) if after else ""
    return head[:STEM] if len(head) >= STEM and head not in STOPWORDS else None


def _named_sum(sentence: str, found: list[Figure], words: set[str], shared: set[str], question: str) -> Derivation | None:
    named = [f for f in found if not f.whole and f.named_by(words, shared)]
    kinds = {f.unit for f in named}
    # "micro + small + medium": each operand the question joins with "+" is a figure of the sentence
    if len(named) < max(2, question.count("+") + 1 if "+" in question else 0) or len(kinds) != 1:
        return None
    unit = next(iter(kinds))
    if unit == "" and len({noun for f in named if (noun := _counted_noun(sentence, f))}) > 1:
        return None  # "1.307 cluster collocati in 220 regioni": counts of two things add up to nothing
    total = sum(f.value for f in named)
    suffix = "%" if unit == "%" else ""
    it = f"Somma delle cifre citate {{m}}: {' + '.join(_fmt(f.value, 'it') + suffix for f in named)} = {_fmt(total, 'it')}{suffix}"
    en = f"Sum of the quoted figures {{m}}: {' + '.join(_fmt(f.value, 'en') + suffix for f in named)} = {_fmt(total, 'en')}{suffix}"
    # a share of a base count the sentence gives before the shares ("circa 600 imprese … (59,1% micro, …)"), when
    # the question asks how many
    base = next((f for f in reversed(found) if f.start < named[0].start and f.unit == ""), None)
    if unit == "%" and base is not None and _ASKS_COUNT.search(fold_word(question)):
        count = round(base.value * total / 100)
        noun = " ".join(base.label[:1])
        it += f"; {_fmt(total, 'it')}% di {_fmt(base.value, 'it')} {noun}: circa {_fmt(count, 'it')}"
        en += f"; {_fmt(total, 'en')}% of {_fmt(base.value, 'en')} {noun}: about {_fmt(count, 'en')}"
    return Derivation(sentence, total, it.rstrip() + ".", en.rstrip() + ".")


def _share(sentence: str, found: list[Figure], words: set[str], shared: set[str], question: str = "") -> Derivation | None:
    split = _parts(found)
    if split is None or split[0].unit == "%":
        return None
    whole, parts = split
    named = [p for p in parts if p.named_by(words, shared)]
    if len(named) > 1 and (asked := _SHARE.search(fold_word(question))):
        # "sul totale dei cluster della moda, che percentuale sono *del tessile*?": the part is named after the
        # share asked; the words before it describe the whole
        after = _words(fold_word(question)[asked.end():])
        named = [p for p in named if p.named_by(after, shared)]
    if len(named) != 1:
        return None
    part = named[0]
    share = 100 * part.value / whole.value
    it = f"Calcolo sulle cifre citate {{m}}: {_fmt(part.value, 'it')} su {_fmt(whole.value, 'it')} = {_fmt(round(share, 1), 'it')}%."
    en = f"Computed from the quoted figures {{m}}: {_fmt(part.value, 'en')} of {_fmt(whole.value, 'en')} = {_fmt(round(share, 1), 'en')}%."
    return Derivation(sentence, share, it, en)


def derive(question: str, sentences: list[str]) -> Derivation | None:
    """The first of ``sentences`` (best first) on whose figures the question asks an operation, computed; None when
    the question asks none or no sentence holds its operands."""
    # the operation is asked, not reported: "i read that SMEs pollute a lot all together. is there a number …?" asks no sum
    text = fold_word(" ".join(s for s in typed_sentences(question) if not reports_a_claim(s)) or question)
    words = _words(question)
    removes = bool(_REMOVES.search(text)) and bool(_REMAINS.search(text))
    combines = bool(_COMBINES.search(text))
    adds_up = bool(_ADDS_UP.search(text))
    shares = bool(_SHARE.search(text))
    if not (removes or combines or adds_up or shares):
        return None
    for sentence in sentences:
        found = figures(sentence)
        if len(found) < 2:
            continue
        shared = _shared(found, sentence)  # label words that tell no part apart, once per sentence
        derived = ((_remainder(sentence, found, words, shared) if removes else None)
                   or (_sum_check(sentence, found) if adds_up else None)
                   or (_named_sum(sentence, found, words, shared, question) if combines or adds_up else None)
                   or (_share(sentence, found, words, shared, question) if shares and not combines else None))
        if derived is not None:
            return derived
    return None
