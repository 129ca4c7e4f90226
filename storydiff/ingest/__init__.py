"""Read sources into Articles: one reader per source kind.

A source is a file, a folder (read recursively) or an http(s) link (a page, or a feed whose
entries are fetched). Every input yields at least one Article; an unreadable one is an Article
with ``status="skipped"`` and a ``reason``, so nothing is silently lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Skip, StorydiffError
from ..model import Article
from .duplicates import mark_duplicates, mark_near_duplicates
from .export import check_column_map, parse_column_map, read_csv
from .feed import read_feed
from .fetch import Fetcher, Page, PageCache, is_url
from .html import read_html
from .jsonl import read_jsonl
from .language import detect_language, mark_languages
from .prose import mark_non_articles
from .text import read_text
from .warc import read_warc
from .web import WebReader, read_urls_file

__all__ = [
    "READERS",
    "MAX_ARTICLES",
    "Fetcher",
    "Page",
    "PageCache",
    "ReadOptions",
    "detect_language",
    "mark_duplicates",
    "mark_languages",
    "mark_near_duplicates",
    "parse_column_map",
    "read_file",
    "read_paths",
    "read_sources",
    "register_reader",
]


# the most articles one run analyzes: reading and duplicate search are linear, but the analysis runs at
# about 5-10 articles a second on two cores (benchmarks/README.md), so a 1,000,000-row export would take days
MAX_ARTICLES = 20_000


@dataclass
class ReadOptions:
    """What readers may need beyond the path: the column mapping, and the web for feed links."""

    columns: dict[str, str] = field(default_factory=dict)
    web: WebReader | None = None
    dayfirst: bool | None = (
        None  # numeric dates in exports: day first (True), month first (False), from the data (None)
    )

    def web_reader(self) -> WebReader:
        if self.web is None:
            self.web = WebReader()
        return self.web


def _plain(reader: Callable[[Path], Iterator[Article]]) -> Callable[[Path, ReadOptions], Iterator[Article]]:
    return lambda path, options: reader(path)


Reader = Callable[[Path, ReadOptions], Iterator[Article]]

READERS: dict[str, Reader] = {
    ".txt": _plain(read_text),
    ".md": _plain(read_text),
    ".text": _plain(read_text),
    ".html": _plain(read_html),
    ".htm": _plain(read_html),
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".warc": read_warc,
    ".warc.gz": read_warc,
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
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file():
                    yield child
                elif child.is_symlink() and not child.exists():
                    yield Article.skipped(child.stem or str(child), str(child), broken_link(child))
        elif path.is_file():
            yield path
        elif path.is_symlink():
            yield Article.skipped(path.stem or str(path), str(path), broken_link(path))
        else:
            yield Article.skipped(path.stem or str(path), str(path), Skip.NOT_FOUND)


def broken_link(path: Path) -> str:
    """Why a symbolic link leads to no file: it points nowhere, or (through others) at itself."""
    try:
        path.resolve(strict=True)
    except FileNotFoundError:
        return Skip.DANGLING_LINK.format(target=os.readlink(path))
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop, later ones OSError(ELOOP)
        return Skip.LINK_LOOP
    return Skip.NOT_FOUND


def read_file(path: Path, options: ReadOptions | None = None) -> Iterator[Article]:
    """Articles from one file, by its kind (suffix); never raises for bad content."""
    suffix = _suffix(path)
    reader = READERS.get(suffix)
    if reader is None:
        yield Article.skipped(path.stem, str(path), Skip.UNKNOWN_KIND.format(suffix=suffix or path.name))
        return
    try:
        yield from reader(path, options or ReadOptions())
    except OSError as e:
        yield Article.skipped(path.stem, str(path), Skip.UNREADABLE.format(error=e))
    except Exception as e:  # noqa: BLE001 (a reader's bug on one file must not end the run)
        yield Article.skipped(path.stem, str(path), Skip.READER_FAILED.format(error=f"{e.__class__.__name__}: {e}"))


def read_sources(
    sources: list[str],
    *,
    urls_file: str | None = None,
    columns: Mapping[str, str] | None = None,
    cache: PageCache | None = None,
    fetcher: Fetcher | None = None,
    dayfirst: bool | None = None,
    progress: Callable[[int], None] | None = None,
    max_articles: int | None = MAX_ARTICLES,
) -> list[Article]:
    """All articles from files, folders and links (and the links listed in ``urls_file``).

    Articles come in the order of the sources. Then: non-English articles and texts that are not
    news articles (index pages, notes, READMEs, one-liners: ``prose.py``) are skipped,
    exact duplicates are skipped, near duplicates (wire copy) get ``duplicate_of``.
    ``columns`` maps fields to the column names of CSV/JSONL exports ({"text": "body"}); ``dayfirst``
    says how their numeric dates are written (None: each file's date column tells, see ``export.date_order``);
    an unknown field raises StorydiffError. ``progress(n)`` is told of every ``n`` inputs read.
    More than ``max_articles`` readable articles raise StorydiffError once read, before the slower work.
    """
    options = ReadOptions(
        columns=check_column_map(columns), web=WebReader(fetcher or Fetcher(), cache), dayfirst=dayfirst
    )
    web = options.web_reader()
    out: list[Article] = []
    links: list[str] = []  # consecutive links are fetched together, a few at a time

    def flush_links() -> None:
        if links:
            read = web.read_urls(links)
            out.extend(read)
            links.clear()
            if progress is not None:
                progress(len(read))

    for source in sources:
        if is_url(source):
            links.append(source.strip())
            continue
        flush_links()
        for item in iter_files([source]):
            for article in [item] if isinstance(item, Article) else read_file(item, options):
                out.append(article)
                if progress is not None:
                    progress(1)
    if urls_file is not None:
        listed, bad = read_urls_file(urls_file)
        links.extend(listed)
        flush_links()
        out.extend(bad)
    flush_links()
    readable = sum(1 for a in out if a.status == "analyzed")
    if max_articles is not None and readable > max_articles:
        raise StorydiffError(
            f"{', '.join(sources + ([urls_file] if urls_file else []))[:200]}: {readable:,} articles, more than the "
            f"{max_articles:,} storydiff analyzes in one run (about an hour on two cores); split the input by "
            "story or date and analyze each part"
        )
    return mark_near_duplicates(mark_duplicates(mark_non_articles(mark_languages(out))))


def read_paths(paths: Iterable[str | Path]) -> list[Article]:
    """All articles from files and folders (``read_sources`` without the options)."""
    return read_sources([str(p) for p in paths])
