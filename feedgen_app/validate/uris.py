"""Checks for the URLs and IRIs that feeds carry: the absolute-IRI and http(s) rules and the
characters no IRI may hold are those the article readers apply (`feedgen_app.urls`), so a
value accepted when it is read never fails the feed check."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from feedgen_app.urls import BAD_PERCENT as _BAD_PERCENT
from feedgen_app.urls import FORBIDDEN_IN_IRI as _FORBIDDEN
from feedgen_app.urls import is_absolute_http_url, is_absolute_iri

__all__ = ["is_absolute_http_url", "is_absolute_iri", "is_relative_reference", "reference_problem"]

_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Schemes that run code or carry a document in the link itself: readers must not follow them.
UNSAFE_SCHEMES: Final = frozenset({"javascript", "vbscript", "data"})


def is_relative_reference(value: str) -> bool:
    """True for a URL that needs a base to mean anything: no scheme, and not just "#fragment"."""
    value = value.strip()
    return bool(value) and not value.startswith("#") and _SCHEME.match(value) is None


def reference_problem(value: str, *, absolute: bool, iri: bool = True) -> str | None:
    """What keeps `value` from being a URI reference (RFC 3986) or IRI reference (RFC 3987).

    `absolute`: it must have a scheme. `iri` False: non-ASCII characters must be
    percent-encoded (RSS 2.0 links are URLs). None when `value` is fine.
    """
    if value != value.strip():
        return "has white space around it"
    if not value and absolute:
        return "is empty"
    problem = _character_problem(value, iri=iri)
    if problem is None and absolute:
        return _absolute_problem(value)
    return problem


def _character_problem(value: str, *, iri: bool) -> str | None:
    """Characters a URI (or IRI) reference cannot hold as written."""
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        shown = "a space" if bad[0] == " " else f"{bad[0]!r}"
        return f"contains {shown}, which must be percent-encoded"
    if _BAD_PERCENT.search(value):
        return 'has a "%" that is not followed by two hexadecimal digits'
    if not iri and not value.isascii():
        return "contains non-ASCII characters, which must be percent-encoded (a host in punycode)"
    return None


def _absolute_problem(value: str) -> str | None:
    """What keeps a reference with valid characters from being an absolute one."""
    scheme = _SCHEME.match(value)
    if scheme is None:
        return "has no scheme such as https:"
    if scheme[0].lower() in {"http:", "https:"}:
        try:
            host = urlsplit(value).hostname
        except ValueError:
            return "is not a valid URL"
        if not host:
            return "has no host"
    return None


def scheme_of(value: str) -> str:
    """The lower-case scheme of a URL as browsers read it (spaces and controls skipped), or ""."""
    cleaned = re.sub(r"[\x00-\x20]", "", value)
    scheme = _SCHEME.match(cleaned)
    return scheme[0][:-1].lower() if scheme else ""
