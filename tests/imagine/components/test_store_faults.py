"""Embedded store on a read-only or full index directory: one clear error line, index unharmed.

Each test works on a private copy of the shared index, on a small tmpfs mounted for it
(root only). Where mounting is not allowed the test falls back to what a normal user can
do: a read-only directory by permissions, a full disk by RLIMIT_FSIZE (writes fail with
EFBIG instead of ENOSPC). The ingest runs as the CLI in a subprocess: exit 2, one line.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from ingest.index import assign_ids
from ingest.pipeline import collect, run_ingest
from tests.helpers import cli, copy_index, index_ids, ingest_env

pytestmark = pytest.mark.slow

NEW_DOC = "nota-distretto.md"


def _mount(args: list[str]) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def tmpfs(path: Path, size_kb: int):
    """A tmpfs of ``size_kb`` at ``path`` if this process may mount; yields whether it did."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = os.geteuid() == 0 and _mount(["-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)])
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=True)


def _du_kb(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) // 1024 + 1


@contextmanager
def index_on_small_disk(indexed_settings, tmp_path: Path, margin_kb: int):
    """A copy of the shared index whose data folder sits on a tmpfs with ``margin_kb`` to spare.

    The corpus stays outside the mount. Yields (settings, mounted); on exit the data folder is
    copied out to ``tmp_path / "after"`` (readable whatever happened to the mount).
    """
    settings = copy_index(indexed_settings, tmp_path / "copy")
    mnt = tmp_path / "mnt"
    with tmpfs(mnt, _du_kb(settings.data_dir) + margin_kb) as mounted:
        shutil.copytree(settings.data_dir, mnt / "data")
        on_disk = settings.model_copy(update={"data_dir": mnt / "data"})
        try:
            yield on_disk, mounted
        finally:
            if mounted:
                _mount(["-o", "remount,rw", str(mnt)])
            for p in [on_disk.data_dir, *on_disk.data_dir.rglob("*")]:
                p.chmod(0o755 if p.is_dir() else 0o644)
            shutil.copytree(on_disk.data_dir, tmp_path / "after")


def _add_document(settings, paragraphs: int) -> None:
    text = "\n\n".join(
        f"Le imprese del distretto condividono l'analisi ambientale iniziale, il registro delle prescrizioni "
        f"e il programma di miglioramento numero {n}, convalidati una sola volta dal verificatore accreditato."
        for n in range(paragraphs)
    )
    (settings.documents_dir / NEW_DOC).write_text("# Nota sul distretto\n\n" + text, encoding="utf-8")


def _one_clear_line(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in done.stderr.splitlines() if line.startswith("imagine ")]  # not model-load bars
    assert done.returncode == 2, done.stderr[-1500:]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-1500:]
    return lines[0]


def test_read_only_index_directory(indexed_settings, embeddings, tmp_path):
    before = sorted(index_ids(indexed_settings, embeddings))
    with index_on_small_disk(indexed_settings, tmp_path, margin_kb=4096) as (settings, mounted):
        _add_document(settings, paragraphs=20)
        if mounted:
            assert _mount(["-o", "remount,ro", str(settings.data_dir.parent)])
        elif os.geteuid() == 0:
            pytest.skip("root without mount rights: permissions cannot make a folder read-only for root")
        else:
            for p in [settings.data_dir, *settings.data_dir.rglob("*")]:
                p.chmod(0o555 if p.is_dir() else 0o444)
        line = _one_clear_line(cli(settings, "ingest", "-q"))
        assert re.search(r"read-?only|permission", line, re.I), line
        # embedded Chroma writes to SQLite as it opens, so even a search needs a writable folder
        line = _one_clear_line(cli(settings, "search", "Quanti addetti conta Fedustria?"))
        assert re.search(r"read-?only|permission", line, re.I), line
    after = settings.model_copy(update={"data_dir": tmp_path / "after"})
    assert sorted(index_ids(after, embeddings)) == before


def _no_file_growth(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so a write fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_during_ingest(indexed_settings, embeddings, tmp_path):
    """Fails with one line; the old chunks all stay; with space again the next ingest completes."""
    before = set(index_ids(indexed_settings, embeddings))
    with index_on_small_disk(indexed_settings, tmp_path, margin_kb=64) as (settings, mounted):
        _add_document(settings, paragraphs=60)
        if mounted:
            done = cli(settings, "ingest", "-q")
        else:  # a file-size limit: writes past it fail with EFBIG, as they would with ENOSPC
            largest = max(p.stat().st_size for p in settings.data_dir.rglob("*") if p.is_file())
            done = subprocess.run(
                [sys.executable, "-m", "cli", "ingest", "-q"], env=ingest_env(settings),
                capture_output=True, text=True, timeout=300, preexec_fn=_no_file_growth(largest + 64 * 1024),
            )
        line = _one_clear_line(done)
        assert "disk space" in line and "run the ingest again" in line, line
    after = settings.model_copy(update={"data_dir": tmp_path / "after"})
    partial = set(index_ids(after, embeddings))
    assert before <= partial  # every chunk of the existing index is still there
    hits = cli(after, "search", "Quanti addetti conta Fedustria?")
    assert hits.returncode == 0 and "24.224" in hits.stdout, hits.stderr[-1500:]
    repaired = run_ingest(after, progress=False)
    ids = index_ids(after, embeddings)
    wanted = {rid for rid, _, _ in assign_ids(collect(after)[0])}
    assert len(ids) == len(set(ids)) and set(ids) == wanted and before < wanted
    assert repaired.sync.kept == len(partial)
