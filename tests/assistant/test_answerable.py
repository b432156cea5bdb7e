"""The answerability gate: the rule on hand-made evidence, then the real assistant on the gate set
(tests/assistant/gate_questions.jsonl, written before the gate: near-domain out-of-corpus questions
and real questions behind a self-description)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answerable import about_named, counted_unit, counts, judge, states
from assistant.evidence import Evidence
from assistant.question import answer_type
from assistant.types import Passage
from imagine.settings import Settings

SETTINGS = Settings(min_score=0.43, min_score_named=0.33, min_score_unknown_name=0.555, min_score_typed=0.5)
NAMES = {"fedus", "prato", "gendo", "aclim", "nice"}
GATE_SET = Path(__file__).with_name("gate_questions.jsonl")


def _judge(core, sentence, similarity=0.6, cluster="Fedustria", named=True):
    passage = Passage(f"Cluster: {cluster}\n{sentence}", {"cluster": cluster})
    return judge(core, [Evidence(0, sentence, similarity, similarity)], [passage], names_cluster=named, unknown=[],
                 corpus_names=NAMES, settings=SETTINGS)


def test_a_cluster_named_in_everyday_words_is_the_subject_through_its_own_passages():
    """"the North West cluster": every word of the name is an everyday word, so no word marks the subject; the passage
    of the named cluster that states what is asked answers, one of another cluster does not."""
    sentence = "Questo soggetto ogni tre mesi informa le imprese sullo stato economico del settore."
    core = "How often does the North West cluster inform its companies?"
    cluster = 'North West region "cluster"'
    passage = Passage(f"Cluster: {cluster}\n{sentence}", {"cluster": cluster})
    ev = [Evidence(0, sentence, 0.40, 0.40)]  # an English question over an Italian sentence: under min_score_typed
    ask = dict(names_cluster=True, unknown=[], corpus_names=NAMES, settings=SETTINGS)
    assert judge(core, ev, [passage], named=[cluster], **ask).ok
    assert not judge(core, ev, [passage], named=["Norte"], **ask).ok


def test_a_cluster_known_only_from_the_askers_description_does_not_lower_the_bar_for_an_unknown_name():
    """"Small dye house in Prato: does the district approach also get us OEKO-TEX?": Prato is where the asker works
    (core_question appends it in brackets), the question asks about what the corpus lacks."""
    sentence = "Il progetto IMAGINE promuove l'approccio distrettuale di EMAS nel distretto tessile di Prato."
    passage = Passage(sentence, {})
    ev = [Evidence(0, sentence, 0.50, 0.50)]
    ask = dict(names_cluster=True, corpus_names=NAMES, settings=SETTINGS)
    core = "Does joining the district approach also get us OEKO-TEX certification? (Distretto tessile di Prato)"
    assert not judge(core, ev, [passage], unknown=["OEKO-TEX"], **ask).ok
    assert judge(core, ev, [passage], unknown=[], **ask).ok
    assert judge("Does Prato's district approach get us OEKO-TEX certification?", ev, [passage], unknown=["OEKO-TEX"],
                 **ask).ok  # the question itself names the cluster: its bar


def test_a_cluster_known_only_from_the_askers_description_keeps_the_plain_bar():
    """"We're a tannery in the Santa Croce area … what discharge limits does the district set for our wastewater?": the
    cluster comes in only through "our" (the brackets core_question appends), so the question is judged as one naming
    none; the same question naming the cluster in its own words gets the named bar."""
    sentence = "Il progetto IMAGINE promuove l'approccio distrettuale di EMAS nel distretto tessile di Prato."
    passage = Passage(sentence, {"cluster": "Distretto tessile di Prato"})
    ev = [Evidence(0, sentence, 0.38, 0.38)]  # above min_score_named, under min_score_english
    ask = dict(names_cluster=True, unknown=[], corpus_names=NAMES, settings=SETTINGS, named=["Distretto tessile di Prato"],
               names_its=lambda text, cluster: "prato" in text.lower())
    described = "What discharge limits does the district set for our wastewater? (Distretto tessile di Prato)"
    assert not judge(described, ev, [passage], **ask).ok
    assert judge("What discharge limits does the Prato district set for wastewater?", ev, [passage], **ask).ok


def test_a_cost_question_needs_a_cost_in_the_evidence():
    about = "Fedustria conta circa 400 imprese che rappresentano l'85% del valore economico del settore tessile belga."
    refused = _judge("Quanto costa aderire a Fedustria?", about)
    assert not refused.ok and refused.wanted == "money", refused
    assert _judge("Quanto costa aderire a Fedustria?", "L'adesione a Fedustria costa 500 euro l'anno.").ok


def test_a_count_needs_a_number_of_the_things_counted():
    firms = "Numero di imprese: 400"
    assert not _judge("How many employees does Fedustria have?", firms).ok
    assert _judge("How many employees does Fedustria have?", "Numero di addetti: 24.224 addetti").ok


def test_a_count_whose_noun_is_not_right_after_its_head_still_counts_that_noun():
    """"quante sono in tutto le azioni …?", "by how much did CO2 emissions fall?": the noun a few words on is what is
    counted; a figure of other things ("4 distretti") does not answer."""
    asked = "quante sono in tutto le azioni del progetto di Fedustria?"
    assert not _judge(asked, "Nel progetto di Fedustria sono coinvolti 4 distretti.").ok
    assert _judge(asked, "Il progetto di Fedustria comprende 6 azioni.").ok
    emissions = "By how much did CO2 emissions at Fedustria fall, in tonnes before and after?"
    assert not _judge(emissions, "Fedustria conta 400 imprese e 24.224 addetti.").ok


def test_a_figure_counts_the_noun_near_it_not_one_far_along_the_sentence():
    """"sono stati creati due strumenti: Legescan, … la posizione dell'azienda …" counts tools: the firms it mentions
    later are not what "due" counts."""
    asked = "How many firms took part in the San Sebastian district's tools?"
    tools = ("Dal punto di vista operativo sono stati creati due strumenti: Legescan, una sorta di gap analysis guidata e "
             "finalizzata alla valutazione della posizione dell’azienda rispetto alla normativa vigente.")
    assert not states("count", tools, asked)
    assert states("count", "La prima applicazione ha coinvolto un network di 36 imprese.", asked)
    assert states("count", "Numero di imprese / Enterprises: 90", asked)


def test_a_distributive_after_the_count_head_counts_the_noun_before():
    """"quali settori avevano più cluster e quanti ciascuno?": "ciascuno" is no noun; the clusters are counted."""
    from assistant.answerable import _counted, states

    asked = "Nell'analisi dell'osservatorio europeo quali settori avevano più cluster e quanti ciascuno?"
    assert _counted(asked) == ["cluster"]
    assert states("count", "la presenza di alcuni settori come l'information tecnology (88 clusters), le biotecnologie (70)", asked)
    assert not states("count", "Il progetto comprende 6 azioni.", asked)


def test_a_count_is_of_its_own_part_not_of_the_events_another_part_asks():
    """"quante LCA sono state fatte … e a che certificazione di prodotto puntano?": the certification is what the second
    part asks; the count of LCAs is stated by a sentence that certifies nothing."""
    from assistant.answerable import states

    sentence = ("Nel progetto parallelamente all’approccio di EMAS distrettuale si sono condotti 4 LCA sui prodotti "
                "“tipici” dei 4 contesti produttivi rispetto ai quali saranno raggiunte le rispettive EPD.")
    assert states("count", sentence, "quante lca sono state fatte nel progetto e a che certificazione di prodotto puntano?")
    assert not states("count", sentence, "quante imprese hanno ottenuto la certificazione?")


def test_a_unit_counting_the_very_thing_asked_answers_a_count_below_the_typed_floor():
    """"quante azioni ha in tutto il progetto imagine?": "… le 6 azioni che costituiscono il progetto" is a clause deep
    in a sentence about the districts (similarity 0.42, under the typed floor), the sentences closer to the question
    give no number; a unit counting the very thing asked answers it, as it answers a part of a longer question. A
    number of something else, or one of firms that did not obtain what is asked, does not."""
    units = ["Con il progetto IMAGINE si è delineato un processo per l'applicazione dell'approccio.",
             "In questi ambiti sono in fase di “sperimentazione” le 6 azioni che costituiscono il progetto."]
    passages = [Passage("Introduzione\n" + " ".join(units), {})]

    def asked(core, second=units[1]):
        ranked = [Evidence(0, units[0], 0.58, 0.58), Evidence(0, second, 0.42, 0.42)]
        return judge(core, ranked, passages, names_cluster=False, unknown=[], corpus_names=NAMES, settings=SETTINGS)

    assert asked("quante azioni ha in tutto il progetto imagine?").ok
    assert not asked("quante imprese ha in tutto il progetto imagine?").ok
    assert not asked("quante imprese hanno ottenuto la registrazione EMAS nel progetto?",
                     "Nel progetto sono state coinvolte 36 imprese.").ok


def test_population_date_and_person_are_typed():
    assert not _judge("quanti abitanti ha prato?", "Il distretto tessile di Prato conta molte imprese.", cluster="Prato").ok
    assert _judge("in che anno e nata ACLIMA?", "Nel 1995 viene istituita ACLIMA.", cluster="San Sebastian").ok
    assert not _judge("chi e il presidente di fedustria?", "Fedustria rappresenta il settore tessile del Belgio.").ok
    # a title in any of its forms ("chairperson", "chairwoman", as "chairman")
    assert answer_type("Who is the current chairperson of Fedustria?") == "person"


def test_a_person_asked_as_such_needs_a_person_s_name_and_a_contact_needs_an_address():
    named = "Il referente del comitato tecnico è l'ing. Paola Verdi, che ne cura i documenti."
    body = "Il comitato tecnico è coordinato da Fedustria."
    asked = "come si chiama la persona che segue il comitato tecnico di fedustria?"
    assert _judge(asked, named).ok and _judge(asked, named).wanted == "named_person"
    assert not _judge(asked, body).ok  # an organisation is no person
    assert not _judge("how can I contact Fedustria by e-mail?", body).ok
    assert _judge("how can I contact Fedustria?", "Sito web / Website: www.fedustria.be").ok


def test_a_name_asked_is_stated_by_a_name_next_to_the_thing_not_by_another_name_in_the_passage():
    """"come si chiama il coordinatore centrale?": the passage mentions the coordinator and names nobody; the consultancy
    it names is another thing, and the "Comitato di Coordinamento" is a name made of the question's own word."""
    mentioned = ("Da questo gruppo è selezionato un Comitato di Coordinamento ed è nominato un coordinatore centrale "
                 "responsabile del coordinamento del network.")
    other = "Il network è supportato da un soggetto esterno, la società di consulenza svedese “Altea AB”."
    asked = "come si chiama il coordinatore centrale del network di Fedustria?"
    assert _judge(asked, mentioned).wanted == "name"
    assert not _judge(asked, f"{mentioned} {other}").ok
    assert _judge("come si chiama la società di consulenza che supporta il network di Fedustria?", f"{mentioned} {other}").ok
    assert _judge(asked, "Il coordinatore centrale, Lindqvist Konsult, prepara le parti comuni.").ok


def test_a_name_asked_in_italian_needs_the_thing_worded_in_english_any_name_may_do():
    """An Italian question's thing is worded as the report words it: a unit that never mentions the "ente" asked does
    not name it; an English question's thing may be worded otherwise ("initiative" / "iniziativa")."""
    nice = "NICE è un'iniziativa di partnership tra paesi nordici."
    assert not _judge("qual e il nome dell ente di verifica di Fedustria?", "Fedustria opera in Belgio con Creamoda.").ok
    assert _judge("What is the Fedustria partnership initiative called?", nice).ok
    assert _judge("come si chiama l'iniziativa di Fedustria?", nice).ok


def _two_units(closer: str, other: str):
    """The judgement of a question over one passage of two units: ``closer`` to the question (0.6), ``other`` less (0.4)."""
    passage = Passage(f"{closer} {other}", {})
    ranked = [Evidence(0, closer, 0.6, 0.6), Evidence(0, other, 0.4, 0.4)]
    return lambda core: judge(core, ranked, [passage], names_cluster=False, unknown=[], corpus_names=NAMES, settings=SETTINGS)


def test_each_typed_part_of_a_question_may_be_stated_by_its_own_unit():
    """The unit closest to the whole question describes the first part; the count the second part asks is stated by
    another, less close unit: the question is answerable. A part whose kind no unit states keeps it refused."""
    asked = _two_units("L'azione sulla replicabilità è dedicata alla diffusione dell'approccio cluster.",
                       "Il progetto si articola in 6 azioni dimostrative.")

    assert asked("what is the replicability action about, and how many actions are there?").ok
    assert not asked("what is the replicability action about, and how much does it cost?").ok
    assert not asked("how many actions are there?").ok  # one part: the closest units must state it


def test_a_part_naming_its_topic_by_a_number_is_stated_by_the_unit_with_that_number():
    """"quante azioni ha in tutto e la numero 5 come si chiama?": the name part shares no word with "L'azione 5
    “Replicability and Diffusion” …", only its number; each part is stated by its own unit."""
    asked = _two_units("L’azione 5 “Replicability and Diffusion” è dedicata alla promozione dell'approccio cluster.",
                       "In questi ambiti sono in sperimentazione le 6 azioni che costituiscono il progetto.")
    assert asked("il progetto quante azioni ha in tutto e la numero 5 come si chiama?").ok


def test_the_assistant_s_own_opinion_is_stated_by_no_document():
    benefits = "L'approccio distrettuale semplifica la registrazione EMAS delle PMI del cluster."
    assert _judge("secondo te all'approccio distrettuale conviene aderire?", benefits, named=False).wanted == "opinion"
    assert not _judge("secondo te all'approccio distrettuale conviene aderire?", benefits, named=False).ok


def test_a_forecast_needs_a_sentence_on_what_lies_ahead():
    asked = "fedustria diventera piu grande nei prossimi anni?"
    assert not _judge(asked, "Fedustria conta circa 400 imprese tessili.").ok
    assert _judge(asked, "Fedustria punta a raddoppiare i suoi membri entro il 2015.").ok


def test_an_item_asked_as_recommended_needs_a_recommendation():
    tools = "Sono stati creati due strumenti: Legescan ed Ecoscan, per le imprese del distretto."
    asked = "quale strumento ci consigliate per partire con il sistema di gestione?"
    assert not _judge(asked, tools, named=False).ok
    assert _judge(asked, "Il progetto consiglia alle imprese lo strumento Ecoscan per partire.", named=False).ok


def test_firms_asked_by_name_need_a_firm_s_name():
    """A count of firms or a place is no answer to "what are the firms called?"; a name with its legal form is."""
    asked = "what are the names of the firms in Fedustria?"
    assert not _judge(asked, "Numero di imprese / Enterprises: 400").ok
    assert not _judge(asked, "Fedustria riunisce le imprese tessili del Belgio, nelle Fiandre e in Vallonia.").ok
    assert _judge(asked, "Tra i soci di Fedustria ci sono la Lanificio Verdi S.p.A. e la Bruges Weaving NV.").ok


def test_a_field_reported_empty_answers_a_plain_count_not_a_count_of_an_event():
    empty = "Numero di imprese / Enterprises: non riportato / not reported"
    assert _judge("quante imprese ha fedustria?", empty).ok
    refused = _judge("quante imprese di fedustria hanno ottenuto la certificazione ISO 14001?", empty)
    assert not refused.ok and refused.wanted == "count", refused


def test_open_questions_need_only_the_similarity_floor():
    assert _judge("Cosa fa Fedustria?", "Fedustria rappresenta il settore tessile del Belgio.", similarity=0.5).ok
    assert not _judge("Cosa fa Fedustria?", "Fedustria rappresenta il settore tessile.", similarity=0.2).ok


def test_the_floor_is_judged_on_the_whole_message_when_it_is_closer():
    """"non siamo in regola con le norme, c'era uno strumento per partire lo stesso?": the core ("c'era uno strumento …")
    lost what it points back at; the message's cosine with the evidence counts for the floor, not for the typed checks."""
    sentence, passage = "Ecoscan non richiede la totale conformità normativa.", Passage("Ecoscan non richiede …", {})

    def ask(similarity, message_similarity=None):
        return judge("c'era uno strumento per partire lo stesso?", [Evidence(0, sentence, similarity, similarity)], [passage],
                     names_cluster=False, unknown=[], corpus_names=NAMES, settings=SETTINGS,
                     message_similarity=message_similarity)

    assert not ask(0.31).ok
    assert ask(0.31, 0.47).ok
    assert not ask(0.31, 0.40).ok


def test_states_a_role_for_agent_questions():
    q = "Who coordinates the West Flanders area?"
    assert states("agent", "E’ presente un soggetto “Creamoda” che coordina l’area.", q)
    assert not states("agent", "Il cluster West Flanders conta 200 membri tra costruttori e progettisti.", q)



def test_an_agent_asked_by_no_role_word_is_someone_given_a_role():
    """"chi li ha messi in piedi?" names no role the corpus words: a sentence giving anyone a role answers it, one giving
    none does not ("the model was replicated in 40 networks")."""
    q = "chi li ha messi in piedi?"
    assert states("agent", "Il network è supportato da un soggetto esterno, la società di consulenza “Altea AB”.", q)
    assert not states("agent", "Il modello è stato replicato con altri 40 networks in diverse regioni svedesi.", q)
    # a person, by an author's citation: "chi è l'economista nominato?"
    assert states("agent", "Già con Marshall (1890) sono state evidenziate le sinergie.", "chi è l'economista nominato?")
    # the agent of an Italian passive: "da parte cioè di un soggetto terzo"
    assert states("agent", "La condizione è un riconoscimento di parte terza (da parte cioè di un soggetto terzo indipendente e "
                           "accreditato).", "chi e che da il riconoscimento?")
    assert not states("agent", "Il distretto ottiene così il riconoscimento.", "chi e che da il riconoscimento?")


@pytest.mark.parametrize("question", [
    "Which regional public body is competent for the permits of the district?",
    "qual e l'ente competente per i controlli ambientali a prato?",
])
def test_the_body_competent_or_responsible_for_something_is_an_agent_asked_by_role(question):
    """Who is competent for or in charge of something is a role: a sentence about the topic that gives no one that
    role does not answer it; one that words the role does."""
    assert answer_type(question) == "agent"
    assert not states("agent", "Le autorizzazioni ambientali del distretto sono state semplificate dalla Regione.", question)
    assert states("agent", "Il Comitato Tecnico, competente per i controlli ambientali, riunisce le imprese.", question)


def test_a_defined_acronym_does_not_admit_a_question_about_what_the_corpus_lacks():
    unit = "Le piccole e medie imprese (PMI) giocano un ruolo cruciale nell'economia europea."
    passage = Passage(unit, {})

    def gate(unknown):
        return judge("Quali strumenti hanno fatto in Giappone per le PMI?", [Evidence(0, unit, 0.36, 0.36)], [passage],
                     names_cluster=False, unknown=unknown, corpus_names=NAMES, settings=SETTINGS)

    assert gate([]).ok and "defines" in gate([]).reason
    assert not gate(["Giappone"]).ok


def test_a_named_cluster_is_answered_from_its_passages_not_another_clusters():
    retrieved = [Passage("Cluster: Pannon", {"cluster": "Pannon Textile Cluster", "country": "Hungary"}),
                 Passage("Cluster: Extremadura", {"cluster": "Extremadura Textile cluster", "country": "Spain"}),
                 Passage("Il rapporto", {})]
    ranked = [Evidence(1, "Il cluster tessile è stato fondato nel 2006.", 0.48, 0.48),
              Evidence(0, "Il Cluster tessile di Pannon è stato costituito il 13 settembre 2005.", 0.29, 0.70),
              Evidence(2, "I cluster sono stati selezionati nel 2010.", 0.25, 0.25)]
    core = "When was the Pannon Textile Cluster set up?"
    assert [e.passage for e in about_named(ranked, retrieved, ["Pannon Textile Cluster"], core)] == [0, 2]
    assert about_named(ranked, retrieved, [], core) == ranked
    # a unit of another cluster's card that names the cluster asked about is about it too
    ranked.append(Evidence(1, "Come il Pannon Textile Cluster, anche questo cluster produce tessuti.", 0.2, 0.2))
    assert [e.passage for e in about_named(ranked, retrieved, ["Pannon Textile Cluster"], core)] == [0, 2, 1]
    # the question also points at a country the named cluster is not in: another cluster is asked about too
    assert about_named(ranked, retrieved, ["Pannon Textile Cluster"], "Pannon or that Spanish cluster?") == ranked
    # unless the card has corrected that country as the question's false premise: it asks about the named cluster
    assert [e.passage for e in about_named(ranked, retrieved, ["Pannon Textile Cluster"], "Pannon, the Spanish cluster: "
                                           "when was it set up?", corrected=("Spain",))] == [0, 2, 1]


def _gate_set():
    rows = [json.loads(line) for line in GATE_SET.read_text().splitlines() if line.strip() and not line.startswith("//")]
    return [r for r in rows if r["kind"] == "out_of_corpus"], [r for r in rows if r["kind"] != "out_of_corpus"]


def test_gate_set_is_big_enough():
    ooc, described = _gate_set()
    assert len(ooc) >= 40 and len(described) >= 20


@pytest.mark.slow
def test_near_domain_out_of_corpus_refused_and_self_described_answered(assistant):
    ooc, described = _gate_set()
    answered = [r["id"] for r in ooc if not assistant.ask(r["question"]).refused]
    refused = [r["id"] for r in described if assistant.ask(r["question"]).refused]
    # measured (README of this branch's report): see the thresholds' comment in imagine/settings.py
    assert len(answered) <= 0.1 * len(ooc), answered
    assert len(refused) <= 0.1 * len(described), refused


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Pannon Textile Cluster, quello in Polonia: in quale regione polacca lavorano le sue imprese?",
    "The Pannon Textile Cluster, the Polish one set up in 2005: which Polish region is it in?",
])
def test_after_the_card_corrects_a_country_the_passages_quoted_are_the_named_clusters(assistant, question):
    """The card says Pannon is in Hungary; the passages after it must not quote Łódzkie's "Polonia, la regione di
    Łódzkie …" as if the wrong country still pointed at another cluster (the service passes the corrected country
    to about_named)."""
    answer = assistant.ask(question)
    assert "Ungheria" in answer.text or "Hungary" in answer.text, answer.text
    assert "Transdanubean" in answer.text and "Łódzkie" not in answer.text, answer.text


def test_a_date_must_be_of_the_event_asked():
    met = "Le imprese del parco hanno partecipato nel marzo 1998 a un incontro sul piano locale."
    # a premise never stated: the date of another event does not answer "when was it registered?"
    assert not _judge("In che anno il parco di Gendorf ha ottenuto la certificazione EMAS?", met, cluster="Gendorf").ok
    assert not _judge("When did Gendorf get its EMAS registration?", met, cluster="Gendorf").ok
    assert _judge("When did the Gendorf firms take part in the local meeting?", met, cluster="Gendorf").ok
    # a length of time is not the date of an event
    assert not states("date", "La regione è attiva nel tessile da oltre 200 anni.", "When was the cluster registered under EMAS?")
    assert states("date", "Il distretto è stato registrato EMAS nel 2004.", "When was the cluster registered under EMAS?")
    # an event we have no words for is not required
    assert states("date", "L'accordo risale al 2003.", "Quando fu firmato l'accordo?")
    # a card's count line is no year: Hackefors' 1,500 workers do not say when its model started
    started = "in che anno e partito?"
    assert not states("date", "Numero di addetti / Workers: 1500 (nel rapporto / in the report: «1.500»)", started)
    assert states("date", "Elementi costitutivi del cluster / Constitutive aspects: avviato nel 1997.", started)


def test_a_count_of_a_unit_needs_the_unit_and_the_thing():
    q = "How many cubic metres of water per tonne of leather did ACLIMA record?"
    assert not states("count", "ACLIMA conta circa 120 soci.", q)
    assert not states("count", "Il consumo di acqua è stato ridotto del 30%, secondo 12 imprese.", "Quanti litri di acqua per kg di tessuto consuma Prato?")
    assert states("count", "Il distretto consuma 150 litri di acqua per kg di tessuto.", "Quanti litri di acqua per kg di tessuto consuma Prato?")


def test_a_statement_at_the_top_carries_a_named_question_under_the_floor():
    said = "Nel febbraio 2001 le imprese di Gendorf hanno aderito al programma regionale."
    assert _judge("When did the Gendorf companies join the regional programme?", said, similarity=0.31, cluster="Gendorf").ok
    # not when it does not state the thing asked, nor far under the bar
    assert not _judge("When did Gendorf obtain EMAS registration?", said, similarity=0.31, cluster="Gendorf").ok
    assert not _judge("When did the Gendorf companies join the regional programme?", said, similarity=0.2, cluster="Gendorf").ok
    assert not _judge("What do the Gendorf companies do together?", said, similarity=0.31, cluster="Gendorf").ok


def test_a_follow_up_is_judged_about_the_earlier_turns_cluster():
    """ "e quanto è grande come superficie?" after a Gendorf turn: Gendorf is the subject, so a
    Gendorf passage stating the area answers it, and a passage about another cluster does not."""
    area = "Superficie / Area: 203 ettari"
    core = "E quanto e grande come superficie, in ettari quanti sono?"

    def follow_up(cluster, context):
        passage = Passage(f"Cluster: {cluster}\n{area}", {"cluster": cluster})
        return judge(core, [Evidence(0, area, 0.5, 0.5)], [passage], names_cluster=True, unknown=[], corpus_names=NAMES,
                     settings=SETTINGS, context=context)

    assert follow_up("Gendorf", ["Industrial Cluster Gendorf"]).ok
    refused = follow_up("Prato", ["Industrial Cluster Gendorf"])
    assert not refused.ok and "gendo" in refused.reason, refused


def test_units_are_told_apart():
    roads = "L'area ha un'estensione di 7.234 kmq, coperti da 4.320 km di strade asfaltate."
    assert states("count", roads, "How many kilometres of paved roads does the district have?")
    assert not states("count", roads, "How many kilograms of asphalt do the roads take?")


@pytest.mark.parametrize("unit, noun, expected", [
    ("In questi ambiti sono in fase di sperimentazione le 6 azioni che costituiscono il progetto", "azioni", True),
    ("the project is made of six actions", "actions", True),
    ("sperimentato nei 4 cluster toscani ha come caratteristica principale l'adattabilità", "azioni", False),
    ("Fedustria conta circa 400 imprese", "companies", True),
    ("L'analisi ha individuato 1.307 cluster collocati in 220 regioni", "cluster", True),
    # a card field line gives its number after the label that names it
    ("Numero di imprese / Enterprises: 21", "enterprises", True),
    ("Numero di imprese / Enterprises: non riportato / not reported", "enterprises", False),
    ("Numero di addetti / Workers: 5000 (nel rapporto / in the report: «5.000»)", "enterprises", False),
])
def test_a_unit_counts_the_noun_only_with_a_number_just_before_it(unit, noun, expected):
    assert counts(unit, noun) is expected


def test_a_question_about_several_named_clusters_quotes_each_of_them():
    from assistant.answerable import each_cluster
    from assistant.evidence import Evidence
    from assistant.types import Passage

    retrieved = [Passage("a", {"cluster": "Alpha"}, 0.5, "a"), Passage("b", {"cluster": "Beta"}, 0.5, "b")]
    ranked = [Evidence(0, "Alpha fu creato nel 1974.", 0.9), Evidence(0, "Alpha ha un sito.", 0.8),
              Evidence(1, "Settore: moda.", 0.5), Evidence(1, "Beta è stato costituito il 13 settembre 2005.", 0.4)]
    core = "Tra Alpha e Beta chi e nato prima? dammi gli anni"
    marked = each_cluster(ranked, retrieved, ["Alpha", "Beta"], core)
    assert [e.text for e in marked if e.answers_part] == ["Alpha fu creato nel 1974.", "Beta è stato costituito il 13 settembre 2005."]
    assert each_cluster(ranked, retrieved, ["Alpha"], core) == ranked  # one cluster: nothing singled out


def test_a_date_said_of_another_named_thing_in_the_clusters_passage_does_not_answer():
    """"When was Fedustria founded?" is not answered by "SUSPRO³ started in 2009" in Fedustria's card: a sentence
    opening with another name (an acronym the question does not hold) dates that thing."""
    core = "In what year was Fedustria founded?"
    assert not _judge(core, "SUSPRO è iniziato nel 2009 a Bruxelles.", similarity=0.6).ok
    assert _judge(core, "Fedustria è stata fondata nel 2009.", similarity=0.6).ok
    assert _judge(core, "È stata fondata nel 2009.", similarity=0.6).ok


def test_a_sentence_opening_with_the_subjects_name_mistyped_is_about_it():
    core = "Quando è iniziata l'iniziativa NICE?"
    sentences = "NICE è un'iniziativa dei paesi nordici.\nNCE è iniziato a dicembre 2009 a Copenaghen."
    assert _judge(core, sentences, similarity=0.6, cluster="Danish Fashion Institute").ok


def test_a_follow_up_pointing_at_what_the_previous_answer_named_is_about_it():
    """"When did that start?" after an answer naming NICE, the Danish Fashion Institute's initiative: the cluster is
    the subject (from the earlier turns), and a sentence of its passage opening with NICE (mistyped "NCE") dates what
    "that" points at. Without the previous answer's names it dates another thing, as for a question naming the
    cluster itself."""
    sentence = "NCE è iniziato a dicembre 2009 a Copenaghen."
    passage = Passage(f"Cluster: Danish Fashion Institute\n{sentence}", {"cluster": "Danish Fashion Institute"})
    ask = dict(names_cluster=True, unknown=[], corpus_names=NAMES | {"danis"}, settings=SETTINGS,
               context=["Danish Fashion Institute"])
    core = "When and where did that start?"
    ev = [Evidence(0, sentence, 0.6, 0.6)]
    assert judge(core, ev, [passage], referents=("NICE",), **ask).ok
    assert not judge(core, ev, [passage], **ask).ok
    assert not judge(core, ev, [passage], referents=("SUSPRO",), **ask).ok


def test_whom_an_application_goes_to_needs_a_sentence_saying_so():
    """"A chi devo mandare la domanda?" is not answered by a sentence on what the verifier checks."""
    checks = "Le risorse comuni non necessitano di ulteriore verifica da parte del verificatore accreditato."
    assert not _judge("a chi devo mandare la domanda di registrazione di Fedustria?", checks).ok
    assert _judge("a chi devo mandare la domanda di registrazione di Fedustria?",
                  "La domanda di registrazione di Fedustria si deve inviare al Comitato Ecolabel Ecoaudit.").ok


def test_a_law_question_needs_a_legal_reference_with_its_number():
    core = "Quale legge disciplina il riconoscimento APO del distretto di Prato?"
    assert not _judge(core, "A Prato il distretto è riconosciuto con l'attestato APO, Ambito Produttivo Omogeneo.", cluster="Prato").ok
    assert _judge(core, "A Prato l'attestato APO è previsto dal Regolamento (CE) n. 1221/2009.", cluster="Prato").ok
    assert states("law", "Lo prevede l'art. 37 del regolamento.", "in quale articolo?")


def test_a_law_named_by_its_acronym_answers_which_law_unless_asked_already_or_its_number_asked():
    """"What regulation is that project meant to implement?" is answered by "… per implementare la normativa sul
    REACH" (it was refused: no number); not "which regulation governs EMAS?" by "il Regolamento EMAS", nor the number
    of a regulation by its name."""
    vlarip = "VLARIP – un progetto in collaborazione con Essencia e Centexbel per implementare la normativa sul REACH."
    assert states("law", vlarip, "What regulation is that project meant to implement?")
    assert not states("law", "Le imprese seguono il Regolamento EMAS.", "which regulation governs EMAS?")
    assert not states("law", vlarip, "qual e il numero del regolamento che il progetto attua?")
    assert not states("law", "Le imprese rispettano la normativa vigente.", "which regulation?")


def test_a_standard_by_its_reference_answers_which_norm():
    """"a quale norma puntava Hackefors?": a technical standard ("conformi all'ISO 14001") is the norm asked; it had
    been refused for want of a legal reference."""
    assert states("law", "Il modello mira ad agevolare l'adesione ai SGA conformi all'ISO 14001.", "a quale norma puntava?")
    assert not states("law", "Il modello mira ad agevolare l'adesione ai SGA.", "a quale norma puntava?")


def test_an_italian_count_names_what_it_counts():
    """"quanti attestati APO sono stati rilasciati?" is not answered by "4 criteri" in a passage about APO: in the
    corpus's language the sentence words the noun counted; an English noun may be worded otherwise."""
    assert not states("count", "La ricerca è stata condotta seguendo 4 criteri.", "quanti attestati APO sono stati rilasciati?")
    assert states("count", "Sono stati rilasciati 12 attestati APO.", "quanti attestati APO sono stati rilasciati?")
    assert states("count", "Il processo selettivo è stato articolato in due fasi.", "how many phases did the selection have?")


def test_partners_asked_need_a_partner_named():
    core = "Which organisations are the official partners of the IMAGINE project?"
    assert not _judge(core, "Il criterio 4 riguarda i cluster che hanno collaborato con uno dei partner del progetto.",
                      named=False).ok
    assert _judge(core, "I partner del progetto sono Alfa Consulting e la Regione Toscana.", named=False).ok
    # a project run "in collaborazione con" two bodies names its partners (heldout50 dev: refused)
    vlarip = ("La attività gestite da Fedustria sono connesse con progetti tra cui VLARIP – un progetto in collaborazione "
              "con Essencia e Centexbel per implementare la normativa sul REACH.")
    assert _judge("Fedustria: What is VLARIP? Who are the partners in that one?", vlarip).ok
    # the partner of "in collaborazione con" is the one after "con", not the project before it, which the question names
    # (our set's fe-06 was refused when "collabora" became a partner word)
    assert _judge("Con chi collabora Fedustria nel progetto VLARIP e quale normativa riguarda?", vlarip).ok
    assert not _judge("Con chi collabora Fedustria nel progetto VLARIP?", "VLARIP è un progetto in collaborazione con Fedustria.").ok


def test_states_a_frequency():
    q = "ogni quanto si vedono?"
    assert states("frequency", "I gruppi lavorano incontrandosi circa ogni 3 settimane.", q)
    assert states("frequency", "Il modello prevede diversi incontri organizzati mensilmente con le imprese.", q)
    assert states("frequency", "The network met twice a year.", "how often did they meet?")
    assert not states("frequency", "La prima applicazione ha coinvolto un network di 36 imprese.", q)


def test_the_counted_noun_ends_at_a_preposition():
    from assistant.answerable import _counted, counted_group

    assert _counted("how much SMEs contribute to CO2 emissions?") == ["smes", "contribute"]
    assert counted_group("to") is None


def test_a_duration_counted_from_an_event():
    from assistant.answerable import states

    assert states("duration", "al secondo anno dalla registrazione le imprese sono verificate", "dopo quanto tempo?")



@pytest.mark.parametrize("question, stated", [
    ("what is the carbon footprint of a metre of fabric, in kg of CO2?", "L'impronta è di 2,1 kg di CO2 per metro."),
    ("quanti litri d'acqua si consumano per un chilo di filato?", "Si risparmiano 120 litri per ogni chilo di filato."),
    ("i consumi del distretto in kWh sono riportati?", "Il consumo medio è sceso a 3,5 kWh per metro di tessuto."),
    ("quanti km quadrati e grande il distretto?", "L'area ha un'estensione di 7.234 kmq."),
])
def test_a_quantity_asked_by_its_unit_is_stated_only_by_a_figure_in_such_a_unit(question, stated):
    """A question naming a unit of mass, energy, volume or area asks a measure: a figure in a unit of that kind states
    it; a count of firms, a share of them, or a figure in a unit of another kind does not ("quante tonnellate di CO2
    ha evitato Gendorf?" had been answered by its "203 ettari")."""
    assert answer_type(question) == "measure"
    assert states("measure", stated, question)
    assert not states("measure", "Il distretto conta 7.000 imprese e riduce del 60% le emissioni.", question)
    other = "Il distretto consuma 40.000 litri al giorno." if "km" in question else "Il distretto occupa 203 ettari."
    assert not states("measure", other, question)


def test_a_count_of_the_firms_an_outcome_happened_to_needs_that_outcome():
    """"How many firms are EMAS registered in the cluster?" is not answered by its number of member firms."""
    q = "nel distretto quante aziende sono registrate EMAS?"
    assert not states("count", "Numero di imprese / Enterprises: 350", q)
    assert states("count", "Nel 2012 le imprese registrate EMAS nel distretto erano 35.", q)
    assert states("count", "Numero di imprese / Enterprises: 350", "quante aziende ha il distretto?")


def test_a_count_of_a_change_needs_a_change():
    """"How many jobs has the district lost?" is not answered by a card's level ("Workers: not reported") nor by
    another figure of the district's; a sentence stating a reduction answers "di quanto è calato …"."""
    q = "how many jobs has the Prato textile district lost over the last ten years?"
    assert not states("count", "Nel progetto sono coivolti 4 distretti produttivi operanti nella regione.", q)
    assert not states("count", "Numero di addetti / Workers: non riportato / not reported", q)
    assert states("count", "Tra il 2001 e il 2011 il distretto ha perso 10.000 addetti.", "quanti addetti ha perso il distretto?")
    assert not states("count", "Numero di addetti / Workers: 10.000", "quanti addetti ha perso il distretto?")
    assert states("count", "L'area ha rilevato una riduzione del 60% dell'inquinamento atmosferico rispetto al 1979.",
                  "di quanto e calato l inquinamento dell aria?")


def test_what_a_superlative_ranks_by_is_the_unit_of_a_question_counting_nothing_else():
    assert counted_unit("e in quale di quei paesi hanno fatto piu network?") == "network"
    assert counted_unit("which country has the most networks?") == "network"
    assert counted_unit("which cluster has the most enterprises?") == "impres"
    assert counted_unit("quale cluster è il più grande?") == ""
    assert counted_unit("quanti addetti ha il cluster con più imprese?") == "addett"  # the count's own unit first


def test_a_typed_part_in_italian_is_not_stated_by_a_unit_about_something_else():
    """"In che data si è svolto il seminario di Bruxelles?" is not answered by the date of another meeting: the unit
    that states a part's type shares a word with the part, when both are in the corpus's language."""
    asked = _two_units("Il criterio 4 riguarda i cluster che hanno partecipato al seminario internazionale svolto a Bruxelles.",
                       "Le aziende hanno partecipato, nel gennaio 1996, ad un incontro organizzato dall'autorità locale.")

    assert not asked("quale criterio riguarda il seminario internazionale? in che data si è svolto il seminario?").ok
    assert asked("quale criterio riguarda il seminario internazionale? in che anno si è tenuto l'incontro dell'autorità locale?").ok


def test_by_how_much_asks_a_degree_of_change_not_a_count_of_the_noun_before_it():
    """"c'è un distretto chimico tedesco, di quanto ha ridotto l'inquinamento?": "di quanto" before a verb counts no
    noun; the sentence with the reduction answers it (the district named before the head had been required in it)."""
    core = "c e un distretto chimico tedesco, di quanto ha ridotto l inquinamento dell aria?"
    assert answer_type(core) == "count"
    assert states("count", "L'area ha rilevato una riduzione del 60% dell'inquinamento atmosferico rispetto al 1979.", core)
    assert states("count", "Il distretto conta 20 imprese.", "di quanti addetti e cresciuto il distretto?") is False
    # what changes, named after the verb, is still counted: "4 distretti" says nothing of emissions
    assert not states("count", "Nel progetto sono coinvolti 4 distretti produttivi.",
                      "By how much did CO2 emissions in the Prato district fall?")


def test_a_later_part_naming_nothing_dates_what_the_part_before_asks():
    """"Which Nordic initiative is linked to the Danish Fashion Institute, and when did it start?": "it" is the initiative
    the first part asks for, which the cluster's passage names by another name; asked of the cluster itself, a sentence
    opening with another acronym dates that other thing."""
    sentence = "NCE è iniziato in occasione del Fashion summit tenutosi a dicembre 2009 a Copenaghen."
    names = NAMES | {"danis"}

    def ask(core):
        passage = Passage(f"Cluster: Danish Fashion Institute\n{sentence}", {"cluster": "Danish Fashion Institute"})
        return judge(core, [Evidence(0, sentence, 0.45, 0.45)], [passage], names_cluster=True, unknown=[],
                     corpus_names=names, settings=SETTINGS)

    assert ask("Which Nordic initiative is linked to the Danish Fashion Institute, and when did it start?").ok
    assert not ask("When did the Danish Fashion Institute start?").ok


def test_a_percentage_of_another_event_does_not_answer_a_percentage_asked_of_one():
    """heldout63 dev: "What percentage of the companies in the Gendorf cluster are EMAS registered today?" was answered
    with Gendorf's 60% cut in air pollution: a percentage is of the event asked, when the question words one (as a date
    is)."""
    cut = "Attraverso queste azioni l’area produttiva ha rilevato una riduzione del 60% dell’inquinamento atmosferico."
    assert not _judge("What percentage of the companies in the Gendorf cluster are EMAS registered?", "Gendorf " + cut,
                      cluster="Gendorf").ok
    assert _judge("Di quale percentuale si è ridotto l'inquinamento a Gendorf?", "Gendorf " + cut, cluster="Gendorf").ok
    registered = "A Gendorf il 40% delle imprese ha ottenuto la registrazione EMAS."
    assert _judge("What percentage of the companies in the Gendorf cluster are EMAS registered?", registered,
                  cluster="Gendorf").ok


def test_a_duration_of_another_event_does_not_answer_a_duration_asked_of_one():
    """As a date and a percentage: "quanto dura la registrazione EMAS?" is not answered by how long a region has
    made textiles; a sentence on how long the registration lasts answers it."""
    other = "La regione è specializzata nel settore tessile da oltre 150 anni."
    assert not _judge("Quanto dura la registrazione EMAS?", other, similarity=0.6, cluster="", named=False).ok
    assert _judge("Quanto dura la registrazione EMAS?", "La registrazione EMAS dura 3 anni.", similarity=0.6, cluster="",
                  named=False).ok
    # no event worded by the question: any duration may answer ("quanto dura il progetto?")
    assert _judge("Quanto dura il progetto?", "Il progetto dura 3 anni.", similarity=0.6, cluster="", named=False).ok


def test_a_count_of_clusters_is_stated_by_the_sentence_giving_it_after_its_noun():
    """"Quanti cluster del comparto moda ci sono in Europa?" is answered by the sentence counting clusters ("… sono 84
    …; altri 8 cluster"): "comparto" (sector) had been read as a kind of firm ("compan…"), which it does not count."""
    fashion = ("Nel complesso i cluster del comparto fashion in Europa, sono 84 di cui 47 del settore tessile, 10 del "
               "conciario, e 17 del calzaturieri; ci sono poi altri 8 cluster sempre afferenti all’area moda.")
    assert _judge("Quanti cluster del comparto moda ci sono in Europa secondo l'analisi citata?", fashion,
                  similarity=0.78, cluster="", named=False).ok


def test_a_share_computed_from_a_quoted_sentence_answers_a_percentage_question():
    fashion = ("Nel complesso i cluster del comparto fashion in Europa, sono 84 di cui 47 del settore tessile, 10 del "
               "conciario, e 17 del calzaturieri; ci sono poi altri 8 cluster sempre afferenti all’area moda.")
    assert _judge("Sul totale dei cluster della moda in Europa, che percentuale sono del tessile?", fashion,
                  similarity=0.55, named=False).ok
    # no part named: nothing is computed, and no sentence states a percentage
    assert not _judge("che percentuale dei cluster europei ha ottenuto EMAS?", fashion, similarity=0.55, named=False).ok
    # a check that the sentence's parts add up names none of its figures: it answers no count of something else
    assert not _judge("Sommando gli addetti di tutti i cluster, che percentuale ne ha la Polonia?", fashion,
                      similarity=0.55, named=False).ok
    # a subject named (a name of the corpus, here Prato's): the share is computed from that subject's sentence
    assert _judge("Based on the Prato figures, what share of the fashion clusters are textile clusters?",
                  "Secondo Prato " + fashion, similarity=0.55, cluster="", named=False).ok
    assert not _judge("Based on the Prato figures, what share of the fashion clusters have a website?",
                      "Secondo Prato " + fashion, similarity=0.55, cluster="", named=False).ok


def test_a_unit_counting_more_of_what_a_part_counts_answers_it_better():
    """"how many clusters, across how many regions": "1.307 cluster collocati in 220 regioni" counts both, "i 15
    cluster di seguito descritti" only the first (it had been quoted for the part)."""
    from assistant.answerable import answers_part

    part = "how many clusters, across how many regions, did the 2010 study identify"
    assert answers_part(part, "Sono stati individuati 1.307 cluster collocati in 220 regioni.") == 2
    assert answers_part(part, "La selezione ha condotto ai 15 cluster di seguito descritti.") == 1
    assert answers_part(part, "Le regioni erano 220.") == 0  # not the first thing counted
    assert answers_part("quante imprese e quanti addetti ha gendorf?", "Numero di imprese / Enterprises: 20") == 1


def test_a_part_asking_which_one_of_a_kind_is_answered_by_a_unit_naming_one():
    """"… e quale azione si occupa della diffusione?": the unit naming an action ("L'azione 5 …") answers the part, not
    one that only mentions actions; another open part singles out no unit."""
    from assistant.answerable import answers_part

    part = "e quale azione si occupa della diffusione?"
    assert answers_part(part, "L’azione 5 “Replicability and Diffusion” è interamente dedicata alla promozione.") == 1
    assert answers_part(part, "Nell’ambito di questa azione sono previste tutte le attività.") == 0
    assert answers_part("e come si diffonde?", "L’azione 5 “Replicability and Diffusion” è dedicata alla promozione.") == 0


def test_a_contact_asked_by_a_medium_is_stated_in_that_medium():
    """"Creamoda's phone number or email": the card's website is a way to reach them, not the one asked; a question
    naming no medium takes any, and a postal address is a contact asked too."""
    site = "Sito internet / Website: www.belgianfashion.be"
    assert not _judge("Can you give me Creamoda's phone number or email address?", site).ok
    assert _judge("What is the website of Fedustria?", site).ok
    assert _judge("how can I contact Fedustria?", site).ok
    assert _judge("mi date la mail di Fedustria?", "Contatti: info@fedustria.be").ok
    postal = _judge("What is the postal address of the Fedustria office?", site)
    assert postal.wanted == "contact" and not postal.ok


def test_a_report_sentence_another_card_quotes_is_the_reports():
    """The pilot cards quote the report's introduction: asked about Empoli, the sentence that spells out IMAGINE came
    first from Prato's card, was dropped as another cluster's, and its copy in the report had been dropped as a repeat.
    It is kept, cited from the report's passage."""
    retrieved = [Passage("Cluster: Empoli", {"cluster": "Empoli"}),
                 Passage("Cluster: Prato", {"cluster": "Prato"}),
                 Passage("Introduzione\nIl progetto IMAGINE, Innovation for Made Green in Europe, è finalizzato alla promozione.", {})]
    ranked = [Evidence(1, "Elementi costitutivi / Constitutive aspects: Il progetto IMAGINE, Innovation for Made Green in "
                          "Europe, è finalizzato alla promozione.", 0.66, 0.36),
              Evidence(1, "Il cluster di Prato produce tessuti cardati e pettinati.", 0.5, 0.5),
              Evidence(0, "Settore / Sector: Abbigliamento", 0.3, 0.3)]
    kept = about_named(ranked, retrieved, ["Empoli"], "che sigla è IMAGINE? (Empoli)")
    assert [(e.passage, e.text[:11]) for e in kept] == [(2, "Il progetto"), (0, "Settore / S")]


def test_the_model_a_question_compares_with_is_not_its_subject():
    """"which consultancy supported Prato, the way Altea AB supported Hackefors?" asks about Prato: Hackefors'
    consultancy does not answer it. A question naming nothing else keeps the model's names."""
    from assistant.answerable import subject_names

    names = {"prato", "hacke", "altea"}
    assert subject_names("Which consultancy supported the Prato district, the way Altea AB supported Hackefors?", names) == {"prato"}
    assert subject_names("chi ha fatto da consulente a Prato, come ha fatto Altea per Hackefors?", names) == {"prato"}
    assert subject_names("Who supported the network, the way Altea AB supported Hackefors?", names) == {"altea", "hacke"}
    assert subject_names("Who supported Hackefors, and how?", names) == {"hacke"}


def test_a_name_set_aside_is_no_subject_and_a_short_word_no_counted_noun():
    """"to how many networks was it replicated outside Sweden?": Sweden is where the answer is not, so the subject
    is the one the conversation named; and "was" counted after "networks" is no cut-short "waste"."""
    from assistant.answerable import subject_names

    assert subject_names("To how many networks was it replicated outside Sweden, by country?", {"swede"}) == set()
    assert subject_names("quali cluster tranne Prato hanno un sito?", {"prato"}) == set()
    assert subject_names("quante imprese ha Prato?", {"prato"}) == {"prato"}
    sentence = "Il modello è stato replicato anche in altri paesi per un totale di 8 network: Danimarca (5), Germania (2)."
    assert states("count", sentence, "To how many networks was it replicated?")
    assert not states("count", sentence, "How many tonnes of waste were recycled?")


def test_a_name_the_corpus_lacks_inside_the_thing_asked_is_refused_even_about_a_known_cluster():
    """"the average Higg Index score of the DFI firms": the cluster is known, the score is of an index the documents
    never name; a name the corpus lacks elsewhere in the question (the asker's own town) only raises the floor."""
    sentence = "Danish Fashion Institute è un network di imprese che promuove il settore fashion danese."
    passage = Passage(f"Cluster: Danish Fashion Institute\n{sentence}", {"cluster": "Danish Fashion Institute"})
    ask = lambda core, unknown: judge(core, [Evidence(0, sentence, 0.6, 0.6)], [passage], names_cluster=True,  # noqa: E731
                                      unknown=unknown, corpus_names=NAMES | {"danis"}, settings=SETTINGS)
    lacking = ask("What is the average Higg Index score of the firms in the Danish Fashion Institute network?", ["Higg"])
    assert not lacking.ok and "Higg" in lacking.reason
    assert ask("What is the goal of the Danish Fashion Institute? we are a firm in Biella", ["Biella"]).ok
    assert ask("What is the Pratto district role for the Danish Fashion Institute?", ["Pratto"]).ok  # (a typo of Prato)
    # a word asking how a whole divides names no thing of its own: its parts are named after it
    assert ask("Qual è la ripartizione per classe dimensionale delle imprese del Danish Fashion Institute?",
               ["ripartizione"]).ok


def test_a_card_field_line_counts_its_own_cluster_not_another_name_the_part_asks_about():
    """"Quanti dipendenti ha Altea AB …?": Hackefors' card names Altea AB (its supporter), but its line "Numero di
    addetti / Workers: 1500" counts Hackefors' workers; a part naming the cluster itself, or naming nothing (a
    follow-up), is answered by it."""
    names = NAMES | {"altea", "hacke"}
    line = "Numero di addetti / Workers: 1500"
    passage = Passage(f"Cluster: Hackefors\nSoggetto coordinatore / Coordinating body: EMS Group, supportato da "
                      f"Altea AB\n{line}", {"cluster": "Hackefors"})

    def names_its(text, cluster):
        return cluster.lower() in text.lower()

    def ask(core):
        return judge(core, [Evidence(0, line, 0.6, 0.6)], [passage], names_cluster=True, unknown=[],
                     corpus_names=names, settings=SETTINGS, named=["Hackefors"], names_its=names_its)

    assert not ask("Quanti dipendenti ha Altea AB e quanto costava la sua consulenza per ogni network Hackefors?").ok
    assert ask("Quanti dipendenti ha il network Hackefors?").ok
    assert ask("Quanti dipendenti ha Hackefors, che Altea AB supporta?").ok


def test_a_card_field_line_does_not_answer_a_question_about_no_cluster():
    """"quanti dipendenti al massimo puo avere una PMI?": Hackefors' "Numero di addetti / Workers: 1500" is a count
    of workers, but of Hackefors; a sentence of the report stating the count does answer."""
    core = "quanti dipendenti al massimo puo avere una piccola o media impresa?"
    line = "Numero di addetti / Workers: 1500"
    card = Passage(f"Cluster: Hackefors\n{line}", {"cluster": "Hackefors"})
    ask = dict(names_cluster=False, unknown=[], corpus_names=NAMES, settings=SETTINGS)
    assert not judge(core, [Evidence(0, line, 0.6, 0.6)], [card], **ask).ok
    report = "Le PMI sono le imprese con meno di 250 dipendenti."
    assert judge(core, [Evidence(0, report, 0.6, 0.6)], [Passage(report, {})], **ask).ok


def test_a_country_asked_in_one_language_is_the_subject_of_a_passage_naming_it_in_the_other():
    """"how many networks in denmark?" over the Italian "Danimarca (5)": the country table, not the spelling, says
    the passage is about it; a passage naming another country is not."""
    names = NAMES | {"denma", "hacke"}
    core = "How many networks in denmark specifically? (Hackefors)"
    ask = dict(names_cluster=True, unknown=[], corpus_names=names, settings=SETTINGS)
    for sentence, ok in (("Il modello è stato replicato in altri paesi per un totale di 8 network: Danimarca (5), "
                          "Finlandia (1).", True),
                         ("Il modello è stato replicato in altri paesi per un totale di 8 network: Finlandia (1).", False)):
        passage = Passage(f"Cluster: Hackefors\n{sentence}", {"cluster": "Hackefors"})
        assert judge(core, [Evidence(0, sentence, 0.6, 0.6)], [passage], **ask).ok is ok, sentence


def test_a_field_line_matching_by_chance_does_not_hide_the_sentence_stating_what_is_asked():
    """"ogni quanto si vedono?" about Vreten (from the conversation): Vreten's card line "Workers: 5000" is closest
    (0.320), by chance; the sentence just under it (0.318) states the frequency asked, so the question is answerable
    in the band below the named floor. Without it the band refuses."""
    line = "Numero di addetti / Workers: 5000"
    often = "I gruppi lavorano incontrandosi circa ogni 3 settimane."
    passage = Passage(f"Cluster: Vreten\n{line}\n{often}", {"cluster": "Vreten"})
    ranked = [Evidence(0, line, 0.32, 0.32), Evidence(0, often, 0.318, 0.318)]
    verdict = judge("Ogni quanto si vedono?", ranked, [passage], names_cluster=True, unknown=[],
                    corpus_names=NAMES | {"vrete"}, settings=SETTINGS, context=["Vreten"])
    assert verdict.ok, verdict
    other = "Le aziende hanno costituito dei circoli."
    passage = Passage(f"Cluster: Vreten\n{line}\n{other}", {"cluster": "Vreten"})
    verdict = judge("Ogni quanto si vedono?", [Evidence(0, line, 0.32, 0.32), Evidence(0, other, 0.318, 0.318)], [passage],
                    names_cluster=True, unknown=[], corpus_names=NAMES | {"vrete"}, settings=SETTINGS, context=["Vreten"])
    assert not verdict.ok, verdict
