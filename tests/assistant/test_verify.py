"""The claim verifier on adversarial LLM sentences over real corpus sentences.

Each bad sentence is the kind the local 1.5B model writes behind a valid marker; each good one
is a faithful paraphrase that must be kept. Quotes are copied from the report.
"""

from __future__ import annotations

import pytest

from assistant.types import Passage
from assistant.verify import check_sentence, not_said, verify_answer

WEST_FLANDERS = Passage(
    "Cluster: West Flanders\nE’ presente un soggetto “Creamoda”che coordina l’area e promuove l’internazionalizzazione delle imprese.\n"
    "MOTIV costituisce  una \"piattaforma di supporto\" realizzata dall’università per l'industria della moda di Ghent.",
    {"cluster": "West Flanders"},
    highlights=[
        "E’ presente un soggetto “Creamoda”che coordina l’area e promuove l’internazionalizzazione delle imprese.",
        "MOTIV costituisce  una \"piattaforma di supporto\" realizzata dall’università per l'industria della moda di Ghent.",
    ],
)
FEDUSTRIA = Passage(
    "Cluster: Fedustria\nLa attività  gestite da Fedustria per l’eco innovazione sono connesse con  importanti progetti tra cui "
    "SUSPRO³ - un'iniziativa per diffondere  la gestione della sostenibilità - e VLARIP – un progetto in collaborazione con "
    "Essencia e Centexbel per implementare la normativa sul REACH.\nNumero di addetti: 24.224 addetti",
    {"cluster": "Fedustria"},
    highlights=[
        "La attività  gestite da Fedustria per l’eco innovazione sono connesse con  importanti progetti tra cui SUSPRO³ - "
        "un'iniziativa per diffondere  la gestione della sostenibilità - e VLARIP – un progetto in collaborazione con "
        "Essencia e Centexbel per implementare la normativa sul REACH.",
        "Numero di addetti: 24.224 addetti",
    ],
)
NWTEXNET = Passage(
    "Cluster: North West region \"cluster\"\nIl cluster tessile della regione Nord ovest del Regno Unito è coordinato da un "
    "organismo a partecipazione pubblica, NWTexnet, che promuove lo sviluppo delle imprese della regione.",
    {"cluster": "North West region \"cluster\""},
    highlights=["Il cluster tessile della regione Nord ovest del Regno Unito è coordinato da un organismo a partecipazione "
                "pubblica, NWTexnet, che promuove lo sviluppo delle imprese della regione."],
)
ACLIMA = Passage(
    "Cluster: Distretto Industriale di San Sebastian\nInfatti, come effetto dell’azione strategica intrapresa dal Governo Basco "
    "viene istituita nel 1995 la Asociacion cluster de industrias de medio ambiente, ACLIMA, in cui partecipano, oltre alle "
    "imprese, tre dipartimenti del governo, le università ed i centri tecnologici della regione.",
    {"cluster": "Distretto Industriale di San Sebastian"},
    highlights=["Infatti, come effetto dell’azione strategica intrapresa dal Governo Basco viene istituita nel 1995 la "
                "Asociacion cluster de industrias de medio ambiente, ACLIMA, in cui partecipano, oltre alle imprese, tre "
                "dipartimenti del governo, le università ed i centri tecnologici della regione."],
)


@pytest.mark.parametrize("sentence, passage, why", [
    ("MOTIV (Modern Textile Innovation Village) is a support platform in Ghent.", WEST_FLANDERS, "expansion"),
    ("ACLIMA stands for Advanced Climate Monitoring Association.", ACLIMA, "expansion"),
    ("Essencia manages the eco-innovation activities of Fedustria.", FEDUSTRIA, "role"),
    ("The area is coordinated by MOTIV.", WEST_FLANDERS, "role"),
    ("Creamoda is based in Brussels and coordinates the area.", WEST_FLANDERS, "name"),
    ("NWTexnet is part of the Lancashire Textile Consortium.", NWTEXNET, "name"),
    ("Fedustria has 42.224 employees.", FEDUSTRIA, "number"),
    ("ACLIMA was founded in 1998 by the Basque Government.", ACLIMA, "number"),
    ("Ghent University coordinates the West Flanders area.", WEST_FLANDERS, "role"),
])
def test_invented_claims_fail(sentence, passage, why):
    verdict = check_sentence(sentence, [passage])
    assert not verdict.ok, (why, verdict)


@pytest.mark.parametrize("sentence, passage", [
    ("Creamoda coordinates the area and promotes the internationalisation of companies.", WEST_FLANDERS),
    ("MOTIV is a support platform created by the university for the Ghent fashion industry.", WEST_FLANDERS),
    ("The eco-innovation activities managed by Fedustria include SUSPRO³ and VLARIP.", FEDUSTRIA),
    ("Fedustria has 24,224 workers.", FEDUSTRIA),
    ("The North West textile cluster in the United Kingdom is coordinated by NWTexnet, a body with public participation.", NWTEXNET),
    ("ACLIMA was established in 1995 by the Basque Government.", ACLIMA),
    ("ACLIMA (Asociacion cluster de industrias de medio ambiente) was set up in 1995.", ACLIMA),
    ("Il cluster è coordinato da NWTexnet, che promuove lo sviluppo delle imprese.", NWTEXNET),
])
def test_supported_claims_pass(sentence, passage):
    verdict = check_sentence(sentence, [passage])
    assert verdict.ok, verdict


def test_a_failing_sentence_is_removed_and_markers_renumbered():
    text = ("Essencia manages the eco-innovation activities of Fedustria [1]. "
            "Creamoda coordinates the area [2].")
    out = verify_answer(text, [FEDUSTRIA, WEST_FLANDERS], "Who coordinates the West Flanders area?", "en")
    assert not out.main_part_lost
    assert out.text == "Creamoda coordinates the area [1]." and out.citations[0].metadata["cluster"] == "West Flanders"
    assert out.removed and "Essencia" in out.removed[0][0]


def test_nothing_left_means_fall_back():
    out = verify_answer("MOTIV (Modern Textile Innovation Village) is in Ghent [1].", [WEST_FLANDERS], "What is MOTIV?", "en")
    assert out.main_part_lost and not out.text


def test_a_lost_secondary_part_is_said_not_reported_never_replaced():
    text = "ACLIMA was established in 1995 [1]. It has 300 member companies [1]."
    out = verify_answer(text, [ACLIMA], "When was ACLIMA created and how many companies are members?", "en")
    assert not out.main_part_lost
    assert "300" not in out.text
    assert out.text.startswith("ACLIMA was established in 1995 [1].")
    assert out.text.endswith(not_said("how many companies are members?", "en"))


def test_a_lost_main_part_falls_back():
    text = "ACLIMA includes three government departments [1]."
    out = verify_answer(text, [ACLIMA], "In che anno è nata ACLIMA?", "it")
    assert out.main_part_lost


NORTE = Passage(
    "Cluster: Norte\n· Nel cluster di Norte ci sono 4 organizzazioni che rappresentano il settore tessile e che operano per lo "
    "sviluppo del settore: · ATP ‐ Textile and Apparel Association of Portugal · ANIVEC ‐ The National Association of Apparel "
    "and Clothing Industry · CITEVE ‐ Technological Centre · APICCAPS ‐ Portuguese Association of Footwear Manufacturers",
    {"cluster": "Norte"},
)


def test_a_role_held_by_a_listed_noun_is_not_given_to_the_cluster_named_before_it():
    # measured false removal with the real model (no-02): the quote's "4 organizzazioni che rappresentano" is
    # not Norte representing the sector
    assert check_sentence("The ATP, ANIVEC, CITEVE and APICCAPS organizations represent the textile sector in the Norte cluster.",
                          [NORTE]).ok
    assert not check_sentence("Fedustria represents the textile sector in the Norte cluster.", [NORTE]).ok


# The report's sentence on validated shared resources (the verifier does not check them again).
VALIDATED = Passage(
    "L’approccio cluster\nUna volta che siano state fatte proprie e siano state utilizzate da una singola organizzazione, le "
    "attività e le risorse collettive già convalidate non necessiteranno di ulteriore verifica da parte del verificatore Emas, "
    "ma verranno considerate da quest’ultimo come già conformi con i requisiti dello stesso Regolamento.",
    {},
)


@pytest.mark.parametrize("sentence, asked, why", [
    # the opposite of the quote, behind a "yes"
    ("Sì, le risorse collettive già convalidate necessiteranno di ulteriore verifica da parte del verificatore Emas.",
     "il verificatore emas mi ricontrolla tutte le risorse comuni del distretto?", "says yes"),
    # the user's own description handed back as a claim
    ("Sono 4 aziende di abbigliamento a Empoli in un consorzio.",
     "siamo 4 aziende di abbigliamento a empoli in un consorzio, il verificatore ricontrolla le risorse?", "nothing"),
    # the question restated, with nothing after the verb
    ("The article of the EMAS regulation that covers shared resources is.",
     "Which article of the EMAS regulation covers shared resources?", "nothing"),
    # words the quote does not have
    ("Le risorse comuni vengono ispezionate ogni anno da un ente regionale.", "chi controlla le risorse comuni?", "words"),
])
def test_a_sentence_must_add_what_its_quote_says(sentence, asked, why):
    verdict = check_sentence(sentence, [VALIDATED], asked, asked=asked)
    assert not verdict.ok and why in verdict.reason, verdict


@pytest.mark.parametrize("sentence, asked", [
    ("No, le risorse collettive già convalidate non necessiteranno di ulteriore verifica.",
     "il verificatore emas mi ricontrolla tutte le risorse comuni del distretto?"),
    ("Le risorse collettive già convalidate sono considerate conformi con i requisiti del Regolamento.",
     "cosa succede alle risorse comuni quando mi registro?"),
    ("Validated shared resources need no further verification by the EMAS verifier.",  # across languages: names/numbers only
     "Does the verifier check the shared resources again?"),
])
def test_a_faithful_sentence_is_kept(sentence, asked):
    verdict = check_sentence(sentence, [VALIDATED], asked, asked=asked)
    assert verdict.ok, verdict


PILOTS = Passage(
    "Introduzione\nNel progetto sono coivolti 4 distretti produttivi operanti nella regione: tessile pratese, abbigliamento "
    "Empoli, conciario di Santa Croce s/Arno e calzaturiero di Capannori.",
    {"cluster": "Distretto tessile di Prato", "country": "Italy"},
)
EXTREMADURA = Passage(
    "Cluster: Extremadura Textile cluster (Spain)\nPaese / Country: Spain (Spagna)\nIl cluster tessile è stato fondato nel 2006 "
    "sotto il coordinamento della Fashion Association Estremadura.",
    {"cluster": "Extremadura Textile cluster"},
)


@pytest.mark.parametrize("sentence, passage, asked, why", [
    # a number the passage gives to other things: "4 distretti" is no count of companies
    ("According to the cluster data, there are 4 companies in the Prato textile district.", PILOTS,
     "how many companies are in the Prato textile district?", "does not count 4 companies"),
    # a country the cited card is not in
    ("Sì, c'è almeno un cluster francese nel tessile.", EXTREMADURA, "c'è almeno un cluster francese nel tessile?", "France"),
])
def test_counts_and_countries_must_be_the_passage_s(sentence, passage, asked, why):
    verdict = check_sentence(sentence, [passage], asked, asked=asked)
    assert not verdict.ok and why in verdict.reason, verdict


def test_a_count_the_passage_gives_to_the_same_things_is_kept():
    sentence = "Nel progetto sono coinvolti 4 distretti produttivi della regione."
    assert check_sentence(sentence, [PILOTS], "quanti distretti?", asked="quanti distretti?").ok
