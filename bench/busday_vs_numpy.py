#!/usr/bin/env python3
"""motcua's add_working_days against numpy.busday_offset, on the same 1,000,000 queries.

Usually run through bench/busday_vs_numpy.sh, which provides numpy and builds the Rust
example `busday` (core/examples/busday.rs). Directly:

    python3 bench/busday_vs_numpy.py --busday target/release/examples/busday

Both sides use Calendar::vietnam(): numpy gets weekmask "1111111" and, as holidays, every
non-working date 1900-01-01..=2199-12-31 that `busday holidays` prints (weekends
included; a weekly mask cannot express make-up Saturdays). With roll="backward" numpy's
semantics equal ours: a non-working start rolls back to the previous working day, then n
working days forward, i.e. the n-th working day strictly after the start.

Only the query loop is timed on each side (the Rust loop of add_working_days calls, the
single busday_offset call), best of 3 runs each. Exits 1 if any answer differs.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

TARGET_RATIO = 20.0


def default_busday():
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "target"
    )
    return os.path.join(target, "release", "examples", "busday")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--busday", default=default_busday(), help="the built Rust example")
    p.add_argument("--queries", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--runs", type=int, default=3, help="timed runs per side (best kept)")
    p.add_argument("--workdir", help="keep the query/answer files here (default: a temp dir)")
    args = p.parse_args()

    if not os.access(args.busday, os.X_OK):
        sys.exit(f"{args.busday}: not found; build it with "
                 "cargo build --release -p motcua-core --example busday")

    # The queries: start dates 1990-01-01..=2100-12-31, n in 1..=60, seeded.
    rng = np.random.default_rng(args.seed)
    lo = np.datetime64("1990-01-01", "D").astype(np.int64)
    hi = np.datetime64("2100-12-31", "D").astype(np.int64)
    starts = rng.integers(lo, hi, size=args.queries, endpoint=True, dtype=np.int64)
    ns = rng.integers(1, 60, size=args.queries, endpoint=True, dtype=np.int64)

    # numpy's calendar: every date is a weekday, the non-working ones are holidays.
    listing = subprocess.run([args.busday, "holidays"], check=True, capture_output=True,
                             text=True).stdout.split()
    holidays = np.array(listing, dtype="datetime64[D]")
    cal = np.busdaycalendar(weekmask="1111111", holidays=holidays)
    print(f"numpy {np.__version__}: {len(holidays)} non-working dates 1900-2199 as holidays")

    # A few known answers, so that a wrong calendar is caught before timing anything.
    def offset(d, n):
        return str(np.busday_offset(np.datetime64(d), n, roll="backward", busdaycal=cal))
    checks = [
        ("2026-11-20", 5, "2026-11-30"),  # Fri; Tue 24/11 is Ngày Văn hóa Việt Nam
        ("2026-11-21", 1, "2026-11-23"),  # Saturday rolls back to Friday, then +1
        ("2026-08-21", 1, "2026-08-22"),  # make-up Saturday is a working day
    ]
    for d, n, want in checks:
        got = offset(d, n)
        if got != want:
            sys.exit(f"numpy calendar check failed: {d} + {n} gave {got}, expected {want}")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or tmp
        os.makedirs(workdir, exist_ok=True)
        qpath = os.path.join(workdir, "queries.bin")
        apath = os.path.join(workdir, "answers.bin")
        np.column_stack([starts, ns]).astype("<i8").tofile(qpath)

        # Rust: one process, the query loop timed `runs` times inside it.
        out = subprocess.run([args.busday, "run", qpath, apath, str(args.runs)], check=True,
                             capture_output=True, text=True).stdout
        sys.stdout.write(out)
        m = re.search(r"^ns_per_query=([0-9.]+)$", out, re.M)
        if not m:
            sys.exit("could not read ns_per_query from the busday output")
        rust_ns = float(m.group(1))
        rust = np.fromfile(apath, dtype="<i8")

    # numpy: only the busday_offset call is timed.
    start_dates = starts.astype("datetime64[D]")
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = np.busday_offset(start_dates, ns, roll="backward", busdaycal=cal)
        times.append(time.perf_counter() - t0)
    numpy_ns = min(times) * 1e9 / args.queries
    print("numpy busday_offset best of {}: {:.2f} ns/query (runs: {} ns/query)".format(
        args.runs, numpy_ns, ", ".join(f"{t * 1e9 / args.queries:.2f}" for t in times)))

    theirs = result.astype(np.int64)
    if rust.shape != theirs.shape:
        print(f"MISMATCH: motcua gave {rust.shape[0]} answers for {args.queries} queries")
        return 1
    bad = np.flatnonzero(rust != theirs)
    if bad.size:
        print(f"MISMATCH: {bad.size} of {args.queries} answers differ; first ones:")
        for k in bad[:10]:
            print("  query {}: start {} n {}: motcua {}, numpy {}".format(
                k, np.datetime64(int(starts[k]), "D"), ns[k],
                np.datetime64(int(rust[k]), "D"), np.datetime64(int(theirs[k]), "D")))
        return 1
    print(f"all {args.queries} answers identical")

    ratio = numpy_ns / rust_ns if rust_ns > 0 else float("inf")
    verdict = "meets" if ratio >= TARGET_RATIO else "DOES NOT meet"
    print(f"motcua {rust_ns:.1f} ns/query, numpy {numpy_ns:.1f} ns/query, "
          f"ratio {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
