"""Hugo shortcodes: `{{< name args >}}`, `{{% name %}}…{{% /name %}}`, `{{</* literal */>}}`.

Anything else with braces (`{{closure}}`, `{{ steps.auth.outputs.token }}`) is text in Hugo
content, and stays text here.
"""

from __future__ import annotations

import re

from feedgen_app.templates.shortcodes import HUGO, Call, Scope, arguments, with_escapes_kept

_TAG = re.compile(
    r"\{\{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)(?P<self>/)?\s*[>%]\}\}",
    re.DOTALL,
)
_COMMENT = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)


def expand_hugo(text: str, scope: Scope, first_line: int = 0) -> str:
    """`text` with every shortcode rendered; `first_line` is the line `text` starts on."""
    return with_escapes_kept(text, _COMMENT, "{{", lambda held: _expand(held, scope, first_line))


def _expand(text: str, scope: Scope, first_line: int) -> str:
    out: list[str] = []
    position = 0
    while (tag := _TAG.search(text, position)) is not None:
        out.append(text[position : tag.start()])
        line = first_line + text.count("\n", 0, tag.start())
        position = tag.end()
        if tag["close"]:
            scope.unknown.setdefault(f"/{tag['name']}", line)
            continue
        inner = None
        if not tag["self"]:
            closing = _closing(text, tag["name"], position)
            if closing is not None:
                body = text[position : closing.start()]
                inner = _expand(body, scope, first_line + text.count("\n", 0, position))
                position = closing.end()
        positional, named = arguments(tag["args"])
        call = Call(tag["name"], positional, named, inner, line)
        out.append(_render(call, scope))
    out.append(text[position:])
    return "".join(out)


def _closing(text: str, name: str, start: int) -> re.Match[str] | None:
    """The tag that closes `name` after `start`, skipping nested uses of the same name."""
    depth = 0
    for tag in _TAG.finditer(text, start):
        if tag["name"] != name or tag["self"]:
            continue
        if not tag["close"]:
            depth += 1
        elif depth == 0:
            return tag
        else:
            depth -= 1
    return None


def _render(call: Call, scope: Scope) -> str:
    renderer = HUGO.get(call.name)
    rendered = renderer(call, scope) if renderer is not None else None
    if rendered is None:
        scope.unknown.setdefault(call.name, call.line)
        return call.inner or ""
    return rendered
