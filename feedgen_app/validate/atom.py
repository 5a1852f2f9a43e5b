"""Atom 1.0 checks: the RFC 4287 schema, plus the rules the schema cannot express."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .atom_content import content_findings
from .atom_entries import entry_findings, is_alternate, xhtml_div_findings, xhtml_foreign_findings
from .atom_schema import atom_schema_findings
from .atom_values import value_findings
from .content import atom_markup, relative_url_findings, unsafe_markup_findings
from .context import Context
from .dates import read_rfc3339
from .findings import Finding, at, line_of
from .links import atom_alternate_is_self, atom_metadata_urls, relative_metadata_findings
from .selflink import feed_urls, self_link_findings
from .timeline import date_range_findings
from .uris import is_absolute_iri
from .xmlnames import ATOM_NS, atom, child_text, describe_tag, text_of


def check_atom(root: etree._Element, context: Context) -> list[Finding]:
    """Every finding for an Atom feed document whose root element is `root` (unsorted)."""
    if root.tag == atom("entry"):
        return _entry_document_findings(root, context)
    if root.tag != atom("feed"):
        message = (
            f"the root element is {describe_tag(root.tag)}; an Atom feed document's root is "
            f'<feed xmlns="{ATOM_NS}">'
        )
        return [at(root, "atom-root", message)]
    entries = root.findall(atom("entry"))
    return [
        *_document_findings(root, entries, context),
        *_author_findings(root, entries),
        *_duplicate_id_findings(entries),
        *_link_findings(root, context),
    ]


def _entry_document_findings(entry: etree._Element, context: Context) -> list[Finding]:
    """An Atom Entry Document (RFC 4287 §4.1.2): one entry, with its own author."""
    findings = _document_findings(entry, [entry], context)
    if (
        entry.find(atom("author")) is None
        and entry.find(f"{atom('source')}/{atom('author')}") is None
    ):
        message = "the <entry> has no <author>; an entry document needs its own (RFC 4287 §4.1.2)"
        findings.append(at(entry, "atom-author-missing", message))
    return findings


def _document_findings(
    root: etree._Element, entries: Sequence[etree._Element], context: Context
) -> list[Finding]:
    """The findings a feed document and an entry document share."""
    markup = atom_markup(root)
    return [
        *atom_schema_findings(root),
        *_alternate_link_findings([*dict.fromkeys([root, *entries, *root.iter(atom("source"))])]),
        *_date_findings(root, context),
        *_id_findings(root),
        *entry_findings(entries),
        *xhtml_div_findings(root),
        *xhtml_foreign_findings(root),
        *value_findings(root),
        *content_findings(root),
        *unsafe_markup_findings(markup),
        *relative_url_findings(markup),
    ]


def _link_findings(feed: etree._Element, context: Context) -> list[Finding]:
    """The self link, alternate links that lead back to the feed, relative URLs."""
    links = feed.findall(atom("link"))
    alternates = list(filter(is_alternate, links))
    base = context.self_url or ""
    return [
        *self_link_findings(feed, links, context.self_url, "atom"),
        *atom_alternate_is_self(alternates, feed_urls(links, context.self_url), base),
        *relative_metadata_findings(atom_metadata_urls(feed)),
    ]


def _author_findings(feed: etree._Element, entries: Sequence[etree._Element]) -> list[Finding]:
    """RFC 4287 §4.1.1/§4.1.2: every entry has an author, its source's, or the feed's."""
    if feed.find(atom("author")) is not None:
        return []
    source_author = f"{atom('source')}/{atom('author')}"
    message = (
        "<entry> has no <author> and neither does the <feed>; put an <author> on the feed "
        "or on every entry (RFC 4287 §4.1.1)"
    )
    return [
        at(entry, "atom-author-missing", message)
        for entry in entries
        if entry.find(atom("author")) is None and entry.find(source_author) is None
    ]


def _alternate_link_findings(containers: Sequence[etree._Element]) -> list[Finding]:
    """RFC 4287 §4.1.1: at most one alternate link per type and hreflang in a feed or entry."""
    findings = []
    for container in containers:
        first_line: dict[tuple[str, str], int] = {}
        for link in filter(is_alternate, container.findall(atom("link"))):
            media_type = (link.get("type") or "").strip().lower()
            hreflang = (link.get("hreflang") or "").strip().lower()
            key = (media_type, hreflang)
            if key not in first_line:
                first_line[key] = line_of(link)
                continue
            message = (
                f'a second rel="alternate" link with {_link_kind(media_type, hreflang)} (the '
                f"first is on line {first_line[key]}); RFC 4287 §4.1.1 allows one alternate "
                "link per type and hreflang"
            )
            findings.append(at(link, "atom-link-alternate-duplicate", message))
    return findings


def _link_kind(media_type: str, hreflang: str) -> str:
    """Say which type and hreflang a link has, e.g. 'type "text/html" and no hreflang'."""
    type_part = f'type "{media_type}"' if media_type else "no type"
    hreflang_part = f'hreflang "{hreflang}"' if hreflang else "no hreflang"
    return f"{type_part} and {hreflang_part}"


def _date_findings(feed: etree._Element, context: Context) -> list[Finding]:
    """RFC 4287 §3.3: date constructs are RFC 3339 date-times with a time zone; and plausible."""
    findings, moments = [], []
    for element in feed.iter(atom("updated"), atom("published")):
        value = text_of(element)
        read = read_rfc3339(value)
        if isinstance(read, str):
            name = etree.QName(element).localname
            message = (
                f'<{name}> "{value}" {read}; Atom dates are RFC 3339 date-times with a time '
                "zone, such as 2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00 (RFC 4287 §3.3)"
            )
            findings.append(at(element, "atom-date-format", message))
        else:
            moments.append((element, read))
    return [*findings, *date_range_findings(moments, context.now)]


def _id_findings(feed: etree._Element) -> list[Finding]:
    """RFC 4287 §4.2.6: every atom:id is an absolute IRI."""
    return [
        at(
            element,
            "atom-id-not-absolute",
            f'<id> "{text_of(element)}" is not an absolute IRI; an id needs a scheme, such as '
            "https://example.org/posts/first/ or tag:example.org,2024:first (RFC 4287 §4.2.6)",
        )
        for element in feed.iter(atom("id"))
        if not is_absolute_iri(text_of(element))
    ]


def _duplicate_id_findings(entries: Sequence[etree._Element]) -> list[Finding]:
    """No two entries of one feed share an id.

    RFC 4287 §4.1.1: entries with the same id are versions of one entry, and their updated
    times SHOULD differ; readers show one of them. A warning for `check`; `build` refuses it.
    """
    findings = []
    first: dict[str, tuple[int, str]] = {}
    for entry in entries:
        element = entry.find(atom("id"))
        value = "" if element is None else text_of(element)
        if element is None or not value:
            continue
        updated = child_text(entry, atom("updated"))
        if value not in first:
            first[value] = (line_of(element), updated)
            continue
        line, first_updated = first[value]
        same = updated == first_updated
        message = f'entry id "{value}" is already the id of the entry on line {line}' + (
            ", and the same <updated>: the same entry twice, or ids that are not unique"
            if same
            else "; RFC 4287 §4.1.1 makes them versions of one entry, and readers show one"
        )
        findings.append(at(element, "atom-id-duplicate", message))
    return findings
