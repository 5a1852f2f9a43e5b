"""The HTML allow-list for feed content, enforced by nh3 (the Rust `ammonia` sanitizer).

Feed readers render what we send, so article HTML (Markdown's raw HTML included) passes through
this allow-list last, after every other change. Everything not listed is removed:

- `<script>` and `<style>` with their content; `<iframe>`, `<object>`, `<embed>`, `<form>` and
  every other unlisted element (their text stays);
- event-handler attributes (`onclick`, `onerror`, …), `style` (except `text-align` on table
  cells, which Markdown tables use), and every other unlisted attribute;
- URLs with a scheme other than http, https, mailto and tel (`javascript:`, `data:`, …): the
  attribute is dropped; comments.

Given the article's URL, the same pass makes relative URLs absolute first (an lxml parse and
serialization of its own cost more than the sanitizing).
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urljoin, urlsplit

import nh3

from feedgen_app.content.srcset import format_srcset, parse_srcset

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
TAGS = frozenset(nh3.ALLOWED_TAGS | {"picture", "source", "video", "audio", "track"})
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "video": {"src", "poster", "controls", "width", "height", "loop", "muted"},
    "audio": {"src", "controls", "loop", "muted"},
    "track": {"src", "kind", "srclang", "label"},
    "code": {"class"},
    "pre": {"class"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "style"},
}


def sanitize(html: str, base: str | None = None) -> str:
    """`html` with everything outside the allow-list removed; with `base`, its relative URLs
    (`href`, `src`, `poster`, `cite`, `srcset`) resolved against it before they are checked (a
    `#section` too: feed readers warn of relative links, and the feed is not the page)."""
    check = _check_url_attribute if base is None else partial(_resolve_and_check, base)
    cleaned: str = nh3.clean(
        html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        filter_style_properties={"text-align"},
        attribute_filter=check,
    )
    return cleaned


_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite"})


def _check_url_attribute(_tag: str, attribute: str, value: str) -> str | None:
    """Drop URL attributes with a scheme off the list, including inside `srcset`."""
    if attribute in _URL_ATTRIBUTES:
        return value if _allowed(value) else None
    if attribute == "srcset":
        kept = [candidate for candidate in parse_srcset(value) if _allowed(candidate[0])]
        return format_srcset(kept) if kept else None
    return value


def _resolve_and_check(base: str, tag: str, attribute: str, value: str) -> str | None:
    if attribute in _URL_ATTRIBUTES:
        value = _resolved(base, value.strip())
    elif attribute == "srcset":
        value = format_srcset([(_resolved(base, url), size) for url, size in parse_srcset(value)])
    return _check_url_attribute(tag, attribute, value)


_WEB: tuple[str, ...] = ("https://", "http://")
"""How most URLs in an article start: absolute, with a scheme on the list, kept as written (a
family build sanitizes every article; `urljoin` and `urlsplit` on each URL were nearly half of
sanitizing one: 168 -> 92 us for the benchmark's, nine URLs each)."""


def _resolved(base: str, url: str) -> str:
    """`url` resolved against `base`: as written if already absolute on the web."""
    return url if url.startswith(_WEB) else urljoin(base, url)


def _allowed(url: str) -> bool:
    url = url.strip()
    if url.startswith(_WEB):
        return True
    scheme = urlsplit(url).scheme.lower()
    return not scheme or scheme in URL_SCHEMES
