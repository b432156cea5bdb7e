"""Benchmark workloads that run in a child process, so each one's peak memory is its own.

``python -m bench.workloads ingest CORPUS DATA`` — model load, cold ingest, warm ingest;
``python -m bench.workloads collect CORPUS`` — load + split only (chunk count, time);
``python -m bench.workloads startup CORPUS DATA`` — start to ready of an extractive Assistant (no
query compile) and the first questions' search latency, asked as soon as it is constructed;
``python -m bench.workloads serve CORPUS DATA BACKEND ID...`` — an Assistant answering
the given question ids through ``stream`` (total and first-text latency per answer);
``python -m bench.workloads api CORPUS DATA ID...`` — the same questions (extractive) asked in
process and through the HTTP API on loopback (``openai`` client), alternately: what the API adds.
Each prints one JSON object on its last stdout line, with ``peak_rss_mb`` (VmHWM).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss as a fallback), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wait_for_warmup() -> None:
    """Let the Assistant's background work (sentence-vector and LLM warm-up, query compile) finish,
    so timings are of a warm, otherwise idle server (those threads compete for the 2 cores)."""
    for thread in threading.enumerate():
        if "warm" in thread.name or "compile" in thread.name:  # "Thread-N (warm)", "compile-queries"
            thread.join()


def _settings(corpus: str, data: str, **kw):
    from imagine.settings import Settings

    return Settings(corpus_dir=Path(corpus), data_dir=Path(data), **kw)


def ingest(corpus: str, data: str, warm: str = "1") -> dict:
    from imagine.components.embedding import build_embeddings
    from ingest.pipeline import run_ingest

    settings = _settings(corpus, data)
    t = time.perf_counter()
    model = build_embeddings(settings)
    out = {"model_load_s": time.perf_counter() - t, "runtime": getattr(model, "runtime", "server")}
    cpu = time.process_time()
    cold = run_ingest(settings, progress=False)
    out.update(cold_s=cold.seconds, cold_cpu_s=time.process_time() - cpu, chunks=cold.chunks, embedded=cold.sync.embedded,
               sentences_embedded=getattr(cold.sync, "sentences_embedded", None))
    if warm == "1":
        again = run_ingest(settings, progress=False)
        out.update(warm_s=again.seconds, warm_embedded=again.sync.embedded)
    return out


def collect(corpus: str) -> dict:
    from ingest.pipeline import collect as collect_chunks

    t = time.perf_counter()
    chunks, summary, _ = collect_chunks(_settings(corpus, "/nonexistent"))
    return {"chunks": len(chunks), "cards": summary.cards, "collect_s": time.perf_counter() - t}


def _without_query_memo(bot) -> None:
    """Forget the query vectors memoised so far, on versions that memoise them (round 58 on): a timed question asked
    before in this process would measure a memo hit, not a search or an answer. Not timed."""
    forget = getattr(bot.embeddings, "forget_queries", None)
    if forget is not None:
        forget()


def startup(corpus: str, data: str, searches: str = "10") -> dict:
    """Start to ready, as a web worker starts on an existing index (extractive, no query compile).

    ``model_load_s``: the embedding model; ``construct_s``: the Assistant built (store opened,
    cards, vocabulary and, on this version, the stored sentence vectors loaded); then the first
    ``searches`` single-turn questions are searched at once (what users asking right after start
    get, while any background start-up work still runs) and the first is answered; ``ready_s``:
    from start until no start-up work is left (versions that warm sentence vectors in a thread
    finish it here); then the same searches again, on the idle process.
    """
    from assistant import Assistant
    from evaluation.dataset import load_questions
    from imagine.components.embedding import build_embeddings

    questions = [q.text for q in load_questions() if q.answerable and q.kind != "follow_up"][: int(searches)]
    settings = _settings(corpus, data, llm_backend="extractive", embedding_compile=False)
    t = time.perf_counter()
    model = build_embeddings(settings)
    out = {"model_load_s": time.perf_counter() - t, "runtime": getattr(model, "runtime", "server")}
    bot = Assistant(settings, llm=None)
    out["construct_s"] = time.perf_counter() - t

    def timed_searches() -> list[float]:
        times = []
        for text in questions:
            _without_query_memo(bot)  # (the same questions are searched twice)
            started = time.perf_counter()
            bot.search(text, k=5)
            times.append(time.perf_counter() - started)
        return times

    out["search_at_start_s"] = timed_searches()
    started = time.perf_counter()
    answer = bot.ask(questions[0])
    out.update(first_answer_s=time.perf_counter() - started, first_answer_route=answer.route)
    wait_for_warmup()
    out["ready_s"] = time.perf_counter() - t
    out["ready_cpu_s"] = time.process_time()  # CPU of the whole process so far: less swayed by other jobs than wall time
    out["search_ready_s"] = timed_searches()
    out["sentence_vectors"] = bot.status().get("sentence_vectors")
    return out


def serve(corpus: str, data: str, backend: str, *ids: str) -> dict:
    from assistant import Answer, Assistant
    from evaluation.dataset import load_questions

    t = time.perf_counter()
    bot = Assistant(_settings(corpus, data, llm_backend=backend))
    bot.compile_queries()  # as the web chat does
    out = {"startup_s": time.perf_counter() - t}
    bot.ask("Che cos'è l'approccio cluster di EMAS?")  # warm-up, not timed: a warm server
    wait_for_warmup()
    out["ready_s"] = time.perf_counter() - t
    by_id = {q.id: q for q in load_questions()}
    rows = []
    for qid in ids:
        started, first, answer = time.perf_counter(), None, None
        for piece in bot.stream(by_id[qid].text):
            if isinstance(piece, Answer):
                answer = piece
            elif first is None and piece.strip():
                first = time.perf_counter() - started
        rows.append({"id": qid, "route": answer.route, "backend": answer.backend, "total_s": time.perf_counter() - started,
                     "first_text_s": first, "llm_first_token_s": answer.timings.get("first_token_s")})
    searches = []
    for qid in ids:
        _without_query_memo(bot)  # (each was answered above)
        started = time.perf_counter()
        bot.search(by_id[qid].text, k=5)
        searches.append(time.perf_counter() - started)
    status = bot.status()
    out.update(answers=rows, search_s=searches, llm=status.get("llm"), llm_error=status.get("llm_error"), query_encoder=status.get("query_encoder"))
    return out


def api(corpus: str, data: str, *ids: str, rounds: str = "3") -> dict:
    """Each question asked ``rounds`` times in process (``Assistant.ask``) and through the API served by
    uvicorn in this process over the same Assistant (``openai`` client, non-streaming, keep-alive
    connection), alternately so both see the same machine load; seconds per answer, both ways."""
    import socket

    import openai
    import uvicorn

    from assistant import Assistant
    from evaluation.dataset import load_questions
    from web.api import create_app

    settings = _settings(corpus, data, llm_backend="extractive", api_keys=["bench"], api_rate_limit=0)
    bot = Assistant(settings)
    bot.compile_queries()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(lambda: bot, settings), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="bench", max_retries=0)
    by_id = {q.id: q for q in load_questions()}

    def through_api(text):
        return client.chat.completions.create(model="imagine", messages=[{"role": "user", "content": text}]).model_extra["imagine"]

    bot.ask("Che cos'è l'approccio cluster di EMAS?")
    through_api("Che cos'è l'approccio cluster di EMAS?")  # warm-up both ways, not timed
    wait_for_warmup()
    def timed(fn, text):
        _without_query_memo(bot)  # (each question is asked 2 x rounds times)
        t = time.perf_counter()
        out = fn(text)
        return out, time.perf_counter() - t

    rows = []
    for n in range(int(rounds)):
        for i, qid in enumerate(ids):
            text = by_id[qid].text
            if (n + i) % 2:  # which way goes first alternates: a second ask may find caches warm
                remote, api_s = timed(through_api, text)
                local, in_process = timed(bot.ask, text)
            else:
                local, in_process = timed(bot.ask, text)
                remote, api_s = timed(through_api, text)
            rows.append({"id": qid, "route": local.route, "in_process_s": in_process, "api_s": api_s,
                         "same": remote["text"] == local.text and remote["route"] == local.route})
    server.should_exit = True
    return {"answers": rows}


if __name__ == "__main__":
    import imagine  # noqa: F401  (offline environment)

    job, args = sys.argv[1], sys.argv[2:]
    result = {"ingest": ingest, "collect": collect, "startup": startup, "serve": serve, "api": api}[job](*args)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
