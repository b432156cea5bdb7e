"""Turning exceptions into the one short line a user or a status panel shows."""

from __future__ import annotations


def first_line(exc: BaseException, limit: int | None = 120) -> str:
    """The first line of the exception's message (its type name when empty), cut at ``limit`` (None: whole)."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:limit]
