"""Fuzzing: random bytes, random front matter and random settings tables never make anything
escape but our own errors (`ArticleError` from the readers and deciding, `ConfigError` from
the settings): no traceback, whatever the input.

CI runs a fixed set of examples (the `ci` Hypothesis profile: derandomised, no example
database in the working tree). A longer, random run by hand:

    FEEDGEN_FUZZ=long .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import math
import string
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from feedgen_app.config import SiteConfig, load_config
from feedgen_app.errors import ArticleError, ConfigError, SourceRef
from feedgen_app.readers import parse_article
from feedgen_app.readers.fields import ALIASES, ReadOptions
from feedgen_app.stages.decide import decide
from feedgen_app.stages.discover import FileState, Found

OPTIONS = ReadOptions(UTC, ("See all",), 10_000_000)
CONFIG = SiteConfig(title="Fuzz", site_url="https://example.org/blog/")
CONFIG_DATE = datetime(2024, 1, 1, tzinfo=UTC)
SUFFIXES = st.sampled_from([".md", ".markdown", ".txt"])
KEYS = sorted({key for keys in ALIASES.values() for key in keys} | {"taxonomies", "layout"})
TRICKY_TEXT = st.sampled_from(
    [
        "", " ", "12:30", "3.10", "010", "0x1F", "yes", "off", "~", "null", ".inf", "2024-02-30",
        "2024-05-02T10:00:00+15:00", "0001-01-01T00:00:00+01:00", "javascript:alert(1)",
        "https://exa mple.org/", "https://example.org/blog/x/", "https://EXAMPLE.org:443/blog/",
        "https://example.org:99999/", "http://[::1", "urn:uuid:1", "tag:", "en_US", "../..",
        "{slug}", "<script>", "a\x07b", "\ud800", "Name <a@b.c>", "/posts/../../x",
    ]
)  # fmt: skip
SCALARS = (
    st.text(max_size=40)
    | TRICKY_TEXT
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.datetimes()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=12,
)
FRONT_MATTER = st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=8), TRICKY_TEXT | VALUES, max_size=8
)


def _parse_and_decide(data: bytes, suffix: str, rel: str = "fuzz") -> None:
    ref = SourceRef(rel + suffix)
    try:
        raw = parse_article(data, suffix, ref, OPTIONS)
        found = Found(ref.path, ref.path, FileState(len(data), 0, 0, 0))
        decide(found, raw, CONFIG, {ref.path: CONFIG_DATE})
    except ArticleError as error:
        assert error.problems and all(p.where.path == ref.path for p in error.problems)


@given(data=st.binary(max_size=2000), suffix=SUFFIXES)
def test_random_bytes_are_read_or_refused(data: bytes, suffix: str) -> None:
    _parse_and_decide(data, suffix)


@given(text=st.text(max_size=600), fence=st.sampled_from(["---", "+++", ""]), suffix=SUFFIXES)
def test_random_front_matter_text_is_read_or_refused(text: str, fence: str, suffix: str) -> None:
    document = f"{fence}\n{text}\n{fence}\nBody.\n" if fence else text
    _parse_and_decide(document.encode("utf-8", "surrogatepass"), suffix)


@given(meta=FRONT_MATTER, kind=st.sampled_from(["yaml", "toml", "txt"]))
def test_random_front_matter_values_are_read_or_refused(meta: dict[str, Any], kind: str) -> None:
    if kind == "yaml":
        import yaml  # noqa: PLC0415

        document = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nBody.\n"
    elif kind == "toml":
        document = "+++\n" + _toml_table(meta) + "+++\nBody.\n"
    else:
        document = "".join(f"{key}: {value}\n" for key, value in meta.items()) + "\nBody.\n"
    suffix = ".txt" if kind == "txt" else ".md"
    _parse_and_decide(document.encode("utf-8", "surrogatepass"), suffix)


@given(
    depth=st.integers(min_value=0, max_value=3000),
    opener=st.sampled_from(["[", "{a: ", "- ", "{a = "]),
    fence=st.sampled_from(["---", "+++"]),
)
def test_any_nesting_depth_is_read_or_refused(depth: int, opener: str, fence: str) -> None:
    closer = {"[": "]", "{a: ": "}", "- ": "", "{a = ": "}"}[opener]
    value = opener * depth + "1" + closer * depth
    sep = ": " if fence == "---" else " = "
    _parse_and_decide(f"{fence}\ntitle{sep}'T'\ntags{sep}{value}\n{fence}\nx\n".encode(), ".md")


SETTING_KEYS = [
    *("title", "site_url", "description", "author", "language", "timezone", "item_limit"),
    *("permalink", "chrome_lines", "max_file_size", "items", "output", "cache", "unknown"),
]


@given(
    table=st.dictionaries(st.sampled_from(SETTING_KEYS), VALUES, max_size=10),
    required=st.booleans(),
)
def test_random_settings_tables_load_or_are_refused(table: dict[str, Any], required: bool) -> None:
    if required:
        table = {"title": "T", "site_url": "https://example.org/", **table}
    _load_settings(_toml_table(table).encode("utf-8", "surrogatepass"))


@given(data=st.binary(max_size=500))
def test_random_bytes_as_settings_are_refused_or_loaded(data: bytes) -> None:
    _load_settings(data)


def _load_settings(data: bytes) -> None:
    """Load `data` as a settings file: the settings, or a ConfigError with problems."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "site.toml"
        path.write_bytes(data)
        try:
            load_config(path)
        except ConfigError as error:
            assert error.problems


def _toml_table(table: dict[str, Any]) -> str:
    return "".join(f"{_toml_key(key)} = {_toml(value)}\n" for key, value in table.items())


def _toml_key(key: str) -> str:
    bare = key and all(char in string.ascii_letters + string.digits + "_-" for char in key)
    return key if bare else json.dumps(key)


def _toml(value: Any) -> str:
    """A TOML value (inline), good enough for fuzzing: what TOML cannot say becomes text."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return _toml_scalar(value)


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int) and abs(value) < 2**63:
        text = str(value)
    elif isinstance(value, float):
        text = repr(value) if math.isfinite(value) else "inf"
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = json.dumps("" if value is None else str(value))
    return text


def test_the_settings_writer_of_these_tests_writes_toml(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(_toml_table({"title": "T", "site_url": "https://e.org/", "x": [1, {"a": 2.5}]}))
    assert load_config(path).config.title == "T"
