"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import Skip
from ..model import Article
from .decode import add_note, read_text_noted

# dates from the page's metadata and markup only: a year in the story text is not a publication date
DATE_PARAMS = {"extensive_search": False, "original_date": True}
MIN_WORDS = 20  # fewer words than this on a page is navigation or an error page, not an article


def parse_html(html: str, id: str, source: str, url: str | None = None) -> Article:
    """An Article from an HTML page; skipped with a reason when the page holds no article text."""
    import trafilatura  # half a second to import: only when there is a page to read

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception as e:  # trafilatura raises many kinds on malformed markup
        return Article.skipped(id, source, Skip.BAD_HTML.format(error=f"{e.__class__.__name__}: {e}"))
    if doc is None:
        return Article.skipped(id, source, Skip.NO_TEXT)
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = (get("text") or "").strip()
    if not text:
        return Article.skipped(id, source, Skip.NO_TEXT)
    words = len(text.split())
    if words < MIN_WORDS:  # a menu or a footer, not an article
        return Article.skipped(id, source, Skip.TOO_SHORT.format(words=words, minimum=MIN_WORDS))
    published = get("date") or None
    return Article(
        id=id,
        text=text,
        source=source,
        outlet=get("sitename") or None,
        title=get("title") or None,
        published=published[:10] if published else None,
        url=get("url") or url,
        author=get("author") or None,
        raw_html=html,
    )


def read_html(path: Path) -> Iterator[Article]:
    html = read_text_noted(path)
    if isinstance(html, Article):
        yield html  # skipped, with the reason
        return
    yield add_note(parse_html(html.text, path.stem, str(path)), html.note)
