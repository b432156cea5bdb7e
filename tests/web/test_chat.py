"""The OpenAI wire format both ways: messages -> (question, history), Answer -> completion and chunks."""

from __future__ import annotations

import json

import pytest

from assistant.types import Answer, Passage
from web import chat

P1 = Passage("Il distretto conta 200 imprese.", {"document": "report.txt", "section": "4.1 Prato", "cluster": "Prato",
                                                   "country": "Italy"}, 0.8, "c1", ["Il distretto conta 200 imprese."])
P2 = Passage("Second.", {"document": "other.txt"}, 0.5, "c2")
ANSWER = Answer(text="Il distretto conta 200 imprese [1], e altro [2].", citations=[P1, P2], retrieved=[P1, P2, P2],
                language="it", backend="extractive", route="passages", notice="nota", timings={"total_s": 0.1})


def msgs(*pairs):
    return [chat.ChatMessage(role=r, content=c) for r, c in pairs]


def test_the_content_carries_markers_and_a_sources_footer_in_the_answer_language():
    text = chat.content(ANSWER)
    assert text.startswith(ANSWER.text)
    assert "**Fonti**" in text and "- [1] report.txt › 4.1 Prato (Prato · Italy)" in text and "- [2] other.txt" in text
    english = chat.content(Answer(text="It has 200 firms [1].", citations=[P1], language="en"))
    assert "**Sources**" in english
    assert chat.content(Answer(text="Non trovato.", refused=True)) == "Non trovato."  # no citations, no footer


def test_history_gets_the_answer_text_back_without_the_footer():
    question, history = chat.conversation(msgs(("system", "be nice"), ("user", "Q1"), ("assistant", chat.content(ANSWER)),
                                               ("user", "Q2")))
    assert question == "Q2"
    assert history == [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": ANSWER.text}]
    # text a client wrote itself is left alone
    assert chat.strip_footer("Only text.\n\n**Sources** are nice") == "Only text.\n\n**Sources** are nice"


def test_text_parts_are_joined_and_other_parts_are_a_request_error():
    parts = [chat.TextPart(type="text", text="Quali cluster "), chat.TextPart(type="text", text="in Spagna?")]
    assert chat.conversation([chat.ChatMessage(role="user", content=parts)])[0] == "Quali cluster in Spagna?"
    with pytest.raises(chat.RequestError) as err:
        chat.conversation([chat.ChatMessage(role="user", content=[chat.TextPart(type="image_url")])])
    assert err.value.param == "messages[0].content"


def test_the_last_message_must_be_the_question():
    with pytest.raises(chat.RequestError) as err:  # what Open WebUI's Continue button sends: said so in the message
        chat.conversation(msgs(("user", "Q1"), ("assistant", "A1")))
    assert err.value.param == "messages[1].role" and str(err.value).startswith("nothing to continue")
    with pytest.raises(chat.RequestError) as err:
        chat.conversation(msgs(("user", "Q1"), ("tool", "42")))
    assert err.value.param == "messages[1].role" and str(err.value) == "the last message must be the user's question"


def test_the_answer_object_round_trips_through_the_extra_field():
    body = json.loads(json.dumps(chat.completion(ANSWER)))
    assert body["object"] == "chat.completion" and body["model"] == chat.MODEL_ID
    assert body["choices"][0]["message"] == {"role": "assistant", "content": chat.content(ANSWER)}
    assert chat.answer_from(body[chat.EXTRA_FIELD]) == ANSWER


def events(stream) -> list:
    out = []
    for event in stream:
        if event.startswith("data: ") and event.strip() != "data: [DONE]":
            out.append(json.loads(event[len("data: "):]))
        else:
            out.append(event)
    return out


def test_live_stream_sends_pieces_then_the_footer_and_the_answer_last():
    got = events(chat.chunks(iter(["Il distretto conta 200 imprese [1], ", "e altro [2].", ANSWER]), live=True))
    deltas = [e["choices"][0]["delta"].get("content", "") for e in got if isinstance(e, dict)]
    assert deltas[1:3] == ["Il distretto conta 200 imprese [1], ", "e altro [2]."]
    assert "".join(deltas) == chat.content(ANSWER)
    assert got[-2]["choices"][0]["finish_reason"] == "stop" and chat.answer_from(got[-2][chat.EXTRA_FIELD]) == ANSWER
    assert got[-1] == "data: [DONE]\n\n"


def test_held_stream_sends_only_the_verified_text():
    # an LLM's raw tokens ("[7]" an invented marker the checks removed) never reach the client
    got = events(chat.chunks(iter(["Raw [7] draft", " more", ANSWER]), live=False))
    deltas = [e["choices"][0]["delta"].get("content", "") for e in got if isinstance(e, dict)]
    assert "".join(deltas) == chat.content(ANSWER) and "[7]" not in "".join(deltas)
    assert got.count(": …\n\n") == 2  # one keep-alive comment per held piece
