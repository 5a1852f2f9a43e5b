"""Front matter the flat reading (`flatyaml`) was unsure of, read by PyYAML's safe loaders:
plain scalars kept as typed, duplicate keys refused, errors at their lines. Imported only when
needed (`frontmatter._load_yaml`)."""

from __future__ import annotations

from typing import Any

import yaml

from feedgen_app.errors import SourceRef, fail

_KEPT_TAGS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
# Plain scalars stay the text the author typed: YAML 1.1 would read `title: 12:30` as 750,
# `3.10` as 3.1, `010` as 8 and `2024-02-30` as an error with no field name. Only `~`/`null`
# (an empty field) and merge keys are resolved; `draft: yes` is read by the field reader.
_AS_TYPED = {
    first: [(tag, rx) for tag, rx in resolvers if tag in _KEPT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _UniqueKeys:
    """A mapping may not name a key twice: the second is an error at its line (as in TOML)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            key, mark = key_node.value, key_node.start_mark
            if key in seen:
                # Front matter starts on line 2 of the file; marks count from 0.
                problem = f"duplicate key {key!r} (first on line {seen[key] + 2})"
                raise yaml.constructor.ConstructorError(None, None, problem, mark)
            seen[key] = mark.line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)  # type: ignore[misc]
        return mapping


class _FastLoader(_UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML, with libyaml's C parser when PyYAML has it, scalars kept as typed."""

    yaml_implicit_resolvers = _AS_TYPED


class _LenientLoader(_UniqueKeys, yaml.SafeLoader):
    """The pure-Python parser, used when the C one refuses a document: libyaml rejects escaped
    surrogates (`"\\uD83C\\uDF89"`, how JSON exporters write emoji), Python's parser reads
    them and `xmlchars` joins the pairs."""

    yaml_implicit_resolvers = _AS_TYPED


def load_yaml(text: str, ref: SourceRef) -> Any:
    """The value of the YAML `text`; raises ArticleError, or RecursionError past libyaml's
    nesting bound."""
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml's own bound (1,000 levels)
            raise RecursionError from None
        if "duplicate key" in str(exc):
            raise fail(*_yaml_problem(exc, ref)) from exc
    try:
        return yaml.load(text, Loader=_LenientLoader)
    except yaml.YAMLError as exc:
        raise fail(*_yaml_problem(exc, ref)) from exc


def _yaml_problem(exc: yaml.YAMLError, ref: SourceRef) -> tuple[SourceRef, str]:
    """Where and what, in the words of PyYAML, with the line its context started on."""
    mark = getattr(exc, "problem_mark", None)
    where = ref.at(mark.line + 2 if mark is not None else 1)
    message = f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 2 != where.line:
        message += f" ({context} that starts on line {context_mark.line + 2})"
    return where, message
