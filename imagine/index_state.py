"""The record of the last completed ingest (``<data_dir>/index-state.json``).

Ingest writes it last, atomically, so a missing or older record tells a missing or interrupted
index; the assistant's status panel reads when the index was last brought up to date.
"""

from __future__ import annotations

import json
from pathlib import Path

from imagine.settings import Settings, get_settings


def state_path(settings: Settings) -> Path:
    return settings.data_dir / "index-state.json"


def read_state(settings: Settings | None = None) -> dict | None:
    """The last completed ingest's record, or None if there was none."""
    settings = settings or get_settings()
    try:
        return json.loads(state_path(settings).read_text())
    except (OSError, ValueError):
        return None
