"""The API's refusals that come before any answer (no model, no index): 401, 400, 404, 503 while the
assistant is being built — all as OpenAI-style JSON. Answers themselves are in test_api.py (slow)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from imagine.settings import Settings
from web.api import NotReady, create_app

KEY = "plumbing-key"
CHAT = {"model": "imagine", "messages": [{"role": "user", "content": "Quali cluster si trovano in Spagna?"}]}


def not_ready():
    raise NotReady("the index is being prepared")


@pytest.fixture
def http():
    return TestClient(create_app(not_ready, Settings(api_keys=[KEY])), headers={"Authorization": f"Bearer {KEY}"})


def test_while_the_assistant_is_built_answers_are_503_with_retry_after(http):
    for response in (http.post("/v1/chat/completions", json=CHAT), http.get("/v1/clusters"), http.get("/v1/search?q=EMAS")):
        assert response.status_code == 503 and response.headers["retry-after"] == "5"
        assert response.json()["error"] == {"message": "the assistant is not ready: the index is being prepared",
                                            "type": "server_error", "param": None, "code": "not_ready"}
    assert http.get("/v1/models").status_code == 200  # needs no assistant


def test_key_is_checked_before_anything_else(http):
    bare = TestClient(http.app)
    for method, path in (("get", "/v1/models"), ("post", "/v1/chat/completions"), ("get", "/v1/clusters")):
        response = getattr(bare, method)(path, headers={"Authorization": "Bearer wrong"})
        assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_api_key"
    assert bare.get("/v1/openapi.json").status_code == 200  # the description is public


@pytest.mark.parametrize("body, param", [({"messages": CHAT["messages"]}, "model"), ({"model": "imagine"}, "messages"),
                                         ({"model": "imagine", "messages": []}, "messages"),
                                         ({"model": "imagine", "messages": [{"role": "assistant", "content": "x"}]}, "messages[0].role")])
def test_malformed_requests_are_400_naming_the_field(http, body, param):
    response = http.post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param and response.json()["error"]["type"] == "invalid_request_error"


def test_unknown_model_is_404(http):
    response = http.post("/v1/chat/completions", json=dict(CHAT, model="gpt-4o"))
    assert response.status_code == 404 and response.json()["error"]["code"] == "model_not_found"


def test_without_keys_the_api_is_open_and_limits_by_address():
    http = TestClient(create_app(not_ready, Settings(api_rate_limit=1)))
    assert http.get("/v1/models").status_code == 200
    assert http.get("/v1/search?q=EMAS").status_code == 503  # counted (then not ready)
    limited = http.get("/v1/search?q=EMAS")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
