"""Keeping Markdown code literal while Hugo or Zola shortcodes are expanded around it.

Fenced and indented code blocks (found by cmark, so lists and block quotes count) and
inline code spans (CommonMark's backtick rule) are swapped for placeholders before expansion and
put back after it, so `{{< figure >}}` or `{{ youtube(id="x") }}` written in code stay as written.
A placeholder keeps the newlines of what it stands for, so line numbers stay right.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feedgen_app.content.markdown import code_block_lines

_MARK = "\x00"
"""Never in article text: the reader removes the control characters XML forbids."""


def protect_code(text: str) -> tuple[str, Callable[[str], str]]:
    """(`text` with code replaced by placeholders, the function that puts the code back)."""
    saved: list[str] = []

    def hold(code: str) -> str:
        saved.append(code)
        return f"{_MARK}{len(saved) - 1}{_MARK}" + "\n" * code.count("\n") + _MARK

    lines = text.split("\n")
    blocks = sorted((first - 1, last) for first, last in code_block_lines(text))
    groups: list[str] = []
    done = 0
    for start, end in blocks:
        if start < done:
            continue
        if start > done:
            groups.append(_protect_spans("\n".join(lines[done:start]), hold))
        groups.append(hold("\n".join(lines[start:end])))
        done = end
    if done < len(lines):
        groups.append(_protect_spans("\n".join(lines[done:]), hold))

    def restore(expanded: str) -> str:
        return re.sub(rf"{_MARK}(\d+){_MARK}\n*{_MARK}", lambda m: saved[int(m[1])], expanded)

    return "\n".join(groups), restore


def _protect_spans(text: str, hold: Callable[[str], str]) -> str:
    """Code spans: a run of n backticks up to the next run of exactly n backticks."""
    out: list[str] = []
    position = 0
    runs = list(re.finditer(r"`+", text))
    index = 0
    while index < len(runs):
        opener = runs[index]
        closer = next(
            (j for j in range(index + 1, len(runs)) if len(runs[j][0]) == len(opener[0])), None
        )
        if closer is None:
            index += 1
            continue
        out.append(text[position : opener.start()])
        out.append(hold(text[opener.start() : runs[closer].end()]))
        position = runs[closer].end()
        index = closer + 1
    out.append(text[position:])
    return "".join(out)


def fenced(code: str, language: str) -> str:
    """A Markdown fenced code block holding `code` exactly, whatever backticks it has."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"\n{fence}{language}\n{code}\n{fence}\n"
