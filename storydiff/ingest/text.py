"""Plain-text articles (.txt, .md), optionally with ``Title:``/``Outlet:``/``Published:``/``URL:`` headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import Skip
from ..model import Article
from .decode import add_note, read_text_noted

HEADER = re.compile(r"^(Title|Outlet|Published|URL|Author):[ \t]*(.*)$", re.IGNORECASE)


def parse_text(text: str, id: str, source: str) -> Article:
    """An Article from text with optional header lines; the headers are not part of the analyzed text."""
    meta: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = HEADER.match(lines[i])
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if meta and i < len(lines) and not lines[i].strip():
        i += 1
    body = "\n".join(lines[i:]) if meta else text
    body = body.strip()
    if not body:
        return Article.skipped(id, source, Skip.NO_TEXT if meta else Skip.EMPTY)
    published = meta.get("published") or None
    reason = None
    if published:
        try:
            published = date.fromisoformat(published[:10]).isoformat()
        except ValueError:
            reason, published = Skip.BAD_DATE.format(value=published), None
    art = Article(
        id=id,
        text=body,
        source=source,
        outlet=meta.get("outlet") or None,
        title=meta.get("title") or None,
        published=published,
        url=meta.get("url") or None,
        author=meta.get("author") or None,
    )
    art.reason = reason  # an analyzed article may still carry a note
    return art


def read_text(path: Path) -> Iterator[Article]:
    text = read_text_noted(path)
    if isinstance(text, Article):
        yield text  # skipped, with the reason
        return
    yield add_note(parse_text(text.text, path.stem, str(path)), text.note)
