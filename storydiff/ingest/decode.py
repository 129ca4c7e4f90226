"""Bytes to text: UTF-8 first, then charset-normalizer's best guess; binary files refused."""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

from ..errors import Skip


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
