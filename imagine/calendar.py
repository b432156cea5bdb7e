"""Names of times in Italian and English: months, weekdays, centuries ("l'Ottocento": the 1800s) and the units a
duration is counted in ("da 30 anni": for thirty years).

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
# what a duration is counted in: "3 mesi", "da 30 anni", "two weeks"; a number before one counts time, not things
DURATION_UNITS = ("giorno", "giorni", "settimana", "settimane", "mese", "mesi", "anno", "anni", "day", "days", "week",
                  "weeks", "month", "months", "year", "years")


def is_time_name(folded: str) -> bool:
    """Whether a folded, lower-case word names a month, a weekday or a century (see the module doc)."""
    return folded in MONTHS or folded in WEEKDAYS or folded in CENTURIES


def month_aliases(folded: str) -> tuple[str, ...]:
    """A month's name in both languages ("december" -> ("dicembre", "december")); () for a word that names no month."""
    if folded not in MONTHS:
        return ()
    k = MONTHS.index(folded) % 12
    return MONTHS[k], MONTHS[k + 12]


def is_duration_unit(folded: str) -> bool:
    """Whether a folded, lower-case word is a unit a duration is counted in ("anni", "months")."""
    return folded in DURATION_UNITS
