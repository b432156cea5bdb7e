"""The IMAGINE web chat: ``python ui.py [--host H] [--port N]`` (defaults from IMAGINE_HOST / IMAGINE_PORT).

Serves the Gradio app of :mod:`web.app` (tabs Chat, Cluster explorer, Status) and the HTTP API of
:mod:`web.api` (OpenAI-compatible chat, ``/v1/clusters``, ``/v1/search``) on one port: one FastAPI app,
the API's routes first, the chat mounted at ``/``. The assistant is built in a background thread
(:class:`web.startup.LazyAssistant`), so a missing index is built while the page shows a progress message.
With ``IMAGINE_AUTH`` the chat asks for a login; off loopback it does not start without it and
``IMAGINE_API_KEYS`` (:func:`web.auth.exposure_problem`), unless ``IMAGINE_ALLOW_OPEN=1``. Never ``share=True``.
"""

from __future__ import annotations

import imagine  # noqa: F401  (offline environment before gradio and the model libraries load)

import argparse

import gradio as gr

from assistant.feedback import FeedbackStore, feedback_path
from imagine.settings import get_settings
from web.app import CSS, build_app
from web.auth import exposure_problem
from web.startup import LazyAssistant


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="IMAGINE web chat (local Gradio app).")
    parser.add_argument("--host", default=settings.host, help=f"address to listen on (default {settings.host})")
    parser.add_argument("--port", type=int, default=settings.port, help=f"port (default {settings.port})")
    args = parser.parse_args(argv)
    problem = exposure_problem(args.host, settings, chat=True, api=True)
    if problem:  # before anything loads: a refused start is immediate
        parser.exit(2, f"ui.py: error: {problem}\n")

    import uvicorn

    from web.api import create_app

    lazy = LazyAssistant(settings).start()
    demo = build_app(lazy, FeedbackStore(feedback_path(settings)), host=args.host)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    app = create_app(lazy.get, settings)  # the API's routes first: the chat, mounted at "/", takes every other path
    app = gr.mount_gradio_app(app, demo, "/", auth=list(settings.auth) or None, css=CSS, show_error=True,
                              footer_links=["api"], server_name=args.host, server_port=args.port)
    print(f"* Web chat on http://{args.host}:{args.port}, API on http://{args.host}:{args.port}/v1"
          f"{' (login required)' if settings.auth else ''}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
