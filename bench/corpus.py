"""A deterministic corpus of N articles for the benchmark: the same N gives the same bytes.

The mixed corpus: four in five are Markdown with YAML (or, one in ten, TOML) front matter:
headings, paragraphs with links and emphasis, lists, an image, a code block. One in five is a
scraped page in plain text like the sample in items/, with `Title:`/`Date:` headers and page
chrome. Each is 2 to 6 KB.

The all-Markdown corpus (issue 13; `markdown_only`): every article is Markdown with YAML front
matter (title, a date with a UTC offset, author, 2 to 4 tags), 2 to 6 KB, so that Hugo reads the
same files.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

WORDS = (  # noqa: SIM905 - a sentence is easier to read than a list of quoted words
    "feed reader archive article update news coalition training mission government policy "
    "council minister report data source release version build python markdown summary "
    "the a of to in and for with on at by from is are was be this that it as an or"
).split()
TAGS = ("politics", "tech", "science", "culture", "sport", "economy", "health", "travel")
START = datetime(2015, 1, 1, tzinfo=UTC)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6))]
    parts[0] += f" See [the report](https://example.com/{rng.randint(1, 9999)}) for *details*."
    return " ".join(parts)


def markdown_body(rng: random.Random, size: int) -> str:
    blocks: list[str] = []
    while sum(map(len, blocks)) < size:
        kind = rng.random()
        if kind < 0.6:
            blocks.append(paragraph(rng))
        elif kind < 0.75:
            blocks.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(rng.randint(2, 5))))
        elif kind < 0.85:
            blocks.append(f"## {sentence(rng, 4)[:-1]}")
        elif kind < 0.93:
            blocks.append(f"![{sentence(rng, 3)}](images/figure-{rng.randint(1, 99)}.png)")
        else:
            code = "\n".join(
                f"value_{i} = compute({i}, limit={rng.randint(1, 99)})" for i in range(4)
            )
            blocks.append(f"```python\n{code}\n```")
    return "\n\n".join(blocks) + "\n"


FAMILY_TAGS = tuple(f"topic {number}" for number in range(1000))
"""The corpus for the feed family: 1,000 distinct tags and 100 authors."""
FAMILY_AUTHORS = 100


def article(number: int, rng: random.Random, family: bool = False) -> tuple[str, str]:
    """(file name, text) of article `number`."""
    date = START + timedelta(minutes=number * 37 + rng.randint(0, 30))
    title = sentence(rng, rng.randint(4, 9))[:-1]
    size = rng.randint(1800, 5600)
    tags = rng.sample(FAMILY_TAGS if family else TAGS, rng.randint(1, 3))
    authors = FAMILY_AUTHORS if family else 17
    if number % 5 == 4:
        body = "\n\n".join(paragraph(rng) for _ in range(max(2, size // 600)))
        text = f"Title: {title}\nDate: {date.isoformat()}\n\nLatest news\n\n{body}\n\nSee all\n"
        return f"{number:06d}-page.txt", text
    if number % 10 == 3:
        front = f'+++\ntitle = "{title}"\ndate = {date.isoformat()}\ntags = {tags!r}\n+++\n'
    else:
        front = f"---\ntitle: {title}\ndate: {date.isoformat()}\ntags: [{', '.join(tags)}]\n"
        front += f"author: Writer {number % authors}\n---\n"
    return f"{number:06d}-post.md", front + markdown_body(rng, size)


OFFSETS = (timedelta(hours=2), timedelta(hours=-5), timedelta(0), timedelta(hours=5, minutes=30))
"""UTC offsets the all-Markdown corpus writes its dates with."""


def markdown_article(number: int, rng: random.Random, family: bool = False) -> tuple[str, str]:
    """(file name, text) of article `number` of the all-Markdown corpus."""
    zone = timezone(OFFSETS[number % len(OFFSETS)])
    date = (START + timedelta(minutes=number * 37 + rng.randint(0, 30))).astimezone(zone)
    title = sentence(rng, rng.randint(4, 9))[:-1]
    size = rng.randint(1800, 5600)
    tags = rng.sample(FAMILY_TAGS if family else TAGS, rng.randint(2, 4))
    author = f"Writer {number % (FAMILY_AUTHORS if family else 17)}"
    front = f"---\ntitle: {title}\ndate: {date.isoformat()}\nauthor: {author}\n"
    front += f"tags: [{', '.join(tags)}]\n---\n"
    return f"{number:06d}-post.md", front + markdown_body(rng, size)


def generate(folder: Path, count: int, family: bool = False, markdown_only: bool = False) -> None:
    """Write `count` articles into `folder` (created), deterministically; `family`: with 1,000
    tags and 100 authors; `markdown_only`: the all-Markdown corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    write = markdown_article if markdown_only else article
    for number in range(count):
        name, text = write(number, random.Random(number), family)
        (folder / name).write_text(text, encoding="utf-8")
