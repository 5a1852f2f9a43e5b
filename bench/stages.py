"""CPU time per build stage, without a profiler's overhead: each stage function is wrapped in
a timer in the module that calls it (`hotspots.py --stages`).

Nested stages are indented under the stage that calls them; their time is part of their
parent's. A name the package no longer has is reported as missing, not timed.
"""

from __future__ import annotations

import functools
import importlib
import time
from collections.abc import Callable
from typing import Any

STAGES: tuple[tuple[int, str, str], ...] = (
    (0, "feedgen_app.pipeline", "walk"),
    (0, "feedgen_app.pipeline", "load_manifest"),
    (0, "feedgen_app.pipeline", "walk_digest"),
    (0, "feedgen_app.pipeline", "fingerprint"),
    (0, "feedgen_app.pipeline", "remember"),
    (0, "feedgen_app.rebuild", "read_articles"),
    (1, "feedgen_app.rebuild", "open_store"),
    (1, "feedgen_app.rebuild", "read_all"),
    (2, "feedgen_app.state.article_store", "ArticleStore.snapshot"),
    (2, "feedgen_app.stages.read", "differences"),
    (2, "feedgen_app.stages.read_files", "read_bytes"),
    (2, "feedgen_app.stages.read_files", "chrome_edges"),
    (2, "feedgen_app.stages.read_files", "digest"),
    (2, "feedgen_app.stages.read_files", "parse_article"),
    (2, "feedgen_app.stages.read_files", "decide"),
    (2, "feedgen_app.stages.read_files", "make_row"),
    (2, "feedgen_app.state.article_store", "ArticleStore.put"),
    (2, "feedgen_app.state.article_store", "ArticleStore.drop"),
    (2, "feedgen_app.state.article_store", "ArticleStore.remember"),
    (2, "feedgen_app.state.article_store", "ArticleStore.index"),
    (0, "feedgen_app.rebuild", "assemble"),
    (1, "feedgen_app.state.article_store", "ArticleStore.undecided"),
    (1, "feedgen_app.state.article_store", "ArticleStore.sharing"),
    (1, "feedgen_app.state.article_store", "ArticleStore.notes"),
    (1, "feedgen_app.state.article_store", "ArticleStore.counts"),
    (0, "feedgen_app.state.article_store", "ArticleStore.save"),
    (0, "feedgen_app.rebuild", "templating_for"),
    (0, "feedgen_app.stages.outline", "outline"),
    (1, "feedgen_app.state.article_store", "ArticleStore.placements"),
    (1, "feedgen_app.stages.outline", "load_kept_plan"),
    (1, "feedgen_app.stages.outline", "replanned"),
    (2, "feedgen_app.stages.replan", "replanned_few"),
    (2, "feedgen_app.stages.replan", "plan"),
    (1, "feedgen_app.stages.outline", "keyed"),
    (1, "feedgen_app.stages.assemble", "Publishing.chosen"),
    (1, "feedgen_app.stages.outline", "plan"),
    (1, "feedgen_app.stages.outline", "document_key"),
    (1, "feedgen_app.stages.outline", "page_key"),
    (0, "feedgen_app.stages.outputs", "make_outputs"),
    (1, "feedgen_app.stages.render", "render_content"),
    (1, "feedgen_app.stages.write", "fragments"),
    (1, "feedgen_app.stages.write", "checked_entries"),
    (2, "feedgen_app.stages.check", "DocumentCheck.clean"),
    (1, "feedgen_app.stages.write", "Parts.assembled"),
    (2, "feedgen_app.stages.write", "shell"),
    (2, "feedgen_app.stages.check", "DocumentCheck.of_parts"),
    (2, "feedgen_app.stages.check", "DocumentCheck.__call__"),
    (1, "feedgen_app.formats.pages", "write_page"),
    (1, "feedgen_app.stages.outputs", "staged"),
    (0, "feedgen_app.rebuild", "publish"),
    (0, "feedgen_app.stages.outline", "keep_plan"),
)

spent: dict[str, list[float]] = {}
"""Stage name: [CPU seconds, calls]."""


def _timer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    totals = spent.setdefault(name, [0.0, 0])

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[0] += time.process_time() - started
            totals[1] += 1

    return timed


def install() -> list[str]:
    """Wrap every stage; the names that were not found."""
    missing = []
    for _, module_name, name in STAGES:
        owner: Any = importlib.import_module(module_name)
        *classes, attribute = name.split(".")
        for class_name in classes:
            owner = getattr(owner, class_name, None)
        if owner is None or not hasattr(owner, attribute):
            missing.append(f"{module_name}.{name}")
            continue
        setattr(owner, attribute, _timer(name, getattr(owner, attribute)))
    return missing


def report(total: float) -> None:
    """Print each stage's CPU seconds, calls and share of `total`."""
    print("| stage | CPU s | calls | share |\n|---|---:|---:|---:|")
    for depth, _, name in STAGES:
        seconds, calls = spent.get(name, [0.0, 0])
        if calls:
            label = "&nbsp;&nbsp;" * 2 * depth + name
            print(f"| {label} | {seconds:.3f} | {calls:,} | {seconds / total:.0%} |")
    print(f"| whole process (start-up and imports included) | {total:.3f} | | 100% |")
