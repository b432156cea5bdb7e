"""Filtering and sorting cluster cards as the explorer does (the web chat's table, the API's ``/v1/clusters``).

Works on plain card dicts (``ClusterCard.model_dump()`` or the explorer's flattened records), so
every face filters the same way: the same accent- and case-folded sector match, the same rule
that a size bound excludes cards whose size is not reported.
"""

from __future__ import annotations

import unicodedata


def fold(text) -> str:
    """Lower case without accents, for matching typed filters ("tessile" finds "Tessile")."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text or "").lower()) if c.isalnum() or c == " ")


def _within(value, low, high) -> bool:
    """Whether a size meets the bounds; an unreported size (None) meets no bound, as it cannot be shown to."""
    if low in (None, "") and high in (None, ""):
        return True
    if value is None:
        return False
    return (low in (None, "") or value >= float(low)) and (high in (None, "") or value <= float(high))


def filter_cards(records: list[dict], countries=None, sector: str = "", min_workers=None, min_enterprises=None,
                 sort_by: str = "name", descending: bool = False, max_workers=None, max_enterprises=None) -> list[dict]:
    """Cards matching all filters, sorted; a size bound excludes cards whose size is not reported.

    A zero minimum is no bound (the explorer's empty number box). Cards missing the sort field
    come last in both directions, by name.
    """
    wanted = set(countries or [])
    needle = fold(sector).strip()
    out = []
    for r in records:
        if wanted and r.get("country") not in wanted:
            continue
        if needle and needle not in fold(r.get("sector")) + " " + fold(" ".join(r.get("sectors") or [])):
            continue
        if not _within(r.get("workers"), min_workers or None, max_workers):
            continue
        if not _within(r.get("enterprises"), min_enterprises or None, max_enterprises):
            continue
        out.append(r)
    present = [r for r in out if r.get(sort_by) not in (None, "")]
    missing = [r for r in out if r.get(sort_by) in (None, "")]
    key = (lambda r: fold(r[sort_by])) if sort_by in ("name", "country") else (lambda r: r[sort_by])
    return sorted(present, key=key, reverse=bool(descending)) + sorted(missing, key=lambda r: fold(r.get("name")))
