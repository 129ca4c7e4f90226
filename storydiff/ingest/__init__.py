"""Read sources into Articles: one reader per source kind.

Every input yields at least one Article; an unreadable one is an Article with
``status="skipped"`` and a ``reason``, so nothing is silently lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import Skip
from ..model import Article
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text

Reader = Callable[[Path], Iterator[Article]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


def register_reader(suffix: str, reader: Reader) -> None:
    """Add a reader for files ending in ``suffix`` (a registration, not a branch)."""
    READERS[suffix.lower()] = reader


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Article]:
    """Files under the given paths (folders read recursively, hidden files left out)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Article.skipped(path.stem or str(path), str(path), Skip.NOT_FOUND)


def read_file(path: Path) -> Iterator[Article]:
    suffix = _suffix(path)
    reader = READERS.get(suffix)
    if reader is None:
        yield Article.skipped(path.stem, str(path), Skip.UNKNOWN_KIND.format(suffix=suffix or path.name))
        return
    try:
        yield from reader(path)
    except OSError as e:
        yield Article.skipped(path.stem, str(path), Skip.UNREADABLE.format(error=e))


def read_paths(paths: Iterable[str | Path]) -> list[Article]:
    """All articles from files and folders, with exact duplicates marked as skipped."""
    out: list[Article] = []
    for item in iter_files(paths):
        if isinstance(item, Article):
            out.append(item)
        else:
            out.extend(read_file(item))
    return mark_duplicates(out)


def mark_duplicates(articles: list[Article]) -> list[Article]:
    """The same text or URL twice is read once; the later copy is skipped and says so."""
    seen_text: dict[str, str] = {}
    seen_url: dict[str, str] = {}
    used_ids: dict[str, int] = {}
    for a in articles:
        # ids must be unique in a report: a second "story.txt" in another folder gets a suffix
        n = used_ids.get(a.id, 0)
        used_ids[a.id] = n + 1
        if n:
            a.id = f"{a.id}~{n + 1}"
        if a.status != "analyzed":
            continue
        if a.url and a.url in seen_url:
            a.status, a.reason = "skipped", Skip.DUPLICATE_URL.format(other=seen_url[a.url])
            continue
        key = " ".join(a.text.split())
        if key in seen_text:
            a.status, a.reason = "skipped", Skip.DUPLICATE.format(other=seen_text[key])
            continue
        seen_text[key] = a.id
        if a.url:
            seen_url[a.url] = a.id
    return articles
