"""Loading real files: the project report, and small files of every format made here (good and broken)."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from ingest.load import SUPPORTED_SUFFIXES, LoadError, discover, load_document

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
REPORT = DOCS / "imagine-selezione-cluster.txt"
MB = 1024 * 1024


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string (WinAnsi, so "perché" works)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append("(" + "".join(f"\\{b:03o}" if b > 126 else chr(b) for b in escaped.encode("cp1252")) + ") Tj T*")
        stream = "\n".join(ops + ["ET"])
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load(path: Path):
    return load_document(path, path.parent)


def reason(path: Path, **kw) -> str:
    with pytest.raises(LoadError) as info:
        load_document(path, path.parent, **kw)
    assert info.value.path == path
    return info.value.reason


# ---------------------------------------------------------------- the project report


def test_report_sections_are_the_four_headings():
    doc = load_document(REPORT, DOCS)
    assert doc.name == "imagine-selezione-cluster.txt"
    assert [s.title for s in doc.sections] == [
        "Introduzione",
        "L’approccio cluster",
        "Selezione dei cluster a cui è applicabile l’approccio di EMAS cluster",
        "Lista dei cluster",
    ]
    assert doc.sha256 == hashlib.sha256(REPORT.read_bytes()).hexdigest()
    assert doc.notes == []


def test_report_sections_are_offsets_into_the_text():
    doc = load_document(REPORT, DOCS)
    for section in doc.sections:
        assert doc.text[section.start : section.start + len(section.text)] == section.text
        assert section.title not in section.text.split("\n")[0]  # body starts after the heading line
    assert doc.sections[0].text.startswith("Il progetto “IMAGINE")
    assert doc.sections[3].text.startswith("Nome del cluster\n\tNorth West region")
    assert "Figura 1: Presenza di cluster del settore fashion in Europa" in doc.sections[2].text
    assert doc.sections[3].text.rstrip().endswith("programme_it.htm")


def test_report_text_is_normalised():
    doc = load_document(REPORT, DOCS)
    assert "\r" not in doc.text and "\x00" not in doc.text
    assert all(line == line.rstrip() for line in doc.text.split("\n"))
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "Łódzkie" in doc.text and "Linkpöking, Svezia" in doc.text  # (sic: the report's spelling)
    assert "\tNome del cluster\n\tHackefors" in doc.text  # card layout kept for the card parser


def test_plain_text_normalisation_and_preamble(tmp_path):
    raw = "Bozza del 3 marzo, da rivedere.\r\n\r\nMetodo\r\nIl metodo usato e\u0300 descritto qui, in una riga lunga.   \r\n"
    doc = load(write(tmp_path / "a.txt", raw))
    assert doc.text == "Bozza del 3 marzo, da rivedere.\n\nMetodo\nIl metodo usato è descritto qui, in una riga lunga."
    assert [(s.title, s.text) for s in doc.sections] == [
        ("", "Bozza del 3 marzo, da rivedere."),
        ("Metodo", "Il metodo usato è descritto qui, in una riga lunga."),
    ]


def test_plain_text_lines_that_are_not_headings(tmp_path):
    text = (
        "Titolo\n\n"
        "Elenco dei punti:\n\n"  # ends with ':'
        "· Primo punto\n\n"  # bullet
        "\tCampo indentato\n\n"  # tab
        "minuscolo iniziale\n\n"
        "Riga breve seguita da una breve\nAltra\n\n"
        "Figura 2: una didascalia\n\n"
        "Una frase breve, con virgola.\n\n"
        "Due frasi. Brevi\n\n"
        + "Una riga lunga " * 10
        + "\n"
    )
    doc = load(write(tmp_path / "b.txt", text))
    assert [s.title for s in doc.sections] == ["Titolo"]


# ---------------------------------------------------------------- formats


def test_markdown_headings(tmp_path):
    md = "Intro libera.\n\n# Guida EMAS\n\nTesto.\n\n## Passo 1 ##\nFare.\n\n```\n# non un titolo\n```\n\nAltro\n=====\nFine."
    doc = load(write(tmp_path / "g.md", md))
    assert [s.title for s in doc.sections] == ["", "Guida EMAS", "Passo 1", "Altro"]
    assert doc.sections[2].text == "Fare.\n\n```\n# non un titolo\n```"
    assert doc.sections[3].text == "Fine."


def test_docx_headings_and_tables(tmp_path):
    d = docx.Document()
    d.add_paragraph("Premessa del documento.")
    d.add_heading("Analisi ambientale", level=1)
    d.add_paragraph("Primo paragrafo dell'analisi.")
    d.add_heading("Aspetti diretti.", level=2)
    d.add_paragraph("Consumi idrici ed energetici.")
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("Aspetto", "Valore"), ("Acqua", "120 m3")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("Dopo la tabella.")
    d.save(tmp_path / "r.docx")
    doc = load(tmp_path / "r.docx")
    assert [s.title for s in doc.sections] == ["", "Analisi ambientale", "Aspetti diretti"]
    assert doc.sections[0].text == "Premessa del documento."
    assert doc.sections[2].text == "Consumi idrici ed energetici.\n\nAspetto\tValore\nAcqua\t120 m3\n\nDopo la tabella."
    for s in doc.sections:
        assert doc.text[s.start : s.start + len(s.text)] == s.text


def test_html_drops_script_style_nav_and_splits_at_headings(tmp_path):
    html = """<!doctype html><html><head><title>T</title><style>body{color:red}</style>
    <script>var secret = "SCRIPT_TEXT";</script></head><body>
    <nav><a href="/">Home NAV_TEXT</a></nav>
    <p>Apertura della pagina.</p>
    <h2>Registrazione EMAS</h2><p>Serve un <b>verificatore</b> accreditato.</p>
    <script>document.write("MORE_SCRIPT")</script><!-- COMMENT_TEXT -->
    <h2>Costi</h2><ul><li>Uno</li><li>Due</li></ul><noscript>NOSCRIPT_TEXT</noscript>
    </body></html>"""
    doc = load(write(tmp_path / "p.html", html))
    for hidden in ("SCRIPT_TEXT", "MORE_SCRIPT", "NAV_TEXT", "color:red", "COMMENT_TEXT", "NOSCRIPT_TEXT"):
        assert hidden not in doc.text
    assert [s.title for s in doc.sections] == ["", "Registrazione EMAS", "Costi"]
    assert doc.sections[1].text == "Serve un verificatore accreditato."
    assert doc.sections[2].text == "Uno\nDue"


def test_pdf_text_by_page(tmp_path):
    pdf = write(tmp_path / "d.pdf", make_pdf([["Dichiarazione ambientale", "Il distretto perché conta."], [], ["Seconda pagina."]]))
    assert len(PdfReader(pdf).pages) == 3
    doc = load(pdf)
    assert [s.title for s in doc.sections] == ["p. 1", "p. 3"]  # the empty page has no section
    assert "perché conta" in doc.sections[0].text
    assert doc.sections[1].text == "Seconda pagina."


def test_pdf_without_text(tmp_path):
    assert reason(write(tmp_path / "scan.pdf", make_pdf([[], []]))) == "no extractable text (scanned?)"


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(write(tmp_path / "plain.pdf", make_pdf([["Riservato."]]))))
    writer.encrypt(user_password="segreta", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as handle:
        writer.write(handle)
    assert reason(tmp_path / "locked.pdf") == "encrypted PDF (password required)"


def test_corrupt_pdf_and_docx(tmp_path):
    junk = write(tmp_path / "junk.pdf", os.urandom(3000))
    assert reason(junk).startswith("not valid PDF")
    good = make_pdf([["Testo."]])
    assert reason(write(tmp_path / "cut.pdf", good[: len(good) // 3])).startswith("not valid PDF")
    d = docx.Document()
    d.add_paragraph("Testo del documento " * 50)
    d.save(tmp_path / "full.docx")
    data = (tmp_path / "full.docx").read_bytes()
    assert reason(write(tmp_path / "cut.docx", data[: len(data) // 2])).startswith("not a valid DOCX file")
    assert reason(write(tmp_path / "fake.docx", "plain text, not a zip")).startswith("not a valid DOCX file")


# ---------------------------------------------------------------- encodings and bad content


def test_cp1252_text(tmp_path):
    doc = load(write(tmp_path / "latin.txt", "Il perché dell’adesione: più qualità.".encode("cp1252")))
    assert doc.text == "Il perché dell’adesione: più qualità."
    assert doc.notes == ["decoded as cp1252"]


def test_utf16_and_utf8_bom(tmp_path):
    doc = load(write(tmp_path / "u16.txt", "Città\nVerifica EMAS".encode("utf-16")))
    assert doc.text == "Città\nVerifica EMAS" and doc.notes == []
    doc = load(write(tmp_path / "u8.md", b"\xef\xbb\xbf# Titolo\ncorpo"))
    assert doc.text == "# Titolo\ncorpo" and doc.sections[0].title == "Titolo"


def test_binary_empty_and_large_files(tmp_path):
    assert reason(write(tmp_path / "bin.txt", bytes(range(256)) * 4)) == "binary content, not text"
    assert reason(write(tmp_path / "ctl.txt", b"\x81\x8d\x01\x02abc\xff\xfe\x03")) == "binary content, not text"
    assert reason(write(tmp_path / "empty.txt", b"")) == "empty file"
    assert reason(write(tmp_path / "blank.md", b"  \n\n\t\n")) == "empty file"
    assert reason(write(tmp_path / "big.txt", b"a" * 2048), max_bytes=1024) == "larger than 1024 bytes limit"
    assert reason(write(tmp_path / "big2.txt", b"a" * 2048), max_bytes=1024 * 2 - 1) == "larger than 2047 bytes limit"


def test_large_limit_in_megabytes(tmp_path):
    path = write(tmp_path / "x.txt", b"ok")
    with open(path, "ab") as handle:
        handle.truncate(MB + 1)  # sparse: cheap to make
    assert reason(path, max_bytes=MB) == "larger than 1 MB limit"


# ---------------------------------------------------------------- discovery


def test_discover_keeps_supported_files_and_explains_the_rest(tmp_path):
    root = tmp_path / "documents"
    for name in ("a.txt", "sub/b.md", "sub/deep/c.PDF", "d.docx", "e.html", "f.htm"):
        write(root / name, "x")
    write(root / "sheet.xlsx", b"PK")
    write(root / "README", "x")
    write(root / ".hidden.txt", "x")
    write(root / ".git/config.txt", "x")
    write(root / "~$d.docx", "x")
    write(root / "big.txt", b"y" * 5000)
    write(tmp_path / "outside.txt", "secret")
    (root / "link-out.txt").symlink_to(tmp_path / "outside.txt")
    (root / "link-in.txt").symlink_to(root / "a.txt")
    (root / "broken.txt").symlink_to(root / "missing.txt")
    (root / "bad\x07name.txt").write_text("x")

    found, skipped = discover(root, max_bytes=4096)
    assert [p.relative_to(root).as_posix() for p in found] == [
        "a.txt", "d.docx", "e.html", "f.htm", "link-in.txt", "sub/b.md", "sub/deep/c.PDF",
    ]
    assert {s.name: s.reason for s in skipped} == {
        ".git/": "hidden folder",
        ".hidden.txt": "hidden file",
        "README": "no file extension, not supported",
        "bad\x07name.txt": "file name has control or undecodable characters",
        "big.txt": "larger than 4096 bytes limit",
        "broken.txt": "broken symlink",
        "link-out.txt": "symlink points outside the documents folder",
        "sheet.xlsx": ".xlsx not supported",
        "~$d.docx": "temporary Office lock file",
    }
    assert load_document(found[5], root).name == "sub/b.md"


def test_discover_report_folder():
    found, skipped = discover(DOCS, 50 * MB)
    assert REPORT in found and skipped == []
    assert {p.suffix for p in found} <= SUPPORTED_SUFFIXES


def test_symlinked_folder_is_not_followed(tmp_path):
    root = tmp_path / "documents"
    write(tmp_path / "elsewhere" / "x.txt", "x")
    root.mkdir()
    (root / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    found, skipped = discover(root, MB)
    assert found == [] and [(s.name, s.reason) for s in skipped] == [("linked/", "symlinked folder, not followed")]
