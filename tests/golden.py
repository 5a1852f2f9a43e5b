"""Regenerate the golden feeds: `make golden` (or `python -m tests.golden`).

Builds the repo's sample items with the repo's own settings into tests/golden/. Review the diff
like code before committing it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from feedgen_app.config import BuildOptions, load_config
from feedgen_app.pipeline import build

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"


def build_into(out_dir: Path, cache_dir: Path | None = None) -> None:
    """Build the sample items with the repo's settings into `out_dir`; tests give a `cache_dir`
    of their own so that a test run never writes into the repository's `.feedgen-cache/`."""
    config = replace(load_config(REPO / "pyproject.toml").config, output_dir=out_dir)
    build(BuildOptions(config if cache_dir is None else replace(config, cache_dir=cache_dir)))


if __name__ == "__main__":
    build_into(GOLDEN)
    for path in sorted(GOLDEN.iterdir()):
        print(f"golden: {path.relative_to(REPO)}", file=sys.stdout)
