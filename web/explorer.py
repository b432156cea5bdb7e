"""The cluster explorer tab: every cluster card, filtered, sorted, compared side by side, exported as CSV
and drawn as a size chart in plain HTML (nothing to download).

The filters run as a card plan through the card route's executor (:func:`assistant.cards.explore.explore`),
so the table lists what a card question with the same conditions would; this module only lays the cards out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from pathlib import Path
from typing import Callable

import gradio as gr

from assistant.cards.catalog import CardCatalog
from assistant.cards.explore import explore
from imagine.cards import ClusterCard
from web.render import FIELD_LABELS, KIND_LABELS, cell, esc, field_cell

EXPLORER_COLUMNS = ["name", "country", "sector", "enterprises", "workers", "coordinating_body", "eco_summary", "kind"]
SORT_CHOICES = [("Nome / Name", "name"), ("Addetti / Workers", "workers"), ("Imprese / Enterprises", "enterprises"),
                ("Paese / Country", "country")]
CSV_FIELDS = ["name", "kind", "country", "location", "sector", "enterprises", "enterprises_text", "workers",
              "workers_text", "coordinating_body", "website", "eco_innovation", "source"]
COMPARE_FIELDS = ["country", "location", "kind", "sector", "enterprises", "enterprises_text", "workers", "workers_text",
                  "coordinating_body", "website", "constitutive_aspects", "eco_innovation", "source"]


def card_record(card) -> dict:
    """A ClusterCard (or its dict) as a flat dict; the source becomes 'document › section'."""
    data = card.model_dump() if hasattr(card, "model_dump") else dict(card)
    src = data.get("source") or {}
    if isinstance(src, dict):
        data["source"] = " › ".join(x for x in (src.get("document"), src.get("section")) if x)
    data["eco_summary"] = summarize(data.get("eco_innovation", ""))
    return data


def summarize(text: str, limit: int = 120) -> str:
    """The first sentence of ``text``, cut at a word boundary within ``limit`` characters."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def explorer_rows(records: list[dict]) -> tuple[list[str], list[list]]:
    """Headings and rows for the explorer table (numbers stay numbers so the table sorts them)."""
    headers = [FIELD_LABELS.get(c, "Eco-innovazione (sintesi) / Eco-innovation (summary)") for c in EXPLORER_COLUMNS]
    rows = []
    for r in records:
        row = []
        for c in EXPLORER_COLUMNS:
            value = r.get(c)
            if c == "kind":
                value = KIND_LABELS.get(value, value)
            row.append(value if value is not None else ("" if c not in ("enterprises", "workers") else None))
        rows.append(row)
    return headers, rows


def cards_csv(records: list[dict]) -> str:
    """The cards as CSV text (full fields, report wording kept next to the numbers)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_FIELDS)
    for r in records:
        writer.writerow(["" if r.get(f) is None else r.get(f) for f in CSV_FIELDS])
    return buf.getvalue()


def write_csv_file(text: str, folder: Path | None = None, name: str = "imagine-clusters.csv") -> Path:
    """Write CSV text (UTF-8 with BOM, which spreadsheet programs need) to a file named by its content."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    target = Path(folder or tempfile.gettempdir()) / "imagine-export" / digest / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8-sig")
    return target


def compare_html(records: list[dict]) -> str:
    """Two or three cards side by side, one row per field; missing fields say 'not reported'."""
    if not records:
        return '<p class="imagine-hint">Scegli 2 o 3 cluster da confrontare / Pick 2 or 3 clusters to compare.</p>'
    head = "".join(f"<th>{esc(r.get('name'))}</th>" for r in records)
    body = ""
    for f in COMPARE_FIELDS:
        values = "".join(f"<td>{field_cell(r, f)}</td>" for r in records)
        body += f"<tr><th>{esc(FIELD_LABELS[f])}</th>{values}</tr>"
    return (f'<div class="imagine-compare"><table><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def size_chart_html(records: list[dict]) -> str:
    """Horizontal bars of enterprises and workers per cluster, in plain HTML/CSS (nothing to download)."""
    panels = []
    for field in ("enterprises", "workers"):
        known = sorted((r for r in records if r.get(field) is not None), key=lambda r: -r[field])
        top = max((r[field] for r in known), default=0) or 1
        bars = "".join(
            f'<div class="imagine-bar-row"><span class="imagine-bar-name" title="{esc(r["name"])}">{esc(r["name"])}</span>'
            f'<span class="imagine-bar-track"><span class="imagine-bar imagine-bar-{field}" '
            f'style="width:{max(0.5, 100 * r[field] / top):.1f}%"></span></span>'
            f'<span class="imagine-bar-value">{cell(r[field])}</span></div>'
            for r in known)
        unknown = [r["name"] for r in records if r.get(field) is None]
        note = (f'<div class="imagine-na">Non riportato / not reported: {esc(", ".join(unknown))}</div>' if unknown else "")
        panels.append(f'<div class="imagine-chart-panel"><h4>{esc(FIELD_LABELS[field])}</h4>{bars or "–"}{note}</div>')
    return f'<div class="imagine-chart">{"".join(panels)}</div>'


class Explorer:
    """The explorer tab over ``cards()`` (the assistant's cards; none until it is ready); CSV files go to
    ``export_dir`` (default: the system's temporary folder)."""

    def __init__(self, cards: Callable[[], list[ClusterCard]], export_dir: Path | None = None):
        self._cards = cards
        self.export_dir = export_dir

    def catalog(self) -> CardCatalog:
        return CardCatalog(self._cards())

    def show(self, countries, sector, min_workers, min_enterprises, sort_by, descending):
        """The table, CSV file, chart and count for the filters (the outputs of :attr:`outputs`)."""
        cards = explore(self.catalog(), countries, sector, min_workers, min_enterprises, sort_by, descending)
        records = [card_record(c) for c in cards]
        headers, rows = explorer_rows(records)
        path = write_csv_file(cards_csv(records), self.export_dir)
        return (gr.update(value={"headers": headers, "data": rows}), gr.update(value=str(path)),
                size_chart_html(records), f"{len(records)} cluster")

    def compare(self, names):
        by_name = {c.name: card_record(c) for c in self._cards()}
        return compare_html([by_name[n] for n in (names or []) if n in by_name])

    def choices(self) -> tuple:
        """Updates of the country filter and the compare picker: every country and cluster, by name."""
        catalog = self.catalog()
        return gr.update(choices=sorted(catalog.countries())), gr.update(choices=[c.name for c in explore(catalog)])

    def build(self) -> None:
        """The tab's components and their events; call inside the app's ``gr.Tab``. Sets :attr:`filters`,
        :attr:`outputs` (for :meth:`show`), :attr:`country` and :attr:`pick` (for :meth:`choices`)."""
        gr.Markdown("Tutte le schede dei cluster. Filtra, ordina, confronta ed esporta. "
                    "*All cluster cards: filter, sort, compare and export.*")
        with gr.Row():
            self.country = gr.Dropdown([], multiselect=True, label="Paese / Country", elem_id="f-country")
            sector = gr.Textbox(label="Settore contiene / Sector contains", elem_id="f-sector",
                                placeholder="es. tessile, textile, leather…")
            workers = gr.Number(label="Addetti minimi / Min workers", minimum=0, elem_id="f-workers")
            enterprises = gr.Number(label="Imprese minime / Min enterprises", minimum=0, elem_id="f-enterprises")
        with gr.Row():
            sort = gr.Dropdown(SORT_CHOICES, value="name", label="Ordina per / Sort by", elem_id="f-sort")
            desc = gr.Checkbox(label="Decrescente / Descending", value=False, elem_id="f-desc")
            count = gr.Markdown("", elem_id="explorer-count")
            export = gr.DownloadButton("Esporta CSV / Export CSV", elem_id="export-csv")
        table = gr.Dataframe(elem_id="cards-table", interactive=False, wrap=True, max_height=640,
                             column_widths=["15%", "9%", "13%", "9%", "8%", "16%", "19%", "11%"],
                             datatype=["str", "str", "str", "number", "number", "str", "str", "str"],
                             label="Schede / Cards (non riportato = vuoto / not reported = empty)")
        gr.Markdown("### Dimensioni / Size")
        chart = gr.HTML(elem_id="size-chart", js_on_load=None)
        gr.Markdown("### Confronta / Compare")
        self.pick = gr.Dropdown([], multiselect=True, max_choices=3, elem_id="compare-pick",
                                label="Scegli 2–3 cluster / Pick 2–3 clusters")
        compared = gr.HTML(compare_html([]), elem_id="compare", js_on_load=None)

        self.filters = [self.country, sector, workers, enterprises, sort, desc]
        self.outputs = [table, export, chart, count]
        for component in self.filters:
            event = component.submit if isinstance(component, gr.Textbox) else component.change
            event(self.show, self.filters, self.outputs, api_visibility="private")
        sector.change(self.show, self.filters, self.outputs, api_visibility="private")
        self.pick.change(self.compare, self.pick, compared, api_visibility="private")
