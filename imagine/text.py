"""Text folding and tokenizing for matching: the one place every layer takes them from.

``fold`` lower-cases, strips accents (also the letters Unicode does not decompose: ł, ø,
æ, ß…), folds typographic quotes and turns apostrophes, hyphens and slashes into spaces,
so "Łódzkie", "lodzkie" and "L'Ain"/"l ain" compare equal. ``tokenize`` yields words and
numbers; numbers are read in any notation people type ("4.000", "4,000", "4 000", "4000").
Three variants differ from ``fold`` on purpose, each said in its docstring: ``fold_word``
keeps punctuation (a word or text as written, for prefixes and patterns that read it),
``fold_typography`` also evens out quotes, dashes and spaces (a quote against its source),
``fold_alnum`` drops punctuation altogether (a typed filter as a substring). ``alnum_words``
and ``WORD3`` cut text into words for those matchers; ``find_phrases`` finds the phrases of a table
(countries, sectors, cluster names) in a text's words, longest first.
``detect_language`` tells Italian from English by counting function words: questions are short
and the two languages share few of them, so this is exact enough and instant; anything that is neither reads as the default.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Letters that Unicode decomposition leaves alone.
_LETTERS = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ß": "ss", "đ": "d", "Đ": "d",
                          "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
# a number as people write it, thousands grouped by "." "," or a space ("47.000", "4 000"), or with decimals ("59,1")
NUMBER_PATTERN = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?"
# a word may carry digits after its letters ("co2", "iso14001", "pm10"): a name, not a figure to compare
_TOKEN = re.compile(rf"(?P<num>{NUMBER_PATTERN})|(?P<word>[a-z]+(?:\d+[a-z]*)*)")


def text_sha(text: str) -> str:
    """The content hash that keys a text in the index (a chunk's ``text_sha``, a sentence's ``sentence_sha``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Italian chat shorthand, as people type it ("ke sanzioni ci sono?", "nn siamo in filiera", "xche", "cmq"): the word it
# stands for. Only forms no word of either language has; "x" for "per" is read where it can mean that (a ratio).
_SHORTHAND = {"ke": "che", "nn": "non", "xche": "perché", "xke": "perché", "xké": "perché", "xchè": "perché",
              "xché": "perché", "perke": "perché", "perkè": "perché", "cmq": "comunque", "qlc": "qualche",
              "qlcs": "qualcosa", "qlcn": "qualcuno", "sn": "sono", "cn": "con", "ki": "chi", "qnd": "quando",
              "qnt": "quanto", "nnt": "niente"}
_SHORTHAND_WORD = re.compile(r"(?<![\w'’-])(" + "|".join(sorted(map(re.escape, _SHORTHAND), key=len, reverse=True)) + r")(?![\w'’-])",
                             re.IGNORECASE)


# The interrogatives a question turns on (a closed class): a misspelt one ("qunte azioni ha?", "whcih clusters") is read as
# the one it is one edit or one swap away from, when the typed form is no word of either language ("quinte" is)
_ASKING = ("quanti", "quante", "quanto", "quanta", "quale", "quali", "quando", "perche", "which", "where", "what")
_LONG_WORD = re.compile(r"(?<![\w'’-])([A-Za-z]{4,7})(?![\w'’-])")


def swapped_once(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with two neighbouring letters swapped ("qaunti")."""
    diff = [i for i in range(len(a)) if len(a) == len(b) and a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _asking_word(word: str) -> str:
    low = word.lower()
    if low in _ASKING:
        return word
    near = [w for w in _ASKING if edit_distance_at_most_one(low, w) or swapped_once(low, w)]
    if len(near) != 1:
        return word
    from imagine.lexicon import is_word  # (wordfreq's tables load on the first near miss only)

    return word if is_word(low) else near[0].capitalize() if word[0].isupper() else near[0]


# "x il nostro studio", "x noi": "x" before an article, a pronoun or a determiner is "per" (no product is written so)
_X_FOR = re.compile(r"(?<![\w'’-])[xX](?=\s+(?:il|lo|la|i|gli|le|l['’]|un|uno|una|noi|me|te|voi|nostr[oaie]|mio|mia|miei|"
                    r"mie|tutt[oaie]|quest[oaie]|quell[oaie]|ogni|ciascun[oa]?|chi|cosa)\b)")


def expand_chat_shorthand(text: str) -> str:
    """``text`` with Italian chat shorthand written out (see ``_SHORTHAND``, ``_X_FOR``) and a misspelt interrogative
    read as itself (``_ASKING``); everything else as typed."""
    text = _X_FOR.sub("per", _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(1).lower()], text))
    return _LONG_WORD.sub(lambda m: _asking_word(m.group(1)), text)


def fold_quotes(text: str) -> str:
    """Typographic quotes as plain ones (’ -> ', « » “ ” -> ")."""
    return text.translate(_QUOTES)


_FOLDED_TO_SPACE = re.compile(r"['\-–—_/]")


def fold(text: str) -> str:
    """Lower case without accents; apostrophes, hyphens and slashes become spaces ("l'Ain" -> "l ain")."""
    if text.isascii():  # nothing to decompose or spell out (most English text): only the one ASCII quote mark, "`"
        return _FOLDED_TO_SPACE.sub(" ", text.replace("`", "'").lower())
    text = unicodedata.normalize("NFKD", fold_quotes(text).translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _FOLDED_TO_SPACE.sub(" ", text)


def fold_word(text: str) -> str:
    """Lower case without accents (ł, ø… spelled out), every other character kept as written.

    Differs from :func:`fold` in keeping apostrophes, hyphens, quotes and slashes: callers cut
    the result with their own patterns ("cos'è", 5-letter name prefixes, "[a-z0-9]+" runs) or
    compare two texts folded alike, and a space in place of an apostrophe would split their words."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c))


# Typography evened out by fold_typography: quotes, dashes and soft hyphens (guillemets are left as written).
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                             "\u00ad": ""})


def fold_typography(text: str) -> str:
    """:func:`fold_word` after NFKC, with quotes and dashes plain, soft hyphens gone and whitespace runs as
    one space: for comparing a quote with its source text character by character (the evaluation's
    evidence matching), where punctuation must survive but layout and typography must not count."""
    text = fold_word(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY))
    return re.sub(r"\s+", " ", text).strip()


def fold_alnum(text) -> str:
    """Lower case without accents, only letters, digits and spaces (any other character dropped, not
    spaced): for substring tests on a typed filter ("tessile" in "Tessile/abbigliamento")."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text or "").lower()) if c.isalnum() or c == " ")


def alnum_words(text: str) -> list[str]:
    """Runs of letters and digits of :func:`fold_word` ("covid19", "4", "000"): unlike :func:`tokenize`,
    numbers are not read and digits stay glued to letters, for stem tests on words."""
    return re.findall(r"[a-z0-9]+", fold_word(text))


# A word of three letters or more as written (any script, no digits): names and vocabulary keys.
WORD3 = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Addresses written in a text: a website ("www.plainedelain.fr/Copia", "https://…") and an e-mail address
WEB_ADDRESS = re.compile(r"\b(?:www\.|https?://)\S+", re.IGNORECASE)
EMAIL_ADDRESS = re.compile(r"[\w.-]+@[\w-]+\.\w+")


@dataclass(frozen=True)
class Token:
    """One word or number of a folded text; ``number`` is set for numbers ("4.000" -> 4000)."""

    text: str
    number: float | None = None


def forms_pattern(stems: tuple[str, ...]) -> re.Pattern:
    """One pattern that a whole folded token matches when it is a form ``stems`` give: a prefix ("fondat"), or the
    whole word when the stem ends in "$" ("nata$"). Used with ``fullmatch``; one compiled pattern, not a loop over
    the stems, since a sentence is tested for each role and event of the vocabularies (compile it once, at import)."""
    return re.compile("|".join(re.escape(s[:-1]) if s.endswith("$") else re.escape(s) + ".*" for s in stems), re.DOTALL)


def tokenize(text: str) -> list[Token]:
    """Words and numbers of ``text``; "4.000", "4,000", "4 000" and "4000" are all 4000."""
    out = []
    for m in _TOKEN.finditer(fold(text)):
        if m.group("num"):
            out.append(Token(m.group("num"), parse_number(m.group("num"))))
        else:
            out.append(Token(m.group("word")))
    return out


def parse_number(text: str) -> float:
    """A number as people write it in either language: groups of three after a separator are thousands."""
    raw = re.sub(r"[\u00a0\u202f ]", "", text)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    return float(raw.replace(",", "."))


# number words up to twenty, both languages: "sei azioni", "four criteria"
NUMBER_WORDS = {"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
                "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16,
                "diciassette": 17, "diciotto": 18, "diciannove": 19, "venti": 20,
                "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}


def count_of(token: Token) -> float | None:
    """The number a token says, in digits or (up to twenty) in words; None for any other word."""
    return token.number if token.number is not None else NUMBER_WORDS.get(token.text)


PREFIX = 5  # letters two forms of one word share, across inflections ("criteri"/"criterio", "azioni"/"azione")


def prefixes(text: str) -> set[str]:
    """The first :data:`PREFIX` letters of every word of ``text`` that long: a crude stem for matching a noun."""
    return {t.text[:PREFIX] for t in tokenize(text) if t.number is None and len(t.text) >= PREFIX}


def words(text: str) -> list[str]:
    """The folded words of ``text`` (numbers left out, also the digits of a word: "covid19" gives "covid")."""
    return [w for t in tokenize(text) if t.number is None for w in re.findall(r"[a-z]+", t.text)]


# The articles, both languages, folded.
ARTICLES = frozenset({"il", "la", "i", "gli", "le", "lo", "l", "un", "una", "the", "a", "an"})
# The endings of an article joined to an Italian preposition's stem ("de" + "lla", "su" + "i", "da" + "ll'"), folded.
JOINED_ARTICLES = ("l", "llo", "lla", "i", "gli", "lle", "ll")
# Italian prepositions joined to an article ("dal", "dell'", "sulla"), by the bare preposition, folded: a phrase
# written with one form ("fuori dal") is the same phrase with another ("fuori dall'Italia", "fuori dai confini").
ARTICULATED: dict[str, tuple[str, ...]] = {
    base: (base, *(stem + end for end in JOINED_ARTICLES))
    for base, stem in (("di", "de"), ("a", "a"), ("da", "da"), ("in", "ne"), ("su", "su"))
}


def articulated_forms(word: str) -> tuple[str, ...]:
    """Every form of the Italian preposition ``word`` is one of ("dal" -> "da", "dal", …, "dall"); () for other words."""
    return next((forms for forms in ARTICULATED.values() if word in forms), ())


_TYPED_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")


def typed_sentences(text: str) -> list[str]:
    """A typed text (a user's message, an answer being checked) cut after ". ! ?" and at line breaks: plain and
    quick, for the short texts people and models write. The corpus's units are cut by :mod:`imagine.sentences`
    (pysbd, abbreviations kept whole): the same cut on both sides of a quote matters there, not here."""
    return _TYPED_BREAK.split(text.strip())


def unique(items) -> list:
    """Items without repeats, in first-seen order."""
    return list(dict.fromkeys(items))


def phrase_index(table: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Phrase (its :func:`words`) -> canonical name, for a table of canonical name -> other names."""
    return {tuple(words(alias)): canonical for canonical, aliases in table.items() for alias in (canonical, *aliases)}


@dataclass(frozen=True)
class Span:
    """A phrase found in a token list: tokens [start, end) mean ``value`` (a card name, a country, a sector)."""

    start: int
    end: int
    value: str


def find_phrases(tokens: list[str], index: dict[tuple[str, ...], str]) -> list[Span]:
    """Longest, left-to-right, non-overlapping occurrences of the index's phrases in ``tokens``."""
    longest = max((len(k) for k in index), default=0)
    spans, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            value = index.get(tuple(tokens[i : i + n]))
            if value is not None:
                spans.append(Span(i, i + n, value))
                i += n
                break
        else:
            i += 1
    return spans


# Function words of each language, for detect_language.
_IT = set(
    """il lo la i gli le un una uno di del della dei degli delle da dal dalla in nel nella nei con su per tra fra
    che chi cosa come quale quali quanto quanti quante dove quando perché perche è e ed sono ha hanno non più
    anche ma o se al alla ai agli alle questo questa quelli sul sulla cui mi ci si parlami dimmi elenca
    confronta qual cos imprese addetti lavoratori settore sito paese paesi distretto distretti ecco
    quanto quante""".split()
)
_EN = set(
    """the a an of to in on for with by from and or is are was were be been has have had do does did which
    what who whom how many much where when why that this these those it its their there tell me about list
    compare show give please can could would should any all most more than over under between
    firms companies enterprises workers employees sector website country countries""".split()
)
_WORD = re.compile(r"[a-zàèéìòóùç']+", re.IGNORECASE)


def detect_language(text: str, default: str = "it") -> str:
    """'it' or 'en' for a question; ties and unknown languages fall back to ``default``."""
    words = [w.strip("'") for w in _WORD.findall(text.lower())]
    it = sum(w in _IT for w in words) + 2 * bool(re.search(r"[àèéìòù]", text.lower()))
    en = sum(w in _EN for w in words)
    if it == en:
        return default
    return "it" if it > en else "en"


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
