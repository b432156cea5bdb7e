"""LLM backends: failures become LLMUnavailable, the assistant repairs or falls back, real models stream.

Fast tests use loopback HTTP servers that misbehave on purpose (silent, HTTP 500, cut
mid-stream) and fake backends (plumbing only). Slow tests load the real GGUF model twice:
in-process through llama.cpp, and behind llama-cpp-python's own OpenAI-compatible server.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time

import pytest

from assistant.cite import markers_in, valid_markers
from assistant.evidence import numbers
from assistant.language import detect_language
from imagine.components.llm import LLMUnavailable, build_llm
from imagine.components.llm.local import LocalLLM
from imagine.components.llm.openai_compatible import OpenAILLM
from assistant.prompt import build_messages, prefix_messages
from imagine.models import resolve
from imagine.settings import Settings
from tests.fakes import Writer
from tests.helpers import QuietHandler, free_port, http_server, stop, wait_http

MESSAGES = build_messages("Dove si trova Gendorf?", [(1, "Il distretto di Gendorf è in Baviera.")], [], "it")
PASSAGE_QUESTION = "Quali vantaggi offre l'approccio cluster alle piccole e medie imprese per EMAS?"


def drain(stream) -> list[str]:
    return list(stream)


# --- build_llm and the local backend without a model ----------------------------------------


def test_extractive_means_no_llm(tmp_path):
    assert build_llm(Settings(llm_backend="extractive", models_dir=tmp_path)) is None


def test_local_model_not_installed(tmp_path):
    with pytest.raises(LLMUnavailable, match="not installed"):
        build_llm(Settings(llm_backend="local", models_dir=tmp_path))


def test_local_runtime_missing(tmp_path, monkeypatch):
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import llama_cpp -> ImportError
    with pytest.raises(LLMUnavailable, match="llama-cpp-python is not installed"):
        build_llm(Settings(llm_backend="local", llm_model=str(gguf), models_dir=tmp_path))


def test_local_model_file_damaged(tmp_path):
    gguf = tmp_path / "broken.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 4096)
    with pytest.raises(LLMUnavailable, match="could not be loaded"):
        build_llm(Settings(llm_backend="local", llm_model=str(gguf), models_dir=tmp_path))


class FakeLlama:
    """Stands in for llama_cpp.Llama: records the call, streams three chunks (raises ``fail`` once first)."""

    def __init__(self, fail: Exception | None = None):
        self.fail, self.kwargs = fail, None

    def create_chat_completion(self, **kwargs):
        self.kwargs = kwargs
        if self.fail:
            fail, self.fail = self.fail, None
            raise fail
        return iter([{"choices": [{"delta": {"role": "assistant"}}]}]
                    + [{"choices": [{"delta": {"content": p}}]} for p in ("Gendorf ", "è in ", "Baviera [1].")])


def fake_local(tmp_path, monkeypatch, llama, **overrides) -> LocalLLM:
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setattr("imagine.components.llm.local._load_llama", lambda *args: (llama, threading.Lock()))
    return build_llm(Settings(llm_backend="local", llm_model=str(gguf), models_dir=tmp_path, **overrides))


def test_local_streams_greedy_and_one_question_at_a_time(tmp_path, monkeypatch):
    llama = FakeLlama()
    backend = fake_local(tmp_path, monkeypatch, llama, llm_timeout_s=0.2)
    assert drain(backend.stream(MESSAGES, 32)) == ["Gendorf ", "è in ", "Baviera [1]."]
    assert llama.kwargs["temperature"] == 0 and llama.kwargs["max_tokens"] == 32 and llama.kwargs["messages"] == MESSAGES

    first = backend.stream(MESSAGES, 32)
    next(first)  # a generation in progress holds the model
    t0 = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="busy"):
        drain(backend.stream(MESSAGES, 32))
    assert time.perf_counter() - t0 < 1
    first.close()  # abandoned mid-answer (e.g. the user left): the model is free again
    assert len(drain(backend.stream(MESSAGES, 32))) == 3


def test_local_generation_error_is_unavailable(tmp_path, monkeypatch):
    backend = fake_local(tmp_path, monkeypatch, FakeLlama(ValueError("Requested tokens (5000) exceed context window of 4096")))
    with pytest.raises(LLMUnavailable, match="exceed context window"):
        drain(backend.stream(MESSAGES, 32))
    assert len(drain(backend.stream(MESSAGES, 8))) == 3  # the model was released after the error


# --- the OpenAI-compatible backend against misbehaving loopback servers ---------------------


def openai_settings(port: int, **overrides) -> Settings:
    return Settings(llm_backend="openai", openai_base_url=f"http://127.0.0.1:{port}/v1", openai_model="m", **overrides)


class _Handler(QuietHandler):
    """POST /v1/chat/completions answered the way ``server.mode`` says; the request body is recorded."""

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        if self.server.mode == "error":
            payload = b'{"error": {"message": "model crashed"}}'
            self.send_response(500)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                 "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Gendorf è"}, "finish_reason": None}]}
        data = f"data: {json.dumps(chunk)}\n\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", "100000")  # promise more than is sent, then hang up
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def fake_server():
    with http_server(_Handler, "error") as server:
        yield server


@pytest.fixture
def silent_server():
    """Accepts connections and never answers (bounded: closes everything at teardown)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    held, done = [], threading.Event()

    def accept():
        while not done.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    done.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    listener.close()


def test_openai_connection_refused_is_quick():
    backend = build_llm(openai_settings(free_port()))
    t0 = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="cannot reach"):
        drain(backend.stream(MESSAGES, 16))
    assert time.perf_counter() - t0 < 2


def test_openai_silent_server_times_out(silent_server):
    backend = build_llm(openai_settings(silent_server, llm_timeout_s=2))
    t0 = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="did not answer within 2 s"):
        drain(backend.stream(MESSAGES, 16))
    assert 1.5 < time.perf_counter() - t0 < 3.5


def test_openai_http_error_and_request_shape(fake_server):
    backend = build_llm(openai_settings(fake_server.server_port))
    with pytest.raises(LLMUnavailable, match="HTTP 500"):
        drain(backend.stream(MESSAGES, 16))
    (sent,) = fake_server.requests  # max_retries=0: exactly one attempt
    assert sent["max_tokens"] == 16 and sent["temperature"] == 0 and sent["stream"] is True
    assert sent["messages"] == MESSAGES


def test_openai_connection_lost_mid_stream(fake_server):
    fake_server.mode = "cut"
    pieces = []
    with pytest.raises(LLMUnavailable, match="lost mid-answer"):
        for piece in build_llm(openai_settings(fake_server.server_port)).stream(MESSAGES, 16):
            pieces.append(piece)
    assert pieces == ["Gendorf è"]  # what arrived before the cut was streamed


# --- the assistant with fake backends: repair and fallback (plumbing only) -----------------


@pytest.fixture(scope="module")
def llm_settings(fake_indexed_settings):
    """The fake embedder's shared index (tests/fakes.py), with an LLM backend configured (the fake ones are passed
    in directly), writing its summary after the quotes (off by default for the local model: these tests check
    what happens to it)."""
    return fake_indexed_settings.model_copy(update={"llm_backend": "local", "llm_max_tokens": 80, "llm_summary": "on"})


def _asking(assistant):
    """Ask ``assistant`` with another backend and settings; its own are restored when the generator closes.
    Reusing a session's Assistant (same index) avoids loading the cards and the sentence vectors again."""
    saved = assistant.settings, assistant._llm, assistant._llm_error

    def ask(settings, backend, question=PASSAGE_QUESTION):
        assistant.settings, assistant._llm, assistant._llm_error = settings, backend, ""
        pieces, answer = [], None
        for item in assistant.stream(question):
            if isinstance(item, str):
                pieces.append(item)
            else:
                answer = item
        return pieces, answer

    yield ask
    assistant.settings, assistant._llm, assistant._llm_error = saved


@pytest.fixture
def ask_with(fake_assistant):
    """Plumbing: the shared Assistant on the fake embedder's index."""
    yield from _asking(fake_assistant)


@pytest.fixture
def ask_real(assistant):
    """The real models: the shared Assistant on the real index (what the real-LLM tests claim depends on retrieval)."""
    yield from _asking(assistant)


@pytest.fixture(scope="module")
def real_llm_settings(indexed_settings):
    """The real index, with the local LLM backend and its summary on."""
    return indexed_settings.model_copy(update={"llm_backend": "local", "llm_max_tokens": 80, "llm_summary": "on"})


class Timed:
    """Wraps a backend and records how long each ``stream`` call lasted, to its end or its error."""

    def __init__(self, backend):
        self.inner, self.name, self.backend, self.seconds = backend, backend.name, backend.backend, []

    def stream(self, messages, max_tokens):
        t0 = time.perf_counter()
        try:
            yield from self.inner.stream(messages, max_tokens)
        finally:
            self.seconds.append(time.perf_counter() - t0)


def numbers_supported(answer) -> bool:
    cited = set().union(*(numbers(p.text) for p in answer.citations)) if answer.citations else set()
    return numbers(answer.text.replace("[", " [")) - {str(n) for n in markers_in(answer.text)} <= cited


def test_invented_markers_and_numbers_are_repaired_or_dropped(llm_settings, ask_with):
    def write(evidence):
        first = evidence[min(evidence)]
        yield f"{first} [7]. "  # a true sentence under an invented marker: re-attributed
        yield "Il cluster conta 987654 addetti [1]. "  # an invented number: dropped
        yield "Inoltre le imprese risparmiano molto [12]."  # unsupported: dropped

    fake = Writer(write)
    pieces, answer = ask_with(llm_settings, fake)
    assert answer.route == "passages" and answer.backend == "local", answer.notice
    assert len(fake.calls) == 1 and fake.calls[0][: len(prefix_messages())] == prefix_messages()
    assert valid_markers(answer.text, answer.citations) and answer.citations
    assert "987654" not in answer.text and "[7]" not in answer.text and "[12]" not in answer.text
    assert numbers_supported(answer)
    assert {p.id for p in answer.citations} <= {p.id for p in answer.retrieved}
    # the quotes first, then the summary's label and the LLM's pieces as written; the final text is the repaired one
    assert len(pieces) == 5 and answer.text.startswith(pieces[0]) and pieces[1].strip() in ("In breve:", "In short:")


def test_unavailable_backend_falls_back_to_extractive_with_notice(llm_settings, ask_with):
    def write(evidence):
        yield "Le imprese"
        raise LLMUnavailable("cannot reach the LLM server at http://127.0.0.1:9/v1")

    pieces, answer = ask_with(llm_settings, Writer(write))
    assert answer.backend == "extractive" and answer.citations and valid_markers(answer.text, answer.citations)
    assert "cannot reach the LLM server" in answer.notice
    assert pieces[2] == "Le imprese" and answer.text == pieces[0]  # the quotes shown first stand alone


def test_silent_openai_server_falls_back_within_the_timeout(llm_settings, silent_server, ask_with):
    settings = llm_settings.model_copy(
        update={"llm_backend": "openai", "openai_base_url": f"http://127.0.0.1:{silent_server}/v1", "llm_timeout_s": 2}
    )
    backend = Timed(build_llm(settings))
    _, answer = ask_with(settings, backend)
    assert answer.backend == "extractive" and "did not answer within 2 s" in answer.notice
    assert len(backend.seconds) == 1 and backend.seconds[0] < 3.5  # the 2 s setting, not the 60 s default


# --- the real model: in-process and behind a real OpenAI-compatible server -----------------


class Measured:
    """Wraps a real backend: counts the prompt tokens beyond the cached prefix with the model's tokenizer."""

    def __init__(self, backend, tokenize):
        self.inner, self.tokenize, self.name, self.backend, self.new_tokens = backend, tokenize, backend.name, backend.backend, []

    def stream(self, messages, max_tokens):
        whole, prefix = (self.tokenize(_chatml(m)) for m in (messages, prefix_messages()))
        self.new_tokens.append(whole - prefix)
        yield from self.inner.stream(messages, max_tokens)


def _chatml(messages) -> str:
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)


@pytest.fixture(scope="module")
def local_llm(llm_settings):
    backend = build_llm(llm_settings)
    assert isinstance(backend, LocalLLM), "run ./run.sh setup to build llama-cpp-python and install the model"
    return backend


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, lang",
    [
        (PASSAGE_QUESTION, "it"),
        ("What reduction in air pollution did the Gendorf industrial area achieve compared with 1979?", "en"),
    ],
)
def test_local_model_streams_a_cited_answer_in_the_question_language(real_llm_settings, local_llm, ask_real, question, lang):
    tokenize = lambda text: len(local_llm._llama.tokenize(text.encode(), add_bos=False, special=True))  # noqa: E731
    measured = Measured(local_llm, tokenize)
    pieces, answer = ask_real(real_llm_settings, measured, question)
    print(f"\n[{lang}] first token {answer.timings.get('first_token_s', 0):.2f} s, new prompt tokens {measured.new_tokens}, "
          f"pieces {len(pieces)}: {answer.text!r}")
    assert answer.route == "passages" and answer.backend == "local", answer.notice
    assert len(pieces) >= 5  # streamed token by token, not in one block
    assert measured.new_tokens and measured.new_tokens[0] <= 280  # ~3 s of prompt processing at most
    assert answer.language == lang and detect_language(answer.text, default="?") == lang
    assert answer.citations and valid_markers(answer.text, answer.citations) and numbers_supported(answer)


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """llama-cpp-python's own OpenAI-compatible server with the local model, on loopback."""
    model = resolve(Settings().llm_model, Settings().models_dir)
    port = free_port()
    log = open(tmp_path_factory.mktemp("llama-server") / "server.log", "wb")
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
           "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/v1/models", timeout=90, proc=proc)
        yield proc, port
    finally:
        stop(proc)
        log.close()


@pytest.mark.slow
def test_openai_backend_streams_from_a_real_server_and_respects_max_tokens(llama_server):
    _, port = llama_server
    backend = build_llm(openai_settings(port))
    assert isinstance(backend, OpenAILLM)
    pieces = drain(backend.stream(MESSAGES, 8))
    assert 3 <= len(pieces) <= 9 and "".join(pieces).strip()  # streamed, and cut at max_tokens


@pytest.mark.slow
def test_assistant_answers_through_a_real_server_then_falls_back_when_it_is_killed(real_llm_settings, llama_server, ask_real):
    proc, port = llama_server
    settings = real_llm_settings.model_copy(update={"llm_backend": "openai", "openai_base_url": f"http://127.0.0.1:{port}/v1"})
    pieces, answer = ask_real(settings, "auto")
    assert answer.backend == "openai", answer.notice
    assert len(pieces) >= 5 and answer.citations and valid_markers(answer.text, answer.citations)

    stop(proc)  # the server dies mid-session: the next question falls back at once
    backend = Timed(build_llm(settings))
    _, answer = ask_real(settings, backend)
    assert answer.backend == "extractive" and "cannot reach the LLM server" in answer.notice
    assert backend.seconds[0] < 1
