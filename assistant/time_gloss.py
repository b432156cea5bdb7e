"""How often and when, in English, from an Italian quote: "circa ogni 3 settimane" -> "about every 3 weeks".

An English question answered with Italian quotes ("How often do its working groups meet?") gets the time the quote
gives in English under it. Code renders it, from the quote's own words, phrase by phrase: a frequency ("ogni 3
settimane", "mensilmente", "incontri mensili"), a point in time counted from an event ("al terzo anno dalla
certificazione": "in the third year"), a span ("entro 6 mesi"). Nothing else of the quote is translated, and a phrase
not matched here is simply not glossed: the quote stays the evidence.
"""

from __future__ import annotations

import re

from imagine.text import fold

_NUMBER_WORDS = {"un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
                 "otto": 8, "nove": 9, "dieci": 10, "dodici": 12, "quindici": 15, "diciotto": 18, "venti": 20, "trenta": 30}
_UNITS = {"giorno": "day", "giorni": "days", "settimana": "week", "settimane": "weeks", "mese": "month", "mesi": "months",
          "anno": "year", "anni": "years", "ora": "hour", "ore": "hours", "trimestre": "quarter", "trimestri": "quarters"}
_ORDINALS = {"primo": "first", "secondo": "second", "terzo": "third", "quarto": "fourth", "quinto": "fifth",
             "sesto": "sixth", "settimo": "seventh", "ottavo": "eighth", "nono": "ninth", "decimo": "tenth"}
# "mensilmente", "incontri mensili", "a cadenza annuale": a frequency said by one word
_ADVERBS = {"quotidian": "daily", "giornalier": "daily", "settimanal": "weekly", "quindicinal": "every two weeks",
            "mensil": "monthly", "bimestral": "every two months", "trimestral": "quarterly",
            "semestral": "every six months", "annual": "yearly", "biennal": "every two years", "triennal": "every three years"}
_SPAN_PREPOSITIONS = {"entro": "within", "dopo": "after", "per": "for", "da": "for", "ogni": "every", "circa ogni": "about every",
                      "in": "in", "oltre": "over", "fino a": "up to"}

_AMOUNT = r"(\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = "(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
_SPAN = re.compile(r"\b(circa ogni|ogni|entro|dopo|oltre|fino a|per|da|in)\s+" + _AMOUNT + r"\s+" + _UNIT + r"\b")
_EVERY_ONE = re.compile(r"\b(circa )?ogni\s+(giorno|settimana|mese|anno|trimestre)\b")
_ORDINAL = re.compile(r"\b(?:al|nel|entro il|dal)\s+(" + "|".join(_ORDINALS) + r")\s+(anno|mese)\b")
_ADVERB = re.compile(r"\b(" + "|".join(_ADVERBS) + r")(?:mente|[ei])\b")


def _amount(word: str) -> str:
    return str(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else word


def english_times(quote: str) -> list[str]:
    """The frequencies, points in time and spans ``quote`` (Italian) states, in English, in the order written."""
    text = fold(quote)
    found: list[tuple[int, str]] = []
    taken: list[range] = []

    def add(m: re.Match, rendered: str) -> None:
        if not any(m.start() in r for r in taken):
            found.append((m.start(), rendered))
            taken.append(range(m.start(), m.end()))

    for m in _SPAN.finditer(text):
        add(m, f"{_SPAN_PREPOSITIONS[m.group(1)]} {_amount(m.group(2))} {_UNITS[m.group(3)]}")
    for m in _EVERY_ONE.finditer(text):
        add(m, f"{'about ' if m.group(1) else ''}every {_UNITS[m.group(2)]}")
    for m in _ORDINAL.finditer(text):
        add(m, f"in the {_ORDINALS[m.group(1)]} {_UNITS[m.group(2)]}")
    for m in _ADVERB.finditer(text):
        add(m, _ADVERBS[m.group(1)])
    return [r for _, r in sorted(found)]
