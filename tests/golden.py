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


def build_into(out_dir: Path) -> None:
    config = load_config(REPO / "pyproject.toml").config
    build(BuildOptions(replace(config, output_dir=out_dir)))


if __name__ == "__main__":
    build_into(GOLDEN)
    for path in sorted(GOLDEN.iterdir()):
        print(f"golden: {path.relative_to(REPO)}", file=sys.stdout)
