"""Counts a question takes for granted, checked against sentences of the report."""

from __future__ import annotations

from assistant import premises
from assistant.types import Passage

SIX = "Contesto\nIn questi ambiti sono in fase di “sperimentazione” le 6 azioni che costituiscono il progetto."
FOUR = ("Contesto\nNel progetto sono coivolti 4 distretti produttivi operanti nella regione: tessile pratese, "
        "abbigliamento Empoli, conciario di Santa Croce s/Arno e calzaturiero di Capannori.")
CORPUS = premises.stated_counts([SIX, FOUR, "Contesto\nDi seguito sono descritti 15 cluster selezionati."])


def test_counts_skip_years_and_asked_numbers():
    assert premises.counts("Il progetto ha otto azioni e 4 distretti dal 2010") == [(8, "azion", "azioni"), (4, "distr", "distretti")]
    assert premises.counts("quante azioni ha il progetto?") == []


def test_a_count_the_report_gives_differently_is_found_with_its_sentence():
    found = premises.contradiction("Il progetto IMAGINE ha 8 azioni: di cosa si occupa l'ottava?", [Passage(FOUR, {}), Passage(SIX, {})], CORPUS)
    assert (found.asserted, found.stated, found.passage) == (8, 6, 1) and "6 azioni" in found.sentence
    line = premises.correction(found, 3, "it")
    assert line.startswith("Nota: i documenti indicano 6 azioni, non il numero della domanda [3]") and "8" not in line


def test_a_count_stated_anywhere_in_the_corpus_or_nowhere_is_no_contradiction():
    passages = [Passage(FOUR, {}), Passage(SIX, {})]
    assert premises.contradiction("Quali sono le 6 azioni?", passages, CORPUS) is None
    # "15 cluster" is in the corpus even when the retrieved passages give another number of clusters
    assert premises.contradiction("dei 15 cluster quali usano EMAS?", [Passage("C\nSono stati individuati 1.307 cluster.", {})], CORPUS) is None
    assert premises.contradiction("Il progetto ha 3 partner?", passages, CORPUS) is None  # no passage counts partners


def test_a_percentage_is_no_count():
    """"il 90% delle imprese": the tokens drop "%", and "delle" is no noun; it was read as "90 delle" and answered with
    "i documenti indicano 60 delle" from a sentence on emissions."""
    assert premises.counts("le pmi sono il 90% delle imprese europee") == []
    emissions = Passage("C\nLe piccole e medie imprese contribuiscono al 60% delle emissioni del settore.", {})
    assert premises.contradiction("le pmi sono il 90% delle imprese, giusto?", [emissions], CORPUS) is None


def test_a_count_of_another_subject_is_no_contradiction():
    other = Passage("Fedustria\nFedustria conta circa 400 imprese che rappresentano l'85% del valore economico.", {})
    assert premises.contradiction("il distretto di san sebastian ha 7.234 imprese giusto?", [other], CORPUS) is None


def test_a_year_said_of_a_named_cluster_after_its_name_is_a_claim():
    find = lambda text: [n for n in ("Hackefors", "Prato") if n.lower() in text.lower()]  # noqa: E731
    assert premises.dated_claims("ho sentito del modello hackefors nato in finlandia nel 2003.. com'è andata?", find) == [(2003, "Hackefors")]
    assert premises.dated_claims("siamo nati nel 1990 a prato, come funziona?", find) == []  # the asker's year, before the name
    assert premises.years("dal 1997 al 2010, 4.000 addetti, 19999") == [1997, 2010]


def test_a_year_the_cluster_never_writes_is_corrected_by_the_sentence_that_dates_it():
    named = {"Hackefors": "Hackefors … il primo ambito territoriale in cui è stato applicato l’approccio nel 1997 …"}
    dated = {"Hackefors": [(0, "La prima applicazione ha coinvolto 36 imprese."), (1, "L’approccio è stato applicato nel 1997.")]}
    found = premises.year_contradiction([(2003, "Hackefors")], named, dated)
    assert (found.kind, found.stated, found.passage) == ("year", 1997, 1)
    line = premises.correction(found, 2, "it")
    assert "2003" not in line and "1997" in line and "[2]" in line
    assert premises.year_contradiction([(1997, "Hackefors")], named, dated) is None  # written: no premise to correct
    assert premises.year_contradiction([(2003, "Hackefors")], named, {"Hackefors": [(0, "Nessuna data qui.")]}) is None


def test_the_questions_number_written_in_the_sentence_away_from_its_noun_is_no_contradiction():
    """"i cluster … sono 84 di cui 47 …": the question's "84 cluster" is that sentence's, not contradicted by its
    "altri 8 cluster" (the answer had said "the documents give 8 clusters, not the question's number")."""
    fashion = Passage("C\nNel complesso i cluster del comparto fashion in Europa, sono 84 di cui 47 del settore tessile; "
                      "ci sono poi altri 8 cluster sempre afferenti all'area moda.", {})
    assert premises.contradiction("come si ripartiscono gli 84 cluster fashion in Europa?", [fashion], CORPUS) is None
    assert premises.contradiction("come si ripartiscono gli 90 cluster fashion in Europa?", [fashion], CORPUS) is not None


def _plaine(text: str) -> list[str]:
    return ["Parc Industriel Plaine de l'Ain"] if "Plaine" in text else []


PUBLIC = ("Plaine\nIl Plaine de l'Ain Mixed Syndicate fu creato nel 1974. L’area è gestita dal “Plaine de l'Ain Mixed "
          "Syndicate”, che è un’organizzazione pubblica proprietaria del Parco Industriale.")


def test_a_private_body_the_documents_call_public_is_corrected():
    """"Il Plaine de l'Ain Mixed Syndicate, società privata …": its passage says "un'organizzazione pubblica"."""
    passages = [Passage("C\nAltro testo.", {}), Passage(PUBLIC, {"cluster": "Parc Industriel Plaine de l'Ain"})]
    named = {"Parc Industriel Plaine de l'Ain": PUBLIC}
    for question in ("Il Plaine de l'Ain Mixed Syndicate, società privata nata nel 1990, come usa EMAS?",
                     "Why did the private company that founded the Plaine de l'Ain park use EMAS?"):
        claims = premises.nature_claims(question, _plaine)
        assert claims == [("private", "Parc Industriel Plaine de l'Ain")], claims
        found = premises.nature_contradiction(claims, named, passages)
        assert found is not None and found.passage == 1 and "organizzazione pubblica" in found.sentence
    # asking which it is claims nothing; saying what the documents say contradicts nothing
    assert premises.nature_claims("Il Plaine de l'Ain Mixed Syndicate è pubblico o privato?", _plaine) == []
    claims = premises.nature_claims("Il Plaine de l'Ain Mixed Syndicate, ente pubblico, come usa EMAS?", _plaine)
    assert premises.nature_contradiction(claims, named, passages) is None


def test_the_count_corrected_is_the_one_said_of_the_same_thing():
    """"applicato per la prima volta … con una rete di 50 imprese": the first network had 36 firms, and the 600 of the
    same passage are those certified through the 40 later networks. The sentence whose words next to its count are
    the question's ("prima", "applicazione") is quoted, not the one sharing more of the question's other words
    ("modello", "prima", "stato"), which it had been."""
    card = ("Hackefors\nLa prima applicazione ha coinvolto un network di 36 imprese. Successivamente alla prima esperienza "
            "il modello è stato replicato con altri 40 networks arrivando a far ottenere la certificazione ISO 14001 "
            "circa 600 imprese.")
    found = premises.contradiction("Il modello Hackefors è stato applicato per la prima volta nel 2003 con una rete di "
                                   "50 imprese: come si è poi diffuso?", [Passage(card, {})], CORPUS)
    assert (found.asserted, found.stated) == (50, 36), found


def test_a_number_stated_before_a_noun_the_question_uses_is_the_documents_own():
    passage = Passage("L'analisi condotta ha interessato tutti i paesi europei in cui sono stati individuati 1.307 "
                      "cluster collocati in 220 regioni.", {})
    assert premises.stated_before_its_noun([1307.0], "Of the 1,307 European clusters that were mapped, how many …?", [passage])
    assert not premises.stated_before_its_noun([1307.0], "Of the 1,307 regions mapped, how many …?", [passage])
    assert not premises.stated_before_its_noun([15.0], "Of the 15 clusters, how many …?", [passage])
