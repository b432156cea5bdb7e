"""Evidence sentences: what counts as a quotable sentence of a chunk, and how they are selected."""

from __future__ import annotations

from assistant.evidence import Evidence, numbers, passage_sentences, select


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
