#!/usr/bin/env bash
# motcua's add_working_days against numpy.busday_offset on 1,000,000 identical queries.
#
#   bench/busday_vs_numpy.sh [extra arguments for busday_vs_numpy.py, e.g. --seed 7]
#
# Uses the system python3 when it has numpy, otherwise a venv in target/bench-venv
# (created once, numpy from PyPI; BENCH_VENV overrides the place). Builds the Rust example
# into $CARGO_TARGET_DIR (default: the workspace's target/). Exits non-zero when the
# answers differ; whether the speed-up reaches 20x is printed, not enforced.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
venv="${BENCH_VENV:-$root/target/bench-venv}"

python=python3
if ! "$python" -c 'import numpy' 2>/dev/null; then
  if ! "$venv/bin/python" -c 'import numpy' 2>/dev/null; then
    echo "==> numpy not found: installing it into $venv (once)"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet numpy
  fi
  python="$venv/bin/python"
fi

echo "==> Building the busday example (release)"
cargo build --release -p motcua-core --example busday

echo "==> Comparing with numpy.busday_offset"
exec "$python" bench/busday_vs_numpy.py --busday "$target_dir/release/examples/busday" "$@"
