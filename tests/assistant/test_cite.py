"""Citation enforcement: markers repaired against the given passages, across languages.

The semantic cases use the real embedding model: an English answer over Italian passages
shares no words with them, so only the model can tell a faithful paraphrase from a claim
the passages do not make.
"""

from __future__ import annotations

import pytest

from assistant.cite import enforce, markers_in, merge_citations, valid_markers
from assistant.evidence import SentenceScorer
from assistant.types import Passage

VRETEN = Passage(
    "Cluster: Vreten (Sweden)\nIl proprietario dell’area è la città di Solna mentre le iniziative di eco innovazione "
    "sono state condotte dalle aziende, riunite in gruppi tematici.",
    {"cluster": "Vreten"},
    highlights=["Il proprietario dell’area è la città di Solna mentre le iniziative di eco innovazione sono state "
                "condotte dalle aziende, riunite in gruppi tematici."],
)
GENDORF = Passage(
    "Cluster: Industrial Cluster Gendorf (Germany)\nAttraverso queste azioni l’area produttiva ha rilevato una "
    "riduzione del 60% dell’inquinamento atmosferico rispetto al 1979.",
    {"cluster": "Industrial Cluster Gendorf"},
    highlights=["Attraverso queste azioni l’area produttiva ha rilevato una riduzione del 60% dell’inquinamento "
                "atmosferico rispetto al 1979."],
)
FEDUSTRIA = Passage(
    "Cluster: Fedustria (Belgium)\nE’ stato realizzato un programma per la gestione dei rifiuti post consumo dei tappeti.",
    {"cluster": "Fedustria"},
    highlights=["E’ stato realizzato un programma per la gestione dei rifiuti post consumo dei tappeti."],
)
GIVEN = [VRETEN, GENDORF, FEDUSTRIA]


@pytest.fixture(scope="module")
def similarity(embeddings):
    return SentenceScorer(embeddings).support


def test_lexical_attribution_without_a_model():
    text, cited = enforce("Il proprietario dell’area è la città di Solna.", GIVEN)
    assert text.endswith("[1].") and cited[0].metadata["cluster"] == "Vreten"


def test_english_paraphrase_of_an_italian_passage_is_lost_without_the_model_and_kept_with_it(similarity):
    answer = "Solna owns the land, while firms working in thematic groups led the green initiatives."
    assert enforce(answer, GIVEN)[0] == ""  # lexical support alone: no shared words, dropped
    text, cited = enforce(answer, GIVEN, similarity=similarity)
    assert [p.metadata["cluster"] for p in cited] == ["Vreten"]
    assert markers_in(text) == [1] and valid_markers(text, cited)


def test_each_english_sentence_goes_to_the_passage_that_says_it(similarity):
    answer = "They launched a scheme for handling carpets discarded after use. These actions cut air pollution by 60% compared with 1979."
    text, cited = enforce(answer, GIVEN, similarity=similarity)
    assert [p.metadata["cluster"] for p in cited] == ["Fedustria", "Industrial Cluster Gendorf"]
    assert "after use [1]." in text and "1979 [2]." in text


def test_unsupported_english_claims_are_dropped(similarity):
    answer = "Vreten is owned by a private investment fund based in Stockholm. Fedustria sells carpets mainly to customers in Asia."
    assert enforce(answer, GIVEN, similarity=similarity) == ("", [])


def test_a_number_no_passage_holds_drops_the_sentence_however_similar(similarity):
    text, cited = enforce("These actions cut air pollution by 75% compared with 1979.", GIVEN, similarity=similarity)
    assert text == "" and cited == []


def test_a_wrong_marker_is_repaired_semantically(similarity):
    text, cited = enforce("A scheme was created for dealing with used carpet waste [7].", GIVEN, similarity=similarity)
    assert text == "A scheme was created for dealing with used carpet waste [1]." and cited[0].metadata["cluster"] == "Fedustria"


def test_merged_markers_keep_the_first_texts_numbers_and_add_the_new_passages_after():
    a, b, c = (Passage(t, {}, 0.0, i) for t, i in (("uno", "a"), ("due", "b"), ("tre", "c")))
    text, merged = merge_citations("Due [1]. Tre [2]. Entrambi [1, 2].", [b, c], [a, b])
    assert text == "Due [2]. Tre [3]. Entrambi [2, 3]." and [p.id for p in merged] == ["a", "b", "c"]
    assert valid_markers("Uno [1]. " + text, merged)
