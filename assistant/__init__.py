"""The assistant's public API: ``Assistant`` (search, ask, stream), ``Answer`` and ``Passage``.

Stages, one module each: ``retrieve`` (dense search steered by named clusters),
``cards`` (exact answers from cluster cards as typed plans), ``guard`` (input checks,
out-of-corpus gate), ``evidence`` (answer-bearing sentences), ``extractive``/``llm``/
``prompt`` (backends), ``cite`` (marker enforcement), ``service`` (the flow).
"""

import imagine  # noqa: F401  (offline environment before any model library loads)
from assistant.types import Answer, Passage

__all__ = ["Assistant", "Answer", "Passage"]


def __getattr__(name):
    # Lazy: importing a small submodule (e.g. in a unit test) must not load torch and Chroma.
    if name == "Assistant":
        from assistant.service import Assistant

        return Assistant
    raise AttributeError(name)
