"""Where other articles are: what Jekyll's `{% link %}` / `{% post_url %}` and Hugo's `ref` resolve.

Built at render time from the decided URL of every article, so the article store never holds a link
that another file's rename made stale. A `Lookups` remembers each lookup and its answer: the
rendered HTML of an article is reused only while every answer is still the same.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from feedgen_app.state import digest

Kind = str
"""`path` (a file's path in the site: Jekyll `link`, Hugo `ref`), `post` (Jekyll `post_url`) or
`include` (a Jekyll `_includes` file)."""


def _without_suffix(path: str) -> str:
    root, ext = posixpath.splitext(path)
    return root if ext in (".md", ".markdown", ".txt", ".html") else path


@dataclass(frozen=True)
class LinkTargets:
    """Article URLs by the names a template may give them, and Jekyll's `_includes` files."""

    by_path: Mapping[str, str]
    by_post: Mapping[str, str]
    includes: Mapping[str, str] = field(default_factory=dict)
    """`_includes` file name -> the file's text (`{% include name %}`)."""

    @classmethod
    def of(
        cls,
        articles: Iterable[tuple[str, str]],
        folder: str = "",
        includes: Mapping[str, str] | None = None,
    ) -> LinkTargets:
        """From (path relative to the items folder, URL) pairs; `folder` is the items folder's
        own name (`_posts`), which a Jekyll `{% link _posts/… %}` starts with."""
        by_path: dict[str, str] = {}
        by_post: dict[str, str] = {}
        names: dict[str, list[str]] = {}
        for rel, url in articles:
            bare = _without_suffix(rel)
            bundle = bare[: -len("/index")] if bare.endswith("/index") else bare
            for key in {rel, bare, bundle}:
                by_path[key] = url
                if folder:
                    by_path[f"{folder}/{key}"] = url
            by_post.setdefault(bare, url)
            by_post.setdefault(posixpath.basename(bare), url)
            names.setdefault(posixpath.basename(bundle), []).append(url)
        for name, found in names.items():
            if len(found) == 1:
                by_path.setdefault(name, found[0])
        return cls(by_path, by_post, dict(includes or {}))

    def resolve(self, kind: Kind, ref: str) -> str | None:
        """The URL for `ref`, keeping a `#fragment`; None when no article has that name. For
        kind `include`: the text of that `_includes` file."""
        if kind == "include":
            return self.includes.get(ref.strip())
        target, hash_, fragment = ref.strip().partition("#")
        key = target.strip().strip("/")
        table = self.by_post if kind == "post" else self.by_path
        url = table.get(key) or table.get(_without_suffix(key))
        if url is None:
            return None
        return f"{url}#{fragment}" if hash_ else url


NO_TARGETS = LinkTargets({}, {})


@dataclass
class Lookups:
    """A `LinkTargets` that remembers what was asked and answered, and what to warn about."""

    targets: LinkTargets
    asked: dict[tuple[str, str], str | None] = field(default_factory=dict)
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(offset in the text, message) of warnings."""

    def resolve(self, kind: Kind, ref: str) -> str | None:
        answer = self.targets.resolve(kind, ref)
        self.asked[(kind, ref)] = _remembered(kind, answer)
        return answer


def _remembered(kind: Kind, answer: str | None) -> str | None:
    """What is kept of an answer: a URL as it is, an include file's text by its digest."""
    if kind != "include" or answer is None:
        return answer
    return digest(answer.encode())


def still_valid(asked: Iterable[tuple[str, str, str | None]], targets: LinkTargets) -> bool:
    """Whether every remembered lookup gives the same answer now."""
    return all(
        _remembered(kind, targets.resolve(kind, ref)) == answer for kind, ref, answer in asked
    )
