"""Scoring one answer record: the right flags and the right 'what went wrong' lines."""

from assistant.language import detect_language
from evaluation.dataset import Question
from evaluation.runner import Record, score, summarize

FEDUSTRIA = "Cluster: Fedustria (Belgio)\nNumero di addetti\n24.224 addetti"
Q = Question("fe", ("Quanti addetti ha Fedustria?",), "it", "fact", (("24224",),), ("24.224 addetti",))


def _rec(**kw) -> Record:
    base = dict(id="fe", kind="fact", lang="it", turns=list(Q.turns), route="cards", backend="cards", total_s=0.1)
    return Record(**{**base, **kw})


def test_a_right_answer_scores_full_marks():
    s = score(Q, _rec(answer="Fedustria ha 24.224 addetti [1].", citations=[FEDUSTRIA], ranking=[FEDUSTRIA]), detect_language)
    assert s["correct"] and s["hit@1"] and s["mrr"] == 1.0 and s["citations_valid"]
    assert s["citation_precision"] == 1.0 and s["grounded"] and s["refusal_ok"] and s["language_ok"]
    assert s["problems"] == []


def test_a_wrong_answer_says_what_went_wrong():
    other = "Cluster: Vreten (Svezia)\nNumero di addetti\n5.000"
    s = score(Q, _rec(answer="The cluster Creamoda has 5,000 workers [1][2].", citations=[other], ranking=[other]), detect_language)
    assert not s["correct"] and not s["hit@5"] and not s["citations_valid"] and not s["language_ok"]
    text = " | ".join(s["problems"])
    for expected in ("missing key fact(s): 24224", "evidence not in top 5", "marker(s) [2] without a citation",
                     "not in the cited passages: Creamoda", "answer language en, question it"):
        assert expected in text


def test_refusals_and_not_reported():
    ooc = Question("x", ("Who won the World Cup?",), "en", "out_of_corpus")
    refused = _rec(kind="out_of_corpus", lang="en", answer="The documents do not cover this.", refused=True, route="refusal")
    assert score(ooc, refused, detect_language)["correct"]
    answered = score(ooc, _rec(kind="out_of_corpus", lang="en", answer="Italy [1].", citations=[FEDUSTRIA]), detect_language)
    assert not answered["correct"] and "answered an out-of-corpus question" in answered["problems"]

    nr = Question("pa", ("How many workers does Pannon have?",), "en", "not_reported", (), ("Pannon",))
    card = "Cluster: Pannon Textile Cluster (Hungary)\nNumber of employs"
    ok = score(nr, _rec(answer="Pannon Textile Cluster: workers not reported in the document [1].", citations=[card], ranking=[card]), detect_language)
    assert ok["not_reported_ok"] and ok["correct"]
    guess = score(nr, _rec(answer="Pannon Textile Cluster has 300 workers [1].", citations=[card], ranking=[card]), detect_language)
    assert not guess["not_reported_ok"] and not guess["grounded"]


def test_summary_counts_only_where_a_metric_applies():
    good = score(Q, _rec(answer="Fedustria ha 24.224 addetti [1].", citations=[FEDUSTRIA], ranking=[FEDUSTRIA]), detect_language)
    bad = score(Q, _rec(answer="Non lo so.", refused=True, total_s=0.3), detect_language)
    summary = summarize([good, bad])
    assert summary["correct"] == 0.5 and summary["false_refusals"] == 1
    assert summary["citation_precision_n"] == 1 and summary["not_reported_ok_n"] == 0
    assert summary["latency_p50_s"] == 0.1 and summary["latency_p95_s"] == 0.3
