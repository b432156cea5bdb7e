"""Ingestion: corpus files and cluster cards -> chunks with metadata -> embeddings -> Chroma.

Stages, one module each: ``load`` (files to text), ``split`` (structure-aware chunks),
``cards`` (cluster-card parsing and schema), ``index`` (incremental write to the store),
``pipeline`` (the `imagine ingest` run with progress and summary).
"""

import imagine  # noqa: F401  (offline environment before any model library loads)
