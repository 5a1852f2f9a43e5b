"""Template syntax in bodies: rendered as the article's generator renders it, else left as text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from feedgen_app.stages import render
from tests.conftest import SETTINGS, Site
from tests.feeds import ATOM, atom_entries


def _settings(permalink: str, extra: str = "") -> str:
    return SETTINGS.replace('permalink = "/posts/{slug}/"', f'permalink = "{permalink}"') + extra


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def _contents(site: Site, *args: str) -> dict[str, str]:
    result = site.build(*args)
    assert result.code == 0, result.err
    return {
        entry.findtext(f"{ATOM}title") or "": entry.findtext(f"{ATOM}content") or ""
        for entry in atom_entries(site.feed())
    }


JEKYLL_POST = """\
    ---
    title: Liquid post
    links: [Alpha One, Beta]
    ---
    Repo {{ site.repository }} base [{{ site.baseurl }}] [docs]({{ "/docs/" | relative_url }})
    abs {{ "/x/" | absolute_url }} page {{ page.title | upcase }} at {{ page.url }}

    {% highlight ruby linenos %}
    puts "{{ 1 | plus: 1 }}" if a < b
    {% endhighlight %}

    {% raw %}{{ kept.as.text }} {% if x %}{% endraw %}

    {% assign parts = "a-b" | split: "-" %}{% for p in parts %}[{{ p | prepend: "x" }}]{% endfor %}
    {% for l in page.links %}({{ l | slugify }}){% endfor %}

    Next [post]({% post_url 2024-05-02-next %}), [file]({% link _posts/2024-05-02-next.md %}),
    [anchor]({% post_url 2024-05-02-next %}#part)
    """


def _jekyll_site(site: Site) -> Path:
    extra = 'items = "_posts"\n[site]\nrepository = "me/blog"\n'
    site.settings = _settings("/{year}/{month}/{day}/{slug}.html", extra)
    posts = site.root / "_posts"
    _write(posts, "2024-05-01-liquid.md", JEKYLL_POST)
    _write(posts, "2024-05-02-next.md", "---\ntitle: Next\n---\nNext body\n")
    return posts


def test_jekyll_liquid_renders_tags_filters_and_logic(site: Site) -> None:
    _jekyll_site(site)
    content = _contents(site)["Liquid post"]
    next_url = "https://example.org/blog/2024/05/02/next.html"
    assert "Repo me/blog base [/blog]" in content
    assert 'href="https://example.org/blog/docs/"' in content
    assert "abs https://example.org/blog/x/ page LIQUID POST at /blog/2024/05/01/liquid.html" in (
        content
    )
    assert '<pre><code class="language-ruby">puts "2" if a &lt; b\n</code></pre>' in content
    assert "{{ kept.as.text }} {% if x %}" in content
    assert "[xa][xb]" in content and "(alpha-one)(beta)" in content
    assert f'<a href="{next_url}">post</a>' in content
    assert f'<a href="{next_url}">file</a>' in content
    assert f'<a href="{next_url}#part">anchor</a>' in content


def test_render_with_liquid_false_keeps_a_posts_liquid_as_text(site: Site) -> None:
    posts = _jekyll_site(site)
    post = "---\ntitle: Verbatim\nrender_with_liquid: false\n---\n{{ site.title }} {% if x %}\n"
    _write(posts, "2024-05-05-verbatim.md", post)
    assert "{{ site.title }} {% if x %}" in _contents(site)["Verbatim"]


def test_liquid_in_plain_items_is_text(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n{{ site.title }} {% if x %}\n")
    assert "{{ site.title }} {% if x %}" in _contents(site)["A"]


def test_liquid_error_names_file_and_line(site: Site) -> None:
    posts = _jekyll_site(site)
    _write(posts, "2024-05-03-bad.md", "---\ntitle: Bad\n---\nfine\n\n{% unknown_tag x %}\n")
    _write(
        posts, "2024-05-04-open.md", "---\ntitle: Open\n---\n{% if a %}x{% endif %}\n{% if b %}\n"
    )
    result = site.build()
    assert result.code == 1
    assert f"{posts / '2024-05-03-bad.md'}:6: error: Liquid:" in result.err
    assert f"{posts / '2024-05-04-open.md'}:5: error: Liquid: expected tag endif" in result.err


def test_a_rename_of_a_linked_post_renders_the_linking_post_again(site: Site) -> None:
    posts = _jekyll_site(site)
    assert "2024/05/02/next.html" in _contents(site)["Liquid post"]
    (posts / "2024-05-02-next.md").write_text("---\ntitle: Next\nslug: renamed\n---\nx\n")
    content = _contents(site)["Liquid post"]
    assert "2024/05/02/renamed.html" in content and "next.html" not in content


HUGO_POST = """\
    ---
    title: Shortcodes
    date: 2024-05-02
    ---
    Text {{closure}} and {{ steps.auth.outputs.token }} and {{r0, r1}}.

    {{< figure src="pic.jpg" caption="A pic" >}}

    {{< youtube dQw4w9WgXcQ >}}

    See [other]({{< ref "posts/other.md" >}}) and `{{< youtube inline >}}`.

    {{% note %}}
    Inner **text**
    {{% /note %}}

    {{% note %}}again{{% /note %}}

    {{</* figure src="literal" */>}}

    ```
    {{< ref "in-code" >}}
    ```
    """


def test_hugo_shortcodes_render_and_other_braces_stay(site: Site) -> None:
    site.settings = _settings("/{path}/", 'generator = "hugo"\n')
    site.write("posts/bundle/index.md", HUGO_POST)
    site.write("posts/other.md", "+++\ntitle = 'Other'\ndate = 2024-05-01\n+++\nx\n")
    result = site.build()
    content = _contents(site)["Shortcodes"]
    base = "https://example.org/blog/posts/"
    assert "Text {{closure}} and {{ steps.auth.outputs.token }} and {{r0, r1}}." in content
    figcaption = "<figcaption><p>A pic</p></figcaption>"
    assert f'<figure><img src="{base}bundle/pic.jpg" alt="A pic">{figcaption}</figure>' in content
    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert f'<a href="{video}">{video}</a>' in content
    assert f'<a href="{base}other/">other</a>' in content
    assert "<code>{{&lt; youtube inline &gt;}}</code>" in content
    assert "<p>Inner <strong>text</strong></p>" in content and "<p>again</p>" in content
    assert '{{&lt; figure src="literal" &gt;}}' in content
    assert '<pre><code>{{&lt; ref "in-code" &gt;}}\n</code></pre>' in content
    path = site.items / "posts/bundle/index.md"
    notes = [line for line in result.err.splitlines() if "shortcode" in line]
    assert notes == [
        f"{path}:13: warning: unknown Hugo shortcode 'note': kept its inner text "
        "(feeds cannot run the site's own shortcode templates)"
    ]


ZOLA_POST = """\
    +++
    title = "Zola"
    date = 2024-05-01
    +++
    Text {{closure}} {{ steps.auth.outputs.token }} {{r0, r1}}

    {{ youtube(id="abc123") }}

    {% note(kind="tip") %}
    Tip *text*
    {% end %}

    {{/* youtube(id="literal") */}} `{{ youtube(id="in-code") }}`
    """


def test_zola_shortcodes_render_and_other_braces_stay(site: Site) -> None:
    site.settings = SETTINGS + 'generator = "zola"\n'
    site.write("a.md", ZOLA_POST)
    result = site.build()
    content = _contents(site)["Zola"]
    assert "Text {{closure}} {{ steps.auth.outputs.token }} {{r0, r1}}" in content
    video = "https://www.youtube.com/watch?v=abc123"
    assert f'<a href="{video}">{video}</a>' in content
    assert "<p>Tip <em>text</em></p>" in content
    assert '{{ youtube(id="literal") }} <code>{{ youtube(id="in-code") }}</code>' in content
    assert f"{site.items / 'a.md'}:9: warning: unknown Zola shortcode 'note'" in result.err


def test_generator_auto_uses_the_site_around_the_items_folder(site: Site) -> None:
    (site.root / "config.toml").write_text('base_url = "https://example.org/blog"\n')
    site.write("a.md", ZOLA_POST)
    assert "youtube.com/watch?v=abc123" in _contents(site)["Zola"]


@pytest.mark.parametrize("window", [render.WINDOW, 1])  # 1: many windows, two in flight
def test_rendering_on_several_cores_gives_the_same_content(
    site: Site, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    _jekyll_site(site)
    serial = _contents(site)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "WINDOW", window)
    site.settings += "# another setting text: every article is rendered again\n"
    (site.root / ".feedgen-cache").rename(site.root / "old-cache")
    assert _contents(site) == serial


def test_jekyll_includes_come_from_the_sites_includes_folder(site: Site) -> None:
    posts = _jekyll_site(site)
    note = site.root / "_includes" / "note.html"
    note.parent.mkdir()
    note.write_text("<aside>{{ include.text }}: {{ page.title }}</aside>\n", encoding="utf-8")
    body = """\
        ---
        title: Includes
        ---
        {% include note.html text="Careful" %}

        {% assign word = "Twice" %}{% include note.html text=word %}

        {% include missing.html %}
        """
    _write(posts, "2024-05-04-includes.md", body)
    result = site.build()
    content = _contents(site)["Includes"]
    assert "<aside>Careful: Includes</aside>" in content
    assert "<aside>Twice: Includes</aside>" in content
    where = posts / "2024-05-04-includes.md"
    message = "include 'missing.html': no such file in _includes; left out"
    assert f"{where}:8: warning: {message}" in result.err
    note.write_text("<aside>{{ include.text }}!</aside>\n", encoding="utf-8")
    assert "<aside>Careful!</aside>" in _contents(site)["Includes"]  # not the cached HTML


def test_a_feed_without_the_renamed_post_still_gets_the_new_link(site: Site) -> None:
    """The tag feed carries only the linking post: its inputs include the other posts' URLs."""
    posts = _jekyll_site(site)
    site.settings = site.settings.replace("[site]", "tag_feeds = true\n[site]")
    tagged = "---\ntitle: Tagged\ntags: [x]\n---\n[next]({% post_url 2024-05-02-next %})\n"
    _write(posts, "2024-05-06-tagged.md", tagged)
    assert site.build().code == 0
    # A build that decides the tagged post from the cache, as every later build does.
    with (posts / "2024-05-01-liquid.md").open("a") as post:
        post.write("\nMore.\n")
    assert site.build().code == 0
    tag_feed = site.out / "tags" / "x" / "atom.xml"
    assert "2024/05/02/next.html" in tag_feed.read_text()
    (posts / "2024-05-02-next.md").write_text("---\ntitle: Next\nslug: renamed\n---\nx\n")
    assert site.build().code == 0
    assert "2024/05/02/renamed.html" in tag_feed.read_text()


def test_a_shortcode_warning_is_said_once_in_every_build_until_fixed(site: Site) -> None:
    site.settings = _settings("/{path}/", 'generator = "hugo"\ntag_feeds = true\n')
    site.write("posts/a.md", "---\ntitle: A\ndate: 2024-05-01\ntags: [t]\n---\n{{< mine >}}\n")
    site.write("posts/b.md", "---\ntitle: B\ndate: 2024-05-02\n---\nb\n")
    message = f"{site.items / 'posts/a.md'}:6: warning: unknown Hugo shortcode 'mine'"
    for edit in ("", "more"):
        site.write("posts/b.md", f"---\ntitle: B\ndate: 2024-05-02\n---\nb {edit}\n")
        result = site.build()
        assert result.code == 0 and result.err.count(message) == 1, result.err
