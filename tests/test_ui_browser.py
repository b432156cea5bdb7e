"""The web chat end to end: ui.py started as a subprocess, driven in headless Chromium and by gradio_client.

One app process for the module (extractive backend, private copy of the corpus and index,
plus one document containing ``<script>``, a login with an admin and a guest, an API key); one
browser page, logged in as the guest, shared by the tests, which run in file order. Every request the page makes is recorded; the last test checks none
left localhost. Screenshots go to tests/artifacts/ (gitignored); timings to
tests/artifacts/ui_timings.json.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from imagine.settings import REPO_ROOT
from tests.helpers import copy_index, free_port, ingest_env, stop, wait_http

pytestmark = pytest.mark.slow

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCRIPT_DOC = """Nota operativa del comitato di distretto

Il comitato di distretto approva ogni anno il programma ambientale comune delle imprese aderenti.
Nel verbale compare il frammento <script>alert('documento')</script> copiato da una pagina web.
Il comitato controlla anche il registro condiviso delle prescrizioni legali.
"""
USERS = {"admin": "admin-pass-1", "guest": "guest-pass-2"}
API_KEY = "browser-test-key"
BOT = "#chatbot [data-testid='bot']"
USER = "#chatbot [data-testid='user']"
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def app(indexed_settings, tmp_path_factory):
    """The app on a free port over a private copy of the shared index, plus a document with <script>."""
    from ingest.pipeline import run_ingest

    settings = copy_index(indexed_settings, tmp_path_factory.mktemp("ui"))
    (settings.documents_dir / "nota-comitato.txt").write_text(SCRIPT_DOC, encoding="utf-8")
    run_ingest(settings, progress=False)  # incremental: embeds only the new note
    port = free_port()
    env = ingest_env(settings) | {"IMAGINE_LLM_BACKEND": "extractive", "IMAGINE_PORT": str(port),
                                  "IMAGINE_HOST": "127.0.0.1", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                                  "IMAGINE_AUTH": ",".join(f"{u}:{p}" for u, p in USERS.items()), "IMAGINE_ADMINS": "admin",
                                  "IMAGINE_API_KEYS": API_KEY}
    log = open(settings.data_dir / "ui.log", "wb")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(REPO_ROOT / "ui.py")], env=env, cwd=REPO_ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url, 90, proc)
        TIMINGS["server_up_s"] = time.perf_counter() - started
        yield {"url": url, "settings": settings, "proc": proc, "started": started}
    finally:
        stop(proc)
        log.close()
        print((settings.data_dir / "ui.log").read_text(errors="replace")[-3000:])


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run ./run.sh test (installs Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def log_in(page, user: str, password: str) -> None:
    """Fill Gradio's login form (both fields: a failed attempt clears them) and submit it."""
    page.fill("input[data-testid='textbox']", user)
    page.fill("input[type='password']", password)
    page.click("button:has-text('Login')")


@pytest.fixture(scope="module")
def page(app, browser):
    """One page on the app, logged in as the guest; records every request and any JavaScript dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.requests, page.dialogs = [], []
    context.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    t0 = time.perf_counter()
    page.goto(app["url"])
    log_in(page, "guest", USERS["guest"])
    page.wait_for_selector("#msg textarea")
    TIMINGS["page_load_s"] = time.perf_counter() - t0
    page.wait_for_selector("#status-line:has-text('Pronto / Ready')", timeout=120_000)
    TIMINGS["assistant_ready_after_start_s"] = time.perf_counter() - app["started"]
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ui_timings.json").write_text(json.dumps(TIMINGS, indent=1))
    context.close()


def ask(page, question: str, timeout: float = 60) -> tuple[str, list[str]]:
    """Type a question, press Enter; returns the final answer's HTML and the successive texts seen while streaming."""
    before = page.locator(BOT).count()
    page.fill("#msg textarea", question)
    t0 = time.perf_counter()
    page.press("#msg textarea", "Enter")
    seen, first = [], None
    deadline = time.time() + timeout
    while time.time() < deadline:
        bots = page.locator(BOT)
        if bots.count() > before:
            text = bots.nth(before).inner_text()
            if text and (not seen or seen[-1] != text):
                seen.append(text)
                if first is None and text.strip() not in ("…", "") and "Building the index" not in text:
                    first = time.perf_counter() - t0
            if bots.nth(before).locator(".imagine-sources, .imagine-refused, .imagine-table").count():
                final = bots.nth(before).inner_text()  # the answer may have landed between the two reads above
                if final and seen[-1:] != [final]:
                    seen.append(final)
                break
        time.sleep(0.03)
    else:
        pytest.fail(f"no finished answer to {question!r}; seen: {seen[-3:]}")
    if first is not None:
        TIMINGS.setdefault("first_text_s", []).append(round(first, 3))
    TIMINGS.setdefault("answer_done_s", []).append(round(time.perf_counter() - t0, 3))
    return page.locator(BOT).nth(before).inner_html(), seen


def new_conversation(page):
    page.click("#new-chat")
    page.wait_for_function(f"document.querySelectorAll(\"{BOT}\").length === 0")


# --- login ------------------------------------------------------------------------------------------
def test_the_chat_asks_for_a_login_and_refuses_a_wrong_password(app, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(app["url"])
    page.wait_for_selector("button:has-text('Login')")
    assert page.locator("#msg").count() == 0 and page.locator("#chatbot").count() == 0
    log_in(page, "guest", "wrong-password")
    page.wait_for_selector("text=Incorrect Credentials")
    assert page.locator("#msg").count() == 0
    context.close()
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:  # the app's configuration is not served either
        urllib.request.urlopen(f"{app['url']}/config", timeout=10)
    assert refused.value.code == 401


# --- chat ---------------------------------------------------------------------------------------
def test_italian_question_streams_a_cited_answer_and_a_source_opens(page):
    html, seen = ask(page, "Quali criteri sono stati usati per selezionare i cluster?")
    assert len(seen) >= 2, f"no streaming seen: {seen}"  # placeholder / partial text, then the final answer
    bot = page.locator(BOT).last
    assert re.search(r"\[\d+\]", bot.inner_text()), "no citation marker in the answer"
    assert bot.locator(".imagine-sources-title").inner_text() == "Fonti"
    source = bot.locator("details.imagine-source").first
    passage = source.locator(".imagine-passage")
    assert not passage.is_visible()
    source.locator("summary").click()
    assert passage.is_visible() and len(passage.inner_text()) > 40
    assert source.locator("summary").inner_text().startswith("[1]") and "›" in source.locator("summary").inner_text()
    assert bot.locator(".imagine-passage mark").count() >= 1, "no supporting sentence highlighted"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui_chat_italian.png"), full_page=True)


def test_english_question_then_follow_up_keeps_context(page):
    new_conversation(page)
    html, _ = ask(page, "Tell me about the Gendorf cluster.")
    first = page.locator(BOT).last
    assert first.locator(".imagine-sources-title").inner_text() == "Sources"
    assert "Gendorf" in first.inner_text()
    html, _ = ask(page, "And how many workers does it have?")
    follow = page.locator(BOT).last
    assert page.locator(USER).count() == 2
    assert not follow.locator(".imagine-refused").count(), follow.inner_text()
    assert "Gendorf" in follow.inner_text(), f"follow-up lost the cluster: {follow.inner_text()[:400]}"
    page.screenshot(path=str(ARTIFACTS / "ui_chat_follow_up.png"), full_page=True)


def test_thumbs_and_comment_are_stored_in_sqlite(page, app):
    page.locator("#chatbot button[aria-label='Dislike']").last.click()
    page.wait_for_selector("#feedback-note:has-text('negativ')")
    page.fill("#comment textarea", "Manca il numero di imprese")
    page.click("#send-comment")
    page.wait_for_selector("#feedback-note:has-text('Commento salvato')")
    db = app["settings"].data_dir / "feedback.sqlite3"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT rating, comment, question, answer, citations, settings FROM feedback").fetchall()
    assert len(rows) == 1
    rating, comment, question, answer, citations, stored = rows[0]
    assert (rating, comment, question) == (-1, "Manca il numero di imprese", "And how many workers does it have?")
    assert answer and json.loads(citations) and json.loads(stored)["llm_backend"] == "extractive"


def test_out_of_corpus_question_is_refused_plainly(page):
    new_conversation(page)
    ask(page, "What is the best recipe for a chocolate cake?")
    bot = page.locator(BOT).last
    assert bot.locator(".imagine-refused").inner_text() == "Not found in the documents"
    assert bot.locator(".imagine-sources").count() == 0


def test_script_in_the_question_is_shown_as_text(page):
    new_conversation(page)
    ask(page, "Che cosa dice il report su <script>alert(1)</script> i distretti?")
    assert page.locator(USER).last.inner_text().strip() == "Che cosa dice il report su <script>alert(1)</script> i distretti?"
    assert page.locator("#chatbot script").count() == 0
    assert page.dialogs == []


def test_script_in_a_document_is_shown_as_text_in_its_source(page):
    ask(page, "Che cosa approva ogni anno il comitato di distretto?")
    bot = page.locator(BOT).last
    source = bot.locator("details.imagine-source", has_text="nota-comitato.txt")
    assert source.count() >= 1, f"the note was not cited: {bot.inner_text()[:500]}"
    source.first.locator("summary").click()
    assert "<script>alert('documento')</script>" in source.first.locator(".imagine-passage").inner_text()
    assert page.locator("#chatbot script").count() == 0 and page.dialogs == []
    page.screenshot(path=str(ARTIFACTS / "ui_chat_script_escaped.png"), full_page=True)


# --- explorer -----------------------------------------------------------------------------------
def explorer_count(page, differs_from: int | None = None, timeout: float = 30) -> int:
    """The number of clusters the explorer shows; with ``differs_from``, wait until it changes."""
    deadline = time.time() + timeout
    while True:
        found = re.search(r"(\d+) cluster", page.inner_text("#explorer-count"))
        if found and (differs_from is None or int(found.group(1)) != differs_from):
            return int(found.group(1))
        if time.time() > deadline:
            pytest.fail(f"explorer count stayed {differs_from}")
        time.sleep(0.05)


def test_explorer_filters_exports_csv_and_compares(page, tmp_path):
    page.click("button[role='tab']:has-text('Esplora')")
    total = explorer_count(page)
    assert total >= 19
    page.fill("#f-workers input", "4000")
    page.press("#f-workers input", "Enter")
    shown = explorer_count(page, differs_from=total)
    assert 0 < shown < total
    with page.expect_download() as download:
        page.click("#export-csv")
    target = tmp_path / "export.csv"
    download.value.save_as(target)
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert len(rows) == shown and all(int(r["workers"]) >= 4000 for r in rows)
    grid = page.locator("#cards-table [role='grid']")
    assert grid.get_attribute("aria-rowcount") == str(shown + 1)  # heading row + one per cluster
    assert page.locator("#size-chart .imagine-bar-workers").count() == shown

    for name in [rows[0]["name"], rows[1]["name"]]:
        page.click("#compare-pick input")
        page.keyboard.type(name)
        page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#compare thead th').length === 3")
    headers = page.locator("#compare thead th").all_inner_texts()
    assert headers[1:] == [rows[0]["name"], rows[1]["name"]]
    page.keyboard.press("Escape")
    page.locator("#compare").click()  # close the picker before the screenshot
    page.screenshot(path=str(ARTIFACTS / "ui_explorer.png"), full_page=True)


def test_status_tab_names_models_and_index_state_without_paths_for_a_guest(page, app):
    page.click("button[role='tab']:has-text('Stato')")
    text = page.inner_text("#status-details")
    assert "extractive" in text and "embeddinggemma" in text.lower() and "aggiornato / up to date" in text
    assert str(app["settings"].data_dir) not in text and "…/chroma" in text and "…/feedback.sqlite3" in text


# --- API and network ----------------------------------------------------------------------------
def test_chat_endpoint_streams_through_gradio_client(app):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gradio_client import Client

    client = Client(app["url"], auth=("guest", USERS["guest"]), verbose=False)
    job = client.submit("Quali cluster si trovano in Spagna?", api_name="/chat")
    textbox, messages = job.result(timeout=120)
    assert len(job.outputs()) >= 2, "the endpoint did not stream"
    assert textbox == "" and [m["role"] for m in messages] == ["user", "assistant"]
    content = messages[-1]["content"]
    content = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    assert "imagine-sources" in content and re.search(r"\[\d+\]", content)
    status = client.predict(api_name="/status")
    assert status["ready"] is True and status["cards"] >= 19 and status["llm_backend"] == "extractive"
    assert status["store"] == "…/chroma"  # a guest; the admin sees where the files are
    admin = Client(app["url"], auth=("admin", USERS["admin"]), verbose=False).predict(api_name="/status")
    assert admin["store"] == str(app["settings"].chroma_dir)


def test_the_http_api_answers_on_the_same_port_with_its_key(app):
    import openai

    client = openai.OpenAI(base_url=f"{app['url']}/v1", api_key=API_KEY, max_retries=0)
    response = client.chat.completions.create(model="imagine", messages=[{"role": "user", "content": "Quali cluster si trovano in Spagna?"}])
    assert response.imagine["route"] == "cards" and "[1]" in response.choices[0].message.content
    with pytest.raises(openai.AuthenticationError):  # the chat's login is not an API key
        openai.OpenAI(base_url=f"{app['url']}/v1", api_key=USERS["guest"], max_retries=0).models.list()


def test_no_request_left_localhost(page):
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert page.requests and hosts <= {"127.0.0.1", "localhost"}, hosts
