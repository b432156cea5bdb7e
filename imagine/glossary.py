"""The report's terms and their names in the other language: the corpus writes "PMI" and "SGA",
English questions say "SMEs" and "EMS". Groups of names of one thing, read like the place names of
:mod:`imagine.geography` (``assistant.guard.vocabulary_of``): a question naming a term the corpus
writes in the other language asks about the corpus, not about something it lacks."""

from __future__ import annotations

TERMS: list[tuple[str, ...]] = [
    ("PMI", "SME", "SMEs", "piccole e medie imprese", "small and medium enterprises"),
    ("SGA", "EMS", "sistema di gestione ambientale", "environmental management system"),
    ("UE", "EU", "Unione Europea", "European Union"),
    ("DAP", "EPD", "dichiarazione ambientale di prodotto", "environmental product declaration"),
]


def term_groups() -> list[tuple[str, ...]]:
    """Every term with all its names (see :data:`TERMS`)."""
    return list(TERMS)


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
