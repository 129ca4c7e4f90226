"""Links: a URL is fetched; a feed's entries are fetched in turn; a page is read as an article."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import Skip
from ..model import Article
from .feed import HTML_ROOT, FeedEntry, FeedError, entry_article, looks_like_feed, parse_feed
from .fetch import Fetcher, Page, PageCache, fetch_pages, is_url
from .html import parse_html

HTML_TYPES = ("text/html", "application/xhtml+xml")
SNIFF_TYPES = ("", "text/plain", "application/xml", "text/xml", "application/octet-stream")


def url_id(url: str) -> str:
    """A readable, stable article id for a URL: the last path segment as a slug, plus a short hash.

    "https://example.org/news/2024/harbour-fire.html" -> "harbour-fire-1a2b3c"
    """
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    name = segments[-1] if segments else ""
    name = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", name, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug or slug.isdigit():
        host = (parts.hostname or "page").removeprefix("www.")
        slug = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") + (f"-{slug}" if slug else "")
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:6]
    return f"{slug[:48].rstrip('-')}-{digest}"


def host_outlet(url: str | None) -> str | None:
    """The host name as an outlet name of last resort ("www.example.org" -> "example.org")."""
    host = urlsplit(url or "").hostname
    return host.removeprefix("www.") if host else None


def read_urls_file(path: str | Path) -> tuple[list[str], list[Article]]:
    """The links in a text file, one a line (blank lines and ``#`` comments ignored), and lines that are not links."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as e:
        reason = Skip.NOT_FOUND if not p.exists() else Skip.UNREADABLE.format(error=e)
        return [], [Article.skipped(p.stem or str(p), str(p), reason)]
    urls: list[str] = []
    bad: list[Article] = []
    for n, line in enumerate(lines, start=1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        if is_url(value):
            urls.append(value)
        else:
            bad.append(Article.skipped(f"{p.stem}-{n}", f"{p}:{n}", Skip.URLS_LINE.format(line=n, value=value[:200])))
    return urls, bad


def page_kind(page: Page) -> str:
    """ "feed", "html" or "other", by content type and, where that says little, by the content itself."""
    text = page.html or ""
    ctype = page.content_type.split(";")[0].strip().lower()
    if looks_like_feed(text, ctype):
        return "feed"
    if ctype in HTML_TYPES:
        return "html"
    if ctype in SNIFF_TYPES and HTML_ROOT.search(text[:4096]):
        return "html"
    return "other"


@dataclass
class WebReader:
    """Reads links, through a page cache when one is given."""

    fetcher: Fetcher = field(default_factory=Fetcher)
    cache: PageCache | None = None

    def read_urls(self, urls: list[str]) -> list[Article]:
        """Articles from links: pages are read as articles, feeds as the articles they link to."""
        out: list[Article] = []
        for page in fetch_pages(urls, self.fetcher, self.cache):
            if page.error:
                out.append(Article.skipped(url_id(page.url), page.url, page.error))
                continue
            try:
                kind = page_kind(page)
                if kind == "feed":
                    out.extend(self.read_feed_page(page))
                elif kind == "html":
                    out.append(self.page_article(page))
                else:
                    reason = Skip.NOT_HTML.format(content_type=page.content_type or "unknown")
                    out.append(Article.skipped(url_id(page.url), page.url, reason))
            except Exception as e:  # noqa: BLE001 (one page's failure must not end the run)
                error = f"{e.__class__.__name__}: {e}"
                out.append(Article.skipped(url_id(page.url), page.url, Skip.READER_FAILED.format(error=error)))
        return out

    def read_feed_page(self, page: Page) -> list[Article]:
        try:
            feed_title, entries = parse_feed(page.html or "", base_url=page.final_url)
        except FeedError as e:
            return [Article.skipped(url_id(page.url), page.url, str(e))]
        return self.read_entries(entries, source=page.url, feed_id=url_id(page.url), feed_title=feed_title)

    def read_entries(
        self, entries: list[FeedEntry], *, source: str, feed_id: str, feed_title: str | None = None
    ) -> list[Article]:
        """Articles for a feed's entries: each link fetched; the feed's own full text where there is no link."""
        links = [e.link for e in entries if e.link and is_url(e.link)]
        pages = dict(zip(links, fetch_pages(links, self.fetcher, self.cache), strict=True))
        out: list[Article] = []
        for entry in entries:
            try:
                out.append(self.entry_or_page(entry, pages, feed_id, feed_title, f"{source} entry {entry.n}"))
            except Exception as e:  # noqa: BLE001 (one entry's failure must not lose the others)
                error = f"{e.__class__.__name__}: {e}"
                where = entry.link or f"{source} entry {entry.n}"
                out.append(Article.skipped(f"{feed_id}-{entry.n}", where, Skip.READER_FAILED.format(error=error)))
        return out

    def entry_or_page(
        self, entry: FeedEntry, pages: dict[str, Page], feed_id: str, feed_title: str | None, where: str
    ) -> Article:
        """The article for one feed entry: its linked page, else the text the feed carries, else a skip."""
        if entry.link and entry.link in pages:
            page = pages[entry.link]
            if page.ok and page_kind(page) == "html":
                return self.page_article(page, entry)
            if entry.content_html:  # the feed carries the full text: better than nothing
                return entry_article(entry, url_id(entry.link), entry.link, feed_title or host_outlet(entry.link))
            if page.error:
                reason = page.error
            elif page_kind(page) == "feed":
                reason = Skip.FEED_IN_FEED
            else:
                reason = Skip.NOT_HTML.format(content_type=page.content_type or "unknown")
            return Article.skipped(url_id(entry.link), entry.link, reason)
        if entry.content_html:
            entry_id = url_id(entry.link) if entry.link else f"{feed_id}-{entry.n}"
            return entry_article(entry, entry_id, where, feed_title)
        if entry.link:
            return Article.skipped(f"{feed_id}-{entry.n}", where, Skip.BAD_URL.format(url=entry.link))
        return Article.skipped(f"{feed_id}-{entry.n}", where, Skip.ENTRY_EMPTY.format(n=entry.n))

    def page_article(self, page: Page, entry: FeedEntry | None = None) -> Article:
        """An article from a fetched HTML page; the feed entry fills in what the page does not say."""
        art = parse_html(page.html or "", url_id(page.url), page.url, url=page.final_url)
        if art.status != "analyzed":
            return art
        art.raw_html = page.html
        art.fetched_at = page.fetched_at or None
        art.url = art.url or page.final_url
        art.outlet = art.outlet or host_outlet(page.final_url)
        if entry is not None:
            art.title = art.title or entry.title
            art.published = art.published or entry.published
            art.author = art.author or entry.author
        return art
