"""Where a TOML error is: Python 3.11's tomllib only says it inside the message."""

from __future__ import annotations

import re
import tomllib


def toml_error_location(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """(1-based line within `text`, message without the position suffix)."""
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if match:
        return int(match[1]), message[: match.start()]
    if message.endswith("(at end of document)"):
        return text.count("\n") + 1, message.removesuffix(" (at end of document)")
    return 1, message
