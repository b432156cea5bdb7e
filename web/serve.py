"""``imagine serve``: the HTTP API alone (no web chat), on uvicorn.

The exposure check comes first, before any model loads, so a refused start is immediate. The
Assistant is then built in the foreground (the index too, when it is empty): the port opens
when answers can be given.
"""

from __future__ import annotations

import sys

from imagine.settings import Settings
from web.auth import exposure_problem


class Refused(RuntimeError):
    """Serving as configured would expose the API without access control."""


def serve(settings: Settings, host: str, port: int) -> None:
    problem = exposure_problem(host, settings, api=True)
    if problem:
        raise Refused(problem)
    import uvicorn

    from assistant import Assistant
    from ingest.pipeline import build_if_missing
    from web.api import create_app

    print("imagine serve: loading the assistant (building the index if it is empty)…", file=sys.stderr, flush=True)
    build_if_missing(settings)
    bot = Assistant(settings)
    bot.compile_queries()  # a server lives long: faster searches after start-up
    app = create_app(lambda: bot, settings)
    print(f"imagine serve: API on http://{host}:{port}/v1 ({'API keys required' if settings.api_keys else 'no key needed'})",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port)
