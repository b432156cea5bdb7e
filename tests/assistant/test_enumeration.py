"""Announced enumerations completed from the sentences that follow, over the report's own text."""

from __future__ import annotations

from assistant import enumeration
from assistant.evidence import Evidence, passage_sentences
from assistant.types import Passage
from imagine.settings import REPO_ROOT

DOC = "imagine-selezione-cluster.txt"


def _chunks() -> list[Passage]:
    """The report's selection-criteria paragraphs as four consecutive chunks (positions 10-13), as split on disk."""
    text = (REPO_ROOT / "corpus" / "documents" / DOC).read_text(encoding="utf-8")
    start = text.index("La ricerca sui contesti produttivi")
    marks = ["Il processo di selezione che ha condotto", "· cluster del settore manifatturo", "L’ultimo criterio (n.4)",
             "La figura seguente mostra"]
    cuts = [start] + [text.index(m, start) for m in marks]
    head = "Selezione dei cluster a cui è applicabile l’approccio di EMAS cluster\n"  # the context line chunks start with
    return [Passage(head + text[a:b], {"document": DOC, "position": 10 + i}, 0.5, f"c{10 + i}")
            for i, (a, b) in enumerate(zip(cuts, cuts[1:]))]


def _complete(question: str):
    chunks = _chunks()
    first = passage_sentences(chunks[0].text)[0]
    assert "seguendo 4 criteri" in first
    selected = [Evidence(0, first, 0.8, 0.7)]
    at = {p.metadata["position"]: p for p in chunks}
    return enumeration.complete(selected, chunks[:1], question, lambda doc, pos: at.get(pos) if doc == DOC else None)


def test_the_criteria_a_sentence_announces_are_quoted_from_the_following_chunks():
    selected, retrieved = _complete("vorremmo sapere che criteri avete usato per scegliere i cluster")
    quoted = " ".join(e.text for e in selected)
    assert "macro-criteri" in quoted and "settore manifatturo" in quoted  # the list the "macro-criteri:" unit opens
    assert "criterio n.3" in quoted and "L’ultimo criterio (n.4)" in quoted
    assert "uno specifico prodotto" in quoted and "manifestato interesse" in quoted  # the items after each criterion
    assert "appartenenti al settore fashion" in quoted  # an item one sentence of prose after its "criterio n.3"
    assert all(0 <= e.passage < len(retrieved) for e in selected) and len(retrieved) > 1
    assert selected[0].text.startswith("La ricerca") and all(e.answers_part for e in selected[1:])


def test_nothing_is_added_when_the_number_is_the_answer_or_the_noun_is_not_asked():
    for question in ("quanti criteri sono stati usati?", "che cosa fanno i 4 distretti pilota?"):
        selected, retrieved = _complete(question)
        assert len(selected) == 1 and len(retrieved) == 1, question


def test_announced_reads_digits_and_number_words_before_the_asked_noun():
    assert enumeration.announced("seguendo 4 criteri che hanno permesso", "quali criteri?") == (4, "crite")
    assert enumeration.announced("il progetto si articola in sei azioni", "what are the azioni of the project?") == (6, "azion")
    assert enumeration.announced("seguendo 4 criteri", "quali distretti?") is None
    # a request asks for what follows it as an interrogative does
    assert enumeration.announced("seguendo 4 criteri", "List the four criteria used to select the clusters.") == (4, "crite")
    assert enumeration.announced("seguendo 4 criteri", "con che crieri avete scelto i cluster?") == (4, "crite")  # a typo
    assert enumeration.announced("seguendo 4 criteri", "con che crateri avete scelto i cluster?") is None  # a real word one edit off


def test_a_part_asking_which_ones_beside_a_count_gets_the_announced_list():
    """"in quante fasi e con quali criteri?": the count part is answered by the announcement, the other asks for the
    criteria themselves."""
    unit = "un primo screening ha permesso di individuare i cluster afferenti a due macro-criteri:"
    assert enumeration.announced(unit, "Come è stato articolato il processo, in quante fasi e con quali criteri?") == (2, "crite")
    assert enumeration.announced(unit, "in quante fasi e con quanti criteri?") is None


def test_a_question_asking_how_names_what_it_asks_for_anywhere():
    """"How were the clusters selected? Walk me through the criteria": the criteria are asked, though no
    interrogative comes before them; a question that asks no manner still asks only what follows its interrogative."""
    assert enumeration.announced("seguendo 4 criteri", "How were the 15 clusters selected? Please walk me through the criteria.") == (4, "crite")
    assert enumeration.announced("seguendo 4 criteri", "Which clusters were selected? Walk me through the criteria.") is None


def test_a_list_question_whose_best_sentence_refers_back_gets_the_announced_list():
    chunks = _chunks()
    at = {p.metadata["position"]: p for p in chunks}
    last = chunks[-1]
    unit = passage_sentences(last.text)[0]  # "L’ultimo criterio (n.4) ...": names the noun, announces nothing
    assert "criterio" in unit and enumeration.announced(unit, "quali sono i criteri usati?") is None
    selected, retrieved = enumeration.complete([Evidence(0, unit, 0.8, 0.7)], [last], "quali sono i criteri usati?",
                                               lambda doc, pos: at.get(pos) if doc == DOC else None)
    quoted = [e.text for e in selected]
    assert "seguendo 4 criteri" in quoted[0] and any("macro-criteri" in q for q in quoted)
    assert any("settore manifatturo" in q for q in quoted) and quoted.count(unit) == 1


def test_the_noun_asked_is_the_head_not_what_follows_of():
    assert enumeration.asked_nouns("what definition of cluster does the report use?") == {"defin"}
    assert enumeration.asked_nouns("which of the criteria did they use?") == {"crite"}


def _intro_chunks() -> list[Passage]:
    """The introduction's list of cluster features cut between its first and second item, as the index cuts it."""
    text = (REPO_ROOT / "corpus" / "documents" / DOC).read_text(encoding="utf-8")
    a, b = text.index("Proprio la trasferibilità"), text.index("· specializzazione produttiva")
    c = text.index("L’approccio cluster")
    return [Passage("Introduzione\n" + text[a:b].strip(), {"document": DOC, "position": 1}, 0.5, "i1"),
            Passage("Introduzione\n" + text[b:c].strip(), {"document": DOC, "position": 2}, 0.5, "i2")]


def test_a_list_cut_by_a_chunk_boundary_is_quoted_whole():
    first, second = _intro_chunks()
    lead_in, rest = passage_sentences(first.text)[-1], passage_sentences(second.text)[0]
    assert lead_in.endswith("· territorialità delle imprese")
    assert rest == "specializzazione produttiva · interazione tra i diversi attori del cluster"  # one unit, not a dropped fragment
    at = {1: first, 2: second}.get
    chunk_at = lambda doc, pos: at(pos) if doc == DOC else None  # noqa: E731
    for chosen, passage in ((lead_in, first), (rest, second)):  # from either half, both halves are quoted, in order
        selected, retrieved = enumeration.continue_lists([Evidence(0, chosen, 0.8, 0.7)], [passage], chunk_at)
        assert [e.text for e in selected] == [lead_in, rest] and [e.continues for e in selected] == [False, True]
        assert {p.id for p in retrieved} == {"i1", "i2"}
    alone = Evidence(0, passage_sentences(second.text)[1], 0.8, 0.7)  # a unit in the middle of a chunk: nothing added
    assert enumeration.continue_lists([alone], [second], chunk_at)[0] == [alone]


def test_the_unit_naming_the_noun_may_rank_below_the_best_one():
    """"come li avete scelti? con quali criteri?": the best unit says how the search began; the second names a
    criterion, and the announcement before it is what answers."""
    chunks = _chunks()
    at = {p.metadata["position"]: p for p in chunks}
    opening = passage_sentences(chunks[1].text)[0]  # "Il processo di selezione che ha condotto …": no criterion named
    last = passage_sentences(chunks[-1].text)[0]  # "L’ultimo criterio (n.4) …"
    assert "criter" not in opening
    selected = [Evidence(0, opening, 0.8, 0.7), Evidence(1, last, 0.6, 0.5)]
    out, _ = enumeration.complete(selected, [chunks[1], chunks[-1]], "come li avete scelti? con quali criteri?",
                                  lambda doc, pos: at.get(pos) if doc == DOC else None)
    assert "seguendo 4 criteri" in out[0].text and any("settore manifatturo" in e.text for e in out)


def test_the_announcement_is_looked_for_back_to_the_start_of_its_section_only():
    """The first announcement of the section counts ("seguendo 4 criteri", five chunks before the unit that
    refers back to "i criteri sopra esposti"), never one in the section before it."""
    def chunk(pos: int, section: str, text: str) -> Passage:
        return Passage(f"{section}\n{text}", {"document": DOC, "position": pos, "section": section}, 0.5, f"s{pos}")

    chunks = [chunk(0, "Altro", "Il progetto ha seguito 3 criteri di comunicazione."),
              chunk(1, "Selezione", "La ricerca è stata condotta seguendo 4 criteri."),
              chunk(2, "Selezione", "Il primo criterio riguarda il settore manifatturiero."),
              chunk(3, "Selezione", "Il secondo criterio riguarda un prodotto specifico."),
              chunk(4, "Selezione", "Il terzo criterio riguarda la moda."),
              chunk(5, "Selezione", "Il quarto criterio riguarda l'interesse manifestato."),
              chunk(6, "Selezione", "Sono descritti 15 cluster scelti con i criteri sopra esposti.")]
    at = {p.metadata["position"]: p for p in chunks}
    unit = passage_sentences(chunks[-1].text)[-1]
    out, _ = enumeration.complete([Evidence(0, unit, 0.8, 0.7)], [chunks[-1]], "quali criteri sono stati usati?",
                                  lambda doc, pos: at.get(pos) if doc == DOC else None)
    quoted = [e.text for e in out]
    assert quoted[0] == "La ricerca è stata condotta seguendo 4 criteri."
    assert any("quarto criterio" in q for q in quoted) and not any("comunicazione" in q for q in quoted)


def _cluster_traits() -> list[Passage]:
    """The report's definition of a cluster's traits as split on disk: the lead-in and first item end one chunk,
    the other items open the next."""
    doc = "imagine-introduzione.txt"
    head = "Introduzione\n"
    first = Passage(head + "Proprio la trasferibilità del progetto rappresenta un elemento chiave. L’approccio del progetto "
                    "IMAGINE può quindi essere sperimentato in ogni altro contesto territoriale che abbia le caratteristiche, "
                    "ormai note, di “cluster” :\n· territorialità delle imprese", {"document": doc, "position": 1}, 0.4, "t1")
    second = Passage(head + "· specializzazione produttiva\n· interazione tra i diversi attori del cluster\nNel progetto "
                     "sono coinvolti 4 distretti.", {"document": doc, "position": 2}, 0.5, "t2")
    return [first, second]


def test_a_chunk_opening_inside_a_list_brings_the_lead_in_before_it():
    first, second = _cluster_traits()
    at = {1: first, 2: second}
    out = enumeration.with_lead_ins([second], lambda doc, pos: at.get(pos))
    assert [p.id for p in out] == ["t2", "t1"]
    assert enumeration.with_lead_ins([first], lambda doc, pos: at.get(pos)) == [first]  # opens with prose: nothing added


def test_the_lead_in_of_the_list_asked_for_opens_the_answer():
    first, second = _cluster_traits()
    lead = next(u for u in passage_sentences(first.text) if "caratteristiche" in u)
    general = Evidence(1, "Un sistema di cluster è una concentrazione geografica di aziende.", 0.7, 0.6)
    ranked = [general, Evidence(0, lead, 0.5, 0.45)]
    out, _ = enumeration.complete([general], [first, second], "quali caratteristiche deve avere un contesto?",
                                  lambda doc, pos: None, ranked)
    assert out[0].text == lead and out[1] is general
    # the lead-in names "progetto" early on, not as what its list is of: "visto che il progetto …" does not take it
    out, _ = enumeration.complete([general], [first, second], "visto che il progetto coinvolge 5 distretti, qual è il quinto?",
                                  lambda doc, pos: None, ranked)
    assert out == [general]


def test_a_lead_in_is_found_by_the_noun_in_either_language():
    """"What results did the circles achieve?" is answered by "Tra i principali risultati ottenuti: · …": the stems
    "resul" and "risul" are one word in two languages."""
    lead = "Tra i principali risultati ottenuti: · Riduzione della quantità di rifiuti prodotti; · Riduzione del traffico."
    other = Evidence(0, "Le aziende del parco hanno costituito dei circoli.", 0.6, 0.55)
    ranked = [other, Evidence(0, lead, 0.3, 0.3)]
    out, _ = enumeration.complete([other], [Passage(lead, {}, 0.5, "v")], "What results did the Vreten circles achieve?",
                                  lambda doc, pos: None, ranked)
    assert out[0].text == lead
    # a request asks for what it names as much as a question does ("summarise the results …", "elenca i risultati")
    for request in ("Summarise the results Vreten obtained from its business circles.", "elencami i risultati di Vreten"):
        out, _ = enumeration.complete([other], [Passage(lead, {}, 0.5, "v")], request, lambda doc, pos: None, ranked)
        assert out[0].text == lead, request


def test_an_item_already_selected_moves_into_the_list_in_document_order():
    """Ranked low, "L'ultimo criterio (n.4)" was selected after unrelated units and cut from the answer; it is quoted
    in its place in the list, once."""
    chunks = _chunks()
    at = {p.metadata["position"]: p for p in chunks}
    first = passage_sentences(chunks[0].text)[0]
    last = passage_sentences(chunks[-1].text)[0]
    selected, _ = enumeration.complete([Evidence(0, first, 0.8, 0.7), Evidence(1, last, 0.5, 0.5)], [chunks[0], chunks[-1]],
                                       "quali criteri avete usato?", lambda doc, pos: at.get(pos) if doc == DOC else None)
    quoted = [e.text for e in selected]
    assert quoted.count(last) == 1
    assert quoted.index(last) > next(i for i, q in enumerate(quoted) if "criterio n.3" in q)
    assert next(e for e in selected if e.text == last).answers_part


def test_a_short_part_after_a_count_asks_which_of_the_counted_things():
    """"quanti criteri hanno usato e quali erano?": "quali erano" names nothing; it asks which criteria."""
    unit = "la ricerca è stata condotta seguendo 4 criteri"
    assert enumeration.announced(unit, "quanti criteri hanno usato e quali erano?") == (4, "crite")
    assert enumeration.announced(unit, "how many criteria did they use, and which ones?") == (4, "crite")
    assert enumeration.announced(unit, "quanti criteri hanno usato?") is None  # the count alone: the announcement answers


def test_a_lead_in_that_ends_its_chunk_brings_the_items_the_next_one_opens_with():
    """"… i cluster afferenti a due macro-criteri:" ends its chunk: quoted alone it says nothing, so the bulleted lines
    the next chunk opens with follow it (both criteria; not the prose after them)."""
    chunks = _chunks()
    lead_in = passage_sentences(chunks[1].text)[-1]
    assert lead_in.endswith("due macro-criteri:")
    at = {p.metadata["position"]: p for p in chunks}
    selected, retrieved = enumeration.continue_lists([Evidence(0, lead_in, 0.8, 0.7)], [chunks[1]],
                                                     lambda doc, pos: at.get(pos) if doc == DOC else None)
    texts = [e.text for e in selected]
    assert texts[0] == lead_in and "manifatturo" in texts[1] and "specifico prodotto" in texts[-1], texts
    assert not any("Una volta individuati" in t for t in texts) and all(e.continues for e in selected[1:])
    assert [p.id for p in retrieved] == ["c11", "c12"]


def test_an_english_noun_after_its_adjective_is_what_is_asked():
    """"what concrete results did they get?": results, the noun before the auxiliary, as well as the adjective."""
    assert enumeration.head_nouns("what concrete results did they get there? just the list") == {"concr", "resul"}
    assert enumeration.head_nouns("in che modo IMAGINE aiuta le imprese?") == {"modo"}


def test_a_question_asking_how_something_was_done_is_answered_by_its_criteria_or_steps():
    """"come li hanno scelti i cluster?", "mi spiega come si è svolto il processo di selezione?": a process asked is
    told by the criteria or steps it followed, which the question need not name; a question asking what, not how,
    still asks only what it names."""
    assert enumeration.announced("seguendo 4 criteri", "maglificio 6 persone: come li hanno scelti i cluster?") == (4, "crite")
    assert enumeration.announced("seguendo 4 criteri", "How did they decide which clusters were suitable?") == (4, "crite")
    assert enumeration.announced("seguendo 4 criteri", "quali cluster sono stati scelti?") is None
    # how a thing is (not how it was done): its own words only
    assert enumeration.announced("seguendo 4 criteri", "come è strutturata la scheda di ciascun cluster?") is None
    selected, _ = _complete("come li hanno scelti i cluster che stanno nel rapporto?")
    quoted = " ".join(e.text for e in selected)
    assert "criterio n.3" in quoted and "L’ultimo criterio (n.4)" in quoted
