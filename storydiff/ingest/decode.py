"""Bytes to text: UTF-8 first, then charset-normalizer's best guess; binary files refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import Skip
from ..model import Article


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > max(8, len(head) // 20)


def decode_bytes(data: bytes) -> str:
    """Text from bytes, normalised to NFC with unified newlines; raises DecodeError with the reason."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if looks_binary(data):
        raise DecodeError(Skip.BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise DecodeError(Skip.UNDECODABLE) from None
        text = str(best)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text_file(path: Path) -> str | Article:
    """A file's text, or the skipped Article that says why it has none (empty, binary, undecodable)."""
    data = path.read_bytes()
    if not data.strip():
        return Article.skipped(path.stem, str(path), Skip.EMPTY)
    try:
        return decode_bytes(data)
    except DecodeError as e:
        return Article.skipped(path.stem, str(path), str(e))
