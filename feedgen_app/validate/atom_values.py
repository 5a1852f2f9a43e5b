"""Atom values the RFC 4287 schema leaves as plain text: IRIs, e-mail addresses, link lengths.

RFC 4287 §3.2.2 and §4.2: atom:uri, atom:icon, atom:logo, link href, content src, generator
uri and xml:base are IRI references (RFC 3987); atom:id and category scheme are absolute IRIs;
§3.2.3: atom:email is an RFC 2822 addr-spec; §4.2.7.6: link length is a number of octets.
Dates and ids are not white-space-collapsed: "  2024-05-01T10:00:00Z" is not a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from lxml import etree

from .findings import Finding, at
from .uris import UNSAFE_SCHEMES, reference_problem, scheme_of
from .xmlnames import XML_BASE, XML_LANG, all_text, atom, local_name

# RFC 2822 addr-spec in its common form: a local part and a domain, no name, no brackets.
_ADDR_SPEC: Final = re.compile(r'[^\s@()<>,;:"\[\]\\]+@[^\s@()<>,;:"\[\]\\]+')
_NO_SPACE_AROUND: Final = tuple(
    atom(name) for name in ("id", "updated", "published", "icon", "logo", "uri", "email")
)
_IRI_TEXT: Final = tuple(atom(name) for name in ("icon", "logo", "uri"))
# (element, attribute, must be absolute)
_IRI_ATTRIBUTES: Final = (
    (atom("link"), "href", False),
    (atom("content"), "src", False),
    (atom("generator"), "uri", False),
    (atom("category"), "scheme", True),
)
_LENGTH: Final = re.compile(r"[0-9]+")


def value_findings(root: etree._Element) -> list[Finding]:
    """Every finding about IRIs, e-mail addresses, link lengths and white space."""
    return [
        *_whitespace_findings(root),
        *_iri_findings(root),
        *_email_findings(root),
        *_length_findings(root),
        *_empty_language_findings(root),
    ]


def _empty_language_findings(root: etree._Element) -> list[Finding]:
    """xml:lang="" means "no language" (XML 1.0 §2.12); readers then guess."""
    return [
        at(
            element,
            "atom-lang-empty",
            f'<{local_name(element)}> has xml:lang="", which says the language is unknown; '
            'give it, such as xml:lang="en", or leave the attribute out',
        )
        for element in root.iter()
        if isinstance(element.tag, str) and element.get(XML_LANG) == ""
    ]


def _whitespace_findings(root: etree._Element) -> list[Finding]:
    return [
        at(
            element,
            "atom-value-whitespace",
            f"<{local_name(element)}> has white space around its value "
            f'"{all_text(element).strip()}"; write the value alone',
        )
        for element in root.iter(*_NO_SPACE_AROUND)
        if all_text(element) != all_text(element).strip() and all_text(element).strip()
    ]


def _iris(root: etree._Element) -> Iterator[tuple[etree._Element, str, str, bool]]:
    """(element, what, IRI, must be absolute) for every IRI-valued place of the document."""
    for element in root.iter(*_IRI_TEXT):
        yield element, f"<{local_name(element)}>", all_text(element).strip(), False
    for tag, attribute, absolute in _IRI_ATTRIBUTES:
        for element in root.iter(tag):
            value = element.get(attribute)
            if value is not None:
                yield element, f"<{local_name(element)} {attribute}>", value, absolute
    for element in root.iter():
        base = element.get(XML_BASE) if isinstance(element.tag, str) else None
        if base is not None:
            yield element, f"xml:base on <{local_name(element)}>", base, False


def _iri_findings(root: etree._Element) -> list[Finding]:
    findings = []
    for element, what, value, absolute in _iris(root):
        scheme = scheme_of(value)
        problem = reference_problem(value, absolute=absolute)
        if scheme in UNSAFE_SCHEMES and element.tag in {atom("link"), atom("uri")}:
            message = f'{what} "{value}" is a {scheme}: URL, which runs or embeds code in a reader'
            findings.append(at(element, "feed-unsafe-url", message))
        elif problem is not None:
            kind = "an absolute IRI" if absolute else "an IRI reference (RFC 3987)"
            message = f'{what} "{value}" {problem}; it must be {kind}'
            findings.append(at(element, "atom-iri-invalid", message))
    return findings


def _email_findings(root: etree._Element) -> list[Finding]:
    return [
        at(
            element,
            "atom-email-invalid",
            f'<email> "{all_text(element).strip()}" is not just an e-mail address '
            "(RFC 2822 addr-spec) such as ada@example.org; the name goes in <name>",
        )
        for element in root.iter(atom("email"))
        if not _ADDR_SPEC.fullmatch(all_text(element).strip())
    ]


def _length_findings(root: etree._Element) -> list[Finding]:
    return [
        at(
            link,
            "atom-link-length",
            f'<link length="{link.get("length")}"> is not a number of bytes (0 or more)',
        )
        for link in root.iter(atom("link"))
        if link.get("length") is not None and not _LENGTH.fullmatch(link.get("length") or "")
    ]
