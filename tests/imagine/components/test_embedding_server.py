"""Embeddings from an OpenAI-compatible server: request shape, failures, and agreement with the in-process model.

Fast tests use a loopback server that answers the way a test says (vectors, HTTP errors, silence,
wrong counts). Slow tests start llama-cpp-python's own server on the installed EmbeddingGemma
GGUF (converted by ``imagine models install``) and compare it with the in-process model on the
corpus: vectors, the index they share, and the passages a question retrieves.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from imagine.components.embedding import build_embeddings
from imagine.components.embedding.base import fingerprint
from imagine.components.embedding.server import EmbeddingUnavailable, ServerEmbeddings, llama_server_command
from imagine.settings import Settings
from imagine.components.vector_store import StoreUnavailable
from tests.helpers import QuietHandler, free_port, http_server, stop, wait_http


def server_settings(port: int, **overrides) -> Settings:
    return Settings(embedding_backend="openai", embedding_base_url=f"http://127.0.0.1:{port}/v1", **overrides)


class _Handler(QuietHandler):
    """POST /v1/embeddings: vectors [len(text), 1, 0, 0] (not unit length), listed in reverse order
    with their indexes, unless ``server.mode`` says to fail; bodies and headers are recorded."""

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, self.headers.get("Authorization"), body))
        mode = self.server.mode
        if mode == "slow":
            time.sleep(1.5)
        if mode == "error":
            self._send(500, {"error": {"message": "model not loaded\nstack trace follows"}})
        elif mode == "short":
            self._send(200, {"data": [{"index": 0, "embedding": [1.0, 0.0]}]})
        elif mode == "html":
            self._send(200, "<html>proxy login</html>")
        else:
            rows = [{"index": i, "embedding": [float(len(t)), 1.0, 0.0, 0.0]} for i, t in enumerate(body["input"])]
            self._send(200, {"object": "list", "data": rows[::-1]})

    def _send(self, status: int, payload) -> None:
        data = (json.dumps(payload) if not isinstance(payload, str) else payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except BrokenPipeError:  # "slow": the client gave up waiting, as it should
            pass


@pytest.fixture
def fake_server():
    with http_server(_Handler, "ok") as server:
        yield server


def test_prompts_batches_order_unit_length_and_memo(fake_server):
    emb = ServerEmbeddings(f"http://127.0.0.1:{fake_server.server_port}/v1/", "gemma", api_key="k1",
                           query_prompt="Q: ", document_prompt="D: ", batch_size=2)
    texts = ["a", "bbb", "cc", "a"]
    vectors = np.array(emb.embed_documents(texts))
    assert [path for path, _, _ in fake_server.requests] == ["/v1/embeddings", "/v1/embeddings"]
    assert [body["input"] for _, _, body in fake_server.requests] == [["D: a", "D: bbb"], ["D: cc"]]  # 3 distinct texts, 2 a batch
    assert {(auth, body["model"]) for _, auth, body in fake_server.requests} == {("Bearer k1", "gemma")}
    expected = np.array([[len("D: " + t), 1, 0, 0] for t in texts], dtype=float)
    assert np.allclose(vectors, expected / np.linalg.norm(expected, axis=1, keepdims=True))  # in order, unit length

    assert emb.embed_documents(["cc", "a"]) == [vectors[2].tolist(), vectors[0].tolist()]
    assert len(fake_server.requests) == 2  # seen texts are not sent again
    query = emb.embed_query("xy")
    assert fake_server.requests[-1][2]["input"] == ["Q: xy"] and np.isclose(np.linalg.norm(query), 1)
    assert emb.dimension == 4


def test_a_query_asked_again_is_not_sent_again_until_the_memo_is_forgotten(fake_server):
    emb = ServerEmbeddings(f"http://127.0.0.1:{fake_server.server_port}/v1/", "gemma", query_prompt="Q: ")
    first = emb.embed_query("chi coordina il network?")
    sent = len(fake_server.requests)
    again = emb.embed_query("chi coordina il network?")
    assert again == first and len(fake_server.requests) == sent  # one answer encodes a part or a message twice
    again.append(0.0)  # a caller's copy: the memo keeps its own
    assert emb.embed_query("chi coordina il network?") == first
    emb.forget_queries()  # (a compiled encoder came in)
    assert emb.embed_query("chi coordina il network?") == first and len(fake_server.requests) == sent + 1


def test_built_from_settings_and_named_like_the_in_process_model(fake_server):
    emb = build_embeddings(server_settings(fake_server.server_port))
    assert isinstance(emb, ServerEmbeddings) and emb is build_embeddings(server_settings(fake_server.server_port))
    assert emb.fingerprint == fingerprint("embeddinggemma-300m", 4)  # the dimension asked of the server
    other = build_embeddings(server_settings(fake_server.server_port, embedding_api_model="nomic-embed-text"))
    assert other.fingerprint != emb.fingerprint  # another model: another collection


def test_the_default_prompts_are_the_installed_models_own():
    settings = Settings()
    config = json.loads((settings.models_dir / "embeddinggemma-300m" / "config_sentence_transformers.json").read_text())
    assert config["prompts"]["query"] == settings.embedding_query_prompt
    assert config["prompts"]["document"] == settings.embedding_document_prompt


def test_failures_are_one_line_store_errors(fake_server):
    port = fake_server.server_port
    fake_server.mode = "error"
    with pytest.raises(EmbeddingUnavailable, match=r"at http://127.0.0.1:\d+/v1 answered HTTP 500: model not loaded$"):
        build_embeddings(server_settings(port)).embed_query("x")
    fake_server.mode = "short"
    with pytest.raises(EmbeddingUnavailable, match=r"returned \(1, 2\) vectors for 2 texts"):
        ServerEmbeddings(f"http://127.0.0.1:{port}/v1", "m").embed_documents(["a", "b"])
    fake_server.mode = "html"
    with pytest.raises(EmbeddingUnavailable, match="did not return embeddings"):
        ServerEmbeddings(f"http://127.0.0.1:{port}/v1", "m").embed_query("x")
    fake_server.mode = "slow"
    t0 = time.perf_counter()
    with pytest.raises(EmbeddingUnavailable, match="did not answer within 0.5 s"):
        ServerEmbeddings(f"http://127.0.0.1:{port}/v1", "m", timeout=0.5).embed_query("x")
    assert time.perf_counter() - t0 < 1.4

    t0 = time.perf_counter()
    with pytest.raises(EmbeddingUnavailable, match="cannot be reached") as err:
        build_embeddings(server_settings(free_port())).fingerprint  # noqa: B018 - opening the store asks for it
    assert time.perf_counter() - t0 < 2 and isinstance(err.value, StoreUnavailable)  # the chat and CLI degrade as for the store
    with pytest.raises(EmbeddingUnavailable, match="IMAGINE_EMBEDDING_BASE_URL is not set"):
        build_embeddings(Settings(embedding_backend="openai"))


# --- against a real server: llama-cpp-python's, on the installed EmbeddingGemma GGUF ------------


class GGUFServer:
    """llama.cpp's OpenAI-compatible server with the EmbeddingGemma GGUF (converted once, cached), on
    loopback; restartable on the same port, stopped by its own PID."""

    def __init__(self, log: Path):
        from imagine.models import EMBEDDING_GEMMA_GGUF, install

        self.model = install(EMBEDDING_GEMMA_GGUF, Settings().models_dir) / EMBEDDING_GEMMA_GGUF.output_name
        self.port, self.log, self.proc = free_port(), log, None

    def start(self) -> "GGUFServer":
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(llama_server_command(self.model, self.port), stdout=log, stderr=subprocess.STDOUT)
        wait_http(f"http://127.0.0.1:{self.port}/v1/models", timeout=90, proc=self.proc)
        return self

    def stop(self) -> None:
        stop(self.proc)


@pytest.fixture(scope="module")
def gguf_server(tmp_path_factory):
    server = GGUFServer(tmp_path_factory.mktemp("embedding-server") / "server.log").start()
    yield server.port
    server.stop()


def _questions(n: int) -> list[str]:
    path = Path(__file__).resolve().parents[3] / "evaluation" / "questions.jsonl"
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines()[:n]]


@pytest.mark.slow
def test_server_vectors_agree_with_the_in_process_model(gguf_server, embeddings, indexed_settings):
    """The same model in llama.cpp and in torch, bf16 both: cosine >= 0.9999 measured on all 50 chunks and
    20 questions (min 0.99994 and 0.99989); every fifth chunk here (in a fixed order),
    as the server embeds ~0.2-0.5 chunk/s on these cores."""
    from imagine.components.vector_store import open_store

    chunks = sorted(open_store(embeddings, indexed_settings).get(include=["documents"])["documents"])[::5]
    server = build_embeddings(server_settings(gguf_server))
    assert server.fingerprint == embeddings.fingerprint  # so the index built in process is shared

    ours, theirs = np.array(embeddings.embed_documents(chunks)), np.array(server.embed_documents(chunks))
    doc_cos = np.sum(ours * theirs, axis=1)
    questions = _questions(20)
    q_cos = np.array([np.dot(embeddings.embed_query(q), server.embed_query(q)) for q in questions])
    print(f"{len(chunks)} chunks: cosine min {doc_cos.min():.5f} mean {doc_cos.mean():.5f}; "
          f"{len(questions)} queries: min {q_cos.min():.5f}")
    assert len(chunks) >= 10 and doc_cos.min() > 0.999 and q_cos.min() > 0.999


@pytest.mark.slow
def test_a_question_retrieves_the_same_passages_through_the_server(gguf_server, embeddings, indexed_settings):
    from assistant.retrieve import Query, Retriever
    from imagine.components.vector_store import open_store

    local = Retriever(open_store(embeddings, indexed_settings))
    served = Retriever(open_store(build_embeddings(server_settings(gguf_server)), indexed_settings))
    assert served.store.name == local.store.name  # one index for both
    same = 0
    questions = _questions(20)
    for question in questions:
        want = [p.id for p in local.search(Query(question, []), k=5)]
        got = [p.id for p in served.search(Query(question, []), k=5)]
        assert got[0] == want[0], question
        same += got == want
    print(f"{same} of {len(questions)} questions: the same top 5 in the same order")
    assert same >= len(questions) - 1  # near-ties may swap two neighbours, once at most


@pytest.mark.slow
def test_the_assistant_through_the_server_then_stopped_then_back(indexed_settings, tmp_path):
    """Serving with the server backend on the index built in process; a clear answer while the server is
    down (not an error page), and the same answer once it is back, without restarting the assistant."""
    from assistant import Assistant
    from tests.helpers import copy_index

    server = GGUFServer(tmp_path / "server.log").start()
    try:
        settings = copy_index(indexed_settings, tmp_path / "copy", embedding_backend="openai",
                              embedding_base_url=f"http://127.0.0.1:{server.port}/v1")
        bot = Assistant(settings)
        question = "By how much did air pollution fall in the Gendorf district?"
        first = bot.ask(question)
        assert first.route == "passages" and first.citations
        server.stop()
        down = bot.ask("What did the business circles of the Vreten park work on?")  # not asked before
        assert (down.route, down.citations) == ("error", [])
        assert "cannot be reached" in down.text and f"127.0.0.1:{server.port}" in down.text
        assert bot.ask(question).text == first.text  # a question asked before: its query vectors are memoised
        server.start()
        back = bot.ask(question)
        assert (back.route, back.text) == ("passages", first.text)
    finally:
        server.stop()
