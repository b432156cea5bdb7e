"""imagine.sentences: segmentation cost (the cuts themselves are tested in tests/assistant/test_evidence.py)."""

from __future__ import annotations

import re

from imagine import sentences


def test_segmenting_keeps_pysbd_patterns_in_the_regex_cache():
    # pysbd compiles one pattern per abbreviation; with re's default 512-entry cache every line recompiled them all
    sentences._segmenter.cache_clear()
    sentences.split_sentences("Il referente tecnico è l'ing. Marta Bellandi. Poi c'è altro.", "it")
    assert getattr(re, "_MAXCACHE", sentences._PATTERN_CACHE) >= sentences._PATTERN_CACHE
    assert sentences.split_sentences("Il referente tecnico è l'ing. Marta Bellandi. Poi c'è altro.", "it") == [
        "Il referente tecnico è l'ing. Marta Bellandi.", "Poi c'è altro."]
