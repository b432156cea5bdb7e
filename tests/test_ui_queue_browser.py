"""A question that waits for a free answer slot shows, in its chat bubble, its place in line and an estimate.

The web chat runs in this process with one answer slot and a fake assistant injected through
``LazyAssistant``'s factory, whose answers finish only when the test says (so which question waits
is certain); two browser pages (two sessions) ask at once in headless Chromium.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from assistant.feedback import FeedbackStore
from assistant.types import Answer
from imagine.settings import Settings
from tests.helpers import free_port
from tests.test_ui_browser import BOT, CHROMIUM, CHROMIUM_ARGS, USER

pytestmark = pytest.mark.slow


class HeldAssistant:
    """Answers each question once the test releases one answer (``gate``); records what it was asked."""

    def __init__(self):
        self.gate = threading.Semaphore(0)
        self.asked: list[str] = []

    def status(self) -> dict:
        return {"llm_backend": "fake"}

    def cards(self) -> list:
        return []

    def stream(self, question, history=None):
        self.asked.append(question)
        if not self.gate.acquire(timeout=60):
            raise TimeoutError("the test never released this answer")
        yield Answer(text=f"Risposta a: {question}", route="passages", backend="fake")


@pytest.fixture(scope="module")
def held_app(tmp_path_factory):
    import ui

    root = tmp_path_factory.mktemp("queue")
    bot = HeldAssistant()
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus", ui_concurrency=1)
    lazy = ui.LazyAssistant(settings, factory=lambda _: bot).start()
    demo = ui.build_app(lazy, FeedbackStore(root / "feedback.sqlite3"), export_dir=root)
    demo.queue()
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, css=ui.CSS)
    try:
        yield f"http://127.0.0.1:{port}", bot
    finally:
        for _ in range(8):  # nothing left holding a worker
            bot.gate.release()
        demo.close()


def open_chat(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector("#status-line:has-text('Pronto / Ready')", timeout=30_000)
    return page


def send(page, question: str) -> None:
    page.fill("#msg textarea", question)
    page.press("#msg textarea", "Enter")


def wait_for(predicate, what: str, timeout: float = 20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def test_a_waiting_question_shows_its_place_and_an_estimate_in_the_chat(held_app):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run ./run.sh test (installs Debian chromium)")
    url, bot = held_app
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            first, second = open_chat(browser, url), open_chat(browser, url)
            # one answer timed, so that estimates have a duration to go by
            send(first, "Domanda uno")
            wait_for(lambda: bot.asked == ["Domanda uno"], "the first question to be computed")
            time.sleep(1.0)
            bot.gate.release()
            wait_for(lambda: "Risposta a: Domanda uno" in first.locator(BOT).last.inner_text(), "the first answer")

            send(first, "Domanda due")  # holds the only slot
            wait_for(lambda: bot.asked[-1:] == ["Domanda due"], "the second question to be computed")
            send(second, "Domanda tre")
            # the waiting question is in the chat at once, its bubble says where it stands and about when
            wait_for(lambda: "Domanda tre" in second.locator(USER).last.inner_text(), "the waiting question in the chat")
            waiting = wait_for(lambda: (t := second.locator(BOT).last.inner_text()) and "Queued" in t and t,
                               "the waiting bubble")
            assert re.search(r"In coda: posizione 1 di 1, risposta tra circa \d+ s / "
                             r"Queued: position 1 of 1, answer in about \d+ s", waiting), waiting
            assert bot.asked == ["Domanda uno", "Domanda due"]  # it really waits: not computed yet

            bot.gate.release()  # the second answer is done: the third is admitted and answered
            wait_for(lambda: bot.asked[-1:] == ["Domanda tre"], "the waiting question to be admitted")
            bot.gate.release()
            wait_for(lambda: "Risposta a: Domanda tre" in second.locator(BOT).last.inner_text(), "the third answer")
            assert "Queued" not in second.locator("#chatbot").inner_text()
        finally:
            browser.close()
