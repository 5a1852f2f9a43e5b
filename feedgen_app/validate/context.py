"""What the checks know besides the document: where it will be served, and when "now" is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Context:
    self_url: str | None
    """The URL the document is served at, if known: its self link must equal it."""
    now: datetime
    """The time of the check (timezone-aware): later dates are in the future."""
