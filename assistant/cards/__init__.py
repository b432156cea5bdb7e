"""Card questions as explicit, typed query plans: read -> plan -> execute -> compose.

``read(text, catalog, history)`` gives a :class:`Reading` (the :class:`Plan`, and how much of
the question it explains); ``prefer_plan(reading, best_passage_similarity)`` decides from that
evidence whether the cards or the passages answer; ``answer(plan, catalog, lang)`` is the exact
answer, its first line the plan as read. Modules, each importing only those before it:
``catalog`` (cards, chunks, name/country/region/sector lookups) -> ``plan`` (dataclasses) ->
``execute`` (plan -> values, in code) -> ``compose`` (values -> text, citations, table) and
``parse`` (question -> plan).
"""

from __future__ import annotations

from assistant.cards.catalog import CardCatalog, CardChunk
from assistant.cards.compose import compose, read_as
from assistant.cards.parse import Reading, read
from assistant.cards.plan import Plan
from assistant.types import Answer

# Cut-offs of prefer_plan, measured on evaluation/questions.jsonl (see its docstring).
PLAN_COVERAGE = 0.85  # at or above: the cards answer without looking at passages
MIN_COVERAGE = 0.5  # below: the passages answer
PASSAGE_SIMILARITY = 0.55  # in between: the cards answer unless a passage sentence matches at least this well


def prefer_plan(reading: Reading, best_passage_similarity: float | None = None) -> bool:
    """Whether the card plan (not the passages) should answer.

    A complete plan that explains at least ``PLAN_COVERAGE`` of the question's content words
    answers; one explaining less than ``MIN_COVERAGE`` never does; in between, the passages win
    when their best sentence similarity (the service's evidence scorer) reaches
    ``PASSAGE_SIMILARITY``, and also when it is unknown (None). Measured on
    evaluation/questions.jsonl (153 questions) with the real index: see the report in the
    commit that set these values (tests/assistant/cards/test_routing.py keeps the measure).
    """
    if reading.plan is None or not reading.complete:
        return False
    if reading.coverage >= PLAN_COVERAGE:
        return True
    if reading.coverage < MIN_COVERAGE or best_passage_similarity is None:
        return False
    return best_passage_similarity < PASSAGE_SIMILARITY


def needs_passages(reading: Reading) -> bool:
    """Whether prefer_plan's answer depends on the passages' similarity (the uncertain band)."""
    return reading.plan is not None and reading.complete and MIN_COVERAGE <= reading.coverage < PLAN_COVERAGE


def answer(plan: Plan, catalog: CardCatalog, lang: str) -> Answer:
    """The exact answer to a plan (first line: the plan as read)."""
    return compose(plan, catalog, lang)


def notice(reading: Reading, lang: str) -> str:
    """One line for an answer that fell back to passages because the card plan did not validate."""
    if reading.plan is not None or not reading.problems or reading.prose or reading.coverage < MIN_COVERAGE:
        return ""
    why = reading.problems[0]
    return (f"Domanda sulle schede non interpretabile ({why}): rispondo dai documenti." if lang == "it" else
            f"Could not answer from the cluster cards ({why}): answering from the documents.")


__all__ = ["CardCatalog", "CardChunk", "Plan", "Reading", "read", "answer", "prefer_plan", "needs_passages", "notice", "read_as"]
