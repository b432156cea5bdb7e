"""The question-set format: clear errors for bad lines, and our shipped set is complete and sound."""

import json

import pytest

from evaluation.dataset import DEFAULT_SET, KINDS, DatasetError, load_questions
from evaluation.metrics import fold
from tests.conftest import REPORT

GOOD = {"id": "q1", "lang": "en", "kind": "fact", "question": "How many workers does Fedustria have?",
        "key_facts": [["24224"]], "evidence": ["24.224 addetti"]}


def _write(tmp_path, *objs, raw: str = ""):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(o) for o in objs) + raw, encoding="utf-8")
    return path


def test_a_good_set_loads(tmp_path):
    conv = dict(GOOD, id="q2", kind="follow_up", turns=["Tell me about Fedustria.", "And its workers?"])
    del conv["question"]
    qs = load_questions(_write(tmp_path, GOOD, conv))
    assert [q.id for q in qs] == ["q1", "q2"]
    assert qs[1].text == "And its workers?" and qs[1].turns[0] == "Tell me about Fedustria."


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lang": "fr"}, "'lang' must be one of"),
        ({"kind": "trivia"}, "'kind' must be one of"),
        ({"key_facts": ["24224"]}, "key_facts[0]"),
        ({"key_facts": []}, "needs at least one key fact"),
        ({"evidence": []}, "needs 'evidence'"),
        ({"turns": ["a", "b"]}, "exactly one of 'question'"),
        ({"kind": "out_of_corpus"}, "no key_facts and no evidence"),
        ({"kind": "follow_up"}, "at least two user turns"),
        ({"answer": "x"}, "unknown field"),
    ],
)
def test_bad_lines_are_named(tmp_path, change, message):
    with pytest.raises(DatasetError, match=r"set\.jsonl:1 .*" + message.replace("[", r"\[").replace("(", r"\(")):
        load_questions(_write(tmp_path, dict(GOOD, **change)))


def test_bad_json_and_duplicates(tmp_path):
    with pytest.raises(DatasetError, match=r"set\.jsonl:2: not valid JSON"):
        load_questions(_write(tmp_path, GOOD, raw="\n{oops"))
    with pytest.raises(DatasetError, match="duplicate id 'q1'"):
        load_questions(_write(tmp_path, GOOD, GOOD))


def test_shipped_set_covers_the_corpus():
    qs = load_questions(DEFAULT_SET)
    assert len(qs) >= 80
    kinds = {q.kind for q in qs}
    assert kinds == set(KINDS)
    count = lambda kind: sum(q.kind == kind for q in qs)  # noqa: E731
    assert count("out_of_corpus") >= 8 and count("not_reported") >= 6 and count("follow_up") >= 6
    assert sum(q.lang == "en" for q in qs) >= 0.35 * len(qs) and sum(q.lang == "it" for q in qs) >= 0.35 * len(qs)
    clusters = {q.cluster for q in qs}
    report = REPORT.read_text(encoding="utf-8")
    # every cluster card of the report, and the four pilot districts, have their own questions
    names = [line.strip() for prev, line in zip(report.splitlines(), report.splitlines()[1:])
             if prev.strip() in ("Nome del cluster", "Name of cluster")]
    assert len(names) == 15
    assert all(any(fold(n.rstrip(".")) == fold(c) for c in clusters) for n in names), names
    assert {"Prato", "Empoli", "Santa Croce", "Capannori"} <= clusters


def test_every_question_has_evidence_from_the_report():
    """At least one evidence string per question is report text (the others may match the card chunks;
    the eval threshold test checks every string against the real index)."""
    text = fold(REPORT.read_text(encoding="utf-8"))
    missing = [q.id for q in load_questions(DEFAULT_SET) if q.evidence and not any(fold(e) in text for e in q.evidence)]
    assert not missing
