"""How often `feedgen-app check` agrees with the W3C Feed Validation Service on its test suite.

Each case of the suite (github.com/w3c/feedvalidator, `testcases/atom` and `testcases/rss20`)
says in a comment `Expect: Name` (the validator reports message Name) or `Expect: !Name` (it does
not). The message's class in `src/feedvalidator/logging.py` derives from Error, Warning, Info or
Success; so each case answers the question a user asks first: *does this feed have an error?*
`check` agrees on a case when it reports an error exactly when the W3C validator does.

    python -m scripts.w3c_agreement                 # the table, and every difference
    python -m scripts.w3c_agreement --write docs/w3c-agreement.md

The suite is read from $FEEDGEN_W3C_SUITE, else from `../shared/w3c-feedvalidator` beside the
repository; it is never copied into it.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final, Literal

from lxml import etree

from feedgen_app.validate import validate_feed
from feedgen_app.validate.w3c_differences import DIFFERING_CASES

REPO: Final = Path(__file__).resolve().parent.parent
SUITE_FOLDERS: Final = ("atom", "rss20")
_EXPECT: Final = re.compile(r"Expect:\s*(?P<negated>!?)(?P<name>\w+)")
_ROOTS: Final = {"Error": "error", "Warning": "warning", "Info": "info", "Success": "valid"}
_ATOM: Final = "{http://www.w3.org/2005/Atom}"
_ATOM_REQUIRED: Final = tuple(f"{_ATOM}{name}" for name in ("id", "title", "updated"))
# The children the W3C validator reports as missing (MissingElement, MissingTitle, ...: errors),
# as the suite's own cases show (atom/4.1.1/missing-*.xml, atom/4.1.2/missing-*.xml,
# rss20/element-channel-*/invalid_*_no_*.xml).
_RSS_REQUIRED: Final = (
    (".", ("title", "link", "description")),
    ("image", ("url", "title", "link")),
    ("textInput", ("title", "description", "name", "link")),
)

Severity = Literal["error", "warning", "info", "valid"]


def suite_folder() -> Path:
    """Where the suite is: $FEEDGEN_W3C_SUITE, else `../shared/w3c-feedvalidator`."""
    configured = os.environ.get("FEEDGEN_W3C_SUITE")
    if configured:
        return Path(configured)
    return REPO.parent / "shared" / "w3c-feedvalidator"


def message_severities(logging_py: Path) -> dict[str, Severity]:
    """Every message class of the W3C validator and its severity, from its class hierarchy."""
    tree = ast.parse(logging_py.read_text(encoding="utf-8"))
    bases = {
        node.name: [base.id for base in node.bases if isinstance(base, ast.Name)]
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }

    def severity(name: str, seen: frozenset[str] = frozenset()) -> Severity | None:
        if name in _ROOTS:
            root: Severity = _ROOTS[name]  # type: ignore[assignment]
            return root
        for base in bases.get(name, []):
            found = severity(base, seen | {name}) if base not in seen else None
            if found is not None:
                return found
        return None

    return {name: found for name in bases if (found := severity(name)) is not None}


@dataclass(frozen=True)
class Case:
    """One test case: its path in the suite, and what the W3C validator says about it."""

    path: str
    """Relative to `testcases/`, e.g. "rss20/element-channel/duplicate_title.xml"."""
    expectation: str
    """As written after `Expect:`, without parameters: "DuplicateElement", "!Error"."""
    expected_error: bool
    """True if the expected message is an error."""
    fragment: bool
    """True if the feed lacks an element the W3C validator requires (`is_fragment`)."""

    @property
    def w3c_error(self) -> bool:
        """True if the W3C validator reports an error for this feed: the expected message is an
        error, or the feed is a fragment (unless the case says no error at all, `!Error`)."""
        return self.expected_error or (self.fragment and self.expectation != "!Error")

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]


def read_cases(suite: Path) -> list[Case]:
    """Every case of the Atom and RSS 2.0 folders, in path order."""
    severities = message_severities(suite / "src" / "feedvalidator" / "logging.py")
    cases = []
    for folder in SUITE_FOLDERS:
        for path in sorted((suite / "testcases" / folder).rglob("*.xml")):
            match = _EXPECT.search(path.read_text(encoding="utf-8", errors="replace"))
            if match is None:
                continue
            negated, name = bool(match["negated"]), match["name"]
            expected_error = not negated and severities.get(name) == "error"
            relative = path.relative_to(suite / "testcases").as_posix()
            fragment = is_fragment(path.read_bytes())
            cases.append(Case(relative, f"{match['negated']}{name}", expected_error, fragment))
    return cases


def is_fragment(data: bytes) -> bool:
    """True for a feed that is not well-formed XML or lacks an element the W3C validator
    requires: it reports an error for it, whatever else the case is about.

    Many cases are fragments, such as a <feed> holding one <entry> with one <author>, written to
    test that author; the suite's harness looks only for the expected message, but the validator
    reports the missing <id>, <title> and <updated> too, as errors.
    """
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return True  # not well-formed: the validator reports SAXError (atom/1.2/*.xml)
    if root.tag in {f"{_ATOM}feed", f"{_ATOM}entry"}:
        holders = [root] if root.tag == f"{_ATOM}entry" else [root, *root.iter(f"{_ATOM}entry")]
        return any(holder.find(name) is None for holder in holders for name in _ATOM_REQUIRED)
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        return False
    items = channel.findall("item")
    return any(
        item.find("title") is None and item.find("description") is None for item in items
    ) or any(
        parent.find(name) is None
        for path, names in _RSS_REQUIRED
        for parent in channel.iterfind(path)
        for name in names
    )


@dataclass(frozen=True)
class Outcome:
    """A case and what `check` said about it."""

    case: Case
    rules: tuple[str, ...]
    """The rules `check` reported an error for, in document order."""

    @property
    def our_error(self) -> bool:
        return bool(self.rules)

    @property
    def agrees(self) -> bool:
        return self.our_error == self.case.w3c_error

    @property
    def documented(self) -> bool:
        return self.case.path in DIFFERING_CASES


def run_case(suite: Path, case: Case) -> Outcome:
    """Check one case as `feedgen-app check FILE` does."""
    data = (suite / "testcases" / case.path).read_bytes()
    findings = validate_feed(data)
    errors = [finding.rule for finding in findings if finding.severity == "error"]
    return Outcome(case, tuple(dict.fromkeys(errors)))


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    @cached_property
    def agreeing(self) -> int:
        return sum(outcome.agrees for outcome in self.outcomes)

    @property
    def agreeing_on_expect_alone(self) -> int:
        """Agreement if a fragment counted as clean whenever its Expect: message is no error."""
        return sum(o.our_error == o.case.expected_error for o in self.outcomes)

    @property
    def undocumented(self) -> list[Outcome]:
        """Disagreements that are not deliberate differences."""
        return [o for o in self.outcomes if not o.agrees and not o.documented]

    @property
    def stale(self) -> list[str]:
        """Documented differences on which `check` now agrees (or that are not in the suite)."""
        disagreeing = {o.case.path for o in self.outcomes if not o.agrees}
        return sorted(set(DIFFERING_CASES) - disagreeing)


def measure(suite: Path) -> Report:
    """Run `check` on every case of the suite."""
    return Report(tuple(run_case(suite, case) for case in read_cases(suite)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--write", type=Path, metavar="FILE", help="write the Markdown report")
    args = parser.parse_args(argv)
    suite = suite_folder()
    if not (suite / "testcases").is_dir():
        print(f"w3c_agreement: no test suite at {suite}; set FEEDGEN_W3C_SUITE", file=sys.stderr)
        return 2
    report = measure(suite)
    from scripts.w3c_report import markdown  # noqa: PLC0415 (it imports this module)

    text = markdown(report)
    if args.write is not None:
        args.write.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    for path in report.stale:
        print(f"w3c_agreement: documented difference no longer differs: {path}", file=sys.stderr)
    return 1 if report.undocumented or report.stale else 0


if __name__ == "__main__":
    sys.exit(main())
