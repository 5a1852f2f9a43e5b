"""Article bytes to text: size limit, binary files, UTF-8 (with or without BOM), UTF-16 with a
BOM, line ends, characters XML forbids. Every refusal names the file and says what to do."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from feedgen_app.content.xmlchars import describe_removal, first_forbidden, remove_forbidden
from feedgen_app.errors import Problem, SourceRef, fail, warning

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BINARY_SNIFF_BYTES = 8192


def load_text(path: Path, ref: SourceRef, max_size: int) -> tuple[str, tuple[Problem, ...]]:
    """The file's text with LF line ends and without XML-forbidden characters, plus warnings."""
    return decode_text(read_bytes(path, ref, max_size), ref)


def read_bytes(path: str | Path, ref: SourceRef, max_size: int) -> bytes:
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_size:
                message = f"the file is {size:,} bytes, over the limit of {max_size:,}"
                raise fail(ref, f"{message} (setting max_file_size)")
            return stream.read()
    except OSError as exc:
        raise fail(ref, f"cannot read the file: {exc.strerror}") from exc


def decode_text(data: bytes, ref: SourceRef) -> tuple[str, tuple[Problem, ...]]:
    """`data` as text with LF line ends and without XML-forbidden characters, plus warnings."""
    text = _decode(data, ref).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise fail(ref, "the file is empty (write a title and some text, or delete the file)")
    match = first_forbidden(text)
    if match is None:
        return text, ()
    cleaned, count = remove_forbidden(text)
    line = text.count("\n", 0, match.start()) + 1
    return cleaned, (warning(ref.at(line), describe_removal(count, match[0])),)


def _decode(data: bytes, ref: SourceRef) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise fail(ref, "not valid UTF-16 despite its byte-order mark; save as UTF-8") from exc
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise fail(ref, "not a text file (it contains NUL bytes); articles are UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise fail(ref.at(line), message) from exc
