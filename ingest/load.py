"""Corpus files -> normalised text with sections (headings and their bodies).

``discover`` lists the files an ingest should read and says why it skips the others;
``load_document`` turns one file (.txt .md .pdf .docx .html .htm) into a ``Document``
whose ``text`` is what card parsing and splitting run on, and whose ``sections`` are
offsets into that text. A file that cannot be read raises ``LoadError`` with one
human sentence, so the ingest can report it and go on.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}
MAX_BYTES = 50 * 1024 * 1024
TITLE_MAX = 90
BULLETS = "·•-*–—◦▪"
_CAPTION = re.compile(r"(Figura|Figure|Fig\.|Tabella|Table|Grafico)\s*\d", re.IGNORECASE)
_NUMBERED = re.compile(r"\d+(?:\.\d+)*\.\s+|\d+(?:\.\d+)+\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BOMS = [  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


@dataclass
class Section:
    title: str  # heading text, cleaned; "" for text before the first heading
    text: str  # body, without the heading line; == Document.text[start:start+len(text)]
    start: int  # offset of the body in Document.text


@dataclass
class Document:
    name: str  # path relative to the documents dir, posix
    path: Path
    text: str  # normalised: \n line ends, NFC, no NULs/control chars, trailing spaces trimmed
    sections: list[Section]
    sha256: str  # of the raw bytes
    notes: list[str] = field(default_factory=list)


class LoadError(Exception):
    """A file that cannot become text; ``reason`` is one sentence for the ingest report."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Skipped:
    name: str
    reason: str


# ---------------------------------------------------------------- discovery


def _limit(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return f"larger than {mb:g} MB limit" if mb >= 1 else f"larger than {max_bytes} bytes limit"


def _bad_name(rel: str) -> str | None:
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in rel):
        return "file name has control or undecodable characters"
    if ".." in rel.split("/") or "\\" in rel or rel.startswith("/"):
        return "file name looks like a path traversal"
    return None


def _check_file(path: Path, rel: str, root: Path, max_bytes: int) -> str | None:
    """Why ``path`` must be skipped, or None to keep it."""
    if (reason := _bad_name(rel)) is not None:
        return reason
    if path.name.startswith("~$"):
        return "temporary Office lock file"
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"{suffix} not supported" if suffix else "no file extension, not supported"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken symlink"
        if not target.is_relative_to(root.resolve()):
            return "symlink points outside the documents folder"
    try:
        st = path.stat()
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not path.is_file():
        return "not a regular file"
    if st.st_size > max_bytes:
        return _limit(max_bytes)
    return None


def discover(root: Path, max_bytes: int) -> tuple[list[Path], list[Skipped]]:
    """Supported files under ``root`` (recursive, sorted) and the skipped ones with reasons."""
    root = Path(root)
    found: list[Path] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in sorted(dirnames):
            rel = (here / d).relative_to(root).as_posix()
            if d.startswith("."):
                skipped.append(Skipped(rel + "/", "hidden folder"))
            elif (here / d).is_symlink():
                skipped.append(Skipped(rel + "/", "symlinked folder, not followed"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for f in sorted(filenames):
            path = here / f
            rel = path.relative_to(root).as_posix()
            reason = "hidden file" if f.startswith(".") else _check_file(path, rel, root, max_bytes)
            if reason is None:
                found.append(path)
            else:
                skipped.append(Skipped(rel, reason))
    found.sort(key=lambda p: p.relative_to(root).as_posix())
    skipped.sort(key=lambda s: s.name)
    return found, skipped


# ---------------------------------------------------------------- text helpers


def normalise(text: str) -> str:
    """\\n line ends, NFC, no NULs or control characters, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\ufeff", "")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def decode_text(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """Bytes of a text file -> str: BOM, else UTF-8, else cp1252 if it looks like text."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                raise LoadError(path, "binary content, not text") from None
            if "\x00" in text:
                raise LoadError(path, "binary content, not text")
            return text, []
    if b"\x00" in raw:
        raise LoadError(path, "binary content, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise LoadError(path, "binary content, not text") from None
        if _CONTROL.search(text):
            raise LoadError(path, "binary content, not text")
        return text, ["decoded as cp1252"]
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise LoadError(path, "binary content, not text")
    return text, []


def clean_title(line: str) -> str:
    title = " ".join(line.replace("\xa0", " ").split())
    return title[:-1].rstrip() if title.endswith(".") and not title.endswith("..") else title


def _sections(text: str, headings: list[tuple[int, int, str]]) -> list[Section]:
    """Sections from heading lines given as (line start, line end, title) offsets in ``text``."""
    out: list[Section] = []
    bounds = [(0, 0, "")] + headings
    for i, (_, body_from, title) in enumerate(bounds):
        body_to = bounds[i + 1][0] if i + 1 < len(bounds) else len(text)
        chunk = text[body_from:body_to]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if i == 0 and not body:
            continue
        out.append(Section(title, body, body_from + lead if body else body_from))
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of ``text``."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _is_plain_heading(lines: list[str], i: int) -> bool:
    """The plain-text heading heuristic (see module docs of ``plain_sections``)."""
    line = lines[i]
    stripped = line.strip()
    if not stripped or line.startswith("\t") or len(line) - len(line.lstrip(" ")) > 3:
        return False
    if len(stripped) > TITLE_MAX or stripped[-1] in ":;," or stripped[0] in BULLETS:
        return False
    words = _NUMBERED.sub("", stripped, count=1)
    if not words[:1].isupper() or _CAPTION.match(stripped) or re.search(r"[.!?;] ", words):
        return False
    if stripped.endswith(".") and ", " in stripped:  # a sentence, not a title
        return False
    prev = lines[i - 1].strip() if i else ""
    if prev and not _CAPTION.match(prev):
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return not nxt.strip() or nxt.startswith("\t") or len(nxt.strip()) > len(stripped)


def plain_sections(text: str) -> list[Section]:
    """Sections of plain text. A heading is a short line (<= 90 chars, at most 3 leading
    spaces, no tab) that starts with a capital (optionally after "1." / "2.1"), does not
    end with ":" ";" ",", is not a bullet, a caption or a sentence (inner ". ", or a final
    "." after a comma), stands after a blank line, the start or a caption, and is followed
    by a blank, an indented or a longer line.
    """
    lines = _lines(text)
    plain = [line for _, line in lines]
    heads = [
        (pos, pos + len(line), clean_title(line)) for i, (pos, line) in enumerate(lines) if _is_plain_heading(plain, i)
    ]
    return _sections(text, heads)


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_sections(text: str) -> list[Section]:
    """Sections at ATX (``# x``) and setext (``x`` over ``===``/``---``) headings, not in code fences."""
    lines = _lines(text)
    heads: list[tuple[int, int, str]] = []
    fenced = False
    for i, (pos, line) in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        m = _ATX.match(line)
        if m and clean_title((m.group(2) or "").strip("*_ ")):
            heads.append((pos, pos + len(line), clean_title(m.group(2).strip("*_ "))))
            continue
        under = lines[i + 1][1] if i + 1 < len(lines) else ""
        prev = lines[i - 1][1] if i else ""
        if line.strip() and not prev.strip() and re.fullmatch(r" {0,3}(=+|-{2,})[ \t]*", under):
            heads.append((pos, pos + len(line) + 1 + len(under), clean_title(line.strip("*_ "))))
    return _sections(text, heads)


def assemble(blocks: list[tuple[str | None, str]]) -> tuple[str, list[Section]]:
    """Text and sections from (heading or None, body) blocks of a structured format."""
    parts: list[str] = []
    heads: list[tuple[int, int, str]] = []
    pos = 0
    for heading, body in blocks:
        if heading is not None:
            title = clean_title(normalise(heading).replace("\n", " "))
            if not title:
                continue
            heads.append((pos, pos + len(title), title))
            parts.append(title)
            pos += len(title) + 2
        body = re.sub(r"\n{3,}", "\n\n", normalise(body)).strip()
        if body:
            parts.append(body)
            pos += len(body) + 2
    text = "\n\n".join(parts)
    return text, _sections(text, heads)


# ---------------------------------------------------------------- formats


def _load_pdf(raw: bytes, path: Path, notes: list[str]) -> tuple[str, list[Section]]:
    """One section per page with text, titled "p. N" (PDF headings are not reliable)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except DependencyError:
                raise LoadError(path, "encrypted PDF, cannot decrypt it here") from None
            if not ok:
                raise LoadError(path, "encrypted PDF (password required)")
        pages = reader.pages
        count = len(pages)
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise LoadError(path, f"not valid PDF: {exc}") from None
    blocks: list[tuple[str | None, str]] = []
    failed = []
    for n in range(count):
        try:
            page_text = pages[n].extract_text() or ""
        except Exception:
            failed.append(n + 1)
            continue
        if page_text.strip():
            blocks.append((f"p. {n + 1}", page_text))
    if failed:
        notes.append(f"text extraction failed on page(s) {', '.join(map(str, failed))}")
    if not blocks:
        raise LoadError(path, "no extractable text (scanned?)")
    return assemble(blocks)


def _docx_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.lower().startswith(("heading", "titolo", "title"))


def _docx_blocks(document) -> list[tuple[str | None, str]]:
    from docx.table import Table

    blocks: list[tuple[str | None, str]] = [(None, "")]
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell repeats: keep one
                    if not cells or cells[-1] != cell.text.strip():
                        cells.append(cell.text.strip())
                rows.append("\t".join(cells))
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + "\n\n" + "\n".join(rows) + "\n\n")
        elif _docx_heading(item) and item.text.strip():
            blocks.append((item.text, ""))
        else:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + item.text + "\n\n")
    return blocks


def _load_docx(raw: bytes, path: Path) -> tuple[str, list[Section]]:
    """Paragraphs and tables in body order; Heading/Title styles start sections."""
    import docx

    try:
        blocks = _docx_blocks(docx.Document(io.BytesIO(raw)))
    except Exception as exc:  # BadZipFile, KeyError, PackageNotFoundError, XML errors
        raise LoadError(path, f"not a valid DOCX file: {exc}") from None
    text, sections = assemble(blocks)
    if not text.strip():
        raise LoadError(path, "no text in the document")
    return text, sections


_DROP = ["script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "object", "button", "form"]
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPH = _HEADINGS | {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "ul", "ol", "dl", "table",
    "blockquote", "pre", "figure", "address", "hr", "caption", "figcaption",
}
_LINE = {"li", "dt", "dd", "tr", "br"}


def _load_html(raw: bytes, path: Path, notes: list[str]) -> tuple[str, list[Section]]:
    """Visible text; h1-h6 start sections; script/style/nav and similar never reach the text."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    source, found = decode_text(raw, path)
    notes += found
    soup = BeautifulSoup(source, "html.parser")
    for tag in soup.find_all(_DROP):
        if not tag.decomposed:
            tag.decompose()
    blocks: list[tuple[str | None, str]] = [(None, "")]

    def add(s: str) -> None:
        blocks[-1] = (blocks[-1][0], blocks[-1][1] + s)

    def gap(newlines: int) -> None:  # a block boundary: at least this many line breaks
        if not newlines:
            return
        body = blocks[-1][1].rstrip(" \t")
        have = len(body) - len(body.rstrip("\n"))
        blocks[-1] = (blocks[-1][0], body + "\n" * max(0, newlines - have))

    def walk(node: Tag, pre: bool) -> None:
        for child in node.children:
            if isinstance(child, Comment) or (isinstance(child, NavigableString) and type(child) is not NavigableString):
                continue  # comments, doctype, CDATA, processing instructions
            if isinstance(child, NavigableString):
                add(str(child) if pre else re.sub(r"\s+", " ", str(child)))
            elif child.name in _HEADINGS:
                blocks.append((child.get_text(" ", strip=True), ""))
            elif child.name in ("td", "th"):
                walk(child, pre)
                add("\t")
            else:
                breaks = 2 if child.name in _PARAGRAPH else 1 if child.name in _LINE else 0
                gap(breaks)
                walk(child, pre or child.name == "pre")
                gap(breaks)

    walk(soup, False)
    blocks = [(h, re.sub(r"\n[ \t]+", "\n", b)) for h, b in blocks]
    blocks = [(h, re.sub(r"\n{3,}", "\n\n", b)) for h, b in blocks]
    text, sections = assemble(blocks)
    if not text.strip():
        raise LoadError(path, "no visible text in the page")
    return text, sections


def load_document(path: Path, root: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read one supported file into a ``Document``; raise ``LoadError`` if it cannot be read."""
    path = Path(path)
    try:
        name = path.absolute().relative_to(Path(root).absolute()).as_posix()
    except ValueError:
        name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(path, f"{suffix or 'no extension'} not supported")
    try:
        if path.stat().st_size > max_bytes:
            raise LoadError(path, _limit(max_bytes))
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise LoadError(path, "empty file")
    notes: list[str] = []
    if suffix == ".pdf":
        text, sections = _load_pdf(raw, path, notes)
    elif suffix == ".docx":
        text, sections = _load_docx(raw, path)
    elif suffix in (".html", ".htm"):
        text, sections = _load_html(raw, path, notes)
    else:
        decoded, notes = decode_text(raw, path)
        text = normalise(decoded)
        if not text.strip():
            raise LoadError(path, "empty file")
        sections = markdown_sections(text) if suffix == ".md" else plain_sections(text)
    return Document(name, path, text, sections, hashlib.sha256(raw).hexdigest(), notes)
