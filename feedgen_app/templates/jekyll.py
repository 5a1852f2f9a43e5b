"""Jekyll's Liquid, rendered as Jekyll renders a post before its Markdown.

A Liquid engine, not regexes: posts use real logic (`assign`, `for` over front-matter lists,
`capture`, `if`, filter chains, `{% raw %}` around text that only looks like Liquid), and only a
parser of the language gets nesting, quoting and whitespace control right. python-liquid is the
maintained Python implementation of Shopify's Liquid; Jekyll's own tags (`highlight`, `link`,
`post_url`) and filters (`relative_url`, `slugify`, …) are registered on it here. As in Jekyll,
unknown variables render as nothing and unknown filters pass their value through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from io import StringIO
from typing import Any, TextIO
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from liquid import Environment
from liquid.ast import BlockNode, Node
from liquid.context import RenderContext
from liquid.exceptions import LiquidError
from liquid.filter import with_context
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from feedgen_app.templates.code import fenced
from feedgen_app.templates.targets import Lookups

LOOKUPS = "feedgen:lookups"
"""The global holding the article's `Lookups` (not a name a template can write)."""


class TemplateFailure(Exception):
    """A Liquid error, with the 0-based offset in the text where it happened."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def render_liquid(text: str, variables: Mapping[str, object], lookups: Lookups) -> str:
    """`text` rendered with `site`, `page` and the other `variables`; raises TemplateFailure."""
    try:
        template = _environment().from_string(text)
        return template.render(**variables, **{LOOKUPS: lookups})
    except LiquidError as exc:
        message = str(exc.args[0]) if exc.args else type(exc).__name__
        raise TemplateFailure(message, _offset(exc, text, message)) from exc


def _offset(exc: LiquidError, text: str, message: str) -> int:
    """Where the error is in `text`: its token's place, else the last opening tag of a block
    left unclosed (`expected tag endif`), else the start."""
    token = exc.token
    if token is not None and token.source == text and token.start_index >= 0:
        return token.start_index
    unclosed = re.search(r"expected tag end(\w+)", message)
    if unclosed:
        opened = list(re.finditer(rf"\{{%-?\s*{unclosed[1]}\b", text))
        if opened:
            return opened[-1].start()
    return 0


@cache
def _environment() -> Environment:
    env = Environment(strict_filters=False)
    for tag in (HighlightTag, LinkTag, PostUrlTag, IncludeTag):
        env.add_tag(tag)
    for name, function in _FILTERS.items():
        env.add_filter(name, function)
    return env


def _markup(stream: TokenStream, *, block: bool = False) -> tuple[Token, str]:
    """The tag token and the text after its name (`{% link a/b.md %}` -> `a/b.md`). The parser
    moves past an inline tag's last token itself; a block tag's body starts after it."""
    token = stream.eat(TOKEN_TAG)
    markup = ""
    if stream.current.kind == TOKEN_EXPRESSION:
        markup = stream.current.value.strip()
        if block:
            next(stream)
    return token, markup


class _LinkNode(Node):
    kind = "path"

    def __init__(self, token: Token, target: str) -> None:
        super().__init__(token)
        self.target = target

    def __str__(self) -> str:
        return self.target

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        lookups = context.globals[LOOKUPS]
        assert isinstance(lookups, Lookups)
        url = lookups.resolve(self.kind, self.target)
        if url is None:
            what = "post" if self.kind == "post" else "file"
            raise LiquidError(f"no article is the {what} {self.target!r}", token=self.token)
        # As Jekyll 4: the path on the site, `baseurl` included.
        parts = urlsplit(url)
        return buffer.write(parts.path + (f"#{parts.fragment}" if parts.fragment else ""))


class _PostUrlNode(_LinkNode):
    kind = "post"


class LinkTag(Tag):
    """`{% link _posts/2024-05-01-a.md %}`: the URL of that file's article."""

    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        return _LinkNode(*_markup(stream))


class PostUrlTag(Tag):
    """`{% post_url 2024-05-01-a %}`: the URL of the post with that file name."""

    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        return _PostUrlNode(*_markup(stream))


_PARAMETER = re.compile(r"""(\w[\w-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"']+)""")


class _IncludeNode(Node):
    def __init__(self, token: Token, markup: str) -> None:
        super().__init__(token)
        self.name, _, self.parameters = markup.partition(" ")

    def __str__(self) -> str:
        return f"{{% include {self.name} {self.parameters} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        lookups = context.globals[LOOKUPS]
        assert isinstance(lookups, Lookups)
        source = lookups.resolve("include", self.name)
        if source is None:
            message = f"include {self.name!r}: no such file in _includes; left out"
            lookups.notes.append((max(self.token.start_index, 0), message))
            return 0
        include = {
            key: self._value(raw, context) for key, raw in _PARAMETER.findall(self.parameters)
        }
        template = context.env.from_string(source)
        with context.extend({"include": include}):
            template.render_with_context(context, buffer, partial=True)
        return 1

    @staticmethod
    def _value(raw: str, context: RenderContext) -> object:
        if raw[:1] in ("'", '"'):
            return raw[1:-1]
        value = StringIO()  # a variable: its value as text
        context.env.from_string("{{ " + raw + " }}").render_with_context(context, value)
        return value.getvalue()


class IncludeTag(Tag):
    """`{% include note.html text="…" %}`: that `_includes` file, rendered with `include.*`."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        return _IncludeNode(*_markup(stream))


class _HighlightNode(Node):
    def __init__(self, token: Token, language: str, block: BlockNode) -> None:
        super().__init__(token)
        self.language, self.block = language, block

    def __str__(self) -> str:
        return f"{{% highlight {self.language} %}}{self.block}{{% endhighlight %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = context.get_buffer(buffer)
        self.block.render(context, inner)
        return buffer.write(fenced(inner.getvalue().strip("\r\n"), self.language))

    def children(
        self, static_context: RenderContext, *, include_partials: bool = True
    ) -> Iterable[Node]:
        yield self.block


class HighlightTag(Tag):
    """`{% highlight ruby linenos %}…{% endhighlight %}`: a code block in that language, which
    the Markdown renderer turns into `<pre><code class="language-ruby">`, as Rouge's HTML."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token, markup = _markup(stream, block=True)
        language = markup.split()[0] if markup else ""
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return _HighlightNode(token, language, block)


def _site(context: RenderContext) -> Mapping[str, Any]:
    site = context.globals.get("site")
    return site if isinstance(site, Mapping) else {}


@with_context
def _relative_url(value: object, *, context: RenderContext) -> str:
    """Jekyll: `site.baseurl` + the path (a URL with a scheme is left alone)."""
    text = str(value or "")
    if urlsplit(text).scheme:
        return text
    base = str(_site(context).get("baseurl") or "").rstrip("/")
    return quote(f"{base}/{text.lstrip('/')}", safe="/:@!$&'()*+,;=-._~%#?")


@with_context
def _absolute_url(value: object, *, context: RenderContext) -> str:
    """Jekyll: `site.url` + `site.baseurl` + the path."""
    text = str(value or "")
    if urlsplit(text).scheme:
        return text
    relative: str = _relative_url(text, context=context)
    return str(_site(context).get("url") or "").rstrip("/") + relative


def _slugify(value: object, mode: str = "default") -> str:
    """Jekyll's `default` mode: every run of characters other than letters and digits -> `-`."""
    text = str(value or "")
    if mode == "raw":
        return re.sub(r"\s+", "-", text).strip("-").lower()
    return re.sub(r"(?:[^\w]|_)+", "-", text).strip("-").lower()


def _date(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _date_to_xmlschema(value: object) -> object:
    moment = _date(value)
    return moment.isoformat() if moment else value


def _date_to_string(value: object) -> object:
    moment = _date(value)
    return f"{moment.day:02d} {moment:%b} {moment.year}" if moment else value


def _date_to_long_string(value: object) -> object:
    moment = _date(value)
    return f"{moment.day:02d} {moment:%B} {moment.year}" if moment else value


def _number_of_words(value: object) -> int:
    return len(str(value or "").split())


def _array_to_sentence_string(value: object, connector: str = "and") -> str:
    items = [str(item) for item in value] if isinstance(value, list) else [str(value)]
    if len(items) <= 2:
        return f" {connector} ".join(items)
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def _jsonify(value: object) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _identity(value: object, *_args: object) -> object:
    return value


_FILTERS = {
    "relative_url": _relative_url,
    "absolute_url": _absolute_url,
    "slugify": _slugify,
    "xml_escape": lambda value: escape(str(value or ""), {'"': "&quot;"}),
    "cgi_escape": lambda value: quote(str(value or ""), safe="").replace("%20", "+"),
    "uri_escape": lambda value: quote(str(value or ""), safe="/:@!$&'()*+,;=-._~%#?"),
    "jsonify": _jsonify,
    "number_of_words": _number_of_words,
    "array_to_sentence_string": _array_to_sentence_string,
    "date_to_xmlschema": _date_to_xmlschema,
    "date_to_string": _date_to_string,
    "date_to_long_string": _date_to_long_string,
    "normalize_whitespace": lambda value: " ".join(str(value or "").split()),
    # The Markdown of the whole post is rendered after Liquid, so these change nothing here.
    "markdownify": _identity,
    "smartify": _identity,
}
