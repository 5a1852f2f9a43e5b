"""Reading and writing `srcset` attributes as browsers do (HTML's srcset parsing rules, without
the descriptor validation): a URL runs to the next white space, so it may contain commas as
`data:` URLs do; a URL that ends in commas ends its candidate; otherwise its descriptors run to
the next comma."""

from __future__ import annotations


def parse_srcset(value: str) -> list[tuple[str, str]]:
    """[(url, descriptors)] of a srcset value; descriptors may be ""."""
    candidates = []
    position, end = 0, len(value)
    while position < end:
        while position < end and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < end and not value[position].isspace():
            position += 1
        url = value[start:position]
        if not url:
            break
        if url.endswith(","):
            candidates.append((url.rstrip(","), ""))
            continue
        comma = value.find(",", position)
        stop = end if comma == -1 else comma
        candidates.append((url, value[position:stop].strip()))
        position = stop + 1
    return candidates


def format_srcset(candidates: list[tuple[str, str]]) -> str:
    return ", ".join(f"{url} {descriptors}".strip() for url, descriptors in candidates)
