"""Typos of corpus words read as the corpus writes them, on the real corpus text."""

from __future__ import annotations

import pytest

from assistant.spelling import Speller
from imagine.settings import REPO_ROOT


@pytest.fixture(scope="module")
def speller() -> Speller:
    files = [*(REPO_ROOT / "corpus" / "documents").glob("*.txt"), *(REPO_ROOT / "corpus" / "clusters").glob("*.yaml")]
    return Speller(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("typed,meant", [
    ("quali sono i 4 critteri usati?", "quali sono i 4 criteri usati?"),  # a letter too many
    ("quanti adetti ha prato?", "quanti addetti ha prato?"),  # a letter missing
    ("come funziona l'emas di distreto", "come funziona l'emas di distretto"),
    ("le imprese parteciapnti", "le imprese partecipanti"),  # two letters swapped
])
def test_a_misspelt_corpus_word_is_read_as_the_corpus_writes_it(speller, typed, meant):
    assert speller.correct(typed) == meant


@pytest.mark.parametrize("typed", [
    "What is the average Higg Index score?",  # a capitalised word may be a name the corpus lacks
    "siamo una tintoria di Prato",  # real words stay, known or not
    "vorrei sapere la nazione",  # "nazione" is a word, though one edit from the corpus's "azione"
    "nn siamo in una filiera",  # words under five letters stay as typed
    "dove trovo i verificatori?",  # another form of the corpus's "verificatore", not a typo
    "i distretti conciari",  # nor is "conciari" of "conciario"
    "chi supportava le imprese?",  # a verb form someone writes, though rare
    "qunti cluster?",  # a typo of "quanti", no corpus word's: "punti" starts with another letter
])
def test_words_names_and_short_words_stay_as_typed(speller, typed):
    assert speller.correct(typed) == typed
