"""Atom checks on entries and on inline XHTML that the RFC 4287 schema cannot express."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lxml import etree

from .dates import parse_rfc3339
from .findings import Finding, at, line_of
from .xmlnames import XHTML_NS, atom, describe_tag, local_name, text_of

_ALTERNATE_RELS: Final = frozenset(
    {"alternate", "http://www.iana.org/assignments/relation/alternate"}
)
_XHTML_HOLDERS: Final = tuple(
    atom(name) for name in ("title", "subtitle", "summary", "content", "rights")
)


def is_alternate(link: etree._Element) -> bool:
    """True for a link with rel="alternate", which is also what a link without rel means."""
    return (link.get("rel") or "alternate").strip() in _ALTERNATE_RELS


def entry_findings(entries: Sequence[etree._Element]) -> list[Finding]:
    """Per entry: content or an alternate link, updated not before published, some text."""
    findings = []
    for entry in entries:
        has_content = entry.find(atom("content")) is not None
        if not has_content and not any(map(is_alternate, entry.findall(atom("link")))):
            message = (
                '<entry> has neither <content> nor a rel="alternate" link; RFC 4287 §4.1.2 '
                "requires an alternate link when there is no content"
            )
            findings.append(at(entry, "atom-entry-alternate-missing", message))
        if not has_content and entry.find(atom("summary")) is None:
            message = (
                "<entry> has neither <content> nor <summary>, so readers show only its title; "
                "add the article as <content>, or a <summary>"
            )
            findings.append(at(entry, "atom-entry-content-missing", message))
        findings.extend(_updated_before_published(entry))
    return findings


def _updated_before_published(entry: etree._Element) -> list[Finding]:
    """An entry cannot have been changed before it was published."""
    updated, published = entry.find(atom("updated")), entry.find(atom("published"))
    if updated is None or published is None:
        return []
    updated_at, published_at = parse_rfc3339(text_of(updated)), parse_rfc3339(text_of(published))
    if updated_at is None or published_at is None or updated_at >= published_at:
        return []
    message = (
        f'<updated> "{text_of(updated)}" is earlier than <published> "{text_of(published)}" '
        f"(line {line_of(published)}); the last change cannot come before publication"
    )
    return [at(updated, "atom-updated-before-published", message)]


def xhtml_div_findings(root: etree._Element) -> list[Finding]:
    """RFC 4287 §3.1.1.3, §4.1.3.3: type="xhtml" holds exactly one XHTML <div>, nothing else."""
    findings = []
    for holder in root.iter(*_XHTML_HOLDERS):
        if (holder.get("type") or "").strip() != "xhtml":
            continue
        problem = _xhtml_div_problem(holder)
        if problem is not None:
            message = (
                f'<{local_name(holder)} type="xhtml"> {problem}; it must hold exactly one '
                f'<div xmlns="{XHTML_NS}"> wrapping the markup, and no text outside it'
            )
            findings.append(at(holder, "atom-xhtml-not-div", message))
    return findings


def xhtml_foreign_findings(root: etree._Element) -> list[Finding]:
    """Elements of other namespaces (SVG, MathML, ...) inside inline XHTML: readers drop them."""
    return [
        at(
            element,
            "atom-xhtml-foreign",
            f'<{local_name(holder)} type="xhtml"> holds {describe_tag(str(element.tag))}, which '
            "is not XHTML; readers show XHTML and drop the rest (RFC 4287 §3.1.1.3: SHOULD)",
        )
        for holder in root.iter(*_XHTML_HOLDERS)
        if (holder.get("type") or "").strip() == "xhtml"
        for div in holder.iterchildren(f"{{{XHTML_NS}}}div")
        for element in div.iterdescendants()
        if isinstance(element.tag, str)
        and not element.tag.startswith(f"{{{XHTML_NS}}}")
        and not any(not a.tag.startswith(f"{{{XHTML_NS}}}") for a in _between(element, div))
    ]


def _between(element: etree._Element, div: etree._Element) -> list[etree._Element]:
    """The ancestors of `element` below `div` (to report a foreign subtree once, at its top)."""
    ancestors = []
    for ancestor in element.iterancestors():
        if ancestor is div:
            break
        ancestors.append(ancestor)
    return ancestors


def _xhtml_div_problem(holder: etree._Element) -> str | None:
    """What is wrong with the children of an xhtml text construct or content, or None."""
    children = [child for child in holder if isinstance(child.tag, str)]
    stray_text = (holder.text or "").strip() or any((child.tail or "").strip() for child in holder)
    if not children:
        return "has no <div>"
    if children[0].tag != f"{{{XHTML_NS}}}div":
        return f"starts with {describe_tag(children[0].tag)}"
    if len(children) > 1:
        return f"has {describe_tag(children[1].tag)} after the <div>"
    if stray_text:
        return "has text outside the <div>"
    return None
