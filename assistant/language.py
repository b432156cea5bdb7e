"""Question language (Italian or English) and the fixed phrases the assistant says in each.

Detection (:func:`imagine.text.detect_language`, re-exported here) counts function words; it
lives with the shared text helpers because ingest cuts sentences by language too.
"""

from __future__ import annotations

import re

from imagine.text import detect_language

__all__ = ["MESSAGES", "conversation_language", "detect_language", "message", "requested_language", "without_language_request"]

# "in plain English", "in inglese": the language to answer in, not what the question is about ("English" is no country)
_LANGUAGE_REQUEST = re.compile(r"\b(?:in|into)\s+(?:(?:plain|simple|good|easy)\s+)?(english|italian|inglese|italiano)\b",
                               re.IGNORECASE)


def without_language_request(text: str) -> str:
    """``text`` without the phrases that ask for the answer's language ("In plain English: what …?")."""
    return _LANGUAGE_REQUEST.sub(" ", text)


def requested_language(text: str) -> str | None:
    """The answer language a message asks for ("now summarise it in English" -> "en"), when it names one only."""
    named = {"en" if m.group(1).lower() in ("english", "inglese") else "it" for m in _LANGUAGE_REQUEST.finditer(text)}
    return named.pop() if len(named) == 1 else None


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
        "rest_refused": "Sul resto della domanda non ho trovato una risposta nei documenti.",
        "not_reported": "non riportato nel documento",
        "extractive_intro": "Dai documenti:",
        "report_label": "Dal rapporto: ",
        "extractive_intro_in": "Testo in {language} dai documenti:",
        "language_it": "italiano",
        "language_en": "inglese",
        "summary": "In breve:",
        "no_summary": "Nessuna sintesi del modello ({why}): valgono le citazioni dai documenti.",
        "fallback": "Modello linguistico non disponibile ({why}): risposta estrattiva dai documenti.",
        "store_down": "L'archivio dei documenti non è raggiungibile in questo momento ({why}). Riprova tra poco.",
        "sources": "Fonti",
        "premise_count": "Nota: i documenti indicano {stated}, non il numero della domanda [{marker}]: «{sentence}»",
        "premise_year": "Nota: i documenti non riportano l'anno indicato nella domanda; indicano [{marker}]: «{sentence}»",
        "premise_nature": "Nota: i documenti descrivono l'ente in modo diverso dalla domanda [{marker}]: «{sentence}»",
        "introduction": ("Grazie della presentazione. Cosa vuole sapere? Rispondo dai documenti del progetto IMAGINE, "
                         "citandoli: per esempio come funziona l'EMAS di distretto, come sono stati scelti i cluster "
                         "europei, oppure i dati delle schede dei cluster (settore, imprese, addetti, soggetto "
                         "coordinatore, iniziative ambientali)."),
    },
    "en": {
        "empty": "Please type a question: the message is empty.",
        "too_long": "The question is too long ({n} characters, maximum {max}): it was shortened.",
        "not_text": "The question contains non-text characters: please write it as text.",
        "refused": "The documents do not cover this, so I cannot answer it reliably.",
        "rest_refused": "For the rest of the question I found no answer in the documents.",
        "not_reported": "not reported in the document",
        "extractive_intro": "From the documents:",
        "report_label": "From the report: ",
        "gist": "In English (machine gist of [1]; its numbers and names checked against it): {gist} [1]",
        "times_in_english": "The time{s} quoted, in English: {times}.",
        "extractive_intro_in": "{language} text from the documents:",
        "language_it": "Italian",
        "language_en": "English",
        "summary": "In short:",
        "no_summary": "No summary from the language model ({why}): the quotes from the documents stand.",
        "fallback": "Language model unavailable ({why}): extractive answer from the documents.",
        "store_down": "The document store cannot be reached right now ({why}). Please try again shortly.",
        "sources": "Sources",
        "premise_count": "Note: the documents give {stated}, not the question's figure [{marker}]: «{sentence}»",
        "premise_year": "Note: the documents do not give the year in the question; they say [{marker}]: «{sentence}»",
        "premise_nature": "Note: the documents describe this body differently from the question [{marker}]: «{sentence}»",
        "introduction": ("Thanks for introducing yourself. What would you like to know? I answer from the IMAGINE "
                         "project documents, with citations: for example how district EMAS works, how the European "
                         "clusters were selected, or the figures on the cluster cards (sector, enterprises, workers, "
                         "coordinating body, environmental initiatives)."),
    },
}


def message(lang: str, key: str, **kwargs) -> str:
    return MESSAGES.get(lang, MESSAGES["en"])[key].format(**kwargs)
