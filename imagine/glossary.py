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
