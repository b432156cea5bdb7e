"""The report's terms and their names in the other language: the corpus writes "PMI" and "SGA",
English questions say "SMEs" and "EMS". Groups of names of one thing, read like the place names of
:mod:`imagine.geography` (``assistant.guard.vocabulary_of``): a question naming a term the corpus
writes in the other language asks about the corpus, not about something it lacks."""

from __future__ import annotations

import re

from imagine.text import fold, words

TERMS: list[tuple[str, ...]] = [
    ("PMI", "SME", "SMEs", "piccole e medie imprese", "small and medium enterprises"),
    ("SGA", "EMS", "sistema di gestione ambientale", "environmental management system"),
    ("UE", "EU", "Unione Europea", "European Union"),
    ("DAP", "EPD", "dichiarazione ambientale di prodotto", "environmental product declaration", "product declaration"),
    ("LCA", "life cycle assessment", "valutazione del ciclo di vita", "analisi del ciclo di vita", "ciclo di vita",
     "life cycle"),
]


def term_groups() -> list[tuple[str, ...]]:
    """Every term with all its names (see :data:`TERMS`)."""
    return list(TERMS)


def _spelled(name: str) -> re.Pattern:
    """A name of several words as a pattern over folded text, each longer word with any ending ("dichiarazioni
    ambientali di prodotto", "product declarations")."""
    return re.compile(r"\b" + r"\s+".join(re.escape(w[:-1]) + r"\w*" if len(w) > 3 else re.escape(w)
                                          for w in fold(name).split()) + r"\b")


_SPELLED = [(tuple(n for n in group if n.isupper()), [_spelled(n) for n in group if " " in n]) for group in TERMS]


def unspelled(texts) -> set[str]:
    """The acronyms a corpus writes and never spells out in any of the words :data:`TERMS` gives for them ("LCA",
    "EPD" in the report; not "SGA", which it also writes as "sistema di gestione ambientale"): only for those does a
    question in words need the acronym to be found."""
    texts = [fold(t) for t in texts]
    written = {w for t in texts for w in words(t)}
    return {a for acronyms, names in _SPELLED for a in acronyms
            if a.lower() in written and not any(p.search(t) for p in names for t in texts)}


def acronyms_meant(text: str) -> list[str]:
    """The acronyms of the terms a text spells out in words and does not write as acronyms ("analisi sul ciclo di vita
    del prodotto" -> LCA; "our buyers ask about product declarations" -> DAP, EPD): the report writes "si sono
    condotti 4 LCA" and "le rispettive EPD" and never the words, so a search in the words finds them only with the
    acronym beside."""
    folded = fold(text)
    present = set(words(folded))
    return [a for acronyms, names in _SPELLED if any(p.search(folded) for p in names)
            for a in acronyms if a.lower() not in present]


# Firm sizes by their names in both languages (the report breaks firms down as "microimprese, piccole imprese, medie
# imprese, grandi imprese"); the EU's SMEs ("PMI") are the first three together. Read by assistant.arithmetic, where a
# question's "micro + small" names the report's parts.
FIRM_SIZES: dict[str, tuple[str, ...]] = {
    "micro": ("micro", "microimprese", "microimpresa", "microenterprises", "microenterprise", "microaziende"),
    "small": ("piccole", "piccola", "piccoli", "small"),
    "medium": ("medie", "media", "medi", "medium", "mid-sized", "medium-sized"),
    "large": ("grandi", "grande", "large", "big"),
}
SME_SIZES = ("micro", "small", "medium")
SME_NAMES = ("pmi", "sme", "smes")


# The environmental themes the cards report, by their words in both languages (the cards are mostly Italian): an English
# question's "water" finds the cards that write "acqua" or "idrica", as the Italian question's "acqua" does (read by
# assistant.cards.topic, which matches words by their first letters: one form of each stem is enough).
THEMES: list[tuple[str, ...]] = [
    ("water", "wastewater", "acqua", "idrica", "reflui"),
    ("energy", "energia", "energetica"),
    ("waste", "rifiuti"),
    ("traffic", "traffico"),
    ("transport", "trasporti"),
    ("emissions", "emissioni"),
    ("recycling", "riciclo", "riciclaggio"),
    ("noise", "rumore"),
    ("building", "bioedilizia", "edilizia"),
]
