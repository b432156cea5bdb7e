"""Several statistics in one card question, pooled ratios, differences, and the group with the most clusters.

Expected figures computed by hand from ``corpus/clusters/*.yaml``: workers reported by 6 report cards (Fedustria
24,224, Hackefors 1,500, Gendorf 4,000, Łódzkie 47,680, Plaine de l'Ain 4,500, Vreten 5,000: 86,904, mean 14,484);
Sweden: Hackefors 1,500 workers / 90 firms, Vreten 5,000 / 80 (pooled 6,500 / 170 = 38.2; mean of the ratios 39.6);
Germany: 10 and 20 firms.
"""

from __future__ import annotations

from assistant import cards
from assistant.cards import execute as ex
from assistant.cards.plan import Plan, Ratio, Test
from assistant.language import detect_language


def _answer(question, catalog, history=None):
    reading = cards.read(question, catalog, history)
    assert reading.plan is not None, (reading.problems, reading.unexplained)
    return reading.plan, cards.answer(reading.plan, catalog, detect_language(question)).text


def test_a_total_and_an_average_asked_together_are_both_answered(catalog):
    plan, text = _answer("tra i cluster che dichiarano il numero di addetti: quanti sono, qual e il totale degli addetti "
                         "e la media per cluster?", catalog)
    assert (plan.aggregate, plan.also) == ("total", ("average",))
    assert "86.904 su 6 cluster" in text and "14.484 su 6 cluster, cioè 86.904 / 6" in text


def test_an_overall_ratio_is_pooled_and_an_average_ratio_weighs_every_card_alike(catalog):
    plan, text = _answer("what is the overall number of workers per firm across the Swedish clusters?", catalog)
    assert plan.aggregate == "pooled" and plan.fields == [Ratio("workers", "enterprises")]
    assert "38.2 over 2 clusters, i.e. 6,500 workers / 170 enterprises" in text
    plan, text = _answer("qual e la media di addetti per impresa nei cluster svedesi?", catalog)
    assert plan.aggregate == "average" and "39,6 su 2 cluster" in text


def test_a_pooled_figure_needs_a_ratio():
    assert Plan(op="aggregate", fields=["workers"], aggregate="pooled").problems()
    assert Plan(op="aggregate", fields=["workers"], aggregate="total", also=("total",)).problems()
    assert not Plan(op="aggregate", fields=["workers"], aggregate="total", also=("average", "difference")).problems()


def test_difference_is_the_highest_less_the_lowest(catalog):
    german = ex.select(Plan(op="list", where=Test("country", ("Germany",))), catalog).hits
    assert ex.aggregate(german, "enterprises", "difference") == 10


def test_a_sum_asked_after_a_list_sums_the_field_the_list_showed(catalog):
    history = [{"role": "user", "content": "quali cluster della lista sono in germania?"},
               {"role": "assistant", "content": "2 cluster in Germania."},
               {"role": "user", "content": "e per ognuno quante imprese?"},
               {"role": "assistant", "content": "Confederation (10), Gendorf (20)."}]
    plan, text = _answer("somma e differenza tra i due?", catalog, history)
    assert plan.fields == ["enterprises"] and plan.also == ("difference",)
    assert "30 su 2 cluster" in text and "10 imprese in più" in text
    assert cards.read("qual e la somma?", catalog).plan is None  # alone, a sum of nothing named


def test_the_country_with_the_most_clusters_after_an_e_typed_for_e_grave(catalog):
    plan, text = _answer("qual e il paese con piu cluster nella selezione? elencameli", catalog)
    assert plan.op == "group" and plan.group_by == "country"
    assert "Spagna: 3 (" in text and "Italia" not in text  # the selection is the report's 15 cards
    first, second = text.split("\n")[:2]
    assert first == "Letto come: paese con più cluster tra i cluster del rapporto (numero di cluster tra i cluster del rapporto per paese)"
    assert second.startswith("Paese con più cluster: Spagna (3).")  # the answer first
    plan, text = _answer("which country has the fewest clusters?", catalog)
    assert plan.limit == 1 and not plan.descending
    assert "Country with the fewest clusters: Denmark, France, Hungary, Poland, Portugal and United Kingdom (1)." in text


def test_a_word_with_digits_is_no_figure(catalog):
    """"co2" once gave the number 2, read as "with exactly 2 firms"."""
    reading = cards.read("che percentuale di co2 davano alle pmi nello studio del regno unito?", catalog)
    assert not any(t.what == "compare" for t in (reading.plan.tests() if reading.plan else []))


def test_one_cluster_named_to_say_how_its_figure_counts_leaves_the_statistic_over_all(catalog):
    """An average of one cluster's figure is that figure: "(use 23 for Agrupació)" says how to read a member's
    figure, and the sum "of every cluster card" stays a sum of all when the cluster is named in another sentence. The
    23 the question quotes is Agrupació's own, so it leaves nothing unexplained."""
    plan, text = _answer("What's the average number of enterprises per cluster, computed only over the clusters that "
                         "report a number (use 23 for Agrupació)?", catalog)
    assert (plan.aggregate, plan.clusters) == ("average", []) and "over 12 clusters" in text
    assert cards.read("What's the average number of enterprises per cluster (use 23 for Agrupació)?", catalog).complete
    plan, text = _answer("If we add up the enterprises of every cluster card that reports one, what total do we get? "
                         "Count Agrupació's enterprises only, not its foundations.", catalog)
    assert (plan.aggregate, plan.clusters) == ("total", []) and "2,014 over 12 clusters" in text
    # one cluster's own statistic stays its own
    assert _answer("what is the average number of workers at Gendorf?", catalog)[0].clusters == ["Industrial Cluster Gendorf"]
    assert _answer("quanti addetti ha in totale gendorf?", catalog)[0].clusters == ["Industrial Cluster Gendorf"]


def test_a_count_with_a_statistic_asked_after_it_answers_both(catalog):
    plan, text = _answer("How many clusters are there in Sweden and how many workers do they add up to?", catalog)
    assert (plan.op, plan.aggregate, plan.fields) == ("count", "total", ["workers"])
    assert "There are 2 clusters in Sweden" in text and "Total workers computed from the cards: 6,500 over 2 clusters" in text
    assert "and total workers, computed from the cited cards" in cards.read_as(plan, "en")
    plan, _ = _answer("quanti cluster spagnoli ci sono in tutto?", catalog)  # "in tutto" of the count itself
    assert (plan.op, plan.aggregate) == ("count", "")
