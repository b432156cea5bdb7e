"""Times in Italian quotes rendered in English by code: frequencies, ordinal points in time, spans."""

from __future__ import annotations

import pytest

from assistant.time_gloss import english_times


@pytest.mark.parametrize("quote, times", [
    ("I gruppi lavorano incontrandosi circa ogni 3 settimane.", ["about every 3 weeks"]),
    ("Il modello prevede diversi incontri organizzati mensilmente con le imprese.", ["monthly"]),
    ("Incontri trimestrali del comitato.", ["quarterly"]),
    ("…ma, al terzo anno dalla certificazione, le sottopone ad un processo di verifica identico.", ["in the third year"]),
    ("La dichiarazione è aggiornata ogni anno e rinnovata ogni tre anni, entro 6 mesi dalla verifica.",
     ["every year", "every 3 years", "within 6 months"]),
    # no time: nothing glossed ("anni" without an amount, a year, a count of firms)
    ("Negli anni il distretto è cresciuto: nel 2005 contava 600 imprese.", []),
])
def test_english_times(quote, times):
    assert english_times(quote) == times
