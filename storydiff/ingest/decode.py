"""Bytes to text without silent damage.

- A byte-order mark decides (UTF-8, UTF-16 and UTF-32, either byte order).
- Valid UTF-8 is UTF-8.
- UTF-8 with a few bad bytes (a truncated copy, one pasted Windows character) keeps its UTF-8:
  only the bad bytes become U+FFFD, and the note says how many.
- Anything else is a legacy single-byte encoding, guessed by charset-normalizer; where its best
  guess reads the same as Windows-1252 (the usual Western one), Windows-1252 is taken.
- NUL bytes are removed; a file with many control bytes is refused as binary.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import Skip
from ..model import Article

BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
WESTERN = "cp1252"


class DecodeError(ValueError):
    pass


@dataclass
class Decoded:
    """Text decoded from bytes, and a note when something had to be repaired (else None)."""

    text: str
    note: str | None = None


def looks_binary(data: bytes) -> bool:
    """Many control bytes (NUL included) in the first 4 KB: an image, a PDF, an archive..."""
    head = data[:4096]
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > max(8, len(head) // 20)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def decode_bytes(data: bytes) -> str:
    """Text from bytes, normalised to NFC with unified newlines; raises DecodeError with the reason."""
    return decode_noted(data).text


def decode_noted(data: bytes) -> Decoded:
    """Text from bytes with a note on any repair (see the module's docstring); raises DecodeError."""
    bom = bom_encoding(data)
    if bom is not None:
        name, size = bom
        text = data[size:].decode(name, errors="replace")
        bad = text.count("\ufffd") - data[size:].decode(name, errors="ignore").count("\ufffd")
        return _finish(text, _replaced_note(bad, name.upper().replace("-LE", "").replace("-BE", "")))
    if looks_binary(data):
        raise DecodeError(Skip.BINARY)
    data = data.replace(b"\x00", b"")
    try:
        return _finish(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if multibyte >= bad:  # UTF-8 with a few bad bytes: keep the UTF-8, replace only those
        return _finish(replaced, _replaced_note(bad, "UTF-8"))
    return _finish(guess_legacy(data))


def guess_legacy(data: bytes) -> str:
    """Text in a legacy encoding: charset-normalizer's guess, Windows-1252 where that reads the same."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError(Skip.UNDECODABLE)
    least = min(m.chaos for m in matches)
    if any(WESTERN in m.could_be_from_charset for m in matches if m.chaos <= least):
        try:
            return data.decode(WESTERN)
        except UnicodeDecodeError:
            pass
    return str(best)


def _replaced_note(bad: int, encoding: str) -> str | None:
    if bad <= 0:
        return None
    return Skip.BAD_BYTES.format(n=bad, s="" if bad == 1 else "s", encoding=encoding)


def _finish(text: str, note: str | None = None) -> Decoded:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(unicodedata.normalize("NFC", text), note)


def read_text_noted(path: Path) -> Decoded | Article:
    """A file's text with its repair note, or the skipped Article that says why it has none."""
    data = path.read_bytes()
    if not data.strip():
        return Article.skipped(path.stem, str(path), Skip.EMPTY)
    try:
        decoded = decode_noted(data)
    except DecodeError as e:
        return Article.skipped(path.stem, str(path), str(e))
    if not decoded.text.strip():
        return Article.skipped(path.stem, str(path), Skip.EMPTY)
    return decoded


def read_text_file(path: Path) -> str | Article:
    """A file's text, or the skipped Article that says why it has none (empty, binary, undecodable)."""
    decoded = read_text_noted(path)
    return decoded if isinstance(decoded, Article) else decoded.text


def add_note(article: Article, note: str | None) -> Article:
    """An analyzed article's note (its ``reason``) with ``note`` added (in place)."""
    if note and article.status == "analyzed":
        article.reason = f"{article.reason}; {note}" if article.reason else note
    return article
