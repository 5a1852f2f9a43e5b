"""Making the planned files: each document and page whose inputs changed since the file in
place was made is rendered, checked and staged; the others keep their bytes and findings.

Its imports (rendering, serializing, the checkers: 65 ms) are loaded while a first build's
workers read the files (`rebuild`, `read_all`'s `beside`), not before reading starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen_app.config import SiteConfig
from feedgen_app.errors import BuildFailed, Problem, SourceRef, counted
from feedgen_app.progress import Report
from feedgen_app.stages.discover import FileState
from feedgen_app.stages.outline import Outline
from feedgen_app.stages.publish import Staging
from feedgen_app.stages.render import render_entries
from feedgen_app.stages.write import Kept, prepared
from feedgen_app.stages.write_shares import staged_documents, staged_pages
from feedgen_app.state.manifest import Output
from feedgen_app.templates import Templating

if TYPE_CHECKING:
    from feedgen_app.rebuild import Reads


@dataclass(frozen=True)
class Made:
    keys: dict[str, str]
    """Every planned document's key (`document_key`), by path."""
    written: dict[str, str]
    """The digests of the documents made now (staged where their bytes changed; the others
    are still in place, from an earlier build)."""
    warnings: dict[str, tuple[Problem, ...]]
    """What checking each document found: now (each made now), or when it was made (those
    with any)."""

    def outputs(self, earlier: Mapping[str, Output], out: Path) -> dict[str, Output]:
        """The manifest's record of every planned file, after publishing."""
        outputs = {}
        for rel, key in self.keys.items():
            if rel in self.written:
                state = FileState.of((out / rel).stat())
                outputs[rel] = Output(self.written[rel], state, key, self.warnings[rel])
            else:
                outputs[rel] = earlier[rel]
        return outputs


def make_outputs(
    outline: Outline,
    reads: Reads,
    earlier: Mapping[str, Output],
    config: SiteConfig,
    *,
    held: Callable[[str], bool],
    templating: Templating,
    staging: Staging,
    now: datetime,
    progress: Report,
) -> Made:
    """Render and check the documents (and make the pages) whose inputs changed since the file
    in place was made, or that are no longer the file it made (`held`: `StillHeld`); the others
    keep their bytes and their findings (rendering's included). Where articles can link to each
    other, every article's URL is among their inputs."""
    links = templating.links_key()
    keys = {path: key + links for path, key in outline.keys.items()}
    out = config.output_dir

    last = earlier.get  # in one comprehension: a family has 35,000 files
    stale = {p for p, key in keys.items() if (old := last(p)) is None or old.key != key}
    stale.update(p for p in keys.keys() - stale if not held(p))
    todo, pages = outline.planned(stale)
    rendering = render_entries(
        [*todo, *pages],
        reads.source,
        reads.digest,
        config,
        progress,
        templating=templating,
        published=outline.published,
        formats={doc.format for doc in todo},
    )
    # Each entry's HTML lives only until its fragments are made (`stages.write`).
    page_rels = {found.rel for page in pages for found, _ in page.members}
    warnings = {rel: old.warnings for rel, old in earlier.items() if old.warnings and rel in keys}
    written_now: dict[str, str] = {}
    errors: list[Problem] = []

    def source(rel: str) -> SourceRef:  # looked up when a finding is inside the entry
        return reads.store.record(rel).source

    with Kept.spooled(page_rels, config.cache_dir) as kept:
        entries = kept.entries(rendering)
        live = len(outline.published)
        with prepared(todo, entries, config, now, progress, sources=source, live=live) as parts:
            for doc, digest, found in staged_documents(parts, todo, staging, out):
                errors += [problem for problem in found if problem.severity == "error"]
                notes = (note for m, _ in doc.members for note in kept.notes.get(m.rel, ()))
                warnings[doc.path] = (*notes, *(p for p in found if p.severity != "error"))
                written_now[doc.path] = digest
        if errors:
            raise BuildFailed(errors)
        if pages:
            from feedgen_app.formats.pages import write_page  # noqa: PLC0415

            progress(f"writing {counted(len(pages), 'page')}")
            page_bytes = partial(write_page, entries=kept.listed)
            for page, digest in staged_pages(pages, page_bytes, staging, out):
                written_now[page.path] = digest
                warnings[page.path] = ()
    return Made(keys, written_now, warnings)
