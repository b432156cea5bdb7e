"""Answers as the web chat shows them: escaping, highlighted sources, answer messages, waiting text."""

from __future__ import annotations

from assistant.types import Answer, Passage
from web import render
from web.admission import Place

SCRIPT = "<script>alert(1)</script>"


def passage(text, highlights=(), **meta):
    return Passage(text=text, metadata={"document": "report.txt", "section": "2 Criteri", **meta},
                   highlights=list(highlights))


def test_highlight_escapes_and_marks_supporting_sentence_across_whitespace():
    text = "Intro <b>bold</b>.\nThe cluster has 200\n  members. Other & more."
    out = render.highlight(text, ["The cluster has 200 members."])
    assert "<b>" not in out and "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "<mark>The cluster has 200<br>  members.</mark>" in out
    assert "Other &amp; more." in out


def test_highlight_merges_overlaps_and_ignores_missing_sentences():
    out = render.highlight("A b c d.", ["A b c", "b c d.", "not there"])
    assert out.count("<mark>") == 1 and "<mark>A b c d.</mark>" in out


def test_script_in_a_document_renders_as_text_in_its_source():
    p = passage(f"Before {SCRIPT} after.", [f"Before {SCRIPT} after."], cluster="X<y>", country="Italy")
    out = render.source_html(1, p)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "X&lt;y&gt;" in out and "(Italy)" in out
    assert out.startswith("<details") and "<summary><b>[1]</b> report.txt › 2 Criteri" in out


def test_user_and_answer_text_escaped_and_images_defused():
    assert render.esc_markdown(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "![" not in render.esc_markdown("see ![x](http://example.com/a.png)")
    msgs = render.chat_messages([{"question": SCRIPT, "partial": SCRIPT, "answer": None}])
    assert all("<script>" not in m["content"] for m in msgs)


def test_answer_message_has_text_sources_notice_and_table_as_single_line_html_blocks():
    cites = [passage("Il cluster conta 200 imprese.\nAltro.", ["Il cluster conta 200 imprese."], cluster="Gendorf")]
    ans = Answer(text="Conta 200 imprese [1].", citations=cites, language="it", notice="Risposta estrattiva.",
                 table=[{"name": "Gendorf", "workers": None, "enterprises": 4200, "kind": "pilot_district"}])
    md = render.answer_markdown(ans)
    text, *blocks = md.split("\n\n")
    assert text == "Conta 200 imprese [1]."
    assert all("\n" not in b and b.startswith("<div") for b in blocks)  # raw HTML blocks stay intact
    assert "Fonti" in md and "<mark>Il cluster conta 200 imprese.</mark>" in md
    assert "non riportato" in md and "4\u202f200" in md and "Risposta estrattiva." in md
    assert "pilota IMAGINE / IMAGINE pilot" in md and "pilot_district" not in md


def test_refused_answer_says_so_plainly_in_its_language():
    md = render.answer_markdown(Answer(text="The documents do not cover this.", refused=True, language="en"))
    assert "Not found in the documents" in md and "Sources" not in md


def test_waiting_text_says_the_place_and_a_rounded_estimate_in_both_languages():
    assert render.waiting_text(Place(3, 12, None)) == "In coda: posizione 3 di 12 / Queued: position 3 of 12"
    assert render.waiting_text(Place(1, 2, 0.2)).endswith("Queued: position 1 of 2, answer in about 1 s")
    assert "risposta tra circa 25 s /" in render.waiting_text(Place(9, 12, 23.4))
