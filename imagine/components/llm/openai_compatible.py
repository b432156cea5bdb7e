"""LLM backend ``openai``: any OpenAI-compatible server (Ollama, vLLM, llama.cpp server, OpenAI) by
base URL, model and key, through langchain-openai, streamed, no retries."""

from __future__ import annotations

from typing import Iterator

from imagine.components.llm import LLMUnavailable
from imagine.settings import Settings


class OpenAILLM:
    """A model behind an OpenAI-compatible HTTP API, streamed through langchain-openai."""

    backend = "openai"

    def __init__(self, settings: Settings):
        from langchain_openai import ChatOpenAI

        self.base_url = settings.openai_base_url or "https://api.openai.com/v1"
        self.name = f"openai/{settings.openai_model}"
        self.timeout = settings.llm_timeout_s
        self._chat = ChatOpenAI(
            base_url=settings.openai_base_url,
            model=settings.openai_model,
            api_key=settings.openai_api_key,
            timeout=settings.llm_timeout_s,  # per connect/read: a silent server fails after this long
            max_retries=0,  # fail fast and fall back; the user is waiting
            temperature=0.0,
            seed=0,
            streaming=True,
        )

    def warm(self, messages: list[dict]) -> None:
        """Nothing to do ahead of time: the server keeps its own prompt cache."""

    def stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        """Answer text as the server streams it.

        ``llm_timeout_s`` bounds every wait (connecting, the first token, each gap between
        tokens), not the whole answer: a slow but live server keeps streaming, and
        ``max_tokens`` bounds the length.
        """
        import httpx
        import openai

        started = False
        try:
            # "max_tokens" in the body: langchain-openai would send it as "max_completion_tokens",
            # which llama.cpp's server ignores; every OpenAI-compatible server reads max_tokens.
            for chunk in self._chat.stream(messages, extra_body={"max_tokens": max_tokens}):
                started = True
                if chunk.content:
                    yield chunk.content
        except openai.APITimeoutError as exc:
            raise LLMUnavailable(f"the LLM server did not answer within {self.timeout:g} s") from exc
        except openai.APIConnectionError as exc:
            if started:
                raise LLMUnavailable("the connection to the LLM server was lost mid-answer") from exc
            raise LLMUnavailable(f"cannot reach the LLM server at {self.base_url}") from exc
        except openai.APIStatusError as exc:
            raise LLMUnavailable(f"the LLM server answered HTTP {exc.status_code}") from exc
        except (openai.OpenAIError, httpx.HTTPError, OSError) as exc:
            raise LLMUnavailable(f"the connection to the LLM server failed ({type(exc).__name__})") from exc
