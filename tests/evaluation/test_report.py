"""The report files: Markdown with chart links, HTML with inline SVG, JSON with every score."""

import json
import xml.etree.ElementTree as ET

from assistant.language import detect_language
from evaluation.dataset import Question
from evaluation.report import write_report
from evaluation.runner import Record, group, score, summarize

FEDUSTRIA = "Cluster: Fedustria (Belgio)\nNumero di addetti\n24.224 addetti"


def _result():
    good_q = Question("fe-ok", ("Quanti addetti ha Fedustria?",), "it", "fact", (("24224",),), ("24.224 addetti",))
    bad_q = Question("fe-bad", ("How many workers does Fedustria have?",), "en", "fact", (("24224",),), ("24.224 addetti",))
    recs = [Record("fe-ok", "fact", "it", list(good_q.turns), answer="Fedustria ha 24.224 addetti [1].", citations=[FEDUSTRIA],
                   ranking=[FEDUSTRIA], route="cards", backend="cards", total_s=0.01),
            Record("fe-bad", "fact", "en", list(bad_q.turns), answer="The documents do not cover this.", refused=True,
                   route="refusal", backend="none", total_s=0.2)]
    scores = [score(q, r, detect_language) for q, r in zip((good_q, bad_q), recs)]
    return {"overall": summarize(scores), "by_kind": group(scores, "kind"), "by_lang": group(scores, "lang"),
            "by_route": group(scores, "route"), "scores": scores, "records": [r.__dict__ for r in recs]}


def test_report_files(tmp_path):
    paths = write_report({"extractive": _result()}, tmp_path, {"machine": "test"})
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "| extractive | 2 |" in md and "![hit5](charts/hit5.svg)" in md
    assert "**fe-bad**" in md and "refused an answerable question" in md and "**fe-ok**" not in md
    charts = sorted(p.name for p in (tmp_path / "charts").glob("*.svg"))
    assert len(charts) == 11 and "latency.svg" in charts
    for chart in (tmp_path / "charts").glob("*.svg"):
        ET.parse(chart)  # well-formed SVG
    page = paths["html"].read_text(encoding="utf-8")
    assert page.count("<svg") == 11 and "http" not in page.replace("http://www.w3.org/2000/svg", "")  # no CDN
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["backends"]["extractive"]["overall"]["correct"] == 0.5
