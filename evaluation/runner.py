"""Put a question set to an ``Assistant`` (public API only) and score every answer.

For a conversation the earlier turns are asked with ``ask`` and their answers become the
history of the last turn, which is asked with ``stream`` so that the time to the first
text piece can be measured. Scoring is done by :mod:`evaluation.metrics`; this module
only collects answers into plain records and groups the scores.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from evaluation import metrics as m
from evaluation.dataset import SPLITS, Question

RETRIEVAL_CUTOFF = 10  # MRR@10, as BEIR reports it


@dataclass
class Record:
    """One answered question as plain data (what the report and the JSON hold)."""

    id: str
    kind: str
    lang: str
    turns: list[str]
    answer: str = ""
    refused: bool = False
    route: str = ""
    backend: str = ""
    notice: str = ""
    citations: list[str] = field(default_factory=list)
    ranking: list[str] = field(default_factory=list)  # ans.retrieved, else the citations
    total_s: float = 0.0
    first_text_s: float | None = None
    error: str = ""


def ask(assistant, question: Question) -> Record:
    """Answer one question (all its turns) through the public API."""
    history: list[dict] = []
    for turn in question.turns[:-1]:
        earlier = assistant.ask(turn, history=list(history))
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.text}]
    rec = Record(question.id, question.kind, question.lang, list(question.turns))
    started = time.perf_counter()
    answer = None
    try:
        for piece in assistant.stream(question.text, history=history):
            if isinstance(piece, str):
                if piece.strip() and rec.first_text_s is None:
                    rec.first_text_s = time.perf_counter() - started
            else:
                answer = piece
    except Exception as exc:  # a crash is a result to report, not a reason to stop the run
        rec.error = f"{type(exc).__name__}: {exc}"
    rec.total_s = time.perf_counter() - started
    if answer is not None:
        rec.answer = answer.text
        rec.refused = bool(answer.refused)
        rec.route, rec.backend, rec.notice = answer.route, answer.backend, answer.notice
        rec.citations = [p.text for p in answer.citations]
        rec.ranking = [p.text for p in (answer.retrieved or answer.citations)]
    elif not rec.error:
        rec.error = "stream ended without an answer"
    return rec


def score(question: Question, rec: Record, detect) -> dict:
    """Every metric for one answer, and the list of what went wrong (``problems``)."""
    s: dict = {"id": question.id, "kind": question.kind, "lang": question.lang, "route": rec.route, "backend": rec.backend,
               "persona": question.persona, "tags": list(question.tags), "split": question.split}
    problems: list[str] = []
    if rec.error:
        problems.append(f"error: {rec.error}")

    if question.kind != "false_premise":  # refusing a false premise and correcting it are both right
        s["refusal_ok"] = rec.refused == (not question.answerable)
        if not s["refusal_ok"]:
            problems.append("refused an answerable question" if rec.refused else "answered an out-of-corpus question")

    rank = m.first_relevant(rec.ranking, question.evidence) if question.evidence else None
    if question.evidence:
        s["rank"] = rank
        s["hit@1"], s["hit@5"] = m.hit_at(rank, 1), m.hit_at(rank, 5)
        s["mrr"] = m.reciprocal_rank(rank, RETRIEVAL_CUTOFF)
        if not s["hit@5"]:
            where = f"first at rank {rank}" if rank else f"not in the {len(rec.ranking)} passages"
            problems.append(f"evidence not in top 5 ({where})")

    missing = m.missing_facts(question.key_facts, rec.answer)
    if not question.answerable:
        s["correct"] = rec.refused
    elif question.kind == "not_reported":
        s["not_reported_ok"] = m.says_not_reported(rec.answer) and not rec.refused
        s["correct"] = s["not_reported_ok"] and not missing
        if not s["not_reported_ok"]:
            problems.append("did not say the value is not reported")
    elif question.kind == "false_premise":
        s["premise_ok"] = m.premise_handled(rec.answer, rec.refused, question.key_facts) and not rec.error
        s["correct"] = s["premise_ok"]
        if not s["premise_ok"]:
            problems.append("false premise neither refused, nor said not reported, nor corrected")
    else:
        s["correct"] = not rec.refused and not missing and not rec.error
    if missing and not rec.refused and not s.get("premise_ok"):
        problems.append("missing key fact(s): " + "; ".join("/".join(f) for f in missing))
    found = m.forbidden_found(question.forbidden, rec.answer)
    if found:
        s["correct"] = False
        problems.append("forbidden fact(s) in the answer: " + "; ".join("/".join(f) for f in found))

    cit = m.citation_problems(rec.answer, len(rec.citations), rec.refused or bool(rec.error))
    s["citations_valid"] = not cit
    problems += cit
    if rec.citations and not rec.refused:
        support = m.supporting_citations(rec.answer, rec.citations, question.key_facts)
        s["citation_precision"] = sum(support) / len(support)
        if not all(support):
            problems.append(f"citation(s) {[i for i, ok in enumerate(support, 1) if not ok]} do not support the answer")
        asked = " ".join(question.turns)
        g = m.groundedness(rec.answer, rec.citations, asked)
        if g is not None:
            s["groundedness"] = g
            s["grounded"] = g == 1.0
            if g < 1.0:
                problems.append("not in the cited passages: " + ", ".join(m.ungrounded(rec.answer, rec.citations, asked)[:8]))

    if rec.answer:
        got = m.answer_language(rec.answer, detect, rec.citations)
        s["language_undecided"] = got == "?"
        if got != "?":
            s["language_ok"] = got == question.lang
            if not s["language_ok"]:
                problems.append(f"answer language {got}, question {question.lang}")

    s["total_s"] = rec.total_s
    if rec.backend in ("local", "openai"):
        s["first_token_s"] = rec.first_text_s
    s["problems"] = problems
    return s


METRICS = (
    "hit@1", "hit@5", "mrr", "correct", "citations_valid", "citation_precision", "groundedness", "grounded",
    "refusal_ok", "not_reported_ok", "premise_ok", "language_ok", "language_undecided",
)


def summarize(scores: list[dict]) -> dict:
    """Mean of each metric over the questions it applies to, with counts and latency percentiles."""
    out: dict = {"n": len(scores)}
    for name in METRICS:
        vals = [s[name] for s in scores if s.get(name) is not None]
        out[name] = m.mean(vals)
        out[f"{name}_n"] = len(vals)
    answerable = [s for s in scores if s["kind"] != "out_of_corpus"]
    out["false_refusals"] = sum(1 for s in answerable if s.get("refusal_ok") is False)
    ooc = [s for s in scores if s["kind"] == "out_of_corpus"]
    out["ooc_answered"] = sum(1 for s in ooc if not s["refusal_ok"])
    out["ooc_refused"] = m.mean(s["refusal_ok"] for s in ooc)  # share of out-of-corpus questions refused
    out["ooc_refused_n"] = len(ooc)
    totals = [s["total_s"] for s in scores]
    firsts = [s["first_token_s"] for s in scores if s.get("first_token_s") is not None]
    out["latency_p50_s"], out["latency_p95_s"] = m.percentile(totals, 50), m.percentile(totals, 95)
    out["first_token_p50_s"], out["first_token_p95_s"] = m.percentile(firsts, 50), m.percentile(firsts, 95)
    out["first_token_n"] = len(firsts)
    return out


def group(scores: list[dict], key: str) -> dict[str, dict]:
    """Summaries per value of ``key`` ("-" for none); for a list-valued key (``tags``) a score
    counts in the group of each of its values."""
    def values(s) -> list[str]:
        v = s.get(key)
        return (list(v) or ["-"]) if isinstance(v, (list, tuple)) else [v or "-"]

    keys = sorted({v for s in scores for v in values(s)})
    return {k: summarize([s for s in scores if k in values(s)]) for k in keys}


def withhold(result: dict, split: str = "test") -> dict:
    """The result without the per-question scores and records of one split: its questions count
    in the overall, kind, language, persona and split summaries, but what each was asked, answered
    and got wrong stays out of the report. Per-tag figures (often one or two questions a tag, so
    not really aggregates) are recomputed without them."""
    keep = [i for i, s in enumerate(result["scores"]) if s.get("split") != split]
    scores = [result["scores"][i] for i in keep]
    out = dict(result, scores=scores, records=[result["records"][i] for i in keep], by_tag=group(scores, "tags"))
    out["withheld"] = {"split": split, "questions": len(result["scores"]) - len(keep)}
    return out


def evaluate(assistant, questions: list[Question], progress=None, by_split: bool = False) -> dict:
    """Run and score the questions; returns records, scores and summaries (overall, by kind, language,
    route, persona and tag; by split too when ``by_split``)."""
    from assistant.language import detect_language

    records, scores = [], []
    for i, q in enumerate(questions, 1):
        rec = ask(assistant, q)
        records.append(rec)
        scores.append(score(q, rec, detect_language))
        if progress:
            progress(i, len(questions), q, scores[-1])
    return summaries(scores, by_split) | {"scores": scores, "records": [r.__dict__ for r in records]}


def summaries(scores: list[dict], by_split: bool = False) -> dict:
    """Overall and grouped summaries of a list of scores."""
    out = {"overall": summarize(scores)}
    for key, field_ in (("by_kind", "kind"), ("by_lang", "lang"), ("by_route", "route"), ("by_persona", "persona"), ("by_tag", "tags")):
        out[key] = group(scores, field_)
    if by_split:
        out["by_split"] = {split: summaries([s for s in scores if s.get("split") == split]) for split in SPLITS}
    return out


def _assistant_for(settings):
    from assistant import Assistant

    return Assistant(settings)


def run_backends(settings, backends: list[str], questions: list[Question], progress=None, by_split: bool = False,
                 make_assistant=_assistant_for) -> dict[str, dict]:
    """Evaluate each backend (``Settings.llm_backend`` overridden) on the same questions.

    One unscored warm-up question per backend first, so latencies are those of a warm process.
    ``make_assistant(settings)`` builds the assistant (a fake in plumbing tests).
    """
    results = {}
    for backend in backends:
        bot = make_assistant(settings.model_copy(update={"llm_backend": backend}))
        bot.ask("Che cos'è l'approccio cluster di EMAS?")
        results[backend] = evaluate(bot, questions, progress, by_split)
        results[backend]["llm_status"] = {k: v for k, v in bot.status().items() if k in ("llm_backend", "llm", "llm_error")}
    return results


def machine() -> str:
    """A one-line description of where the numbers were measured (whether bf16 is native changes them ~3x)."""
    import os
    import platform

    from imagine import cpu

    name = cpu.model_name() or platform.processor() or platform.machine()
    bf16 = "native bf16" if cpu.native_bf16() else "no native bf16"
    return f"{os.cpu_count()} cores ({name}, {bf16}), {platform.system()} {platform.release()}, Python {platform.python_version()}"
