"""Hugo's and Zola's built-in shortcodes, rendered as those generators render them.

Embedded players become links (feed readers drop iframes, and the sanitizer removes them):
a YouTube video is a link to its page. Each renderer gets the call and returns Markdown/HTML text,
or None for a shortcode it does not know (its inner text is then kept, with a warning).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from feedgen_app.templates.code import fenced
from feedgen_app.templates.targets import Lookups

_ARGUMENT = re.compile(
    r"""(?:(?P<key>[A-Za-z_][\w-]*)\s*=\s*)?"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s,"'`]+)"""
)


@dataclass
class Call:
    """One shortcode use: its name, arguments, the text between its tags, and its line."""

    name: str
    positional: list[str]
    named: dict[str, str]
    inner: str | None
    line: int

    def get(self, key: str, position: int | None = None) -> str | None:
        if key in self.named:
            return self.named[key]
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return None


@dataclass
class Scope:
    """What shortcodes may read (the page, the site, other articles) and the unknown names."""

    page: Mapping[str, object]
    site: Mapping[str, object]
    lookups: Lookups
    unknown: dict[str, int] = field(default_factory=dict)
    """Unknown shortcode name -> the line of its first use."""
    unresolved: list[tuple[int, str]] = field(default_factory=list)
    """(line, reference) of `ref`s no article answers."""


def with_escapes_kept(
    text: str, escape: re.Pattern[str], outer: str, expand: Callable[[str], str]
) -> str:
    """`expand(text)` with the generator's escaped shortcodes (`{{</* x */>}}` in Hugo,
    `{{/* x */}}` in Zola: groups 1 to 3 of `escape`) kept out of it and written back
    unescaped, wrapped in `outer` and its mirror."""
    literals: list[str] = []

    def hold(match: re.Match[str]) -> str:
        closing = outer.replace("{", "}")
        literals.append(outer + match[1] + match[2] + match[3] + closing)
        return f"\x01{len(literals) - 1}\x01"

    expanded = expand(escape.sub(hold, text))
    return re.sub(r"\x01(\d+)\x01", lambda m: literals[int(m[1])], expanded)


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """`a "b c" key="v" n=1` -> (["a", "b c"], {"key": "v", "n": "1"})."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARGUMENT.finditer(text):
        value = _unquote(match["value"])
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
    return positional, named


def _unquote(value: str) -> str:
    if value[:1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if value[:1] in ("'", "`"):
        return value[1:-1]
    return value


def link(url: str, text: str | None = None) -> str:
    shown = html.escape(text or url, quote=False)
    return f'<a href="{html.escape(url)}">{shown}</a>'


def _attribute(name: str, value: str | None) -> str:
    return f' {name}="{html.escape(value)}"' if value else ""


def hugo_figure(call: Call, _scope: Scope) -> str:
    """Hugo's embedded `figure` template, on one line (so Markdown keeps it one HTML block)."""
    src, caption, title = call.get("src"), call.get("caption"), call.get("title")
    alt = call.get("alt") or caption
    image = f"<img{_attribute('src', src)}{_attribute('alt', alt)}>"
    if call.get("link"):
        image = f'<a href="{html.escape(call.get("link") or "")}">{image}</a>'
    captions = ""
    if title:
        captions += f"<h4>{html.escape(title)}</h4>"
    if caption or call.get("attr"):
        captions += f"<p>{html.escape(caption or '')}{html.escape(call.get('attr') or '')}</p>"
    figcaption = f"<figcaption>{captions}</figcaption>" if captions else ""
    return f"<figure{_attribute('class', call.get('class'))}>{image}{figcaption}</figure>"


def _video(base: str, key: str = "id") -> Callable[[Call, Scope], str | None]:
    def render(call: Call, _scope: Scope) -> str | None:
        ident = call.get(key, 0)
        return link(base + ident, call.get("title")) if ident else None

    return render


def hugo_ref(call: Call, scope: Scope) -> str | None:
    """`ref` / `relref`: the permalink of the article at that content path (or name)."""
    target = call.get("path", 0)
    if target is None:
        return None
    url = scope.lookups.resolve("path", target)
    if url is None:
        scope.unresolved.append((call.line, target))
        return target
    return url


def _highlight(call: Call, _scope: Scope) -> str | None:
    language = call.get("lang", 0) or ""
    return fenced((call.inner or "").strip("\n"), language)


def _param(call: Call, scope: Scope) -> str | None:
    name = call.get("name", 0)
    if name is None:
        return None
    value = scope.page.get(name, scope.site.get(name))
    return "" if value is None else str(value)


def _gist(call: Call, _scope: Scope) -> str | None:
    user, ident = call.get("user", 0), call.get("id", 1)
    return link(f"https://gist.github.com/{user}/{ident}") if user and ident else None


def _post(base: str) -> Callable[[Call, Scope], str | None]:
    def render(call: Call, _scope: Scope) -> str | None:
        user, ident = call.get("user", 0), call.get("id", 1)
        return link(f"{base}/{user}/status/{ident}") if user and ident else None

    return render


def _details(call: Call, _scope: Scope) -> str:
    summary = html.escape(call.get("summary") or "Details", quote=False)
    return f"<details>\n<summary>{summary}</summary>\n\n{call.inner or ''}\n\n</details>"


def _nothing(_call: Call, _scope: Scope) -> str:
    return ""


Renderer = Callable[[Call, Scope], "str | None"]

HUGO: dict[str, Renderer] = {
    "figure": hugo_figure,
    "youtube": _video("https://www.youtube.com/watch?v="),
    "vimeo": _video("https://vimeo.com/"),
    "instagram": lambda call, _s: link(f"https://www.instagram.com/p/{call.get('id', 0)}/"),
    "gist": _gist,
    "x": _post("https://x.com"),
    "tweet": _post("https://twitter.com"),
    "ref": hugo_ref,
    "relref": hugo_ref,
    "highlight": _highlight,
    "param": _param,
    "details": _details,
    "comment": _nothing,
}

ZOLA: dict[str, Renderer] = {
    "youtube": _video("https://www.youtube.com/watch?v="),
    "vimeo": _video("https://vimeo.com/"),
    "streamable": _video("https://streamable.com/"),
    "gist": lambda call, _s: link(call.get("url") or "") if call.get("url") else None,
}
