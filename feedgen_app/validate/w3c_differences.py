"""Where `check` deliberately answers differently from the W3C Feed Validation Service, and why.

`CASES`: the cases of the W3C validator's own test suite (paths under its `testcases/`) on which
`check` and the validator disagree about "does this feed have an error?", grouped by reason;
`scripts/w3c_agreement.py` fails on any other difference, and on a case listed here that no
longer differs. `RULES`: rules whose severity differs from the validator's message for the
same problem. docs/rules.md shows both (`differences_markdown`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

_ALTERNATE: Final = (
    'The entry has neither <content> nor a rel="alternate" link. RFC 4287 §4.1.2: an entry '
    "without content MUST have an alternate link (readers have nothing to show or open); the "
    "W3C validator does not check this."
)
_EXTENSIONS: Final = (
    "`check` does not check the values or the placement of extension elements other than "
    "content:encoded, Dublin Core and atom:link (here creativeCommons:license and "
    "trackback:ping); the W3C validator knows these modules."
)
_PERMALINK: Final = (
    'The guid is a permalink (isPermaLink="true") that is not a URL. The W3C validator '
    "reports InvalidHttpGUID, an error, for such guids (rss20/element-channel-item-guid/"
    "invalid_guid_blank.xml, invalid_guid_value_explicit_isPermalink.xml); these cases test "
    "something else (the isPermaLink value, no InvalidLink), so the measurement counts them as "
    "clean. We agree with the validator, not with the measurement."
)

CASES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        _ALTERNATE: (
            "atom/4.1.2/related-same-rel-type-hreflang.xml",
            "atom/4.2.7.2/link-rel-relative.xml",
            "atom/4.2.7.2/self-vs-alternate.xml",
        ),
        (
            "The <div> is in the Atom namespace (the document declares xmlns:xhtml but writes "
            "<div> without the prefix), so the content is not the XHTML div RFC 4287 §4.1.3.3 "
            "requires; the W3C validator only warns about the prefix."
        ): ("atom/3.1.1.3/xhtml_namespace_prefix.xml",),
        (
            "Ten entries share one id. RFC 4287 §4.1.1 makes entries with one id versions of "
            "one entry, whose updated times SHOULD differ: a SHOULD, so `check` warns "
            "(atom-id-duplicate) and `build` refuses it; the W3C validator calls it an error "
            "when every entry of a feed has the same id."
        ): ("atom/4.1.1/duplicate-entries-all.xml",),
        _EXTENSIONS: (
            "atom/6.1/license-entry-invaliduri.xml",
            "atom/6.1/license-feed-invaliduri.xml",
            "atom/6.1/trackback-ping-outside-entry.xml",
        ),
        _PERMALINK: (
            "rss20/element-channel-item-guid/guid_isPermalink_true.xml",
            "rss20/element-channel-item-guid/guid_value_isPermalink_true2.xml",
        ),
        (
            "A javascript: channel link. The W3C validator only warns (a scheme IANA does not "
            "register); a script URL runs in the reader's page when followed, so `check` "
            "refuses it (feed-unsafe-url)."
        ): ("rss20/element-channel-link/invalid_link2.xml",),
    }
)
DIFFERING_CASES: Final[Mapping[str, str]] = MappingProxyType(
    {path: reason for reason, paths in CASES.items() for path in paths}
)

RULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "feed-unsafe-url": "W3C: a warning for a javascript: link (a scheme IANA does not "
        "register). A link that runs or embeds code in the reader is refused.",
        "rss-link-not-web": "W3C: valid (ftp:, mailto: are registered schemes). Readers open "
        "web links only, so we warn.",
        "atom-updated-before-published": "W3C: nothing; RFC 4287 does not forbid it. Readers "
        "sort such an entry oddly, so we warn.",
        "atom-id-duplicate": "W3C: DuplicateEntries, a warning, or DuplicateIds, an error, when "
        "every entry has the same id. RFC 4287 §4.1.1 says SHOULD, so we warn.",
    }
)


def differences_markdown() -> list[str]:
    """The section of docs/rules.md on the W3C Feed Validation Service."""
    lines = [
        "## Next to the W3C Feed Validation Service",
        "",
        "`check` gives the W3C validator's severity (error, warning) to the same problem;",
        "[w3c-agreement.md](w3c-agreement.md) measures it on the validator's own test cases.",
        "Where a rule's severity differs on purpose:",
        "",
        "| rule | the W3C validator, and why we differ |",
        "|---|---|",
        *(f"| `{rule}` | {note} |" for rule, note in RULES.items()),
        "",
        "Warnings marked *build: error* keep `build` as strict as before: the W3C validator",
        "accepts them in a third party's feed, we never publish them.",
        "",
        "The test cases on which `check` answers *does this feed have an error?* differently:",
        "",
    ]
    for reason, paths in CASES.items():
        lines.append(f"- {reason}")
        lines.extend(f"  - `{path}`" for path in paths)
    return lines
