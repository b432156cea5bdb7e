"""Embedding component: turns texts into vectors, behind LangChain's ``Embeddings`` interface
(``embed_query``, ``embed_documents``) plus ``model_id``, ``dimension`` and ``fingerprint`` (which
names the index's collection, :mod:`imagine.components.embedding.base`).

:func:`build_embeddings` picks the backend from settings; callers never know which:

- ``local`` (``embedding_backend``): the model in this process: with ``embedding_runtime="openvino"`` (the
  default) and the converted model installed, its transformer in OpenVINO and the rest in numpy, no torch
  (:mod:`.local_openvino`; the conversion is :mod:`.openvino_export`); else, or when that fails to load
  (with a warning saying why), the sentence-transformers model on torch (:mod:`.local`);
- ``openai``: an OpenAI-compatible ``/v1/embeddings`` server (:mod:`.server`).
"""

from __future__ import annotations

import threading
import warnings
from functools import lru_cache
from pathlib import Path

from imagine.components.embedding.base import MemoEmbeddings
from imagine.cpu import embedding_dtype
from imagine.errors import first_line
from imagine.models import resolve
from imagine.settings import Settings, get_settings


def build_embeddings(settings: Settings | None = None) -> MemoEmbeddings:
    """The embedding backend chosen by settings: the model in this process (an installed model name or
    any local path), or an OpenAI-compatible server (``embedding_backend="openai"``). One instance per
    configuration and process, shared by every thread (and its memo)."""
    settings = settings or get_settings()
    if settings.embedding_backend == "openai":
        from imagine.components.embedding.server import server_embeddings

        return server_embeddings(settings)
    target = resolve(settings.embedding_model, settings.models_dir)
    xml, why = None, ""
    if settings.embedding_runtime == "openvino":
        from imagine.models import converted

        xml, why = converted(settings.embedding_model, "openvino", settings.models_dir)
    with _BUILD_LOCK:  # threads asking at once get one model (loads in parallel corrupted dtypes)
        model = _cached(str(target), embedding_dtype(settings.embedding_dtype), settings.embedding_batch_size, settings.embedding_query_threads,
                        str(xml) if xml else None)
    if why and model.runtime == "torch":
        model.runtime = f"torch (openvino: {why})"
    return model


_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _cached(target: str, dtype: str, batch_size: int, query_threads: int, xml: str | None = None) -> MemoEmbeddings:
    if xml is not None:
        try:
            from imagine.components.embedding.local_openvino import OpenVINOEmbeddings

            return OpenVINOEmbeddings(target, Path(xml), dtype=dtype, batch_size=batch_size)
        except Exception as exc:  # noqa: BLE001 - no openvino package, a bad IR, another model's folder: torch still embeds
            why = first_line(exc)
            warnings.warn(f"OpenVINO embeddings unavailable ({why}); the model runs on torch", stacklevel=3)
    from imagine.components.embedding.local import SentenceTransformerEmbeddings

    model = SentenceTransformerEmbeddings(target, dtype=dtype, batch_size=batch_size, query_threads=query_threads)
    if xml is not None:
        model.runtime = f"torch (openvino: {why})"
    return model
