"""Fetching web pages: a careful HTTP client and a SQLite cache of what it fetched.

The client never raises for a bad page: ``Fetcher.fetch`` returns a ``Page`` whose
``error`` says, in words a person can act on, why there is no page (HTTP 404, a timeout,
a redirect loop, a page too large...). ``PageCache`` keeps every page fetched under its
URL, with the raw HTML, so a re-run with the same database reads from it instead of the web.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import time
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

from ..errors import Skip
from .decode import DecodeError, decode_bytes

if TYPE_CHECKING:
    import sqlite_utils

USER_AGENT = "storydiff/0.1 (+https://github.com/storydiff; news comparison)"
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024

# content types worth downloading: pages and feeds; anything else is refused before its body is read
TEXT_TYPES = re.compile(r"^(text/[\w.+-]+|application/([\w.-]+\+)?xml)$")
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w.:-]+)|<\?xml[^>]+encoding=["']([\w.:-]+)""", re.IGNORECASE)


def is_url(value: str) -> bool:
    """True for an http(s) link with a host."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def format_size(n: int) -> str:
    """5000000 -> "5 MB", 50000 -> "50 KB" (decimal units, as people read them)."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Page:
    """What one URL gave: the decoded body in ``html`` (a page or a feed), or an ``error``."""

    url: str
    final_url: str
    status: int = 0
    content_type: str = ""
    fetched_at: str = field(default_factory=_now)
    html: str | None = None
    error: str | None = None
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.html is not None


class _Failed(Exception):
    """Internal: carries the reason a fetch failed up to ``Fetcher.fetch``."""


@dataclass
class Fetcher:
    """An HTTP(S) client with a total time limit per page, a size limit and a redirect limit.

    ``timeout`` covers the whole fetch of one page (connecting, redirects, reading);
    a page whose body goes past ``max_bytes`` is abandoned while it streams.
    """

    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    workers: int = 8

    def fetch(self, url: str) -> Page:
        """The page at ``url``, following redirects; never raises (a failure is ``Page.error``)."""
        url = url.strip()
        page = Page(url=url, final_url=url)
        deadline = time.monotonic() + self.timeout
        chain = [url]
        try:
            current = url
            while True:
                if not is_url(current):
                    raise _Failed(
                        Skip.BAD_URL.format(url=current) if current == url else Skip.BAD_REDIRECT.format(url=current)
                    )
                status, phrase, headers, body = self._get(current, deadline)
                page.final_url, page.status = current, status
                if status in REDIRECTS and headers.get("location"):
                    nxt = urljoin(current, headers["location"].strip())
                    if nxt in chain:
                        raise _Failed(Skip.REDIRECT_LOOP.format(chain=" → ".join([*chain, nxt])))
                    chain.append(nxt)
                    if len(chain) > self.max_redirects + 1:
                        raise _Failed(Skip.TOO_MANY_REDIRECTS.format(limit=self.max_redirects, chain=" → ".join(chain)))
                    current = nxt
                    continue
                if not 200 <= status < 300:
                    raise _Failed(Skip.HTTP_ERROR.format(status=status, phrase=phrase))
                page.content_type = headers.get("content-type", "")
                page.html = decode_page(body or b"", page.content_type)
                return page
        except _Failed as e:
            page.error = str(e)
        except DecodeError as e:
            page.error = str(e)
        return page

    def fetch_all(self, urls: Iterable[str]) -> list[Page]:
        """Pages for several URLs, fetched a few at a time, in the order given."""
        urls = list(urls)
        if len(urls) <= 1 or self.workers <= 1:
            return [self.fetch(u) for u in urls]
        with ThreadPoolExecutor(max_workers=min(self.workers, len(urls))) as pool:
            return list(pool.map(self.fetch, urls))

    # -- one request -------------------------------------------------------------------------

    def _remaining(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout))
        return left

    def _get(self, url: str, deadline: float) -> tuple[int, str, dict[str, str], bytes | None]:
        """One GET without following redirects: status, reason phrase, headers (lower-case names), body.

        The body is read only for a 2xx response with a page-like content type.
        """
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
        if parts.scheme.lower() == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                host, port, timeout=self._remaining(deadline), context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(host, port, timeout=self._remaining(deadline))
        try:
            try:
                conn.connect()
            except TimeoutError:
                raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout)) from None
            except (OSError, ValueError) as e:
                raise _Failed(Skip.CONNECT.format(error=_describe(e))) from None
            sock = conn.sock
            try:
                conn.request(
                    "GET",
                    target,
                    headers={
                        "User-Agent": self.user_agent,
                        "Accept": ACCEPT,
                        "Accept-Encoding": "gzip, deflate",
                        "Accept-Language": "en;q=1.0, *;q=0.5",
                        "Connection": "close",
                    },
                )
                sock.settimeout(self._remaining(deadline))
                resp = conn.getresponse()
                headers = {k.lower(): v for k, v in resp.getheaders()}
                status = resp.status
                phrase = resp.reason or _phrase(status)
                if not 200 <= status < 300:
                    return status, phrase, headers, None
                ctype = headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and not TEXT_TYPES.match(ctype):
                    raise _Failed(Skip.NOT_HTML.format(content_type=ctype))
                length = headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes and not headers.get("content-encoding"):
                    raise _Failed(Skip.TOO_LARGE.format(limit=format_size(self.max_bytes)))
                body = self._read_body(resp, sock, headers.get("content-encoding", "").lower(), deadline)
                return status, phrase, headers, body
            except TimeoutError:
                raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout)) from None
            except http.client.HTTPException as e:
                raise _Failed(Skip.BAD_RESPONSE.format(error=_describe(e))) from None
            except zlib.error as e:
                raise _Failed(Skip.BAD_RESPONSE.format(error=f"could not decompress the page ({e})")) from None
            except OSError as e:
                raise _Failed(Skip.BROKEN.format(error=_describe(e))) from None
        finally:
            conn.close()

    def _read_body(self, resp: http.client.HTTPResponse, sock: socket.socket, encoding: str, deadline: float) -> bytes:
        """The body, streamed: stops at the size limit and at the deadline, whichever comes first."""
        if encoding in ("gzip", "x-gzip"):
            inflate = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
        elif encoding == "deflate":
            inflate = zlib.decompressobj()
        else:
            inflate = None
        out = bytearray()
        while True:
            sock.settimeout(self._remaining(deadline))
            chunk = resp.read1(CHUNK)
            if not chunk:
                break
            if inflate is not None:
                room = self.max_bytes - len(out)
                chunk = inflate.decompress(chunk, room + 1)  # capped: a small gzip cannot inflate past the limit
            out += chunk
            if len(out) > self.max_bytes:
                raise _Failed(Skip.TOO_LARGE.format(limit=format_size(self.max_bytes)))
        if inflate is not None:
            out += inflate.flush()
            if len(out) > self.max_bytes:
                raise _Failed(Skip.TOO_LARGE.format(limit=format_size(self.max_bytes)))
        return bytes(out)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _describe(e: BaseException) -> str:
    """A short human description of a network error ("Connection refused", "Name or service not known")."""
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"certificate not trusted ({e.verify_message})"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    text = str(e)
    return text or e.__class__.__name__


def decode_page(body: bytes, content_type: str) -> str:
    """Text of a page: the charset the server or the page declares, else UTF-8 or charset-normalizer's guess."""
    if not body.strip():
        return ""
    declared = None
    m = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if m:
        declared = m.group(1)
    else:
        m2 = CHARSET.search(body[:4096])
        if m2:
            declared = (m2.group(1) or m2.group(2)).decode("ascii", "replace")
    if declared:
        try:
            text = body.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if "\x00" not in text:
                return text.replace("\r\n", "\n")
    return decode_bytes(body)


class PageCache:
    """Pages already fetched, in the ``pages`` table of a SQLite database (the ``--db`` file).

    Only pages that came back (2xx) are kept: a 404 or a timeout is tried again on the next run.
    The raw HTML stays in the database, so what an article was read from can be checked later.
    """

    TABLE = "pages"

    def __init__(self, db: str | Path | sqlite_utils.Database):
        import sqlite_utils  # only with a store

        self.db = db if isinstance(db, sqlite_utils.Database) else sqlite_utils.Database(db)
        self.table = self.db.table(self.TABLE)
        if not self.table.exists():
            self.table.create(
                {"url": str, "final_url": str, "status": int, "content_type": str, "fetched_at": str, "html": str},
                pk="url",
            )

    def get(self, url: str) -> Page | None:
        from sqlite_utils.db import NotFoundError

        try:
            row = self.table.get(url)
        except NotFoundError:
            return None
        return Page(
            url=row["url"],
            final_url=row["final_url"] or row["url"],
            status=row["status"] or 200,
            content_type=row["content_type"] or "",
            fetched_at=row["fetched_at"] or "",
            html=row["html"] or "",
            from_cache=True,
        )

    def put(self, page: Page) -> None:
        if not page.ok:
            return
        self.table.insert(
            {
                "url": page.url,
                "final_url": page.final_url,
                "status": page.status,
                "content_type": page.content_type,
                "fetched_at": page.fetched_at,
                "html": page.html,
            },
            replace=True,
        )

    def __len__(self) -> int:
        return self.table.count

    def __contains__(self, url: str) -> bool:
        return self.get(url) is not None


def fetch_pages(urls: list[str], fetcher: Fetcher, cache: PageCache | None = None) -> list[Page]:
    """Pages for ``urls`` in order: from the cache when there, else fetched (and then cached)."""
    urls = [u.strip() for u in urls]
    pages: dict[str, Page] = {}
    missing: list[str] = []
    for url in urls:
        cached = cache.get(url) if cache is not None else None
        if cached is not None:
            pages[url] = cached
        elif url not in pages and url not in missing:
            missing.append(url)
    for page in fetcher.fetch_all(missing):
        pages[page.url] = page
        if cache is not None:
            cache.put(page)
    return [pages[u] for u in urls]
