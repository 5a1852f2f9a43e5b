"""Settings and the environment: every bad value is a located error before anything is read
or written, never a traceback and never silently ignored."""

from __future__ import annotations

import codecs

import pytest

from feedgen_app.state.lock import build_lock
from tests.conftest import SETTINGS, Site
from tests.feeds import read_with_feedparser
from tests.refusal import GOOD

BASE = 'title = "T"\nsite_url = "https://example.org/blog/"\n'
PLACEHOLDERS = "use only {path}, {slug}, {year}, {month}, {day}, {categories}"
BAD_SETTINGS = {
    "author with an empty name": (
        BASE + 'author = { name = "" }\n',
        ":3: error: author: name must not be empty",
    ),
    "author with a javascript: uri": (
        BASE + 'author = { name = "Eve", uri = "javascript:alert(1)" }\n',
        ":3: error: author: uri 'javascript:alert(1)' is a javascript: URL, not http(s) "
        "(a web page, or mailto:)",
    ),
    "title with a control character": (
        'title = "Bell\\u0007"\nsite_url = "https://example.org/"\n',
        ":1: error: title: holds the control character U+0007, which XML 1.0 does not allow",
    ),
    "description with an escape character": (
        BASE + 'description = "\\u001b[31m red"\n',
        ":3: error: description: holds the control character U+001B, which XML 1.0 does not allow",
    ),
    "language en_US": (
        BASE + 'language = "en_US"\n',
        ":3: error: language: 'en_US' is not a language tag: write 'en-US' (BCP 47 uses '-', "
        "not '_')",
    ),
    "site_url with a query": (
        'title = "T"\nsite_url = "https://example.org/?page=1"\n',
        ":2: error: site_url: 'https://example.org/?page=1' has a query or fragment; give the "
        "site's plain address (https://host/path/)",
    ),
    "site_url with a fragment": (
        'title = "T"\nsite_url = "https://example.org/#top"\n',
        ":2: error: site_url: 'https://example.org/#top' has a query or fragment; give the "
        "site's plain address (https://host/path/)",
    ),
    "site_url with a password": (
        'title = "T"\nsite_url = "https://me:secret@example.org/"\n',
        ":2: error: site_url: 'https://me:secret@example.org/' has a user name or password; "
        "give the site's plain address (https://host/path/)",
    ),
    "site_url with a space": (
        'title = "T"\nsite_url = "https://exa mple.org/"\n',
        ":2: error: site_url: 'https://exa mple.org/' holds a space, which no IRI may "
        "(percent-encode it) (e.g. https://example.org/)",
    ),
    "permalink with a format spec": (
        BASE + 'permalink = "/{slug:>300}/"\n',
        f":3: error: permalink: {{slug:>300}} in '/{{slug:>300}}/' is not a placeholder; "
        f"{PLACEHOLDERS}",
    ),
    "permalink with attribute access": (
        BASE + 'permalink = "/{slug.__class__}/"\n',
        ":3: error: permalink: {slug.__class__} in '/{slug.__class__}/' is not a placeholder; "
        f"{PLACEHOLDERS}",
    ),
    "permalink with a conversion": (
        BASE + 'permalink = "/{year!r}/{slug}/"\n',
        f":3: error: permalink: {{year!r}} in '/{{year!r}}/{{slug}}/' is not a placeholder; "
        f"{PLACEHOLDERS}",
    ),
    "permalink with an unclosed brace": (
        BASE + 'permalink = "/{slug/"\n',
        ":3: error: permalink: '/{slug/': expected '}' before end of string (write {{ and }} "
        "for a brace)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_setting_is_a_located_error_and_nothing_changes(site: Site, case: str) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    before = site.snapshot()
    text, message = BAD_SETTINGS[case]
    site.settings = text
    result = site.build()
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines() == [
        f"{site.root / 'site.toml'}{message}",
        "build failed: 1 problem; nothing written",
    ]
    assert site.snapshot() == before


def test_a_settings_file_with_a_byte_order_mark_is_read(site: Site) -> None:
    site.write("good.md", GOOD)
    config = site.root / "bom.toml"
    config.write_bytes(codecs.BOM_UTF8 + SETTINGS.encode())
    result = site.build("--config", str(config))  # the last --config wins
    assert (result.code, result.err) == (0, "")


def test_site_url_is_normalised_scheme_host_and_default_port(site: Site) -> None:
    site.settings = SETTINGS.replace("https://example.org/blog/", "HTTPS://EXAMPLE.org:443/blog")
    site.write("good.md", GOOD)
    assert site.build().code == 0
    feed = read_with_feedparser(site.feed())
    assert feed.feed.link == "https://example.org/blog/"
    assert feed.entries[0].link == "https://example.org/blog/posts/good/"


@pytest.mark.parametrize(
    "value, shown",
    [("99999999999999999", "'99999999999999999'"), ("abc", "'abc'"), ("-1", "'-1'")],
)
def test_a_bad_source_date_epoch_is_an_error(
    site: Site, monkeypatch: pytest.MonkeyPatch, value: str, shown: str
) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    before = site.snapshot()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = site.build()
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines() == [
        f"environment: error: SOURCE_DATE_EPOCH={shown} is not a time: it must be whole seconds "
        "since 1970-01-01 UTC, up to 253402300799 (9999-12-31), e.g. $(git log -1 "
        "--format=%ct); unset it to use the clock",
        "build failed: 1 problem; nothing written",
    ]
    assert site.snapshot() == before


def test_the_build_lock_is_per_real_folder_not_per_spelling(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    before = site.snapshot()
    alias = site.root / "alias"
    alias.symlink_to(site.out)
    with build_lock(site.out):  # a build writing through `build` right now
        result = site.build("--out", str(alias))
    assert result.code == 1
    lock = site.root / ".build.lock"
    assert result.err.splitlines() == [
        f"{alias}: error: another build is writing to {alias} right now (it holds {lock}); "
        "run this one again when it has finished",
        "build failed: 1 problem; nothing written",
    ]
    assert site.snapshot() == before
