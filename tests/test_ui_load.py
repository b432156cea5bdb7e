"""16 concurrent chats through the running web app (gradio_client, loopback only).

ui.py runs as a subprocess on a private copy of the shared index (extractive backend).
Sixteen users, one client and session each, send sixteen different card questions at the
same moment; each must get its own conversation with its own cluster's number, within a
bounded time. The same functions measure throughput and p95 in ``bench/load.py``.
"""

from __future__ import annotations

import json

import pytest

from bench.load import distinct_questions, run_load, start_app, wait_ready
from ingest.cards import load_cards
from tests.helpers import copy_index, free_port, stop

pytestmark = pytest.mark.slow

USERS = 16


@pytest.fixture(scope="module")
def app_url(indexed_settings, tmp_path_factory):
    settings = copy_index(indexed_settings, tmp_path_factory.mktemp("load"))
    port = free_port()
    proc = start_app(settings, port, settings.data_dir / "ui.log")
    try:
        wait_ready(f"http://127.0.0.1:{port}", timeout=300)
        yield f"http://127.0.0.1:{port}", settings
    finally:
        stop(proc)


def test_sixteen_concurrent_chats_each_get_their_own_answer(app_url):
    url, settings = app_url
    asks = distinct_questions(load_cards(settings.clusters_dir)[0], USERS)
    assert len(asks) == USERS and len({a.expected for a in asks}) == USERS
    result = run_load(url, asks, rounds=1, timeout=120)
    assert result["failed"] == 0, json.dumps(result["errors"], indent=1, ensure_ascii=False)[:3000]
    assert result["chats"] == USERS and result["wall_s"] < 180
    print(f"\nload: {USERS} concurrent chats in {result['wall_s']:.1f} s, {result['chats_per_s']:.2f} chats/s, "
          f"answer p50 {result['p50_s']:.2f} s, p95 {result['p95_s']:.2f} s, client connect p50 {result['connect_p50_s']:.2f} s")
