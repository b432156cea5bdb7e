"""Names of times in Italian and English: months, weekdays and centuries ("l'Ottocento": the 1800s).

Written with a capital in one language or the other ("January", "Monday", "il Novecento"), they look like names, but
they name a time, not a thing a corpus may lack: a question "in January 1996" or "quale autore dell'Ottocento" is
about what happened then. Read by ``assistant.guard`` (no unknown name) and ``assistant.answerable`` (a date asked
or stated)."""

from __future__ import annotations

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
          "novembre", "dicembre", "january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday")
# Italian centuries by their hundreds ("il Trecento": the 1300s), and the 2000s ("il Duemila")
CENTURIES = ("duecento", "trecento", "quattrocento", "cinquecento", "seicento", "settecento", "ottocento", "novecento",
             "duemila")


def is_time_name(folded: str) -> bool:
    """Whether a folded, lower-case word names a month, a weekday or a century (see the module doc)."""
    return folded in MONTHS or folded in WEEKDAYS or folded in CENTURIES


def month_aliases(folded: str) -> tuple[str, ...]:
    """A month's name in both languages ("december" -> ("dicembre", "december")); () for a word that names no month."""
    if folded not in MONTHS:
        return ()
    k = MONTHS.index(folded) % 12
    return MONTHS[k], MONTHS[k + 12]
