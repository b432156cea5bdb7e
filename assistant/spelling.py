"""Typos of the corpus's words, read as the corpus writes them: "critteri" is "criteri", "verificatre" "verificatore".

Users type fast and without accents; a misspelt word matches no passage word, so the lexical parts of ranking (the
evidence scorer's stems, an enumeration's announced noun) miss the passage that answers. A word is taken as a typo
when nobody writes it (``imagine.lexicon.is_attested``: "supportava" is a verb form, "azione" no "nazione"), it is
written in lower case (a capitalised word may be a name the corpus lacks: "Higg" is not "high") and at least
:data:`MIN_LETTERS` long, and one edit (or two adjacent letters swapped) after its first letter makes it a word the
corpus writes, other than at its end (that is another form of the word: "verificatori", "conciari"); the corpus's
most frequent such word replaces it ("qunti" is no "punti"). Everything else stays as typed.
"""

from __future__ import annotations

import re
from collections import Counter

from imagine.lexicon import is_attested
from imagine.text import edit_distance_at_most_one, fold_word, swapped_once

MIN_LETTERS = 5  # shorter words have too many neighbours one edit away ("fase", "fare", "fate")
_WORD = re.compile(r"(?<![\w'’-])([a-zà-ÿ]{%d,})(?![\w'’-])" % MIN_LETTERS)
_LETTERS = re.compile(r"[^\W\d_]+")


def _inflected(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only at their ends: one word's two forms ("verificatori" / "verificatore",
    "conciari" / "conciario"), or its two languages ("replicabilita" / "replicability"), not a typo."""
    return a[:-1] == b[:-1] or a[:-1] == b or b[:-1] == a


class Speller:
    """The corpus's words by length, with how often each is written (see the module doc)."""

    def __init__(self, texts):
        # (from one letter under the typed words' least: a typo may add one)
        counts = Counter(w for text in texts for w in _LETTERS.findall(fold_word(text)) if len(w) >= MIN_LETTERS - 1)
        self.counts = counts
        self._by_length: dict[int, list[str]] = {}
        for word in counts:
            self._by_length.setdefault(len(word), []).append(word)

    def word_for(self, typed: str) -> str | None:
        """The corpus word a lower-case ``typed`` word misspells, or None when it is a word or no corpus word is near."""
        folded = fold_word(typed)
        if folded in self.counts or is_attested(folded):
            return None
        near = [w for n in (len(folded) - 1, len(folded), len(folded) + 1) for w in self._by_length.get(n, ())
                if w[0] == folded[0] and (edit_distance_at_most_one(folded, w) or swapped_once(folded, w))
                and not _inflected(folded, w)]
        return max(near, key=lambda w: (self.counts[w], w)) if near else None

    def correct(self, text: str) -> str:
        """``text`` with each misspelt corpus word written as the corpus writes it (accents as the corpus's folded form)."""
        return _WORD.sub(lambda m: self.word_for(m.group(1)) or m.group(1), text)
