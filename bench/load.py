"""Concurrent chats through the running web app: ``.venv/bin/python -m bench.load [--users 16]``.

Starts ``ui.py`` as a subprocess on a free loopback port (extractive backend, a temporary
copy of the corpus and its index; or ``--url`` of an app already running), waits until the
assistant is ready, then has N users (one ``gradio_client.Client`` each, so one session
each) ask one card question each at the same moment, for ``--rounds`` rounds. Each
question asks a different cluster's number, so a crossed conversation shows as a wrong
number (``--kind passages``: evaluation-set questions answered from passages instead, the
heavier load: one query embedding each). Reports chats/s, answer latency p50/p95 (overall
and per round: the first round includes the assistant's warm-up) and failures; writes
bench/results/load-*.json.
The load test (tests/test_ui_load.py) uses the same functions.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/load.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import imagine  # noqa: F401  (offline environment: HF_HUB_OFFLINE for gradio_client)
from imagine.settings import REPO_ROOT, Settings
from tests.helpers import free_port, ingest_env, stop

RESULTS = REPO_ROOT / "bench" / "results"


@dataclass
class Ask:
    """One user's question and the number that only the right answer contains."""

    question: str
    cluster: str = ""
    expected: int | None = None  # None: any answer of this user's own conversation will do


@dataclass
class Reply:
    question: str
    seconds: float  # question sent -> final answer (what the user waits for)
    ok: bool
    error: str = ""
    connect_s: float = 0.0  # the client fetching the app's config (once per user session)


def distinct_questions(cards, n: int) -> list[Ask]:
    """Up to ``n`` card questions (workers, then enterprises) whose expected numbers all differ."""
    counts: dict[int, int] = {}
    for card in cards:
        for value in (card.workers, card.enterprises):
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
    asks: list[Ask] = []
    for field, it, en in (("workers", "Quanti addetti conta {}?", "How many workers does {} have?"),
                          ("enterprises", "Quante imprese conta {}?", "How many enterprises does {} have?")):
        for card in cards:
            value = getattr(card, field)
            if value is None or counts[value] > 1 or any(a.expected == value for a in asks):
                continue
            template = it if len(asks) % 2 == 0 else en
            asks.append(Ask(template.format(card.name), card.name, value))
    return asks[:n]


def passage_questions(n: int) -> list[Ask]:
    """``n`` single-turn fact/procedure questions of the evaluation set (answered from passages)."""
    from evaluation.dataset import load_questions

    pool = [q for q in load_questions() if len(q.turns) == 1 and q.kind in ("fact", "procedure")]
    return [Ask(pool[i * len(pool) // n].text) for i in range(min(n, len(pool)))]


def _numbers(text: str) -> set[int]:
    """Integers written in the text, in Italian (24.224) or English (24,224) notation."""
    return {int(re.sub(r"[.,]", "", m)) for m in re.findall(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d])|(?<![\d.,])\d+(?![\d])", text)}


def check_reply(ask: Ask, messages: list[dict]) -> str:
    """'' if ``messages`` is this user's own conversation with the right number, else what is wrong."""
    if [m.get("role") for m in messages] != ["user", "assistant"]:
        return f"expected one user and one assistant turn, got {[m.get('role') for m in messages]}"
    asked, content = (m["content"] if isinstance(m["content"], str) else json.dumps(m["content"], ensure_ascii=False)
                      for m in messages)
    if ask.question not in html.unescape(asked):  # the chat shows user text escaped
        return f"conversation crossed: sent {ask.question!r}, the chat shows {asked[:120]!r}"
    if ask.expected is not None and ask.expected not in _numbers(content.split("imagine-sources")[0]):
        return f"answer lacks {ask.expected}: {content[:200]!r}"
    return ""


def chat(url: str, ask: Ask, timeout: float) -> Reply:
    """One user: a fresh client (own session), one question through the /chat endpoint."""
    from gradio_client import Client

    t0 = time.perf_counter()
    connect = 0.0
    try:
        client = Client(url, verbose=False)
        connect, t0 = time.perf_counter() - t0, time.perf_counter()
        _, messages = client.submit(ask.question, api_name="/chat").result(timeout=timeout)
        error = check_reply(ask, messages)
    except Exception as exc:  # a failed chat is a measured outcome, not a crash of the bench
        error = f"{type(exc).__name__}: {exc}"
    return Reply(ask.question, time.perf_counter() - t0, not error, error, connect)


def run_load(url: str, asks: list[Ask], rounds: int = 1, timeout: float = 120) -> dict:
    """All users ask at once, ``rounds`` times; throughput and latency percentiles of the replies."""
    from evaluation.metrics import percentile

    replies: list[Reply] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(asks)) as pool:
        for _ in range(rounds):
            replies += list(pool.map(lambda a: chat(url, a, timeout), asks))
    wall = time.perf_counter() - t0
    times = [r.seconds for r in replies]
    return {
        "users": len(asks), "rounds": rounds, "chats": len(replies), "failed": sum(not r.ok for r in replies),
        "wall_s": wall, "chats_per_s": len(replies) / wall if wall else None,
        "p50_s": percentile(times, 50), "p95_s": percentile(times, 95), "max_s": max(times, default=None),
        "connect_p50_s": percentile([r.connect_s for r in replies], 50),
        "p50_s_per_round": [percentile(times[i : i + len(asks)], 50) for i in range(0, len(times), len(asks))],
        "p95_s_per_round": [percentile(times[i : i + len(asks)], 95) for i in range(0, len(times), len(asks))],
        "errors": [asdict(r) for r in replies if not r.ok],
    }


def start_app(settings: Settings, port: int, log: Path) -> subprocess.Popen:
    """ui.py on ``settings`` (passed as IMAGINE_* variables) on a loopback port."""
    env = ingest_env(settings) | {"IMAGINE_HOST": "127.0.0.1", "IMAGINE_PORT": str(port), "HF_HUB_OFFLINE": "1"}
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, str(REPO_ROOT / "ui.py")], env=env, cwd=REPO_ROOT,
                                stdout=out, stderr=subprocess.STDOUT)


def wait_ready(url: str, timeout: float = 300) -> None:
    """Until the app answers and its assistant is built (the /status endpoint says ready)."""
    from gradio_client import Client

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if Client(url, verbose=False).predict(api_name="/status").get("ready"):
                return
        except Exception:  # not listening yet
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} not ready within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=16, help="concurrent users (one distinct question each)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--kind", choices=["cards", "passages"], default="cards",
                    help="card questions (distinct numbers, crossed answers detected) or passage questions (embedding per query)")
    ap.add_argument("--url", help="an app already running (default: start one on a temporary index)")
    args = ap.parse_args(argv)

    from evaluation.runner import machine
    from ingest.cards import load_cards

    if args.kind == "cards":
        asks = distinct_questions(load_cards(Settings().clusters_dir)[0], args.users)
    else:
        asks = passage_questions(args.users)
    proc = None
    with tempfile.TemporaryDirectory(prefix="imagine-load-") as tmp:
        url = args.url
        if not url:
            import shutil

            from ingest.pipeline import run_ingest

            settings = Settings(corpus_dir=Path(tmp) / "corpus", data_dir=Path(tmp) / "data", llm_backend="extractive")
            shutil.copytree(REPO_ROOT / "corpus", settings.corpus_dir)
            print("building a temporary index…", file=sys.stderr)
            run_ingest(settings, progress=False)
            port = free_port()
            proc, url = start_app(settings, port, Path(tmp) / "ui.log"), f"http://127.0.0.1:{port}"
        try:
            wait_ready(url)
            result = run_load(url, asks, rounds=args.rounds)
        finally:
            if proc is not None:
                stop(proc)
    result |= {"kind": args.kind, "machine": machine(), "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "url": url}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"{args.kind}: {result['chats']} chats by {result['users']} concurrent users: {result['chats_per_s']:.2f} chats/s, "
          f"answer p50 {result['p50_s']:.2f} s, p95 {result['p95_s']:.2f} s (client connect p50 "
          f"{result['connect_p50_s']:.2f} s; p50/p95 per round {', '.join(f'{a:.1f}/{b:.1f}' for a, b in zip(result['p50_s_per_round'], result['p95_s_per_round']))} s), "
          f"failed {result['failed']}  -> {out}")
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
