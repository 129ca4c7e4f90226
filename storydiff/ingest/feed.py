"""RSS and Atom feeds: each entry's link is fetched and read as an article.

An entry without a link but with its full text in the feed (``content:encoded``, Atom
``content``) is read from the feed itself. Feed files (.xml, .rss, .atom) and feed URLs
share ``parse_feed``; the fetching is done by ``web.WebReader``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Skip
from ..model import Article
from .fetch import is_url
from .html import MIN_WORDS

if TYPE_CHECKING:
    from . import ReadOptions

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
ENTITY_REF = re.compile(r"&[A-Za-z_][\w.-]*;?")
HTML_ROOT = re.compile(r"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


class FeedError(ValueError):
    pass


@dataclass
class FeedEntry:
    n: int  # 1-based position in the feed
    link: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    author: str | None
    content_html: str | None  # the full text when the feed carries it (not the summary)


def looks_like_feed(text: str, content_type: str = "") -> bool:
    """True for an RSS/Atom document, by content type or by its root element."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in FEED_TYPES:
        return True
    head = text[:2048]
    feed = FEED_ROOT.search(head)
    if not feed:
        return False
    html = HTML_ROOT.search(head)
    return html is None or feed.start() < html.start()


def _date(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        return f"{struct[0]:04d}-{struct[1]:02d}-{struct[2]:02d}"  # four-digit year, whatever strftime does
    except (TypeError, ValueError, IndexError):
        return None


def parse_feed(data: bytes | str, base_url: str | None = None) -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and its entries; raises FeedError with the reason when it is not a readable feed."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    headers = {"content-location": base_url} if base_url else None
    import feedparser  # slow to import: only when there is a feed to read

    try:
        # a stream, never a string: feedparser would take a string for a file name or a URL to open
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except Exception as e:  # feedparser's parsers raise many kinds on hostile input
        raise FeedError(Skip.BAD_FEED.format(error=f"{e.__class__.__name__}: {e}")) from e
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            error = parsed.get("bozo_exception")
            raise FeedError(Skip.BAD_FEED.format(error=_short(error)))
        if not parsed.get("version"):
            raise FeedError(Skip.BAD_FEED.format(error="not an RSS or Atom document"))
        raise FeedError(Skip.EMPTY_FEED)
    if parsed.get("bozo") and not any(item.get("link") or item.get("content") for item in entries):
        raise FeedError(Skip.BAD_FEED.format(error=_short(parsed.get("bozo_exception"))))
    feed_title = (parsed.get("feed") or {}).get("title") or None
    out = []
    for n, item in enumerate(entries, start=1):
        link = (item.get("link") or "").strip()
        content = None
        for c in item.get("content") or []:
            if c.get("value", "").strip():
                content = c["value"]
                break
        out.append(
            FeedEntry(
                n=n,
                link=link if is_url(link) else None,  # an Atom id ("urn:...") is no link to fetch
                title=item.get("title") or None,
                published=_date(item.get("published_parsed") or item.get("updated_parsed")),
                author=item.get("author") or None,
                content_html=content,
            )
        )
    return feed_title, out


def _short(error: object) -> str:
    text = str(error) if error is not None else "unknown error"
    return text if len(text) < 200 else text[:197] + "..."


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}
    HIDDEN = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph per block."""
    parser = _TextOfHtml()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # HTMLParser is lenient; this guards the odd assertion on broken markup
        pass
    text = "".join(parser.parts)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def entry_article(entry: FeedEntry, id: str, source: str, outlet: str | None) -> Article:
    """An Article from the text the feed itself carries for an entry."""
    text = html_fragment_text(entry.content_html or "")
    if not text:
        return Article.skipped(id, source, Skip.NO_TEXT)
    words = len(text.split())
    if words < MIN_WORDS:  # a teaser, or an entity reference left unexpanded: no article
        ref = ENTITY_REF.search(text)
        if ref:
            return Article.skipped(id, source, Skip.FEED_ENTITY.format(n=entry.n, ref=ref.group(0)))
        return Article.skipped(id, source, Skip.TOO_SHORT.format(words=words, minimum=MIN_WORDS))
    return Article(
        id=id,
        text=text,
        source=source,
        outlet=outlet,
        title=entry.title,
        published=entry.published,
        url=entry.link,
        author=entry.author,
    )


def read_feed(path: Path, options: ReadOptions | None = None) -> Iterator[Article]:
    """A feed file: its entries' linked pages are fetched (through the options' web reader)."""
    data = path.read_bytes()
    if not data.strip():
        yield Article.skipped(path.stem, str(path), Skip.EMPTY)
        return
    try:
        feed_title, entries = parse_feed(data)
    except FeedError as e:
        yield Article.skipped(path.stem, str(path), str(e))
        return
    from . import ReadOptions

    web = (options or ReadOptions()).web_reader()
    yield from web.read_entries(entries, source=str(path), feed_id=path.stem, feed_title=feed_title)
