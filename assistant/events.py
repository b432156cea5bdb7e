"""Events a question can ask about (a founding, a registration, an award …), each with its forms in both languages.

One place for this knowledge: the answerability gate asks that a date be of the event asked and that a count of the
firms an outcome happened to come with that outcome; the card parser does not read "600 firms *certified*" as a
cluster's number of firms.
"""

from __future__ import annotations

import re

from imagine.text import alnum_words, fold_word, forms_pattern

# a body or cluster coming into being ("fu creato", "è stato costituito"), and anything starting ("NCE è iniziato"):
# one event to a question ("when did it start?" is answered by "founded in"), only the first founds a body
_FOUNDED = ("fondat", "fondaz", "founded", "founding", "costituit", "costituz", "istitui", "istituit", "establish", "nata$",
            "nato$", "nasce", "nascita", "born$", "created", "creato$", "creata$", "creazion", "creation")
_STARTED = ("started", "start$", "iniziato$", "iniziata$", "inizio$", "avviat", "avvio$", "launch", "lanciat")
# each event's forms, as folded word prefixes ("$" ends a whole word)
_EVENTS = {
    "registration": ("regist",),
    "certification": ("certific", "certified"),
    "founding": (*_FOUNDED, "costitu", *_STARTED),
    "participation": ("partecip", "particip", "joined", "aderi", "adesion"),
    "award": ("premiat", "award", "won$", "vinto$", "vinse$"),
    # a number growing or falling ("how many jobs has the district lost?", "di quanto sono calate le imprese?")
    "change": ("lost$", "lose$", "loses$", "losing$", "gained$", "grew$", "grown$", "growth", "increas", "decreas",
               "declin", "dropped$", "fell$", "shrank$", "shrunk$", "perso$", "persi$", "persa$", "calat", "calo$",
               "diminui", "aumentat", "aumento$", "cresciut", "crescita$", "riduz", "ridott", "ridur", "reduc"),
}

# what happens to some of a cluster's firms, not to all its members; and a change, which a figure of a card's (a level,
# "Workers: 1500", or "not reported") does not state: "how many jobs has Prato lost?" is not answered by its workers
OUTCOMES = {"registration", "certification", "award", "change"}

# each event's stems (and the founding's) as one pattern, compiled once
_EVENT_FORMS = {event: forms_pattern(stems) for event, stems in _EVENTS.items()}
_FOUNDED_FORMS = forms_pattern(_FOUNDED)


def events(text: str) -> set[str]:
    """The events of ``_EVENTS`` a text words ("take part" is participation)."""
    tokens = alnum_words(re.sub(r"\b(take|took|taken|taking|takes) part\b", "participate", fold_word(text)))
    return {event for event, forms in _EVENT_FORMS.items() if _worded(tokens, forms)}


def founds(text: str) -> bool:
    """Whether a text words a body's founding ("è stato costituito", "fu creato", "viene istituita"), not a mere
    start ("NCE è iniziato nel 2009") nor what something consists of ("ne costituiscono")."""
    return _worded(alnum_words(fold_word(text)), _FOUNDED_FORMS)


def _worded(tokens: list[str], forms: re.Pattern) -> bool:
    """Whether a token is one of the forms a pattern of :func:`imagine.text.forms_pattern` matches."""
    return any(forms.fullmatch(t) for t in tokens)
