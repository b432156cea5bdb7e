"""Question language (Italian or English) and the fixed phrases the assistant says in each.

Detection counts function words: questions are short and the two languages share few of
them, so this is exact enough and instant. Anything that is neither reads as the default.
"""

from __future__ import annotations

import re

_IT = set(
    """il lo la i gli le un una uno di del della dei degli delle da dal dalla in nel nella nei con su per tra fra
    che chi cosa come quale quali quanto quanti quante dove quando perché perche è e ed sono ha hanno non più
    anche ma o se al alla ai agli alle questo questa quelli sul sulla cui mi ci si parlami dimmi elenca
    confronta qual cos imprese addetti lavoratori settore sito paese paesi distretto distretti ecco
    quanto quante""".split()
)
_EN = set(
    """the a an of to in on for with by from and or is are was were be been has have had do does did which
    what who whom how many much where when why that this these those it its their there tell me about list
    compare show give please can could would should any all most more than over under between
    firms companies enterprises workers employees sector website country countries""".split()
)
_WORD = re.compile(r"[a-zàèéìòóùç']+", re.IGNORECASE)


def detect_language(text: str, default: str = "it") -> str:
    """'it' or 'en' for a question; ties and unknown languages fall back to ``default``."""
    words = [w.strip("'") for w in _WORD.findall(text.lower())]
    it = sum(w in _IT for w in words) + 2 * bool(re.search(r"[àèéìòù]", text.lower()))
    en = sum(w in _EN for w in words)
    if it == en:
        return default
    return "it" if it > en else "en"


def conversation_language(history: list[dict] | None, default: str = "it") -> str:
    """The language the conversation is in: the last user turn's, so a follow-up with no language
    signal of its own ("Norte vs Extremadura", "and the other one?") keeps it."""
    for turn in reversed(history or []):
        if turn.get("role") == "user" and isinstance(turn.get("content"), str):
            return detect_language(turn["content"], default=default)
    return default


MESSAGES = {
    "it": {
        "empty": "Scrivi una domanda: il messaggio è vuoto.",
        "too_long": "La domanda è troppo lunga ({n} caratteri, massimo {max}): è stata accorciata.",
        "not_text": "La domanda contiene caratteri non testuali: riscrivila come testo.",
        "refused": "I documenti non trattano questo argomento, quindi non posso rispondere in modo affidabile.",
        "not_reported": "non riportato nel documento",
        "extractive_intro": "Dai documenti:",
        "extractive_intro_in": "Testo in {language} dai documenti:",
        "language_it": "italiano",
        "language_en": "inglese",
        "fallback": "Modello linguistico non disponibile ({why}): risposta estrattiva dai documenti.",
        "store_down": "L'archivio dei documenti non è raggiungibile in questo momento ({why}). Riprova tra poco.",
        "sources": "Fonti",
    },
    "en": {
        "empty": "Please type a question: the message is empty.",
        "too_long": "The question is too long ({n} characters, maximum {max}): it was shortened.",
        "not_text": "The question contains non-text characters: please write it as text.",
        "refused": "The documents do not cover this, so I cannot answer it reliably.",
        "not_reported": "not reported in the document",
        "extractive_intro": "From the documents:",
        "gist": "In English (gist of [1], checked against it): {gist} [1]",
        "extractive_intro_in": "{language} text from the documents:",
        "language_it": "Italian",
        "language_en": "English",
        "fallback": "Language model unavailable ({why}): extractive answer from the documents.",
        "store_down": "The document store cannot be reached right now ({why}). Please try again shortly.",
        "sources": "Sources",
    },
}


def message(lang: str, key: str, **kwargs) -> str:
    return MESSAGES.get(lang, MESSAGES["en"])[key].format(**kwargs)
