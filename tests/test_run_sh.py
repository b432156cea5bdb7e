"""run.sh's set-up on a full disk: said plainly before the step, nothing installed or changed.

The script runs for real in a copy of the repository's top files, with stand-ins on PATH and in .venv
for ``df`` and pip (plumbing: what is checked is the script's own decision, not pip)."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _copy(tmp_path: Path, free_mb: int) -> tuple[Path, dict]:
    repo = tmp_path / "repo"
    (repo / ".venv/bin").mkdir(parents=True)
    for name in ("run.sh", "pyproject.toml"):
        shutil.copy(ROOT / name, repo / name)
    _script(repo / ".venv/bin/python", "exit 0\n")  # a venv exists; its stamp is missing, so set-up installs
    _script(repo / ".venv/bin/pip", f'echo "$@" >> {repo}/pip-called\n')
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    _script(bin_ / "df", f'echo "Filesystem 1M-blocks Used Available Capacity Mounted on"\necho "/dev/x 9999 9 {free_mb} 1% /"\n')
    env = dict(os.environ, PATH=f"{bin_}:{os.environ['PATH']}", TMPDIR=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    return repo, env


def test_setup_refuses_plainly_when_the_disk_is_full(tmp_path):
    repo, env = _copy(tmp_path, free_mb=120)
    run = subprocess.run(["bash", "run.sh", "setup"], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "not enough free disk for the Python packages: 120 MB free" in run.stderr
    assert "nothing was changed" in run.stderr
    assert not (repo / "pip-called").exists()
    assert not (repo / ".venv/.setup-stamp").exists()


def test_setup_goes_on_when_there_is_room(tmp_path):
    repo, env = _copy(tmp_path, free_mb=50_000)
    run = subprocess.run(["bash", "run.sh", "setup"], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert "not enough free disk" not in run.stderr
    assert "--no-cache-dir torch==2.13.0" in (repo / "pip-called").read_text()
