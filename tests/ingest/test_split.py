"""Splitting the real report (with and without cluster-card spans) and small documents made here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.load import Document, Section, load_document
from ingest.split import TINY, CardSpan, split_document

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
REPORT = DOCS / "imagine-selezione-cluster.txt"
CARD_START = re.compile(r"^\t(?:Nome del cluster|Name of cluster)$", re.MULTILINE)


@pytest.fixture(scope="module")
def report() -> Document:
    return load_document(REPORT, DOCS)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def body(chunk) -> str:
    """Chunk text without its context line."""
    return chunk.text.split("\n", 1)[1]


def card_bounds(doc: Document, name: str) -> tuple[int, int]:
    start = doc.text.find(f"Nome del cluster\n\t{name}")
    end = doc.text.find("Nome del cluster", start + 1)
    assert start > 0 and end > start
    return start, end


def all_card_spans(doc: Document) -> list[CardSpan]:
    """One span per card: from its "Nome del cluster" line to the next card (the last stops at the footnote)."""
    starts = [m.start() for m in CARD_START.finditer(doc.text)]
    ends = starts[1:] + [doc.text.index("\ufffd")]
    spans = []
    for a, b in zip(starts, ends):
        name = doc.text[a:b].split("\n")[1].strip()
        spans.append(CardSpan(a, b, name, None, "?"))
    return spans


def check_invariants(doc: Document, chunks, chunk_chars: int) -> None:
    assert [c.metadata["position"] for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        meta = chunk.metadata
        assert all(isinstance(v, (str, int, float, bool)) for v in meta.values())
        assert meta["document"] == doc.name and meta["kind"] in ("section", "card_section")
        owners = [s for s in doc.sections if s.start <= meta["start"] and meta["end"] <= s.start + len(s.text)]
        assert len(owners) == 1, "a chunk lies inside exactly one section"
        assert meta["section"].split(" › ")[0] == (owners[0].title or meta["section"])
        assert words(body(chunk)) == words(doc.text[meta["start"] : meta["end"]])
        if meta["kind"] == "section":
            assert len(body(chunk)) <= chunk_chars + TINY
            assert chunk.text.split("\n", 1)[0] == (owners[0].title or doc.name)
    starts = [c.metadata["start"] for c in chunks]
    assert starts == sorted(starts)
    ends = [c.metadata["end"] for c in chunks]
    assert all(e <= s for e, s in zip(ends, starts[1:])), "chunks do not overlap"


def test_report_chunks_cover_every_word_once(report):
    chunks = split_document(report, chunk_chars=1200)
    check_invariants(report, chunks, 1200)
    for section in report.sections:
        mine = [c for c in chunks if c.metadata["section"] == section.title]
        assert [w for c in mine for w in words(body(c))] == words(section.text)
        assert all(c.text.startswith(section.title + "\n") for c in mine)
    assert {c.metadata["kind"] for c in chunks} == {"section"}


def test_report_chunk_sizes(report):
    chunks = split_document(report, chunk_chars=1200)
    sizes = [len(body(c)) for c in chunks]
    assert 25 <= len(chunks) <= 45
    assert max(sizes) <= 1200 + TINY
    assert sum(s >= 600 for s in sizes) >= 0.75 * len(sizes)


def test_output_is_deterministic(report):
    spans = all_card_spans(report)
    assert split_document(report, spans, 800) == split_document(report, list(reversed(spans)), 800)


def test_chunk_text_is_cleaned(report):
    for chunk in split_document(report):
        assert "\n\n\n" not in chunk.text and "\t" not in chunk.text and "\xa0" not in chunk.text
        assert all(line == line.strip() for line in chunk.text.split("\n"))


def test_card_span_is_its_own_chunk(report):
    start, end = card_bounds(report, "Hackefors")
    spans = [CardSpan(start, end, "Hackefors", "Svezia", "Costruzioni, mobilità")]
    chunks = split_document(report, spans, 1200)
    check_invariants(report, chunks, 1200)
    cards = [c for c in chunks if c.metadata["kind"] == "card_section"]
    assert len(cards) == 1
    card = cards[0]
    assert card.text.startswith("Cluster: Hackefors (Svezia)\nNome del cluster\nHackefors\n\nInformazioni tecniche")
    assert card.metadata == {
        "document": "imagine-selezione-cluster.txt",
        "section": "Lista dei cluster › Hackefors",
        "kind": "card_section",
        "cluster": "Hackefors",
        "country": "Svezia",
        "sector": "Costruzioni, mobilità",
        "position": card.metadata["position"],
        "start": start,
        "end": card.metadata["end"],
    }
    assert "Numero di addetti\n1.500" in card.text and "Linkpöking, Svezia" in card.text
    others = [c for c in chunks if c is not card]
    assert not any("Hackefors" in c.text for c in others)
    # nothing lost around the card: the rest of the section is in ordinary chunks
    section = report.sections[-1]
    assert [w for c in chunks if c.metadata["start"] >= section.start for w in words(body(c))] == words(section.text)


def test_long_card_is_split_with_the_prefix_repeated(report):
    start, end = card_bounds(report, "Hackefors")
    card_words = words(report.text[start:end])
    chunks = split_document(report, [CardSpan(start, end, "Hackefors", None, "Costruzioni")], chunk_chars=400)
    parts = [c for c in chunks if c.metadata["kind"] == "card_section"]
    assert len(parts) >= 3
    for part in parts:
        assert part.text.startswith("Cluster: Hackefors\n")  # no country known: no parentheses
        assert "country" not in part.metadata and part.metadata["cluster"] == "Hackefors"
        assert len(body(part)) <= 400 + TINY
    assert [w for p in parts for w in words(body(p))] == card_words
    assert [p.metadata["position"] for p in parts] == list(range(parts[0].metadata["position"], parts[0].metadata["position"] + len(parts)))


def test_card_up_to_twice_the_size_stays_whole(report):
    start, end = card_bounds(report, "Hackefors")
    size = len(report.text[start:end])
    chunks = split_document(report, [CardSpan(start, end, "Hackefors", "Svezia", "")], chunk_chars=size // 2 + 50)
    assert sum(c.metadata["kind"] == "card_section" for c in chunks) == 1


def test_all_cards_leave_only_the_footnote_as_section_text(report):
    spans = all_card_spans(report)
    assert len(spans) == 15
    chunks = split_document(report, spans, 1200)
    check_invariants(report, chunks, 1200)
    last = report.sections[-1].title
    assert {c.metadata["cluster"] for c in chunks if c.metadata["kind"] == "card_section"} == {s.cluster for s in spans}
    leftovers = [c for c in chunks if c.metadata["section"] == last]
    assert len(leftovers) == 1 and "Documento di accompagnamento" in leftovers[0].text
    assert leftovers[0].text.startswith("Lista dei cluster\n")


def test_long_paragraph_is_cut_at_sentence_ends():
    sentence = "Il distretto ha ridotto i consumi idrici del {n} per cento grazie al depuratore comune. "
    text = "".join(sentence.format(n=n) for n in range(40)).strip()
    doc = Document("x.txt", Path("x.txt"), text, [Section("", text, 0)], "0", [])
    chunks = split_document(doc, chunk_chars=300)
    check_invariants(doc, chunks, 300)
    assert len(chunks) > 5
    assert all(body(c).endswith("comune.") for c in chunks)
    assert all(c.text.startswith("x.txt\n") for c in chunks)  # untitled section: the document name is the context


def test_word_longer_than_the_limit_is_cut():
    text = "Inizio. " + "x" * 700 + " fine."
    doc = Document("x.txt", Path("x.txt"), text, [Section("T", text, 0)], "0", [])
    chunks = split_document(doc, chunk_chars=300)
    assert "".join(body(c).replace("\n", "").replace(" ", "") for c in chunks) == text.replace(" ", "")
    assert max(len(body(c)) for c in chunks) <= 300 + TINY


def test_tiny_sections_never_merge_across_sections(tmp_path):
    md = "# Uno\nBreve.\n\n# Due\n" + "Paragrafo lungo che continua. " * 30 + "\n\n# Tre\nAnche breve."
    path = tmp_path / "t.md"
    path.write_text(md)
    doc = load_document(path, tmp_path)
    chunks = split_document(doc, chunk_chars=400)
    check_invariants(doc, chunks, 400)
    assert chunks[0].text == "Uno\nBreve." and chunks[-1].text == "Tre\nAnche breve."
    assert [c.metadata["section"] for c in chunks[1:-1]] == ["Due"] * (len(chunks) - 2)


def test_tiny_paragraph_joins_the_next_chunk():
    long = "Frase di un paragrafo lungo. " * 20
    text = f"Nota.\n\n{long.strip()}"
    doc = Document("x.txt", Path("x.txt"), text, [Section("T", text, 0)], "0", [])
    chunks = split_document(doc, chunk_chars=300)
    assert chunks[0].text.startswith("T\nNota.\n\nFrase di")
    assert all(len(body(c)) >= TINY for c in chunks[:-1])
