"""Arithmetic over one sentence's figures: the operation comes from the question, the operands from the sentence's
labels, and nothing is computed when either is missing. Sentences are the report's own."""

from assistant.arithmetic import derive, figures

FASHION = ("Nel complesso i cluster del comparto fashion in Europa, sono 84 di cui 47 del settore tessile, 10 del "
           "conciario, e 17 del calzaturieri; ci sono poi altri 8 cluster sempre afferenti all’area moda di cui fanno "
           "parte contesti in cui si producono occhiali e accessori di vario genere.")
SIZES = ("Successivamente alla prima esperienza il modello è stato replicato con altri 40 networks costituiti in altre "
         "aree territoriali di diverse regioni svedesi arrivando a far ottenere la certificazione ISO 14001 circa 600 "
         "imprese la maggioranza delle quali PMI (59,1% microimprese, 29,6% piccole imprese, 9,4% medie imprese, 1,9% "
         "grandi imprese).")
AREA = ("Il distretto di Gendorf fa parte del Bavaria’s Chemical Triangle: è situato a sud est della Germania nella "
        "regione della Baviera ed occupa una superficie di 203 ettari di cui 25 ettari per spazi verdi e aree "
        "attrezzate, 47.000 mq aree deposito, 15.000 mq destinati ad uffici e servizi e il resto occupato dagli "
        "stabilimenti produttivi e da alcuni esercizi commerciali.")


def test_figures_carry_units_labels_and_the_whole():
    found = figures(AREA)
    assert [(f.value, f.unit, f.whole) for f in found] == [(203, "ha", True), (25, "ha", False), (4.7, "ha", False),
                                                          (1.5, "ha", False)]
    assert found[1].label == ("spazi", "verdi")
    assert 14001 not in [f.value for f in figures(SIZES)]  # a standard's number ("ISO 14001") is no figure


def test_parts_summed_against_the_stated_total():
    d = derive("Se sommo le categorie ottengo il totale dichiarato?", [FASHION])
    assert d.value == 82
    assert d.line("it", "[1]") == "Somma delle parti citate [1]: 47 + 10 + 17 + 8 = 82, 2 in meno del totale dichiarato, 84."
    assert "2 fewer than the stated total of 84" in derive("Do the sub-figures add up to that?", [FASHION]).line("en", "[1]")


def test_named_shares_summed_and_applied_to_the_base():
    d = derive("che percentuale sono micro + piccole insieme? e circa quante imprese sono?", [SIZES])
    assert round(d.value, 1) == 88.7
    assert d.line("it", "[2]").endswith("88,7% di 600 imprese: circa 532.")


def test_smes_are_micro_small_and_medium_in_either_language():
    d = derive("what share were SMEs in total?", [SIZES])
    assert round(d.value, 1) == 98.1
    assert round(derive("micro + small + medium together?", [SIZES]).value, 1) == 98.1


def test_a_remainder_converts_square_metres_to_the_wholes_hectares():
    d = derive("togliendo verde, depositi e uffici, quanti ettari restano?", [AREA])
    assert round(d.value, 1) == 171.8
    assert d.line("it", "[1]") == "Calcolo sulle cifre citate [1]: 203 − 25 − 4,7 (47.000 mq) − 1,5 (15.000 mq) = 171,8 ettari."


def test_nothing_computed_without_an_operation_or_its_operands():
    assert derive("quante imprese sono certificate nel modello hackefors?", [SIZES]) is None  # no operation asked
    assert derive("micro + small + giant together?", [SIZES]) is None  # an operand the sentence lacks
    assert derive("fate emas insieme alle altre aziende?", [FASHION, AREA]) is None  # "insieme" names no figure
    assert derive("togliendo gli uffici quanti ettari restano?", [FASHION]) is None  # no office among its parts


def test_a_parts_share_of_its_whole():
    d = derive("a gendorf che percentuale della superficie e destinata a spazi verdi e aree attrezzate?", [AREA])
    assert round(d.value, 1) == 12.3
    assert d.line("it", "[1]") == "Calcolo sulle cifre citate [1]: 25 su 203 = 12,3%."
    assert derive("what share of the fashion clusters is in Europe?", [FASHION]) is None  # no part named


def test_a_share_names_its_part_after_the_share_asked_and_its_whole_before():
    """"Sul totale dei cluster della moda, che percentuale sono del tessile?": "moda" describes the whole (and is also
    a word of the 8 'area moda' clusters' label); the part is the one named after "che percentuale"."""
    d = derive("Sul totale dei cluster della moda in Europa citati nel report, che percentuale sono del tessile?", [FASHION])
    assert d is not None and d.line("it", "[1]") == "Calcolo sulle cifre citate [1]: 47 su 84 = 56%."
    # two parts still named after the share asked: no single part, nothing computed ("moda" alone names none: it is
    # what the whole, "comparto fashion", is of)
    assert derive("che percentuale sono del tessile e del calzaturiero?", [FASHION]) is None


def test_an_english_question_names_an_italian_sentences_parts_by_their_sector():
    # "textile" is the label "del settore tessile"; "fashion" is what the whole (84) is of, so "moda" in the label of
    # the 8 other fashion clusters names no part
    d = derive("What share of the fashion clusters in Europe are textile clusters?", [FASHION])
    assert d.line("en", "[1]") == "Computed from the quoted figures [1]: 47 of 84 = 56%."
    assert derive("che percentuale dei cluster moda sono calzaturieri?", [FASHION]).value == 17 / 84 * 100


def test_counts_of_two_things_are_never_summed():
    """"How many clusters and regions?" (after a turn asking how the list was "put together") asks two counts: 1,307
    clusters and 220 regions add up to nothing. Parts of one count still add up ("47 del settore tessile, 10 del
    conciario")."""
    study = "L’analisi condotta ha interessato tutti i paesi europei in cui sono stati individuati 1.307 cluster collocati in 220 regioni."
    assert derive("How was the list put together? How many clusters and regions did that study cover?", [study]) is None
    fashion = "Nel complesso i cluster del comparto fashion in Europa, sono 84 di cui 47 del settore tessile, 10 del conciario"
    assert derive("quanti cluster di tessile e conciario insieme?", [fashion]).value == 57


def test_an_operation_word_in_a_claim_the_asker_reports_asks_no_operation():
    """"i read that SMEs pollute a lot all together. is there a number …?": the "together" is the claim's, not an
    operation asked on the SMEs' shares; asked, it is one."""
    assert derive("i read that SMEs pollute a lot all together even if each one is small. is there a number in the "
                  "report about that, like a share?", [SIZES]) is None
    assert round(derive("SMEs all together, what share were they?", [SIZES]).value, 1) == 98.1
