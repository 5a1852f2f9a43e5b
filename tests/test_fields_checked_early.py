"""Every field is checked where it is read, with the rules the feed check applies (one shared
validator each: `urls` for IRIs and URLs, `values` for language tags and authors, `dates` for
offsets), so a bad field is a `file:line` error that --skip-invalid can skip, never a failed
check of a feed that was not written."""

from __future__ import annotations

import pytest

from feedgen_app.validate.dates import read_rfc3339
from feedgen_app.validate.uris import is_absolute_http_url, is_absolute_iri
from tests.conftest import Site
from tests.refusal import assert_refused_then_skipped

MD = "---\ntitle: Bad\ndate: 2024-01-02\n{field}\n---\nBody.\n"
TXT = "Title: Bad\nDate: 2024-01-02\n{field}\n\nBody.\n"
OFFSET = "has a time-zone offset beyond ±14:00 (RFC 3339 as XML Schema reads it)"
NO_IRI = "which no IRI may (percent-encode it)"
IRI_EXAMPLES = "(e.g. urn:uuid:…, tag:example.org,2024:hello, https://…)"

CASES = {
    "offset +15:00": (
        "---\ntitle: Bad\ndate: 2024-05-02T10:00:00+15:00\n---\nx\n",
        f":3: error: date: '2024-05-02T10:00:00+15:00' {OFFSET}",
    ),
    "offset -14:30 in a .txt": (
        "Title: Bad\nUpdated: 2024-05-02T10:00:00-14:30\n\nx\n",
        f":2: error: updated: '2024-05-02T10:00:00-14:30' {OFFSET}",
    ),
    "year 1 east of UTC": (
        "---\ntitle: Bad\ndate: 0001-01-01T00:00:00+01:00\n---\nx\n",
        ":3: error: date: '0001-01-01T00:00:00+01:00' is out of range (years 1 to 9999)",
    ),
    "lang en_US": (
        MD.format(field="lang: en_US"),
        ":4: error: lang: 'en_US' is not a language tag: write 'en-US' (BCP 47 uses '-', not '_')",
    ),
    "lang with a space": (
        MD.format(field="lang: en US"),
        ":4: error: lang: 'en US' is not a language tag (BCP 47, such as en, en-US, de-CH or "
        "zh-Hant)",
    ),
    "link with a space": (
        MD.format(field='link: "https://exa mple.org/x"'),
        f":4: error: link: 'https://exa mple.org/x' holds a space, {NO_IRI}",
    ),
    "txt Link with <": (
        TXT.format(field="Link: https://example.org/<x"),
        f":3: error: link: 'https://example.org/<x' holds the character '<', {NO_IRI}",
    ),
    "link javascript:": (
        MD.format(field="link: javascript:alert(1)"),
        ":4: error: link: 'javascript:alert(1)' is a javascript: URL, not http(s)",
    ),
    "link without a host": (
        MD.format(field="link: https:///x"),
        ":4: error: link: 'https:///x' has no host (write it as https://host/…)",
    ),
    "author uri javascript:": (
        MD.format(field='author: {name: Eve, uri: "javascript:alert(1)"}'),
        ":4: error: author: uri 'javascript:alert(1)' is a javascript: URL, not http(s) "
        "(a web page, or mailto:)",
    ),
    "author url data:": (
        MD.format(field="authors:\n  - name: Eve\n    url: data:text/html,x"),
        ":4: error: authors: uri 'data:text/html,x' is a data: URL, not http(s) "
        "(a web page, or mailto:)",
    ),
    "author email that is not one": (
        TXT.format(field="Author: Eve <eve@localhost>"),
        ":3: error: author: email 'eve@localhost' is not an e-mail address "
        "(name@example.org, without mailto: or <>)",
    ),
    "author with an empty name": (
        MD.format(field='author: {name: " ", email: a@example.org}'),
        ":4: error: author: expected a name, 'Name <email>' or {name, email, uri}, got a mapping",
    ),
    "id javascript:": (
        MD.format(field="id: javascript:alert(1)"),
        ":4: error: id: 'javascript:alert(1)' has the scheme javascript:, not one of http, "
        f"https, tag, urn {IRI_EXAMPLES}",
    ),
    "id with a space": (
        MD.format(field='id: "urn:x y"'),
        f":4: error: id: 'urn:x y' holds a space, {NO_IRI} {IRI_EXAMPLES}",
    ),
    "id that is an http URL without a host": (
        MD.format(field="id: http:nohost"),
        f":4: error: id: 'http:nohost' has no host (write it as https://host/…) {IRI_EXAMPLES}",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_field_is_an_error_at_its_line_that_skip_invalid_skips(site: Site, case: str) -> None:
    text, message = CASES[case]
    name = "bad.txt" if text.startswith(("Title:", "Author:")) else "bad.md"
    assert_refused_then_skipped(site, {name: text}, [name + message])


def test_good_values_of_the_same_fields_are_published(site: Site) -> None:
    site.write(
        "fine.md",
        "---\ntitle: Fine\ndate: 2024-05-02T10:00:00+14:00\nlang: zh-Hant-TW\n"
        "id: tag:example.org,2024:fine\nlink: HTTPS://example.org/fine\n"
        "author: {name: Ada, email: ada@example.org, uri: 'mailto:ada@example.org'}\n---\nx\n",
    )
    assert site.build().code == 0


@pytest.mark.parametrize(
    "value", ["https://exa mple.org/x", "https://example.org/<x", 'urn:"x"', "tag:", "x"]
)
def test_the_feed_check_refuses_what_the_readers_refuse(value: str) -> None:
    assert not is_absolute_iri(value)
    assert not is_absolute_http_url(value)


def test_the_feed_check_refuses_the_offsets_the_readers_refuse() -> None:
    assert read_rfc3339("2024-05-02T10:00:00+15:00") == OFFSET
    assert read_rfc3339("2024-05-02T10:00:00-14:01") == OFFSET
    assert not isinstance(read_rfc3339("2024-05-02T10:00:00-14:00"), str)
