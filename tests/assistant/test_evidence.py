"""Evidence sentences: what counts as a quotable sentence of a chunk, and how they are selected."""

from __future__ import annotations

import pytest

from assistant.evidence import (Evidence, SentenceScorer, defines, defines_any, numbers, passage_sentences, repeated_headings, select,
                               split_sentences, unit_chunks, with_antecedents)
from assistant.extractive import quote_answer
from assistant.types import Passage


def test_context_line_and_bare_fragments_are_not_evidence():
    chunk = (
        "Cluster: Industrial Cluster Gendorf (Germany)\nNome del cluster\nIndustrial Cluster Gendorf\n\n"
        "Settore di riferimento\nChimico\n\nNumero di addetti\n4.000 addetti\n\n"
        "Attraverso queste azioni l’area produttiva ha rilevato una riduzione del 60% dell’inquinamento atmosferico."
    )
    got = passage_sentences(chunk)
    assert got == [
        "4.000 addetti",
        "Attraverso queste azioni l’area produttiva ha rilevato una riduzione del 60% dell’inquinamento atmosferico.",
    ]


def test_section_chunk_keeps_its_sentences_but_not_its_title():
    chunk = "L’approccio cluster\nUn sistema di cluster è definito dalla letteratura. Le PMI sono il 99% delle imprese."
    assert passage_sentences(chunk) == ["Un sistema di cluster è definito dalla letteratura.", "Le PMI sono il 99% delle imprese."]


def test_numbers_compare_across_notations():
    assert numbers("4.000 addetti") == numbers("4,000 workers") == numbers("4000") == {"4000"}


def test_select_keeps_sentences_close_to_the_best_within_bounds():
    ranked = [Evidence(0, "a" * 50, 0.80), Evidence(1, "b" * 50, 0.75), Evidence(0, "c" * 50, 0.40)]
    assert [e.text[0] for e in select(ranked)] == ["a", "b"]
    assert select([]) == []
    assert len(select([Evidence(i, "x" * 400, 0.9) for i in range(5)], max_chars=900)) == 2


def test_a_continuation_whose_unit_was_removed_sets_no_bar():
    """A filter removed the unit a continuation followed (another cluster's card): the continuation keeps the unit's
    score, which no other unit reached, and the answer quoted nothing ("Dai documenti:" alone)."""
    ranked = [Evidence(1, "n" * 80, 0.66, continues=True), Evidence(2, "a" * 80, 0.40), Evidence(0, "b" * 80, 0.35)]
    assert [e.text[0] for e in select(ranked)] == ["a", "b"]


def test_a_long_general_sentence_leaves_room_for_the_next():
    """One 450-character unit first, the answering one a little lower: both are quoted."""
    ranked = [Evidence(0, "g" * 450, 0.62), Evidence(1, "a" * 480, 0.47), Evidence(2, "c" * 400, 0.30)]
    assert [e.text[0] for e in select(ranked)] == ["g", "a"]


def test_a_lead_in_and_its_list_are_one_unit():
    chunk = (
        "Cluster: Industrial Cluster Gendorf (Germany)\nEsperienze di Eco innovazione\n"
        "Dall’analisi emergono tre azioni significative per il miglioramento ambientale dell’area:\n\n"
        "· l’introduzione di un sistema di gestione ambientale dell’area;\n\n"
        "· una Dichiarazione Ambientale comune;\n\n"
        "· la presenza di un soggetto gestore dei servizi ambientali.\n\n"
        "Attraverso queste azioni l’area ha rilevato una riduzione del 60% dell’inquinamento."
    )
    units = passage_sentences(chunk)
    i = next(n for n, u in enumerate(units) if u.startswith("Dall’analisi"))
    assert units[i].endswith("soggetto gestore dei servizi ambientali.")
    assert "· una Dichiarazione Ambientale comune;" in units[i]
    assert units[i + 1].startswith("Attraverso queste azioni")  # the list ends at the item ending in "."


def test_a_list_of_lines_ending_in_semicolons_joins_its_lead_in():
    chunk = "Vreten\nTra i principali risultati ottenuti:\nRiduzione dei rifiuti prodotti;\nRiduzione del traffico veicolare.\nAltro testo che non fa parte della lista."
    assert passage_sentences(chunk)[0] == "Tra i principali risultati ottenuti: Riduzione dei rifiuti prodotti; Riduzione del traffico veicolare."


def test_card_record_lines_are_not_evidence():
    chunk = "Cluster: Vreten (Sweden)\nTipo / Kind: scheda di cluster del rapporto / cluster card of the report\nFonte / Source: imagine-selezione-cluster.txt, Lista dei cluster › Vreten\nNumero di addetti / Workers: 5000"
    assert passage_sentences(chunk) == ["Numero di addetti / Workers: 5000"]


def test_rank_says_a_sentence_once_and_skips_echoes_of_the_question(embeddings):
    sentence = "Il proprietario dell’area è la città di Solna mentre le iniziative sono state condotte dalle aziende."
    card = Passage(f"Cluster: Vreten (Sweden)\nNome del cluster / Cluster name: Vreten\nElementi costitutivi del cluster / Constitutive aspects: {sentence}\nNumero di addetti / Workers: non riportato / not reported\nSito internet / Website: non riportato / not reported", {})
    section = Passage(f"Cluster: Vreten (Sweden)\n{sentence}", {})
    question = "Who owns the Vreten area?"
    ranked = SentenceScorer(embeddings).rank(embeddings.embed_query(question), question, [section, card])
    texts = [e.text for e in ranked]
    assert sum("Solna" in t for t in texts) == 1  # the card repeats the report's sentence behind a label
    assert not any("Cluster name" in t for t in texts)  # adds nothing to a question naming Vreten
    assert sum("not reported" in t for t in texts) == 2  # different fields, same value: both kept
    assert all(0.0 < e.similarity <= 1.0 for e in ranked)


def test_a_heading_repeated_across_chunks_is_never_ranked(embeddings):
    cards = [Passage(f"Cluster: {n}\nElementi costitutivi del cluster\nPaese / Country: Spain\nIl cluster {n} riunisce {k} "
                     f"imprese tessili.", {}) for n, k in (("Alfa", 10), ("Beta", 20), ("Gamma", 30))]
    headings = repeated_headings(unit_chunks([p.text for p in cards]))
    assert headings == {"Elementi costitutivi del cluster"}  # the field line repeats too, but it answers
    scorer = SentenceScorer(embeddings)
    scorer.headings = headings
    q = "Quali sono gli elementi costitutivi del cluster Alfa?"
    texts = [e.text for e in scorer.rank(embeddings.embed_query(q), q, cards)]
    assert "Elementi costitutivi del cluster" not in texts and "Il cluster Alfa riunisce 10 imprese tessili." in texts


def test_questions_asking_for_a_number_prefer_sentences_stating_one(embeddings):
    units = ["Il distretto di Gendorf fa parte del Bavaria’s Chemical Triangle e ospita un centro di ricerca chimica.",
             "Attraverso queste azioni l’area produttiva ha rilevato una riduzione del 60% dell’inquinamento atmosferico rispetto al 1979."]
    passage = Passage("Gendorf\n" + "\n".join(units), {})
    scorer = SentenceScorer(embeddings)
    q = "By how much has air pollution fallen in Gendorf?"
    ranked = scorer.rank(embeddings.embed_query(q), q, [passage])
    with_number = next(e for e in ranked if "60%" in e.text)
    without = next(e for e in ranked if "60%" not in e.text)
    assert with_number.score - with_number.similarity == pytest.approx(0.06, abs=1e-6)
    assert without.score - without.similarity == pytest.approx(0.02, abs=1e-6)  # only the shared name "Gendorf"


class CountingModel:
    """A stand-in embedding model: a fixed vector per text, and the texts it was asked to encode."""

    def __init__(self):
        self.encoded: list[str] = []

    def embed_documents(self, texts):
        self.encoded += texts
        return [[float(len(t)), 1.0] for t in texts]


def test_scorer_takes_stored_vectors_and_encodes_only_what_the_index_lacks():
    model = CountingModel()
    scorer = SentenceScorer(model)
    scorer.preload(["a stored unit"], [[0.5, 0.75]])
    asked: list[list[str]] = []

    def lookup(texts):
        asked.append(list(texts))
        return {t: [0.0, 1.0] for t in texts if t == "found by lookup"}

    scorer.lookup = lookup
    vectors = scorer.vectors(["a stored unit", "found by lookup", "in no index", "a stored unit"])
    assert vectors.tolist() == [[0.5, 0.75], [0.0, 1.0], [11.0, 1.0], [0.5, 0.75]]
    assert asked == [["found by lookup", "in no index"]] and model.encoded == ["in no index"]
    scorer.vectors(["found by lookup", "in no index"])  # both memoised now
    assert len(asked) == 1 and model.encoded == ["in no index"]


def test_scorer_encodes_when_the_store_does_not_answer():
    model = CountingModel()
    scorer = SentenceScorer(model)

    def down(texts):
        raise OSError("connection refused")

    scorer.lookup = down
    assert scorer.vectors(["unit"]).tolist() == [[4.0, 1.0]] and model.encoded == ["unit"]


# --- sentence boundaries: where Italian (and English) cut them -------------------------------


@pytest.mark.parametrize("text,lang,expected", [
    ("Il referente tecnico del comitato è l'ing. Marta Bellandi. Il comitato si riunisce ogni mese.", "it",
     ["Il referente tecnico del comitato è l'ing. Marta Bellandi.", "Il comitato si riunisce ogni mese."]),
    ("Ne ha parlato il dott. Rossi con il sig. Bianchi della Acme S.p.A. in data 12.03.2019. Poi altro.", "it",
     ["Ne ha parlato il dott. Rossi con il sig. Bianchi della Acme S.p.A. in data 12.03.2019.", "Poi altro."]),
    ("Secondo l'art. 5 del Regolamento n. 1221/2009 le imprese si registrano. Le PMI sono il 59,1% del totale.", "it",
     ["Secondo l'art. 5 del Regolamento n. 1221/2009 le imprese si registrano.", "Le PMI sono il 59,1% del totale."]),
    ("Rifiuti, acque, energia ecc. sono gestiti in comune. Il 31 dicembre 2008 le aziende erano 59.", "it",
     ["Rifiuti, acque, energia ecc. sono gestiti in comune.", "Il 31 dicembre 2008 le aziende erano 59."]),
    ("Several actors (e.g. municipalities, i.e. local bodies) took part. Dr. Smith led it. Another one.", "en",
     ["Several actors (e.g. municipalities, i.e. local bodies) took part.", "Dr. Smith led it.", "Another one."]),
    ("Le imprese aderiscono a EMAS. Il principale obiettivo è semplificare. Parte comune del SGA. La prima rete ha 36 imprese.",
     None, ["Le imprese aderiscono a EMAS.", "Il principale obiettivo è semplificare.", "Parte comune del SGA.",
            "La prima rete ha 36 imprese."]),
    ("· ATP ‐ Textile cluster\n· Fedustria: 24.224 addetti", None, ["· ATP ‐ Textile cluster", "· Fedustria: 24.224 addetti"]),
    # an abbreviation behind an elided preposition; a short word with its dot there that ends a sentence
    ("Il comitato è seguito dall'ing. Paola Verdi. I documenti sono condivisi dall’avv. Neri.", "it",
     ["Il comitato è seguito dall'ing. Paola Verdi.", "I documenti sono condivisi dall’avv. Neri."]),
    ("Il sistema segue i requisiti dell’Emas. Un altro punto è la formazione.", "it",
     ["Il sistema segue i requisiti dell’Emas.", "Un altro punto è la formazione."]),
])
def test_split_sentences_knows_abbreviations_decimals_dates_and_acronyms(text, lang, expected):
    assert split_sentences(text, lang) == expected


def test_a_unit_keeps_the_name_after_an_abbreviated_title():
    chunk = "Governance\nIl referente tecnico del comitato è l'ing. Marta Bellandi. Il comitato si riunisce ogni mese."
    assert passage_sentences(chunk)[0] == "Il referente tecnico del comitato è l'ing. Marta Bellandi."


def test_an_abbreviated_title_in_a_synthetic_document_is_answered_whole(tmp_path, embeddings):
    """Through the real Assistant (extractive backend, real ingest into a temporary index)."""
    from assistant import Assistant
    from imagine.settings import Settings
    from ingest.pipeline import run_ingest

    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "clusters").mkdir()
    (corpus / "documents" / "comitato-di-distretto.txt").write_text(
        "Il comitato di distretto\n\n"
        "Il distretto conciario di Santa Croce ha istituito un comitato per la gestione ambientale comune. "
        "Il referente tecnico del comitato è l'ing. Marta Bellandi. "
        "Il comitato si riunisce ogni tre mesi presso la sede del consorzio e approva il programma ambientale.\n",
        encoding="utf-8",
    )
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", llm_backend="extractive")
    run_ingest(settings, progress=False)
    assistant = Assistant(settings)
    try:
        for question in ("Chi è il referente tecnico del comitato di distretto?",
                         "Who is the technical contact of the district committee?"):
            answer = assistant.ask(question)
            assert answer.backend == "extractive" and not answer.refused, question
            assert "Marta Bellandi" in answer.text, answer.text
    finally:
        assistant.close()


# --- what the question asks for: a frequency, several things at once ----------------------------


def test_how_often_is_a_frequency_not_a_quantity():
    from assistant.evidence import asks_frequency, asks_number, states_frequency

    for q in ("ogni quanto si riunisce il comitato?", "quanto spesso vi vedete con le altre imprese", "How often do the firms meet?"):
        assert asks_frequency(q) and not asks_number(q), q
    assert asks_number("quante imprese partecipano?") and not asks_frequency("quante imprese partecipano?")
    for s in ("Il comitato si riunisce ogni due mesi.", "Gli incontri sono organizzati mensilmente.",
              "The board meets twice a year.", "Audits take place every 3 years."):
        assert states_frequency(s), s
    assert not states_frequency("Il consorzio riunisce 42 imprese del settore ceramico.")


def test_a_frequency_question_prefers_the_sentence_stating_how_often(embeddings):
    units = ["Il consorzio riunisce 42 imprese del settore ceramico e 3 associazioni di categoria.",
             "Il comitato tecnico del consorzio si incontra ogni due mesi presso la camera di commercio."]
    passage = Passage("Consorzio\n" + "\n".join(units), {})
    q = "quanto spesso si riunisce il consorzio?"
    ranked = SentenceScorer(embeddings).rank(embeddings.embed_query(q), q, [passage])
    assert "ogni due mesi" in ranked[0].text


def test_stems_match_across_inflections_and_languages():
    from assistant.evidence import stems

    assert {"coord", "netwo"} <= stems("who coordinates the network") & stems("il coordinatore del network")
    assert not stems("which their about") and not stems("Hackefors")  # function words, names


def test_each_asked_part_gets_its_answer_quoted(embeddings):
    units = ["Il consorzio Ceramiche Riunite è stato fondato nel 1994 da dodici imprese della provincia.",
             "Il consorzio promuove la qualità delle ceramiche del territorio in tutta Europa.",
             "Le imprese del consorzio condividono un laboratorio di prova dei materiali ceramici.",
             "Il consiglio direttivo si riunisce ogni tre mesi per approvare il programma ambientale.",
             "Le ceramiche del consorzio sono esportate soprattutto in Germania e in Francia."]
    passage = Passage("Consorzio\n" + "\n".join(units), {})
    q = "In che anno è nato il consorzio Ceramiche Riunite? E ogni quanto si riunisce il consiglio?"
    ranked = SentenceScorer(embeddings).rank(embeddings.embed_query(q), q, [passage], per_passage=2)
    chosen = " ".join(e.text for e in select(ranked))
    assert "1994" in chosen and "ogni tre mesi" in chosen
    assert sum(e.answers_part for e in ranked) == 2


class FlatModel:
    """Every text gets the same vector: only the lexical bonuses and ``answers`` can tell units apart."""

    def embed_documents(self, texts):
        return [[1.0, 0.0] for _ in texts]

    def embed_query(self, text):
        return [1.0, 0.0]


def test_a_part_is_answered_by_a_unit_stating_what_it_asks_and_comes_first():
    units = ["Il progetto Aurora nasce per diffondere il modello nei distretti della regione.",
             "Il progetto Aurora è articolato in 6 azioni dal 2019.",
             "Il progetto Aurora coinvolge imprese, comuni e associazioni del territorio."]
    passage = Passage("Aurora\n" + "\n".join(units), {})
    q = "Il progetto Aurora quante azioni ha e quale diffonde il modello?"
    scorer = SentenceScorer(FlatModel())

    def parts_answered(answers):
        return {e.text for e in scorer.rank([1.0, 0.0], q, [passage], answers=answers) if e.answers_part}

    assert parts_answered(None) == {units[0], units[1]}  # by score: shared words, a number for "quante"
    # a unit the predicate says states what a part asks answers that part, whatever its score
    stating = lambda part, unit: "quante" in part and "comuni" in unit  # noqa: E731
    assert parts_answered(stating) == {units[0], units[2]}
    assert parts_answered(lambda part, unit: False) == {units[0], units[1]}  # none states it: the best-scored
    chosen = select(scorer.rank([1.0, 0.0], q, [passage], answers=stating), max_sentences=2)
    assert {e.text for e in chosen} == {units[0], units[2]}  # the parts' answers come before any other unit


@pytest.mark.parametrize("term, sentence, expected", [
    ("apo", "riconosciuto con l’attestato di APO, Ambito Produttivo Omogeneo, rilasciato a contesti come il cartario", True),
    ("SGA", "il Sistema di Gestione Ambientale (SGA) del distretto", True),
    ("EMS", "an Environmental Management System (EMS) for the park", True),
    ("emas", "l’EMAS a livello distrettuale, riconosciuto con l’attestato di APO, Ambito Produttivo Omogeneo", False),
    ("ATP", "Soggetto coordinatore / Coordinating body: ATP – Textile and Apparel Association of Portugal", False),
    ("di", "il Sistema di Gestione Ambientale", False),
])
def test_a_sentence_defines_an_acronym_only_by_spelling_it_out(term, sentence, expected):
    assert defines(term, sentence) is expected


_IMAGINE = "Il progetto “IMAGINE, Innovation, for Made Green in Europe” è finalizzato alla promozione dell’approccio"


def test_an_acronym_spelt_from_inside_its_words_answers_what_the_name_means():
    """"IMAGINE, Innovation for MAde Green IN Europe": each word gives the acronym a prefix, in order. The sentence
    answers a question about what the name means, not every question naming the project."""
    assert defines("IMAGINE", _IMAGINE)
    assert not defines("IMAGINE", _IMAGINE, spelt=False)
    assert not defines("IMAGINE", "Con il progetto IMAGINE si è delineato un processo per l’applicazione dell’approccio")
    assert defines_any("Che cosa significa il nome del progetto IMAGINE?", _IMAGINE)
    assert defines_any("What does IMAGINE stand for?", _IMAGINE)
    assert not defines_any("Quante azioni ha il progetto IMAGINE?", _IMAGINE)


def test_an_open_question_quotes_the_unit_after_the_best_one_with_it(embeddings):
    """The best match often states what the question mentions; the answer follows it in the document."""
    units = ["Inoltre il Governo Basco ha individuato alcune misure a supporto della diffusione dei SGA.",
             "Dal punto di vista operativo sono stati creati due strumenti: Legescan e Ecoscan.",
             "Il cluster conta molte imprese del settore."]
    passage = Passage("San Sebastian\n" + " ".join(units), {})
    q = "Which measures did the Basque government choose to support environmental management systems?"
    scorer = SentenceScorer(embeddings)
    plain = scorer.rank(embeddings.embed_query(q), q, [passage])
    followed = scorer.rank(embeddings.embed_query(q), q, [passage], follow=True)
    assert plain[0].text == followed[0].text == units[0]
    assert followed[1].text == units[1] and followed[1].continues and followed[1].score == followed[0].score
    chosen = select(followed, max_sentences=1)
    assert [e.text for e in chosen] == units[:2]  # the continuation takes no place of its own


def test_a_section_title_after_the_best_unit_continues_nothing(embeddings):
    """In a card's report text a section title ("Esperienze di Eco innovazione") follows the last unit of a section:
    quoted as the best unit's continuation it said nothing."""
    passage = Passage("San Sebastian\nElementi costitutivi del cluster\n"
                      "Il Governo Basco ha individuato alcune misure a supporto della diffusione dei SGA.\n"
                      "Esperienze di Eco innovazione\nSono stati creati due strumenti operativi per le imprese.", {})
    q = "Which measures did the Basque government choose to support environmental management systems?"
    scorer = SentenceScorer(embeddings)
    followed = scorer.rank(embeddings.embed_query(q), q, [passage], follow=True)
    assert followed[0].text.startswith("Il Governo Basco")
    assert not any(e.continues for e in followed) and "Esperienze di Eco innovazione" in [e.text for e in followed]


def test_a_comparison_answers_each_asked_part_for_each_named_cluster(embeddings):
    hackefors = Passage("Hackefors\nIl modello prevede incontri organizzati mensilmente con le imprese. "
                        "Il network è supportato dalla società di consulenza Altea AB.", {"cluster": "Hackefors"})
    vreten = Passage("Vreten\nI gruppi lavorano incontrandosi circa ogni 3 settimane. "
                     "Le iniziative sono state condotte dalle aziende, riunite in gruppi tematici.", {"cluster": "Vreten"})
    q = "Who supported the network in Hackefors and in Vreten, and how often did the firms meet?"
    scorer = SentenceScorer(embeddings)
    one = scorer.rank(embeddings.embed_query(q), q, [hackefors, vreten])
    each = scorer.rank(embeddings.embed_query(q), q, [hackefors, vreten], compared=("Hackefors", "Vreten"))
    assert sum(e.answers_part for e in one) == 2
    assert sum(e.answers_part for e in each) == 4  # both parts, for each cluster


def test_a_unit_that_points_back_is_quoted_after_the_one_naming_what_it_is_about():
    units = ["L’obiettivo di Creamoda è incoraggiare i loro membri ad essere più attenti all'ambiente.",
             "Questo ente lavora con l’università di Ghent per promuovere progressi tecnologici tra le imprese.",
             "Le imprese della regione sono per lo più piccole e molto specializzate."]
    passage = Passage("West Flanders\n" + "\n".join(units), {})
    chosen = with_antecedents([Evidence(0, units[1], 0.6), Evidence(0, units[2], 0.5)], [passage])
    assert [e.text for e in chosen] == units
    assert chosen[1].continues and chosen[0].score == 0.6
    body, _ = quote_answer(chosen, [passage], "it")
    assert body.index("Creamoda") < body.index("Questo ente")
    # a unit that names its own subject, or whose antecedent is quoted already, is left as it is
    assert with_antecedents([Evidence(0, units[2], 0.5)], [passage])[0].text == units[2]
    assert [e.text for e in with_antecedents([Evidence(0, units[0], 0.7), Evidence(0, units[1], 0.6)], [passage])] == units[:2]
    # a unit stating the number asked answers by itself
    counted = Passage("Gendorf\nSono state avviate tre azioni comuni di gestione ambientale nell'area.\n"
                      "Attraverso queste azioni l’area ha rilevato una riduzione del 60% dell’inquinamento atmosferico.", {})
    unit = passage_sentences(counted.text)[1]
    assert [e.text for e in with_antecedents([Evidence(0, unit, 0.6)], [counted], "How much did air pollution fall?")] == [unit]
    assert len(with_antecedents([Evidence(0, unit, 0.6)], [counted], "What pollution cut since 60 years?")) == 1
    assert len(with_antecedents([Evidence(0, unit, 0.6)], [counted], "What did the firms do together?")) == 2


def test_a_description_is_quoted_from_its_opening_then_the_unit_closest_to_the_question():
    from assistant.evidence import described
    units = ["Il consorzio offre alle imprese un servizio comune di gestione dei rifiuti tessili.",
             "Ogni impresa conferisce gli scarti a una piattaforma condivisa gestita dal consorzio.",
             "Un tecnico ambientale per impresa partecipa al tavolo di coordinamento.",
             "Il modello è stato poi esteso ad altre 12 aree della regione."]
    card = Passage("Esperienze\n" + " ".join(units), {"cluster": "Esempio"})
    other = Passage("Altro testo sul progetto in generale.", {})
    ranked = [Evidence(0, units[3], 0.6, 0.55), Evidence(1, "Altro testo sul progetto in generale.", 0.4, 0.4)]
    out = described(ranked, [card, other], " ".join(units[:3]) + "\n" + units[3])
    assert [e.text for e in out[:4]] == units[:3] + [units[3]]
    assert all(e.answers_part for e in out[:4]) and not out[4].answers_part
    assert out[3].similarity == 0.55  # the gate's cosine of a unit is kept
    # no retrieved passage holds the description: the ranking stays as it was
    assert described(ranked, [other], " ".join(units[:3])) == ranked
    assert described(ranked, [card, other], "") == ranked


def test_an_open_part_after_a_typed_one_is_answered_from_the_named_clusters_own_other_unit():
    """"Nel caso Aurora ogni quanto si vedono i gruppi e su che temi lavorano?": the open part has no subject of its own.
    Alone it would take the unit that shares its words: the frequency unit the typed part already quotes, or another
    cluster's unit. It is answered from the named cluster's passages, by a unit other than the typed part's."""
    aurora = ["I gruppi lavorano incontrandosi circa ogni 3 settimane.",
              "Il circolo si occupa di energia, forniture, pulizia e costruzioni."]
    beta = ["I gruppi di Beta lavorano su temi economici e politici."]
    passages = [Passage("Aurora\n" + "\n".join(aurora), {"cluster": "Aurora"}),
                Passage("Beta\n" + "\n".join(beta), {"cluster": "Beta"})]
    q = "Nel caso Aurora ogni quanto si vedono i gruppi e su che temi lavorano?"
    frequency = lambda part, unit: "ogni quanto" in part and "settimane" in unit  # noqa: E731
    scorer = SentenceScorer(FlatModel())

    def answered(subject):
        return {e.text for e in scorer.rank([1.0, 0.0], q, passages, answers=frequency, named="Aurora",
                                            subject=subject) if e.answers_part}

    assert answered("Aurora") == {aurora[0], aurora[1]}
    assert aurora[1] not in answered("")  # without the subject: the other cluster's unit, by the words it shares


def test_a_typed_part_about_one_cluster_is_stated_by_its_own_card_first():
    """"When was it established, and how many enterprises does it have?" after Pannon: another cluster's card states a
    number of enterprises too; the subject's own does."""
    pannon = ["Il cluster è stato costituito il 13 settembre 2005.", "Numero di imprese / Enterprises: 21"]
    other = ["Numero di imprese / Enterprises: 23 enterprises"]
    passages = [Passage("Pannon\n" + "\n".join(pannon), {"cluster": "Pannon"}),
                Passage("Other\n" + "\n".join(other), {"cluster": "Other"})]
    q = "Pannon: when was it established, and how many enterprises does it have?"
    states = lambda part, unit: ("when" in part and "2005" in unit) or ("how many" in part and "Enterprises:" in unit)  # noqa: E731
    ranked = SentenceScorer(FlatModel()).rank([1.0, 0.0], q, passages, answers=states, subject="Pannon")
    assert {e.text for e in ranked if e.answers_part} == {pannon[0], pannon[1]}


def test_a_part_asking_for_the_others_is_not_answered_from_the_subjects_own_passages():
    """"ma il nostro distretto è dentro imagine? e quali sono gli altri?" (the asker's district named in brackets,
    itself with brackets): the others are beyond the subject's card, and the bracketed name is no third part."""
    aurora = ["Localizzazione / Location: Aurora (Toscana)"]
    report = ["Nel progetto sono coinvolti 4 distretti: Aurora, Beta, Gamma e Delta."]
    passages = [Passage("Aurora\n" + "\n".join(aurora), {"cluster": "Aurora (Lucca)"}),
                Passage("Intro\n" + "\n".join(report), {"cluster": "Beta"})]
    q = "Il nostro distretto e dentro il progetto? e quali sono gli altri? (Aurora (Lucca))"
    others = lambda part, unit: "altri" in part  # noqa: E731  (each unit states something: the own card is first)
    ranked = SentenceScorer(FlatModel()).rank([1.0, 0.0], q, passages, answers=others, subject="Aurora (Lucca)")
    assert report[0] in {e.text for e in ranked if e.answers_part}


def test_a_requirement_question_is_answered_by_the_unit_stating_one_about_the_thing_asked():
    # the embedding put the sentence about joining first; the one saying whether a supply chain is required answers
    from assistant.evidence import _requirement_unit

    units = ["In questo senso la condizione che deve essere soddisfatta per l'adesione è un riconoscimento di parte terza del distretto.",
             "Il distretto ottiene così il riconoscimento per le imprese del distretto.",
             "L'elemento filiera non costituisce un requisito per l'applicazione del cluster approach.",
             "I cluster del progetto sono parte di una filiera produttiva del distretto.",
             "Le imprese del distretto usano le risorse comuni.", "Il distretto di Prato produce tessuti.",
             "Il verificatore del distretto convalida le risorse.", "Le PMI del distretto aderiscono all'EMAS.",
             "Il comitato del distretto coordina.", "Il distretto pubblica la dichiarazione."]
    cands = [(0, u) for u in units]
    scored = [Evidence(0, u, 0.6 - 0.05 * k) for k, u in enumerate(units)]
    question = "per fare emas di distretto bisogna per forza far parte di una filiera?"
    assert _requirement_unit(question, scored, cands) == units[2]
    assert _requirement_unit("quante imprese ha il distretto di una filiera?", scored, cands) is None  # asks no requirement


def test_a_requirement_is_answered_beside_the_unit_another_part_finds():
    """"… bisogna per forza far parte di una filiera, immagino che non possa aderire giusto?": the unit on joining
    answers the part on joining; the one saying whether a supply chain is required answers the premise, and is kept."""
    units = ["In questo senso la condizione che deve essere soddisfatta per l'adesione è un riconoscimento di parte terza del distretto.",
             "L'elemento filiera non costituisce un requisito per l'applicazione del cluster approach.",
             *[f"Il distretto numero {k} usa le risorse comuni." for k in range(8)]]
    passages = [Passage("Intro\n" + "\n".join(units), {})]
    q = ("Siccome per l emas di distretto bisogna per forza far parte di una filiera, immagino che non possa aderire giusto? "
         "mi confermate cosi lascio perdere")
    joining = lambda part, unit: "adesione" in unit  # noqa: E731
    ranked = SentenceScorer(FlatModel()).rank([1.0, 0.0], q, passages, answers=joining)
    assert {units[0], units[1]} <= {e.text for e in ranked if e.answers_part}


def test_a_which_question_is_answered_by_the_unit_naming_an_instance_of_the_kind_asked(embeddings):
    """The embedding puts the sentences on what the question describes first; the one saying which action does it is
    marked as the answer (SentenceScorer._part_answers with answerable.answers_part), and nothing is marked for a
    question asking no kind, or when no unit names an instance."""
    from assistant.answerable import answers_part

    units = ["Proprio la trasferibilità del progetto rappresenta una delle priorità dell’IMAGINE.",
             "Nell’ambito di questa azione sono previste tutte le attività necessarie per divulgare l’IMAGINE.",
             "L’azione 5 “Replicability and Diffusion” è interamente dedicata alla promozione dell'approccio cluster.",
             "In questi ambiti sono in fase di sperimentazione le 6 azioni che costituiscono il progetto."]
    scorer = SentenceScorer(embeddings)

    def marked(question, texts):
        ranked = scorer.rank(embeddings.embed_query(question), question, [Passage("\n".join(texts), {})],
                             answers=answers_part)
        return [e.text for e in ranked if e.answers_part]

    assert marked("quale azione del progetto si occupa di portare l approccio fuori dalla toscana?", units) == [units[2]]
    assert marked("come si porta l approccio fuori dalla toscana?", units) == []  # asks no kind
    assert marked("quale azione del progetto si occupa di portare l approccio fuori dalla toscana?",
                  [u for u in units if "azione 5" not in u]) == []  # no unit names one: none singled out


def test_two_figures_asked_are_two_units_when_the_passages_hold_both():
    """"how many companies does the programme support, and how many have implemented …?": both units state a number of
    firms; the second part takes the one the first did not, so both figures are quoted (the vectors tell them apart
    here by nothing: without the rule both parts took the same)."""
    units = ["Inoltre, 60 aziende supportate dal programma hanno implementato le soluzioni eco innovative.",
             "Il programma conta 200 aziende.",
             *[f"Il progetto numero {k} migliora la competitività dei membri." for k in range(6)]]
    question = "how many firms does the programme support, and how many firms have implemented the solutions?"
    firms = lambda part, unit: int("aziende" in unit)  # noqa: E731
    ranked = SentenceScorer(FlatModel()).rank([1.0, 0.0], question, [Passage("Intro\n" + "\n".join(units), {})],
                                             answers=firms)
    assert {units[0], units[1]} <= {e.text for e in ranked if e.answers_part}


def test_a_rare_acronym_the_question_types_lifts_the_units_that_write_it():
    """"si parla di LCA e EPD, che c'entrano?": the acronyms asked about, written by few of the candidate units, score a
    bonus in those units; one most units write ("EMAS") is the topic and scores none."""
    from assistant.evidence import _rare_acronyms

    units = [f"Il distretto {n} applica l'EMAS alle imprese." for n in range(8)]
    units += ["Nel progetto si sono condotti 4 LCA sui prodotti tipici per ottenere le EPD."]
    assert _rare_acronyms("nel progetto si parla di lca e EPD, che c'entrano con emas?", units) == {"LCA", "EPD"}
    assert _rare_acronyms("come funziona l'emas?", units) == set()


def test_each_compared_cluster_s_part_is_matched_without_the_names(embeddings):
    """"confronta DFI e Extremadura sul piano delle iniziative ambientali": matched with the names, the units that repeat
    them win each cluster's parts (DFI's constitutive aspects); without them (``unnamed``), the units on what each did
    for the environment do."""
    dfi = Passage("Danish Fashion Institute\nElementi costitutivi del cluster / Constitutive aspects: Danish Fashion "
                  "Institute è un network di imprese che promuove il settore fashion danese.\nNome del cluster / Cluster "
                  "name: Danish Fashion Institute\nEsperienze di eco-innovazione / Eco-innovation experiences: NICE è "
                  "un'iniziativa ambiziosa di partnership tra paesi nordici che ha l'obiettivo di guidare il mercato "
                  "nordico della moda verso una maggiore attenzione alla produzione responsabile, etica e sostenibile.",
                  {"cluster": "Danish Fashion Institute"})
    extremadura = Passage("Extremadura Textile cluster\nIl cluster tessile è stato fondato nel 2006 sotto il coordinamento "
                          "della Fashion Association Estremadura.\nEsperienze di eco-innovazione / Eco-innovation "
                          "experiences: E’stato creato un marchio ambientale “Se’ Natural” dei prodotti realizzati nel "
                          "cluster.", {"cluster": "Extremadura Textile cluster"})
    q = ("Confronta danish fashion institute e extremadura textile cluster sul piano delle iniziative ambientali, cosa ha "
         "fatto ciascuno?")
    names = ("Danish Fashion Institute", "Extremadura Textile cluster")
    scorer = SentenceScorer(embeddings)

    def answering(unnamed):
        ranked = scorer.rank(embeddings.embed_query(q), q, [dfi, extremadura], compared=names, unnamed=unnamed)
        return {e.text.split(":")[0] for e in ranked if e.answers_part}

    assert "Elementi costitutivi del cluster / Constitutive aspects" in answering(None)
    unnamed = lambda text: text.replace("danish fashion institute", "").replace("extremadura textile cluster", "")  # noqa: E731
    assert answering(unnamed) == {"Esperienze di eco-innovazione / Eco-innovation experiences"}
