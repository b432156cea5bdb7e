"""The one country matcher reads names, local spellings and adjectives in either language."""

from imagine.cards import ClusterCard
from imagine.geography import ITALIAN_COUNTRY, country_mentions, country_name, find_countries, normalise_country


def test_names_spellings_and_adjectives_are_one_country():
    assert country_mentions("Spagna, Spain, gli spagnoli, España") == ["Spain"] * 4
    assert country_name("i distretti svedesi") == "Sweden"
    assert find_countries("Belgique e Belgio, poi U.K.") == ["Belgium", "United Kingdom"]
    assert country_name("") is None and country_name(None) is None


def test_a_location_names_its_last_country():
    assert normalise_country("Lyon, near Switzerland, France") == "France"
    assert normalise_country("Prato") is None


def test_a_card_country_is_normalised_and_named_in_italian():
    card = ClusterCard(id="x", name="X", country="Paesi Bassi", source={"document": "d"})
    assert card.country == "Netherlands" and ITALIAN_COUNTRY[card.country] == "Paesi Bassi"
    assert ClusterCard(id="y", name="Y", country="Atlantis", source={"document": "d"}).country == "Atlantis"
