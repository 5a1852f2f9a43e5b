"""JSON Feed (https://jsonfeed.org/version/1.1) documents, ours or anyone's.

- Bytes: JSON is UTF-8 (RFC 8259 §8.1); a UTF-8 byte-order mark is skipped, other encodings
  are reported, not guessed. Bad JSON is one finding at the line the decoder stopped at; so
  is what Python's json module lets through but JSON does not: NaN and Infinity, and \\u
  escapes that are half of a surrogate pair (RFC 8259 §8.2).
- Versions: 1.1 is checked as it is. A 1.0 feed ("https://jsonfeed.org/version/1") is checked
  by the same rules, since the spec keeps 1.0 fields valid in 1.1, with a warning to move to
  1.1 (1.0 has no `authors` and no `language`); any other version is an error.
- Lines: JSON decoders keep no positions, so the document is walked once more
  (`jsonpositions.value_lines`) and each finding is on the line its value starts on.
- Everything else (types, URLs, dates, ids, content) is in jsonfeed_fields and jsonfeed_items.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from typing import Final

from .context import Context
from .document import MAX_FEED_BYTES
from .findings import Finding, finding
from .jsonfeed_fields import FEED_FIELDS, Where, describe, field_findings
from .jsonfeed_items import items_findings
from .jsonpositions import Lines, value_lines

VERSION_1_1 = "https://jsonfeed.org/version/1.1"
VERSION_1 = "https://jsonfeed.org/version/1"
_ESCAPE: Final = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|.)")


class _NotJsonError(ValueError):
    """What Python's json module accepts but JSON does not."""


def _no_constant(name: str) -> object:
    raise _NotJsonError(f"{name} is not a JSON value; JSON numbers are finite (RFC 8259 §6)")


def is_json(data: bytes) -> bool:
    """True if `data` looks like a JSON object: `{` first, after a byte-order mark and spaces."""
    return data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")[:1] == b"{"


def check_json_feed(data: bytes, context: Context, size: int | None = None) -> list[Finding]:
    """Every finding for a JSON Feed document, in no particular order (`size`: of the whole
    document when `data` is a part of it)."""
    read = _read(data)
    if isinstance(read, Finding):
        return [read]
    document, lines = read
    if not isinstance(document, dict):
        message = f"the document is {describe(document)}; a JSON Feed is an object {{...}}"
        return [finding("json-not-object", message, lines.of(()))]
    where = Where(lines, context.now)
    return [
        *_size_findings(len(data) if size is None else size),
        *_top_findings(document, where, context.self_url),
        *field_findings(document, (), FEED_FIELDS, where),
        *items_findings(document.get("items"), where),
    ]


def _read(data: bytes) -> tuple[object, Lines] | Finding:
    """The JSON value `data` holds and the line of each part, or why it is not JSON."""
    text = data.removeprefix(codecs.BOM_UTF8)
    try:
        decoded = text.decode("utf-8")
        document = json.loads(decoded, parse_constant=_no_constant)
        lines = value_lines(decoded)
    except UnicodeDecodeError as exc:
        message = (
            f"byte 0x{text[exc.start]:02X} is not UTF-8; JSON is UTF-8 (RFC 8259 §8.1): save "
            "the file as UTF-8"
        )
        return finding("json-encoding", message, text.count(b"\n", 0, exc.start) + 1)
    except json.JSONDecodeError as exc:
        return finding("json-syntax", f"not JSON: {exc.msg}", exc.lineno, exc.colno)
    except _NotJsonError as exc:
        return finding("json-syntax", f"not JSON: {exc}")
    except RecursionError:
        return finding("json-syntax", "not JSON this tool can read: nested too deeply")
    lone = _lone_surrogate(decoded)
    if lone is not None:
        message = (
            f"the escape {decoded[lone : lone + 6]} is half of a UTF-16 surrogate pair, not a "
            "character; readers fail on it or show U+FFFD (RFC 8259 §8.2): remove it"
        )
        return finding("json-encoding", message, decoded.count("\n", 0, lone) + 1)
    return document, lines


def _lone_surrogate(text: str) -> int | None:
    """The offset of the first \\u escape in `text` that is half of a surrogate pair, or None."""
    high: int | None = None  # a high-surrogate escape, which the next escape must complete
    for escape in _ESCAPE.finditer(text):
        code = int(escape[1], 16) if escape[1] else 0
        completes = high is not None and escape.start() == high + 6 and 0xDC00 <= code <= 0xDFFF
        if high is not None and not completes:
            return high
        if completes:
            high = None
        elif 0xD800 <= code <= 0xDBFF:
            high = escape.start()
        elif 0xDC00 <= code <= 0xDFFF:
            return escape.start()
    return high


def _size_findings(size: int) -> list[Finding]:
    """The spec: "A 1MB feed places a burden on feed readers"."""
    if size <= MAX_FEED_BYTES:
        return []
    message = (
        f"the document is {size:,} bytes; JSON Feed asks for under 1 MB "
        f"({MAX_FEED_BYTES:,} bytes): publish fewer items and link older ones with next_url"
    )
    return [finding("feed-too-large", message, 1)]


def _top_findings(
    document: Mapping[str, object], where: Where, self_url: str | None
) -> Iterator[Finding]:
    """version, the required fields, and the URLs that say where the feed is."""
    yield from _version_findings(document.get("version"), where)
    missing = [key for key in ("title", "items") if key not in document]
    if missing:
        message = f"the feed has no {' and no '.join(missing)}, which the spec requires"
        yield where.finding((), "json-required", message)
    if "home_page_url" not in document:
        message = "the feed has no home_page_url: the URL of the site it describes"
        yield where.finding((), "json-home-page-url-missing", message)
    feed_url = document.get("feed_url")
    if feed_url is None:
        expected = "" if self_url is None else f'; expected "feed_url": "{self_url}"'
        message = f"the feed has no feed_url giving the URL it is served at{expected}"
        yield where.finding((), "json-feed-url-missing", message)
    elif self_url is not None and isinstance(feed_url, str) and feed_url != self_url:
        message = f'feed_url is "{feed_url}", but the feed is served at "{self_url}"'
        yield where.finding(("feed_url",), "json-feed-url-mismatch", message)
    next_url = document.get("next_url")
    if isinstance(next_url, str) and next_url in {str(feed_url), self_url}:
        message = f'next_url "{next_url}" is the feed itself; readers would loop'
        yield where.finding(("next_url",), "json-next-url-is-feed-url", message)


def _version_findings(version: object, where: Where) -> Iterator[Finding]:
    """1.1 is current, 1 is outdated, anything else is not a JSON Feed version."""
    if version == VERSION_1_1:
        return
    if version == VERSION_1:
        message = (
            f'version "{VERSION_1}" is JSON Feed 1.0; move to "{VERSION_1_1}" (1.0 feeds '
            "stay valid, but have no authors and no language)"
        )
        yield where.finding(("version",), "json-version-outdated", message)
        return
    found = "no version" if version is None else f"version {json.dumps(version)}"
    message = f'the feed has {found}; a JSON Feed 1.1 has "version": "{VERSION_1_1}"'
    yield where.finding(("version",), "json-version", message)
