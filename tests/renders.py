"""Counting the articles a test's builds render (`render.render_content`), in this process."""

from __future__ import annotations

import pytest

from feedgen_app.stages import render


def counted_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the articles rendered from now on, in order."""
    rendered: list[str] = []
    real = render.render_content

    def counted(article: render.Article, *args: object) -> render.Rendered:
        rendered.append(article.title)
        return real(article, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_content", counted)
    return rendered
