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


def test_persona_tag_and_split_tables_and_withheld_questions(tmp_path):
    from evaluation.dataset import split_of
    from evaluation.runner import summaries, withhold

    ids = {split_of(f"q{n}"): f"q{n}" for n in range(20)}  # one id per split
    qs = [Question(ids["dev"], ("Quanti addetti ha Fedustria?",), "it", "fact", (("24224",),), ("24.224 addetti",), persona="partner", tags=("derived",)),
          Question(ids["test"], ("Quanti addetti ha Fedustria?",), "it", "fact", (("24224",),), ("24.224 addetti",), persona="sme")]
    recs = [Record(q.id, "fact", "it", list(q.turns), answer=a, citations=[FEDUSTRIA], ranking=[FEDUSTRIA], route="cards",
                   backend="cards", total_s=0.01) for q, a in zip(qs, ["Fedustria ha 24.224 addetti [1].", "Fedustria ha 400 imprese [1]."])]
    scores = [score(q, r, detect_language) for q, r in zip(qs, recs)]
    result = withhold(summaries(scores, by_split=True) | {"scores": scores, "records": [r.__dict__ for r in recs]}, "test")
    paths = write_report({"extractive": result}, tmp_path, {"machine": "test"})
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "correct by persona: sme 0.000 (n=1), partner 1.000 (n=1)" in md
    assert "## extractive: dev and test side by side" in md and "| metric | dev | test |" in md
    assert "| correct | 1.000 | 0.000 |" in md and "| correct, persona=sme | – | 0.000 (n=1) |" in md
    assert "| derived | 1 | 1.000 |" in md and "| persona=partner | 1 |" in md and "| persona=sme | 1 |" in md
    assert "Without the test split" in md
    assert ids["test"] not in md and "The 1 question(s) of the test split count in the tables above but are not listed." in md
    data = json.loads(paths["json"].read_text(encoding="utf-8"))["backends"]["extractive"]
    assert ids["test"] not in json.dumps(data) and data["by_persona"]["partner"]["correct"] == 1.0
