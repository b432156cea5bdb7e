"""Evaluation of the assistant: question sets, metrics, a runner and reports (``imagine eval``).

``dataset`` reads and validates a JSONL question set, ``metrics`` scores one answer and
aggregates scores (pure functions), ``runner`` puts the questions to an ``Assistant``
through its public API only, ``report`` writes Markdown/HTML with charts and JSON.
The question format and every metric definition are in ``evaluation/README.md``.
"""
