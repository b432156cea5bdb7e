"""Cards or passages: prefer_plan's decision from coverage, completeness, unknown names and passage similarity."""

from __future__ import annotations

import pytest

from assistant import cards
from assistant.cards import MIN_COVERAGE, PASSAGE_SIMILARITY, PLAN_COVERAGE


def test_well_covered_plans_answer_without_passages(catalog):
    reading = cards.read("quali cluster svedesi hanno piu di 1000 addetti", catalog)
    assert reading.coverage == 1.0 and reading.complete
    assert cards.prefer_plan(reading, None) and not cards.needs_passages(reading)


def test_the_uncertain_band_asks_the_passages(catalog):
    reading = cards.read("How many companies took part in the first Hackefors network?", catalog)
    assert MIN_COVERAGE <= reading.coverage < PLAN_COVERAGE and reading.unexplained == ["first"]
    assert cards.needs_passages(reading)
    assert not cards.prefer_plan(reading, None)
    assert not cards.prefer_plan(reading, PASSAGE_SIMILARITY)
    assert cards.prefer_plan(reading, PASSAGE_SIMILARITY - 0.01)


def test_unknown_names_and_prose_go_to_passages(catalog):
    biella = cards.read("Quanti addetti ha il distretto tessile di Biella?", catalog)
    assert biella.names == ["biella"] and not cards.prefer_plan(biella, 0.0)
    why = cards.read("Why does Hackefors have no website?", catalog)
    assert why.prose and why.plan is None and not cards.prefer_plan(why, 0.0)


def test_a_place_said_of_a_named_cluster_is_not_an_unknown_subject(catalog):
    """"X in Catalonia": the place describes the cluster asked about (by the name its card's text gives it)."""
    r = cards.read("How many employees does the Textile Innovative Business Grouping in Catalonia have?", catalog)
    assert r.names == [] and r.plan.clusters == ["Agrupació d’Empreses Innovadores Tèxtils"] and cards.prefer_plan(r, 0.0)
    both = cards.read("quante imprese ha Norte e il distretto di Biella?", catalog)
    assert both.names == ["biella"] and not cards.prefer_plan(both, 0.0)


def test_self_description_is_not_the_question(catalog):
    reading = cards.read("Siamo una piccola conceria vicino a Pisa con 12 dipendenti. Quali distretti pilota ci sono?", catalog)
    assert reading.coverage == 1.0 and cards.prefer_plan(reading, None)
    assert [t.values for t in reading.plan.tests()] == [("pilot_district",)]


def test_a_district_named_only_in_the_self_description_is_not_looked_up(catalog):
    """The asker's district, named in the description, reads as a lookup of its firms and sector; the question asks
    foreign textile clusters with more than 300 firms, a plan of its own. A cluster the question is about keeps its
    lookup ("Stiamo valutando Fedustria …: che progetti …?")."""
    from assistant.cards import read_message

    reading, _ = read_message("sono una pmi tessile di prato, cerco esempi di cluster esteri del settore tessile (proprio "
                              "tessile, non moda in generale) che abbiano piu di 300 imprese. quali sono?", catalog)
    assert reading.plan.op == "list" and not reading.plan.clusters
    assert {c.name for c in cards.execute.select(reading.plan, catalog).hits} == {
        "Fedustria", "Norte", 'North West region "cluster"'}
    kept, _ = read_message("Stiamo valutando Fedustria, la federazione tessile dei Paesi Bassi con circa 400 imprese: "
                           "che progetti di eco-innovazione porta avanti?", catalog)
    assert kept.plan.op == "lookup" and kept.plan.clusters == ["Fedustria"]


def test_a_request_and_the_askers_reason_are_read_apart(catalog):
    """"I'm looking for …" says what is asked (like "cerco"); "because we're small too" is the asker's reason; "foreign"
    clusters are the report's (the pilots are the Tuscan ones)."""
    from assistant.cards import read_message

    reading, core = read_message(
        "I own a 12-employee knitwear firm in Carpi, selling to boutiques in Austria and Switzerland. I'm looking for "
        "foreign textile or fashion clusters in the report with fewer than 50 member enterprises, because we're small "
        "too and want peers our size. Which ones qualify?", catalog)
    assert "looking for foreign" in core and "small" not in core
    assert cards.prefer_plan(reading, 0.9), reading
    hits = {c.name for c in cards.execute.select(reading.plan, catalog).hits}
    assert hits == {"Extremadura Textile cluster", "Agrupació d’Empreses Innovadores Tèxtils", "Pannon Textile Cluster",
                    "Confederation of the German Textile and Fashion Industry"}


@pytest.mark.parametrize("question, problem", [
    ("Which clusters are more than 100 years old?", "a comparison on a field that is not a number"),
])
def test_a_plan_that_does_not_validate_falls_back_with_a_notice(catalog, question, problem):
    reading = cards.read(question, catalog)
    assert reading.plan is None and reading.problems == [problem]
    assert cards.notice(reading, "en") == f"Could not answer from the cluster cards ({problem}): answering from the documents."


def test_plans_check_themselves():
    from assistant.cards.plan import Plan, Ratio, Test

    assert Plan("rank", fields=["website"]).problems() == ["a ranking or total of a field that is not a number"]
    assert Plan("lookup").problems() == ["no cluster named"]
    assert Plan("compare", clusters=["A"]).problems() == ["nothing to compare"]
    assert Plan("list", where=Test("compare", measure="workers", op=">")).problems() == ["comparison with nothing to compare"]
    assert Plan("aggregate", fields=[Ratio("workers", "workers")]).problems() == ["unknown field " + repr(Ratio("workers", "workers"))]


@pytest.mark.parametrize("question,fits", [
    # the cards hold counts of firms and workers, places, coordinators: not tonnes, regions inside a country, dates
    ("Quante tonnellate di rifiuti tessili produce ogni anno il distretto di Prato?", False),
    ("In which region do the companies of the Pannon cluster operate?", False),
    ("In che anno è stato creato il Plaine de l'Ain Mixed Syndicate?", False),
    ("Quanti addetti ha Vreten?", True),
    ("quanti cluster ci sono in Spagna?", True),
    ("chi coordina Vreten?", True),
    ("Where is Gendorf?", True),
    # a card's coordinating body is an organisation, not the person asked; it gives a website, not an e-mail
    ("come si chiama la persona che coordina Vreten?", False),
    ("Who is the current chairperson of Fedustria?", False),  # a title: a person, not the body the card names
    ("chi e il presidente di fedustria?", False),
    ("qual e l'email di Vreten?", False),
    ("what is the website of Vreten?", True),
    # a count of the firms an outcome happened to is not the card's number of firms
    ("quante aziende di Prato sono registrate emas?", False),
    ("quante aziende ha Prato?", True),
    # a share of the firms an outcome happened to is not a share of the cards
    ("of the ~600 firms that got certified, what share were small?", False),
    # how the clusters were chosen is not answered by their names; how they spread over countries is, by a grouping
    ("How were the 15 clusters selected? Please walk me through the criteria.", False),
    ("come sono stati scelti i 15 cluster?", False),
    ("quali sono i 15 cluster?", True),
    # a role no card gives anyone (the report's authors) is not answered by a list of the clusters
    ("chi sono gli autori del rapporto sui cluster?", False),
    # a ranking by something no card counts (networks) is no grouping of the clusters; by firms it is
    ("in quale paese hanno fatto piu network fuori dalla svezia?", False),
    ("quale paese ha più cluster fuori dalla svezia?", True),
])
def test_a_plan_answers_only_the_kind_of_answer_asked(catalog, question, fits):
    from assistant.answerable import counted_unit
    from assistant.question import answer_type, core_question

    reading = cards.read(question, catalog)
    core = core_question(question)
    if not fits and reading.plan is None:  # "creato" is read as the word it is, not as "croato": nothing to plan
        return
    assert reading.plan is not None, reading
    assert cards.fits(reading.plan, answer_type(core), counted_unit(core), core) is fits, (answer_type(core), reading.plan)


@pytest.mark.parametrize("question", ["quali aziende fanno parte di Vreten?", "which companies are in Hackefors?",
                                      "what are the names of the companies in Gendorf?"])
def test_which_firms_is_not_how_many(catalog, question):
    """A card counts its firms and names none: "which firms" gets no plan (the passages are read), "how many" does."""
    from assistant.question import answer_type

    reading = cards.read(question, catalog)
    assert reading.plan is None or not cards.fits(reading.plan, answer_type(question)), reading


def test_companies_as_the_subject_of_another_question_are_not_asked_for(catalog):
    """"at what point are companies subjected to …" asks a time, with the firms as its subject: the asking word
    determines "point", not "companies", so the passages are not required to name firms."""
    reading = cards.read("What does the Basque tool Ecoscan consist of, and at what point are companies subjected to a "
                         "verification identical to the EMAS one?", catalog)
    assert reading.wanted != "firm_names"
    assert cards.read("which chemical companies are located in the Gendorf park?", catalog).wanted == "firm_names"
    # "explain *how* a company goes through them": an interrogative opening a clause, the firm its subject
    reading = cards.read("In the Basque example there are two tools, Legescan and Ecoscan. Can you explain how a "
                         "company would go through them step by step?", catalog)
    assert reading.wanted != "firm_names"
    assert cards.read("Can you explain which companies are in the Gendorf park?", catalog).wanted == "firm_names"


def test_how_many_firms_is_a_lookup(catalog):
    reading = cards.read("quante aziende fanno parte di Vreten?", catalog)
    assert reading.plan is not None and reading.plan.fields == ["enterprises"], reading


def test_a_number_the_plan_does_not_use_leaves_it_incomplete(catalog):
    reading = cards.read("Who coordinated the Łódzkie cluster before 2011?", catalog)
    assert reading.plan is not None and not reading.complete and not cards.prefer_plan(reading, 0.0)
    assert cards.read("Who coordinates the Łódzkie cluster?", catalog).complete


def test_a_ranking_word_with_nothing_to_rank_is_an_ordinary_word(catalog):
    reading = cards.read("Anything in Central or Eastern Europe? Think Poland, Hungary, Czechia, that sort of area.", catalog)
    assert reading.plan is not None and reading.plan.op == "list" and "sort" in reading.unexplained


@pytest.mark.parametrize("question", [
    "Honestly, which cluster in the list looks most similar to the Prato textile district, and why?",
    "If you divide employees by number of firms, which cluster comes out with the biggest ratio?",
])
def test_in_the_band_an_operation_only_cards_can_do_is_answered_by_them(catalog, question):
    reading = cards.read(question, catalog)
    assert MIN_COVERAGE <= reading.coverage < PLAN_COVERAGE and reading.plan.op in cards.CARD_ONLY
    assert cards.prefer_plan(reading, 0.9) and not cards.needs_passages(reading)


@pytest.mark.parametrize("question", ["Tell me about the Vreten park", "parlami di gendorf", "cos'è fedustria?"])
def test_a_question_naming_one_cluster_and_nothing_else_reads_as_its_overview(catalog, question):
    reading = cards.read(question, catalog)
    assert reading.then_passages and reading.prose and reading.plan.op == "lookup" and len(reading.plan.clusters) == 1
    assert {"country", "sector", "enterprises", "workers"} <= set(reading.plan.fields)
    text = cards.answer(reading.plan, catalog, "en").text
    assert "[1]" in text and "workers" in text


@pytest.mark.parametrize("question", [
    "What is the NICE initiative linked to the Danish Fashion Institute?",  # asks about something of the cluster
    "Tell me about the Carpi knitwear district",  # names no cluster of the cards
    "Tell me about Vreten and Gendorf",  # two clusters: no single card's overview
])
def test_an_overview_needs_one_cluster_and_nothing_else_asked(catalog, question):
    assert not cards.read(question, catalog).then_passages


@pytest.mark.parametrize("question", ["Who coordinates Gendorf?", "chi coordina il cluster di Gendorf?"])
def test_a_coordinator_the_card_leaves_empty_is_said_then_the_passages_are_read(catalog, question):
    reading = cards.read(question, catalog)
    assert reading.then_passages and not cards.prefer_plan(reading)
    assert "not reported" in cards.answer(reading.plan, catalog, "en").text
    assert not cards.read("Who coordinates Vreten?", catalog).then_passages  # a card that names one answers alone


def test_a_comparison_naming_a_field_of_the_prose_is_compared_on_the_cards_then_the_passages_quote_it(catalog):
    """"compare X and Y: founding, coordinator, size and eco-innovation": the cards compare the fields they hold; the
    eco-innovation experiences are prose, which the passages quote after (before, the part was dropped unsaid)."""
    question = "Compare the Extremadura textile cluster and the Catalan Agrupació: founding, coordinator, size and eco-innovation."
    reading = cards.read(question, catalog)
    assert reading.plan.op == "compare" and "coordinating_body" in reading.plan.fields and reading.then_passages
    plain = cards.read("Compare the Extremadura textile cluster and the Catalan Agrupació: founding, coordinator and size.",
                       catalog)
    assert plain.plan.op == "compare" and not plain.then_passages
    # the same for a ranking of the named clusters
    ranked = cards.read("Between Agrupació d'Empreses Innovadores Tèxtils and the Extremadura textile cluster, which one has "
                        "more companies, and does either of them have an eco-innovation initiative?", catalog)
    assert ranked.plan.op == "rank" and ranked.then_passages
    assert not cards.read("Between Agrupació d'Empreses Innovadores Tèxtils and the Extremadura textile cluster, which one "
                          "has more companies?", catalog).then_passages


def _parts(catalog, question):
    return [(r.plan.op, r.plan.where) for r in cards.read_parts(question, catalog)]


def test_a_question_asking_a_count_and_a_superlative_is_read_as_two_plans_in_one_scope(catalog):
    (op1, where1), (op2, where2) = _parts(catalog, "Tra Francia e Spagna quanti cluster ci sono? e quale ha piu imprese")
    assert (op1, op2) == ("count", "rank") and where1 == where2 is not None  # the second part has no scope of its own
    answer = cards.answer_parts(cards.read_parts("How many clusters are in Spain, and which of them has the most firms?",
                                                 catalog), catalog, "en")
    assert "3 clusters in Spain" in answer.text and "the most enterprises" in answer.text
    assert answer.text.count("Read as:") == 2 and len({p.id for p in answer.citations}) == len(answer.citations)


def test_a_part_asking_about_the_others_counts_the_complement(catalog):
    """"... e quanti di altri settori?": the earlier part's test negated, in the same scope."""
    readings = cards.read_parts("dei 15 cluster selezionati quanti sono del tessile/moda e quanti di altri settori?", catalog)
    first, second = (cards.answer(r.plan, catalog, "it") for r in readings)
    assert "Ci sono 10 cluster" in first.text and "Ci sono 5 cluster" in second.text and "Hackefors" in second.text
    spain = cards.read_parts("How many clusters are in Spain and how many in other countries?", catalog)
    assert [r.plan.op for r in spain] == ["count", "count"] and "not in Spain" in cards.answer(spain[1].plan, catalog, "en").text
    assert _parts(catalog, "How many clusters are in Spain and how many in Sweden?")[1][1] != spain[1].plan.where
    # "how many of the 15 clusters" counts clusters (the set they are drawn from comes between), and "different" ones
    # are the others
    readings = cards.read_parts("quanti dei 15 cluster selezionati appartengono al settore tessile/moda e quanti invece a "
                                "settori diversi?", catalog)
    assert [r.plan.op for r in readings] == ["count", "count"]
    assert "Ci sono 5 cluster" in cards.answer(readings[1].plan, catalog, "it").text


def test_how_many_clusters_after_a_total_is_the_totals_own_count(catalog):
    """"total workers of the clusters that report it … and how many clusters is that?": the total says over how many;
    the count part read in the scope before counted all 19 cards."""
    parts = cards.read_parts("What is the total number of employees across all the clusters that report a headcount? "
                             "And how many clusters is that?", catalog)
    text = cards.answer_parts(parts, catalog, "en").text if parts else ""
    assert "86,904 over 6 clusters" in text and "number of clusters" not in text, text


def test_a_part_pointing_back_at_the_two_named_reads_them(catalog):
    """"Fedustria e West Flanders: quante imprese riporta ciascuno, qual è l'ente di riferimento di West Flanders e quale
    dei due riporta il numero di addetti?": three parts (a copular question after a comma opens one); "dei due" are the
    two named before (alone it counted every cluster that reports workers); the reference body is the coordinator."""
    parts = cards.read_parts("Fedustria e West Flanders: quante imprese riporta ciascuno, qual è l'ente di riferimento di "
                             "West Flanders e quale dei due riporta il numero di addetti?", catalog)
    assert [set(r.plan.clusters) for r in parts] == [{"Fedustria", "West Flanders"}, {"West Flanders"},
                                                     {"Fedustria", "West Flanders"}]
    text = cards.answer_parts(parts, catalog, "it").text
    assert "Creamoda" in text and "1 cluster che riporta addetti" in text and "Łódzkie" not in text, text
    # the reading says among which (round 27 labelling: "numero di cluster che riportano addetti" dropped the two)
    assert "Letto come: cluster tra Fedustria e West Flanders che riportano addetti" in text, text


@pytest.mark.parametrize("question", [
    "Which clusters are in Sweden and how many firms do they have?",  # one list answers both parts
    "How many clusters are in Spain?",  # one part
    "How many clusters are in Spain and what did Gendorf do about pollution?",  # a part the cards cannot answer
])
def test_one_plan_stays_one_plan(catalog, question):
    assert _parts(catalog, question) == []


@pytest.mark.parametrize("question, excluded", [
    ("Leaving textile and fashion aside, which clusters have at least 80 companies?", "family"),
    ("i cluster spagnoli a parte, quali hanno piu di 100 imprese?", "country"),
    ("a parte il tessile, quali cluster hanno almeno 80 imprese?", "sector"),
])
def test_a_set_put_aside_is_excluded_and_the_threshold_kept(catalog, question, excluded):
    text = str(cards.read(question, catalog).plan.where)
    assert f"Not(part=Test(what='{excluded}'" in text and "op='>" in text, text


@pytest.mark.parametrize("question, negated, kept", [
    ("Which clusters are in Mediterranean countries, Italy excluded?", "country", "region"),
    ("cluster tessili, Italia esclusa: quanti sono?", "country", "sector"),
    ("clusters with more than 100 firms, Germany excluded", "country", "compare', values=(), measure='enterprises', op='>'"),
    ("Which clusters, textile excluded, have more than 100 firms?", "sector", "compare', values=(), measure='enterprises', op='>'"),
    ("cluster tessili esclusi quelli italiani?", "country", "sector"),  # before a value: what follows
])
def test_a_participle_after_a_value_excludes_it(catalog, question, negated, kept):
    """Before, "Italia esclusa" read as "in Italy" (the participle, with nothing to negate after it, was left unread)
    and "textile excluded, with more than 100 firms" as "textile, at most 100 firms"."""
    text = str(cards.read(question, catalog).plan.where)
    assert f"Not(part=Test(what='{negated}'" in text and f"Test(what='{kept}" in text and "Not(part=Test(what='compare'" not in text, text


def test_in_the_band_a_threshold_the_question_asks_is_answered_by_the_cards(catalog):
    # two words the plan leaves unread ("estremi compresi") keep it in the band; no passage lists clusters by a range
    question = "quali cluster hanno tra 1.000 e 5.000 addetti (estremi compresi)?"
    reading = cards.read(question, catalog)
    assert MIN_COVERAGE <= reading.coverage < PLAN_COVERAGE
    assert cards.prefer_plan(reading, 0.9, question) and not cards.needs_passages(reading, question)
    assert not cards.prefer_plan(reading, 0.9)  # without the question, its numbers are not known to be asked


def test_a_number_from_the_self_description_is_no_threshold(catalog):
    question = "piccolo lanificio, 8 persone. come li avete scelti i 15 cluster? con quali criteri?"
    reading = cards.read(question, catalog)
    # the 8 is in a sentence that does not ask: no condition of the plan, left unexplained, and the passages answer
    assert reading.plan is None or not any(t.value == 8 for t in reading.plan.tests())
    assert not cards.prefer_plan(reading, 0.9, question)


def test_the_clusters_an_earlier_card_answer_was_about(catalog):
    """The referent a follow-up borrows when no user turn named a cluster (assistant.retrieve.rewrite)."""
    history = [{"role": "user", "content": "Tell me briefly about the Belgian clusters."}, {"role": "assistant", "content": "…"}]
    assert cards.answered_with("Which of the two gives a workforce figure?", history, catalog) == ["Fedustria"]
    assert cards.answered_with("quale cluster ha più addetti?", [], catalog) == ["Łódzkie"]
    assert cards.answered_with("quali cluster sono in Belgio?", [], catalog) == ["Fedustria", "West Flanders"]
    assert cards.answered_with("che cos'è l'EMAS distrettuale?", [], catalog) == []


def test_that_area_is_the_place_named_before_not_an_unread_word(catalog):
    """"… nell'Europa centro-orientale: quali cluster si trovano in quell'area?": "quell'area" is the region already
    named, so the plan explains it; "l'area" alone, with no place named, is no such reference."""
    reading = cards.read("Per uno studio nell'Europa centro-orientale: quali cluster del rapporto si trovano in quell'area "
                         "e da chi sono coordinati?", catalog)
    assert reading.complete and "area" not in reading.unexplained
    assert [t.values for t in reading.plan.tests() if t.what == "region"] == [("Central and Eastern Europe",)]
    assert reading.plan.fields == ["coordinating_body"]


@pytest.mark.parametrize("question", ["total headcount of the Benelux clusters?", "qual e la manodopera totale dei cluster tedeschi?"])
def test_headcount_and_manodopera_name_the_workers_field(catalog, question):
    plan = cards.read(question, catalog).plan
    assert plan is not None and plan.op == "aggregate" and plan.fields == ["workers"], plan


@pytest.mark.parametrize("question, negated", [
    ("quali cluster NON del settore tessile/moda hanno piu di 50 imprese?", "family"),
    ("clusters not in the textile sector with more than 50 firms?", "sector"),
])
def test_a_negated_field_word_before_its_value_negates_the_value(catalog, question, negated):
    """"NON del settore tessile" read as "clusters that do not report a sector" before (the field word came first)."""
    text = str(cards.read(question, catalog).plan.where)
    assert f"Not(part=Test(what='{negated}'" in text and "what='reported'" not in text, text
    assert "Not(part=Test(what='reported', values=(), measure='sector'" in str(cards.read("quali cluster non riportano il settore?", catalog).plan.where)


def test_si_occupa_asks_what_something_does_not_how_many_it_employs(catalog):
    plan = cards.read("di cosa si occupa l'azione 5 di imagine?", catalog).plan
    assert plan is None or "workers" not in str(plan), plan


@pytest.mark.parametrize("question", ["Biggest and smallest cluster by number of enterprises?",
                                      "qual e il cluster con piu e quello con meno addetti?",
                                      "which cluster has the most and which the fewest workers?"])
def test_both_extremes_of_one_ranking_are_two_parts(catalog, question):
    """One plan ranks one way: it kept the last superlative only ("the cluster with the fewest …")."""
    parts = cards.read_parts(question, catalog)
    assert [p.plan.descending for p in parts] == [True, False] and all(p.plan.op == "rank" for p in parts)
    assert cards.read_parts("which cluster has the most workers?", catalog) == []


def test_rankings_of_two_fields_both_ways_are_two_parts(catalog):
    """"which one has the most employees and which the fewest enterprises?": read as one plan, both ranked the
    fewest; the same way on both fields stays one plan."""
    parts = cards.read_parts("Among Gendorf, Vreten and Plaine de l'Ain, which one has the most employees and which "
                             "the fewest enterprises?", catalog)
    assert [(p.plan.fields, p.plan.descending) for p in parts] == [(["workers"], True), (["enterprises"], False)]
    assert len(parts[0].plan.clusters) == 3
    assert cards.read_parts("which cluster has the most workers and which the most enterprises?", catalog) == []


def test_a_che_fare_con_relates_clusters_to_a_sector(catalog):
    reading = cards.read("cluster che hanno a che fare con la chimica?", catalog)
    assert reading.coverage >= PLAN_COVERAGE and "what='sector', values=('chemical',)" in str(reading.plan.where)
    reading = cards.read("Which clusters in the list involve the chemical sector in some form?", catalog)  # "involve" too
    assert reading.coverage >= PLAN_COVERAGE and "what='sector', values=('chemical',)" in str(reading.plan.where)


def test_in_the_band_a_sector_named_only_in_a_cards_prose_is_answered_by_the_cards(catalog):
    """No card of the report is of footwear, but Norte's lists APICCAPS, the footwear makers' association: the cards
    say both (the passages quote the report on Europe's footwear clusters, none of them a card)."""
    footwear = cards.read("tra i 15 cluster della lista ce n e qualcuno che comprende anche il calzaturiero?", catalog)
    assert MIN_COVERAGE <= footwear.coverage < PLAN_COVERAGE and not cards.prefer_plan(footwear, 0.5)
    assert cards.named_in_prose_only(footwear, catalog)
    text = cards.answer(footwear.plan, catalog, "it").text
    assert "Norte" in text and "APICCAPS" in text
    textile = cards.read("tra i 15 cluster della lista ce n e qualcuno che comprende anche il tessile?", catalog)
    assert not cards.named_in_prose_only(textile, catalog)  # textile cards exist: the usual band rule decides


def test_the_clusters_an_earlier_turn_was_about_are_read_without_its_self_description(catalog):
    """The turn was answered from its core question ("Is any Danish cluster in your report?"): "12-person" and
    "garment" describe the asker, so "they" next is the Danish Fashion Institute."""
    turn = "Hi, I run a 12-person garment company in Denmark. Is any Danish cluster in your report?"
    assert cards.answered_with(turn, [], catalog) == ["Danish Fashion Institute"]


@pytest.mark.parametrize("question", ["nordic clusters in the selection?", "quali cluster nordici ci sono nella selezione?"])
def test_the_selection_is_the_reports_cards_not_an_unread_word(catalog, question):
    reading = cards.read(question, catalog)
    assert reading.coverage == 1.0 and cards.prefer_plan(reading, None)


def test_the_list_and_neither_nor_are_read(catalog):
    """From the hand labelling: "della lista" is the report's cards (the pilot districts are not on its list); "né X né
    Y" typed without accents negates both."""
    listed = cards.read("quali cluster della lista non hanno un sito internet indicato nella scheda?", catalog).plan
    assert {c.name for c in cards.execute.select(listed, catalog).hits} == {
        "Distretto Industriale di San Sebastian", "Hackefors", "Vreten"}
    neither = cards.read("Quali cluster non riportano ne il numero di imprese ne il numero di addetti?", catalog).plan
    assert len(cards.execute.select(neither, catalog).hits) == 6


def test_neither_reaches_a_field_named_by_a_demonstrative(catalog):
    """From the hand labelling (r29): "né il numero di imprese né quello degli addetti" negates the workers too; the
    demonstrative stands for "the number" (it was read as a figure to show, and the filter checked the firms only)."""
    plan = cards.read("quale cluster nordico non fornisce né il numero di imprese né quello degli addetti?", catalog).plan
    assert [c.name for c in cards.execute.select(plan, catalog).hits] == ["Danish Fashion Institute"]
    plan = cards.read("quali cluster non forniscono ne il numero di imprese ne quello degli addetti?", catalog).plan
    assert len(cards.execute.select(plan, catalog).hits) == 6


def test_reading_lines_mended_from_the_r30_hand_labels(catalog):
    """From the hand labelling of round 30: "a public body *rather than* a business association" excludes the
    associations (read as "or"); a card that reports neither of two fields asked to be reported is named in both
    "not reported" lines (it was in none)."""
    plan = cards.read("Which clusters are coordinated or managed by a public body rather than a business association?",
                      catalog).plan
    names = {c.name for c in cards.execute.select(plan, catalog).hits}
    assert names == {'North West region "cluster"', "Parc Industriel Plaine de l'Ain", "Vreten"}, names
    # a contrast with no value after it is no negation of a field ("firms instead of one big factory")
    reading = cards.read("whats the point of a network of firms instead of one big factory??", catalog)
    assert reading.plan is None or reading.plan.where is None, reading
    plan = cards.read("Across the 15 European clusters in the report, how many report both a number of enterprises and a "
                      "number of workers?", catalog).plan
    named = {c.name for c in cards.execute.unreported(plan, catalog)}
    assert {"Danish Fashion Institute", "Distretto Industriale di San Sebastian", "Łódzkie", "Norte"} <= named
    assert len(named) == 10


def test_an_area_asked_in_italian_is_no_count_of_the_firms_named(catalog):
    """"In che zona operano le imprese del Pannon?": the firms are whose area is asked; the card's count does not answer
    (its location is the country; the prose names the region)."""
    from assistant.answerable import counted_unit
    from assistant.question import answer_type

    question = "In che zona operano le imprese del Pannon Textile Cluster?"
    reading = cards.read(question, catalog)
    assert not cards.fits(reading.plan, answer_type(question), counted_unit(question), question)


def test_how_many_the_asker_are_is_no_number_of_the_question(catalog):
    """"… rispetto a noi che siamo 25": the asker's headcount, neither a premise nor a number left unexplained."""
    r = cards.read("e quanti addetti ha in tutto il cluster di norte in portogallo? mi serve per capire quanto e grande "
                   "rispetto a noi che siamo 25", catalog)
    assert r.complete and r.plan.fields == ["workers"] and "25.0" not in r.unexplained and cards.prefer_plan(r, None)


def test_a_place_its_card_gives_is_no_unknown_name_before_the_cluster(catalog):
    r = cards.read("we need the web address listed for the Basque industrial district around San Sebastian", catalog)
    assert r.names == [] and r.plan.clusters == ["Distretto Industriale di San Sebastian"]
    other = cards.read("quanti addetti ha il distretto tessile di Biella vicino a San Sebastian?", catalog)
    assert other.names == ["biella"]


def test_unreported_names_the_clusters_whose_cards_leave_the_asked_field_empty(catalog):
    pannon = cards.read("A chi fa capo il coordinamento del cluster tessile ungherese selezionato?", catalog)
    assert cards.unreported(pannon.plan, catalog) == ["Pannon Textile Cluster"]
    given = cards.read("chi coordina il cluster Norte?", catalog)  # Norte's card names its coordinator
    assert cards.unreported(given.plan, catalog) == []


def test_a_sentence_names_a_field_by_its_words():
    """A card whose asked field is empty answers "not reported" unless one of its cluster's best passage units may
    state the field: one naming it ("sotto il coordinamento di …"), not one only describing the cluster."""
    from assistant.cards import names_field

    assert names_field("Fondato nel 2006 sotto il coordinamento della Fashion Association.", ["coordinating_body"])
    assert not names_field("Il Cluster tessile di Pannon è stato costituito il 13 settembre 2005.", ["coordinating_body"])
    assert names_field("Sito internet / Website: http://www.example.org", ["website"])
    assert not names_field("Il sito produttivo è a Lodz.", ["workers"])


def test_a_first_part_the_card_answers_and_a_rest_it_cannot_are_split(catalog):
    # read whole, no plan (a superlative of one cluster); the count is the card's, the body's work is the passages'
    first, part, rest = cards.card_then_prose(
        "How many firms does Norte have and which body works most on its environmental improvement?", catalog)
    assert first.plan.op == "lookup" and first.plan.clusters == ["Norte"] and first.plan.fields == ["enterprises"]
    assert part == "How many firms does Norte have" and rest == "which body works most on its environmental improvement?"
    # a comparison of named clusters by their card fields, then what only the passages say of each
    first, part, rest = cards.card_then_prose(
        "Compare Parc Industriel Plaine de l'Ain and Gendorf: enterprises, workers, and how each uses its EMAS.", catalog)
    assert first.plan.op == "compare" and first.plan.fields == ["enterprises", "workers"]
    assert rest.startswith("how each uses its EMAS")
    assert cards.card_then_prose("How many firms does Norte have?", catalog) is None  # one part
    assert cards.card_then_prose("Cosa fa il distretto di Prato e quanti addetti ha Gendorf?", catalog) is None  # prose first
    # a list the conversation narrows to one card is a lookup of it ("quello": the one German cluster reporting workers)
    history = [{"role": role, "content": text} for turn in ("Quali cluster delle schede stanno in Germania?",
                                                            "di questi chi riporta il numero di addetti?")
               for role, text in (("user", turn), ("assistant", "…"))]
    first, part, rest = cards.card_then_prose("Quanti addetti per impresa fa quello? l'altro invece perche non si puo "
                                              "calcolare?", catalog, history)
    assert [c.name for c in cards.execute.select(first.plan, catalog).hits] == ["Industrial Cluster Gendorf"]
    assert rest == "l'altro invece perche non si puo calcolare?"


def test_listed_aspects_no_card_reads_go_to_the_passages_after_the_card(catalog):
    """One question listing what it asks of named clusters: the aspects the cards read are the card's comparison (the
    question without the others), the aspects no card reads ("iniziative ambientali") the passages', asked of the
    clusters. Read whole, the unread aspect kept the comparison from answering, or was left out of it."""
    first, part, rest = cards.card_then_prose(
        "Mettete a confronto Fedustria e West Flanders: numero di imprese, soggetto coordinatore e iniziative ambientali "
        "principali.", catalog)
    assert first.plan.op == "compare" and first.plan.fields == ["enterprises", "coordinating_body"]
    assert part.endswith("numero di imprese, soggetto coordinatore.")
    assert rest == "iniziative ambientali principali (Fedustria, West Flanders)?"
    first, _, rest = cards.card_then_prose("Extremadura Textile cluster e Agrupació d'Empreses Innovadores Tèxtils: in "
                                           "cosa differiscono per numero di imprese, anno di costituzione e iniziative "
                                           "ambientali?", catalog)
    assert first.plan.fields == ["enterprises", "founded"] and rest.startswith("iniziative ambientali (")
    # read whole, a comparison the cards answer with an aspect left out: that aspect goes to the passages after it
    question = ("Che differenze ci sono tra Extremadura Textile cluster e Agrupació d'Empreses Innovadores Tèxtils? Anno "
                "di nascita, numero di imprese, iniziative ambientali.")
    reading = cards.read(question, catalog)
    assert cards.prefer_plan(reading) and reading.plan.fields == ["founded", "enterprises"]
    assert cards.beyond_cards(reading, question, catalog=catalog) == (
        "iniziative ambientali (Extremadura Textile cluster, Agrupació d’Empreses Innovadores Tèxtils)?")
    # every aspect read by the cards, or none: no split
    assert cards.card_then_prose("Confronta Fedustria e West Flanders: imprese, addetti e coordinatore.", catalog) is None
    assert cards.card_then_prose("Confronta Fedustria e West Flanders: iniziative ambientali e problemi.", catalog) is None


def test_stare_is_a_verb_of_being(catalog):
    """"quali cluster delle schede *stanno* in Germania?": "stare" says where they are, as "essere" does; left
    unexplained, it put the plain list of the German clusters in the uncertain band, and the passages answered."""
    reading = cards.read("Quali cluster delle schede stanno in Germania?", catalog)
    assert reading.coverage == 1.0 and cards.prefer_plan(reading)


def test_an_action_done_to_what_the_conversation_named_is_no_plan_over_other_clusters(catalog):
    """"e fuori dalla svezia in quali paesi l'hanno replicato?" after turns on Hackefors asks where the model was
    copied, not which clusters are outside Sweden; without the pronoun, or without history, the plan stands."""
    history = [{"role": "user", "content": "parlami del modello hackefors"}, {"role": "assistant", "content": "…"}]
    question = "e fuori dalla svezia in quali paesi l'hanno replicato?"
    assert not cards.read(question, catalog, history).complete
    assert cards.read("quali cluster sono fuori dalla svezia?", catalog, history).complete


def test_a_question_about_the_project_itself_is_no_card_plan(catalog):
    """"di cosa si occupa il progetto imagine?" asks what the project does, not the pilot districts' sectors; a question
    naming the districts, a figure or a sector word stays a plan over them."""
    assert cards.read("di cosa si occupa il progetto imagine?", catalog).plan is None
    assert cards.read("il progetto imagine di cosa si occupa?", catalog).plan is None
    assert cards.read("quali distretti fanno parte del progetto imagine?", catalog).plan is not None
    assert cards.read("in quali settori lavora il progetto imagine?", catalog).plan is not None
    assert cards.read("quante imprese hanno i distretti del progetto imagine?", catalog).plan is not None


def test_a_bare_count_after_a_passage_answer_counts_what_the_passages_said(catalog):
    """heldout67 dev: "in germania c'è un distretto chimico che ha ridotto l'inquinamento dell'aria?" answered from the
    passages, then "di quanto? e rispetto a che anno": the amount the passages reported, not the number of chemical
    clusters in Germany (the card reading of the turn before). After a card answer the count stays the cards'."""
    turn = "in germania c e un distretto chimico che ha ridotto l inquinamento dell aria?"
    passages = [{"role": "user", "content": turn},
                {"role": "assistant", "content": "Dai documenti: «… una riduzione del 60% dell’inquinamento atmosferico …» [1]"}]
    assert cards.read("di quanto? e rispetto a che anno", catalog, passages).plan is None
    card = [{"role": "user", "content": "quanti cluster ci sono in germania?"},
            {"role": "assistant", "content": "Letto come: numero di cluster in Germania\nCi sono 2 cluster … [1][2]."}]
    assert cards.read("e quante sono del tessile?", catalog, card).plan is not None
