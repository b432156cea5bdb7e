"""Scaled corpora for the ingest benchmark: the report repeated with variations.

Copy ``i`` renames every cluster (so each copy's cards are new cards) and marks every
prose line with its copy number (so no chunk text repeats and content hashing cannot
skip it); card labels are left alone so cards parse as in the original.
"""

from __future__ import annotations

import shutil
from pathlib import Path

_LABELS = ("Nome del cluster", "Name of cluster")


def variant(text: str, i: int) -> str:
    """Copy ``i`` of a report: cluster names suffixed, prose lines marked."""
    lines = text.split("\n")
    out = []
    rename = False
    for line in lines:
        stripped = line.strip()
        if rename and stripped:
            line = f"{line.rstrip()} {i}"
            rename = False
        elif len(stripped) >= 40:
            line = f"(variante {i}) {line}"
        if stripped in _LABELS:
            rename = True
        out.append(line)
    return "\n".join(out)


def scaled_corpus(source: Path, dest: Path, copies: int) -> Path:
    """A corpus folder at ``dest`` with the source documents, the cards, and ``copies`` variants of each document."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest)
    docs = dest / "documents"
    for path in sorted(docs.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i in range(1, copies + 1):
            (docs / f"{path.stem}-v{i:04d}.txt").write_text(variant(text, i), encoding="utf-8")
    return dest
