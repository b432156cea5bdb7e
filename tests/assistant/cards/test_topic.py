"""Questions whose answer is a cluster and whose subject is what it did (assistant.cards.topic)."""

import pytest

from assistant.cards.topic import cluster_topic


@pytest.mark.parametrize("core, topic", [
    ("C'e qualche cluster che ha lavorato sul REACH?", "che ha lavorato sul REACH?"),
    ("Which districts did anything about water?", "did anything about water?"),
    ("ci sono distretti che usano energie rinnovabili?", "che usano energie rinnovabili?"),
    ("tra i cluster tessili ce n'e uno che spinge sulle fonti alternative?", "tessili ce n'e uno che spinge sulle fonti alternative?"),
    ("Quali altri cluster hanno ridotto i rifiuti?", "hanno ridotto i rifiuti?"),
])
def test_the_words_asking_for_a_cluster_are_taken_out_of_the_topic(core, topic):
    assert cluster_topic(core) == topic


@pytest.mark.parametrize("core", [
    "Come avete scelto i 15 cluster?",  # about the report's method: no cluster is asked for
    "Che cos'e l'approccio cluster di EMAS?",
    "Chi coordina il distretto di Prato?",
    "Quali cluster?",  # nothing left to search for
])
def test_a_question_not_asking_for_a_cluster_has_no_topic(core):
    assert cluster_topic(core) is None


def test_a_question_pointing_back_takes_the_sentence_before_it():
    message = "siamo un lanificio, abbiamo il problema del REACH. c'e qualche cluster estero che ha fatto qualcosa su questo?"
    core = "c'e qualche cluster estero che ha fatto qualcosa su questo?"
    topic = cluster_topic(core, message)
    assert topic.startswith("siamo un lanificio, abbiamo il problema del REACH.") and topic.endswith("su questo?")
    assert cluster_topic("c'e qualche cluster che ha lavorato sul REACH?", "ciao. c'e qualche cluster che ha lavorato sul REACH?") \
        == "che ha lavorato sul REACH?"  # nothing points back: the greeting stays out
