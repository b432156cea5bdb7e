"""CardCatalog on the real cards: which clusters, countries and sectors a text names.

Expectations name cards by id (the YAML file name), so a cleaned-up display name does
not break them; the matching keys themselves are derived from the cards, which the
synthetic-catalog tests check on made-up clusters.
"""

from __future__ import annotations

import pytest

from assistant.cards.catalog import CardCatalog, find_sectors
from imagine.geography import country_name, find_countries
from imagine.text import parse_number, tokenize
from imagine.cards import ClusterCard, Provenance


def ids(catalog: CardCatalog, names: list[str]) -> list[str]:
    return [catalog.get(n).id for n in names]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How many workers does Gendorf have?", ["industrial-cluster-gendorf"]),
        ("Quanti addetti ha Łódzkie?", ["lodzkie"]),
        ("quanti addetti ha Lodzkie", ["lodzkie"]),
        ("Lodz", ["lodzkie"]),  # truncated name
        ("the Agrupacio textile grouping", ["agrupacio-d-empreses-innovadores-textils"]),
        ("confronta Gendorf e Plaine de l'Ain", ["industrial-cluster-gendorf", "parc-industriel-plaine-de-l-ain"]),
        ("PLAINE DE L’AIN", ["parc-industriel-plaine-de-l-ain"]),
        ("the San Sebastian district", ["distretto-industriale-di-san-sebastian"]),
        ("Pannon", ["pannon-textile-cluster"]),
        ("the North West cluster", ["north-west-region-cluster"]),
        ("Danish Fashion", ["danish-fashion-institute"]),
        ("German Textile confederation", ["confederation-of-the-german-textile-and-fashion-industry"]),
        ("Prato and Santa Croce", ["distretto-tessile-di-prato", "distretto-conciario-di-santa-croce-sull-arno"]),
        ("il distretto di Capannori", ["distretto-calzaturiero-di-capannori-lucca"]),
        ("Lucca", ["distretto-calzaturiero-di-capannori-lucca"]),
        ("Extremadura and Estremadura", ["extremadura-textile-cluster"]),  # name and place: one cluster
        ("Hackefor", ["hackefors"]),  # one letter missing
        ("quante aziende fanno parte del danihs fashion institute?", ["danish-fashion-institute"]),  # a swap in a long name
        ("the german textlie and fashion confederation", ["confederation-of-the-german-textile-and-fashion-industry"]),
        ("Fedustria's members", ["fedustria"]),
        ("West Flanders", ["west-flanders"]),
        ("compare Hackefors, Vreten and Norte", ["hackefors", "vreten", "norte"]),
        ("the Basque step-by-step path", ["distretto-industriale-di-san-sebastian"]),  # its location: Paesi Baschi
        ("e quello catalano quante imprese ha?", ["agrupacio-d-empreses-innovadores-textils"]),  # its text: "catalane"
        ("the Bavarian chemical park", ["industrial-cluster-gendorf"]),
    ],
)
def test_find_clusters(catalog, text, expected):
    assert ids(catalog, catalog.find_clusters(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Which clusters are in Germany?",  # a country adjective is not a cluster: "German" alone
        "quali cluster tedeschi ci sono?",
        "the textile clusters of the report",  # generic words shared by many names
        "Cos'è l'approccio distrettuale di EMAS?",
        "which industrial districts have more than 50 firms",
        "the environmental problem in the north of Portugal",  # a direction alone is not "North West"
        "the west of Sweden",
        "chemical clusters",  # a sector, even though only Gendorf's place mentions "Chemical"
        "Quali paesi sono rappresentati?",
        "innovation",
        "In plain English: what must a district do?",  # a word of English one letter off a name ("Plaine") is no typo
        "the danihs market",  # a misspelt word of a name is mended only where the whole name follows
        "i distretti toscani",  # a place four cards lie in names none of them
    ],
)
def test_find_clusters_ignores_generic_text(catalog, text):
    assert catalog.find_clusters(text) == []


def test_names_are_exact_card_names(catalog):
    """retrieve.py filters Chroma on metadata "cluster" == card.name: the names must be exact."""
    for card in catalog.cards:
        assert catalog.find_clusters(f"Tell me about {card.name}.") == [card.name]


def _card(id_: str, name: str, location: str = "", country: str | None = None) -> ClusterCard:
    return ClusterCard(id=id_, name=name, location=location, country=country, source=Provenance(document="x"))


def test_keys_are_derived_from_the_cards_not_listed():
    """Made-up clusters: distinctive words match, words shared by two names or generic words do not."""
    cat = CardCatalog(
        [
            _card("alpha", "Alpha Textile Cluster", "Zorbania, Spagna", "Spain"),
            _card("beta", "Beta Textile Cluster"),
            _card("gamma", "Distretto della Lana di Gammaville"),
        ]
    )
    assert cat.find_clusters("alpha") == ["Alpha Textile Cluster"]
    assert cat.find_clusters("the cluster near Zorbania") == ["Alpha Textile Cluster"]
    assert cat.find_clusters("textile cluster") == []
    assert cat.find_clusters("wool districts") == []
    assert cat.find_clusters("Gammaville") == ["Distretto della Lana di Gammaville"]
    assert cat.find_clusters("beta textile cluster and alpha") == ["Beta Textile Cluster", "Alpha Textile Cluster"]
    assert cat.find_clusters("Spain") == []  # a country is never a cluster key


def test_a_name_the_cards_own_text_gives_in_brackets_names_it():
    """"X (full name)" or "full name (X)" in a card's text is the cluster's other name."""
    alpha = _card("alpha", "Agrupacio Tessile Zeta").model_copy(update={
        "constitutive_aspects": "The Zeta Textile Business Grouping (Agrupacio Tessile Zeta) è un'associazione."})
    beta = _card("beta", "Beta Park").model_copy(update={
        "coordinating_body": "Comune di Quarto (City of Quarto)", "eco_innovation": "Il Beta Park (Ecoparco Quinto) ha un piano."})
    cat = CardCatalog([alpha, beta])
    assert cat.find_clusters("employees of the Zeta Textile Business Grouping?") == ["Agrupacio Tessile Zeta"]
    assert cat.find_clusters("cosa fa l'ecoparco quinto") == ["Beta Park"]
    assert cat.find_clusters("il Parco Quinto") == []  # a bracket beside another phrase names nothing


def test_a_place_names_the_one_card_located_or_described_there():
    """A place inside a country (imagine.geography.PLACES), in any of its names, names the one card whose location or
    own prose puts it there; a place shared by two cards names neither."""
    alpha = _card("alpha", "Alpha Park", "Paesi Baschi, Spagna", "Spain")
    beta = _card("beta", "Beta Grouping", "Spagna", "Spain").model_copy(update={
        "constitutive_aspects": "Unisce le imprese catalane del settore."})
    gamma = _card("gamma", "Gamma District", "Prato (Toscana)", "Italy")
    delta = _card("delta", "Delta District", "Empoli (Toscana)", "Italy")
    cat = CardCatalog([alpha, beta, gamma, delta])
    assert cat.find_clusters("the Basque path") == ["Alpha Park"]
    assert cat.find_clusters("nei paesi baschi") == ["Alpha Park"]
    assert cat.find_clusters("the Catalan one") == ["Beta Grouping"]
    assert cat.find_clusters("in Tuscany") == []


def test_the_body_that_coordinates_one_cluster_names_it():
    """"ACLIMA (Asociacion …), istituita dal Governo Basco": each name of the coordinator, when no other card shares it."""
    alpha = _card("alpha", "Alpha Park").model_copy(update={"coordinating_body": "ZORBA (Zorbian Parks Association), set up by the region"})
    beta = _card("beta", "Beta Park").model_copy(update={"coordinating_body": "Shared Agency"})
    gamma = _card("gamma", "Gamma Park").model_copy(update={"coordinating_body": "Shared Agency"})
    cat = CardCatalog([alpha, beta, gamma])
    assert cat.find_clusters("what does ZORBA do?") == ["Alpha Park"]
    assert cat.find_clusters("the Zorbian Parks Association") == ["Alpha Park"]
    assert cat.find_clusters("the Shared Agency") == []  # coordinates two clusters: names neither


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Spagna", "Spain"),
        ("Spain", "Spain"),
        ("i cluster spagnoli", "Spain"),
        ("Regno Unito", "United Kingdom"),
        ("tedeschi", "Germany"),
        ("Svezia", "Sweden"),
        ("swedish", "Sweden"),
        ("Paesi Bassi", "Netherlands"),
    ],
)
def test_country_name(text, expected):
    assert country_name(text) == expected


def test_countries_of_cards_use_one_name(catalog):
    countries = catalog.countries()
    assert set(countries) >= {"Spain", "Sweden", "Germany", "Belgium", "Italy", "United Kingdom"}
    assert all(c == country_name(c) for c in countries)
    assert find_countries("clusters in Spain or in Svezia") == ["Spain", "Sweden"]


def test_sectors(catalog):
    assert find_sectors("cluster tessili e chimici") == ["textile", "chemical"]
    assert find_sectors("settore chimico") == ["chemical"]
    gendorf = catalog.get(catalog.find_clusters("Gendorf")[0])
    assert catalog.sectors_of(gendorf) == ["chemical"]


@pytest.mark.parametrize(
    "text, value",
    [("4.000", 4000), ("4,000", 4000), ("4000", 4000), ("4 000", 4000), ("24.224", 24224), ("1,5", 1.5), ("2.5", 2.5)],
)
def test_numbers_in_either_notation(text, value):
    assert parse_number(text) == value
    assert tokenize(f"more than {text} workers")[2].number == value


def test_without_clusters_keeps_what_is_asked_of_them(catalog):
    assert catalog.without_clusters("In the Hackefors model who coordinates the network?") == "in the model who coordinates the network?"
    assert catalog.without_clusters("Quanti addetti ha il distretto di Gendorf nel 2010?") == "quanti addetti ha il distretto di nel 2010?"


def test_a_text_names_a_cluster_by_a_word_of_its_own_name_not_by_its_coordinator(catalog):
    assert catalog.names_cluster("… emergono tre azioni nel distretto di Gendorf", "Industrial Cluster Gendorf")
    assert not catalog.names_cluster("… si chiama PIOT Foundation of Fashion Industry", "Łódzkie")
    assert not catalog.names_cluster("il cluster tessile", "Pannon Textile Cluster")  # generic words name nothing


@pytest.mark.parametrize("text, found", [
    # a country with a word for a cluster, when one card is in that country
    ("And the French park, who owns it?", ["Parc Industriel Plaine de l'Ain"]),
    ("il cluster polacco", ["Łódzkie"]),
    ("e quello danese?", ["Danish Fashion Institute"]),
    # several cards in that country: no one is singled out; a name is found as it is
    ("the Swedish one", []),
    ("i cluster spagnoli", []),
    ("parlami di Vreten", ["Vreten"]),
])
def test_a_description_singles_out_the_one_cluster_of_its_country(catalog, text, found):
    assert catalog.named_or_described(text) == found
