"""Feed writers: one pure function per format, from the `Feed` model to the file's bytes."""

from __future__ import annotations

from collections.abc import Callable

from feedgen_app.formats.atom import write_atom
from feedgen_app.formats.rss import write_rss
from feedgen_app.model import Feed

Writer = Callable[[Feed], bytes]

WRITERS: dict[str, Writer] = {"atom": write_atom, "rss": write_rss}
