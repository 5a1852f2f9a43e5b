"""Checks for the URLs and IRIs that feeds carry."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Characters that may not appear unescaped anywhere in a URI or IRI (RFC 3986, RFC 3987).
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')


def is_absolute_iri(value: str) -> bool:
    """True if `value` is an IRI with a scheme (RFC 3987), not a relative reference."""
    scheme = _SCHEME.match(value)
    if scheme is None or scheme.end() == len(value):
        return False
    return _FORBIDDEN.search(value) is None


def is_absolute_http_url(value: str) -> bool:
    """True if `value` is an absolute http:// or https:// URL with a host."""
    if _FORBIDDEN.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def is_relative_reference(value: str) -> bool:
    """True for a URL that needs a base to mean anything: no scheme, and not just "#fragment"."""
    value = value.strip()
    return bool(value) and not value.startswith("#") and _SCHEME.match(value) is None
