"""The `imagine` command: a face, like the web chat, with thin subcommands over the ingest, assistant and
evaluation packages (and the web package for ``serve``).

Commands that answer (``ask``, ``search``, ``eval``, ``serve``) first build the index when it is empty,
so they work from a bare checkout; bringing an existing index up to date is ``imagine ingest``.

Errors a user can act on (missing model, store down, bad corpus) are printed as one
clear line on stderr with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from imagine.settings import get_settings


class UserError(Exception):
    """An error whose message alone tells the user what to do."""


def _models(args) -> int:
    from imagine import models

    settings = get_settings()
    if args.action == "list":
        for row in models.status(settings.models_dir):
            mark = "installed" if row["installed"] else "missing"
            print(f"{row['name']:40s} {mark:10s} {row['path']}\n    {row['description']}")
        return 0
    names = args.names or list(models.REGISTRY)
    unknown = [n for n in names if n not in models.REGISTRY]
    if unknown:
        raise UserError(f"unknown model(s): {', '.join(unknown)}; known: {', '.join(models.REGISTRY)}")
    for name in names:
        spec = models.REGISTRY[name]
        if args.action == "verify":
            path = models.model_path(name, settings.models_dir)
            models.verify(spec, path)
            print(f"{name}: all {len(spec.files)} files match their pinned SHA-256")
            continue
        already = models.is_installed(spec, settings.models_dir)
        try:
            path = models.install(spec, settings.models_dir)
        except models.ModelInstallError as exc:
            if not spec.optional:
                raise
            print(f"{name}: not installed, optional ({exc}); the code runs without it")
            continue
        print(f"{name}: {'already installed' if already else 'installed'} at {path}")
    return 0


def _ingest(args) -> int:
    from ingest.pipeline import run_ingest

    summary = run_ingest(progress=not args.quiet)
    for line in summary.lines():
        print(line)
    return 0


def _cards(args) -> int:
    from ingest.cards import extract_cards
    from ingest.load import LoadError

    settings = get_settings()
    docs = [Path(d) for d in args.documents] or sorted(p for p in settings.documents_dir.rglob("*") if p.is_file())
    written = []
    for doc in docs:
        try:
            written += extract_cards(doc, settings.clusters_dir, overwrite=args.overwrite)
        except LoadError as exc:
            print(f"skipped {doc}: {exc.reason}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} card file(s) written to {settings.clusters_dir}")
    return 0


def _print_passages(passages) -> None:
    for n, p in enumerate(passages, 1):
        meta = p.metadata
        where = " · ".join(str(meta[k]) for k in ("cluster", "country") if meta.get(k))
        print(f"[{n}] {p.label}" + (f" ({where})" if where else "") + (f"  score {p.score:.3f}" if p.score else ""))
        body = " ".join((p.highlights and " … ".join(p.highlights) or p.text).split())
        print(f"    {body[:300]}{'…' if len(body) > 300 else ''}")


def _assistant(llm="auto"):
    """The Assistant on the configured index, built first when it is empty."""
    from assistant import Assistant
    from ingest.pipeline import build_if_missing

    settings = get_settings()
    build_if_missing(settings)
    return Assistant(settings, llm=llm)


def _ask(args) -> int:
    from assistant import Answer

    bot = _assistant()
    if args.json:
        answer = bot.ask(args.question)
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
        return 0
    answer = None
    for piece in bot.stream(args.question):
        if isinstance(piece, Answer):
            answer = piece
        elif sys.stdout.isatty():
            print(piece, end="", flush=True)
    if sys.stdout.isatty():
        print("\n" + "-" * 40)
    print(answer.text)
    if answer.notice:
        print(f"({answer.notice})")
    if answer.citations:
        print()
        _print_passages(answer.citations)
    return 0


def _search(args) -> int:
    passages = _assistant(llm=None).search(args.query, k=args.k)
    if args.json:
        print(json.dumps([{"text": p.text, "metadata": p.metadata, "score": p.score} for p in passages], ensure_ascii=False, indent=1))
    else:
        _print_passages(passages)
    return 0


def _feedback(args) -> int:
    from assistant.feedback import FeedbackStore, feedback_path

    store = FeedbackStore(feedback_path(get_settings()))
    if args.action == "list":
        rows = store.rows(limit=args.n)
        for row in rows:
            mark = {1: "👍", -1: "👎"}.get(row["rating"], "💬")
            print(f"#{row['id']} {row['created_at']} {mark} {row['question']}")
            answer = " ".join(row["answer"].split())
            print(f"    {answer[:200]}{'…' if len(answer) > 200 else ''}")
            if row["comment"]:
                print(f"    comment: {row['comment']}")
        print(f"{len(rows)} row(s) shown from {store.path}")
    elif args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            n = store.write_csv(out)
        print(f"{n} row(s) written to {args.csv}")
    else:
        print(json.dumps(store.rows(), ensure_ascii=False, indent=1))
    return 0


def _eval(args, make_assistant=None) -> int:
    """``imagine eval``. Any set other than our own is held out: the questions of its test split
    count in every figure, but are never listed (report, JSON, progress lines), so nobody tunes on them."""
    from datetime import datetime, timezone

    from evaluation.dataset import DEFAULT_SET, DatasetError, load_questions, resolve_set, select_split
    from evaluation.report import persona_line, write_report
    from evaluation.runner import machine, run_backends, withhold

    settings = get_settings()
    try:
        path = resolve_set(args.set)
        questions = select_split(load_questions(path), args.split)[: args.limit or None]
    except DatasetError as exc:
        raise UserError(str(exc)) from None
    held_out = path.resolve() != DEFAULT_SET
    backends = args.backend or [settings.llm_backend]
    out = Path(args.out) if args.out else settings.data_dir / "eval"

    def progress(i, n, q, s):
        mark = "ok" if not s["problems"] else "; ".join(s["problems"])[:110]
        if held_out and q.split == "test":
            q_id, mark = "(test)", "withheld"
        else:
            q_id = q.id
        print(f"[{i}/{n}] {q_id:10s} {s['total_s']:6.2f}s  {mark}", file=sys.stderr)

    if args.api and make_assistant is None:  # a running server answers (its backend is the server's)
        from web.client import ApiAssistant

        key = args.api_key or (settings.api_keys[0] if settings.api_keys else None)
        make_assistant = lambda _settings: ApiAssistant(args.api, key)  # noqa: E731
    if make_assistant is None:
        from ingest.pipeline import build_if_missing

        build_if_missing(settings)
    extra = {} if make_assistant is None else {"make_assistant": make_assistant}
    results = run_backends(settings, backends, questions, progress=None if args.quiet else progress,
                           by_split=args.split == "both", **extra)
    if held_out:
        results = {b: withhold(r, "test") for b, r in results.items()}
    meta = {"question set": str(path), "split": args.split or "all questions", "questions": len(questions),
            "backends": ", ".join(backends), "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    paths = write_report(results, out, meta)
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    for b, r in results.items():
        for label, o in [("", r["overall"])] + [(f" [{k}]", v["overall"]) for k, v in r.get("by_split", {}).items()]:
            print(f"{b}{label}: n {o['n']}  hit@1 {fmt(o['hit@1'])}  hit@5 {fmt(o['hit@5'])}  MRR {fmt(o['mrr'])}  "
                  f"correct {fmt(o['correct'])}  refusals {fmt(o['refusal_ok'])}  p50 {o['latency_p50_s'] or 0:.2f}s  "
                  f"p95 {o['latency_p95_s'] or 0:.2f}s")
        print(f"{b}: correct by persona: {persona_line(r) or '–'}")
    for kind, path_ in paths.items():
        print(f"{kind}: {path_}")
    return 0


def _serve(args) -> int:
    # the command line is a face like the web chat: it may start the web package (lazily, only here)
    from web.serve import serve

    settings = get_settings()
    serve(settings, args.host or settings.host, args.port or settings.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imagine", description="IMAGINE assistant: cluster EMAS answers with citations.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("models", help="install, list or verify the local model files")
    p.add_argument("action", choices=["install", "list", "verify"])
    p.add_argument("names", nargs="*", help="model names (default: all)")
    p.set_defaults(func=_models)

    p = sub.add_parser("ingest", help="embed corpus documents and cluster cards into the vector store")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=_ingest)

    p = sub.add_parser("cards", help="cluster card files")
    p.add_argument("action", choices=["extract"])
    p.add_argument("documents", nargs="*", help="documents to parse (default: all in corpus/documents)")
    p.add_argument("--overwrite", action="store_true", help="replace existing card files")
    p.set_defaults(func=_cards)

    p = sub.add_parser("ask", help="answer a question with cited sources")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer object as JSON")
    p.set_defaults(func=_ask)

    p = sub.add_parser("search", help="show the passages retrieved for a query")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_search)

    p = sub.add_parser("feedback", help="answer ratings and comments left in the web chat")
    p.add_argument("action", choices=["list", "export"])
    p.add_argument("-n", type=int, default=20, help="list: newest N rows (default 20)")
    p.add_argument("--csv", metavar="FILE", help="export: write CSV to FILE (default: JSON on stdout)")
    p.set_defaults(func=_feedback)
    p = sub.add_parser("eval", help="score the assistant on a question set; writes a Markdown/HTML/JSON report")
    p.add_argument("--set", help="question set: a JSONL path, or a name: heldout = evaluation/heldout.jsonl "
                                 "(default: evaluation/questions.jsonl)")
    p.add_argument("--split", choices=["dev", "test", "both"],
                   help="only the dev or test half of the set (split by a hash of each id), or both side by side "
                        "(default: every question, no split columns)")
    p.add_argument("--backend", action="append", choices=["extractive", "local", "openai"],
                   help="answer backend (repeat for several; default: IMAGINE_LLM_BACKEND)")
    p.add_argument("--out", help="report folder (default: <data_dir>/eval)")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-question progress")
    p.add_argument("--api", metavar="URL", help="ask a running HTTP API (e.g. http://127.0.0.1:7860/v1) instead of an "
                                             "in-process assistant; the server's backend answers")
    p.add_argument("--api-key", help="its key (default: the first of IMAGINE_API_KEYS)")
    p.set_defaults(func=_eval)

    p = sub.add_parser("serve", help="the HTTP API alone (OpenAI-compatible chat, /v1/clusters, /v1/search)")
    p.add_argument("--host", help="address to listen on (default IMAGINE_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default IMAGINE_PORT, 7860)")
    p.set_defaults(func=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from imagine.models import ModelInstallError
    from imagine.components.vector_store import StoreUnavailable

    try:
        return args.func(args)
    except (UserError, ModelInstallError, StoreUnavailable, RuntimeError, OSError) as exc:
        print(f"imagine {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
