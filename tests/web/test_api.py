"""The HTTP API through the official ``openai`` client, against real servers the tests start on free
loopback ports: uvicorn in a thread over the shared Assistant on the fake embedder's index (tests/fakes.py,
extractive backend: what is checked is the face, not retrieval quality),
and ``imagine serve`` as its own process; for Open WebUI, the request bodies its page sent, replayed
over plain HTTP. The API is a thin face: every answer must equal the in-process one, field for field
(timings aside).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import openai
import pytest

from assistant.cards.catalog import CardCatalog
from assistant.cards.explore import explore
from tests.helpers import copy_index, free_port, ingest_env, stop, wait_http
from web import chat
from web.api import create_app

pytestmark = pytest.mark.slow

KEY, OTHER_KEY = "test-key-alpha", "test-key-beta"
CARD_Q = "Quali cluster si trovano in Spagna?"
PASSAGE_Q = "Quali criteri sono stati usati per selezionare i cluster?"
REFUSED_Q = "What is the best recipe for a Sachertorte?"  # names what the corpus never mentions: the gate's highest floor


@contextmanager
def serving(app):
    """``app`` on uvicorn in a background thread, on a free loopback port; yields the API base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="api-test-server", daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        assert thread.is_alive() and time.time() < deadline, "the API server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def api(fake_assistant, fake_indexed_settings):
    settings = fake_indexed_settings.model_copy(update={"api_keys": [KEY, OTHER_KEY], "api_rate_limit": 1000})
    with serving(create_app(lambda: fake_assistant, settings)) as url:
        yield url


@pytest.fixture
def client(api):
    return openai.OpenAI(base_url=api, api_key=KEY, max_retries=0)


def same(answer_dict: dict, answer) -> bool:
    """An answer object from the API equals the in-process Answer, but for timings."""
    mine = answer.to_dict()
    return {k: v for k, v in answer_dict.items() if k != "timings"} == {k: v for k, v in mine.items() if k != "timings"}


def ask(client, messages, **kw):
    return client.chat.completions.create(model=chat.MODEL_ID, messages=messages, **kw)


# --- chat ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [CARD_Q, PASSAGE_Q])
def test_answer_is_the_in_process_answer_with_markers_and_sources(client, fake_assistant, question):
    response = ask(client, [{"role": "user", "content": question}])
    expected = fake_assistant.ask(question)
    assert same(response.imagine, expected)
    content = response.choices[0].message.content
    assert content == expected.text + chat.footer(expected)
    assert "[1]" in content and "**Fonti**" in content and "- [1] " in content
    assert response.choices[0].finish_reason == "stop" and response.model == chat.MODEL_ID
    assert response.imagine["citations"] and response.imagine["route"] in ("cards", "passages")


def test_streaming_sends_the_same_content_in_pieces_and_the_answer_object_last(client, fake_assistant):
    pieces, extras, finish = [], [], None
    for chunk in ask(client, [{"role": "user", "content": PASSAGE_Q}], stream=True):
        assert chunk.object == "chat.completion.chunk"
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        if chunk.choices and chunk.choices[0].finish_reason:
            finish = chunk.choices[0].finish_reason
        if (chunk.model_extra or {}).get(chat.EXTRA_FIELD):
            extras.append(chunk.model_extra[chat.EXTRA_FIELD])
    expected = fake_assistant.ask(PASSAGE_Q)
    assert len(pieces) >= 2, pieces  # the text as the assistant produced it, then the sources
    assert "".join(pieces) == expected.text + chat.footer(expected)
    assert finish == "stop" and len(extras) == 1 and same(extras[0], expected)
    assert extras[0]["citations"][0]["metadata"]["document"] and extras[0]["citations"][0]["highlights"]


def test_follow_up_turn_with_the_content_sent_back(client, fake_assistant):
    first = ask(client, [{"role": "user", "content": "Tell me about the Gendorf cluster."}])
    follow_up = "And how many workers does it have?"
    messages = [{"role": "system", "content": "You are a helpful assistant."},  # clients add one; it is ignored
                {"role": "user", "content": "Tell me about the Gendorf cluster."},
                {"role": "assistant", "content": first.choices[0].message.content},  # footer included, as clients do
                {"role": "user", "content": follow_up}]
    second = ask(client, messages)
    history = [{"role": "user", "content": "Tell me about the Gendorf cluster."},
               {"role": "assistant", "content": first.imagine["text"]}]
    assert same(second.imagine, fake_assistant.ask(follow_up, history))
    assert not second.imagine["refused"] and "Gendorf" in second.choices[0].message.content


def test_out_of_corpus_question_is_a_refusal_in_the_extra_field(client):
    response = ask(client, [{"role": "user", "content": REFUSED_Q}])
    extra = response.imagine
    assert extra["refused"] is True and extra["route"] == "refusal" and extra["citations"] == []
    assert response.choices[0].message.content == extra["text"]  # nothing cited, no sources footer


# --- Open WebUI: the bodies its page sent (tests/web/open_webui_requests.json) ---------------------
OPEN_WEBUI = json.loads((Path(__file__).parent / "open_webui_requests.json").read_text(encoding="utf-8"))


def sse_data(response: httpx.Response) -> list:
    """The ``data:`` payloads of a server-sent event stream, parsed ("[DONE]" kept as text)."""
    return [line[len("data: "):] if line == "data: [DONE]" else json.loads(line[len("data: "):])
            for line in response.text.splitlines() if line.startswith("data: ")]


def test_open_webui_chat_turn_streams_the_answer_with_its_history(api, fake_assistant):
    body = {**OPEN_WEBUI["chat_turn"], "tools": OPEN_WEBUI["tools"]}  # 36 tool definitions: accepted, ignored
    response = httpx.post(f"{api}/chat/completions", json=body, headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = sse_data(response)
    assert events[-1] == "[DONE]" and all(e["object"] == "chat.completion.chunk" for e in events[:-1])
    (first, earlier), question = [m["content"] for m in body["messages"][:2]], body["messages"][2]["content"]
    assert "\n\n**Fonti**\n" in earlier  # Open WebUI sent our answer back as it got it, footer and all
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": earlier.split("\n\n**Fonti**\n")[0]}]
    expected = fake_assistant.ask(question, history)
    assert "".join(e["choices"][0]["delta"].get("content") or "" for e in events[:-1]) == expected.text + chat.footer(expected)
    assert same(events[-2][chat.EXTRA_FIELD], expected) and "[1]" in expected.text


def test_open_webui_title_task_is_answered_as_a_question_and_continue_is_refused(api, fake_assistant):
    headers = {"Authorization": f"Bearer {KEY}"}
    task = OPEN_WEBUI["title_task"]  # not streamed, with max_tokens: answered like any question (README: switch tasks off)
    response = httpx.post(f"{api}/chat/completions", json=task, headers=headers, timeout=60)
    assert response.status_code == 200
    assert same(response.json()[chat.EXTRA_FIELD], fake_assistant.ask(task["messages"][0]["content"]))
    continued = httpx.post(f"{api}/chat/completions", json={**OPEN_WEBUI["continue"], "tools": OPEN_WEBUI["tools"]},
                           headers=headers, timeout=60)
    assert continued.status_code == 400 and continued.json()["error"]["param"] == "messages[1].role"
    assert continued.json()["error"]["message"].startswith("nothing to continue")


# --- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize("messages, param", [([], "messages"), ([{"role": "assistant", "content": "Hi"}], "messages[0].role"),
                                             ([{"role": "user", "content": [{"type": "image_url"}]}], "messages[0].content"),
                                             ([{"role": "wizard", "content": "x"}], "messages.0.role")])
def test_invalid_request_is_400_with_a_json_error(client, messages, param):
    with pytest.raises(openai.BadRequestError) as err:
        ask(client, messages)
    assert err.value.status_code == 400
    assert err.value.body["type"] == "invalid_request_error" and err.value.body["param"] == param and err.value.body["message"]


def test_unknown_model_and_a_body_that_is_not_json(client, api):
    with pytest.raises(openai.NotFoundError) as err:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": CARD_Q}])
    assert err.value.body["code"] == "model_not_found"
    raw = httpx.post(f"{api}/chat/completions", content=b"{not json", headers={"Authorization": f"Bearer {KEY}",
                                                                              "Content-Type": "application/json"})
    assert raw.status_code == 400 and raw.json()["error"]["type"] == "invalid_request_error"


def test_wrong_or_missing_key_is_401(api):
    wrong = openai.OpenAI(base_url=api, api_key="not-a-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        ask(wrong, [{"role": "user", "content": CARD_Q}])
    assert err.value.status_code == 401 and err.value.body["code"] == "invalid_api_key"
    for path in ("/models", "/clusters", "/search?q=EMAS"):
        raw = httpx.get(api + path)
        assert raw.status_code == 401 and raw.headers["www-authenticate"] == "Bearer" and "error" in raw.json()
    assert httpx.get(f"{api}/models", headers={"Authorization": f"Bearer {OTHER_KEY}"}).status_code == 200


def test_rate_limit_is_429_with_retry_after_per_key(fake_assistant, fake_indexed_settings):
    settings = fake_indexed_settings.model_copy(update={"api_keys": [KEY, OTHER_KEY], "api_rate_limit": 2})
    with serving(create_app(lambda: fake_assistant, settings)) as url:
        limited = openai.OpenAI(base_url=url, api_key=KEY, max_retries=0)
        for _ in range(2):
            ask(limited, [{"role": "user", "content": CARD_Q}])
        with pytest.raises(openai.RateLimitError) as err:
            ask(limited, [{"role": "user", "content": CARD_Q}])
        assert err.value.status_code == 429 and err.value.body["code"] == "rate_limit_exceeded"
        assert 1 <= int(err.value.response.headers["retry-after"]) <= 60
        headers = {"Authorization": f"Bearer {KEY}"}
        assert httpx.get(f"{url}/search", params={"q": "EMAS"}, headers=headers).status_code == 429  # searches count too
        assert httpx.get(f"{url}/clusters", headers=headers).status_code == 200  # listing cards does not
        other = openai.OpenAI(base_url=url, api_key=OTHER_KEY, max_retries=0)
        assert ask(other, [{"role": "user", "content": CARD_Q}]).imagine["route"] == "cards"  # its own budget


# --- REST surface -------------------------------------------------------------------------------
def test_models_lists_the_one_model(client):
    assert [m.id for m in client.models.list()] == [chat.MODEL_ID]


def test_clusters_filter_as_the_explorer_does(api, fake_assistant):
    headers = {"Authorization": f"Bearer {KEY}"}
    catalog = CardCatalog(fake_assistant.cards())

    def explored(*args, **kwargs):
        return [c.model_dump() for c in explore(catalog, *args, **kwargs)]

    everything = httpx.get(f"{api}/clusters", headers=headers).json()["data"]
    assert everything == explored() and len(everything) >= 19
    countries = ["Sweden", "Germany", "Belgium"]
    params = [("country", c) for c in countries] + [("min_workers", "2000"), ("sort", "workers"), ("desc", "true")]
    some = httpx.get(f"{api}/clusters", params=params, headers=headers).json()["data"]
    assert some == explored(countries, min_workers=2000, sort_by="workers", descending=True)
    in_countries = [r for r in everything if r["country"] in countries]
    assert 0 < len(some) < len(in_countries)  # the bound left some out (1,500 workers, or not reported)
    assert all(r["workers"] >= 2000 for r in some) and [r["workers"] for r in some] == sorted((r["workers"] for r in some), reverse=True)
    bounded = httpx.get(f"{api}/clusters", params={"sector": "tessile", "max_enterprises": 300}, headers=headers).json()["data"]
    assert bounded == explored(sector="tessile", max_enterprises=300)
    bad = httpx.get(f"{api}/clusters", params={"sort": "colour"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "query.sort"


def test_search_returns_the_in_process_passages(api, fake_assistant):
    headers = {"Authorization": f"Bearer {KEY}"}
    got = httpx.get(f"{api}/search", params={"q": "registrazione EMAS collettiva", "k": 3}, headers=headers).json()["data"]
    expected = fake_assistant.search("registrazione EMAS collettiva", k=3)
    assert [(p["id"], p["text"], p["label"]) for p in got] == [(p.id, p.text, p.label) for p in expected]
    assert httpx.get(f"{api}/search", params={"q": "", "k": 3}, headers=headers).status_code == 400
    assert httpx.get(f"{api}/search", params={"q": "EMAS", "k": 0}, headers=headers).status_code == 400


def test_openapi_description_lists_every_route(api):
    paths = httpx.get(f"{api}/openapi.json").json()["paths"]
    assert {"/v1/chat/completions", "/v1/models", "/v1/clusters", "/v1/search"} <= set(paths)


def test_evaluation_client_gets_the_in_process_answer_back(api, fake_assistant):
    from web.client import ApiAssistant

    remote = ApiAssistant(api, KEY)
    pieces = list(remote.stream(CARD_Q))
    expected = fake_assistant.ask(CARD_Q)
    assert "".join(pieces[:-1]) == expected.text + chat.footer(expected)
    for got in (pieces[-1], remote.ask(CARD_Q)):
        assert same(got.to_dict(), expected)


# --- imagine serve, as its own process ----------------------------------------------------------
def test_imagine_serve_answers_like_the_process_in_front_of_it(indexed_settings, assistant, tmp_path):
    settings = copy_index(indexed_settings, tmp_path)
    port = free_port()
    env = ingest_env(settings) | {"IMAGINE_API_KEYS": KEY, "IMAGINE_EMBEDDING_COMPILE": "0", "HF_HUB_OFFLINE": "1"}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/v1/openapi.json", 120, proc)
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=KEY, max_retries=0)
        response = ask(client, [{"role": "user", "content": CARD_Q}])
        expected = assistant.ask(CARD_Q)
        assert response.choices[0].message.content == expected.text + chat.footer(expected)
        assert [p["id"] for p in response.imagine["citations"]] == [p.id for p in expected.citations]
        with pytest.raises(openai.AuthenticationError):
            ask(openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="nope", max_retries=0),
                [{"role": "user", "content": CARD_Q}])
    finally:
        stop(proc)
        log.close()
        print((tmp_path / "serve.log").read_text(errors="replace")[-2000:])
