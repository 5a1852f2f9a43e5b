"""Checking what is about to be published with `check`'s own rules, each document by the checker
of its format: errors refuse the build, warnings are returned. A finding inside an entry is
reported at the article file that made it. The build holds its own output to more than `check`
holds a third party's feed: warnings of rules marked `build_error` refuse it too."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem, SourceRef
from feedgen_app.formats import FORMATS
from feedgen_app.model import Entry
from feedgen_app.stages.plan import Document
from feedgen_app.validate import as_build_sees_it


class DocumentCheck:
    """`check`'s rules, as the build applies them (`as_build_sees_it`), on one document at a time
    just before it is staged."""

    def __init__(self, entries: Mapping[str, Entry], config: SiteConfig, now: datetime) -> None:
        self.sources = {entry.article.id: entry.article.source for entry in entries.values()}
        # Future dates are only news if nobody asked for them (--future publishes them).
        self.now = max([now, *(entry.article.updated for entry in entries.values())])
        self.out = config.output_dir

    def __call__(self, doc: Document, data: bytes) -> list[Problem]:
        """Every finding of `doc`, errors and warnings."""
        check = FORMATS[doc.format].checker()
        found = []
        for finding in as_build_sees_it(check(data, self_url=doc.url, now=self.now)):
            where = SourceRef(str(self.out / doc.path), finding.line)
            where = self.sources.get(finding.entry_id or "", where)
            message = f"in {doc.path}: {finding.message} [{finding.rule}]"
            found.append(Problem(where, message, finding.severity))
        return found
