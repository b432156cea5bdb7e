"""The glossary's acronyms: which a text means by words, which a corpus writes only as acronyms."""

from __future__ import annotations

from imagine.glossary import acronyms_meant, unspelled


def test_a_term_spelled_out_in_words_means_its_acronyms():
    assert acronyms_meant("avete fatto studi sul ciclo di vita dei prodotti?") == ["LCA"]
    assert acronyms_meant("our buyers keep asking about product declarations") == ["DAP", "EPD"]
    assert acronyms_meant("le LCA sul ciclo di vita") == []  # written as the acronym already
    assert acronyms_meant("quante imprese ha Norte?") == []


def test_only_acronyms_a_corpus_never_spells_out_are_unspelled():
    corpus = ["si sono condotti 4 LCA sui prodotti (LAC/EPD).",
              "le imprese realizzano il proprio SGA, un sistema di gestione ambientale."]
    assert unspelled(corpus) == {"LCA", "EPD"}
