"""JSON Lines: one article a line, fields found as in CSV exports (``text`` or ``body``..., or ``--columns``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Skip
from ..model import Article
from .decode import add_note, read_text_noted
from .export import column_names, date_order, record_to_article

if TYPE_CHECKING:
    from . import ReadOptions


def read_jsonl(path: Path, options: ReadOptions | None = None) -> Iterator[Article]:
    mapping = options.columns if options is not None else None
    decoded = read_text_noted(path)
    if isinstance(decoded, Article):
        yield decoded  # skipped, with the reason
        return
    text = decoded.text
    if not text.strip():  # a byte-order mark and nothing else
        yield Article.skipped(path.stem, str(path), Skip.EMPTY)
        return
    entries: list[tuple[int, dict] | Article] = []  # in line order: a record, or a line skipped with its reason
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        fallback = f"{path.stem}-{n}"
        try:
            rec = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as e:
            error = e.msg if isinstance(e, json.JSONDecodeError) else "nested too deeply"
            entries.append(Article.skipped(fallback, f"{path}:{n}", Skip.BAD_JSON.format(line=n, error=error)))
            continue
        if not isinstance(rec, dict):
            entries.append(
                Article.skipped(fallback, f"{path}:{n}", Skip.BAD_JSON.format(line=n, error="not an object"))
            )
            continue
        entries.append((n, rec))
    # the records are read first, so that the date field can say how it writes its dates
    fields = {f.lower() for f in column_names("published", mapping)}
    order = date_order(
        (v for x in entries if isinstance(x, tuple) for k, v in x[1].items() if str(k).strip().lower() in fields),
        options.dayfirst if options is not None else None,
    )
    for entry in entries:
        if isinstance(entry, Article):
            yield entry
            continue
        n, rec = entry
        art = record_to_article(
            rec, mapping, source=f"{path}:{n}", where=f"line {n}", fallback_id=f"{path.stem}-{n}", kind="field",
            order=order,
        )  # fmt: skip
        yield add_note(art, decoded.note) if "\ufffd" in json.dumps(rec, ensure_ascii=False) else art
