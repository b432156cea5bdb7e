"""Cluster cards: the YAML files in ``corpus/clusters/``, and the report-layout parser.

A card is one cluster's structured facts (the schema, :class:`imagine.cards.ClusterCard`).
Cards are human-editable YAML validated by :class:`ClusterCard`; ``parse_cards`` reads
the report's card layout (labels in Italian and English), so a new report in the same
layout yields new cards, and ``extract_cards`` writes them as YAML for editing.
Numbers the report leaves empty or as "-" are ``None`` (reported as "not reported"),
and the report's own wording is always kept next to the parsed integer.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from imagine.cards import DASHES, ClusterCard, Provenance
from imagine.geography import ITALIAN_COUNTRY, normalise_country
from imagine.text import fold
from ingest.load import SUPPORTED_SUFFIXES, load_document

# ---------------------------------------------------------------- values

_BULLET = re.compile(r"^(?:[·•◦▪]\s*|[*–—-]\s+)(?=\S)")  # a lone "-" is a value, not a bullet
# a count: 450, 1.500, 24.224, 1,500 — never a percentage, never a piece of a longer number
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d%]|[.,]\d|\s*%)")
_SEARCH_RESIDUE = re.compile(r"(?:Copia\s+cache|Cached)(?:\s*-\s*(?:Simili|Similar))?\s*$", re.IGNORECASE)


def _clean_line(line: str) -> str:
    return " ".join(line.replace("\xa0", " ").split())


def _paragraphs(value: str) -> list[list[str]]:
    """Cleaned, non-empty lines of a field value, grouped by blank lines."""
    paragraphs: list[list[str]] = [[]]
    for raw in value.split("\n"):
        line = _clean_line(raw)
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def one_line(value: str) -> str:
    """A short field on one line: wrapped lines joined by a space, bullets dropped, separate
    paragraphs joined by " / " unless the first ends with punctuation (then a space)."""
    out = ""
    for paragraph in _paragraphs(value):
        piece = " ".join(_BULLET.sub("", line) for line in paragraph)
        out = piece if not out else out + (" " if out[-1] in ":;,." else " / ") + piece
    return out.rstrip(" ;,")


def long_text(value: str) -> str:
    """A long field: one line per source line or bullet, blank lines dropped; "-" alone is empty."""
    text = "\n".join(line for paragraph in _paragraphs(value) for line in paragraph)
    return "" if text in DASHES else text


def parse_count(text: str) -> int | None:
    """The first count in the wording ("Circa 200 membri" -> 200, "1.500" -> 1500); None for "-" or nothing."""
    if text.strip() in DASHES:
        return None
    match = _NUMBER.search(text)
    return int(re.sub(r"[.,]", "", match.group(1))) if match else None


def split_sectors(value: str) -> list[str]:
    """Sector items: the bullets if the value has bullets, else the one-line text cut at commas,
    semicolons and slashes (outside parentheses), and at "e"/"and" when both sides are one or two
    words ("Tessile e lana", not "Trattamento e riciclaggio dei rifiuti"). Hyphenated words such as
    "Textile-fashion" stay one item. First letters are capitalised."""
    lines = [line for paragraph in _paragraphs(value) for line in paragraph]
    bullets = [_BULLET.sub("", line) for line in lines if _BULLET.match(line)]
    if bullets:
        items = bullets
    else:
        items = []
        for part in _split_outside_parens(one_line(value), r"[,;/]"):
            halves = re.split(r"\s+(?:e|ed|and|und|et|y)\s+", part)
            items += halves if all(len(h.split()) <= 2 for h in halves) else [part]
    items = [item.strip().rstrip(".;,:").strip() for item in items]
    return [item[0].upper() + item[1:] for item in items if item]


def _split_outside_parens(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth <= 0 and re.fullmatch(separators, char):
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def website_of(text: str) -> str | None:
    """The address as written, without search-engine residue ("…/Copia cache - Simili"); None for "-"."""
    text = _SEARCH_RESIDUE.sub("", one_line(text)).strip()
    return None if text in DASHES else text.split()[0]


def slugify(name: str, limit: int = 60) -> str:
    """ASCII slug of a cluster name: "Łódzkie" -> "lodzkie", "Parc Industriel Plaine de l'Ain" -> "parc-industriel-plaine-de-l-ain"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "cluster"


# ---------------------------------------------------------------- searchable text

NOT_REPORTED = "non riportato / not reported"
KIND_LABEL = {
    "report_card": "scheda di cluster del rapporto / cluster card of the report",
    "pilot_district": "distretto pilota del progetto IMAGINE / IMAGINE project pilot district",
}


def _count_line(number: int | None, wording: str) -> str:
    if number is None:
        shown = NOT_REPORTED
        return shown + (f" (nel rapporto / in the report: «{wording}»)" if wording not in DASHES else "")
    return str(number) if wording == str(number) or not wording else f"{number} (nel rapporto / in the report: «{wording}»)"


def card_text(card: ClusterCard) -> str:
    """The searchable text of a card: a "Cluster: <name> (<country>)" line, then every field
    with Italian / English labels, so questions in either language find it."""
    country = f"{card.country} ({ITALIAN_COUNTRY[card.country]})" if card.country in ITALIAN_COUNTRY else card.country
    lines = [
        f"Cluster: {card.name}" + (f" ({card.country})" if card.country else ""),
        f"Nome del cluster / Cluster name: {card.name}",
        f"Tipo / Kind: {KIND_LABEL[card.kind]}",
        f"Settore / Sector: {card.sector or NOT_REPORTED}",
    ]
    if card.sectors and card.sectors != [card.sector]:
        lines.append(f"Settori / Sectors: {'; '.join(card.sectors)}")
    lines += [
        f"Paese / Country: {country or NOT_REPORTED}",
        f"Localizzazione geografica / Location: {card.location or NOT_REPORTED}",
        f"Numero di imprese / Enterprises: {_count_line(card.enterprises, card.enterprises_text)}",
        f"Numero di addetti / Workers: {_count_line(card.workers, card.workers_text)}",
        f"Sito internet / Website: {card.website or NOT_REPORTED}",
        f"Soggetto coordinatore / Coordinating body: {card.coordinating_body or NOT_REPORTED}",
        f"Elementi costitutivi del cluster / Constitutive aspects: {card.constitutive_aspects or NOT_REPORTED}",
        f"Esperienze di eco-innovazione / Eco-innovation experiences: {card.eco_innovation or NOT_REPORTED}",
        f"Fonte / Source: {card.source.document}" + (f", {card.source.section}" if card.source.section else ""),
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- YAML files


@dataclass
class CardError:
    """A card file that cannot be used; ``reason`` is one sentence for the ingest report."""

    path: Path
    reason: str


def _validation_reason(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        field = ".".join(str(part) for part in err["loc"]) or "card"
        problems.append(f"field '{field}': {err['msg']}" + (f" (got {err['input']!r})" if err["type"] != "missing" else ""))
    return "schema violation: " + "; ".join(problems)


def read_card(path: Path) -> ClusterCard:
    """One YAML card file -> ClusterCard; raises ValueError with a human reason."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise ValueError(f"invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise ValueError("invalid card: the file must hold a mapping of fields (name: …, country: …)")
    data.setdefault("id", path.stem)
    try:
        card = ClusterCard.model_validate(data)
    except ValidationError as exc:
        raise ValueError(_validation_reason(exc)) from None
    if card.id != path.stem:
        raise ValueError(f"id '{card.id}' does not match the file name '{path.stem}.yaml'")
    return card


def load_cards(clusters_dir: Path) -> tuple[list[ClusterCard], list[CardError]]:
    """All valid ``*.yaml`` cards in ``clusters_dir`` (sorted by file name) and the invalid ones with reasons."""
    clusters_dir = Path(clusters_dir)
    if not clusters_dir.is_dir():
        return [], []
    cards: list[ClusterCard] = []
    errors: list[CardError] = []
    seen: dict[str, Path] = {}
    for path in sorted(clusters_dir.glob("*.yaml")):
        try:
            card = read_card(path)
        except (ValueError, OSError) as exc:
            errors.append(CardError(path, str(exc) if isinstance(exc, ValueError) else f"cannot read: {exc}"))
            continue
        if card.id in seen:
            errors.append(CardError(path, f"duplicate id '{card.id}', already used by {seen[card.id].name}"))
            continue
        seen[card.id] = path
        cards.append(card)
    return cards, errors


class _CardDumper(yaml.SafeDumper):
    """Block style for multi-line or long text, so a card file reads like the report."""


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value or len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CardDumper.add_representer(str, _str)
YAML_HEADER = (
    "# Cluster card: edit freely, then run `imagine ingest`. Checked against ingest.cards.ClusterCard.\n"
    "# Numbers are integers or null (not reported); *_text keeps the source's wording.\n"
)


def card_yaml(card: ClusterCard) -> str:
    """Human-friendly YAML of a card: fields in schema order, unicode as is, text blocks."""
    body = yaml.dump(card.model_dump(mode="json"), Dumper=_CardDumper, allow_unicode=True, sort_keys=False, width=100)
    return YAML_HEADER + body


def write_card(card: ClusterCard, path: Path) -> None:
    """Write a card file atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(card_yaml(card), encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------- the report's card layout

# Card field -> the labels the report writes before its value, in either language (lower case, hyphens as spaces: see _label_key).
REPORT_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("nome del cluster", "name of cluster", "name of the cluster", "cluster name"),
    "header": ("informazioni tecniche", "technical information"),
    "sector": ("settore di riferimento", "settore", "field", "sector"),
    "location": ("localizzazione geografica", "localizzazione", "geographical location", "location"),
    "enterprises": ("numero di imprese", "number of enterprises", "number of companies", "number of firms"),
    "workers": ("numero di addetti", "number of employs", "number of employees", "number of workers"),
    "website": ("sito internet", "sito web", "web site", "website"),
    "constitutive_aspects": ("elementi costitutivi del cluster", "constitutive aspects of the cluster",
                             "constitutive aspects"),
    "eco_innovation": ("esperienze di eco innovazione", "eco innovation experience", "eco innovation experiences"),
}
_LABEL_OF = {label: field for field, labels in REPORT_FIELD_LABELS.items() for label in labels}
_LABEL_LINE = re.compile(r"^\t[ \t\xa0]*(\S[^\n]*)$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n(?:[ \t\xa0]*\n){3,}")  # three or more blank lines


def _label_key(line: str) -> str:
    return " ".join(line.replace("-", " ").replace("\xa0", " ").split()).rstrip(":").strip().casefold()


@dataclass
class ParsedCard:
    start: int  # offset of the card's name label line in the parsed text
    end: int  # offset where the next card (or, for the last card, the text after it) begins
    card: ClusterCard


def _section_at(sections, offset: int) -> str:
    title = ""
    for section in sections or ():
        if section.start <= offset <= section.start + len(section.text):
            title = section.title
    return title


def parse_cards(text: str, document_name: str, sections=None) -> list[ParsedCard]:
    """Cluster cards in ``text`` laid out as in the report: tab-indented label lines (Italian or
    English) with their values on the following lines. A card runs from its name label to the
    next card's; the last one ends at the first run of three blank lines after its last label
    (what follows, e.g. footnotes, is not the card's). ``sections`` (``Document.sections``) give
    the provenance section; the coordinating body is never guessed (curated in YAML)."""
    labels = [(m.start(), m.end(), _LABEL_OF[key]) for m in _LABEL_LINE.finditer(text)
              if (key := _label_key(m.group(1))) in _LABEL_OF]
    starts = [i for i, (_, _, field) in enumerate(labels) if field == "name"]
    out: list[ParsedCard] = []
    used: set[str] = set()
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(labels)
        own = labels[first:last]
        if n + 1 < len(starts):
            end = labels[last][0]
        else:
            run = _BLANK_RUN.search(text, own[-1][1])
            end = run.end() if run else len(text)
        values: dict[str, str] = {}
        for i, (_, label_end, field) in enumerate(own):
            value_end = own[i + 1][0] if i + 1 < len(own) else end
            values.setdefault(field, text[label_end:value_end])
        name = one_line(values["name"]).rstrip(".").strip()
        if not name or len(values) < 2:  # a stray label, not a card
            continue
        out.append(ParsedCard(labels[first][0], end, _card_from(values, name, document_name, sections, labels[first][1], used)))
    return out


def _card_from(values: dict[str, str], name: str, document: str, sections, offset: int, used: set[str]) -> ClusterCard:
    card_id, k = slugify(name), 2
    while card_id in used:
        card_id, k = f"{slugify(name)}-{k}", k + 1
    used.add(card_id)
    location = one_line(values.get("location", ""))
    enterprises = one_line(values.get("enterprises", ""))
    workers = one_line(values.get("workers", ""))
    section = _section_at(sections, offset)
    return ClusterCard(
        id=card_id,
        name=name,
        sector=one_line(values.get("sector", "")),
        sectors=split_sectors(values.get("sector", "")),
        country=normalise_country(location),
        location=location,
        enterprises=parse_count(enterprises),
        enterprises_text=enterprises,
        workers=parse_count(workers),
        workers_text=workers,
        website=website_of(values.get("website", "")),
        constitutive_aspects=long_text(values.get("constitutive_aspects", "")),
        eco_innovation=long_text(values.get("eco_innovation", "")),
        source=Provenance(document=document, section=f"{section} › {name}" if section else name),
    )


def extract_cards(doc_path: Path, clusters_dir: Path, overwrite: bool = False, root: Path | None = None) -> list[Path]:
    """Parse one document's cards and write each as ``<id>.yaml`` in ``clusters_dir``; returns the
    files written. Existing files are kept unless ``overwrite``; an overwrite keeps the
    hand-curated coordinating body. ``root`` (default: the corpus's documents folder when the
    file is in it, else the file's folder) names the document in the provenance. Files of a
    type the loader does not read yield nothing; unreadable ones raise ``LoadError``."""
    doc_path, clusters_dir = Path(doc_path), Path(clusters_dir)
    if doc_path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return []
    if root is None:
        documents = clusters_dir.parent / "documents"
        root = documents if doc_path.resolve().is_relative_to(documents.resolve()) else doc_path.parent
    doc = load_document(doc_path, root)
    written: list[Path] = []
    for parsed in parse_cards(doc.text, doc.name, doc.sections):
        path = clusters_dir / f"{parsed.card.id}.yaml"
        card = parsed.card
        if path.exists():
            if not overwrite:
                continue
            try:
                card = card.model_copy(update={"coordinating_body": read_card(path).coordinating_body})
            except (ValueError, OSError):
                pass
        write_card(card, path)
        written.append(path)
    return written
