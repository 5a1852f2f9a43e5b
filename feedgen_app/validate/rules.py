"""Every rule the validator can report: its severity, what it checks, and where that comes from.

Rule ids are stable. `docs/rules.md` is `rules_markdown()`; tests/test_check.py fails when it is
out of date and says how to regenerate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Final

from .rule import PRACTICE, Rule, Severity
from .rule import error as _error
from .rule import warning as _warning
from .rules_rss import RDF_RULES, RSS_RULES
from .w3c_differences import differences_markdown

JSON_FEED: Final = "JSON Feed 1.1"
JSON_ITEMS: Final = f"{JSON_FEED}: Items"

_XML_RULES: Final = {
    "xml-not-well-formed": _error("The document is well-formed XML.", "XML 1.0 §2.1"),
    "xml-limit": _error(
        "Elements nest at most 256 deep, no text is over 10 MB, entities do not explode.",
        "libxml2 limits",
    ),
    "xml-encoding-missing": _error(
        "Without an encoding declaration or byte-order mark the bytes are UTF-8.", "XML 1.0 §4.3.3"
    ),
    "xml-encoding-mismatch": _error(
        "The bytes are valid in the encoding the declaration and byte-order mark name.",
        "XML 1.0 §4.3.3, App. F",
    ),
    "xml-encoding-unknown": _error(
        "The encoding declaration names an encoding that exists.", "XML 1.0 §4.3.3"
    ),
    "xml-encoding-suspect": _warning(
        "A single-byte encoding is not declared for bytes that are UTF-8.", "XML 1.0 §4.3.3"
    ),
    "xml-forbidden-character": _error(
        "No characters XML 1.0 forbids (control characters), raw or as &#...; references.",
        "XML 1.0 §2.2",
    ),
}
_FEED_RULES: Final = {
    "feed-unknown-format": _error(
        "The root element is an Atom <feed> or <entry>, an RSS <rss> or an RSS 1.0 <rdf:RDF>.",
        "RFC 4287 §4.1.1; RSS 2.0; RSS 1.0",
    ),
    "feed-too-large": _warning("The document is at most 1 MB.", PRACTICE),
    "feed-relative-url": _warning(
        "URLs in metadata and content are absolute, or an xml:base is in scope.",
        "RFC 4287 §2; RSS Profile: description",
    ),
    "feed-date-future": _warning("No date is later than the time of the check.", PRACTICE),
    "feed-date-before-1990": _warning("No date is before 1990.", PRACTICE),
    "content-script": _warning("No <script> in HTML content.", "RFC 4287 §8.1"),
    "content-iframe": _warning("No <iframe> in HTML content.", "RFC 4287 §8.1"),
    "content-event-handler": _warning(
        "No event-handler attributes (onclick, onload, ...) in HTML content.", "RFC 4287 §8.1"
    ),
    "content-javascript-url": _warning("No javascript: URLs in HTML content.", "RFC 4287 §8.1"),
    "feed-unsafe-url": _error(
        "No javascript:, vbscript: or data: URL in a feed, entry or author link.",
        "RFC 4287 §8.1; RSS Profile",
    ),
}
_ATOM_RULES: Final = {
    "atom-root": _error(
        "An Atom document's root is <feed> or <entry> in the Atom namespace.", "§4.1.1, §4.1.2"
    ),
    "atom-schema": _error("The document matches the RELAX NG schema.", "RFC 4287 App. B"),
    "atom-author-missing": _error("Each entry has an <author>, or the feed has one.", "§4.1.1"),
    "atom-link-alternate-duplicate": _error(
        "At most one rel=alternate link per type and hreflang in a feed or entry.",
        "§4.1.1, §4.1.2",
    ),
    "atom-date-format": _error(
        "<updated> and <published> are RFC 3339 date-times with a zone.", "§3.3"
    ),
    "atom-id-not-absolute": _error("Every <id> is an absolute IRI.", "§4.2.6"),
    "atom-id-duplicate": _warning(
        "No two entries of a feed share an <id> (RFC 4287 makes them versions of one entry).",
        "§4.1.1, §4.2.6",
        build_error=True,
    ),
    "atom-value-whitespace": _error(
        "Ids, dates, icon, logo, uri and email hold their value without white space around it.",
        "§3.2.2, §3.3, §4.2.6",
    ),
    "atom-iri-invalid": _error(
        "Link href, content src, generator uri, icon, logo, uri and xml:base are IRI "
        "references; category scheme is an absolute IRI.",
        "§3.2.2, §4.2, RFC 3987",
    ),
    "atom-email-invalid": _error(
        "<email> is an e-mail address alone (RFC 2822 addr-spec).", "§3.2.3"
    ),
    "atom-link-length": _error("A link's length is a number of bytes.", "§4.2.7.6"),
    "atom-content-type": _error(
        "Content is not of a composite media type (multipart/*, message/*).", "§4.1.3.1"
    ),
    "atom-content-body": _error(
        "Text and HTML content hold text only, XML content one element, other media types Base64.",
        "§4.1.3.3",
    ),
    "atom-summary-missing": _error(
        "An entry whose content has a src or is Base64 has a <summary>.", "§4.1.2"
    ),
    "atom-entry-alternate-missing": _error(
        "An entry without <content> has a rel=alternate link.", "§4.1.2"
    ),
    "atom-xhtml-not-div": _error(
        'type="xhtml" content and text are a single XHTML <div>.', "§3.1.1.3, §4.1.3.3"
    ),
    "atom-updated-before-published": _warning(
        "An entry's <updated> is not earlier than its <published>.",
        "§4.2.14, §4.2.15",
        build_error=True,
    ),
    "atom-xhtml-foreign": _warning(
        "Inline XHTML holds XHTML elements only (not SVG, MathML or unknown namespaces).",
        "§3.1.1.3",
        build_error=True,
    ),
    "atom-lang-empty": _warning(
        'No xml:lang="" (language unknown).', "XML 1.0 §2.12", build_error=True
    ),
    "atom-self-link-missing": _warning('The feed has a <link rel="self" href=...>.', "§4.1.1"),
    "atom-self-link-mismatch": _warning(
        "The self link is the URL the feed is served at.", "§4.2.7.2"
    ),
    "atom-alternate-link-is-self": _warning(
        "The feed's alternate link points at the site, not at the feed itself.", "§4.2.7.2"
    ),
    "atom-entry-content-missing": _warning("Every entry has <content> or <summary>.", PRACTICE),
}

_JSON_RULES: Final = {
    "json-encoding": _error(
        "A JSON document is UTF-8, and no \\u escape is half of a surrogate pair.",
        "RFC 8259 §8.1, §8.2",
    ),
    "json-syntax": _error("The document is well-formed JSON (no NaN or Infinity).", "RFC 8259"),
    "json-not-object": _error("A JSON Feed is a JSON object.", f"{JSON_FEED}: Top-level"),
    "json-version": _error(
        "version is the URL of a JSON Feed version: https://jsonfeed.org/version/1.1.",
        f"{JSON_FEED}: Top-level",
    ),
    "json-version-outdated": _warning(
        "The feed is JSON Feed 1.1, not 1.0 (which has no authors or language).",
        f"{JSON_FEED}: Deprecations",
    ),
    "json-required": _error(
        "The feed has title and items; an attachment has url and mime_type; a hub type and url.",
        f"{JSON_FEED}: Top-level, Items, Attachments",
    ),
    "json-type": _error(
        "Each field the spec defines has its type: a string, an array of strings or of "
        "objects, a boolean, a number.",
        JSON_FEED,
    ),
    "json-item-id": _error("Every item has an id: a string that is not blank.", JSON_ITEMS),
    "json-item-id-duplicate": _error("No two items of a feed share an id.", JSON_ITEMS),
    "json-item-content-missing": _error("Every item has content_html or content_text.", JSON_ITEMS),
    "json-author-empty": _error(
        "An author object has at least one of name, url and avatar.", f"{JSON_FEED}: Top-level"
    ),
    "json-date-format": _error(
        "date_published and date_modified are RFC 3339 date-times with a zone.", JSON_ITEMS
    ),
    "json-language": _error(
        "language is an RFC 5646 language tag, like en or en-US.", f"{JSON_FEED}: Top-level"
    ),
    "json-updated-before-published": _warning(
        "An item's date_modified is not earlier than its date_published.", PRACTICE
    ),
    "json-url-not-absolute": _error(
        "Every URL is absolute: a JSON Feed has no base to resolve relative URLs against.",
        JSON_FEED,
    ),
    "json-url-not-http": _warning(
        "URLs are http(s) URLs (an author's url may be mailto:); no javascript: or data:.",
        PRACTICE,
    ),
    "json-feed-url-missing": _warning(
        "The feed has a feed_url: the URL it is served at.", f"{JSON_FEED}: Top-level"
    ),
    "json-feed-url-mismatch": _warning(
        "feed_url is the URL the feed is served at.", f"{JSON_FEED}: Top-level"
    ),
    "json-home-page-url-missing": _warning(
        "The feed has a home_page_url: the site it describes.", f"{JSON_FEED}: Top-level"
    ),
    "json-next-url-is-feed-url": _error(
        "next_url is not the feed's own feed_url.", f"{JSON_FEED}: Top-level"
    ),
    "json-unknown-key": _warning(
        "Keys the spec does not define are extensions: _ then a letter, no dot.",
        f"{JSON_FEED}: Extensions",
    ),
}


def _with_rfc(rules: dict[str, Rule]) -> dict[str, Rule]:
    """Atom rules' spec sections are RFC 4287's unless they name another document."""
    return {
        rule_id: replace(rule, spec=f"RFC 4287 {rule.spec}") if rule.spec.startswith("§") else rule
        for rule_id, rule in rules.items()
    }


RULES: Final[Mapping[str, Rule]] = MappingProxyType(
    {
        **_XML_RULES,
        **_FEED_RULES,
        **_with_rfc(_ATOM_RULES),
        **RSS_RULES,
        **RDF_RULES,
        **_JSON_RULES,
    }
)


def severity_of(rule_id: str) -> Severity:
    """The severity findings of `rule_id` are reported with."""
    return RULES[rule_id].severity


def rules_markdown() -> str:
    """docs/rules.md: every rule in one table."""
    lines = [
        "# Rules of `feedgen-app check`",
        "",
        "Generated from `feedgen_app/validate/rules.py` (`rules_markdown()`); do not edit by",
        "hand. `feedgen-app check --list-rules` prints the same list.",
        "An error breaks the spec and fails `check` and `build`; a warning is allowed by the",
        "spec but punished by readers and aggregators, and fails `check --strict`.",
        "",
        "A warning marked *build: error* fails `build` all the same: what we publish is held",
        "to more than the spec asks of a third party's feed.",
        "",
        "| rule | severity | what a feed must do | from |",
        "|---|---|---|---|",
    ]
    for rule_id, rule in RULES.items():
        summary, spec = (
            text.replace("|", "\\|").replace("<", "&lt;") for text in (rule.summary, rule.spec)
        )
        severity = f"{rule.severity} (build: error)" if rule.build_error else rule.severity
        lines.append(f"| `{rule_id}` | {severity} | {summary} | {spec} |")
    return "\n".join([*lines, "", *differences_markdown()]) + "\n"
