"""The swappable backends, one component each: ``embedding`` (texts to vectors), ``vector_store`` (the
index: chunks and their sentence vectors) and ``llm`` (answer generation).

Each component is a small interface with one module per backend; the backend is picked from
:mod:`imagine.settings` inside the component, so callers never test backend names.
"""
