"""Small sites written here in the style of Jekyll, Hugo and Zola (not copied from real blogs).

For each: the feed lists exactly the articles the generator would list, newest first by its own
date rules, with its URLs and ids (expected values written by hand from each generator's
documented rules), no template syntax in any content, and `check --strict` finds nothing.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from feedgen_app.cli import main
from tests.feeds import ATOM, atom_entries, parse_xml

SITE = "https://example.org/blog/"
TEMPLATE_SYNTAX = re.compile(r"\{\{[<%]|[>%]\}\}|\{%|%\}|\{\{\s*[\w.]+\s*(\||\}\})")


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _build(root: Path, settings: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    (root / "feedgen.toml").write_text(
        f'title = "Blog"\nsite_url = "{SITE}"\noutput = "out"\n{settings}', encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["build", "--config", str(root / "feedgen.toml")]) == 0
    out = capsys.readouterr()
    assert main(["check", "--strict", "--config", str(root / "feedgen.toml")]) == 0
    assert capsys.readouterr().out.strip().endswith("no problems")
    return out.out, out.err


def _entries(root: Path, *literal: str) -> list[tuple[str, str, str, str]]:
    """(id, link, published, content) of every Atom entry, in feed order. No content holds
    template syntax, but for the `literal` texts the generator itself leaves as they are."""
    entries = []
    for entry in atom_entries((root / "out" / "atom.xml").read_bytes()):
        link = entry.find(f"{ATOM}link")
        assert link is not None
        content = entry.findtext(f"{ATOM}content") or ""
        rest = content
        for text in literal:
            rest = rest.replace(text, "")
        assert not TEMPLATE_SYNTAX.search(rest), content
        published = entry.findtext(f"{ATOM}published") or ""
        entries.append(
            (entry.findtext(f"{ATOM}id") or "", link.get("href") or "", published, content)
        )
    return entries


JEKYLL = {
    "_config.yml": "title: Blog\n",
    "_posts/2017-03-02-hello-world.markdown": """\
        ---
        layout: post
        title: Hello world
        tags: [intro, meta]
        ---
        Code at {{ site.repository }}; [docs]({{ "/docs/" | relative_url }}).

        {% highlight ruby %}
        puts "hi"
        {% endhighlight %}

        {% raw %}In Liquid write {{ page.title }}.{% endraw %}

        {% assign ws = page.tags | join: "," | split: "," %}{% for w in ws %}#{{ w }} {% endfor %}
        [Later]({% post_url 2017-04-10-later %}) and [jump](#top)
        """,
    "_posts/2017-04-10-later.md": """\
        ---
        title: Later
        date: 2017-04-10 09:00:00 -0700
        ---
        Back to [the first]({% link _posts/2017-03-02-hello-world.markdown %}).
        """,
    "_posts/2017-05-01-typo.md": """\
        ---
        title: Typo in the date
        date: 2017-05-01 18:30:22 2017 -0800
        ---
        Ruby reads this date.
        """,
    "_posts/2017-06-01-unpublished.md": "---\ntitle: Not yet\npublished: false\n---\nx\n",
}


def test_jekyll_site_gives_jekyll_feeds_items_urls_and_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, JEKYLL)
    settings = (
        'items = "_posts"\npermalink = "/{year}/{month}/{day}/{slug}.html"\n'
        'id_style = "jekyll-feed"\n[site]\nrepository = "me/blog"\n'
    )
    _, err = _build(tmp_path, settings, capsys)
    entries = _entries(tmp_path, "{{ page.title }}")
    assert [(id_, link, published) for id_, link, published, _ in entries] == [
        (
            "https://example.org/blog/2017/05/01/typo",
            "https://example.org/blog/2017/05/01/typo.html",
            "2017-05-01T18:30:22-08:00",
        ),
        (
            "https://example.org/blog/2017/04/10/later",
            "https://example.org/blog/2017/04/10/later.html",
            "2017-04-10T09:00:00-07:00",
        ),
        (
            "https://example.org/blog/2017/03/02/hello-world",
            "https://example.org/blog/2017/03/02/hello-world.html",
            "2017-03-02T00:00:00+00:00",
        ),
    ]
    first = entries[2][3]
    assert "Code at me/blog" in first and 'href="https://example.org/blog/docs/"' in first
    assert '<pre><code class="language-ruby">puts "hi"\n</code></pre>' in first
    assert "<p>In Liquid write {{ page.title }}.</p>" in first
    assert "#intro #meta" in first
    assert 'href="https://example.org/blog/2017/04/10/later.html"' in first
    assert 'href="https://example.org/blog/2017/03/02/hello-world.html#top"' in first
    assert 'href="https://example.org/blog/2017/03/02/hello-world.html"' in entries[1][3]
    typo = tmp_path / "_posts/2017-05-01-typo.md"
    assert f"{typo}:3: warning: date: read '2017-05-01 18:30:22 2017 -0800'" in err
    assert "file name says" not in err
    assert not (tmp_path / "_posts" / ".feedgen-dates.toml").exists()


HUGO = {
    "hugo.toml": 'baseURL = "https://example.org/blog/"\n',
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    "content/posts/bundle/index.md": """\
        ---
        title: "A *bundle*"
        date: 2024-05-02T10:00:00+02:00
        ---
        Intro with {{closure}}.<!--more-->

        {{< figure src="cover.jpg" caption="Cover" >}}

        {{< youtube dQw4w9WgXcQ >}} See [the other]({{< ref "posts/other.md" >}}).

        {{% note %}}A note.{{% /note %}}
        """,
    "content/posts/bundle/cover.jpg": "not really a JPEG",
    "content/posts/other.md": """\
        +++
        title = "Other"
        date = 2024-05-01
        tags = ["Go"]
        +++
        Plain {{ steps.auth.outputs.token }} text.
        """,
    "content/posts/draft.md": "---\ntitle: Draft\ndate: 2024-05-03\ndraft: true\n---\nx\n",
    "content/search.md": "---\ntitle: Search\nheadless: true\n---\nx\n",
    "content/notes/built.md": "---\ntitle: Never built\nbuild:\n  render: never\n---\nx\n",
    # Hugo keeps a date prefix in the URL (unless [frontmatter] says :filename).
    "content/notes/2024-04-01-first.md": "---\ndate: 2024-04-01\n---\n# First *note* `code`\n\nx\n",
}


def test_hugo_site_gives_hugo_feeds_items_urls_and_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, HUGO)
    out, err = _build(tmp_path, 'items = "content"\n', capsys)
    entries = _entries(tmp_path, "{{closure}}", "{{ steps.auth.outputs.token }}")
    assert [(id_, link) for id_, link, _, _ in entries] == [
        ("https://example.org/blog/posts/bundle/", "https://example.org/blog/posts/bundle/"),
        ("https://example.org/blog/posts/other/", "https://example.org/blog/posts/other/"),
        (
            "https://example.org/blog/notes/2024-04-01-first/",
            "https://example.org/blog/notes/2024-04-01-first/",
        ),
    ]
    bundle = entries[0][3]
    assert "Intro with {{closure}}." in bundle
    assert '<img src="https://example.org/blog/posts/bundle/cover.jpg" alt="Cover">' in bundle
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in bundle
    assert 'href="https://example.org/blog/posts/other/"' in bundle
    assert "Plain {{ steps.auth.outputs.token }} text." in entries[1][3]
    assert "passed over 2 pages that are not articles" in out
    assert "left out 1 draft" in out
    [note] = [line for line in err.splitlines() if "shortcode" in line]
    assert note.startswith(f"{tmp_path / 'content/posts/bundle/index.md'}:11: warning: ")
    feed = (tmp_path / "out" / "atom.xml").read_text()
    assert "<title>First note code</title>" in feed
    assert '<summary type="text">Intro with {{closure}}.</summary>' in feed


ZOLA = {
    "config.toml": 'base_url = "https://example.org/blog"\ntitle = "Blog"\n',
    "content/_index.md": "+++\ntitle = 'Home'\n+++\n",
    "content/blog/_index.md": "+++\ntitle = 'Blog'\nsort_by = 'date'\n+++\n",
    "content/blog/first.md": """\
        +++
        title = "First"
        path = "2024/05/01/first-post"
        [taxonomies]
        tags = ["rust"]
        +++
        {{ youtube(id="abc123") }} and code `{{ youtube(id="kept") }}`, {{r0, r1}}.
        """,
    "content/blog/second.md": """\
        +++
        title = "Second"
        path = "/2024/06/10/second"
        +++
        {% note(kind="tip") %}
        Inner *text*.
        {% end %}
        """,
    "content/latest.md": '+++\ntemplate = "latest.html"\n+++\n',
    "content/blog/hidden.md": "+++\ntitle = 'Hidden'\nrender = false\n+++\nx\n",
}


def test_zola_site_gives_zola_feeds_items_urls_and_dates_from_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, ZOLA)
    out, _ = _build(tmp_path, 'items = "content"\ntimezone = "Europe/Berlin"\n', capsys)
    entries = _entries(tmp_path, '{{ youtube(id="kept") }}', "{{r0, r1}}")
    assert [(id_, link, published) for id_, link, published, _ in entries] == [
        (
            "https://example.org/blog/2024/06/10/second/",
            "https://example.org/blog/2024/06/10/second/",
            "2024-06-10T00:00:00+02:00",
        ),
        (
            "https://example.org/blog/2024/05/01/first-post/",
            "https://example.org/blog/2024/05/01/first-post/",
            "2024-05-01T00:00:00+02:00",
        ),
    ]
    assert 'href="https://www.youtube.com/watch?v=abc123"' in entries[1][3]
    assert '<code>{{ youtube(id="kept") }}</code>, {{r0, r1}}.' in entries[1][3]
    assert "<p>Inner <em>text</em>.</p>" in entries[0][3]
    assert "passed over 2 pages that are not articles" in out
    assert not (tmp_path / "content" / ".feedgen-dates.toml").exists()


def test_a_date_in_the_folders_dates_an_undated_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        tmp_path,
        {
            "items/2024/05/01/slug.md": "# In dated folders\n\nx\n",
            "items/2024-06-02-bundle/index.md": "# In a dated bundle\n\nx\n",
        },
    )
    _build(tmp_path, "", capsys)
    assert [published for _, _, published, _ in _entries(tmp_path)] == [
        "2024-06-02T00:00:00+00:00",
        "2024-05-01T00:00:00+00:00",
    ]
    assert not (tmp_path / "items" / ".feedgen-dates.toml").exists()


def _build_site(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    """`build --site site` from `root` (the current folder); nothing new inside the site."""
    site = root / "site"
    before = sorted(site.rglob("*"))
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["build", "--site", "site"]) == 0
    out = capsys.readouterr().out
    assert main(["check", "--strict", "--site", "site"]) == 0
    assert capsys.readouterr().out.strip().endswith("no problems")
    assert sorted(site.rglob("*")) == before
    return out


def _ids(root: Path, name: str) -> list[str]:
    """The entry ids (Atom) or guids (RSS) of `build/name`, in feed order."""
    feed = (root / "build" / name).read_bytes()
    if name.endswith("index.xml"):
        return [guid.text or "" for guid in parse_xml(feed).iter("guid")]
    return [entry.findtext(f"{ATOM}id") or "" for entry in atom_entries(feed)]


def test_site_option_reads_a_jekyll_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = """\
        title: Jekyll blog
        url: https://example.org
        baseurl: /blog
        description: Notes
        author: { name: Ada, email: ada@example.org }
        timezone: America/Los_Angeles
        repository: me/blog
        permalink: date
        collections:
          posts:
            permalink: /:year/:title/
        """
    _write(tmp_path / "site", {**JEKYLL, "_config.yml": config})
    out = _build_site(tmp_path, monkeypatch, capsys)
    assert out.startswith(
        f"detected a Jekyll site: {Path('site/_config.yml')} gives title, site_url, "
        f"description, author, timezone, permalink, feeds; articles from {Path('site/_posts')}\n"
    )
    # jekyll-feed's file; the collection's permalink wins; ids: URL folder + slug.
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["feed.xml"]
    assert _ids(tmp_path, "feed.xml") == [
        "https://example.org/blog/2017/typo",
        "https://example.org/blog/2017/later",
        "https://example.org/blog/2017/hello-world",
    ]
    feed = (tmp_path / "build" / "feed.xml").read_text()
    assert "<title>Jekyll blog</title>" in feed and "<name>Ada</name>" in feed
    assert "Code at me/blog" in feed  # site.* is the whole _config.yml
    assert "<published>2017-03-02T00:00:00-08:00</published>" in feed


def test_site_option_reads_hugo_and_our_settings_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {**HUGO, "hugo.toml": 'baseURL = "https://example.org/blog/"\ntitle = "Hugo blog"\n'}
    _write(tmp_path / "site", files)
    (tmp_path / "feedgen.toml").write_text('title = "Ours"\n', encoding="utf-8")
    out = _build_site(tmp_path, monkeypatch, capsys)
    assert "detected a Hugo site" in out and "feedgen.toml overrides" in out
    # Hugo's RSS: index.xml for the site, each section and each tag, every item.
    bundle, other, first = (
        "https://example.org/blog/posts/bundle/",
        "https://example.org/blog/posts/other/",
        "https://example.org/blog/notes/2024-04-01-first/",
    )
    assert _ids(tmp_path, "index.xml") == [bundle, other, first]
    assert _ids(tmp_path, "posts/index.xml") == [bundle, other]
    assert _ids(tmp_path, "notes/index.xml") == [first]
    assert _ids(tmp_path, "tags/go/index.xml") == [other]
    assert "<title>Ours</title>" in (tmp_path / "build" / "index.xml").read_text()


def test_site_option_reads_a_zola_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = """\
        base_url = "https://example.org/blog"
        title = "Blog"
        generate_feeds = true
        feed_filenames = ["atom.xml", "rss.xml"]
        taxonomies = [{ name = "tags", feed = true }]
        """
    _write(tmp_path / "site", {**ZOLA, "config.toml": config})
    out = _build_site(tmp_path, monkeypatch, capsys)
    assert "detected a Zola site" in out
    second, first = (
        "https://example.org/blog/2024/06/10/second/",
        "https://example.org/blog/2024/05/01/first-post/",
    )
    assert _ids(tmp_path, "atom.xml") == [second, first]
    assert (tmp_path / "build" / "rss.xml").is_file()
    assert _ids(tmp_path, "tags/rust/atom.xml") == [first]


def test_site_option_refuses_a_folder_that_is_no_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--site", "site"]) == 1
    assert "site: error: not a Jekyll (_config.yml), Hugo" in capsys.readouterr().err


def test_jekyll_categories_are_in_the_urls_and_ids_as_jekyll_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        tmp_path / "site",
        {
            "_config.yml": "title: Blog\nurl: https://example.org\nbaseurl: /blog\n",
            "_posts/2017-04-10-later.md": (
                "---\ntitle: Later\ncategories: [Web Dev, notes, Notes]\n---\nx\n"
            ),
            "_posts/2017-03-02-first.md": "---\ntitle: First\ncategory: misc\n---\nx\n",
            "_posts/2017-02-01-plain.md": "---\ntitle: Plain\n---\nx\n",
        },
    )
    _build_site(tmp_path, monkeypatch, capsys)
    feed = (tmp_path / "build" / "feed.xml").read_bytes()
    links = [
        link.get("href") for link in parse_xml(feed).iter(f"{ATOM}link") if link.get("rel") is None
    ]
    # permalink "date": /:categories/:year/:month/:day/:title:output_ext, categories lower-cased
    assert links == [
        "https://example.org/blog/web%20dev/notes/2017/04/10/later.html",
        "https://example.org/blog/misc/2017/03/02/first.html",
        "https://example.org/blog/2017/02/01/plain.html",
    ]
    assert _ids(tmp_path, "feed.xml") == [
        "https://example.org/blog/web%20dev/notes/2017/04/10/later",
        "https://example.org/blog/misc/2017/03/02/first",
        "https://example.org/blog/2017/02/01/plain",
    ]
