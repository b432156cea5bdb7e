"""Follow-up rewriting: which turns borrow the conversation's clusters, which stand alone."""

from __future__ import annotations

import pytest

from assistant.retrieve import looks_like_follow_up, rewrite


def _find(text: str) -> list[str]:
    """A stand-in cluster finder over two names (the real one is tested in tests/assistant/cards/test_catalog.py)."""
    return [name for name in ("Industrial Cluster Gendorf", "Vreten") if name.split()[-1].lower() in text.lower()]


HISTORY = [
    {"role": "user", "content": "Tell me about the Gendorf cluster."},
    {"role": "assistant", "content": "Gendorf is a chemical district in Bavaria [1]."},
]


def test_short_or_anaphoric_turn_borrows_the_earlier_cluster():
    for question in ("And how many firms?", "Quanti addetti ha?", "What does its management system include?"):
        query = rewrite(question, HISTORY, _find)
        assert query.rewritten and query.clusters == ["Industrial Cluster Gendorf"], question
        assert question in query.text


def test_an_elliptic_turn_after_a_follow_up_goes_on_asking_what_that_turn_asked():
    history = [*HISTORY, {"role": "user", "content": "What was its coordinator called before?"},
               {"role": "assistant", "content": "Until 2011 it was called … [1]."}]
    query = rewrite("Until what year?", history, _find)
    assert query.clusters == ["Industrial Cluster Gendorf"]
    assert query.text == "Industrial Cluster Gendorf: What was its coordinator called before? Until what year?"
    # after the turn that named the cluster itself, the short turn is asked of that cluster alone
    assert rewrite("Until what year?", HISTORY, _find).text == "Industrial Cluster Gendorf: Until what year?"


def test_a_fragment_asks_the_question_of_the_turn_that_named_the_cluster_again():
    """"e di fondazioni?" after "quanti addetti ha Gendorf?": the fragment has no question of its own, so the turn
    before is searched with it even though that turn named the cluster itself."""
    history = [{"role": "user", "content": "quante imprese ha Gendorf?"}, {"role": "assistant", "content": "23 [1]."}]
    query = rewrite("e di fondazioni?", history, _find)
    assert query.clusters == ["Industrial Cluster Gendorf"]
    assert query.text == "Industrial Cluster Gendorf: Quante imprese ha Gendorf? e di fondazioni?"  # its core, capitalised
    # a short question of its own stays alone
    assert rewrite("e quando?", history, _find).text == "Industrial Cluster Gendorf: e quando?"


def test_a_follow_up_goes_on_about_the_turn_just_before_whatever_its_length():
    """"When does it end?" after "what is its SUSPRO project?": the project is the subject, of the cluster named first."""
    history = [*HISTORY, {"role": "user", "content": "What is its SUSPRO project about?"},
               {"role": "assistant", "content": "SUSPRO aims at … [1]."}]
    query = rewrite("When does it end and how many firms took part in it?", history, _find)
    assert query.clusters == ["Industrial Cluster Gendorf"]
    assert query.text == "Industrial Cluster Gendorf: What is its SUSPRO project about? When does it end and how many firms took part in it?"


def test_a_full_turn_pointing_back_at_the_cluster_only_leaves_the_turn_before_out():
    """"What results did the firms' groups get there?" after "Who owns the area?" asks of the cluster, not of its
    owner: searched with the turn before, the owner's sentences were quoted instead of the results."""
    history = [*HISTORY, {"role": "user", "content": "Who owns the area?"},
               {"role": "assistant", "content": "The owner is … [1]."}]
    query = rewrite("What results did the firms' groups get there?", history, _find, follows=True)
    assert query.text == "Industrial Cluster Gendorf: What results did the firms' groups get there?"


def test_a_turn_of_any_form_is_read_as_a_follow_up_when_asked_to():
    """A subject dropped, no pronoun ("Quando finisce e quante aziende ha coinvolto?"): the service asks again as a
    follow-up when the turn alone is refused."""
    question = "When did the programme finish and how many firms were involved overall?"
    assert not rewrite(question, HISTORY, _find).rewritten
    assert rewrite(question, HISTORY, _find, follows=True).clusters == ["Industrial Cluster Gendorf"]


def test_a_follow_up_carries_the_acronyms_the_previous_answer_gave():
    """"When did that start?" may point at what the answer before named (NICE), not only at the cluster."""
    history = [*HISTORY, {"role": "user", "content": "What is its EMAS initiative called?"},
               {"role": "assistant", "content": "NICE è un'iniziativa EMAS dei paesi nordici [1]."}]
    query = rewrite("When did that start?", history, _find)
    assert query.clusters == ["Industrial Cluster Gendorf"] and query.referents == ("NICE", "EMAS")
    assert rewrite("When did that start?", HISTORY, _find).referents == ()
    # the acronym the turn before asked about is what "it" points at: "what is NICE?", then "when did it start?"
    asked = [*HISTORY, {"role": "user", "content": "what is NICE?"},
             {"role": "assistant", "content": "NICE è un'iniziativa di partnership tra paesi nordici [1]."}]
    assert rewrite("when and where did it start?", asked, _find).referents == ("NICE",)
    assert rewrite("What is the best recipe for a chocolate cake with berries?", history, _find).referents == ()


def test_a_full_new_question_stands_alone():
    question = "What is the best recipe for a chocolate cake with berries?"
    assert not looks_like_follow_up(question)
    query = rewrite(question, HISTORY, _find)
    assert not query.rewritten and query.clusters == [] and query.text == question


def test_a_turn_naming_its_own_cluster_keeps_it():
    query = rewrite("And Vreten?", HISTORY, _find)
    assert query.clusters == ["Vreten"] and not query.rewritten


def test_a_turn_asking_the_question_before_of_another_cluster_searches_that_question_too():
    """"e quello di prato invece a chi fornisce?" after "… Santa Croce … con quale altro distretto è collegato?": its own
    words are few, the turn before's question is searched with them; a full question of its own stands alone."""
    history = [{"role": "user", "content": "con quale altro distretto e collegato Santa Croce?"},
               {"role": "assistant", "content": "… [1]"}]
    find = lambda text: [n for n in ("Prato", "Santa Croce") if n.lower() in text.lower()]  # noqa: E731
    query = rewrite("e quello di prato invece a chi fornisce?", history, find)
    assert query.clusters == ["Prato"] and "collegato" in query.text and "fornisce" in query.text
    assert "collegato" in rewrite("And Prato, instead?", history, find).text
    assert rewrite("quante imprese ha Prato?", history, find).text == "quante imprese ha Prato?"


def test_no_history_no_rewrite():
    assert rewrite("And how many firms?", [], _find).text == "And how many firms?"


def test_follow_up_without_clusters_borrows_the_previous_question():
    history = [{"role": "user", "content": "Che cos'è l'EMAS distrettuale?"}]
    query = rewrite("E i vantaggi?", history, _find)
    assert query.rewritten and query.text.startswith("Che cos'è l'EMAS distrettuale?")


def test_a_message_opening_with_a_linker_is_a_follow_up_though_its_core_drops_it():
    """"e il prodotto della conceria dove viene usato?": the core question loses the "e" that says it continues."""
    core = "Il prodotto della conceria dove viene usato di solito nella regione?"
    assert not rewrite(core, HISTORY, _find).rewritten
    query = rewrite(core, HISTORY, _find, context="e il prodotto della conceria dove viene usato di solito nella regione?")
    assert query.rewritten and query.clusters == ["Industrial Cluster Gendorf"]


def test_the_whole_message_travels_with_its_core_question():
    q = rewrite("quali?", [], _find, context="ho letto che il modello Vreten è stato esteso ad altre norme, quali?")
    assert q.text == "quali?" and "esteso" in q.context
    assert rewrite("Who owns Vreten?", [], _find, context="Who owns Vreten?").context == ""  # nothing was dropped


def test_fuse_weighs_the_core_over_the_message():
    import numpy as np

    from assistant.retrieve import fuse

    core, message = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    v = np.array(fuse(core.tolist(), message.tolist(), weight=0.5))
    assert np.linalg.norm(v) == pytest.approx(1.0)
    assert v @ core > v @ message > 0  # the message steers, the core leads


def test_a_follow_up_does_not_borrow_the_place_the_asker_described():
    history = [{"role": "user", "content": "siamo una conceria vicino a vreten, che cos'è l'emas di distretto?"},
               {"role": "assistant", "content": "È un approccio ... [1]"}]
    query = rewrite("e chi le riconosce?", history, _find)
    assert query.rewritten and query.clusters == []
    assert query.text == "Che cos'è l'emas di distretto? e chi le riconosce?"
    # unless the earlier question was about the asker's own cluster
    history[0]["content"] = "siamo una conceria vicino a vreten, il nostro cluster è nel progetto?"
    assert rewrite("e chi lo coordina?", history, _find).clusters == ["Vreten"]


def test_a_follow_up_borrows_the_one_cluster_an_earlier_answer_gave():
    """"Which of the two reports its workers?" answered with one cluster; "what is that organisation's project
    called?" is about it, though no user turn named it. ``answered(turn, before)``: the clusters a turn's answer
    was about (the card plan's result, re-run)."""
    history = [{"role": "user", "content": "Tell me about the Belgian clusters."},
               {"role": "assistant", "content": "…"},
               {"role": "user", "content": "Which of the two gives a workforce figure?"},
               {"role": "assistant", "content": "Fedustria [1]."}]
    seen = []

    def answered(turn, before):
        seen.append((turn, len(before)))
        return ["Fedustria"] if "workforce" in turn else ["Fedustria", "West Flanders"]

    query = rewrite("What is that organisation's sustainability project called?", history, _find, answered=answered)
    assert query.rewritten and query.clusters == ["Fedustria"] and query.text.startswith("Fedustria: ")
    assert seen == [("Which of the two gives a workforce figure?", 2)]  # the latest turn first, with what came before it
    # two clusters in the answer: "their" is both of them
    query = rewrite("What is their project called?", history[:2], _find, answered=answered)
    assert query.clusters == ["Fedustria", "West Flanders"] and query.text.startswith("Fedustria, West Flanders: ")


def test_a_pronoun_after_an_answer_that_gave_the_cluster_is_what_that_turn_asked():
    """"What did it consist of?" after "Of those, which ones describe an eco-innovation experience?" (answered: Gendorf):
    "it" is the experience that turn asked about, so its words are searched with the cluster; a turn with words of its
    own asks them of the cluster alone."""
    history = [{"role": "user", "content": "Of those, which ones describe an eco-innovation experience?"},
               {"role": "assistant", "content": "…"}]
    query = rewrite("What did it consist of?", history, _find, answered=lambda turn, before: ["Gendorf"])
    assert query.clusters == ["Gendorf"] and "eco-innovation experience" in query.text and query.text.endswith(
        "What did it consist of?")
    query = rewrite("and what results did they get?", history, _find, answered=lambda turn, before: ["Gendorf"])
    assert query.text == "Gendorf: and what results did they get?"


def test_which_of_them_after_a_list_is_about_the_clusters_it_gave():
    """"Which of them developed a practical tool?" after "the clusters in Spain" (three, from the cards): those three,
    not the previous question's words; an answer listing more than a handful names no referent."""
    history = [{"role": "user", "content": "List the clusters located in Spain."}, {"role": "assistant", "content": "…"}]
    spanish = ["Agrupació", "San Sebastian", "Extremadura"]
    assert looks_like_follow_up("Which of them developed an environmental label or a practical tool?")
    assert looks_like_follow_up("Tell me more about the tools of the Basque one.")
    query = rewrite("Which of them developed an environmental label or a practical tool?", history, _find,
                    answered=lambda turn, before: spanish)
    assert query.rewritten and query.clusters == spanish
    query = rewrite("Which of them developed an environmental label or a practical tool?", history, _find,
                    answered=lambda turn, before: [f"c{n}" for n in range(15)])
    assert query.clusters == [] and query.text.startswith("List the clusters located in Spain.")


class _Hits:
    """A fake store: fixed chunk hits, fixed sentence hits (by the chunk text's hash), chunks fetched by hash."""

    def __init__(self, chunks, sentence_shas, sentence_scores=None):
        from imagine.components.vector_store import Hit

        self.chunks = chunks  # (id, text, metadata)
        self.hits = [Hit(i, t, m, 0.9 - 0.01 * n) for n, (i, t, m) in enumerate(chunks)]
        scores = sentence_scores or [0.8 - 0.01 * n for n in range(len(sentence_shas))]
        self.sentence_hits = [Hit(f"s{n}", "unit", {"text_sha": sha}, score)
                              for n, (sha, score) in enumerate(zip(sentence_shas, scores))]
        self.embeddings = None

    def query(self, vector, k, where=None):
        hits = self.hits if where is None else [h for h in self.hits if h.metadata.get("cluster") in where["cluster"]["$in"]]
        return hits[:k]

    def get(self, where=None, include=()):
        wanted = set(where["text_sha"]["$in"])
        rows = [c for c in self.extra if c[2]["text_sha"] in wanted]
        return {"ids": [r[0] for r in rows], "documents": [r[1] for r in rows], "metadatas": [r[2] for r in rows]}

    def sentences(self):
        outer = self

        class Sentences:
            def query(self, vector, k, where=None):
                return outer.sentence_hits[:k]

        return Sentences()


def test_a_chunk_whose_own_sentence_matches_enters_the_top_k_by_reciprocal_rank():
    from assistant.retrieve import Query, Retriever

    chunks = [(f"c{n}", f"chunk {n}", {"text_sha": f"h{n}"}) for n in range(8)]
    store = _Hits(chunks, ["hx", "h0"])  # the best sentence is in a chunk the chunk search did not return
    store.extra = [("cx", "the answering chunk", {"text_sha": "hx"})]
    top = [p.id for p in Retriever(store).search(Query("q", []), k=3, vector=[1.0])]
    assert top[0] == "c0" and "cx" in top  # c0: first by both; cx: first by sentence only, ahead of c1, c2
    unchanged = [p.id for p in Retriever(store, sentence_k=0).search(Query("q", []), k=3, vector=[1.0])]
    assert unchanged == ["c0", "c1", "c2"]


def test_a_rare_acronym_the_question_writes_brings_its_chunks_forward():
    """"like EPDs", "quante lca": the chunks writing an acronym few chunks write (here 1 of 8) are a third ranking,
    fused like the sentences'; an acronym every chunk writes ("EMAS") points at none, and a word that is also an
    acronym ("reach") counts only in capitals."""
    from assistant.retrieve import Query, Retriever, acronym_chunks
    from assistant.types import Passage

    chunks = [(f"c{n}", f"EMAS chunk {n}" + (" si sono condotti 4 LCA … le rispettive EPD; REACH" if n == 6 else ""),
               {"text_sha": f"h{n}"}) for n in range(8)]
    passages = [Passage(t, m, 0.0, i) for i, t, m in chunks]
    assert set(acronym_chunks(passages)) == {"lca", "epd", "reach"}
    store = _Hits(chunks, [])
    store.extra = []
    retriever = Retriever(store, sentence_k=0, chunks=passages)
    for question in ("does IMAGINE do EPDs too?", "quante lca sono state fatte?", "what does REACH mean for us?"):
        assert "c6" in [p.id for p in retriever.search(Query(question, []), k=3, vector=[1.0])], question
    for question in ("what is EMAS?", "how do we reach the registration?"):
        assert "c6" not in [p.id for p in retriever.search(Query(question, []), k=3, vector=[1.0])], question


def test_chunks_sharing_a_sentence_rank_in_document_order_whatever_order_the_index_returns_them_in():
    """A sentence in several chunks (a pilot card quoting the report) scores the same in each: the order the index
    returns equal scores in depends on how it was built (a fresh build, an update), and must not decide the top k. The
    report's own section comes before the card that quotes it."""
    from assistant.retrieve import Query, Retriever

    chunks = [(f"c{n}", f"chunk {n}", {"text_sha": f"h{n}"}) for n in range(8)]
    tops = []
    for shared in (["hy", "hx"], ["hx", "hy"]):
        store = _Hits(chunks, ["h5", *shared], [0.8, 0.7, 0.7])
        store.extra = [("cx", "the report's chunk", {"text_sha": "hx", "kind": "section"}),
                       ("cy", "a card quoting it", {"text_sha": "hy", "kind": "card_section"})]
        tops.append([p.id for p in Retriever(store).search(Query("q", []), k=8, vector=[1.0])])
    assert tops[0] == tops[1]
    assert tops[0].index("cx") < tops[0].index("cy")


def test_a_question_naming_a_cluster_is_not_fused_by_sentence():
    from assistant.retrieve import Query, Retriever

    chunks = [(f"c{n}", f"chunk {n}", {"text_sha": f"h{n}", "cluster": "Vreten" if n < 2 else "Other"}) for n in range(6)]
    store = _Hits(chunks, ["hx"])
    store.extra = [("cx", "another cluster's sentence", {"text_sha": "hx", "cluster": "Other"})]
    top = [p.id for p in Retriever(store).search(Query("q", ["Vreten"]), k=3, vector=[1.0])]
    assert top[:2] == ["c0", "c1"] and "cx" not in top


@pytest.mark.parametrize("turn", ["con quelle iniziative cosa hanno ottenuto in tutto il periodo?",
                                  "e quelli che hanno partecipato da dove venivano di preciso?"])
def test_every_italian_demonstrative_marks_a_follow_up(turn):
    from assistant.retrieve import looks_like_follow_up

    assert looks_like_follow_up(turn)


def _turns(*texts: str) -> list[dict]:
    return [m for t in texts for m in ({"role": "user", "content": t}, {"role": "assistant", "content": "… [1]."})]


def test_a_follow_up_of_a_follow_up_keeps_the_topic_of_the_turn_it_followed():
    """"and the last one?" after "explain the third one a bit more": the criteria asked two turns back are the topic."""
    history = _turns("What criteria were used to select the clusters?", "explain the third one a bit more")
    assert rewrite("and the last one?", history, _find).text == \
        "What criteria were used to select the clusters? Explain the third one a bit more and the last one?"


def test_a_follow_up_of_a_full_question_takes_that_question_alone():
    history = _turns("What criteria were used to select the clusters?", "Which sectors does the report count most clusters in?")
    assert rewrite("and the last one?", history, _find).text == "Which sectors does the report count most clusters in? and the last one?"


def test_they_as_a_subject_leans_on_the_conversation_as_their_and_them_do():
    """"How do they use EMAS beyond just being compliant?" after a turn on Plaine de l'Ain: about the park."""
    assert looks_like_follow_up("How do they use EMAS beyond just being compliant?")
    assert not looks_like_follow_up("How does the district approach simplify the registration for small firms?")


def test_where_an_introduction_puts_the_asker_is_not_what_a_later_turn_goes_on_about():
    """heldout67 dev: "ho una piccola conceria a santa croce …" alone, then "c'è un modello svedese …?", then "e la
    prima volta che l'hanno applicato quante imprese c'erano?": the topic is the Swedish model, not Santa Croce; a turn
    pointing at the asker's own district ("e il nostro distretto?") still takes it."""
    find = lambda text: ["Santa Croce"] if "santa croce" in text.lower() else []  # noqa: E731
    history = [{"role": "user", "content": "ciao sono marco, ho una piccola conceria a santa croce sull arno con 7 dipendenti"},
               {"role": "assistant", "content": "Grazie della presentazione."},
               {"role": "user", "content": "c e un modello svedese in cui le pmi fanno il sistema di gestione in rete?"},
               {"role": "assistant", "content": "Dai documenti: …"}]
    query = rewrite("e la prima volta che l hanno applicato quante imprese c erano?", history, find)
    assert query.clusters == [] and "modello svedese" in query.text, query
    own = rewrite("e quante imprese ha il nostro distretto?", history, find)
    assert own.clusters == ["Santa Croce"], own
