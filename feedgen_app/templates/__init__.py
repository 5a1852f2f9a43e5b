"""Template syntax in article bodies, rendered as the article's own generator renders it.

Which syntax applies is the article's generator's (`generator` setting; `auto` = Jekyll Liquid
for files in a `_posts` or `_drafts` folder, else none; the build turns `auto` into `hugo` or
`zola` for a folder inside such a site): Jekyll Liquid, Hugo shortcodes or Zola shortcodes.
Plain articles keep every brace as text. The result remembers which other articles' URLs it
used (`asked`), so cached HTML is reused only while those URLs stay the same.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from feedgen_app.errors import Problem, SourceRef, fail, warning
from feedgen_app.readers.fields import flag
from feedgen_app.sites.detect import Generator
from feedgen_app.state import digest
from feedgen_app.templates.code import protect_code
from feedgen_app.templates.hugo import expand_hugo
from feedgen_app.templates.shortcodes import Scope
from feedgen_app.templates.targets import NO_TARGETS, LinkTargets, Lookups
from feedgen_app.templates.zola import expand_zola

Syntax = Generator
_JEKYLL_FOLDERS = frozenset({"_posts", "_drafts"})

Asked = tuple[tuple[str, str, "str | None"], ...]


@dataclass(frozen=True)
class Templating:
    """What rendering template syntax needs in this build."""

    generator: str = "auto"
    """The `generator` setting."""
    items_name: str = ""
    """The items folder's own name (`_posts`)."""
    site: Mapping[str, object] = field(default_factory=dict)
    """`site.*` in Liquid; site parameters for Hugo's `param`."""
    targets: LinkTargets = NO_TARGETS
    excerpt_separator: str | None = None
    """The `excerpt_separator` setting (rendering the summary needs it too)."""
    linking: bool = False
    """Whether some article's syntax can link to other articles (Jekyll, Hugo)."""

    def syntax_for(self, rel: str) -> Syntax:
        return self.syntax_in(posixpath.dirname(rel))

    def syntax_in(self, folder: str) -> Syntax:
        """The syntax of the articles in `folder` (relative to the items folder)."""
        if self.generator != "auto":
            return self.generator  # type: ignore[return-value]
        folders = {self.items_name, *folder.split("/")} if folder else {self.items_name}
        return "jekyll" if folders & _JEKYLL_FOLDERS else "none"

    def links_key(self) -> str:
        """What any article's HTML may depend on besides its own file: the other articles'
        URLs and Jekyll's includes, where articles can link to each other; else nothing."""
        if not self.linking:
            return ""
        targets = self.targets
        tables = (targets.by_path, targets.by_post, targets.includes)
        text = json.dumps([sorted(table.items()) for table in tables])
        return digest(text.encode())


@dataclass(frozen=True)
class Expanded:
    text: str
    asked: Asked = ()
    """(kind, reference, URL) of every other article looked up."""
    warnings: tuple[Problem, ...] = ()


def expand(
    text: str, syntax: Syntax, page: Mapping[str, object], templating: Templating, where: SourceRef
) -> Expanded:
    """`text` (a Markdown body starting on line `where.line`) with its template syntax
    rendered; raises ArticleError for a Liquid error, at its line."""
    if syntax == "none" or (syntax == "jekyll" and flag(page.get("render_with_liquid")) is False):
        return Expanded(text)
    lookups = Lookups(templating.targets)
    if syntax == "jekyll":
        # python-liquid is loaded only for sites that have Liquid to render.
        from feedgen_app.templates.jekyll import TemplateFailure, render_liquid  # noqa: PLC0415

        try:
            rendered = render_liquid(text, {"site": templating.site, "page": page}, lookups)
        except TemplateFailure as exc:
            line = where.line + text.count("\n", 0, exc.offset)
            hint = "wrap text that only looks like Liquid in {% raw %}…{% endraw %}"
            raise fail(where.at(line), f"Liquid: {exc} ({hint})") from exc
        notes = tuple(
            warning(where.at(where.line + text.count("\n", 0, offset)), message)
            for offset, message in lookups.notes
        )
        return Expanded(rendered, _asked(lookups), notes)
    scope = Scope(page, templating.site, lookups)
    protected, restore = protect_code(text)
    expander = expand_hugo if syntax == "hugo" else expand_zola
    rendered = restore(expander(protected, scope, where.line))
    return Expanded(rendered, _asked(lookups), _warnings(scope, syntax, where))


def _asked(lookups: Lookups) -> Asked:
    return tuple((kind, ref, url) for (kind, ref), url in sorted(lookups.asked.items()))


def _warnings(scope: Scope, syntax: Syntax, where: SourceRef) -> tuple[Problem, ...]:
    notes = [
        warning(
            where.at(line),
            f"unknown {syntax.title()} shortcode {name!r}: kept its inner text "
            "(feeds cannot run the site's own shortcode templates)",
        )
        for name, line in scope.unknown.items()
    ]
    notes += [
        warning(where.at(line), f"ref {target!r}: no article at that path; the text is kept")
        for line, target in scope.unresolved
    ]
    return tuple(notes)
