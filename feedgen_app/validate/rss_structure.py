"""The shape RSS 2.0 gives a channel and its parts: which children appear at most once, which
are required, and the values of <ttl>, <image>, <textInput>, <cloud>, <skipHours>, <skipDays>.

Following https://www.rssboard.org/rss-specification and the RSS Advisory Board's profile
(https://www.rssboard.org/rss-profile).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

from lxml import etree

from .findings import Finding, at, line_of
from .modules import LANGUAGE
from .rss_namespaces import looks_like_atom_link
from .xmlnames import text_of

_ONCE: Final = {
    "channel": (
        "title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
        "pubDate", "lastBuildDate", "generator", "docs", "cloud", "ttl", "image", "rating",
        "textInput", "skipHours", "skipDays",
    ),
    "item": ("title", "link", "description", "author", "comments", "guid", "pubDate", "source"),
    "image": ("url", "title", "link", "width", "height", "description"),
    "textInput": ("title", "description", "name", "link"),
}  # fmt: skip
_REQUIRED: Final = {
    "image": ("url", "title", "link"),
    "textInput": ("title", "description", "name", "link"),
}
IMAGE_CHILDREN: Final = frozenset(_ONCE["image"])
TEXT_INPUT_CHILDREN: Final = frozenset(_ONCE["textInput"])
_CLOUD_ATTRIBUTES: Final = ("domain", "port", "path", "registerProcedure", "protocol")
# RSS 2.0: "Maximum value for width is 144 ... Maximum value for height is 400".
_IMAGE_LIMITS: Final = {"width": 144, "height": 400}
_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_INTEGER: Final = re.compile(r"[0-9]+")
# An HTML form control's name as the RSS profile describes it: a letter, then name characters.
_FORM_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_:.-]*")
_ELEMENT_ONLY: Final = ("channel", "item", "image", "textInput", "skipHours", "skipDays")


def structure_findings(channel: etree._Element) -> list[Finding]:
    """Every finding about the shape of `channel` and the values of its structured parts."""
    return [
        *_duplicate_findings(channel),
        *_required_findings(channel),
        *_text_findings(channel),
        *_value_findings(channel),
        *_cloud_findings(channel),
        *_skip_findings(channel, "skipHours", "hour", _hour_problem),
        *_skip_findings(channel, "skipDays", "day", _day_problem),
    ]


def _parts(channel: etree._Element) -> Iterator[etree._Element]:
    """The channel, its items, images and text inputs."""
    yield channel
    yield from channel.iterchildren("item", "image", "textInput")


def _duplicate_findings(channel: etree._Element) -> list[Finding]:
    """Elements the spec defines once per channel, item, image or textInput appear once."""
    findings: list[Finding] = []
    for part in _parts(channel):
        for name in _ONCE[str(part.tag)]:
            found = [e for e in part.iterchildren(name) if not looks_like_atom_link(e)]
            findings.extend(
                at(
                    extra,
                    "rss-element-duplicate",
                    f"a second <{name}> in <{part.tag}> (the first is on line "
                    f"{line_of(found[0])}); RSS 2.0 allows one",
                )
                for extra in found[1:]
            )
    return findings


def _required_findings(channel: etree._Element) -> list[Finding]:
    """<image> has url, title and link; <textInput> has title, description, name and link."""
    return [
        at(
            part,
            "rss-element-missing",
            f"<{part.tag}> has no <{name}>; RSS 2.0 requires "
            + ", ".join(f"<{required}>" for required in _REQUIRED[str(part.tag)]),
        )
        for part in channel.iterchildren("image", "textInput")
        for name in _REQUIRED[str(part.tag)]
        if part.find(name) is None
    ]


def _text_findings(channel: etree._Element) -> list[Finding]:
    """Elements that hold only elements have no text of their own."""
    containers = [channel, *(c for c in channel.iterdescendants(*_ELEMENT_ONLY[1:]))]
    return [
        at(
            element,
            "rss-unexpected-text",
            f'<{element.tag}> holds the text "{_stray_text(element)[:60]}"; it holds only '
            "elements (for an <image>: <url>, <title>, <link>)",
        )
        for element in containers
        if element.getparent() is not None and _stray_text(element)
    ]


def _stray_text(element: etree._Element) -> str:
    """The text directly inside `element`, outside its children."""
    pieces = [element.text or "", *(child.tail or "" for child in element)]
    return " ".join(piece.strip() for piece in pieces if piece.strip())


def _value_findings(channel: etree._Element) -> list[Finding]:
    """<ttl>, image width and height, the textInput name and <language>."""
    findings = [
        at(ttl, "rss-ttl-invalid", f'<ttl> "{text_of(ttl)}" is not a number of minutes (1 or more)')
        for ttl in channel.iterchildren("ttl")
        if text_of(ttl) and not _positive(text_of(ttl))
    ]
    for name, limit in _IMAGE_LIMITS.items():
        findings.extend(
            at(
                size,
                "rss-image-size",
                f'<image> <{name}> "{text_of(size)}" is not a number of pixels from 1 to {limit}',
            )
            for size in channel.iterfind(f"image/{name}")
            if not _positive(text_of(size)) or int(text_of(size)) > limit
        )
    findings.extend(
        at(
            name,
            "rss-textinput-name",
            f'<textInput> <name> "{text_of(name)}" is not a form field name: a letter, then '
            "letters, digits, '_', '-', '.' or ':'",
        )
        for name in channel.iterfind("textInput/name")
        if not _FORM_NAME.fullmatch(text_of(name))
    )
    findings.extend(
        at(
            language,
            "rss-language-invalid",
            f'<language> "{text_of(language)}" is not a language code such as "en" or '
            '"en-us" (RFC 1766)',
        )
        for language in channel.iterchildren("language")
        if not LANGUAGE.fullmatch(text_of(language))
    )
    return findings


def _positive(value: str) -> bool:
    """True for a whole number greater than zero, written in ASCII digits."""
    return _INTEGER.fullmatch(value) is not None and int(value) > 0


def _cloud_findings(channel: etree._Element) -> list[Finding]:
    """<cloud> has domain, port, path, registerProcedure and protocol; port is a TCP port."""
    findings = []
    for cloud in channel.iterchildren("cloud"):
        missing = [name for name in _CLOUD_ATTRIBUTES if cloud.get(name) is None]
        if missing:
            names = ", ".join(missing)
            message = f"<cloud> has no {names}; RSS 2.0 requires {', '.join(_CLOUD_ATTRIBUTES)}"
            findings.append(at(cloud, "rss-cloud-invalid", message))
        port = cloud.get("port")
        if port is not None and not (_positive(port) and int(port) <= 65535):
            message = f'<cloud> has port="{port}", not a TCP port number from 1 to 65535'
            findings.append(at(cloud, "rss-cloud-invalid", message))
    return findings


def _hour_problem(value: str) -> str | None:
    """None for an hour 0..23 (24, midnight, is allowed too), else what is wrong."""
    if _INTEGER.fullmatch(value) and int(value) <= 24:
        return None
    return "is not an hour from 0 to 23"


def _day_problem(value: str) -> str | None:
    return None if value in _DAYS else f"is not a day name ({', '.join(_DAYS)})"


def _skip_findings(
    channel: etree._Element, name: str, child: str, problem: Callable[[str], str | None]
) -> list[Finding]:
    """skipHours and skipDays hold at least one <hour> (<day>), each valid and listed once."""
    findings = []
    for holder in channel.iterchildren(name):
        values = list(holder.iterchildren(child))
        if not values:
            message = f"<{name}> has no <{child}>; list at least one, or leave <{name}> out"
            findings.append(at(holder, "rss-skip-invalid", message))
        seen: dict[str, int] = {}
        for element in values:
            value = text_of(element)
            wrong = problem(value)
            key = "0" if child == "hour" and value == "24" else value.lstrip("0") or "0"
            if wrong is not None:
                message = f'<{child}> "{value}" {wrong}'
            elif key in seen:
                message = f'<{child}> "{value}" is already listed on line {seen[key]}'
            else:
                seen[key] = line_of(element)
                continue
            findings.append(at(element, "rss-skip-invalid", message))
    return findings
