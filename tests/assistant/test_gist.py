"""The English gist of an Italian quote (LLM backends only): plumbing with a fake LLM injected
(its replies are the gist, then the gist's translation back into Italian), and one slow check with
the real local model."""

from __future__ import annotations

import pytest

from assistant.gist import BACK_SUPPORTED, back_translation_support, content_prefixes, gist, support_of, verified_gist

QUOTE_IT = "Il referente tecnico del comitato è l'ing. Marta Bellandi e il comitato conta 12 imprese."


BACK_IT = "Il referente tecnico del comitato è l'ingegnere Marta Bellandi, e il comitato conta 12 imprese."


class FakeLLM:
    """Plumbing only: replies with its texts in turn (the last one again when they run out) and records
    the messages it was given."""

    name = "fake"

    def __init__(self, *replies, error=None):
        self.replies, self.error, self.seen = list(replies), error, []

    def stream(self, messages, max_tokens):
        self.seen.append(messages)
        if self.error:
            raise self.error
        reply = self.replies[min(len(self.seen), len(self.replies)) - 1]
        yield from reply.split(" ")[:1]
        yield from (" " + w for w in reply.split(" ")[1:])


@pytest.mark.parametrize("reply,expected", [
    ("The committee's technical contact is engineer Marta Bellandi, and the committee has 12 firms.", True),
    ("The committee's technical contact is engineer Marta Bellandi, and the committee has 15 firms.", False),  # number changed
    ("The committee's technical contact is engineer Marta Bellandi.", False),  # the 12 dropped
    ("The technical contact is Marta Rossi of ENEA, and the committee has 12 firms.", False),  # names not in the quote
    ("Il referente è Marta Bellandi e il comitato ha 12 imprese.", False),  # not English
    ("", False),
])
def test_gist_is_shown_only_when_code_verifies_it(reply, expected):
    llm = FakeLLM(reply, BACK_IT)
    got = gist(QUOTE_IT, llm)
    assert (got == reply) if expected else got is None
    assert QUOTE_IT in llm.seen[0][-1]["content"]


def test_gist_is_none_when_the_llm_fails():
    assert gist(QUOTE_IT, FakeLLM(error=RuntimeError("server down"))) is None


def test_verified_gist_accepts_names_and_acronyms_of_the_quote():
    quote = "Il distretto di Prato ha ottenuto la registrazione EMAS nel 2005."
    assert verified_gist("The Prato district obtained EMAS registration in 2005.", quote)
    assert not verified_gist("The Prato district obtained ISO registration in 2005.", quote)
    assert verified_gist("Prato's district obtained the EMAS registration in 2005.", quote)
    assert not verified_gist("Tuscany's Prato district obtained the EMAS registration in 2005.", quote)  # a first word is checked too


def test_a_gist_copying_an_italian_number_format_is_rejected():
    quote = "Il distretto occupa una superficie di 7.234 km² con 4.320 km di strade e il 59,1% delle imprese."
    assert not verified_gist("The district covers 7.234 km² with 4.320 km of roads and 59,1% of the firms.", quote)
    assert verified_gist("The district covers 7,234 km² with 4,320 km of roads and 59.1% of the firms.", quote)


@pytest.mark.slow
def test_gist_with_the_real_local_model():
    from imagine.components.llm import LLMUnavailable, build_llm
    from imagine.settings import Settings

    try:
        llm = build_llm(Settings(llm_backend="local"))
    except LLMUnavailable as exc:
        pytest.skip(f"local model unavailable: {exc}")
    quote = "Attraverso queste azioni l’area produttiva di Gendorf ha rilevato una riduzione del 60% dell’inquinamento atmosferico."
    got = gist(quote, llm)
    # whatever the model writes, what is shown passed the checks: English, the 60 kept, no name invented,
    # and the model's own translation back into Italian is mostly in the quote's words
    assert got is None or (verified_gist(got, quote) and "60" in got)
    if got is not None:
        support = back_translation_support(got, quote, llm)
        assert support is not None and support >= BACK_SUPPORTED


def test_a_gist_that_drops_a_long_acronym_of_its_quote_is_not_shown():
    """Hand-labelled on dev (evaluation/labels/local-gists-2026-12-01.jsonl): "MOTIV" read as a word."""
    quote = 'MOTIV costituisce una "piattaforma di supporto" realizzata dall’università per l\'industria della moda di Ghent.'
    assert not verified_gist('The motivation is a "support platform" created by the university for the fashion industry in Ghent.', quote)
    assert verified_gist('MOTIV is a "support platform" created by the university for the fashion industry in Ghent.', quote)
    # a short acronym may be translated: "Gruppo SGA (EMS Group)" -> "the EMS Group"
    assert verified_gist("All the participating companies name an environmental manager who together form the EMS Group.",
                         "Tutte le aziende partecipanti nominano un manager ambientale che insieme formano il “Gruppo SGA” (EMS Group).")



def test_a_gist_whose_words_come_back_as_other_words_is_not_shown():
    """Names and numbers right, the words wrong: the translation back holds words the quote lacks. (One wrong word
    in a long sentence stays under the bar: the check is a share, and the quote is shown above the gist.)"""
    quote = "Il cluster raccoglie 120 pellettieri e calzaturifici."
    gist_text = "The cluster gathers 120 upholsterers and sofa makers."
    assert verified_gist(gist_text, quote)  # the name-and-number check cannot see it
    assert gist(quote, FakeLLM(gist_text, "Il cluster raccoglie 120 tappezzieri e fabbricanti di divani.")) is None
    assert gist(quote, FakeLLM(gist_text, "Il cluster raccoglie 120 pellettieri e calzaturifici.")) == gist_text


def test_back_translation_support_counts_content_words_by_prefix():
    quote = "Le imprese partecipanti hanno ridotto i consumi energetici."
    # "impresa"/"imprese" and "consumo"/"consumi" meet by prefix; "della", "che" are grammar
    assert back_translation_support("x", quote, FakeLLM("L'impresa che partecipa ha ridotto il consumo energetico.")) == 1.0
    assert back_translation_support("x", quote, FakeLLM("I fiumi della regione.")) == 0.0
    assert back_translation_support("x", quote, FakeLLM("e di che")) is None  # no content word
    assert back_translation_support("x", quote, FakeLLM(error=RuntimeError("down"))) is None
    assert content_prefixes("Della qualità delle acque reflue") == ["quali", "acque", "reflu"]


def test_a_gist_is_checked_back_only_after_its_names_and_numbers_pass():
    llm = FakeLLM("The committee has 15 firms.", BACK_IT)
    assert gist(QUOTE_IT, llm) is None and len(llm.seen) == 1  # the second call is not made


def test_a_word_left_untranslated_must_be_a_whole_word_of_the_quote():
    quote = "Il prodotto del distretto conciario di Santa Croce è usato dal distretto calzaturiero."
    gist_text = "The product of the concierge district of Santa Croce is used by the footwear district."
    # "concierge" came back as it was: it shares "conci" with "conciario" but is no word of the quote
    assert support_of("Il prodotto del distretto concierge di Santa Croce è usato dal distretto calzaturiero.",
                      gist_text, quote) < support_of("Il prodotto del distretto conciario di Santa Croce è usato dal "
                                                     "distretto calzaturiero.", gist_text, quote) == 1.0
    # a word of the quote copied through the gist ("filiera") is held
    assert support_of("La filiera non è un requisito.", 'The "filiera" is not a requirement.',
                      "La filiera non costituisce un requisito.") == 1.0


def test_a_gist_says_no_name_more_often_than_its_quote():
    """"… for Made Green in Europe” … al sistema “moda” toscano" glossed as "… Made Green in Europe" … to the fashion sector
    in Europe": the second "Europe" is a claim the quote does not make (hand-labelled, h27-sme-05)."""
    quote = ("Il progetto “IMAGINE, Innovation, for Made Green in Europe” è finalizzato alla promozione e diffusione "
             "dell’approccio distrettuale di EMAS al sistema “moda” toscano.")
    assert not verified_gist('The project "IMAGINE, Innovation, for Made Green in Europe" is aimed at promoting the EMAS '
                             'approach to the "moda" sector in Europe.', quote)
    assert verified_gist('The project "IMAGINE, Innovation, for Made Green in Europe" aims to promote the district EMAS '
                         'approach in the fashion system.', quote)
    # a name the quote inflects twice may come twice
    quote = "NICE è un'iniziativa di partnership tra paesi nordici per guidare il mercato nordico della moda."
    assert verified_gist("NICE is a partnership between Nordic countries to guide the Nordic fashion market.", quote)


def test_a_gist_that_moves_a_word_onto_a_number_is_not_shown():
    """Hand-labelled, round 45 (heldout49 dev, local backend): "supports 200 sustainable enterprises", where the
    quote's 200 are firms and "sostenibili" qualifies their activities. Back in Italian the word sits after the
    number; the share of words held (all of them) could not see it. A synonym next to the number moves nothing, nor does
    an article the translation dropped."""
    from assistant.gist import moved_to_a_number

    quote = ("Il programma supporta 200 aziende nello sviluppo di attività sostenibili, di una politica ambientale e "
             "nella realizzazione di sistemi di gestione ambientale.")
    wrong = "The programme supports 200 sustainable enterprises in developing activities and environmental policies."
    back = "Il programma supporta 200 aziende sostenibili nello sviluppo di attività e politiche ambientali."
    assert verified_gist(wrong, quote) and support_of(back, wrong, quote) >= BACK_SUPPORTED
    assert moved_to_a_number(back, quote)
    assert gist(quote, FakeLLM(wrong, back)) is None
    right = "The programme supports 200 firms in developing sustainable activities and an environmental policy."
    assert gist(quote, FakeLLM(right, "Il programma supporta 200 imprese nello sviluppo di attività sostenibili e "
                                      "di una politica ambientale.")) == right
    assert not moved_to_a_number("Nel 1995 Asociacion cluster fu istituita.", "Viene istituita nel 1995 la Asociacion cluster.")


def test_a_name_in_the_other_language_is_the_quote_s_name():
    """heldout51 dev, local backend: no English answer had a gist. "The main environmental problem in the northern
    region of Portugal concerns the quality of the water from the Ave and Cavado rivers." was rejected because the
    quote writes "Portogallo". A country, place or month named in either language is the quote's name; an invented one
    is still not, nor one said more often than the quote says it."""
    quote = ("Il problema principale ambientali nella regione del nord del Portogallo riguarda la qualità dell'acqua dei "
             "fiumi Ave e Cavado.")
    assert verified_gist("The main environmental problem in the northern region of Portugal concerns the quality of "
                         "the water from the Ave and Cavado rivers.", quote)
    assert not verified_gist("The main environmental problem in northern Spain concerns the Ave and Cavado rivers.", quote)
    assert not verified_gist("Portugal: the main problem in the north of Portugal is the water of the Ave and Cavado.", quote)
    quote = "NICE è iniziato a dicembre 2009 nel mercato nordico."
    assert verified_gist("The NICE initiative started in December 2009 in the Nordic market.", quote)
    assert not verified_gist("The NICE initiative started in January 2009 in the Nordic market.", quote)


def test_a_gist_that_makes_a_relative_clause_a_main_one_is_not_shown():
    """Hand-labelled in rounds 15 and 57 (h61-oth-17, local backend): the sectors "in cui il modello organizzativo del
    network di imprese si è fortemente consolidato" glossed as the sectors' presence "has significantly strengthened the
    organizational structure of the network": numbers, names and the back-translation's words all passed."""
    quote = ("Particolarmente significativa è risultata la presenza di alcuni settori produttivi come l’information "
             "tecnology (88 clusters), le biotecnologie (70), le tecnologie ambientale (68) ed il comparto automobilistico "
             "(64) in cui il modello organizzativo del network di imprese si è fortemente consolidato.")
    assert not verified_gist("The presence of several production sectors such as information technology (88 clusters), "
                             "biotechnology (70), environmental technology (68), and automotive technology (64) has "
                             "significantly strengthened the organizational structure of the network of enterprises.", quote)
    assert verified_gist("The presence of some sectors was particularly significant: information technology (88 "
                         "clusters), biotechnology (70), environmental technology (68) and automotive (64), in which the "
                         "network model of enterprises has strongly consolidated.", quote)
    # "che" is a conjunction too: not counted
    assert verified_gist("The report says the groups meet about every 3 weeks.",
                         "Il rapporto dice che i gruppi si incontrano circa ogni 3 settimane.")


def test_a_gist_with_a_relative_clause_its_quote_lacks_is_not_shown():
    """Hand-labelled in rounds 24, 27 and 65 (h17-other-08, h12-ans-41, h70-oth-12, local backend): the resources
    "già valutate da un verificatore terzo accreditato come funzionali" glossed as "a third-party verifier *who* has
    been certified as functional": the quote has no relative clause; the gist's put "functional" on the verifier."""
    quote = ("Il principale obiettivo dell’approccio di Emas distrettuale è di semplificare il percorso di adesione alla "
             "registrazione comunitaria per singole organizzazioni operanti in aree industriali o in cluster attraverso la "
             "condivisione di attività, iniziative e risorse collettive messe a disposizione a livello territoriale e già "
             "valutate da un verificatore terzo accreditato come funzionali allo sviluppo dei sistemi di gestione "
             "ambientale delle singole organizzazioni.")
    assert not verified_gist(
        "The main objective of Emas' distrettual approach is to simplify the process of joining the community registration "
        "for single operating organizations in industrial or cluster areas by sharing activities, initiatives, and "
        "collective resources at the local level, already evaluated by a third-party verifier who has been certified as "
        "functional in developing environmental management systems for the single organizations.", quote)
    assert verified_gist(
        "The main goal of the district Emas approach is to simplify the registration of single organizations in "
        "industrial areas or clusters by sharing collective activities, initiatives and resources made available locally "
        "and already judged by an accredited third-party verifier as useful for their environmental management systems.",
        quote)
    # a quote with a relative of its own may be glossed with one
    assert verified_gist("The groups, which meet about every 3 weeks, work on energy.",
                         "I gruppi, che si incontrano circa ogni 3 settimane, lavorano sull'energia.")
