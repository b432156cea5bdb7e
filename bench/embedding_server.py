"""Embedding through a server vs in process: throughput, agreement, and the client's memory.

``python -m bench.embedding_server [--chunks 200] [--out FILE]`` starts llama-cpp-python's server on
the installed EmbeddingGemma GGUF, takes ``--chunks`` distinct corpus chunks (the report and its
variants, :mod:`bench.corpus`), and embeds them twice, each in a child process of its own: with the
in-process model and through the server. It reports chunks per second, the cosine between the two
vectors of each chunk, the peak RSS of each child (and of the server), whether the server's client
imported torch, and the machine's load. Run it on an idle machine: the two cores are the bottleneck.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.workloads import peak_rss_mb


def _chunks(n: int, work: Path) -> list[str]:
    from bench.corpus import scaled_corpus
    from imagine.settings import REPO_ROOT, Settings
    from ingest.index import assign_ids
    from ingest.pipeline import collect

    corpus = scaled_corpus(REPO_ROOT / "corpus", work / "corpus", copies=max(1, n // 40))
    chunks, _, _ = collect(Settings(corpus_dir=corpus, data_dir=work / "data"))
    texts = list(dict.fromkeys(text for _, text, _ in assign_ids(chunks)))
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} distinct chunks, {n} asked")
    return texts[:n]


def child(backend: str, texts_file: str, out_file: str) -> None:
    """Embed the texts with one backend (settings from the environment); vectors to ``out_file``, stats to stdout."""
    from imagine.components.embedding import build_embeddings
    from imagine.settings import Settings

    texts = json.loads(Path(texts_file).read_text())
    t0 = time.perf_counter()
    emb = build_embeddings(Settings())
    emb.embed_query("warm-up")  # a first call pays one-off costs (model load, connection)
    ready = time.perf_counter() - t0
    t0 = time.perf_counter()
    vectors = np.array(emb.embed_documents(texts), dtype=np.float32)
    seconds = time.perf_counter() - t0
    np.save(out_file, vectors)
    print(json.dumps({"backend": backend, "ready_s": ready, "embed_s": seconds, "chunks_per_s": len(texts) / seconds,
                      "peak_rss_mb": peak_rss_mb(), "torch_imported": "torch" in sys.modules}))


def _run_child(backend: str, texts_file: Path, out_file: Path, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-m", "bench.embedding_server", "--child", backend, str(texts_file), str(out_file)],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{backend} child failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _vm_hwm_mb(pid: int) -> float | None:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--out", type=Path, help="write the JSON result here too")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)

    from imagine.components.embedding.server import llama_server_command
    from imagine.models import EMBEDDING_GEMMA_GGUF, install
    from imagine.settings import Settings
    from tests.helpers import free_port, stop, wait_http

    settings = Settings()
    model = install(EMBEDDING_GEMMA_GGUF, settings.models_dir) / EMBEDDING_GEMMA_GGUF.output_name
    with tempfile.TemporaryDirectory(prefix="bench-embsrv-") as tmp:
        work = Path(tmp)
        texts = _chunks(args.chunks, work)
        texts_file = work / "texts.json"
        texts_file.write_text(json.dumps(texts))
        base = {k: v for k, v in os.environ.items() if not k.startswith("IMAGINE_EMBEDDING_")}
        result = {"chunks": len(texts), "mean_chars": float(np.mean([len(t) for t in texts])),
                  "load_before": os.getloadavg()}
        result["local"] = _run_child("local", texts_file, work / "local.npy", base)

        port = free_port()
        with open(work / "server.log", "wb") as log:
            server = subprocess.Popen(llama_server_command(model, port), stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_http(f"http://127.0.0.1:{port}/v1/models", timeout=120, proc=server)
            env = base | {"IMAGINE_EMBEDDING_BACKEND": "openai", "IMAGINE_EMBEDDING_BASE_URL": f"http://127.0.0.1:{port}/v1"}
            result["server"] = _run_child("server", texts_file, work / "server.npy", env)
            result["server"]["server_peak_rss_mb"] = _vm_hwm_mb(server.pid)
        finally:
            stop(server)
        cos = np.sum(np.load(work / "local.npy") * np.load(work / "server.npy"), axis=1)
        result["cosine"] = {"min": float(cos.min()), "mean": float(cos.mean())}
        result["load_after"] = os.getloadavg()
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
