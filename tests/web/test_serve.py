"""``imagine serve`` refuses a non-loopback host without API keys, at once and in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from imagine.settings import REPO_ROOT


def test_non_loopback_bind_without_keys_fails_with_the_message():
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAGINE_")}
    proc = subprocess.run([sys.executable, "-m", "cli", "serve", "--host", "0.0.0.0", "--port", "9"], env=env,
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("imagine serve: error: refusing to listen on 0.0.0.0")
    assert "IMAGINE_API_KEYS" in proc.stderr and "IMAGINE_ALLOW_OPEN=1" in proc.stderr

