"""The cluster card schema: one cluster's structured facts (name, sector, country, size, website,
coordinating body, constitutive aspects, eco-innovation experiences) with provenance, and the
country table that normalises a card's country.

Here, below ingest and the assistant, because both read cards: ingest validates the YAML files and
the parsed report against :class:`ClusterCard` and stores each card with its chunk (as JSON), and the
assistant's card route reads them back from the index (:mod:`assistant.cards.catalog`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, Field, field_validator

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


# ---------------------------------------------------------------- countries

# English name, Italian name, then other spellings (Italian, English and local) found in reports.
COUNTRIES: list[tuple[str, ...]] = [
    ("Austria", "Austria", "österreich"),
    ("Belgium", "Belgio", "belgique", "belgië", "belgie"),
    ("Bulgaria", "Bulgaria"),
    ("Croatia", "Croazia", "hrvatska"),
    ("Cyprus", "Cipro"),
    ("Czech Republic", "Repubblica Ceca", "czechia", "cechia", "česko"),
    ("Denmark", "Danimarca", "danmark"),
    ("Estonia", "Estonia", "eesti"),
    ("Finland", "Finlandia", "suomi"),
    ("France", "Francia"),
    ("Germany", "Germania", "deutschland", "allemagne"),
    ("Greece", "Grecia", "hellas"),
    ("Hungary", "Ungheria", "magyarország"),
    ("Ireland", "Irlanda", "éire"),
    ("Italy", "Italia", "italie", "italien"),
    ("Latvia", "Lettonia", "latvija"),
    ("Lithuania", "Lituania", "lietuva"),
    ("Luxembourg", "Lussemburgo"),
    ("Malta", "Malta"),
    ("Netherlands", "Paesi Bassi", "olanda", "holland", "nederland", "the netherlands"),
    ("Norway", "Norvegia", "norge"),
    ("Poland", "Polonia", "polska"),
    ("Portugal", "Portogallo"),
    ("Romania", "Romania"),
    ("Slovakia", "Slovacchia", "slovensko"),
    ("Slovenia", "Slovenia"),
    ("Spain", "Spagna", "españa"),
    ("Sweden", "Svezia", "sverige"),
    ("Switzerland", "Svizzera", "schweiz", "suisse"),
    ("Turkey", "Turchia", "türkiye"),
    ("United Kingdom", "Regno Unito", "uk", "u.k.", "gran bretagna", "great britain", "inghilterra", "england",
     "scozia", "scotland", "galles", "wales"),
]
ITALIAN_COUNTRY = {row[0]: row[1] for row in COUNTRIES}


def fold_name(text: str) -> str:
    """Casefolded, accents removed (ł/ø and friends spelled out): for matching and slugs."""
    text = text.translate(_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d",
                          "Đ": "D", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "’": "'", "‘": "'"})
_COUNTRY_NAMES = sorted(((fold_name(alias), row[0]) for row in COUNTRIES for alias in row), key=lambda p: -len(p[0]))
_COUNTRY_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a, _ in _COUNTRY_NAMES) + r")(?!\w)")
_COUNTRY_OF = dict(_COUNTRY_NAMES)


def normalise_country(text: str) -> str | None:
    """The English name of the country a location names (the last one mentioned), or None."""
    found = _COUNTRY_RE.findall(fold_name(text))
    return _COUNTRY_OF[found[-1]] if found else None
