"""The cluster explorer tab: records, table, CSV, comparison, chart, and filters run by the card executor."""

from __future__ import annotations

import csv
import io

from assistant.cards import execute
from assistant.cards.catalog import CardCatalog
from assistant.cards.explore import explore
from imagine.cards import ClusterCard
from web import explorer as ex

SCRIPT = "<script>alert(1)</script>"
RECORDS = [
    {"name": "Àlpha", "country": "Spain", "sector": "Tessile", "sectors": ["tessile"], "workers": 5000,
     "enterprises": 120, "kind": "report_card", "eco_innovation": "First. Second."},
    {"name": "beta", "country": "Sweden", "sector": "Metal", "sectors": [], "workers": None, "enterprises": 30,
     "kind": "report_card", "eco_innovation": ""},
    {"name": "Gamma", "country": "Italy", "sector": "Textile, leather", "sectors": [], "workers": 300,
     "enterprises": None, "kind": "pilot_district", "eco_innovation": ""},
]
CARDS = [ClusterCard(id=f"c{i}", source={"document": "r.txt", "section": f"4.{i}"},
                     **{k: v for k, v in r.items() if k != "eco_innovation"}) for i, r in enumerate(RECORDS)]


def test_card_record_flattens_a_real_card():
    card = ClusterCard(id="x", name="X", country="Spain", workers=10, eco_innovation="Uno. Due.",
                       source={"document": "r.txt", "section": "4.1 X"})
    rec = ex.card_record(card)
    assert rec["source"] == "r.txt › 4.1 X" and rec["eco_summary"] == "Uno." and rec["workers"] == 10
    headers, rows = ex.explorer_rows([rec])
    assert len(headers) == len(rows[0]) and rows[0][3] is None and rows[0][4] == 10


def test_csv_export_round_trips_with_bom_and_escaping(tmp_path):
    records = [dict(RECORDS[0], name='A, "quoted"\nname', source="r.txt")] + RECORDS[1:]
    path = ex.write_csv_file(ex.cards_csv(records), tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["name"] for r in rows] == ['A, "quoted"\nname', "beta", "Gamma"]
    assert rows[1]["workers"] == "" and rows[0]["workers"] == "5000"
    assert ex.write_csv_file(ex.cards_csv(records), tmp_path) == path  # same content, same file


def test_compare_and_chart_escape_names_and_mark_missing_values():
    evil = dict(RECORDS[1], name=SCRIPT)
    for out in (ex.compare_html([RECORDS[0], evil]), ex.size_chart_html([RECORDS[0], evil])):
        assert "<script>" not in out and "&lt;script&gt;" in out
    compared = ex.compare_html([RECORDS[0], RECORDS[2], evil])
    assert "non riportato" in compared and "pilota IMAGINE / IMAGINE pilot" in compared
    chart = ex.size_chart_html(RECORDS)
    assert chart.count("imagine-bar-workers") == 2 and "width:100.0%" in chart
    assert "http" not in chart and "<img" not in chart  # nothing to fetch


def test_the_tab_shows_what_the_card_executor_selects(tmp_path, monkeypatch):
    selected = []
    select = execute.select
    monkeypatch.setattr(execute, "select", lambda plan, catalog: selected.append(plan) or select(plan, catalog))
    tab = ex.Explorer(lambda: CARDS, tmp_path)
    table, export, chart, count = tab.show(["Spain", "Italy"], "tessile", 100, None, "workers", True)
    assert len(selected) == 1 and selected[0].op == "list"  # the filters ran as a plan, once
    assert [row[0] for row in table["value"]["data"]] == ["Àlpha"] and count == "1 cluster"
    assert export["value"].startswith(str(tmp_path)) and "Àlpha" in chart
    table, *_, count = tab.show([], "", None, None, "workers", False)
    expected = [c.name for c in explore(CardCatalog(CARDS), sort_by="workers")]
    assert [row[0] for row in table["value"]["data"]] == expected == ["Gamma", "Àlpha", "beta"] and count == "3 cluster"
    countries, names = tab.choices()
    assert countries["choices"] == ["Italy", "Spain", "Sweden"] and names["choices"] == ["Àlpha", "beta", "Gamma"]
    assert "beta" in tab.compare(["beta", "unknown"]) and "imagine-hint" in tab.compare([])


def test_the_tab_is_empty_until_the_assistant_is_ready(tmp_path):
    tab = ex.Explorer(lambda: [], tmp_path)
    table, *_, count = tab.show(None, "", None, None, "name", False)
    assert table["value"]["data"] == [] and count == "0 cluster"
    assert tab.choices()[0]["choices"] == []
