"""Claim verification through the real Assistant (real index, real embeddings) with a FAKE LLM
injected through the constructor: what the fake writes is plumbing, the checks are real."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.cite import valid_markers
from tests.fakes import Writer

pytestmark = pytest.mark.slow  # the real index (real embeddings: the checks use their similarities)

QUESTION = "Che cosa è MOTIV e che cosa fa?"


@pytest.fixture(scope="module")
def local_settings(indexed_settings):
    """The local backend with its summary on (off by default, see Settings.llm_summary): its checks are tested here."""
    return indexed_settings.model_copy(update={"llm_backend": "local", "llm_max_tokens": 80, "llm_summary": "on"})


def _ask(settings, write, question=QUESTION):
    bot = Assistant(settings, llm=Writer(write))
    try:
        return bot.ask(question)
    finally:
        bot.close()


def _motiv(evidence: dict[int, str]) -> int:
    return next(n for n, text in evidence.items() if "MOTIV" in text)


def test_invented_expansion_and_role_are_removed_and_the_answer_falls_back(local_settings):
    def write(evidence):
        n = _motiv(evidence)
        yield f"MOTIV (Modern Textile Innovation Village) è un consorzio [{n}]. "
        yield f"MOTIV è coordinato da Fedustria [{n}]."

    answer = _ask(local_settings, write)
    assert not answer.refused and answer.backend == "extractive", answer.text
    assert answer.notice and "Modern Textile" not in answer.text and "Fedustria" not in answer.text


def test_a_supported_answer_is_kept_and_a_bad_sentence_dropped(local_settings):
    def write(evidence):
        n = _motiv(evidence)
        yield f"{evidence[n]} [{n}]. "
        yield f"MOTIV è stata fondata dalla Regione Fiandre nel 1987 [{n}]."

    answer = _ask(local_settings, write)
    assert answer.backend == "local", (answer.notice, answer.text)
    assert "MOTIV" in answer.text and "1987" not in answer.text and "Regione Fiandre" not in answer.text
    assert valid_markers(answer.text, answer.citations)
    quotes, summary = answer.text.split("\n\nIn breve: ")  # the quotes first, the checked summary after them
    assert quotes.startswith("Dai documenti:") and "«" in quotes and "«" not in summary and "MOTIV" in summary


class Gister(Writer):
    """A fake LLM whose answer always fails verification (an invented expansion), whose gist of a quote is
    ``gist(quote)`` and whose translation of that gist back into Italian is ``back(quote)`` (by default the quote
    itself, a faithful round trip): the fallback's English gist is then checked by the real code."""

    def __init__(self, gist, back=lambda quote: quote):
        super().__init__(lambda evidence: iter([f"MOTIV (Modern Textile Innovation Village) è un consorzio [{_motiv(evidence)}]."]))
        self.gist, self.back, self.quote = gist, back, ""

    def stream(self, messages, max_tokens):
        if messages[0]["content"].startswith("Translate the Italian"):
            self.quote = messages[-1]["content"]
            yield self.gist(self.quote)
        elif messages[0]["content"].startswith("Translate the English"):
            yield self.back(self.quote)
        else:
            yield from super().stream(messages, max_tokens)


def _ask_with(settings, llm, question):
    bot = Assistant(settings, llm=llm)
    try:
        return bot.ask(question)
    finally:
        bot.close()


def test_an_english_question_falling_back_gets_a_checked_gist_of_the_italian_quote(local_settings):
    import re

    def faithful(quote):  # names and numbers only from the quote
        return " ".join(["MOTIV is described in this text", *re.findall(r"\d+(?:[.,]\d+)*", quote)]) + "."

    answer = _ask_with(local_settings, Gister(faithful), "What is MOTIV and what does it do?")
    assert answer.backend == "extractive" and "In English (machine gist of [1]" in answer.text, answer.text
    assert "Modern Textile" not in answer.text and valid_markers(answer.text, answer.citations)

    invented = _ask_with(local_settings, Gister(lambda quote: "MOTIV is run by the Flemish Region."), "What is MOTIV and what does it do?")
    assert "In English" not in invented.text and "Flemish" not in invented.text, invented.text
    # names and numbers right, but the words come back as words the quote does not have
    reworded = _ask_with(local_settings, Gister(faithful, back=lambda quote: "MOTIV gestisce fiumi, dighe e porti fluviali."),
                         "What is MOTIV and what does it do?")
    assert "In English" not in reworded.text, reworded.text
    italian = _ask_with(local_settings, Gister(faithful), QUESTION)
    assert "In English" not in italian.text


def test_a_false_premise_gets_the_correction_and_the_quotes_but_no_llm_summary(local_settings):
    def write(evidence):  # what a small model does with a false premise: it goes along with it
        n = min(evidence)
        yield f"La nona azione riguarda {evidence[n][:60]} [{n}]."

    answer = _ask(local_settings, write, "Il progetto IMAGINE ha 9 azioni: di cosa si occupa la nona?")
    assert "6 azioni" in answer.text and "In breve" not in answer.text and "nona" not in answer.text.lower(), answer.text


def test_by_default_the_local_model_writes_no_summary_and_is_asked_only_for_a_gist(indexed_settings):
    calls = []

    def write(evidence):  # a faithful summary: the quote itself
        calls.append(evidence)
        n = _motiv(evidence)
        yield f"{evidence[n]} [{n}]."

    default = indexed_settings.model_copy(update={"llm_backend": "local", "llm_max_tokens": 80})
    assert default.llm_summary == "auto"
    answer = _ask(default, write)
    assert "In breve" not in answer.text and answer.text.startswith("Dai documenti:") and not calls and not answer.notice
    on = _ask(default.model_copy(update={"llm_summary": "on"}), write)
    assert "In breve" in on.text and calls
