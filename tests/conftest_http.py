"""A small news site on 127.0.0.1 for the ingest tests: real HTTP, real pages, real failures.

Import the fixtures in a test module (``from conftest_http import news_site``). The server
listens on a free port of the loopback address only; ``no_outside_network`` makes any
connection elsewhere fail the test instead of reaching the internet.

Test modules also import its page builders, so pytest is told not to rewrite it: PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

STORY = """\
A fire that broke out in a warehouse at Harbour Point late on Tuesday left three people dead and forced the
evacuation of more than 200 residents from nearby streets, the city fire service said on Wednesday.
Crews were called to the building on Dock Road shortly after 11pm and fought the blaze for six hours before
bringing it under control. Chief fire officer Maria Delgado told reporters that the cause was not yet known
but that investigators had ruled out nothing. "We are treating the scene with an open mind," she said.
Two of the dead were night-shift workers employed by Northbay Logistics, which leases the warehouse. The
third victim has not been named. Police said the family had been informed. Four other people were taken to
St Anne's Hospital with smoke inhalation and were later released. The mayor, Tom Becker, visited the site on
Wednesday morning and promised a full inquiry. "People deserve to know how this happened and whether it
could have been prevented," he said. Residents said they had complained for years about chemicals stored in
the building. Northbay Logistics said in a statement that it was cooperating fully with the investigation
and that its thoughts were with the families of those who died. The company said the warehouse had passed a
safety inspection in March. Environmental officials were testing the air around the harbour on Wednesday
and advised people living within one kilometre to keep their windows closed. Schools in the area stayed
open. Roads around Dock Road were expected to remain closed until Friday while the structure was made safe.
The fire service said it had sent twelve engines and more than sixty firefighters at the height of the
blaze, and that one firefighter had been treated for a minor hand injury. An inquest into the deaths is
expected to open next week at the county coroner's court, where the cause of death will be formally recorded.
"""

STORY_2 = """\
Councillors voted on Thursday to close the old ferry terminal at Westgate for good after a two-year dispute
over repair costs, ending a service that had run for more than ninety years. The vote was carried by
eighteen votes to eleven after a debate that lasted most of the afternoon. The council's transport chair,
Priya Raman, said the terminal needed repairs costing at least four million pounds that the council could
not afford. "This is not the decision any of us wanted, but the numbers do not add up," she said.
Campaigners who had gathered outside the town hall said they would challenge the decision in the courts.
Their spokesman, Daniel Okafor, said the closure would cut off island residents who rely on the ferry to
reach work, school and hospital appointments. "We will not let this go," he said. The ferry operator,
Westgate Marine, said it would keep its boats running from a temporary pontoon until the end of the summer
while the council looks at alternatives. A report to the council said a replacement bus and bridge link
would take at least three years to plan and build. Opposition councillors accused the ruling group of
neglecting the terminal for a decade and then using the repair bill as an excuse. The council leader
rejected that claim and said independent engineers had found the pier structurally unsafe. Passenger
numbers have fallen by a third since 2019, according to figures published with the report. Local
businesses on the island said they feared losing trade from visitors in the summer months. The council
said it would hold a public meeting next month to explain the plans and hear from residents, and that a
final timetable for the closure would be set once the temporary arrangements had been agreed with the
operator and with the harbour authority, which owns part of the site and must approve any changes to it.
"""

# unclosed tags, a stray </div>, an attribute without its quote, a table never ended
BROKEN_HTML = (
    "<html><head><title>Ferry vote</title><body><div class='story><p>"
    + STORY_2.replace(". ", ".<p>", 6)
    + "</div></div><table><tr><td><b><i>unclosed"
)


def article_page(title: str, outlet: str, date: str, author: str, story: str) -> str:
    """A page as news sites serve them: navigation, adverts, comments and links around the story."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in _paragraphs(story))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:30:00Z">
<meta name="author" content="{author}">
<script>window.dataLayer = [{{"page": "article"}}];</script>
</head><body>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today and save 50 percent</a></li></ul></nav>
<div class="cookie-banner">We use cookie files to improve your experience. <button>Accept all cookies</button></div></header>
<aside class="ad"><div class="advertisement">Advertisement: Buy the new SuperPhone now at half price, limited offer</div></aside>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author}, {date}</p>
{paragraphs}
</article>
<section class="related"><h2>Trending now</h2><ul>
<li><a href="/a">Trending: Ten celebrity kitchens you will not believe</a></li>
<li><a href="/b">Trending: Why everyone is talking about this new diet</a></li></ul></section>
<section id="comments" class="comments"><h3>Comments (2)</h3>
<div class="comment"><p>Reader123 comment: this is outrageous, the council knew for years!!!</p></div>
<div class="comment"><p>JaneD comment: thoughts with the families, so sad to read this.</p></div></section>
</main>
<footer><p>Copyright 2024 {outlet}. All rights reserved. Subscribe to our newsletter.</p></footer>
</body></html>"""


def _paragraphs(story: str) -> list[str]:
    sentences = " ".join(story.split()).split(". ")
    out, para = [], []
    for s in sentences:
        para.append(s if s.endswith(".") or s.endswith('"') else s + ".")
        if len(para) == 3:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return out


def rss_feed(base: str, links: list[tuple[str, str]]) -> str:
    items = "\n".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Wed, 10 Jan 2024 09:00:00 GMT</pubDate><description>Summary of {title}</description></item>"
        for title, path in links
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Gazette: Local news</title><link>{base}/</link><description>Local news</description>
{items}
<item><title>Council notice in full</title><pubDate>Thu, 11 Jan 2024 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{STORY_2.split(".")[0]}.</p><p>The full notice follows.</p>]]></content:encoded></item>
</channel></rss>"""


@dataclass
class NewsSite:
    base: str
    hits: Counter = field(default_factory=Counter)
    user_agents: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _routes(site: NewsSite) -> dict[str, tuple[int, dict[str, str], bytes] | str]:
    fire = article_page(
        "Three dead in Harbour Point warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY
    )
    ferry = article_page("Westgate ferry terminal to close", "Island Courier", "2024-01-11", "Lee Chan", STORY_2)
    html = {"Content-Type": "text/html; charset=utf-8"}
    return {
        "/news/harbour-fire.html": (200, html, fire.encode()),
        "/news/ferry-vote": (200, html, ferry.encode()),
        "/news/no-text": (
            200,
            html,
            b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>",
        ),
        "/news/broken": (200, html, BROKEN_HTML.encode()),
        "/news/latin1": (200, {"Content-Type": "text/html"}, fire.replace("Maria", "Mar\u00eda").encode("cp1252")),
        "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, b""),  # filled in below with the base URL
        "/feed-as-text": (200, {"Content-Type": "text/plain"}, b""),
        "/bad-feed": (
            200,
            {"Content-Type": "application/rss+xml"},
            b"<?xml version='1.0'?><rss><channel><item><title>x</ti",
        ),
        "/moved": (301, {"Location": "/news/harbour-fire.html"}, b""),
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/missing": (404, html, b"<html><body>Not here</body></html>"),
        "/error": (500, html, b"<html><body>Oops</body></html>"),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + b"\x00" * 100),
        "/big": (200, html, b"<html><body>" + b"<p>filler text</p>" * 20_000 + b"</body></html>"),
        "/slow": "slow",
        "/trickle": "trickle",
    }


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """A threaded HTTP server on 127.0.0.1 (a free port), counting requests per path."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    site = NewsSite(base=f"http://127.0.0.1:{server.server_address[1]}")
    routes = _routes(site)
    links = [
        ("Three dead in warehouse fire", "/news/harbour-fire.html"),
        ("Ferry terminal to close", "/news/ferry-vote"),
    ]
    feed = rss_feed(site.base, links).encode()
    routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed)
    routes["/feed-as-text"] = (200, {"Content-Type": "text/plain"}, feed)
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = self.path.split("?")[0]
            site.hits[path] += 1
            site.user_agents.append(self.headers.get("User-Agent", ""))
            route = routes.get(path)
            if route == "slow":  # answers only after the client has given up
                stop.wait(3)
                return self._send(200, {"Content-Type": "text/html"}, b"<html><body><p>late</p></body></html>")
            if route == "trickle":  # headers at once, then a few bytes every 0.2 s for ever
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    while not stop.is_set():
                        self.wfile.write(b"<p>drip</p>\n")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
                return None
            if route is None:
                return self._send(404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>")
            status, headers, body = route
            return self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeouts, size limits): expected in these tests

        def log_message(self, format: str, *args: object) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (an unreachable server)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(autouse=False)
def no_outside_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connections anywhere but 127.0.0.1 fail the test (and never leave the machine)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1"):
            raise AssertionError(f"test tried to reach {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(
        socket, "getaddrinfo", _loopback_only(socket.getaddrinfo)
    )  # no DNS look-ups leave the machine either


def _loopback_only(real):  # type: ignore[no-untyped-def]
    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in ("127.0.0.1", "localhost", "::1", None):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (tests stay on 127.0.0.1)")
        return real(host, *args, **kwargs)

    return getaddrinfo
