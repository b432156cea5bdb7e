"""Whether a word is a word of Italian or English, from the word frequencies of ``wordfreq`` (a
PyPI package: its lists are built from subtitles, Wikipedia, news and web text).

Typo tolerance needs it: "adetti" and "employes" are misspellings of field words, but "azione"
is not "nazione" and "manager" is not "manages", although each is one edit away. The corpus cannot
tell: most real words a user types are not in it. A word used at least about once in 3 million
(Zipf frequency 2.5) in either language is taken as real; measured on the dev questions' typos,
the misspellings sit at or below 2.0 ("countrys" 2.0, "employes" 1.8, "adetti" 1.3) and the real
words read as typos before at 3.0 and above ("sommando" 3.0, "croato" 3.6, "azione" 5.0)."""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("it", "en")
MIN_ZIPF = 2.5
# about once in 30,000 words: "fare", "produrre"; most town names are rarer ("Biella" 3.8, "Como" 4.3)
COMMON_ZIPF = 4.5
# about once in 30 million words: a rare form that someone writes ("supportava" 2.2, "riportalo" 1.9), above most
# typos ("adetti" 1.3, "filera" 1.0, "critteri" 0.0); a few common misspellings pass too ("enviromental" 1.8)
ATTESTED_ZIPF = 1.5


@lru_cache(maxsize=65536)
def frequency(word: str) -> float:
    """The word's Zipf frequency in the more frequent of Italian and English (``wordfreq``; 0 = unseen)."""
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, lang) for lang in LANGUAGES)


def is_word(word: str) -> bool:
    """Whether ``word`` (folded, lower case) is a word of Italian or English (see the module doc)."""
    return frequency(word) >= MIN_ZIPF


def is_attested(word: str) -> bool:
    """Whether ``word`` is written at all, if rarely (Zipf >= :data:`ATTESTED_ZIPF`): a verb form or a plural that
    :func:`is_word` does not count is still no typo to correct."""
    return frequency(word) >= ATTESTED_ZIPF


def is_common(word: str) -> bool:
    """Whether ``word`` is one of the everyday words of Italian or English (Zipf >= :data:`COMMON_ZIPF`):
    a word read where a place's name may stand ("il distretto invece di *fare*") is then not taken as one."""
    return frequency(word) >= COMMON_ZIPF
