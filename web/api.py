"""The HTTP API: OpenAI-compatible chat (``POST /v1/chat/completions``, ``GET /v1/models``) and a small REST
surface for partners (``GET /v1/clusters``, ``GET /v1/search``), described at ``/v1/openapi.json``.

A thin face: every answer is ``Assistant.stream``'s, every search ``Assistant.search``'s, every card
list the explorer's plan (:mod:`assistant.cards.explore`) run over ``Assistant.cards``. Errors are JSON
in OpenAI's shape (``{"error": {"message", "type", "param", "code"}}``): 400 for a bad request, 401
for a missing or wrong key, 429 with ``Retry-After`` over the rate limit, 503 while the assistant is
still being built.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Callable, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException

from assistant.cards.catalog import CardCatalog
from assistant.cards.explore import explore
from imagine.errors import first_line
from imagine.settings import Settings
from web import chat
from web.auth import ApiKeys, RateLimiter, retry_after

log = logging.getLogger("imagine.api")


class NotReady(Exception):
    """The assistant is not built yet (the index may be building), or failed to build: HTTP 503."""


class ApiError(Exception):
    """An error answered as OpenAI-style JSON with this status (and headers)."""

    def __init__(self, status: int, message: str, kind: str, code: str | None = None, param: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.kind, self.code, self.param, self.headers = status, kind, code, param, headers or {}


def _json_error(exc: ApiError) -> JSONResponse:
    return JSONResponse(chat.error_body(str(exc), exc.kind, exc.param, exc.code), status_code=exc.status, headers=exc.headers)


def create_app(get_assistant: Callable[[], object], settings: Settings, limiter: RateLimiter | None = None) -> FastAPI:
    """The API over the Assistant ``get_assistant()`` returns (it raises :class:`NotReady` until there is one).

    ``limiter`` defaults to ``settings.api_rate_limit`` answers per minute per client; the client is the
    API key when keys are configured, else the caller's address.
    """
    keys = ApiKeys(settings.api_keys)
    limiter = limiter or RateLimiter(settings.api_rate_limit)
    app = FastAPI(title="IMAGINE assistant API", version="1", openapi_url="/v1/openapi.json", docs_url=None,
                  redoc_url=None,  # their pages load scripts from a CDN; /v1/openapi.json works in any viewer
                  description="Cited answers on adopting EMAS collectively, from the IMAGINE corpus. "
                              f"Chat in the OpenAI format; the full answer object is in the extra field `{chat.EXTRA_FIELD}`.")

    @app.exception_handler(ApiError)
    async def _api_error(request, exc: ApiError):
        return _json_error(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid request')}" if where else first.get("msg", "invalid request")
        return _json_error(ApiError(400, message, "invalid_request_error", "invalid_request", where or None))

    @app.exception_handler(HTTPException)
    async def _http(request, exc: HTTPException):
        return _json_error(ApiError(exc.status_code, str(exc.detail), "invalid_request_error", headers=exc.headers))

    @app.exception_handler(Exception)
    async def _internal(request, exc: Exception):
        log.error("request failed", exc_info=exc)
        return _json_error(ApiError(500, f"internal error: {type(exc).__name__}: {first_line(exc, 200)}", "server_error"))

    def client(request: Request) -> str:
        """The caller's client id, after the key check (401 without a valid key, when keys are configured)."""
        if not keys.required:
            return "addr:" + (request.client.host if request.client else "?")
        who = keys.client(request.headers.get("authorization"))
        if who is None:
            raise ApiError(401, "missing or invalid API key: send 'Authorization: Bearer <key>'", "invalid_request_error",
                           "invalid_api_key", headers={"WWW-Authenticate": "Bearer"})
        return who

    def answering_client(who: str = Depends(client)) -> str:
        """The caller, counted against the rate limit (429 with Retry-After over it)."""
        wait = limiter.hit(who)
        if wait:
            raise ApiError(429, f"rate limit reached: {limiter.per_minute} answers per minute; retry in {retry_after(wait)} s",
                           "rate_limit_error", "rate_limit_exceeded", headers={"Retry-After": retry_after(wait)})
        return who

    def assistant():
        try:
            return get_assistant()
        except NotReady as exc:
            raise ApiError(503, f"the assistant is not ready: {exc}", "server_error", "not_ready",
                           headers={"Retry-After": "5"}) from None

    @app.get("/v1/models", tags=["chat"], dependencies=[Depends(client)])
    def models() -> dict:
        """The one model this API serves (OpenAI format)."""
        return {"object": "list", "data": [{"id": chat.MODEL_ID, "object": "model", "created": 0, "owned_by": "imagine"}]}

    @app.post("/v1/chat/completions", tags=["chat"], dependencies=[Depends(answering_client)])
    def chat_completions(body: chat.ChatRequest):
        """Answer the last user message, the earlier messages being the conversation (OpenAI format,
        streamed as server-sent events with ``"stream": true``). The answer object is in ``imagine``."""
        if body.model != chat.MODEL_ID:
            raise ApiError(404, f"model {body.model!r} does not exist; this API serves {chat.MODEL_ID!r}",
                           "invalid_request_error", "model_not_found", "model")
        try:
            question, history = chat.conversation(body.messages)
        except chat.RequestError as exc:
            raise ApiError(400, str(exc), "invalid_request_error", "invalid_request", exc.param) from None
        bot = assistant()
        if not body.stream:
            return chat.completion(bot.ask(question, history))
        live = bot.llm is None  # extractive: pieces are final text (see chat.chunks)
        return StreamingResponse(_events(bot.stream(question, history), live), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/v1/search", tags=["partners"], dependencies=[Depends(answering_client)])
    def search(q: str = Query(min_length=1, max_length=settings.max_question_chars, description="the query"),
               k: int = Query(5, ge=1, le=50, description="how many passages")) -> dict:
        """Ranked passages for a query (what the answers cite from), with their metadata and scores."""
        passages = assistant().search(q, k=k)
        return {"object": "list", "data": [{**asdict(p), "label": p.label} for p in passages]}

    @app.get("/v1/clusters", tags=["partners"], dependencies=[Depends(client)])
    def clusters(country: list[str] | None = Query(None, description="keep these countries (English names; repeatable)"),
                 sector: str = Query("", description="sector contains (case and accents ignored)"),
                 min_workers: int | None = Query(None, ge=0), max_workers: int | None = Query(None, ge=0),
                 min_enterprises: int | None = Query(None, ge=0), max_enterprises: int | None = Query(None, ge=0),
                 sort: Literal["name", "workers", "enterprises", "country"] = "name", desc: bool = False) -> dict:
        """The cluster cards, filtered and sorted as in the web chat's explorer; a size bound leaves out
        cards whose size is not reported."""
        kept = explore(CardCatalog(assistant().cards()), country, sector, min_workers, min_enterprises, sort, desc,
                       max_workers=max_workers, max_enterprises=max_enterprises)
        return {"object": "list", "data": [card.model_dump() for card in kept]}

    return app


def _events(pieces, live: bool):
    """The chunk events; an error after the stream started ends it with an OpenAI-style error event."""
    try:
        yield from chat.chunks(pieces, live)
    except Exception as exc:  # noqa: BLE001 - the status line is already sent: report in the stream
        log.exception("answer failed mid-stream")
        yield chat.sse(chat.error_body(f"internal error: {type(exc).__name__}: {first_line(exc, 200)}", "server_error"))
        yield "data: [DONE]\n\n"
    finally:
        pieces.close()  # a client that hung up must not leave the assistant's generator (and the LLM lock) open
