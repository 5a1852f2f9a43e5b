"""Checking what is about to be published with `check`'s own rules, each document by the checker
of its format: errors refuse the build, warnings are returned. A finding inside an entry is
reported at the article file that made it. The build holds its own output to more than `check`
holds a third party's feed: warnings of rules marked `build_error` refuse it too.

A family build carries each article in a dozen documents, so a document made of fragments
(`formats.parts`) is checked by its parts: each entry's fragment once per format, in the shell
of a document of that format (`DocumentCheck.clean`), and each document's shell without its
entries (`DocumentCheck.of_parts`). An entry that adds no finding to a shell adds none to a
document either: the rules look at one entry at a time, or compare entries' ids (a document
whose ids repeat is checked whole). A document is checked whole when one of its entries adds a
finding, or when its shell has one after the entries (lines there move with the entries): its
findings are then exactly the whole document's, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem, SourceRef
from feedgen_app.formats import FORMATS
from feedgen_app.formats.parts import Shell
from feedgen_app.stages.plan import Document
from feedgen_app.validate import Finding, as_build_sees_it


class Carrier(Protocol):
    """What the check needs of an article a document carries (an `Article` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> SourceRef: ...
    @property
    def updated(self) -> datetime: ...


class DocumentCheck:
    """`check`'s rules, as the build applies them (`as_build_sees_it`), on one document at a time
    just before it is staged; `articles`: every article a document to check carries."""

    def __init__(self, articles: Iterable[Carrier], config: SiteConfig, now: datetime) -> None:
        self.carried = list(articles)
        self.by_id: dict[str, Carrier] | None = None
        """Made at the first finding inside an entry: a clean build never needs it (at 100,000
        articles it would hold 100,000 ids)."""
        # Future dates are only news if nobody asked for them (--future publishes them).
        self.now = max([now, *(article.updated for article in self.carried)])
        self.out = config.output_dir

    def __call__(self, doc: Document, data: bytes) -> list[Problem]:
        """Every finding of `doc`, errors and warnings."""
        return self.problems(doc, self._findings(doc, data))

    def of_parts(self, doc: Document, shell: Shell, size: int) -> list[Finding] | None:
        """Every finding of `doc`, whose entries are `clean` and have distinct ids, from its
        `shell` (the whole is `size` bytes); None if the shell has a finding after the entries.
        Findings, not yet `problems`: a forked process that assembles documents
        (`stages.write_shares`) sends them back to this one, which knows the articles' files."""
        found = self._findings(doc, shell.head + shell.tail, size)
        head = shell.head.count(b"\n")
        if any(finding.line > head for finding in found):
            return None
        return found

    def clean(self, doc: Document, shell: Shell, fragments: Sequence[bytes]) -> list[bool]:
        """For each fragment, whether it adds no finding to `shell` (`doc`'s): all of them in
        one document first, one by one only if together they add some."""
        skeleton = shell.head + shell.tail
        alone = self._findings(doc, skeleton, len(skeleton))

        def adds_nothing(part: Sequence[bytes]) -> bool:
            data = shell.document(part)
            moved = data.count(b"\n") - skeleton.count(b"\n")
            head = shell.head.count(b"\n")
            expected = [replace(f, line=f.line + moved) if f.line > head else f for f in alone]
            return self._findings(doc, data, len(skeleton)) == expected

        if not fragments or adds_nothing(fragments):
            return [True] * len(fragments)
        return [adds_nothing([fragment]) for fragment in fragments]

    def _findings(self, doc: Document, data: bytes, size: int | None = None) -> list[Finding]:
        check = FORMATS[doc.format].checker()
        return as_build_sees_it(check(data, self_url=doc.url, now=self.now, size=size))

    def _source(self, entry_id: str, default: SourceRef) -> SourceRef:
        """Where the article with `entry_id` was read from (the last one carried with it)."""
        if not entry_id:
            return default
        if self.by_id is None:
            self.by_id = {article.id: article for article in self.carried}
        found = self.by_id.get(entry_id)
        return default if found is None else found.source

    def problems(self, doc: Document, findings: Iterable[Finding]) -> list[Problem]:
        """`findings` in `doc` as the build reports them: at the article file an entry's is in."""
        found = []
        for finding in findings:
            where = SourceRef(str(self.out / doc.path), finding.line)
            where = self._source(finding.entry_id or "", where)
            message = f"in {doc.path}: {finding.message} [{finding.rule}]"
            found.append(Problem(where, message, finding.severity))
        return found
