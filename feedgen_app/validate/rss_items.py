"""RSS 2.0 checks on items: text, guids, enclosures and authors' e-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final
from urllib.parse import unquote

from lxml import etree

from .findings import Finding, at, line_of
from .rss_namespaces import ITEM_ELEMENTS, element_findings
from .uris import is_absolute_http_url
from .xmlnames import CONTENT_NS, child_text, text_of

# An address, optionally followed by the name in parentheses: "ada@example.org (Ada Example)".
_EMAIL: Final = re.compile(r'[^\s@()<>,;"]+@[^\s@()<>,;"]+\.[^\s@()<>,;".]+(?:\s+\(.*\))?')
# An address anywhere in other text: "Ada Example <ada@example.org>".
_ADDRESS: Final = re.compile(r'[^\s@()<>,;"]+@[^\s@()<>,;"]+\.[^\s@()<>,;".]+')
_PARENTHESES: Final = re.compile(r"\([^()]*\)")
_MEDIA_TYPE: Final = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(?:\s*;.*)?")


def item_findings(items: Sequence[etree._Element], *, guid_expected: bool) -> list[Finding]:
    """Every finding about the items of a channel; `guid_expected` False for RSS 0.9x."""
    findings = [found for item in items for found in _one_item(item, guid_expected)]
    return [*findings, *_guid_findings(items)]


def _one_item(item: etree._Element, guid_expected: bool) -> list[Finding]:
    """An item's own elements, text, guid, enclosures and author."""
    findings = element_findings(item, ITEM_ELEMENTS)
    if not child_text(item, "title") and not child_text(item, "description"):
        message = "<item> has neither a <title> nor a <description>; RSS 2.0 requires one of them"
        findings.append(at(item, "rss-item-title-or-description", message))
    if item.find("description") is None and item.find(f"{{{CONTENT_NS}}}encoded") is None:
        message = (
            "<item> has neither <description> nor <content:encoded>, so readers show only its "
            "title; add the article's text"
        )
        findings.append(at(item, "rss-item-content-missing", message))
    if guid_expected and item.find("guid") is None:
        message = (
            "<item> has no <guid>; readers then tell items apart by link or title and show it "
            "again as new when either changes"
        )
        findings.append(at(item, "rss-guid-missing", message))
    findings.extend(_enclosure_findings(item))
    findings.extend(email_findings(item))
    return findings


def email_findings(parent: etree._Element) -> list[Finding]:
    """<author> (item), <managingEditor> and <webMaster> (channel) are e-mail addresses.

    "ada@example.org (Ada Example)" is the form RSS 2.0 shows. An address in other text
    ("Ada Example <ada@example.org>", a mailto: URL) is a warning; no address, an error.
    """
    findings = []
    for element in parent.iterchildren("author", "managingEditor", "webMaster"):
        value = text_of(element)
        if _EMAIL.fullmatch(value):
            continue
        wanted = 'RSS 2.0 wants one, optionally with the name: "ada@example.org (Ada Example)"'
        if _ADDRESS.search(unquote(_PARENTHESES.sub(" ", value))):
            message = (
                f'<{element.tag}> "{value}" is not written the way RSS 2.0 shows an address: '
                '"ada@example.org (Ada Example)"'
            )
            findings.append(at(element, "rss-author-format", message))
            continue
        message = f'<{element.tag}> "{value}" is not an e-mail address; {wanted}' + (
            "; for a name alone use <dc:creator>" if element.tag == "author" else ""
        )
        findings.append(at(element, "rss-author-not-email", message))
    return findings


def _enclosure_findings(item: etree._Element) -> list[Finding]:
    """An enclosure has an absolute http(s) url, a length in bytes and a MIME type."""
    findings = []
    for enclosure in item.iterchildren("enclosure"):
        url, length = enclosure.get("url"), enclosure.get("length")
        media_type = enclosure.get("type")
        problems = [
            _attribute_problem("url", url, is_absolute_http_url, "an absolute http(s) URL"),
            _attribute_problem("length", length, _is_length, "the size in bytes, 0 if unknown"),
            _attribute_problem("type", media_type, _is_media_type, 'a MIME type like "audio/mpeg"'),
        ]
        found = [problem for problem in problems if problem]
        if found:
            message = f"<enclosure> {'; '.join(found)}"
            findings.append(at(enclosure, "rss-enclosure-invalid", message))
    return findings


def _is_media_type(value: str) -> bool:
    return _MEDIA_TYPE.fullmatch(value) is not None


def _is_length(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _attribute_problem(
    name: str, value: str | None, good: Callable[[str], bool], wanted: str
) -> str:
    """'has no url' / 'has url="x", not ...' for a bad required attribute, '' for a good one."""
    if value is None:
        return f"has no {name} (needs {wanted})"
    if not good(value.strip()):
        return f'has {name}="{value}", not {wanted}'
    return ""


def _guid_findings(items: Sequence[etree._Element]) -> list[Finding]:
    """Permalink guids are URLs, and no two items share a guid."""
    findings = []
    first_line: dict[str, int] = {}
    for guid in (guid for item in items for guid in item.findall("guid")):
        value = text_of(guid)
        findings.extend(_permalink_findings(guid, value))
        if value and value in first_line:
            message = (
                f'<guid> "{value}" is already the guid of the item on line {first_line[value]}; '
                "each item needs its own guid"
            )
            findings.append(at(guid, "rss-guid-duplicate", message))
        first_line.setdefault(value, line_of(guid))
    return findings


def _permalink_findings(guid: etree._Element, value: str) -> list[Finding]:
    """isPermaLink is "true" or "false", and a permalink (the default) is an absolute URL."""
    flag = guid.get("isPermaLink")
    if flag not in {None, "true", "false"}:
        message = f'<guid> has isPermaLink="{flag}"; RSS 2.0 accepts "true" or "false"'
        return [at(guid, "rss-guid-permalink", message)]
    if flag != "false" and not is_absolute_http_url(value):
        message = (
            f'<guid> "{value}" is a permalink (isPermaLink defaults to "true") but not an '
            'absolute http(s) URL; use the item\'s URL or add isPermaLink="false"'
        )
        return [at(guid, "rss-guid-permalink", message)]
    return []
