"""The metric functions on hand-made cases: each must pass a right answer and fail a wrong one."""

import pytest

from assistant.language import detect_language
from evaluation import metrics as m

FEDUSTRIA = "Cluster: Fedustria (Belgium)\nNumero di addetti\n24.224 addetti\nSito internet\nwww.fedustria.be"
GENDORF = "Cluster: Industrial Cluster Gendorf (Germany)\nNumero di imprese\n20\nNumero di addetti\n4.000"


def test_number_forms_are_one_form():
    assert m.normalize("24.224 e 24,224 e 59,1 %") == "24224 e 24224 e 59.1%"
    assert m.normalize("1.307 cluster") == "1307 cluster"
    assert m.normalize("2.5 ore, 2005, 2006") == "2.5 ore, 2005, 2006"  # decimals and year lists untouched


def test_key_facts_any_variant_whole_words():
    facts = [["24224"], ["Belgio", "Belgium"]]
    assert m.missing_facts(facts, "Fedustria (Belgium) has 24,224 workers [1].") == []
    assert m.missing_facts(facts, "Fedustria ha 24.224 addetti in Belgio [1]") == []
    # fails: wrong number, a number that merely contains the fact, a missing fact
    assert m.missing_facts([["450"]], "4.500 imprese") == [["450"]]
    assert m.missing_facts([["450"]], "4500 firms") == [["450"]]
    assert m.missing_facts(facts, "24.224 addetti") == [["Belgio", "Belgium"]]
    # a fact inside another word does not count; a trailing * makes a prefix
    assert m.missing_facts([["Ave"]], "they have a problem") == [["Ave"]]
    assert m.missing_facts([["recycl*"]], "carpets are recycled") == []
    # markers are not numbers of the answer
    assert m.missing_facts([["1"]], "Fedustria [1]") == [["1"]]


def test_accents_and_special_letters_fold():
    assert m.missing_facts([["Lodzkie"]], "Il cluster di Łódzkie") == []
    assert m.is_relevant("Localizzazione Linkpöking, Svezia", ["linkpoking, svezia"])


def test_retrieval_rank_hit_and_mrr():
    ranking = ["Introduzione. Il progetto", "Numero di  imprese\n\t450", GENDORF]
    rank = m.first_relevant(ranking, ["Numero di imprese 450"])
    assert rank == 2
    assert not m.hit_at(rank, 1) and m.hit_at(rank, 5)
    assert m.reciprocal_rank(rank) == 0.5
    # fails: evidence nowhere, or beyond the cut-off
    missing = m.first_relevant(ranking, ["24.224 addetti"])
    assert missing is None and not m.hit_at(missing, 5) and m.reciprocal_rank(missing) == 0.0
    assert m.reciprocal_rank(11, cutoff=10) == 0.0


def test_citation_validity():
    assert m.citation_problems("Fedustria has 24,224 workers [1]. It is Belgian [2].", 2) == []
    assert m.citation_problems("I documenti non trattano questo argomento.", 0, refused=True) == []
    # fails: dangling marker, unmarked citation, claims without any citation
    assert "without a citation" in m.citation_problems("Fedustria [1][3].", 2)[0]
    assert "never marked" in m.citation_problems("Fedustria [1].", 2)[0]
    assert m.citation_problems("Fedustria has 24,224 workers.", 0) == ["an answer with claims but no citation"]
    assert m.citation_problems("Fedustria [1, 2].", 2) == []


def test_citation_precision_support():
    answer = "Fedustria has 24,224 workers [1]. Gendorf has 20 firms [2]."
    assert m.supporting_citations(answer, [FEDUSTRIA, GENDORF]) == [True, True]
    # fails: the passages are swapped, so neither supports the sentence that cites it
    assert m.supporting_citations(answer, [GENDORF, FEDUSTRIA]) == [False, False]
    # a passage holding a key fact supports the answer even when wording differs
    assert m.supporting_citations("The workforce is large [1].", [FEDUSTRIA], [["24224"]]) == [True]
    # a marker after a closing quote belongs to the quoted sentence (the extractive layout)
    quoted = "Dai documenti:\n- «Fedustria rappresenta il settore tessile del Belgio.» [1]"
    assert m.supporting_citations(quoted, [FEDUSTRIA + "\nFedustria rappresenta il settore tessile del Belgio."]) == [True]
    assert m.supporting_citations(quoted, [GENDORF]) == [False]
    # words: most content words shared
    assert m.sentence_supported("«Fedustria rappresenta il settore tessile del Belgio»", "Fedustria rappresenta il settore tessile del Belgio.")
    assert not m.sentence_supported("Creamoda coordina le imprese fiamminghe", FEDUSTRIA)


def test_groundedness_numbers_and_names():
    good = "Dai documenti:\n- «Numero di addetti 24.224 addetti» [1]"
    assert m.ungrounded(good, [FEDUSTRIA]) == []
    assert m.groundedness(good, [FEDUSTRIA]) == 1.0
    # fails: an invented number and an invented name
    bad = "Fedustria has 30,000 workers and is led by Creamoda [1]."
    assert m.ungrounded(bad, [FEDUSTRIA]) == ["30000", "Creamoda"]
    assert m.groundedness(bad, [FEDUSTRIA]) < 1.0
    # nothing checkable: no score rather than a perfect one
    assert m.groundedness("yes, it does [1].", [FEDUSTRIA]) is None


def test_claims_skip_sentence_starts_and_markers():
    atoms = m.claims("The cluster is in Belgium [1]. In Sweden, EMAS is used [2].")
    assert atoms == ["Belgium", "Sweden", "EMAS"]


def test_not_reported_phrases():
    assert m.says_not_reported("Pannon Textile Cluster: workers not reported in the document [1].")
    assert m.says_not_reported("Il numero di addetti non è riportato nel documento [1].")
    assert not m.says_not_reported("Pannon Textile Cluster has 21 enterprises [1].")


def test_language_of_the_frame_not_the_copied_text():
    passage = "Fedustria rappresenta il settore tessile del Belgio e delle imprese della Distretto Industriale di San Sebastian"
    english_frame = "From the documents:\n- «Fedustria rappresenta il settore tessile del Belgio e delle imprese» [1]"
    assert m.frame_of(english_frame, [passage]) == "From the documents"
    assert m.answer_language(english_frame, detect_language, [passage]) == "en"
    # a cluster name copied from the card is not evidence of the language
    card = "Distretto Industriale di San Sebastian [1] — sector: metallurgy, chemical, paper."
    assert m.answer_language(card, detect_language, [passage]) == "en"
    italian = "Fedustria ha 24.224 addetti ed è il cluster tessile del Belgio [1]."
    assert m.answer_language(italian, detect_language, [FEDUSTRIA]) == "it"
    # an answer wholly copied from Italian passages falls back to the whole text: Italian
    assert m.answer_language("Dai documenti:\n- «Fedustria rappresenta il settore tessile del Belgio» [1]", detect_language, [passage]) == "it"
    # fails: an Italian frame around the same quote is not English
    italian_frame = "Secondo i documenti, questa è la risposta:\n- «Fedustria rappresenta il settore tessile del Belgio» [1]"
    assert m.answer_language(italian_frame, detect_language, [passage]) == "it"
    # no signal anywhere: undecided, not a guess
    assert m.answer_language("NWTexnet [1].", detect_language, [passage]) == "?"


def test_atoms_from_the_question_are_not_claims():
    answer = "4 clusters with more than 4,000 workers: Fedustria (24,224) [1]."
    assert m.ungrounded(answer, [FEDUSTRIA]) == ["4", "4000"]
    assert m.ungrounded(answer, [FEDUSTRIA], "Which clusters have more than 4,000 workers?") == ["4"]


def test_percentiles_and_means():
    assert m.percentile([0.1, 0.2, 0.3, 0.4], 50) == 0.2
    assert m.percentile([0.1, 0.2, 0.3, 0.4], 95) == 0.4
    assert m.percentile([], 50) is None
    assert m.mean([True, False, None, True]) == 2 / 3


def test_a_count_of_the_cited_passages_is_grounded_other_counts_are_not():
    cards = ["Nome del cluster / Cluster name: Fedustria", "Nome del cluster / Cluster name: West Flanders"]
    assert m.ungrounded("2 clusters in Belgium: Fedustria [1] and West Flanders [2].", cards, "List the Belgian clusters.") == ["Belgium"]
    assert m.ungrounded("3 clusters: Fedustria [1] and West Flanders [2].", cards) == ["3"]
    assert m.ungrounded("1 cluster.", []) == ["1"]


def test_forbidden_facts_match_like_key_facts():
    forbidden = (("15000",), ("Spagna", "Spain"))
    assert m.forbidden_found(forbidden, "Hackefors has 15.000 workers [1].") == [["15000"]]
    assert m.forbidden_found(forbidden, "Hackefors has 1.500 workers [1]; Fedustria is in Belgium.") == []
    assert m.forbidden_found(forbidden, "Fedustria (Spain) [1]") == [["Spagna", "Spain"]]


@pytest.mark.parametrize(
    "answer, refused, key_facts, handled",
    [
        ("I documenti non trattano questo argomento.", True, (), True),
        ("The report does not state when Vreten was registered [1].", False, (), True),
        ("Fedustria is in Belgium [1].", False, (("Belgium", "Belgio"),), True),
        ("Fedustria has 24,224 workers [1].", False, (("Belgium", "Belgio"),), False),
        ("Vreten was registered in 1996 [1].", False, (), False),
    ],
)
def test_a_false_premise_is_handled_by_refusing_saying_not_reported_or_correcting(answer, refused, key_facts, handled):
    assert m.premise_handled(answer, refused, key_facts) is handled
