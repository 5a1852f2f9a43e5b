"""RFC 4287 §4.1.3: what atom:content holds for its type, and when an entry needs a summary.

The schema of Appendix B lets `type` be left out on content of any shape, so these rules
check what the schema cannot: text and HTML content is text only; XML content is one element;
other media types are Base64 (§4.1.3.3); a composite type is never allowed (§4.1.3.1); and an
entry whose content is out of line or Base64 has a summary (§4.1.1.2 of the entry rules).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Final

from lxml import etree

from .findings import Finding, at
from .xmlnames import all_text, atom, local_name

_TEXT_TYPES: Final = frozenset({"text", "html"})
_COMPOSITE: Final = re.compile(r"(?:multipart|message)/", re.IGNORECASE)
_SPACE: Final = re.compile(r"\s+")


def content_findings(root: etree._Element) -> list[Finding]:
    """Every finding about content elements and the summaries their entries need."""
    findings: list[Finding] = []
    for content in root.iter(atom("content")):
        findings.extend(_content_problems(content))
        entry = content.getparent()
        if entry is not None and _needs_summary(content) and entry.find(atom("summary")) is None:
            message = (
                "<entry> has no <summary>, and its <content> is "
                + ("out of line (src)" if content.get("src") is not None else "Base64-encoded")
                + "; RFC 4287 §4.1.2 requires a summary then"
            )
            findings.append(at(entry, "atom-summary-missing", message))
    return findings


def _kind(content: etree._Element) -> str:
    """ "text", "html", "xhtml", "xml", "text/*" or "base64": how the content is written."""
    media_type = (content.get("type") or "text").strip().lower()
    if media_type in {*_TEXT_TYPES, "xhtml"}:
        return media_type
    if media_type.endswith(("+xml", "/xml")):
        return "xml"
    return "text/*" if media_type.startswith("text/") else "base64"


def _needs_summary(content: etree._Element) -> bool:
    return content.get("src") is not None or _kind(content) == "base64"


def _content_problems(content: etree._Element) -> Iterator[Finding]:
    media_type = (content.get("type") or "").strip()
    if _COMPOSITE.match(media_type):
        message = (
            f'<content type="{media_type}"> is a composite media type, which RFC 4287 §4.1.3.1 '
            "forbids; send one of the parts"
        )
        yield at(content, "atom-content-type", message)
        return
    if content.get("src") is not None:
        return
    kind, children = _kind(content), [c for c in content if isinstance(c.tag, str)]
    problem = None
    if kind in {"text", "html", "text/*"} and children:
        problem = f"holds the element <{local_name(children[0])}>; escape the markup as text"
    elif kind == "xml" and _stray_text(content):
        problem = "holds text beside its element; XML content is a single element"
    elif kind == "base64" and (children or not _is_base64(all_text(content))):
        problem = "is not Base64; content of this type must be Base64-encoded"
    if problem is not None:
        shown = f' type="{media_type}"' if media_type else ""
        yield at(content, "atom-content-body", f"<content{shown}> {problem} (RFC 4287 §4.1.3.3)")


def _stray_text(content: etree._Element) -> bool:
    return bool((content.text or "").strip()) or any((c.tail or "").strip() for c in content)


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(_SPACE.sub("", text), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True
