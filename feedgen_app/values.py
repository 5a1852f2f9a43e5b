"""Rules for the values we publish besides URLs (those are in `urls`): language tags, e-mail
addresses, authors, one-line texts. The article readers, the settings and the feed checks
share them, so a value accepted when it is read never fails when the feed is checked."""

from __future__ import annotations

import re
from collections.abc import Callable

from feedgen_app.content.xmlchars import first_forbidden
from feedgen_app.model import Author
from feedgen_app.urls import http_url_problem

# RFC 5646 section 2.1: the shape of a language tag (well-formed, not checked against the registry).
_ALNUM = "[A-Za-z0-9]"
_LANGUAGE = r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
_VARIANT = rf"(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}})"
_EXTENSION = rf"(?:[0-9A-WYZa-wyz](?:-{_ALNUM}{{2,8}})+)"
_PRIVATE = rf"(?:[xX](?:-{_ALNUM}{{1,8}})+)"
_LANGTAG = re.compile(
    rf"{_LANGUAGE}(?:-[A-Za-z]{{4}})?(?:-(?:[A-Za-z]{{2}}|[0-9]{{3}}))?"
    rf"(?:-{_VARIANT})*(?:-{_EXTENSION})*(?:-{_PRIVATE})?|{_PRIVATE}"
)
_GRANDFATHERED = frozenset(
    [
        "en-gb-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-be-fr",
        "sgn-be-nl",
        "sgn-ch-de",
        "art-lojban",
        "cel-gaulish",
        "no-bok",
        "no-nyn",
        "zh-guoyu",
        "zh-hakka",
        "zh-min",
        "zh-min-nan",
        "zh-xiang",
    ]
)
_EMAIL = re.compile(r"[^\s@<>()\[\]\\,;:\"]+@[^\s@<>()\[\]\\,;:\"]+\.[^\s@<>()\[\]\\,;:\"]+")


def language_tag_problem(tag: str) -> str | None:
    """What keeps `tag` from being a language tag (BCP 47: `en`, `de-CH`, `zh-Hant-TW`), or None."""
    if _LANGTAG.fullmatch(tag) or tag.lower() in _GRANDFATHERED:
        return None
    if "_" in tag and _LANGTAG.fullmatch(tag.replace("_", "-")):
        return f"is not a language tag: write {tag.replace('_', '-')!r} (BCP 47 uses '-', not '_')"
    return "is not a language tag (BCP 47, such as en, en-US, de-CH or zh-Hant)"


def email_problem(address: str) -> str | None:
    """What keeps `address` from being a plain e-mail address (`name@example.org`), or None."""
    if _EMAIL.fullmatch(address):
        return None
    return "is not an e-mail address (name@example.org, without mailto: or <>)"


def text_problem(text: str) -> str | None:
    """What keeps `text` from being a one-line text we publish (a title, a name), or None."""
    if not text.strip():
        return "must not be empty"
    bad = first_forbidden(text)
    if bad is not None:
        return f"holds the control character U+{ord(bad[0]):04X}, which XML 1.0 does not allow"
    return None


def author(name: object, email: object = None, uri: object = None) -> Author:
    """An author whose every value can be published; raises ValueError saying which is wrong.
    `uri` is a web page (http or https) or a `mailto:` address."""
    if not isinstance(name, str):
        raise ValueError("an author needs a name")
    problem = text_problem(name)
    if problem is not None:
        raise ValueError(f"name {problem}")
    return Author(
        " ".join(name.split()),
        _optional("email", email, email_problem),
        _optional("uri", uri, _author_uri_problem),
    )


def _optional(key: str, value: object, check: Callable[[str], str | None]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text, not {type(value).__name__}")
    problem = check(value)
    if problem is not None:
        raise ValueError(f"{key} {value!r} {problem}")
    return value


def _author_uri_problem(uri: str) -> str | None:
    if uri[:7].lower() == "mailto:":
        return email_problem(uri[7:])
    problem = http_url_problem(uri)
    return None if problem is None else f"{problem} (a web page, or mailto:)"
