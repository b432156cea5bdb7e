"""One command for the benchmarks: ``.venv/bin/python -m bench.run`` (not part of the tests).

Measures, on this machine, in one run (all in a temporary folder; the repo's index is untouched):
1. retrieval of our pipeline vs the textbook LangChain recipe and plain BM25 on the same
   single-turn questions of our set: hit@1/hit@5/MRR@10 (evidence strings, as in
   ``imagine eval``) and query latency p50/p95, with ratios;
2. ingest time: model load, cold (empty index) and warm (unchanged corpus) on the corpus,
   then on the corpus scaled to ~1,000 chunks (measured) and ~10,000 chunks (measured with
   ``--full-10k``; otherwise split measured and embedding extrapolated from the measured
   throughput, and labelled so);
3. answer latency per backend: extractive and card answers (all single-turn questions),
   local LLM and OpenAI-compatible backend (llama-cpp-python's server with the same model)
   first token and total (``--llm-questions`` passage questions); what the HTTP API adds to a
   card answer (in process vs through the API on loopback, same questions, alternately);
4. peak RSS of the ingest process and of a serving process (an Assistant answering);
5. start to ready of a serving process on the built index (extractive, no query compile) and
   the search latency of questions asked as soon as it is constructed.
Prints a table and writes ``bench/results/bench-<time>.json`` (+ ``latest.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import imagine  # noqa: F401  (offline environment before model libraries load)
from bench.baselines import PlainBM25, TextbookRAG, textbook_chunks
from bench.corpus import scaled_corpus
from bench.workloads import wait_for_warmup
from evaluation import metrics as m
from evaluation.dataset import load_questions
from evaluation.runner import machine
from imagine.models import resolve
from imagine.settings import REPO_ROOT, Settings

RESULTS = REPO_ROOT / "bench" / "results"
CHUNKS_PER_COPY = 48  # chunks one variant copy of the report adds (measured with bench.workloads collect)


def child(*args: str, env: dict | None = None) -> dict:
    """Run a workload in a fresh Python process and return its JSON result."""
    proc = subprocess.run([sys.executable, "-m", "bench.workloads", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"bench.workloads {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def score_ranking(rankings: dict[str, list[str]], questions) -> dict:
    """hit@1, hit@5, MRR@10 over the questions, overall and per language."""
    out = {}
    for lang in ("all", "it", "en"):
        qs = [q for q in questions if lang == "all" or q.lang == lang]
        ranks = [m.first_relevant(rankings[q.id], q.evidence) for q in qs]
        out[lang] = {"n": len(qs), "hit@1": m.mean(m.hit_at(r, 1) for r in ranks), "hit@5": m.mean(m.hit_at(r, 5) for r in ranks),
                     "mrr": m.mean(m.reciprocal_rank(r) for r in ranks)}
    return out


def timed_search(search, questions, k: int = 10) -> tuple[dict[str, list[str]], list[float]]:
    rankings, times = {}, []
    search(questions[0].text, k)  # first query loads lazily-built parts; not timed
    for q in questions:
        t = time.perf_counter()
        rankings[q.id] = search(q.text, k)
        times.append(time.perf_counter() - t)
    return rankings, times


def retrieval(corpus: Path, data: Path, questions) -> dict:
    from assistant import Assistant

    out = {}
    bot = Assistant(Settings(corpus_dir=corpus, data_dir=data, llm_backend="extractive"), llm=None)
    bot.compile_queries()  # as the web chat does (settings.embedding_compile)
    wait_for_warmup()
    ours_rank, ours_t = timed_search(lambda q, k: [p.text for p in bot.search(q, k=k)], questions)
    out["ours"] = {"name": f"ours ({bot.embeddings.model_id.split('/')[-1]}, structure-aware chunks + cards)", "times": ours_t,
                   "scores": score_ranking(ours_rank, questions)}
    chunks = textbook_chunks(corpus / "documents")
    t = time.perf_counter()
    textbook = TextbookRAG(chunks)
    build = time.perf_counter() - t
    tb_rank, tb_t = timed_search(textbook.search, questions)
    out["textbook"] = {"name": textbook.name, "times": tb_t, "scores": score_ranking(tb_rank, questions), "chunks": len(chunks),
                       "build_s": build}
    bm25 = PlainBM25(chunks)
    bm_rank, bm_t = timed_search(bm25.search, questions)
    out["bm25"] = {"name": bm25.name, "times": bm_t, "scores": score_ranking(bm_rank, questions), "chunks": len(chunks)}
    for r in out.values():
        r["p50_ms"], r["p95_ms"] = 1000 * m.percentile(r["times"], 50), 1000 * m.percentile(r["times"], 95)
        r.pop("times")
    return out


@contextmanager
def llama_server(timeout: float = 120):
    """llama-cpp-python's OpenAI-compatible server with the installed local model, on a free
    loopback port, for the length of the block (what a user of the "openai" backend might run)."""
    settings = Settings()
    model = resolve(settings.llm_model, settings.models_dir)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
           "--n_ctx", str(settings.llm_context), "--n_threads", str(settings.llm_threads)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("llama_cpp.server did not start") from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def spaced(items: list, n: int) -> list:
    return [items[i * len(items) // n] for i in range(min(n, len(items)))]


def latency_summary(rows: list[dict]) -> dict:
    out = {}
    for label, pick in (("cards", lambda r: r["route"] == "cards"), ("extractive", lambda r: r["route"] == "passages" and r["backend"] == "extractive"),
                        ("local", lambda r: r["backend"] == "local"), ("openai", lambda r: r["backend"] == "openai"), ("refusal", lambda r: r["route"] == "refusal")):
        sel = [r for r in rows if pick(r)]
        if not sel:
            continue
        total = [r["total_s"] for r in sel]
        first = [r["llm_first_token_s"] for r in sel if r.get("llm_first_token_s")]
        seen = [r["first_text_s"] for r in sel if r.get("first_text_s") is not None]
        out[label] = {"n": len(sel), "total_p50_s": m.percentile(total, 50), "total_p95_s": m.percentile(total, 95),
                      "first_text_p50_s": m.percentile(seen, 50), "first_text_p95_s": m.percentile(seen, 95)}
        if first:
            out[label].update(first_token_p50_s=m.percentile(first, 50), first_token_p95_s=m.percentile(first, 95))
    return out


def api_overhead(rows: list[dict]) -> dict:
    """p50/p95 of card answers in process and through the API, and p50 of the per-answer difference, in ms."""
    ms = lambda xs, q: 1000 * m.percentile(xs, q)  # noqa: E731
    local, remote = [r["in_process_s"] for r in rows], [r["api_s"] for r in rows]
    return {"n": len(rows), "in_process_p50_ms": ms(local, 50), "in_process_p95_ms": ms(local, 95), "api_p50_ms": ms(remote, 50),
            "api_p95_ms": ms(remote, 95), "added_p50_ms": ms([b - a for a, b in zip(local, remote)], 50),
            "same_answers": sum(r["same"] for r in rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    ap.add_argument("--llm-questions", type=int, default=10, help="passage questions answered by the local LLM (0 = skip)")
    ap.add_argument("--full-10k", action="store_true", help="really ingest the ~10,000-chunk corpus (long on CPU)")
    ap.add_argument("--skip-scale", action="store_true", help="no scaled-corpus ingests")
    args = ap.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="imagine-bench-"))
    corpus, data = scaled_corpus(REPO_ROOT / "corpus", root / "corpus", 0), root / "data"
    res: dict = {"machine": machine(), "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load_start": os.getloadavg()}
    started = time.perf_counter()
    questions = [q for q in load_questions() if q.answerable and q.kind != "follow_up"]

    _log("ingest of the corpus: cold, then warm (child process)")
    res["ingest"] = child("ingest", str(corpus), str(data))
    _log("start to ready of an Assistant on that index (child process)")
    res["startup"] = child("startup", str(corpus), str(data))
    _log(f"retrieval: ours vs textbook vs BM25 on {len(questions)} single-turn questions")
    res["retrieval"] = retrieval(corpus, data, questions)

    if not args.skip_scale:
        scale = {}
        for target in (1000, 10000):
            copies = round((target - res["ingest"]["chunks"]) / CHUNKS_PER_COPY)
            big = scaled_corpus(REPO_ROOT / "corpus", root / f"corpus-{target}", copies)
            split = child("collect", str(big))
            entry = {"copies": copies, **split}
            if target == 1000 or args.full_10k:
                _log(f"ingest of ~{target} chunks ({split['chunks']}), cold then warm")
                entry.update(child("ingest", str(big), str(root / f"data-{target}")), measured=True)
            else:
                ref = scale[1000]
                rate = ref["embedded"] / max(1e-9, ref["cold_s"] - ref["collect_s"])
                entry.update(measured=False, embed_rate_chunks_per_s=rate, cold_s=split["collect_s"] + split["chunks"] / rate, peak_rss_mb=None,
                             note="EXTRAPOLATED: split/load measured; embedding+store time = chunks / throughput measured at ~1,000 chunks")
            scale[target] = entry
        res["scale"] = scale

    all_ids = [q.id for q in load_questions() if q.kind != "follow_up"]
    _log(f"answers, extractive backend: {len(all_ids)} questions (child process)")
    ext = child("serve", str(corpus), str(data), "extractive", *all_ids)
    res["serve_extractive"] = {"startup_s": ext["startup_s"], "ready_s": ext["ready_s"], "query_encoder": ext["query_encoder"], "peak_rss_mb": ext["peak_rss_mb"], "latency": latency_summary(ext["answers"]),
                               "search_p50_ms": 1000 * m.percentile(ext["search_s"], 50), "search_p95_ms": 1000 * m.percentile(ext["search_s"], 95)}
    card_ids = [r["id"] for r in ext["answers"] if r["route"] == "cards"]
    _log(f"card answers in process and through the HTTP API: {len(card_ids)} questions x 3 (child process)")
    res["api_overhead"] = api_overhead(child("api", str(corpus), str(data), *card_ids)["answers"])
    if args.llm_questions:
        passage_ids = spaced([r["id"] for r in ext["answers"] if r["route"] == "passages"], args.llm_questions)
        _log(f"answers, local LLM: {len(passage_ids)} passage questions (child process)")
        loc = child("serve", str(corpus), str(data), "local", *passage_ids)
        res["serve_local"] = {"startup_s": loc["startup_s"], "peak_rss_mb": loc["peak_rss_mb"], "llm": loc["llm"], "llm_error": loc["llm_error"],
                              "latency": latency_summary(loc["answers"]), "answers": loc["answers"]}
        _log(f"answers, OpenAI-compatible backend (llama-cpp-python's server, same model): {len(passage_ids)} questions")
        with llama_server() as base_url:
            api = child("serve", str(corpus), str(data), "openai", *passage_ids, env={"IMAGINE_OPENAI_BASE_URL": base_url})
        res["serve_openai"] = {"startup_s": api["startup_s"], "peak_rss_mb": api["peak_rss_mb"], "llm": api["llm"], "llm_error": api["llm_error"],
                               "latency": latency_summary(api["answers"]), "answers": api["answers"]}

    res["load_end"], res["wall_s"] = os.getloadavg(), time.perf_counter() - started
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    print(table(res))
    print(f"\nresults: {RESULTS / f'bench-{stamp}.json'}")
    return 0


def _f(v, spec=".2f") -> str:
    return "–" if v is None else format(v, spec)


def table(res: dict) -> str:
    """The results as Markdown tables (what the README records)."""
    load = f"load average {res['load_start'][0]:.1f} at start, {res['load_end'][0]:.1f} at end"
    lines = [f"Machine: {res['machine']} — {res['date']} — {load} — {res['wall_s'] / 60:.0f} min", ""]
    r = res["retrieval"]
    ours = r["ours"]
    lines += ["| retrieval | hit@1 | hit@5 | hit@5 it | hit@5 en | MRR@10 | p50 ms | p95 ms | hit@5 ours÷this | MRR ours÷this | p50 this÷ours |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for key in ("ours", "textbook", "bm25"):
        x = r[key]
        s = x["scores"]
        ratio = lambda a, b: (a / b) if b else None  # noqa: E731
        lines.append(f"| {x['name']} | {_f(s['all']['hit@1'])} | {_f(s['all']['hit@5'])} | {_f(s['it']['hit@5'])} | {_f(s['en']['hit@5'])} | "
                     f"{_f(s['all']['mrr'])} | {_f(x['p50_ms'], '.1f')} | {_f(x['p95_ms'], '.1f')} | "
                     f"{_f(ratio(ours['scores']['all']['hit@5'], s['all']['hit@5']))} | {_f(ratio(ours['scores']['all']['mrr'], s['all']['mrr']))} | "
                     f"{_f(ratio(x['p50_ms'], ours['p50_ms']))} |")
    ing = res["ingest"]
    lines += ["", "| ingest | chunks | model load s | cold s | warm s | peak RSS MB |", "|---|---|---|---|---|---|",
              f"| corpus | {ing['chunks']} | {_f(ing['model_load_s'], '.1f')} | {_f(ing['cold_s'], '.1f')} | {_f(ing['warm_s'], '.1f')} | {_f(ing['peak_rss_mb'], '.0f')} |"]
    for target, s in res.get("scale", {}).items():
        label = f"~{int(target):,} chunks" + ("" if s["measured"] else " (EXTRAPOLATED)")
        lines.append(f"| {label} | {s['chunks']} | {_f(s.get('model_load_s'), '.1f')} | {_f(s['cold_s'], '.1f')} | {_f(s.get('warm_s'), '.1f')} | "
                     f"{_f(s.get('peak_rss_mb'), '.0f')} |")
    lines.append(f"| textbook recipe build (in-process, {r['textbook']['chunks']} chunks) | | | {_f(r['textbook']['build_s'], '.1f')} | | |")
    lines += ["", "| answers | n | total p50 s | total p95 s | first token p50 s | first token p95 s |", "|---|---|---|---|---|---|"]
    for serve in ("serve_extractive", "serve_local", "serve_openai"):
        for label, s in res.get(serve, {}).get("latency", {}).items():
            lines.append(f"| {label} | {s['n']} | {_f(s['total_p50_s'])} | {_f(s['total_p95_s'])} | {_f(s.get('first_token_p50_s'))} | {_f(s.get('first_token_p95_s'))} |")
    se = res["serve_extractive"]
    lines.append(f"| search (k=5) | | {_f(se['search_p50_ms'] / 1000, '.3f')} | {_f(se['search_p95_ms'] / 1000, '.3f')} | | |")
    lines += ["", f"Serving process peak RSS: extractive {_f(se['peak_rss_mb'], '.0f')} MB"
              + (f", local LLM {_f(res['serve_local']['peak_rss_mb'], '.0f')} MB" if "serve_local" in res else ""),
              f"Serving process (extractive) ready after {_f(se.get('ready_s'), '.0f')} s of start-up and warm-up; "
              f"query encoder: {se.get('query_encoder')}"]
    st = res.get("startup")
    if st:
        lines.append(f"Start to ready (extractive, no query compile): model load {_f(st['model_load_s'], '.1f')} s, Assistant built "
                     f"{_f(st['construct_s'], '.1f')} s, no start-up work left {_f(st['ready_s'], '.1f')} s; first "
                     f"{len(st['search_at_start_s'])} searches right after start p50 {_f(1000 * m.percentile(st['search_at_start_s'], 50), '.0f')} ms "
                     f"(max {_f(1000 * max(st['search_at_start_s']), '.0f')} ms), once ready p50 "
                     f"{_f(1000 * m.percentile(st['search_ready_s'], 50), '.0f')} ms; first answer {_f(st['first_answer_s'])} s")
    api = res.get("api_overhead")
    if api:
        lines.append(f"Card answers through the HTTP API (n {api['n']}): p50 {_f(api['api_p50_ms'], '.1f')} ms, p95 "
                     f"{_f(api['api_p95_ms'], '.1f')} ms; in process p50 {_f(api['in_process_p50_ms'], '.1f')} ms; the API adds "
                     f"{_f(api['added_p50_ms'], '.1f')} ms (p50 of the per-answer difference); {api['same_answers']}/{api['n']} "
                     "answers identical")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
