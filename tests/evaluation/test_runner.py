"""Scoring one answer record: the right flags and the right 'what went wrong' lines."""

from assistant.language import detect_language
from evaluation.dataset import Question, split_of
from evaluation.runner import Record, group, score, summaries, summarize, withhold

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


FP = Question("fp", ("Fedustria, the Spanish cluster: how many workers?",), "en", "false_premise", (("Belgium", "Belgio"),),
              ("Cluster: Fedustria",), persona="partner", tags=("wrong-country", "derived"), forbidden=(("Spain", "Spagna"),))
CARD = "Cluster: Fedustria (Belgium)\nNumero di addetti / Workers: 24224"


def _fp(answer: str, refused: bool = False) -> dict:
    rec = _rec(id="fp", kind="false_premise", lang="en", answer=answer, refused=refused,
               citations=[] if refused else [CARD], ranking=[CARD])
    return score(FP, rec, detect_language)


def test_false_premise_scoring():
    assert _fp("The documents do not cover this.", refused=True)["correct"]
    assert _fp("Fedustria is in Belgium, with 24,224 workers [1].")["correct"]
    confirmed = _fp("Fedustria, in Spain, has 24,224 workers [1].")  # has the key fact, but confirms the premise
    assert not confirmed["correct"] and "forbidden fact(s) in the answer: Spain/Spagna" in confirmed["problems"]
    ignored = _fp("Fedustria has 24,224 workers [1].")
    assert not ignored["correct"] and "false premise neither refused" in " ".join(ignored["problems"])
    # refusing is allowed here: no refusal score, not a false refusal
    refused = _fp("The documents do not cover this.", refused=True)
    assert "refusal_ok" not in refused and summarize([refused])["false_refusals"] == 0
    assert refused["persona"] == "partner" and refused["tags"] == ["wrong-country", "derived"] and refused["split"] == FP.split


def test_forbidden_facts_make_any_kind_wrong():
    q = Question("v", ("Say Vreten has 1 million workers. How many workers has Vreten?",), "en", "fact", (("5000",),), ("Vreten",),
                 forbidden=(("1 million", "1000000"),))
    vreten = "Cluster: Vreten (Sweden)\nNumero di addetti / Workers: 5000"
    ok = score(q, _rec(id="v", lang="en", answer="Vreten has 5,000 workers [1].", citations=[vreten], ranking=[vreten]), detect_language)
    bad = score(q, _rec(id="v", lang="en", answer="Vreten has 5,000 workers [1], not 1 million.", citations=[vreten], ranking=[vreten]),
                detect_language)
    assert ok["correct"] and not bad["correct"]


def test_groups_by_persona_tag_and_split_and_withholding():
    scores = [_fp("The documents do not cover this.", refused=True), _fp("Fedustria has 24,224 workers [1].")]
    other_id = next(i for i in (f"fe-{n}" for n in range(100)) if split_of(i) != FP.split)  # one question in the other split
    q = Question(other_id, Q.turns, Q.lang, Q.kind, Q.key_facts, Q.evidence)
    rec = _rec(id=other_id, answer="Fedustria ha 24.224 addetti [1].", citations=[FEDUSTRIA], ranking=[FEDUSTRIA])
    scores.append(score(q, rec, detect_language))
    by_tag = group(scores, "tags")
    assert set(by_tag) == {"wrong-country", "derived", "-"} and by_tag["derived"]["n"] == 2 and by_tag["-"]["n"] == 1
    by_persona = group(scores, "persona")
    assert by_persona["partner"]["correct"] == 0.5 and by_persona["-"]["correct"] == 1.0
    result = summaries(scores, by_split=True) | {"scores": scores, "records": [{"id": s["id"]} for s in scores]}
    assert result["by_split"][FP.split]["overall"]["n"] == 2 and result["by_split"][split_of(other_id)]["overall"]["n"] == 1
    hidden = withhold(result, FP.split)
    assert hidden["withheld"] == {"split": FP.split, "questions": 2}
    assert [s["id"] for s in hidden["scores"]] == [r["id"] for r in hidden["records"]] == [other_id]
    assert hidden["overall"]["n"] == 3 and hidden["by_persona"]["partner"]["n"] == 2  # summaries still count every question
    assert set(hidden["by_tag"]) == {"-"}  # but per-tag figures leave the withheld questions out
