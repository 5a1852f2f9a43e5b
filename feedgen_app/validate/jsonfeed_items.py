"""The items of a JSON Feed: ids, content, dates in order, and the HTML of content_html."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Final

from lxml import etree

from .content import relative_url_findings, rss_markup, unsafe_markup_findings
from .dates import parse_rfc3339
from .findings import Finding
from .jsonfeed_fields import ITEM_FIELDS, Where, describe, field_findings, name_of
from .jsonpositions import JsonPath

# Legal in a JSON string, but not in the text of an lxml element (XML 1.0 Char): blanked out.
_NOT_XML_TEXT: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def items_findings(items: object, where: Where) -> list[Finding]:
    """Every item's findings, then the ids two items share."""
    if not isinstance(items, list):
        return []  # the top level reports a missing or mistyped items
    findings: list[Finding] = []
    first: dict[str, JsonPath] = {}  # the line looked up only for an id that repeats
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        path: JsonPath = ("items", index)
        item_id = _good_id(item.get("id"))
        named = replace(where, entry_id=item_id)
        findings.extend(_item_findings(item, path, named))
        if item_id is None:
            continue
        if item_id in first:
            message = (
                f'{name_of((*path, "id"))} "{item_id}" is also the id of the item on line '
                f"{named.lines.of(first[item_id])}; readers show only one of them"
            )
            findings.append(named.finding((*path, "id"), "json-item-id-duplicate", message))
        else:
            first[item_id] = (*path, "id")
    return findings


def _good_id(value: object) -> str | None:
    """`value` if it is an id readers keep (a string, not blank), else None."""
    return value if isinstance(value, str) and value.strip() else None


def _item_findings(item: Mapping[str, object], path: JsonPath, where: Where) -> Iterator[Finding]:
    """One item: its id, its content, its fields, its dates' order and its HTML."""
    yield from _id_findings(item, path, where)
    if "content_html" not in item and "content_text" not in item:
        message = f"{name_of(path)} has neither content_html nor content_text; give one or both"
        yield where.finding(path, "json-item-content-missing", message)
    yield from field_findings(item, path, ITEM_FIELDS, where)
    yield from _order_findings(item, path, where)
    html = item.get("content_html")
    if isinstance(html, str):
        yield from _html_findings(html, (*path, "content_html"), where)


def _id_findings(item: Mapping[str, object], path: JsonPath, where: Where) -> Iterator[Finding]:
    """An id that is a string and not blank: readers discard items without one."""
    at = (*path, "id")
    if "id" not in item:
        message = f"{name_of(path)} has no id; readers discard items without one"
        yield where.finding(path, "json-item-id", message)
        return
    value = item["id"]
    if isinstance(value, int | float) and not isinstance(value, bool):
        message = (
            f"{name_of(at)} is a number; JSON Feed 1.1 ids are strings (readers turn numbers "
            f'into strings, each its own way): write "{value}"'
        )
        yield where.finding(at, "json-item-id", message)
    elif not isinstance(value, str):
        message = f"{name_of(at)} is {describe(value)}, not a string; readers discard the item"
        yield where.finding(at, "json-item-id", message)
    elif not value.strip():
        yield where.finding(at, "json-item-id", f"{name_of(at)} is blank; readers discard the item")


def _order_findings(item: Mapping[str, object], path: JsonPath, where: Where) -> Iterator[Finding]:
    """date_modified is not earlier than date_published."""
    published, modified = item.get("date_published"), item.get("date_modified")
    if not isinstance(published, str) or not isinstance(modified, str):
        return
    published_at, modified_at = parse_rfc3339(published), parse_rfc3339(modified)
    if published_at is not None and modified_at is not None and modified_at < published_at:
        at = (*path, "date_modified")
        message = (
            f'{name_of(at)} "{modified}" is earlier than date_published "{published}"; '
            "an item is modified after it is published"
        )
        yield where.finding(at, "json-updated-before-published", message)


def _html_findings(html: str, at: JsonPath, where: Where) -> list[Finding]:
    """Unsafe markup and relative URLs in content_html, at the line of content_html.

    The HTML is checked as the XML formats' escaped HTML is (validate.content); a JSON string
    is on one line of the document, so every finding is on the line of content_html.
    """
    holder = etree.Element("content_html")
    holder.text = _NOT_XML_TEXT.sub(" ", html)
    markups = rss_markup([holder])
    found = [*unsafe_markup_findings(markups), *relative_url_findings(markups)]
    if not found:
        return []
    line = where.lines.of(at)
    return [replace(finding, line=line, entry_id=where.entry_id) for finding in found]
