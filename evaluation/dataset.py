"""Question sets: one JSON object per line, validated with messages that name the line.

A question is either ``question`` (one turn) or ``turns`` (a conversation: the earlier
turns are asked first and their answers become the history of the last one). Facts are
lists of accepted variants; evidence strings identify the passage that holds the answer.
The full format is documented in ``evaluation/README.md``.

A held-out set is split into ``dev`` and ``test`` by a hash of each id (``split_of``), never
by a stored field, so nobody can move a question between splits by editing the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

KINDS = ("fact", "list", "aggregate", "compare", "procedure", "out_of_corpus", "not_reported", "follow_up", "false_premise")
LANGS = ("it", "en")
PERSONAS = ("sme", "partner", "other")
SPLITS = ("dev", "test")
SAMPLE_SALT = "imagine-sample-v1:"
SPLIT_SALT = "imagine-heldout-v1:"
SETS_DIR = Path(__file__).resolve().parent
DEFAULT_SET = SETS_DIR / "questions.jsonl"
_FIELDS = {"id", "question", "turns", "lang", "kind", "key_facts", "evidence", "cluster", "note", "persona", "tags", "forbidden"}
# kinds whose correct answer need not contain a key fact (it says "not reported", refuses, or corrects the premise)
_FACTS_OPTIONAL = ("out_of_corpus", "not_reported", "false_premise")


class DatasetError(ValueError):
    """A question set that cannot be used; the message names the file, line and field."""


@dataclass(frozen=True)
class Question:
    id: str
    turns: tuple[str, ...]  # the last turn is the one that is scored
    lang: str
    kind: str
    key_facts: tuple[tuple[str, ...], ...] = ()
    evidence: tuple[str, ...] = ()
    cluster: str = ""
    note: str = ""
    persona: str = ""
    tags: tuple[str, ...] = ()
    forbidden: tuple[tuple[str, ...], ...] = ()  # facts a correct answer must not contain (any variant)

    @property
    def split(self) -> str:
        return split_of(self.id)

    @property
    def text(self) -> str:
        """The scored (last) turn."""
        return self.turns[-1]

    @property
    def answerable(self) -> bool:
        return self.kind != "out_of_corpus"


def _id_byte(salt: str, qid: str) -> int:
    """The first byte of sha256(salt + id): where a question falls, fixed by its id alone."""
    return hashlib.sha256((salt + qid).encode("utf-8")).digest()[0]


def split_of(qid: str) -> str:
    """``test`` if the first byte of sha256("imagine-heldout-v1:" + id) is below 128, else ``dev``:
    deterministic, about half each, and independent of the file's order or content."""
    return "test" if _id_byte(SPLIT_SALT, qid) < 128 else "dev"


def select_split(questions: list[Question], split: str | None) -> list[Question]:
    """The questions of one split (``dev`` / ``test``); ``None`` or ``both`` keeps them all."""
    if split in (None, "both"):
        return list(questions)
    if split not in SPLITS:
        raise DatasetError(f"unknown split {split!r}; use one of {SPLITS} or 'both'")
    return [q for q in questions if q.split == split]


def sample(questions: list[Question], share: float) -> list[Question]:
    """A deterministic ``share`` of ``questions``, chosen by a hash of each id with its own salt (so not along
    the dev/test split): the same questions in every run, whatever the file's order."""
    cut = round(256 * share)
    return [q for q in questions if _id_byte(SAMPLE_SALT, q.id) < cut]


def resolve_set(name: str | Path | None) -> Path:
    """A question set by path, or by name: ``heldout`` -> ``evaluation/heldout.jsonl``; None -> our set."""
    if name is None or str(name) == "":
        return DEFAULT_SET
    path = Path(name)
    if path.is_file() or path.suffix == ".jsonl" or len(path.parts) > 1:
        return path
    named = SETS_DIR / f"{name}.jsonl"
    if named.is_file():
        return named
    known = ", ".join(sorted(p.stem for p in SETS_DIR.glob("*.jsonl")))
    raise DatasetError(f"{name}: no such question set (no file, and no evaluation/{name}.jsonl; named sets: {known})")


def _fail(where: str, why: str):
    raise DatasetError(f"{where}: {why}")


def _strings(value, where: str, name: str, allow_empty: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(where, f"'{name}' must be a list of non-empty strings")
    if not value and not allow_empty:
        _fail(where, f"'{name}' must not be empty")
    return tuple(v.strip() for v in value)


def parse_question(obj, where: str) -> Question:
    """One validated question from a decoded JSON object."""
    if not isinstance(obj, dict):
        _fail(where, "each line must be a JSON object")
    qid = obj.get("id")
    if not isinstance(qid, str) or not qid.strip():
        _fail(where, "'id' must be a non-empty string")
    where = f"{where} (id {qid})"
    unknown = set(obj) - _FIELDS
    if unknown:
        _fail(where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}")
    if ("question" in obj) == ("turns" in obj):
        _fail(where, "give exactly one of 'question' (a string) or 'turns' (a list of user turns)")
    if "question" in obj:
        if not isinstance(obj["question"], str) or not obj["question"].strip():
            _fail(where, "'question' must be a non-empty string")
        turns = (obj["question"].strip(),)
    else:
        turns = _strings(obj["turns"], where, "turns", allow_empty=False)
    lang, kind = obj.get("lang"), obj.get("kind")
    if lang not in LANGS:
        _fail(where, f"'lang' must be one of {LANGS}, got {lang!r}")
    if kind not in KINDS:
        _fail(where, f"'kind' must be one of {KINDS}, got {kind!r}")
    if kind == "follow_up" and len(turns) < 2:
        _fail(where, "a follow_up needs 'turns' with at least two user turns")
    facts = obj.get("key_facts", [])
    if not isinstance(facts, list):
        _fail(where, "'key_facts' must be a list of facts, each a list of accepted variants")
    key_facts = tuple(_strings(f, where, f"key_facts[{i}]", allow_empty=False) for i, f in enumerate(facts))
    evidence = _strings(obj.get("evidence", []), where, "evidence")
    if kind == "out_of_corpus" and (key_facts or evidence):
        _fail(where, "an out_of_corpus question has no key_facts and no evidence")
    if kind not in _FACTS_OPTIONAL and not key_facts:
        _fail(where, f"a {kind} question needs at least one key fact")
    if kind != "out_of_corpus" and not evidence:
        _fail(where, "an answerable question needs 'evidence' (text the passage holding the answer contains)")
    for name in ("cluster", "note"):
        if name in obj and not isinstance(obj[name], str):
            _fail(where, f"'{name}' must be a string")
    persona = obj.get("persona", "")
    if "persona" in obj and persona not in PERSONAS:
        _fail(where, f"'persona' must be one of {PERSONAS}, got {persona!r}")
    tags = _strings(obj.get("tags", []), where, "tags")
    forbidden = obj.get("forbidden", [])
    if not isinstance(forbidden, list):
        _fail(where, "'forbidden' must be a list of facts, each a list of variants that must not appear")
    forbidden = tuple(_strings(f, where, f"forbidden[{i}]", allow_empty=False) for i, f in enumerate(forbidden))
    return Question(qid.strip(), turns, lang, kind, key_facts, evidence, obj.get("cluster", "").strip(), obj.get("note", ""),
                    persona, tags, forbidden)


def load_questions(path: Path | str = DEFAULT_SET) -> list[Question]:
    """All questions of a JSONL file (blank lines and lines starting with // are skipped)."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: no such question set")
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        q = parse_question(obj, where)
        if q.id in seen:
            _fail(where, f"duplicate id {q.id!r} (first on line {seen[q.id]})")
        seen[q.id] = n
        questions.append(q)
    if not questions:
        raise DatasetError(f"{path}: the question set is empty")
    return questions


def stratified(questions: list[Question], per_kind: dict[str, int]) -> list[Question]:
    """A deterministic subset: ``n`` questions of each kind, half per language, evenly spaced in id order."""
    out = []
    for kind, n in per_kind.items():
        pools = [sorted((q for q in questions if q.kind == kind and q.lang == lang), key=lambda q: q.id) for lang in LANGS]
        want = [min(len(pools[0]), (n + 1) // 2), 0]
        want[1] = min(len(pools[1]), n - want[0])
        want[0] = min(len(pools[0]), n - want[1])
        for pool, k in zip(pools, want):
            out += [pool[i * len(pool) // k] for i in range(k)]
    return out
