"""The imports follow the data flow: corpus -> ingest -> store -> assistant -> evaluation / faces.

``imagine`` is the core everything stands on (settings, text, the backend components). ``ingest``
writes the index and ``assistant`` reads it: they meet only through the vector store component, so
neither imports the other. ``evaluation`` scores the assistant; the faces (the ``web`` package,
``ui.py``, ``cli.py``) sit on top and may call everything below them, including the ingest that
builds a missing index; nothing imports the two entry points.

Read from the source with ``ast`` (nothing is imported): every ``import``/``from`` of a project
package, lazy imports inside functions included, must be allowed for the importer's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from imagine.settings import REPO_ROOT

FACES = {"imagine", "ingest", "assistant", "evaluation", "web"}
# package -> the project packages its modules may import
ALLOWED = {
    "imagine": {"imagine"},
    "ingest": {"imagine", "ingest"},
    "assistant": {"imagine", "assistant"},
    "evaluation": {"imagine", "assistant", "evaluation"},
    "web": FACES,
    "ui": FACES,
    "cli": FACES,
}
SOURCES = ["imagine", "ingest", "assistant", "evaluation", "web", "ui.py", "cli.py"]


def project_imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every absolute import of a project package in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        out += [(node.lineno, name) for name in names if name.split(".")[0] in ALLOWED]
    return out


def source_files(root: Path = REPO_ROOT) -> list[Path]:
    files = []
    for name in SOURCES:
        path = root / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
    return files


def against_the_flow(root: Path = REPO_ROOT) -> list[str]:
    """'file:line: imports module' for every import its package may not make."""
    wrong = []
    for path in source_files(root):
        allowed = ALLOWED[path.relative_to(root).parts[0].removesuffix(".py")]
        for line, name in project_imports(path):
            if name.split(".")[0] not in allowed:
                wrong.append(f"{path.relative_to(root)}:{line}: imports {name}")
    return wrong


def test_every_layer_is_read():
    layers = {path.relative_to(REPO_ROOT).parts[0].removesuffix(".py") for path in source_files()}
    assert layers == set(ALLOWED), "a package of the flow has no source here: update SOURCES/ALLOWED with the tree"


def test_imports_follow_the_flow():
    assert against_the_flow() == []


def test_an_import_against_the_flow_is_caught(tmp_path):
    """The check itself: a lazy import of the assistant inside the core is reported with its place."""
    (tmp_path / "imagine").mkdir()
    (tmp_path / "imagine" / "core.py").write_text("import os\n\n\ndef f():\n    from assistant.service import Assistant\n")
    (tmp_path / "assistant").mkdir()
    (tmp_path / "assistant" / "answer.py").write_text("from imagine.settings import Settings\nimport ingest.pipeline\n")
    (tmp_path / "cli.py").write_text("import ingest.pipeline\nfrom assistant import Assistant\n")
    assert against_the_flow(tmp_path) == ["imagine/core.py:5: imports assistant.service", "assistant/answer.py:2: imports ingest.pipeline"]
