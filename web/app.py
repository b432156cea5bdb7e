"""The web chat's Gradio app: three tabs over one (lazily built) assistant.

**Chat** (streamed answers with inline markers [n], each source openable to show the passage with its
supporting sentences highlighted, thumbs up/down and a comment per answer; :mod:`web.render`),
**Cluster explorer** (:mod:`web.explorer`) and **Status** (:mod:`web.status`). This module lays out the
page and wires the chat's events; the page loads nothing from outside localhost.
"""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr

from assistant.feedback import FeedbackStore
from assistant.types import Answer
from web.explorer import Explorer
from web.render import chat_messages, waiting_text
from web.startup import LazyAssistant
from web.status import PREPARING, Status, status_line

EXAMPLES = [
    "Che cos'è l'approccio di distretto (cluster) a EMAS?",
    "Quali criteri sono stati usati per selezionare i cluster?",
    "Quali cluster si trovano in Spagna?",
    "What are the benefits of a collective EMAS registration for SMEs?",
    "Which cluster has the most enterprises?",
    "Compare Hackefors and Vreten.",
]

CSS = """
.imagine-sources { margin-top: .6em; border-top: 1px solid var(--border-color-primary); padding-top: .4em; }
.imagine-sources-title { font-weight: 600; font-size: .9em; margin-bottom: .2em; }
.imagine-source { margin: .25em 0; font-size: .92em; }
.imagine-source summary { cursor: pointer; }
.imagine-cluster { color: var(--body-text-color-subdued); }
.imagine-passage { margin: .3em 0 .5em 1.2em; padding: .4em .6em; border-left: 3px solid var(--color-accent);
  background: var(--background-fill-secondary); white-space: normal; max-height: 22em; overflow-y: auto; }
.imagine-passage mark { background: #fde68a; color: inherit; padding: 0 .1em; }
.imagine-notice { font-size: .88em; color: var(--body-text-color-subdued); margin-top: .4em; }
.imagine-badge { display: inline-block; font-size: .85em; padding: .1em .5em; border-radius: .6em; margin-top: .4em; }
.imagine-refused { background: #fee2e2; color: #7f1d1d; }
.imagine-na { color: var(--body-text-color-subdued); font-style: italic; }
.imagine-table table, .imagine-compare table { border-collapse: collapse; font-size: .9em; margin-top: .5em; }
.imagine-table th, .imagine-table td, .imagine-compare th, .imagine-compare td {
  border: 1px solid var(--border-color-primary); padding: .25em .5em; text-align: left; vertical-align: top; }
.imagine-compare table { width: 100%; }
.imagine-compare td { max-width: 28em; }
.imagine-chart { display: flex; flex-wrap: wrap; gap: 1.5em; }
.imagine-chart-panel { flex: 1 1 22em; min-width: 18em; }
.imagine-bar-row { display: flex; align-items: center; gap: .4em; font-size: .85em; margin: .15em 0; }
.imagine-bar-name { flex: 0 0 13em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.imagine-bar-track { flex: 1; background: var(--background-fill-secondary); height: .9em; border-radius: .2em; }
.imagine-bar { display: block; height: 100%; border-radius: .2em; }
.imagine-bar-enterprises { background: #2563eb; }
.imagine-bar-workers { background: #059669; }
.imagine-bar-value { flex: 0 0 5em; text-align: right; }
.imagine-hint { color: var(--body-text-color-subdued); }
#cards-table table, #cards-table td, #cards-table th, #cards-table span { font-family: var(--font); font-size: .92em; }
"""


def plain_history(turns: list[dict]) -> list[dict]:
    """The finished turns as the plain role/content history the Assistant takes for follow-ups."""
    history = []
    for turn in turns:
        if turn.get("answer") is not None:
            history += [{"role": "user", "content": turn["question"]},
                        {"role": "assistant", "content": turn["answer"].text}]
    return history


def feedback_settings(answer: Answer, status: dict) -> dict:
    """What produced an answer, stored with its feedback."""
    keep = ("llm_backend", "llm", "embedding_model", "store", "last_ingest")
    return {**{k: status.get(k) for k in keep}, "answer_backend": answer.backend, "route": answer.route,
            "language": answer.language, "timings": answer.timings}


def build_app(lazy: LazyAssistant, store: FeedbackStore, export_dir: Path | None = None, host: str | None = None):
    """The Gradio Blocks app over one (lazily built) Assistant and one feedback store, served on ``host``
    (default ``settings.host``; it decides who sees file paths when there is no login).

    Chats are admitted by an :class:`~web.admission.AnswerQueue` of ``settings.ui_concurrency`` answers at
    a time: a waiting question shows in the chat at once with its place in line and an estimate. Gradio
    runs up to ``settings.ui_waiting`` chat events at once so that they can wait there (each holds a
    thread while it waits); beyond that, Gradio's own queue holds them."""
    settings = lazy.settings
    answers = lazy.answers
    status = Status(lazy, store.path, settings.host if host is None else host)
    explorer = Explorer(lazy.cards, export_dir)

    # ---- chat ----
    # A conversation is a list of turns {"question": str, "partial": str, "answer": Answer | None}.
    def respond(question, turns):
        question = (question or "").strip()
        turns = list(turns or [])
        if not question:
            yield gr.update(), gr.update(), turns
            return
        turns.append({"question": question, "partial": "", "answer": None})
        yield "", chat_messages(turns), turns
        while not lazy.wait(1.0):
            turns[-1]["partial"] = f"{PREPARING} ({time.monotonic() - lazy.started:.0f} s)"
            yield "", chat_messages(turns), turns
        if lazy.bot is None:
            turns[-1]["answer"] = Answer(text=f"L'assistente non è disponibile / The assistant is unavailable: {lazy.error}",
                                         route="error", backend="none")
            yield "", chat_messages(turns), turns
            return
        history = plain_history(turns[:-1])
        text = ""
        with answers.ticket() as ticket:
            while (place := ticket.wait(1.0)) is not None:  # other answers are being computed: say where we stand
                if turns[-1]["partial"] != (said := waiting_text(place)):  # an update costs the answers CPU: only news
                    turns[-1]["partial"] = said
                    yield "", chat_messages(turns), turns
            try:
                for piece in lazy.bot.stream(question, history):
                    if isinstance(piece, Answer):
                        turns[-1]["answer"] = piece
                    else:
                        text += piece
                        turns[-1]["partial"] = text
                        yield "", chat_messages(turns), turns
            except Exception as exc:  # an internal error is shown in the chat, the session goes on
                turns[-1]["answer"] = Answer(text=f"Errore interno / Internal error: {type(exc).__name__}: {exc}",
                                             route="error", backend="none")
        if turns[-1]["answer"] is None:
            turns[-1]["answer"] = Answer(text=text or "—", route="error", backend="none")
        yield "", chat_messages(turns), turns

    def new_conversation():
        return [], [], {}, "", ""

    def pick_example(evt: gr.SelectData):
        value = evt.value
        return value.get("text", "") if isinstance(value, dict) else str(value)

    def rate(turns, rated, evt: gr.LikeData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn_no = int(index) // 2
        if turn_no >= len(turns or []) or turns[turn_no].get("answer") is None:
            return rated, "Nessuna risposta da valutare / No answer to rate.", gr.update()
        rating = 1 if evt.liked is True else -1 if evt.liked is False else None
        if rating is None:
            return rated, "", gr.update()
        rows = dict((rated or {}).get("rows", {}))
        turn = turns[turn_no]
        if turn_no in rows:
            store.update(rows[turn_no], rating=rating)
        else:
            answer = turn["answer"]
            rows[turn_no] = store.add(turn["question"], answer.text, answer.citations,
                                      feedback_settings(answer, status.current()), rating=rating)
        rated = {"rows": rows, "last": turn_no}
        verdict = "positivo / positive" if rating == 1 else "negativo / negative"
        note = (f"Voto {verdict} salvato, grazie. Puoi aggiungere un commento qui sopra. / "
                f"Rating ({verdict.split(' / ')[1]}) saved, thank you. You can add a comment above.")
        return rated, note, gr.Accordion(open=True)

    def comment(text, turns, rated):
        text = (text or "").strip()
        turns, rated = turns or [], rated or {}
        if not text:
            return gr.update(), rated, "Il commento è vuoto / The comment is empty."
        done = [i for i, t in enumerate(turns) if t.get("answer") is not None]
        if not done:
            return gr.update(), rated, "Fai prima una domanda / Ask a question first."
        rows = dict(rated.get("rows", {}))
        turn_no = rated["last"] if rated.get("last") is not None else done[-1]
        if turn_no in rows:
            store.update(rows[turn_no], comment=text)
        else:
            answer = turns[turn_no]["answer"]
            rows[turn_no] = store.add(turns[turn_no]["question"], answer.text, answer.citations,
                                      feedback_settings(answer, status.current()), comment=text)
        return "", {"rows": rows, "last": turn_no}, "Commento salvato, grazie / Comment saved, thank you."

    # ---- start-up: the status line and panel; the explorer's choices once the cards are there ----
    def poll(request: gr.Request):
        line, details, finished = status.poll(request)
        choices = explorer.choices() if lazy.ready else (gr.update(), gr.update())
        return (line, details, *choices, gr.Timer(active=not finished))

    with gr.Blocks(title="IMAGINE – assistente EMAS / EMAS assistant") as demo:
        gr.Markdown(
            "## IMAGINE · EMAS per distretti e cluster / EMAS for districts and clusters\n"
            "Fai una domanda sull'adozione collettiva di EMAS: ogni risposta cita i documenti del progetto "
            "IMAGINE; apri una fonte per leggere il passaggio. *Ask about adopting EMAS collectively: every "
            "answer cites the IMAGINE documents; open a source to read the passage.*")
        ready_line = gr.Markdown(status_line(False, "", lazy.started), elem_id="status-line")
        turns = gr.State([])
        rated = gr.State({})
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                chatbot = gr.Chatbot(
                    elem_id="chatbot", label="Conversazione / Conversation", height="68vh", min_height=420, latex_delimiters=[],
                    buttons=["copy"], placeholder=(
                        "**Benvenuto / Welcome.** Scegli un esempio o scrivi una domanda in italiano o in inglese. "
                        "*Pick an example or type a question in Italian or English.*"),
                    examples=[{"text": q} for q in EXAMPLES])
                with gr.Row():
                    msg = gr.Textbox(elem_id="msg", label="Domanda / Question", scale=5, autofocus=True,
                                     placeholder="Es. Quali cluster si trovano in Svezia? / e.g. Which clusters are in Sweden?")
                    with gr.Column(scale=1, min_width=160):
                        send = gr.Button("Invia / Send", variant="primary", elem_id="send")
                        clear = gr.Button("Nuova conversazione / New conversation", elem_id="new-chat", size="sm")
                with gr.Accordion("Commenta la risposta / Comment on the answer", open=False, elem_id="feedback-box") as feedback_box:
                    gr.Markdown("Valuta una risposta con i pollici sotto di essa; il commento va all'ultima risposta "
                                "valutata (o all'ultima risposta). *Rate an answer with the thumbs under it; the "
                                "comment goes to the last rated answer (or the last answer).*")
                    with gr.Row():
                        comment_box = gr.Textbox(label="Commento (facoltativo) / Comment (optional)", scale=5,
                                                 elem_id="comment")
                        comment_btn = gr.Button("Invia commento / Send comment", scale=1, elem_id="send-comment")
                feedback_note = gr.Markdown("", elem_id="feedback-note")

            with gr.Tab("Esplora i cluster / Cluster explorer", id="explorer"):
                explorer.build()

            with gr.Tab("Stato / Status", id="status"):
                status.build()

        # chat events
        # one concurrency group for every way of starting a chat; the AnswerQueue lets settings.ui_concurrency
        # of them compute at once, the others wait in the chat showing their place
        chat_io = dict(inputs=[msg, turns], outputs=[msg, chatbot, turns], concurrency_id="chat",
                       concurrency_limit=max(settings.ui_waiting, settings.ui_concurrency))
        msg.submit(respond, api_name="chat", **chat_io)
        send.click(respond, api_visibility="private", **chat_io)
        chatbot.example_select(pick_example, None, msg, api_visibility="private").then(respond, api_visibility="private", **chat_io)
        clear.click(new_conversation, None, [chatbot, turns, rated, msg, feedback_note], api_visibility="private")
        chatbot.clear(new_conversation, None, [chatbot, turns, rated, msg, feedback_note], api_visibility="private")
        chatbot.like(rate, [turns, rated], [rated, feedback_note, feedback_box], api_visibility="private")
        comment_btn.click(comment, [comment_box, turns, rated], [comment_box, rated, feedback_note], api_visibility="private")
        comment_box.submit(comment, [comment_box, turns, rated], [comment_box, rated, feedback_note], api_visibility="private")

        # start-up: poll until the assistant is ready, then fill the explorer once
        timer = gr.Timer(1.0)
        poll_out = [ready_line, status.box, explorer.country, explorer.pick, timer]
        fill = dict(fn=explorer.show, inputs=explorer.filters, outputs=explorer.outputs, api_visibility="private")
        timer.tick(poll, None, poll_out, api_visibility="private").then(**fill)
        demo.load(poll, None, poll_out, api_visibility="private").then(**fill)
        gr.api(status.report, api_name="status")
    return demo
