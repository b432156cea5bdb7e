"""The OpenAI chat-completions wire format for the assistant's answers, both ways.

In: a request's ``messages`` are the conversation; the last one is the question, the earlier user and
assistant messages its history (system messages are ignored: the assistant has its own instructions;
the "Sources" footer this module adds is taken off an assistant message again, so a client that sends
the conversation back gives the assistant exactly the history it would have in process).

Out: the message content is the answer's text with its [n] markers plus a "Sources" footer, so a
plain client shows where each marker points; the whole :class:`Answer` (citations with their
passages, retrieved passages, route, refusal, notice, table, timings — the shape ``imagine ask
--json`` prints) travels in the extra top-level field ``imagine`` of the response, and of the last
chunk of a stream.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import Answer, Passage

MODEL_ID = "imagine"
EXTRA_FIELD = "imagine"
SOURCES = {"it": "Fonti", "en": "Sources"}
_FOOTER = re.compile(r"\n\n\*\*(?:" + "|".join(SOURCES.values()) + r")\*\*\n(?:\n- \[\d+\] [^\n]*)+\s*\Z")


class RequestError(ValueError):
    """A request the API cannot answer as asked (HTTP 400); ``param`` names the offending field."""

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None


class ChatRequest(BaseModel):
    """The fields of an OpenAI chat-completions request that matter here; the others (temperature,
    max_tokens...) are accepted and ignored: the answer is the assistant's, not a sampled one."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(description=f"'{MODEL_ID}' (GET /v1/models)")
    messages: list[ChatMessage] = Field(min_length=1, description="The conversation; the last message is the question.")
    stream: bool = False


def text_of(message: ChatMessage, index: int) -> str:
    """A message's text; a list of content parts must be text parts only."""
    if message.content is None:
        return ""
    if isinstance(message.content, str):
        return message.content
    if any(part.type != "text" for part in message.content):
        raise RequestError("only text content is supported", f"messages[{index}].content")
    return "".join(part.text or "" for part in message.content)


def conversation(messages: list[ChatMessage]) -> tuple[str, list[dict]]:
    """(the question, the history as the Assistant takes it) from a request's messages."""
    last = len(messages) - 1
    if messages[last].role == "assistant":  # a client's "continue this answer" (Open WebUI's Continue button)
        raise RequestError("nothing to continue: this assistant's answers are complete; the last message must be "
                           "the user's question", f"messages[{last}].role")
    if messages[last].role != "user":
        raise RequestError("the last message must be the user's question", f"messages[{last}].role")
    history = []
    for i, message in enumerate(messages[:last]):
        if message.role == "user":
            history.append({"role": "user", "content": text_of(message, i)})
        elif message.role == "assistant":
            history.append({"role": "assistant", "content": strip_footer(text_of(message, i))})
    return text_of(messages[last], last), history


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def footer(answer: Answer) -> str:
    """"\\n\\n**Sources**" and one "- [n] document › section (cluster)" line per citation; '' without citations."""
    if not answer.citations:
        return ""
    lines = []
    for n, p in enumerate(answer.citations, 1):
        where = " · ".join(one_line(p.metadata[k]) for k in ("cluster", "country") if p.metadata.get(k))
        lines.append(f"- [{n}] {one_line(p.label)}" + (f" ({where})" if where else ""))
    return f"\n\n**{SOURCES.get(answer.language, SOURCES['en'])}**\n\n" + "\n".join(lines)


def strip_footer(content: str) -> str:
    """An assistant message without the footer :func:`footer` added (other text is left as it is)."""
    return _FOOTER.sub("", content)


def content(answer: Answer) -> str:
    """The message content a client shows: the answer's text with its markers, then the sources."""
    return answer.text + footer(answer)


def answer_from(data: dict) -> Answer:
    """The :class:`Answer` back from the extra field (for clients in Python, e.g. evaluation through the API)."""
    fields = dict(data)
    for key in ("citations", "retrieved"):
        fields[key] = [Passage(**p) for p in fields.get(key) or []]
    return Answer(**fields)


def _envelope(kind: str, cid: str, created: int) -> dict:
    return {"id": cid, "object": kind, "created": created, "model": MODEL_ID}


def new_id() -> tuple[str, int]:
    return f"chatcmpl-{uuid.uuid4().hex}", int(time.time())


def completion(answer: Answer) -> dict:
    """A ``chat.completion`` object for a finished answer."""
    cid, created = new_id()
    return {**_envelope("chat.completion", cid, created),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content(answer)},
                         "finish_reason": "stop", "logprobs": None}],
            EXTRA_FIELD: answer.to_dict()}


def sse(data) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


def chunks(pieces: Iterator, live: bool) -> Iterator[str]:
    """Server-sent events of ``chat.completion.chunk`` objects for the Assistant's ``stream`` output.

    ``live``: the text pieces are the answer's final text (extractive and card answers), so they are
    sent as they come. Otherwise (an LLM writing) the pieces are raw tokens that the checks after
    generation may renumber, cut or replace, and a client cannot take back text it was sent: each
    piece is then acknowledged with an SSE comment (keeps the connection alive; clients ignore it)
    and the verified text is sent once it is known. The last chunk carries the extra field.
    """
    cid, created = new_id()
    head = _envelope("chat.completion.chunk", cid, created)
    yield sse({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
    sent, answer = "", None
    for piece in pieces:
        if isinstance(piece, Answer):
            answer = piece
        elif live and piece:
            sent += piece
            yield sse({**head, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        else:
            yield ": …\n\n"
    final = content(answer)
    rest = final[len(sent):] if final.startswith(sent) else "\n\n" + final  # never happens when live is right
    if rest:
        yield sse({**head, "choices": [{"index": 0, "delta": {"content": rest}, "finish_reason": None}]})
    yield sse({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], EXTRA_FIELD: answer.to_dict()})
    yield "data: [DONE]\n\n"


def error_body(message: str, kind: str = "invalid_request_error", param: str | None = None, code: str | None = None) -> dict:
    """An OpenAI-style error object (what the ``openai`` client turns into its exception's message)."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}
