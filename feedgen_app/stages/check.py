"""Checking what is about to be published with `check`'s own rules, each document by the checker
of its format: errors refuse the build, warnings are returned. A finding inside an entry is
reported at the article file that made it. The build holds its own output to more than `check`
holds a third party's feed: warnings of rules marked `build_error` refuse it too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from feedgen_app.config import SiteConfig
from feedgen_app.errors import BuildFailed, Problem, SourceRef
from feedgen_app.formats import FORMATS
from feedgen_app.model import Entry
from feedgen_app.stages.plan import Document
from feedgen_app.validate import as_build_sees_it


def check_documents(
    documents: Sequence[Document],
    written: Mapping[str, bytes],
    entries: Mapping[str, Entry],
    config: SiteConfig,
    now: datetime,
) -> dict[str, tuple[Problem, ...]]:
    """The warnings of each document, by path; raises BuildFailed with every error."""
    sources = {entry.article.id: entry.article.source for entry in entries.values()}
    # Future dates are only news if nobody asked for them (--future publishes them on purpose).
    now = max([now, *(entry.article.updated for entry in entries.values())])
    errors: list[Problem] = []
    warnings: dict[str, tuple[Problem, ...]] = {}
    for doc in documents:
        path = config.output_dir / doc.path
        check = FORMATS[doc.format].checker()
        found = []
        for finding in as_build_sees_it(check(written[doc.path], self_url=doc.url, now=now)):
            where = sources.get(finding.entry_id or "", SourceRef(str(path), finding.line))
            message = f"in {doc.path}: {finding.message} [{finding.rule}]"
            found.append(Problem(where, message, finding.severity))
        errors += [problem for problem in found if problem.severity == "error"]
        warnings[doc.path] = tuple(problem for problem in found if problem.severity != "error")
    if errors:
        raise BuildFailed(errors)
    return warnings
