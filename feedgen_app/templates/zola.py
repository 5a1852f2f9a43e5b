"""Zola shortcodes: `{{ name(key="value") }}`, `{% name(args) %}…{% end %}`, and the literal
forms `{{/* … */}}` / `{%/* … */%}`.

Only a name followed by parentheses is a shortcode: `{{closure}}`, `{{ steps.auth.outputs.token }}`
and `{{r0, r1}}` are text in Zola content, and stay text here.
"""

from __future__ import annotations

import re

from feedgen_app.templates.shortcodes import ZOLA, Call, Scope, arguments, with_escapes_kept

_ARGS = r"""(?P<args>(?:[^()"'`]|"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`)*)"""
_INLINE = re.compile(r"\{\{\s*(?P<name>[A-Za-z_]\w*)\(" + _ARGS + r"\)\s*\}\}")
_BLOCK = re.compile(r"\{%\s*(?P<name>[A-Za-z_]\w*)\(" + _ARGS + r"\)\s*%\}")
_END = re.compile(r"\{%\s*end\s*%\}")
_COMMENT = re.compile(r"\{([{%])/\*(.*?)\*/([}%])\}", re.DOTALL)


def expand_zola(text: str, scope: Scope, first_line: int = 0) -> str:
    """`text` with every shortcode rendered; `first_line` is the line `text` starts on."""
    return with_escapes_kept(text, _COMMENT, "{", lambda held: _expand(held, scope, first_line))


def _expand(text: str, scope: Scope, first_line: int) -> str:
    out: list[str] = []
    position = 0
    while True:
        found = [m for m in (_INLINE.search(text, position), _BLOCK.search(text, position)) if m]
        if not found:
            break
        tag = min(found, key=lambda match: match.start())
        out.append(text[position : tag.start()])
        line = first_line + text.count("\n", 0, tag.start())
        position = tag.end()
        inner = None
        if tag.re is _BLOCK:
            end = _END.search(text, position)
            if end is not None:
                inner = _expand(text[position : end.start()], scope, line)
                position = end.end()
        positional, named = arguments(tag["args"])
        out.append(_render(Call(tag["name"], positional, named, inner, line), scope))
    out.append(text[position:])
    return "".join(out)


def _render(call: Call, scope: Scope) -> str:
    renderer = ZOLA.get(call.name)
    rendered = renderer(call, scope) if renderer is not None else None
    if rendered is None:
        scope.unknown.setdefault(call.name, call.line)
        return call.inner or ""
    return rendered
