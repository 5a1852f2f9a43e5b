"""Property tests: any text a person (or a scraper) can put in an article gives a feed that
passes our spec validation and reads back intact in feedparser.

The documented clean-up, and nothing else: control characters that XML 1.0 forbids or
discourages (C0 but tab and newline, C1, lone surrogates, U+FFFE/U+FFFF) are removed; in titles,
author names, tags and summaries every run of white space becomes one space and the ends are
trimmed; in bodies, white space is kept but line ends become `\\n`. A NUL byte makes a file
binary (refused), so bodies here carry none; front matter escapes them and they are removed.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from feedgen_app.config import BuildOptions, SiteConfig
from feedgen_app.content.xmlchars import remove_forbidden
from feedgen_app.pipeline import build
from feedgen_app.readers.fields import normalize_space
from feedgen_app.validate import validate_atom, validate_rss
from tests.feeds import read_with_feedparser

ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
LONG_TEXT = st.text(ANY_CHARACTER, min_size=1, max_size=400) | st.text(
    ANY_CHARACTER, min_size=2000, max_size=4000
)
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True)


def _clean(text: str) -> str:
    return normalize_space(remove_forbidden(text)[0])


def _build(files: dict[str, bytes]) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "items").mkdir()
        for name, data in files.items():
            (root / "items" / name).write_bytes(data)
        config = SiteConfig(
            title="Property site",
            site_url="https://example.org/",
            items_dir=root / "items",
            output_dir=root / "build",
            # Any text must round-trip; dropping page chrome ("Subscribe") is tested elsewhere.
            chrome_lines=(),
        )
        build(BuildOptions(config))
        feeds = {name: (root / "build" / name).read_bytes() for name in ("atom.xml", "rss.xml")}
    for name, validate in (("atom.xml", validate_atom), ("rss.xml", validate_rss)):
        findings = validate(feeds[name], self_url=f"https://example.org/{name}")
        assert [finding for finding in findings if finding.severity == "error"] == []
    return feeds


@EXAMPLES
@given(title=LONG_TEXT, author=LONG_TEXT, tags=st.lists(LONG_TEXT, max_size=4), summary=LONG_TEXT)
def test_any_front_matter_text_round_trips(
    title: str, author: str, tags: list[str], summary: str
) -> None:
    assume(_clean(title) and _clean(author) and _clean(summary))
    meta = {
        "title": title,
        "date": "2024-01-01T00:00:00Z",
        "author": {"name": author},
        "tags": tags,
        "summary": summary,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, width=float("inf"))
    feeds = _build({"a.md": f"---\n{front}---\nBody.\n".encode("utf-8", "surrogatepass")})
    # What the YAML says: YAML itself reads U+0085, U+2028 and U+2029 as line breaks.
    said = yaml.load(front, Loader=yaml.SafeLoader)
    title, author, tags, summary = (said[key] for key in ("title", "author", "tags", "summary"))
    author = author["name"]
    expected_tags = list(dict.fromkeys(tag for tag in map(_clean, tags) if tag))
    for name in ("atom.xml", "rss.xml"):
        [entry] = read_with_feedparser(feeds[name]).entries
        assert entry.title == _clean(title)
        assert [tag.term for tag in entry.get("tags", [])] == expected_tags
        summary_text = entry.summary if name == "atom.xml" else html.unescape(entry.summary)
        assert summary_text == _clean(summary)
        names = [entry.author_detail.name] if name == "atom.xml" else [entry.author]
        assert names == [_clean(author)]


BODY_CHARACTER = st.characters(codec=None, exclude_categories=("Cs",), exclude_characters="\x00")


@EXAMPLES
@given(body=st.text(BODY_CHARACTER, min_size=1, max_size=3000))
def test_any_plain_text_body_round_trips(body: str) -> None:
    text = remove_forbidden(body)[0]
    assume(normalize_space(text))
    data = f"Title: Any body\n\n{body}\n".encode()
    feeds = _build({"a.txt": data})
    for name in ("atom.xml", "rss.xml"):
        [entry] = read_with_feedparser(feeds[name]).entries
        content = entry.content[0].value
        assert re.fullmatch(r"(<p>[^<>]*</p>\n?)*", content)
        shown = html.unescape(re.sub(r"</?p>", " ", content))
        assert normalize_space(shown) == normalize_space(text)
