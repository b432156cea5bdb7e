"""The dtype chosen for the in-process model follows what the CPU computes natively."""

from __future__ import annotations

import platform
import sys

import pytest

from imagine import cpu


@pytest.mark.parametrize("flags, want", [({"avx2", "fma"}, "float32"), ({"avx2", "avx512f", "avx512_bf16"}, "bfloat16"),
                                         ({"amx_bf16", "amx_tile"}, "bfloat16"), (set(), "float32")])
def test_auto_is_bfloat16_only_where_native(monkeypatch, flags, want):
    monkeypatch.setattr(cpu, "_cpuinfo", lambda: ("Some CPU", frozenset(flags)))
    assert cpu.embedding_dtype("auto") == want
    assert cpu.embedding_dtype("float32") == "float32" and cpu.embedding_dtype("bfloat16") == "bfloat16"  # a setting is kept


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.machine() != "x86_64", reason="reads /proc/cpuinfo of x86-64")
def test_this_machine_is_read():
    name, flags = cpu._cpuinfo()
    assert name and {"sse2"} <= flags  # every x86-64 CPU has SSE2
    assert cpu.native_bf16() == bool(flags & cpu.BF16_FLAGS)
