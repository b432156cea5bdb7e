"""Questions whose answer is a cluster and whose subject is what it did (assistant.cards.topic)."""

import pytest

from assistant.cards.topic import cluster_topic


@pytest.mark.parametrize("core, topic", [
    ("C'e qualche cluster che ha lavorato sul REACH?", "che ha lavorato sul REACH?"),
    ("Which districts did anything about water?", "did anything about water?"),
    ("ci sono distretti che usano energie rinnovabili?", "che usano energie rinnovabili?"),
    ("tra i cluster tessili ce n'e uno che spinge sulle fonti alternative?", "tessili ce n'e uno che spinge sulle fonti alternative?"),
    ("Quali altri cluster hanno ridotto i rifiuti?", "hanno ridotto i rifiuti?"),
    # a request to list clusters asks for them as "which clusters" does
    ("List the clusters whose cards mention water.", "whose cards mention water."),
    ("elencami i distretti che hanno ridotto i rifiuti", "che hanno ridotto i rifiuti"),
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


def test_topic_words_are_those_few_clusters_use():
    """A word on the cards of one cluster weighs 1, of two 1/2; a word every cluster uses ("lavoratori") weighs
    nothing; a word no card uses is weighed by the report's sections about no cluster that use it."""
    from assistant.cards.topic import TopicIndex, terms

    passages = [(f"Cluster: {name}\nNumero di addetti / Workers: i lavoratori sono 100 in tutto il cluster.", {"cluster": name})
                for name in ("A", "B", "C", "D")]
    passages += [("Cluster: A\nIl cluster ha ridotto i consumi di energia e di acqua.", {"cluster": "A"}),
                 ("Cluster: B\nMOTIV promuove l'efficienza energetica.", {"cluster": "B"}),
                 ("Selezione\nL'attestato APO è stato rilasciato al distretto cartario.", {"section": "Selezione"})]
    index = TopicIndex(passages)
    assert terms("sull'energia e le acque reflue") == {"energ", "acqu", "reflu"}  # "sull'" is an article, not a word
    assert index.weight["energ"] == 0.5 and index.weight["acqu"] == 1.0 and index.weight["apo"] == 1.0
    assert "lavor" not in index.weight  # on the cards of all four clusters
    scores = index.lexical("chi ha lavorato sull'energia?")
    assert [unit for (_, unit, _), s in zip(index.units, scores) if s] == [
        "Il cluster ha ridotto i consumi di energia e di acqua.", "MOTIV promuove l'efficienza energetica."]
    # a theme asked in English finds the cards that write it in Italian (imagine.glossary.THEMES)
    scores = index.lexical("which clusters did something about water?")
    assert [unit for (_, unit, _), s in zip(index.units, scores) if s] == [
        "Il cluster ha ridotto i consumi di energia e di acqua."]


def test_a_theme_word_weighs_however_many_clusters_use_it():
    """"idrici" on four clusters' cards tells none apart, but asked for as a theme ("water") it is the topic: it keeps
    the weight of a word four clusters use (1/4), where a word of no theme on four cards weighs nothing."""
    from assistant.cards.topic import TopicIndex

    passages = [(f"Cluster: {name}\nRiduzione dei consumi idrici e dei rifiuti di cantiere.", {"cluster": name})
                for name in ("A", "B", "C", "D")]
    index = TopicIndex(passages)
    assert index.weight["idric"] == 0.25 and "canti" not in index.weight
    assert all(index.lexical("which clusters worked on water?"))


def test_examples_of_clusters_ask_for_clusters():
    """"ci sono esempi di cluster che …": the "of clusters" after the entity word ("esempi") asks for them too; left
    in the topic, "cluster" matched the report's sentences about clusters in general."""
    assert cluster_topic("ci sono esempi di cluster che hanno fatto qualcosa sull energia?") == "che hanno fatto qualcosa sull energia?"
    assert cluster_topic("are there examples of clusters that worked on water?") == "that worked on water?"


@pytest.mark.parametrize("question, scope", [
    ("Did any Belgian cluster do something on water?", {"Fedustria", "West Flanders"}),
    ("tra i cluster svedesi ce n'e uno che ha lavorato sui trasporti?", {"Hackefors", "Vreten"}),
])
def test_a_filter_with_words_left_unread_scopes_a_topic_to_the_clusters_it_leaves(catalog, question, scope):
    """The card filter picks the clusters; what they did is in their cards' prose, searched among them only."""
    from assistant import cards

    found = cards.topic_scope(cards.read(question, catalog), catalog, question)
    assert found is not None and set(found[0]) == scope


@pytest.mark.parametrize("question", [
    "Quali cluster ci sono in Belgio?",  # the filter is the whole question: the cards answer it
    "Quanti addetti hanno i cluster svedesi?",  # a field asked, not a list of clusters
    "Did Fedustria do something on water?",  # a named cluster: its own passages
    # a filter only the cards apply: the coordinators' kind (a card's prose may name another body's)
    "Quali cluster sono coordinati da un ente pubblico, un'amministrazione o un organismo a partecipazione pubblica?",
])
def test_a_plan_that_is_more_than_a_filter_scopes_no_topic(catalog, question):
    from assistant import cards

    assert cards.topic_scope(cards.read(question, catalog), catalog, question) is None


def test_the_words_a_filter_explained_leave_the_topic():
    from assistant.cards.topic import only_unread

    assert only_unread("svedesi ce n'e uno che ha lavorato sui trasporti?", ["lavorato", "trasporti"]) == \
        "ce n'e uno che ha lavorato sui trasporti?"
