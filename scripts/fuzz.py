"""Run the property-based tests of ``tests/test_fuzz.py`` with many random examples.

    python scripts/fuzz.py --examples 5000

Each property gets ``--examples`` random (not derandomised) examples; a failure prints the smallest digest,
phrasing or bytes that break it. Exit code is pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run pytest on the fuzz tests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per property (default 5000)")
    parser.add_argument("-k", dest="select", default=None, help="only the properties matching this pytest -k")
    args = parser.parse_args(argv)
    env = {**os.environ, "POLICYGRAPH_FUZZ_EXAMPLES": str(args.examples), "POLICYGRAPH_FUZZ_RANDOM": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
               str(REPO / "tests" / "test_fuzz.py")]
    if args.select:
        command += ["-k", args.select]
    return subprocess.call(command, cwd=REPO, env=env)


if __name__ == "__main__":
    sys.exit(main())
