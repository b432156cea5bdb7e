"""`imagine eval --set/--split` plumbing, with a fake assistant injected: which questions are asked,
what the report shows, and that a held-out set's test questions are never listed."""

import json
from types import SimpleNamespace

import pytest

from cli import _eval, build_parser
from evaluation.dataset import DEFAULT_SET, load_questions, resolve_set


class FakeAssistant:
    """Records every question; answers each with a fixed text and no citation."""

    def __init__(self, settings, asked: list):
        self.asked = asked

    def _answer(self, question):
        return SimpleNamespace(text="I documenti non trattano questo argomento.", refused=True, route="refusal",
                               backend="none", notice="", citations=[], retrieved=[])

    def ask(self, question, history=None):
        self.asked.append(question)
        return self._answer(question)

    def stream(self, question, history=None):
        self.asked.append(question)
        yield "I documenti"
        yield self._answer(question)

    def status(self):
        return {"llm_backend": "extractive", "llm": "none", "llm_error": ""}


def _run(tmp_path, *flags):
    asked: list[str] = []
    args = build_parser().parse_args(["eval", "--out", str(tmp_path), "-q", "--backend", "extractive", *flags])
    assert _eval(args, make_assistant=lambda settings: FakeAssistant(settings, asked)) == 0
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    return asked[1:], data, (tmp_path / "report.md").read_text(encoding="utf-8")  # asked[0] is the warm-up


@pytest.mark.parametrize("split", ["dev", "test"])
def test_split_flag_asks_only_that_split(tmp_path, split):
    heldout = load_questions(resolve_set("heldout"))
    asked, data, md = _run(tmp_path, "--set", "heldout", "--split", split)
    wanted = [q for q in heldout if q.split == split]
    assert 0 < len(wanted) < len(heldout) and asked == [turn for q in wanted for turn in q.turns]
    result = data["backends"]["extractive"]
    assert result["overall"]["n"] == len(wanted) and data["meta"]["split"] == split
    if split == "test":  # counted, never listed
        assert result["scores"] == [] and result["records"] == [] and result["withheld"]["questions"] == len(wanted)
        assert not any(q.id in md for q in wanted)
    else:
        assert len(result["scores"]) == len(wanted)


def test_both_splits_side_by_side(tmp_path):
    heldout = load_questions(resolve_set("heldout"))
    _, data, md = _run(tmp_path, "--set", "heldout", "--split", "both")
    by_split = data["backends"]["extractive"]["by_split"]
    assert {k: v["overall"]["n"] for k, v in by_split.items()} == {s: sum(q.split == s for q in heldout) for s in ("dev", "test")}
    assert "dev and test side by side" in md and "| metric | dev | test |" in md
    assert not any(q.id in md for q in heldout if q.split == "test")


def test_default_set_and_path_still_work(tmp_path):
    _, data, md = _run(tmp_path, "--limit", "3")
    assert data["meta"]["question set"] == str(DEFAULT_SET) and data["backends"]["extractive"]["overall"]["n"] == 3
    assert "withheld" not in data["backends"]["extractive"] and "side by side" not in md
    _, data, _ = _run(tmp_path, "--set", str(DEFAULT_SET), "--limit", "2")
    assert data["backends"]["extractive"]["overall"]["n"] == 2


def test_progress_lines_never_name_a_test_question(tmp_path, capsys):
    heldout = load_questions(resolve_set("heldout"))
    args = build_parser().parse_args(["eval", "--out", str(tmp_path), "--backend", "extractive", "--set", "heldout", "--split", "both"])
    assert _eval(args, make_assistant=lambda settings: FakeAssistant(settings, [])) == 0
    err = capsys.readouterr().err
    assert err.count("withheld") == sum(q.split == "test" for q in heldout)
    assert not any(q.id in err for q in heldout if q.split == "test") and all(q.id in err for q in heldout if q.split == "dev")
