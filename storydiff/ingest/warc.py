"""Web archives (.warc, .warc.gz): each archived HTML page (a ``response`` record) is an article.

Other records (requests, metadata, images, scripts, redirects) are passed over; a record
that cannot be read is a skipped article naming its byte offset in the file.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import Skip
from ..model import Article
from .decode import DecodeError
from .fetch import decode_page
from .html import parse_html
from .web import HTML_TYPES, host_outlet, url_id

if TYPE_CHECKING:
    from warcio.archiveiterator import ArchiveIterator

    from . import ReadOptions


def _starts_like_warc(stream: BinaryIO) -> bool:
    """True when the file (gzipped or not) begins with a WARC record header; rewinds the stream."""
    head = stream.read(512)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _left_over(stream: BinaryIO, offset: int) -> str | None:
    """What follows the last whole record, when it is more than blank lines: a record that was lost."""
    stream.seek(offset)
    rest = stream.read()
    if not rest.strip():
        return None
    if rest[:2] == b"\x1f\x8b":
        try:
            rest = zlib.decompressobj(31).decompress(rest) or rest
        except zlib.error:
            pass
    if rest[:2] == b"\x1f\x8b":
        return f"{len(rest)} bytes of a compressed record that ends too early"
    if rest.lstrip(b"\r\n").startswith(b"WARC/"):
        return f"{len(rest)} bytes of a record whose header is incomplete"
    return f"{len(rest)} bytes that are not a WARC record"


def _error(e: BaseException) -> str:
    if isinstance(e, AttributeError):  # warcio's parser meets a header that ends too early
        return "record header incomplete"
    text = " ".join(str(e).split())
    text = text if len(text) < 200 else text[:197] + "..."
    return f"{e.__class__.__name__}: {text}" if text else e.__class__.__name__


def read_warc(path: Path, options: ReadOptions | None = None) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator  # slow to import: only for a web archive

    source = str(path)
    records = pages = 0
    next_offset = 0  # where the next record should start: named when it cannot be read
    with path.open("rb") as stream:
        if not _starts_like_warc(stream):
            yield Article.skipped(path.stem, source, Skip.BAD_WARC.format(offset=0, error=Skip.NOT_WARC))
            return
        it = ArchiveIterator(stream, check_digests=False)
        while True:
            try:
                record = next(it, None)
            except Exception as e:  # warcio raises ArchiveLoadFailed, parser and zlib errors
                yield Article.skipped(
                    f"{path.stem}@{next_offset}", source, Skip.BAD_WARC.format(offset=next_offset, error=_error(e))
                )
                return
            if record is None:
                lost = _left_over(stream, next_offset)
                if lost:
                    yield Article.skipped(
                        f"{path.stem}@{next_offset}",
                        source,
                        Skip.BAD_WARC.format(offset=next_offset, error=f"record cut short ({lost})"),
                    )
                break
            records += 1
            try:
                article = _record_article(record, it, source)
            except Exception as e:  # a broken record body: what follows it cannot be trusted either
                offset = next_offset
                yield Article.skipped(
                    f"{path.stem}@{offset}", source, Skip.BAD_WARC.format(offset=offset, error=_error(e))
                )
                return
            next_offset = it.get_record_offset() + it.get_record_length()
            if article is not None:
                pages += 1
                yield article
    if not pages:
        yield Article.skipped(path.stem, source, Skip.WARC_NO_HTML.format(records=records))


def _record_article(record, it: ArchiveIterator, source: str) -> Article | None:
    """An article for an HTML response record; None for records that are not pages."""
    if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
        # every WARC record has both: without them the file ends inside the record's header
        record.raw_stream.read()
        offset = it.get_record_offset()
        return Article.skipped(
            f"{Path(source).stem}@{offset}",
            source,
            Skip.BAD_WARC.format(offset=offset, error="record header incomplete"),
        )
    if record.rec_type != "response":
        record.raw_stream.read()
        left = getattr(record.raw_stream, "limit", 0) or 0
        if left > 0:  # a request or metadata record cut short: the archive ends here
            offset = it.get_record_offset()
            error = f"record cut short ({left} bytes missing)"
            return Article.skipped(
                f"{Path(source).stem}@{offset}", source, Skip.BAD_WARC.format(offset=offset, error=error)
            )
        return None
    headers = record.http_headers  # None when the file ends inside them
    ctype = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower() if headers else ""
    page = ctype in HTML_TYPES
    body = record.content_stream().read() if page else record.raw_stream.read()
    offset = it.get_record_offset()  # only after the content is read: asking first skips the record
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    rid = url_id(uri) if uri else f"{Path(source).stem}@{offset}"
    where = f"{source}#{uri}" if uri else f"{source}@{offset}"
    left = getattr(record.raw_stream, "limit", 0) or 0
    if headers is None or left > 0:  # checked for every response: a cut one may have lost its Content-Type
        missing = f"{left} bytes missing" if left > 0 else "its HTTP headers are incomplete"
        return Article.skipped(rid, where, Skip.BAD_WARC.format(offset=offset, error=f"record cut short ({missing})"))
    if not page:
        return None
    status_line = (headers.statusline or "").strip()
    if status_line.startswith("3"):
        return None  # a redirect: the page it points to is another record
    if not status_line.startswith("2"):
        return Article.skipped(rid, where, Skip.WARC_HTTP.format(status=status_line or "without a status"))
    try:
        html = decode_page(body, headers.get_header("Content-Type") or "")
    except DecodeError as e:
        return Article.skipped(rid, where, str(e))
    if not html.strip():
        return Article.skipped(rid, where, Skip.NO_TEXT)
    art = parse_html(html, rid, where, url=uri or None)
    if art.status == "analyzed":
        art.url = art.url or uri or None
        art.outlet = art.outlet or host_outlet(uri)
    return art
