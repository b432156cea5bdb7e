"""The cluster card schema: one cluster's structured facts (name, sector, country, size, website,
coordinating body, constitutive aspects, eco-innovation experiences) with provenance; a card's
country is normalised through the country table of :mod:`imagine.geography`.

Here, below ingest and the assistant, because both read cards: ingest validates the YAML files and
the parsed report against :class:`ClusterCard` and stores each card with its chunk (as JSON), and the
assistant's card route reads them back from the index (:mod:`assistant.cards.catalog`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from imagine.geography import normalise_country

DASHES = {"", "-", "–", "—", "n.d.", "n/a", "na"}  # what a source writes for "nothing reported"


class Provenance(BaseModel):
    """Where a card's facts come from: a corpus document and the section inside it."""

    document: str
    section: str = ""


class ClusterCard(BaseModel):
    """One cluster's card. ``None`` numbers mean the source does not report them."""

    model_config = {"extra": "forbid"}

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="slug, also the YAML file name")
    name: str = Field(min_length=1)
    kind: Literal["report_card", "pilot_district"] = "report_card"
    sector: str = Field("", description="sector(s) as written, one line")
    sectors: list[str] = Field(default_factory=list, description="sector(s) split into items")
    country: str | None = Field(None, description="normalised English country name")
    location: str = Field("", description="location as written in the source")
    enterprises: int | None = Field(None, ge=0)
    enterprises_text: str = Field("", description="the source's wording, e.g. 'Circa 200 membri'")
    workers: int | None = Field(None, ge=0)
    workers_text: str = ""
    website: str | None = None
    coordinating_body: str | None = None
    constitutive_aspects: str = ""
    eco_innovation: str = ""
    source: Provenance

    @field_validator("name", "sector", "location", "enterprises_text", "workers_text", "constitutive_aspects", "eco_innovation")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("website", "coordinating_body")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        """"-" or an empty string is the source saying nothing: store it as None."""
        if value is None:
            return None
        value = value.strip()
        return None if value in DASHES else value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        """A known Italian/English/local country name becomes its English name ("Belgio" -> Belgium)."""
        if value is None or not value.strip():
            return None
        return normalise_country(value) or value.strip()

    @field_validator("sectors")
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        return [item.strip() for item in value if item.strip()]
