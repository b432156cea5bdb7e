"""Helpers shared by tests that start and kill real processes (Chroma server, ingest, app).

Everything binds to 127.0.0.1 on a free port and is stopped by the PID of the process the
test started itself, never by name.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler for fake servers in tests: no access log on stderr."""

    def log_message(self, *args):
        pass


@contextmanager
def http_server(handler, mode: str):
    """A loopback HTTP server of ``handler`` in a thread, with ``.requests`` (for the handler to record)
    and ``.mode`` (for the test to set); shut down on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests, server.mode = [], mode
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until it answers 200; fail early if ``proc`` died."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """Terminate a process we started (SIGTERM, then SIGKILL), by its PID."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=grace)


class ChromaServer:
    """A real ``chroma run`` on loopback, with its data in ``path``; restartable on the same port."""

    def __init__(self, path: Path, port: int | None = None):
        self.path, self.port = Path(path), port or free_port()
        self.host = "127.0.0.1"
        self.proc: subprocess.Popen | None = None
        self.log = self.path.parent / f"chroma-{self.port}.log"

    def start(self, timeout: float = 60) -> "ChromaServer":
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        cmd = [str(VENV_BIN / "chroma"), "run", "--path", str(self.path), "--host", self.host, "--port", str(self.port)]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_http(f"http://{self.host}:{self.port}/api/v2/heartbeat", timeout, self.proc)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None

    def env(self) -> dict[str, str]:
        return {"IMAGINE_CHROMA_HOST": self.host, "IMAGINE_CHROMA_PORT": str(self.port)}


def index_ids(settings, embeddings) -> list[str]:
    """All chunk ids in the index that ``settings`` points at (embedded or server)."""
    from imagine.components.vector_store import open_store

    return open_store(embeddings, settings).get(include=[])["ids"]


def ingest_env(settings) -> dict[str, str]:
    """The environment that makes a subprocess use ``settings``: every field set explicitly, as IMAGINE_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAGINE_")}
    for name, value in settings.model_dump(exclude_unset=True).items():
        if value is not None:
            env[f"IMAGINE_{name.upper()}"] = str(value)
    return env


def kill_ingest_midway(settings, after_chunks: int = 32, timeout: float = 240) -> None:
    """Run ``imagine ingest`` in a subprocess and SIGKILL it once ``after_chunks`` are written."""
    cmd = [sys.executable, "-m", "cli", "ingest"]
    proc = subprocess.Popen(cmd, env=ingest_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(lambda: proc.stderr.read(1), "")), daemon=True)
    reader.start()
    deadline = time.time() + timeout
    try:
        while time.time() < deadline and proc.poll() is None:
            done = [int(n) for n in re.findall(r"embed:[^\r\n]*?\|\s*(\d+)/", "".join(output))]
            if done and max(done) >= after_chunks:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"ingest finished before it could be killed: {''.join(output)[-500:]}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


def copy_index(source, root: Path, **overrides):
    """Settings on a private copy of ``source``'s corpus and built index (no re-embedding)."""
    import shutil

    from imagine.settings import Settings

    root = Path(root)
    shutil.copytree(source.corpus_dir, root / "corpus", symlinks=True)
    shutil.copytree(source.data_dir, root / "data")
    fields = {"corpus_dir": root / "corpus", "data_dir": root / "data", "llm_backend": "extractive"} | overrides
    return Settings(**fields)


def cli(settings, *args: str, timeout: float = 300, **env) -> subprocess.CompletedProcess:
    """Run ``imagine ARGS`` in a subprocess configured for ``settings``."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env=ingest_env(settings) | env, capture_output=True, text=True, timeout=timeout,
    )
