"""Run every benchmark in sequence (one at a time, so they do not compete for the CPU).

    uv run python -m bench.run_all            # full sizes (~30 min on 2 cores)
    uv run python -m bench.run_all --quick    # small sizes (~6 min)

Each module's output goes to stdout and to .jobforge/bench/results-<module>.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from bench.common import BENCH_DATA_DIR

MODULES = (
    "updates",
    "db_queries",
    "similar",
    "generation",
    "faults",
    "scaling",
    "digest",
    "bench_reading",
    "bench_documents",
    "hostile_upload",
)
EXTRA_ARGS = {"updates": ["--profile"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", default=list(MODULES))
    parser.add_argument("--timeout-s", type=float, default=1800.0, help="per module")
    args = parser.parse_args()
    BENCH_DATA_DIR.mkdir(parents=True, exist_ok=True)
    for module in args.only:
        cmd = [sys.executable, "-m", f"bench.{module}", *EXTRA_ARGS.get(module, [])]
        if args.quick:
            cmd.append("--quick")
        started = time.monotonic()
        result = subprocess.run(
            cmd, capture_output=True, text=True, timeout=args.timeout_s, check=False
        )
        (BENCH_DATA_DIR / f"results-{module}.md").write_text(result.stdout)
        print(result.stdout, flush=True)
        print(f"[{module}: exit {result.returncode}, {time.monotonic() - started:.0f}s]\n")


if __name__ == "__main__":
    main()
