"""Fetching web pages: a careful HTTP client and a SQLite cache of what it fetched.

The client never raises for a bad page: ``Fetcher.fetch`` returns a ``Page`` whose
``error`` says, in words a person can act on, why there is no page (HTTP 404, a timeout,
a redirect loop, a page too large...). ``PageCache`` keeps every page fetched under its
URL, with the raw HTML, so a re-run with the same database reads from it instead of the web.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

from ..errors import Skip
from .decode import DecodeError, bom_encoding, decode_bytes

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


Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# cloud metadata services answer on these (169.254.169.254 is link-local too; the others are not all)
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses a host name stands for (the resolver seam: tests give a Fetcher their own)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as e:
        raise OSError(f"bad host name {host!r} ({e})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refused_address(address: str) -> str | None:
    """Why an address is not fetched from by default (None: a public address, fine)."""
    ip: Address = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "not a public address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


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

    ``timeout`` covers the whole fetch of one page (resolving, connecting, redirects, headers,
    chunk lines and body): a watchdog closes the connection at the deadline, however slowly the
    server trickles. A page whose body goes past ``max_bytes`` is abandoned while it streams.

    Every host is resolved first and its address checked: private, loopback, link-local and
    cloud-metadata addresses are refused (before any connection) unless ``allow_private``;
    the connection then goes to the address that was checked, so a second look-up cannot differ.
    ``resolve`` is the resolver (host, port) -> addresses; ``refuse`` says why an address is refused.
    """

    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    workers: int = 8
    allow_private: bool = False
    resolve: Callable[[str, int], list[str]] = resolve_host
    refuse: Callable[[str], str | None] = refused_address
    tls: ssl.SSLContext | None = None  # the TLS context for https (None: the system's trusted CAs)

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
        try:
            host, port = parts.hostname or "", parts.port
        except ValueError as e:
            raise _Failed(Skip.CONNECT.format(error=str(e))) from None
        https = parts.scheme.lower() == "https"
        port = port or (443 if https else 80)
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
        addresses = self._addresses(host, port, deadline)
        # the class only sets the Host header ("name" or "name:port" off the scheme's default port):
        # the socket is connected here, to the address that was checked
        kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
        conn = kind(host, port, timeout=self._remaining(deadline))
        watchdog = _Watchdog(deadline)
        try:
            try:
                sock = watchdog.watch(self._connect(addresses, port, deadline))
                if https:
                    sock = watchdog.watch(
                        (self.tls or ssl.create_default_context()).wrap_socket(sock, server_hostname=host)
                    )
                conn.sock = sock  # http.client sends on the socket given, with Host: the name in the URL
            except TimeoutError:
                raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout)) from None
            except (OSError, ValueError) as e:
                if watchdog.fired:
                    raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout)) from None
                raise _Failed(Skip.CONNECT.format(error=_describe(e))) from None
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
                if watchdog.fired:  # a body cut at the deadline reads as a short one: it is not the page
                    raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout))
                return status, phrase, headers, body
            except TimeoutError:
                raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout)) from None
            except (http.client.HTTPException, OSError, ValueError, zlib.error) as e:
                if watchdog.fired:  # the deadline closed the connection: that is the reason
                    raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout)) from None
                if isinstance(e, zlib.error):
                    raise _Failed(Skip.BAD_RESPONSE.format(error=f"could not decompress the page ({e})")) from None
                if isinstance(e, http.client.HTTPException | ValueError):
                    raise _Failed(Skip.BAD_RESPONSE.format(error=_describe(e))) from None
                raise _Failed(Skip.BROKEN.format(error=_describe(e))) from None
        finally:
            watchdog.cancel()
            conn.close()

    def _addresses(self, host: str, port: int, deadline: float) -> list[str]:
        """The host's addresses, checked: raises _Failed (before any connection) for a refused one.

        The look-up runs in a thread so that the deadline covers it too (the system resolver
        cannot be interrupted: a look-up past the deadline is left to finish on its own).
        """
        found: list[list[str]] = []
        failed: list[OSError] = []

        def look_up() -> None:
            try:
                found.append(self.resolve(host, port))
            except OSError as e:
                failed.append(e)

        thread = threading.Thread(target=look_up, daemon=True)
        thread.start()
        thread.join(self._remaining(deadline))
        if thread.is_alive():
            raise _Failed(Skip.TIMEOUT.format(seconds=self.timeout))
        if failed:
            raise _Failed(Skip.CONNECT.format(error=_describe(failed[0])))
        addresses = found[0] if found else []
        if not addresses:
            raise _Failed(Skip.CONNECT.format(error=f"no address for {host!r}"))
        if not self.allow_private:
            for address in addresses:
                why = self.refuse(address)
                if why is not None:
                    raise _Failed(Skip.PRIVATE_ADDRESS.format(host=host, address=address, why=why))
        return addresses

    def _connect(self, addresses: list[str], port: int, deadline: float) -> socket.socket:
        """A socket connected to the first of ``addresses`` that answers, within the deadline."""
        error: OSError | None = None
        for address in addresses:
            try:
                return socket.create_connection((address, port), timeout=self._remaining(deadline))
            except TimeoutError:
                raise
            except OSError as e:
                error = e
        assert error is not None
        raise error

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


class _Watchdog:
    """Closes the sockets it watches at the deadline, so no read can outlast it (a trickling server)."""

    def __init__(self, deadline: float):
        self.fired = False
        self.sockets: list[socket.socket] = []
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def watch(self, sock: socket.socket) -> socket.socket:
        self.sockets.append(sock)
        if self.fired:
            self._fire()
        return sock

    def _fire(self) -> None:
        self.fired = True
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self.timer.cancel()


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
    """Text of a page: the charset the server or the page declares, when the bytes agree with it.

    A byte-order mark wins; a declared UTF-8 that the bytes break, or a declared legacy charset
    where the bytes are valid UTF-8 with non-ASCII characters, is not believed: then
    ``decode_bytes`` decides (UTF-8, else charset-normalizer's guess).
    """
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
    if declared and bom_encoding(body) is None:
        text = _decode_declared(body, declared)
        if text is not None:
            return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return decode_bytes(body)


def _decode_declared(body: bytes, declared: str) -> str | None:
    """``body`` in the declared charset, or None when the bytes do not agree with it."""
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = "cp1252"  # as browsers read them (WHATWG): the same letters, plus curly quotes and dashes
    if name.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:512]:
        return None  # ASCII markup has NUL bytes in UTF-16 or UTF-32: without them the label is wrong
    if not name.startswith("utf"):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not body.isascii():
                return None  # valid UTF-8 with non-ASCII letters: the label is wrong
    try:
        text = body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if "\x00" in text else text


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
