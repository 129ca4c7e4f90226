"""JSON Lines: one article a line with ``id`` and ``text`` (and optional title, outlet, published, url)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import Skip
from ..model import Article
from .decode import DecodeError, decode_bytes


def record_to_article(rec: dict, source: str, line: int, fallback_id: str) -> Article:
    rid = str(rec.get("id") or fallback_id)
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        return Article.skipped(rid, source, Skip.NO_FIELD.format(line=line, field="text"))
    published = rec.get("published")
    return Article(
        id=rid,
        text=text.strip(),
        source=f"{source}:{line}",
        outlet=rec.get("outlet") or None,
        title=rec.get("title") or None,
        published=str(published)[:10] if published else None,
        url=rec.get("url") or None,
        author=rec.get("author") or None,
    )


def read_jsonl(path: Path) -> Iterator[Article]:
    data = path.read_bytes()
    if not data.strip():
        yield Article.skipped(path.stem, str(path), Skip.EMPTY)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as e:
        yield Article.skipped(path.stem, str(path), str(e))
        return
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        fallback = f"{path.stem}-{n}"
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as e:
            yield Article.skipped(fallback, f"{path}:{n}", Skip.BAD_JSON.format(line=n, error=e.msg))
            continue
        if not isinstance(rec, dict):
            yield Article.skipped(fallback, f"{path}:{n}", Skip.BAD_JSON.format(line=n, error="not an object"))
            continue
        yield record_to_article(rec, str(path), n, fallback)
