"""imagine.lexicon: real words of Italian or English are not typos."""

from imagine.lexicon import is_word


def test_real_words_and_misspellings_are_told_apart():
    for word in ("manager", "azione", "creato", "sommando", "addetti", "employees", "website"):
        assert is_word(word), word
    for word in ("adetti", "employes", "webiste", "ocupa", "imprse", "countrys"):
        assert not is_word(word), word


def test_everyday_words_are_common_and_town_names_are_not():
    from imagine.lexicon import is_common

    assert is_common("fare") and is_common("produrre") and is_common("make")
    assert not is_common("biella") and not is_common("arzignano") and not is_common("sassuolo")
