"""The assistant's public API (``ask``, ``stream``, ``status``) over HTTP, through the official ``openai``
client: what a partner in Python writes, and how ``imagine eval --api URL`` scores a running server
with exactly the figures it gives in process (the answer object comes back whole in the extra field).
"""

from __future__ import annotations

from typing import Iterator

from assistant.types import Answer
from web import chat


class ApiAssistant:
    """Asks a running API (``base_url`` like ``http://127.0.0.1:7860/v1``) instead of an in-process Assistant."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 300.0):
        from openai import OpenAI

        self.client = OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=2)

    @staticmethod
    def _messages(question: str, history: list[dict] | None) -> list[dict]:
        return [{"role": t["role"], "content": t["content"]} for t in history or []] + [{"role": "user", "content": question}]

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        response = self.client.chat.completions.create(model=chat.MODEL_ID, messages=self._messages(question, history))
        return chat.answer_from(response.model_extra[chat.EXTRA_FIELD])

    def stream(self, question: str, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """The content pieces as they arrive (sources footer included), then the :class:`Answer`."""
        answer = None
        for chunk in self.client.chat.completions.create(model=chat.MODEL_ID, messages=self._messages(question, history),
                                                         stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                yield chunk.choices[0].delta.content
            extra = (chunk.model_extra or {}).get(chat.EXTRA_FIELD)
            if extra is not None:
                answer = chat.answer_from(extra)
        if answer is None:
            raise RuntimeError("the stream ended without the answer object")
        yield answer

    def status(self) -> dict:
        """What the run reports as the LLM status: the server's backend is not visible from here."""
        return {"llm_backend": "api", "llm": str(self.client.base_url), "llm_error": ""}
