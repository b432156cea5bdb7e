"""The question-set format: clear errors for bad lines, and our shipped set is complete and sound."""

import hashlib
import json

import pytest

from evaluation.dataset import DEFAULT_SET, KINDS, DatasetError, Question, load_questions, resolve_set, sample, select_split, split_of
from imagine.text import fold_typography
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
    assert kinds == set(KINDS) - {"false_premise"}  # the kind came with the held-out set
    count = lambda kind: sum(q.kind == kind for q in qs)  # noqa: E731
    assert count("out_of_corpus") >= 8 and count("not_reported") >= 6 and count("follow_up") >= 6
    assert sum(q.lang == "en" for q in qs) >= 0.35 * len(qs) and sum(q.lang == "it" for q in qs) >= 0.35 * len(qs)
    clusters = {q.cluster for q in qs}
    report = REPORT.read_text(encoding="utf-8")
    # every cluster card of the report, and the four pilot districts, have their own questions
    names = [line.strip() for prev, line in zip(report.splitlines(), report.splitlines()[1:])
             if prev.strip() in ("Nome del cluster", "Name of cluster")]
    assert len(names) == 15
    assert all(any(fold_typography(n.rstrip(".")) == fold_typography(c) for c in clusters) for n in names), names
    assert {"Prato", "Empoli", "Santa Croce", "Capannori"} <= clusters


def test_every_question_has_evidence_from_the_report():
    """At least one evidence string per question is report text (the others may match the card chunks;
    the eval threshold test checks every string against the real index)."""
    text = fold_typography(REPORT.read_text(encoding="utf-8"))
    missing = [q.id for q in load_questions(DEFAULT_SET) if q.evidence and not any(fold_typography(e) in text for e in q.evidence)]
    assert not missing


# ---------------------------------------------------------------- held-out format: persona, tags, forbidden, splits

HELDOUT = resolve_set("heldout")


def test_new_fields_and_the_false_premise_kind_load(tmp_path):
    fp = {"id": "fp", "lang": "en", "kind": "false_premise", "question": "Fedustria is in Spain: how many workers?",
          "evidence": ["Cluster: Fedustria"], "persona": "partner", "tags": ["wrong-country"], "forbidden": [["Spain", "Spagna"]]}
    q = load_questions(_write(tmp_path, GOOD, fp))[1]
    assert (q.kind, q.persona, q.tags, q.forbidden, q.key_facts) == ("false_premise", "partner", ("wrong-country",), (("Spain", "Spagna"),), ())
    assert load_questions(_write(tmp_path, GOOD))[0].persona == "" and load_questions(_write(tmp_path, GOOD))[0].tags == ()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"persona": "ceo"}, "'persona' must be one of"),
        ({"tags": "negation"}, "'tags' must be a list"),
        ({"forbidden": ["Spain"]}, "forbidden[0]"),
        ({"forbidden": "Spain"}, "'forbidden' must be a list"),
        ({"kind": "false_premise", "evidence": []}, "needs 'evidence'"),
    ],
)
def test_bad_new_fields_are_named(tmp_path, change, message):
    with pytest.raises(DatasetError, match=r"set\.jsonl:1 \(id q1\).*" + message.replace("[", r"\[").replace("(", r"\(")):
        load_questions(_write(tmp_path, dict(GOOD, **change)))


def test_the_split_is_a_hash_of_the_id():
    assert split_of("h-sme-01") == split_of("h-sme-01")
    for qid in ("a", "h-par-07", "ooc-01"):  # the documented rule, spelled out
        first = hashlib.sha256(("imagine-heldout-v1:" + qid).encode()).digest()[0]
        assert split_of(qid) == ("test" if first < 128 else "dev")
    ids = [f"q{i}" for i in range(2000)]
    assert 0.45 < sum(split_of(i) == "test" for i in ids) / len(ids) < 0.55
    assert Question("x", ("?",), "en", "fact").split == split_of("x")


def test_a_sample_is_a_share_fixed_by_id_and_not_along_the_split():
    questions = [Question(f"q{i}", ("?",), "en", "fact") for i in range(2000)]
    quarter = sample(questions, 0.25)
    assert 0.22 < len(quarter) / len(questions) < 0.28
    assert [q.id for q in sample(list(reversed(questions)), 0.25)] == [q.id for q in reversed(quarter)]  # order-free
    assert {q.id for q in sample(questions, 0.1)} <= {q.id for q in quarter}  # a smaller share is inside a larger one
    assert sample(questions, 0) == [] and sample(questions, 1) == questions
    test_share = sum(q.split == "test" for q in quarter) / len(quarter)
    assert 0.4 < test_share < 0.6  # its own salt: a quarter of dev is not a quarter chosen by the split's hash


def test_select_split_and_set_names(tmp_path):
    qs = load_questions(HELDOUT)
    dev, test = select_split(qs, "dev"), select_split(qs, "test")
    assert {q.split for q in dev} == {"dev"} and {q.split for q in test} == {"test"}
    assert len(dev) + len(test) == len(qs) and select_split(qs, "both") == qs == select_split(qs, None)
    with pytest.raises(DatasetError, match="unknown split"):
        select_split(qs, "train")
    assert HELDOUT == DEFAULT_SET.parent / "heldout.jsonl" and resolve_set(None) == DEFAULT_SET
    path = _write(tmp_path, GOOD)
    assert resolve_set(str(path)) == path
    with pytest.raises(DatasetError, match="no such question set.*heldout"):
        resolve_set("nonexistent")


def test_heldout_set_is_complete_and_balanced():
    qs = load_questions(HELDOUT)
    assert len(qs) >= 130
    by = lambda attr: {v: [q for q in qs if getattr(q, attr) == v] for v in {getattr(q, attr) for q in qs}}  # noqa: E731
    assert set(by("persona")) == {"sme", "partner", "other"} and set(by("kind")) == set(KINDS) - {"not_reported"}
    assert 0.35 < len(select_split(qs, "test")) / len(qs) < 0.65
    for persona, group in by("persona").items():  # no persona falls (almost) entirely in one split
        assert 0.25 < sum(q.split == "test" for q in group) / len(group) < 0.75, persona
    assert all(len(q.turns) == 3 for q in qs if q.kind == "follow_up")
    assert all(q.persona for q in qs) and sum(bool(q.tags) for q in qs) >= 0.9 * len(qs)


@pytest.mark.parametrize("name", ["heldout", "heldout2", "heldout3", "heldout4"])
def test_heldout_evidence_is_report_or_card_text(name):
    """Every evidence string is in the report or in a card's searchable text (the eval threshold
    test checks each against the real index)."""
    from imagine.settings import Settings
    from ingest.cards import card_text, load_cards

    cards, errors = load_cards(Settings().clusters_dir)
    assert not errors
    pool = [fold_typography(REPORT.read_text(encoding="utf-8"))] + [fold_typography(card_text(c)) for c in cards]
    missing = [(q.id, e) for q in load_questions(resolve_set(name)) for e in q.evidence if not any(fold_typography(e) in t for t in pool)]
    assert not missing
