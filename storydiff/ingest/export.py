"""Exports from newsroom and archive tools: CSV/TSV tables and JSON Lines, one article a row.

Columns are found by their usual names (``body``, ``headline``, ``byline``...) or by a
mapping the user gives (``--columns text=body,outlet=source``). Dates become YYYY-MM-DD.
"""

from __future__ import annotations

import csv
import email.utils
import io
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Skip, StorydiffError
from ..model import Article
from .decode import add_note, read_text_noted

if TYPE_CHECKING:
    from . import ReadOptions

# the names each field goes by in exports, most usual first
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "full_text", "article"),
    "published": ("published", "date", "pubdate", "published_at"),
    "outlet": ("outlet", "source", "site", "publication"),
    "author": ("author", "byline"),
}
DELIMITERS = ",;\t|"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long article bodies in one cell


def parse_column_map(spec: str) -> dict[str, str]:
    """``"text=body,outlet=source"`` -> ``{"text": "body", "outlet": "source"}``; a clear error when malformed."""
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise StorydiffError(f"--columns: expected FIELD=COLUMN pairs separated by commas, got {part.strip()!r}")
        mapping[field.strip().lower()] = column.strip()
    return check_column_map(mapping)


def check_column_map(mapping: Mapping[str, str] | None) -> dict[str, str]:
    mapping = {k.lower(): v for k, v in (mapping or {}).items()}
    unknown = sorted(set(mapping) - set(DEFAULT_COLUMNS))
    if unknown:
        raise StorydiffError(
            f"--columns: unknown field {', '.join(map(repr, unknown))} (fields are: {', '.join(DEFAULT_COLUMNS)})"
        )
    return mapping


def column_names(field: str, mapping: Mapping[str, str] | None) -> tuple[str, ...]:
    """The column names to look for, for one field: the user's choice alone when given."""
    if mapping and field in mapping:
        return (mapping[field],)
    return DEFAULT_COLUMNS[field]


NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")


def date_order(values: Iterable[Any], dayfirst: bool | None = None) -> str | None:
    """How a column writes its numeric dates: "dmy" or "mdy". Given by ``--dayfirst`` (True), or read from
    the column itself: a first number above 12 can only be a day, a second above 12 only a day too. None
    when the column does not tell (every day 12 or below), or contradicts itself."""
    if dayfirst is not None:
        return "dmy" if dayfirst else "mdy"
    first = second = False
    for v in values:
        m = NUMERIC_DATE.match(str(v)) if isinstance(v, str) else None
        if m:
            first |= int(m[1]) > 12
            second |= int(m[2]) > 12
    if first == second:
        return None
    return "dmy" if first else "mdy"


def is_ambiguous_date(value: Any, order: str | None) -> bool:
    """ "11/03/2026" in a column that does not say which comes first (and no ``--dayfirst``)."""
    m = NUMERIC_DATE.match(value) if isinstance(value, str) and order is None else None
    return m is not None and int(m[1]) <= 12 and int(m[2]) <= 12 and int(m[1]) != int(m[2])


def normalise_date(value: Any, order: str | None = None) -> str | None:
    """YYYY-MM-DD from the usual ways exports write a date; None when it is not one.

    ``order`` ("dmy" or "mdy", see ``date_order``) reads numeric dates such as "11/03/2026"; without it
    such a date is read only where its numbers leave no choice (a day above 12, or day equal to month)."""
    m = NUMERIC_DATE.match(value) if isinstance(value, str) else None
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 and len(m[3]) == 2 else y
        if is_ambiguous_date(value, order):
            return None  # "11/03/2026": day first or month first? never guessed
        day, month = (a, b) if order == "dmy" or (order is None and a > 12) else (b, a)
        try:
            return date(y, month, day).isoformat()
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date().isoformat()  # isoformat: always four digits for the year
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:  # a Unix timestamp (seconds, or milliseconds)
            return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text or len(text) > 100:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)  # RFC 822, as in RSS
        return parsed.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if not any(ch.isdigit() for ch in text):
        return None
    try:
        import dateparser  # slow to import; only for the unusual formats

        parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date().isoformat() if parsed else None


def record_to_article(
    rec: Mapping[str, Any],
    mapping: Mapping[str, str] | None,
    *,
    source: str,
    where: str,
    fallback_id: str,
    kind: str = "column",
    order: str | None = None,
) -> Article:
    """An Article from one row or record; ``where`` ("row 3", "line 3") names it in reasons."""
    lowered = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}

    def value(field: str) -> Any:
        for name in column_names(field, mapping):
            v = lowered.get(name.lower())
            if v is not None and str(v).strip():
                return v
        return None

    rid = value("id")
    rid = str(rid).strip() if rid is not None else fallback_id
    text = value("text")
    if not isinstance(text, str) or not text.strip():
        names = ", ".join(column_names("text", mapping))
        return Article.skipped(rid, source, Skip.NO_TEXT_VALUE.format(where=where, kind=kind, names=names))
    note = None
    published_raw = value("published")
    published = normalise_date(published_raw, order) if published_raw is not None else None
    if published_raw is not None and published is None:
        template = Skip.AMBIGUOUS_DATE if is_ambiguous_date(published_raw, order) else Skip.BAD_DATE_VALUE
        note = template.format(where=where, field="published", value=str(published_raw)[:100])

    def text_of(field: str) -> str | None:
        v = value(field)
        return str(v).strip() if v is not None else None

    art = Article(
        id=rid,
        text=text.strip(),
        source=source,
        outlet=text_of("outlet"),
        title=text_of("title"),
        published=published,
        url=text_of("url"),
        author=text_of("author"),
    )
    art.reason = note  # an analyzed article may still carry a note
    return art


def _delimiter(path: Path, header: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, options: ReadOptions | None = None) -> Iterator[Article]:
    """A CSV or TSV export with a header row; rows are numbered as a spreadsheet shows them (header = row 1).

    The rows are read first, so that the date column can say how it writes its dates (``date_order``)."""
    mapping = options.columns if options is not None else None
    dayfirst = options.dayfirst if options is not None else None
    decoded = read_text_noted(path)
    if isinstance(decoded, Article):
        yield decoded  # skipped, with the reason
        return
    text = decoded.text
    first_line = text.lstrip("\n").split("\n", 1)[0]
    # strict: a stray quote is reported at its row instead of silently swallowing the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, first_line), strict=True)
    row_number = 1
    rows: list[tuple[int, list[str]]] = []
    broken: Article | None = None
    try:
        header = next(reader, None)
        while header is not None and not any(h.strip() for h in header):
            header = next(reader, None)  # blank lines before the header
        if header is None:
            yield Article.skipped(path.stem, str(path), Skip.EMPTY)
            return
        names = [h.strip().lower() for h in header]
        text_columns = column_names("text", mapping)
        if not any(c.lower() in names for c in text_columns):
            found = ", ".join(h.strip() for h in header if h.strip())[:300]
            reason = Skip.NO_TEXT_HEADER.format(names=", ".join(text_columns), found=found or "nothing")
            yield Article.skipped(path.stem, str(path), reason)
            return
        for row in reader:
            row_number += 1
            if any(cell.strip() for cell in row):
                rows.append((row_number, row))
    except csv.Error as e:
        broken = Article.skipped(
            f"{path.stem}-{row_number + 1}", str(path), Skip.BAD_CSV.format(row=row_number + 1, error=e)
        )
    dates = [names.index(c.lower()) for c in column_names("published", mapping) if c.lower() in names][:1]
    order = date_order((row[dates[0]] for _, row in rows if dates and len(row) > dates[0]), dayfirst)
    for number, row in rows:
        art = record_to_article(
            dict(zip(names, row, strict=False)),
            mapping,
            source=f"{path}:{number}",
            where=f"row {number}",
            fallback_id=f"{path.stem}-{number}",
            order=order,
        )
        yield add_note(art, decoded.note) if any("\ufffd" in cell for cell in row) else art
    if broken is not None:
        yield broken
