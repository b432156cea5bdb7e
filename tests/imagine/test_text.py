"""The folding variants of imagine.text differ where their docstrings say, and agree elsewhere."""

from imagine.text import alnum_words, articulated_forms, expand_chat_shorthand, fold, fold_alnum, fold_typography, fold_word, words


def test_all_foldings_drop_case_and_accents():
    for f in (fold, fold_word, fold_typography, fold_alnum):
        assert f("Città Perché").strip() == "citta perche"


def test_fold_spaces_punctuation_fold_word_keeps_it():
    assert fold("Plaine de l'Ain – Łódź") == "plaine de l ain   lodz"
    assert fold_word("Plaine de l'Ain – Łódź") == "plaine de l'ain – lodz"


def test_fold_typography_evens_quotes_dashes_and_spaces():
    assert fold_typography("l’Ain  —\n«Bio»\u00adtex") == "l'ain - «bio»tex"


def test_fold_alnum_drops_punctuation_without_a_space():
    assert fold_alnum("Tessile/Moda, Ł") == "tessilemoda ł"
    assert fold_alnum(None) == ""


def test_alnum_words_keep_digits_glued_words_do_not():
    assert alnum_words("COVID19 e 4.000 addetti") == ["covid19", "e", "4", "000", "addetti"]
    assert words("COVID19 e 4.000 addetti") == ["covid", "e", "addetti"]


def test_typed_sentences_cut_after_end_marks_and_at_line_breaks():
    from imagine.text import typed_sentences

    assert typed_sentences(" siamo 8 persone. come avete scelto i cluster?\nok grazie! ") == \
        ["siamo 8 persone.", "come avete scelto i cluster?", "ok grazie!"]
    assert typed_sentences("il 3.5% delle imprese") == ["il 3.5% delle imprese"]  # no break inside a number


def test_chat_shorthand_is_written_out_and_nothing_else_changes():
    assert expand_chat_shorthand("xche dicono ke prato e empoli sn collegati?? cmq nn ho capito") == (
        "perché dicono che prato e empoli sono collegati?? comunque non ho capito")
    assert expand_chat_shorthand("KE sanzioni ci sono?") == "che sanzioni ci sono?"
    for typed in ("the TT program", "l'ke", "Kenya e Knn", "sn-1 e x-ray", "3 x 4", "x is the unknown"):  # inside or
        assert expand_chat_shorthand(typed) == typed  # beside other words, or English
    # "x" before an article, a pronoun or a possessive is "per"
    assert expand_chat_shorthand("x il nostro studio: quanti cluster? e x noi?") == "per il nostro studio: quanti cluster? e per noi?"


def test_a_misspelt_interrogative_is_read_as_itself():
    assert expand_chat_shorthand("qunte azioni ha il progetto imagine?") == "quante azioni ha il progetto imagine?"
    assert expand_chat_shorthand("qaunti addetti? Whcih clusters?") == "quanti addetti? Which clusters?"
    for typed in ("quinte colonne", "conte e quasi", "quarti di finale"):  # words of their own, one edit away
        assert expand_chat_shorthand(typed) == typed


def test_digits_after_letters_stay_in_the_word():
    from imagine.text import tokenize

    assert [(t.text, t.number) for t in tokenize("CO2 e ISO14001, 4.000 addetti")] == [
        ("co2", None), ("e", None), ("iso14001", None), ("4.000", 4000.0), ("addetti", None)]


def test_an_italian_preposition_has_its_forms_joined_to_an_article():
    assert "dall" in articulated_forms("dal") and "dalla" in articulated_forms("da") and "dell" in articulated_forms("di")
    assert articulated_forms("fuori") == ()
