"""The values the assistant's public API returns: passages and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Passage:
    """One retrieved chunk: its text, its metadata (document, section, cluster, ...) and a score (higher = better)."""

    text: str
    metadata: dict
    score: float = 0.0
    id: str = ""
    highlights: list[str] = field(default_factory=list)  # the sentences of this passage that support the answer

    @property
    def label(self) -> str:
        """Human label for a source list: document › section."""
        doc = self.metadata.get("document", "?")
        section = self.metadata.get("section", "")
        return f"{doc} › {section}" if section else doc


@dataclass
class Answer:
    """An answer with inline markers [1], [2]... that index into ``citations`` (1-based, in marker order)."""

    text: str
    citations: list[Passage] = field(default_factory=list)
    retrieved: list[Passage] = field(default_factory=list)
    refused: bool = False
    language: str = "it"
    backend: str = ""  # "extractive" | "local" | "openai" | "cards"
    route: str = ""  # "passages" | "cards" | "refusal" | "introduction" | "input" | "error"
    notice: str = ""  # one line for the user, e.g. "local model unavailable: extractive answer"
    table: list[dict] | None = None  # rows for card questions (exportable)
    timings: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
