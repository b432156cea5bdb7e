"""Extractive answers: the answering sentences first, verbatim, short; the rest behind the sources.
"""

from __future__ import annotations

import pytest

from assistant.cite import valid_markers
from assistant.evidence import Evidence
from assistant.extractive import BODY_CHARS, QUOTE, clauses, focus, quote_answer
from assistant.types import Passage

LONG = ("Successivamente alla prima esperienza il modello è stato replicato con altri 40 networks costituiti in altre "
        "aree territoriali di diverse regioni svedesi arrivando a far ottenere la certificazione ISO 14001 circa 600 "
        "imprese la maggioranza delle quali PMI (59,1% microimprese, 29,6% piccole imprese, 9,4% medie imprese, "
        "1,9% grandi imprese).")


# one clause (its commas are a list's and a bracket's) longer than BLIND_CHARS
LONG_CLAUSE = LONG[:-1] + (" che nel corso degli anni successivi hanno mantenuto la certificazione grazie al supporto "
                           "costante della rete di consulenti e delle autorità locali che hanno finanziato parte delle "
                           "attività di formazione.")


def _verbatim(quote: str, unit: str) -> bool:
    return all(part.strip() in unit for part in quote.split("…") if part.strip())


def test_clauses_give_the_text_back_and_never_cut_inside_brackets():
    text = "Il cluster, nato nel 1994 (con 12 imprese, poi 30), conta oggi 59 aziende: tessili – e altre."
    parts = clauses(text)
    assert "".join(parts) == text
    assert any("(con 12 imprese, poi 30)," in p for p in parts)
    assert parts[-2:] == ["tessili – ", "e altre."] and len(parts) == 5


def test_the_commas_of_a_list_cut_no_clause():
    assert clauses(LONG_UNIT) == [LONG_UNIT]
    assert clauses("Prato, Empoli e Lucca hanno un coordinatore, e ciascuna impresa lo usa.") == [
        "Prato, Empoli e Lucca hanno un coordinatore, ", "e ciascuna impresa lo usa."]


@pytest.mark.parametrize("question", ["Mi spiegate cosa vuol dire per me l'EMAS distrettuale?",
                                      "Under the district EMAS approach, who has to recognise the shared resources?"])
def test_a_clause_with_no_place_to_cut_is_quoted_whole_up_to_a_bound(question):
    # its answer may be its last words ("… valutate da un verificatore terzo accreditato …")
    assert focus(LONG_UNIT, question) == LONG_UNIT


def test_a_short_unit_is_quoted_whole():
    unit = "Il referente tecnico del comitato è l'ing. Marta Bellandi."
    assert focus(unit, "Who is the technical contact?") == unit


@pytest.mark.parametrize("question,must", [
    ("Quale percentuale delle imprese erano microimprese?", "59,1% microimprese"),
    ("In quante reti è stato replicato il modello?", "40 networks"),
    ("Quale percentuale erano grandi imprese?", "1,9% grandi"),
])
def test_a_clause_too_long_to_quote_is_cut_to_the_words_that_answer(question, must):
    quote = focus(LONG_CLAUSE, question)
    # the 300-character room, plus up to half of it more to close a bracket the quote opened: its list is one piece
    assert must in quote and len(quote) <= 460 and "…" in quote and quote.count("(") == quote.count(")")
    assert _verbatim(quote, LONG_CLAUSE)


def test_on_a_tie_the_clause_with_the_asked_number_is_kept():
    unit = ("Un sistema di cluster è definito dalla letteratura come “concentrazione geografica di aziende specializzate, "
            "che hanno a disposizione forza lavoro con capacità e competenze avanzate, e istituzioni di “supporto” che "
            "rendono possibile il diffondersi della conoscenza e di effetti indiretti positivi come risultato della loro "
            "vicinanza” (M.Porter, 1991).")
    quote = focus(unit, "Whose definition of a cluster does the report quote, and from what year?")
    assert "1991" in quote and _verbatim(quote, unit)


def test_a_long_unit_with_clauses_keeps_the_clause_with_the_asked_number():
    unit = ("Il distretto, che si estende su un territorio molto ampio tra diverse province della regione e comprende "
            "numerose aree produttive specializzate nella lavorazione dei metalli e nella meccanica di precisione, "
            "oltre a molte piccole botteghe artigiane che lavorano per conto terzi nelle valli circostanti, "
            "è organizzato in consorzi locali che offrono servizi comuni alle imprese associate, "
            "e conta complessivamente 1.250 addetti distribuiti in 85 imprese.")
    assert len(unit) > 300 + 150
    quote = focus(unit, "Quanti addetti conta il distretto?")
    assert "1.250 addetti" in quote and quote.startswith("…") and _verbatim(quote, unit)


def test_a_unit_a_little_past_the_room_of_two_parts_is_quoted_whole_unless_it_does_not_fit():
    """For a question asking two things, cutting a unit a little longer than their room saves little and may cut off
    one answer ("la condizione … è un riconoscimento di parte terza …; il distretto ottiene così il riconoscimento, e
    …" lost its first clause, the third party asked, for "what condition has to be met, and who has to confirm it?");
    a unit quoted after the best one that does not fit whole in the body is then cut closer rather than left out."""
    unit = ("In questo senso la condizione che deve essere soddisfatta per l’adesione è quella di un riconoscimento di "
            "parte terza (da parte cioè di un soggetto terzo indipendente e accreditato) circa la rispondenza ai requisiti "
            "richiamati all’interno di uno specifico schema delle attività svolte a livello locale; il distretto ottiene "
            "così il riconoscimento, e ciascuna delle organizzazioni operanti nell’area o nel cluster sarà autorizzata ad "
            "impiegare e usufruire delle attività e delle risorse comuni come un supporto per implementare e mantenere la "
            "corrispondenza del proprio sistema di gestione ambientale con i requisiti dell’Emas.")
    assert 600 < len(unit) <= 600 + 150
    question = "For our district to get the recognition, what condition has to be met, and who has to confirm it?"
    assert focus(unit, question) == unit
    assert focus(unit, question, slack=0) != unit
    assert focus(unit, "who has to confirm it?") != unit  # one part: its room
    first = "Nel progetto sono coinvolti 4 distretti produttivi operanti nella regione. " * 3
    passages = [Passage("A\n" + first, {"document": "a"}), Passage("B\n" + unit, {"document": "b"})]
    selected = [Evidence(0, first.strip(), 0.8), Evidence(1, unit, 0.6)]
    text, cited = quote_answer(selected, passages, "en", question=question)
    assert len(cited) == 2 and "[2]" in text and "…" in text  # cut to fit, not dropped


def test_without_a_clue_a_unit_is_kept_whole_up_to_a_bound():
    unit = ("I cluster coinvolti nel progetto hanno un ulteriore caratteristica, ovvero sono parte integrante di una "
            "filiera produttiva; infatti il prodotto del distretto conciario è utilizzabile nel distretto calzaturiero, "
            "come è ipotizzabile che altrove si realizzi la materia prima, il tessuto, che può essere utilizzato "
            "nel distretto dell’abbigliamento di Empoli.")
    assert 300 < len(unit) <= 500
    assert focus(unit, "Where could it be used?") == unit  # no shared number, name or term
    doubled = (unit.replace(";", ",") + " ") * 2
    assert focus(doubled, "Where could it be used?").startswith("I cluster coinvolti") and len(focus(doubled, "?")) < 320


def test_the_run_grows_past_the_question_terms_towards_what_follows_them():
    unit = ("I cluster coinvolti nel progetto hanno un ulteriore caratteristica, ovvero sono parte integrante di una "
            "filiera produttiva; infatti il prodotto del distretto conciario di Santa Croce è utilizzabile nel distretto "
            "calzaturiero di Lucca, come è ipotizzabile che nel cluster di Prato si realizzi la materia prima, il tessuto, "
            "che può essere utilizzato nel distretto dell’abbigliamento di Empoli.")
    quote = focus(unit, "Where could the fabric made in the Prato cluster be used?")
    assert "Prato" in quote and "Empoli" in quote and _verbatim(quote, unit)


def test_a_lead_in_and_its_list_is_kept_whole():
    unit = ("Dall’analisi emergono tre azioni significative per il miglioramento ambientale dell’area: "
            "· l’introduzione di un sistema di gestione ambientale dell’area; · una Dichiarazione Ambientale comune; "
            "· la presenza di un soggetto gestore dei servizi ambientali, con un ruolo di coordinamento delle imprese, "
            "della formazione del personale e della comunicazione con le autorità locali.")
    assert len(unit) > 220 and focus(unit, "Quali azioni?") == unit


def _passages():
    return [Passage("Sezione\nIl referente tecnico del comitato è l'ing. Marta Bellandi. Il comitato si riunisce ogni mese "
                    "presso la sede del consorzio.", {"document": "a"}),
            Passage("Altra\n" + LONG, {"document": "b"}),
            Passage("Terza\nLe imprese aderenti condividono un unico manuale del sistema di gestione ambientale.", {"document": "c"})]


def test_quote_answer_puts_the_answer_first_and_the_rest_behind_the_sources():
    passages = _passages()
    selected = [Evidence(0, "Il referente tecnico del comitato è l'ing. Marta Bellandi.", 0.8),
                Evidence(1, LONG, 0.7),
                Evidence(0, "Il comitato si riunisce ogni mese presso la sede del consorzio.", 0.69),
                Evidence(2, "Le imprese aderenti condividono un unico manuale del sistema di gestione ambientale.", 0.68)]
    text, cited = quote_answer(selected, passages, "en", question="Who is the technical contact of the committee?")
    assert text.startswith("Italian text from the documents: «Il referente tecnico del comitato è l'ing. Marta Bellandi.» [1]")
    assert valid_markers(text, cited)
    quotes = QUOTE.findall(text)
    assert sum(len(q) for q, _ in quotes) <= BODY_CHARS
    for quote, n in quotes:
        assert _verbatim(quote, cited[int(n) - 1].text)
    # every selected sentence of a cited passage is a highlight, quoted in the body or not
    assert "Il comitato si riunisce ogni mese presso la sede del consorzio." in cited[0].highlights
    assert "Il comitato si riunisce" not in text or len(quotes) > 1
    assert all(h in p.text for p in cited for h in p.highlights)


FASHION = ("Nel complesso i cluster del comparto fashion in Europa, sono 84 di cui 47 del settore tessile, 10 del "
           "conciario, e 17 del calzaturieri.")


def test_each_part_computing_on_the_quoted_figures_gets_its_line():
    """"tessile + conciario + calzaturiero quanti fanno in tutto? e che quota del totale moda è il tessile?": a sum and a
    share of one quoted sentence, each computed by code and put first (one line had answered the first part only)."""
    passages = [Passage("Selezione\n" + FASHION, {"section": "Selezione"})]
    text, _ = quote_answer([Evidence(0, FASHION, 0.7)], passages, "it",
                           question="quindi tessile + conciario + calzaturiero quanti fanno in tutto? e che quota "
                                    "percentuale del totale moda e il tessile?")
    assert text.startswith("Somma delle cifre citate [1]: 47 + 10 + 17 = 74.\nCalcolo sulle cifre citate [1]: 47 su 84 = 56%.")


def test_a_turn_computing_on_the_figures_the_last_answer_quoted_is_recognised():
    """The figures the conversation quoted, not the cards of the sectors named, are what such a turn computes on."""
    from assistant.extractive import computes_on_last_quotes

    history = [{"role": "user", "content": "e come si dividono per settore?"},
               {"role": "assistant", "content": f"Dai documenti: «{FASHION}» [1]"}]
    assert computes_on_last_quotes("quindi tessile + conciario + calzaturiero quanti fanno in tutto?", history)
    assert not computes_on_last_quotes("quanti cluster tessili ci sono nelle schede?", history)
    assert not computes_on_last_quotes("quindi tessile + conciario quanti fanno in tutto?", [])


def test_units_the_ranking_cannot_tell_apart_are_all_quoted():
    passages = _passages()
    selected = [Evidence(1, LONG, 0.80), Evidence(2, "Le imprese aderenti condividono un unico manuale del sistema di gestione ambientale.", 0.78),
                Evidence(0, "Il referente tecnico del comitato è l'ing. Marta Bellandi.", 0.60)]
    text, cited = quote_answer(selected, passages, "it", question="Quante reti e quante imprese certificate?")
    assert "40 networks" in text and "unico manuale" in text and valid_markers(text, cited)


def test_a_unit_that_continues_another_is_quoted_with_it_or_not_at_all():
    """The rest of a list cut by a chunk boundary never stands alone: it follows its lead-in's fate."""
    passages = _passages()
    best = Evidence(0, "Il referente tecnico del comitato è l'ing. Marta Bellandi.", 0.80)
    lead_in = Evidence(1, LONG, 0.60)
    rest = Evidence(2, "Le imprese aderenti condividono un unico manuale del sistema di gestione ambientale.", 0.60, continues=True)
    ask = dict(question="Chi è il referente tecnico?", body_chars=350)
    text, _ = quote_answer([best, lead_in, rest], passages, "it", **ask)
    assert "unico manuale" not in text  # the long lead-in does not fit, so its continuation goes too
    alone = Evidence(2, rest.text, 0.60)
    assert "unico manuale" in quote_answer([best, lead_in, alone], passages, "it", **ask)[0]
    tied = quote_answer([best, Evidence(1, LONG, 0.79), rest], passages, "it", question="Chi è il referente tecnico?")[0]
    assert "40 networks" in tied and "unico manuale" in tied


def test_a_quote_from_a_cluster_card_says_which_cluster_unless_it_names_it():
    card = "E’ stato realizzato un programma per la gestione dei rifiuti post consumo dei tappeti."
    named = "Fedustria rappresenta il settore tessile del Belgio."
    passages = [Passage(f"Cluster: Fedustria (Belgium)\n{card} {named}", {"cluster": "Fedustria"}, 0.5, "f"),
                Passage(f"Introduzione\n{LONG}", {}, 0.5, "r")]
    text, cited = quote_answer([Evidence(0, card, 0.8), Evidence(0, named, 0.79), Evidence(1, LONG, 0.78)], passages, "it",
                               question="chi ricicla i tappeti?")
    assert f"Dai documenti: Fedustria: «{card}» [1] «Fedustria rappresenta" in text  # said once, and not before its own name
    # report prose after a cluster's label: said to be the report's, or it would read as Fedustria's
    assert f"[1] Dal rapporto: «{LONG[:30]}" in text
    assert valid_markers(text, cited)


def test_a_quote_naming_its_own_cluster_is_labelled_after_another_cluster_s_label():
    """"West Flanders: «…» [1] «Cluster name: Extremadura Textile cluster» [2]" reads as West Flanders'; the second quote
    gets its own label. First in the answer, a quote naming its cluster needs none."""
    ours = "Molti dei servizi offerti aiutano l'industria tessile."
    named = "Nome del cluster / Cluster name: Extremadura Textile cluster"
    passages = [Passage(f"Cluster: West Flanders\n{ours}", {"cluster": "West Flanders"}, 0.5, "w"),
                Passage(f"Cluster: Extremadura Textile cluster\n{named}", {"cluster": "Extremadura Textile cluster"}, 0.5, "e")]
    text, _ = quote_answer([Evidence(0, ours, 0.8), Evidence(1, named, 0.79)], passages, "it", question="chi aiuta l'industria?")
    assert f"West Flanders: «{ours}» [1] Extremadura Textile cluster: «{named}» [2]" in text
    text, _ = quote_answer([Evidence(1, named, 0.8), Evidence(0, ours, 0.79)], passages, "it", question="chi aiuta l'industria?")
    assert text.startswith(f"Dai documenti: «{named}» [1] West Flanders: «{ours}»")


def test_report_prose_first_needs_no_label():
    passages = [Passage(f"Introduzione\n{LONG}", {}, 0.5, "r"), Passage("Cluster: Fedustria\nFedustria ha 400 imprese.",
                                                                      {"cluster": "Fedustria"}, 0.5, "f")]
    text, _ = quote_answer([Evidence(0, LONG, 0.8), Evidence(1, "Fedustria ha 400 imprese.", 0.79)], passages, "it",
                           question="quante imprese?")
    assert text.startswith(f"Dai documenti: «{LONG[:30]}") and "Dal rapporto" not in text


def test_the_frame_names_the_quotes_language_only_when_it_differs():
    passages = _passages()
    selected = [Evidence(0, "Il referente tecnico del comitato è l'ing. Marta Bellandi.", 0.8)]
    assert quote_answer(selected, passages, "it", question="Chi è il referente tecnico?")[0].startswith("Dai documenti: «")
    english = [Passage("Card\nThe cluster has 4,000 workers and its coordinating body is the municipality.", {})]
    text, _ = quote_answer([Evidence(0, "The cluster has 4,000 workers and its coordinating body is the municipality.", 0.8)],
                      english, "it", question="Quanti addetti ha il cluster?")
    assert text.startswith("Testo in inglese dai documenti: «")


def test_a_name_counts_once_and_the_room_left_goes_to_the_next_clause():
    porter = ("Un sistema di cluster è definito dalla letteratura come “concentrazione geografica di aziende specializzate, "
              "che hanno a disposizione forza lavoro con capacità e competenze avanzate, e istituzioni di “supporto” che "
              "rendono possibile il diffondersi della conoscenza e di effetti indiretti positivi come risultato della loro "
              "vicinanza” (M.Porter, 1991).")
    # "Porter" (a name, scored once) must not outweigh the defining clause that shares "cluster" and "definito"
    assert "concentrazione geografica" in focus(porter, "Come definisce Porter un cluster?")
    echo = ("Il progetto IMAGINE si inserisce a pieno in questo scenario, ovvero riconosce la rilevanza economica delle "
            "PMI e cerca non di modificare il loro assetto organizzativo, ma di creare risorse condivise tra le imprese "
            "di uno stesso contesto produttivo a cui possano accedere liberamente per migliorare il proprio sistema "
            "produttivo in termini di maggiore sostenibilità ambientale.")
    quote = focus(echo, "In che modo IMAGINE aiuta le PMI senza modificare il loro assetto organizzativo?", slack=0)
    assert "risorse condivise" in quote and quote.endswith(" …") and _verbatim(quote, echo)


def test_a_who_question_keeps_the_clause_with_the_name():
    unit = ("Un sistema di cluster è definito dalla letteratura come “concentrazione geografica di aziende specializzate, "
            "che hanno a disposizione forza lavoro con capacità e competenze avanzate, e istituzioni di “supporto” che "
            "rendono possibile il diffondersi della conoscenza e di effetti indiretti positivi come risultato della loro "
            "vicinanza” (M.Porter, 1991).")
    assert "Porter" in focus(unit, "What definition of cluster does the report use and who is it from?")
    assert "Porter" not in focus(unit, "What definition of cluster does the report use?", slack=0)


def test_a_number_asked_brings_the_clause_that_states_one_into_the_quote():
    """"chi l'ha definito …, e in che anno?": the run of clauses closest to the question states no year; the clause
    with the year is quoted after it, each piece verbatim."""
    unit = ("Un sistema di cluster è definito dalla letteratura come “concentrazione geografica di aziende specializzate, "
            "che hanno a disposizione forza lavoro con capacità e competenze avanzate, e istituzioni di “supporto” che "
            "rendono possibile il diffondersi della conoscenza e di effetti indiretti positivi come risultato della loro "
            "vicinanza” (M.Porter, 1991).")
    quote = focus(unit, "Chi ha definito il cluster come concentrazione geografica di aziende specializzate, e in che anno?",
                  slack=0)
    assert quote.startswith("Un sistema di cluster") and quote.endswith("(M.Porter, 1991).") and " … " in quote
    assert _verbatim(quote, unit)


def test_a_unit_cutting_would_shorten_by_little_is_quoted_whole():
    """A unit at most TAIL_CHARS past the room is quoted whole: the cut saved little and lost the answer's end ("… il
    tessuto, che può essere utilizzato nel distretto dell'abbigliamento di Empoli", the definition's author)."""
    filiera = ("I cluster coinvolti nel progetto hanno un ulteriore caratteristica, ovvero sono parte integrante di una "
               "filiera produttiva; infatti il prodotto del distretto conciario di Santa Croce è utilizzabile nel distretto "
               "Calzaturiero di Lucca, come è ipotizzabile che nel cluster di Prato si realizzi la materia prima , il "
               "tessuto, che può essere utilizzato nel distretto dell’abbigliamento di Empoli.")
    assert focus(filiera, "how does each relate to the production chain?") == filiera
    assert focus(filiera, "how does each relate to the production chain?", slack=0) != filiera  # without slack: cut
    assert focus(LONG_UNIT + " " + LONG_UNIT, "chi valuta le risorse collettive?").endswith("…")  # past it: cut


LONG_UNIT = ("Il principale obiettivo dell'approccio è di semplificare il percorso di adesione alla registrazione per "
             "singole organizzazioni operanti in aree industriali o in cluster attraverso la condivisione di attività, "
             "iniziative e risorse collettive messe a disposizione a livello territoriale e già valutate da un "
             "verificatore terzo accreditato come funzionali allo sviluppo dei sistemi di gestione delle organizzazioni.")


TWO_CLAUSES = ("Le risorse comuni sono le procedure e i documenti che il distretto mette a disposizione delle imprese "
               "aderenti per la gestione ambientale del territorio produttivo e dei servizi comuni alle aziende della zona "
               "industriale; queste risorse, una volta predisposte dal soggetto coordinatore del distretto con il "
               "supporto delle associazioni, sono approvate da un verificatore terzo accreditato che ne valuta la "
               "conformità prima dell'uso da parte delle imprese.")


def test_a_question_asking_two_things_gets_room_for_both():
    """"cosa sono e chi le approva?": both answers are in one long unit; one clause's room kept only the first."""
    assert "verificatore terzo accreditato" in focus(TWO_CLAUSES, "le risorse condivise cosa sono e chi le approva?")
    assert "verificatore" not in focus(TWO_CLAUSES, "cosa sono le risorse comuni del distretto?")


def test_who_approves_is_answered_by_the_clause_giving_the_role():
    assert "valutate da un verificatore terzo accreditato" in focus(LONG_UNIT, "e chi approva le iniziative dell'approccio?")


def test_a_short_rest_of_a_long_unit_is_quoted_not_cut():
    """Criterion 4's sentence is a little over the limit; its last clause, which says what counted as interest (having
    worked with a partner of the project), was cut to "… o che in passato abbiano …"."""
    unit = ("L’ultimo criterio (n.4) che ha permesso di inserire ulteriori cluster nella presente ricerca è stato il livello "
            "di interesse manifestato dai cluster partecipando alla conferenza di medio termine, che hanno partecipato al "
            "seminario internazionale svolto a Brussels o che in passato abbiano collaborato con uno dei partner del progetto.")
    quoted = focus(unit, "about criterion 4, the 'interest' one: what concretely counted as a cluster having shown interest?")
    assert quoted == unit


def test_three_answering_units_of_ordinary_length_are_all_quoted():
    """Three selected units of about 200 characters each, none tied with the best, are all in the body: an answer
    whose facts are spread over the second and third units ("who met, how often, on what") lost them behind the
    sources when the body stopped at 350 characters. Measured (extractive, the 27 held-out dev splits): 1,169 -> 1,175
    correct at 800 characters, the mean passage answer 629 -> 724 characters."""
    units = ["Le aziende all’interno del parco hanno costituito dei circoli per dare vita ad alcune azioni in forma "
             "collettiva, con il sostegno dell’amministrazione locale che possiede l’area del parco industriale.",
             "Grazie alla risposta positiva di circa 25 aziende si è creato un nuovo circolo dedicato a tematiche "
             "ambientali, in particolare energia, forniture, gestione dei rifiuti, pulizia, trasporti e costruzioni.",
             "I gruppi lavorano incontrandosi circa ogni 3 settimane e condividono i risultati con tutte le imprese "
             "del parco attraverso incontri periodici organizzati con l’autorità locale e con gli enti di ricerca."]
    passages = [Passage("Vreten\n" + " ".join(units), {"document": "a", "cluster": "Vreten"})]
    selected = [Evidence(0, units[0], 0.80), Evidence(0, units[1], 0.70), Evidence(0, units[2], 0.66)]
    text, cited = quote_answer(selected, passages, "it", question="come lavoravano i circoli di Vreten?")
    assert all(sum(len(u) for u in units[:k]) > 350 for k in (2, 3))
    assert "energia" in text and "ogni 3 settimane" in text and valid_markers(text, cited)


def test_years_asked_beside_another_thing_keep_the_year_in_the_quote():
    """"Which classic authors (and years) does the report cite?": the long definition was cut before "(M.Porter, 1991)"."""
    from assistant.extractive import focus

    unit = ("Un sistema di cluster è definito dalla letteratura come “concentrazione geografica di aziende specializzate, "
            "che hanno a disposizione forza lavoro con capacità e competenze avanzate, e istituzioni di “supporto” che "
            "rendono possibile il diffondersi della conoscenza e di effetti indiretti positivi come risultato della loro "
            "vicinanza” (M.Porter, 1991).")
    assert "1991" in focus(unit, "Which classic authors (and years) does the report cite for the cluster concept?")


def test_an_english_question_on_when_or_how_often_gets_the_quoted_times_in_english():
    """The times the Italian quotes state, rendered by code with their markers; not for other questions, nor in Italian."""
    passages = _passages()
    selected = [Evidence(0, "Il comitato si riunisce ogni mese presso la sede del consorzio.", 0.8)]
    text, cited = quote_answer(selected, passages, "en", question="How often does the committee meet?")
    assert text.endswith("The time quoted, in English: every month [1].") and valid_markers(text, cited)
    for question, lang in (("Where does the committee meet?", "en"), ("Ogni quanto si riunisce il comitato?", "it")):
        text, _ = quote_answer(selected, passages, lang, question=question)
        assert "in English" not in text and "inglese" not in text
