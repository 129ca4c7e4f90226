"""Messy and hostile input (issue 15): no single input ends a run, nothing outside is terminal
markup, nothing is fetched from where it is not safe, and what is lost is accounted for.

Servers are on the loopback address only; files are written by the tests.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import run_cli
from conftest_http import STORY, STORY_2, article_page
from spacy.language import Language
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storydiff.ingest import READERS, Fetcher, read_paths, read_sources, register_reader
from storydiff.ingest.feed import parse_feed
from storydiff.ingest.fetch import refused_address
from storydiff.report import render

pytest_plugins = ["conftest_http"]  # fixtures: news_site

FIRE = "Title: Warehouse fire at Harbour Point\nOutlet: Harbour Gazette\nPublished: 2024-01-10\n\n" + STORY
FIRE_2 = "Title: Three killed in Dock Road blaze\nOutlet: City Wire\nPublished: 2024-01-10\n\n" + STORY.replace(
    "three people dead", "three people dead, police confirmed,"
)
FERRY = "Title: Westgate ferry terminal to close\nOutlet: Island Courier\nPublished: 2024-01-11\n\n" + STORY_2


# -- a raw server on the loopback address: status lines, headers and bodies exactly as written --


@dataclass
class RawServer:
    """Answers each connection with ``routes[path](connection)``; records every request line."""

    family: socket.AddressFamily = socket.AF_INET
    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    routes: dict[str, Callable[[socket.socket], None]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.socket(self.family, socket.SOCK_STREAM)
        self.sock.bind((self.host, 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        if self.tls is not None:
            try:
                conn = self.tls.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close()
                return  # the client refused the certificate
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            line = data.split(b"\r\n", 1)[0].decode("latin-1")
            self.requests.append(line)
            path = line.split(" ")[1]
            route = self.routes.get(path)
            try:
                if route is None:
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                else:
                    route(conn)
            except OSError:
                pass  # the client gave up: expected where it is cut at its deadline

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def respond(status: str, headers: dict[str, str], body: bytes) -> Callable[[socket.socket], None]:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    return lambda conn: conn.sendall(head.encode("latin-1") + body)


def trickle(first: bytes, drip: bytes, every: float = 0.1) -> Callable[[socket.socket], None]:
    """Send ``first``, then ``drip`` every ``every`` seconds until the client hangs up."""

    def send(conn: socket.socket) -> None:
        conn.sendall(first)
        for _ in range(600):
            time.sleep(every)
            conn.sendall(drip)

    return send


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every address a socket connects to during the test (connections still go through)."""
    seen: list[object] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: object) -> object:
        seen.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def mapping(table: dict[str, str]) -> Callable[[str, int], list[str]]:
    """A resolver that knows the given names (and resolves address literals as themselves)."""

    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return [table[host]]
        return [socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]]

    return resolve


def public_loopback(address: str) -> str | None:
    """The policy for tests whose 127.0.0.1 server stands in for a public site: only that address passes."""
    return None if address == "127.0.0.1" else refused_address(address)


# -- 1. no single input ends the run ------------------------------------------------------------

MARKER = "Zorblatt-quux-failure"


@Language.component("storydiff_test_fails_on_marker")
def fails_on_marker(doc):  # a component that breaks on one article, as a real bug would
    if MARKER in doc.text:
        raise ValueError(f"component cannot handle {MARKER}")
    return doc


@pytest.fixture
def failing_component(nlp):
    nlp.add_pipe("storydiff_test_fails_on_marker", first=True)
    try:
        yield
    finally:
        nlp.remove_pipe("storydiff_test_fails_on_marker")


def test_an_article_that_makes_spacy_raise_is_skipped_and_the_rest_reported(tmp_path, failing_component):
    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "fire.txt").write_text(FIRE, encoding="utf-8")
    (folder / "fire-2.txt").write_text(FIRE_2, encoding="utf-8")
    (folder / "bad.txt").write_text(FIRE.replace("Dock Road", f"Dock Road {MARKER}"), encoding="utf-8")
    out = tmp_path / "report.json"
    result = run_cli(["analyze", folder, "--json", out, "--no-embeddings", "--quiet"])
    assert result.code == 0, result.output
    report = json.loads(out.read_text("utf-8"))
    status = {Path(a["source"]).name: (a["status"], a["reason"]) for a in report["articles"]}
    assert status["fire.txt"][0] == status["fire-2.txt"][0] == "analyzed"
    assert status["bad.txt"] == (
        "skipped",
        f"could not analyze this article: ValueError: component cannot handle {MARKER}",
    )
    assert "bad.txt" in result.stderr and "could not analyze" in result.stderr
    assert report["claims"] and all(not c["article"].startswith("bad") for c in report["claims"])


def test_the_dask_tasks_skip_an_article_that_makes_spacy_raise(failing_component):
    from storydiff.ingest.text import parse_text
    from storydiff.pipeline import Settings
    from storydiff.scale.dask_runner import _mark_skipped, _read_mentions, _read_statements

    good = parse_text(FIRE, "fire", "fire.txt")
    bad = parse_text(FIRE.replace("Dock Road", f"Dock Road {MARKER}"), "bad", "bad.txt")
    client_side = [parse_text(FIRE, "fire", "fire.txt"), parse_text(FIRE, "bad", "bad.txt")]
    settings = Settings(embeddings=False)
    arts, failed = _read_mentions([good, bad], settings)  # what a worker runs, in this process
    assert [aa.article.id for aa in arts] == ["fire"] and [a.id for a in failed] == ["bad"]
    _mark_skipped(client_side, failed)
    assert [a.status for a in client_side] == ["analyzed", "skipped"]
    assert client_side[1].reason == f"could not analyze this article: ValueError: component cannot handle {MARKER}"
    arts, failed = _read_statements(arts, settings)
    assert [aa.article.id for aa in arts] == ["fire"] and not failed and arts[0].claims


def test_a_reader_that_raises_skips_its_file_only(tmp_path):
    def broken_reader(path, options):
        raise KeyError("no such column in this export format")
        yield  # a generator, as readers are

    register_reader(".boom", broken_reader)
    try:
        (tmp_path / "a.boom").write_text("x")
        (tmp_path / "b.txt").write_text(FIRE)
        boom, good = read_paths([tmp_path])
    finally:
        READERS.pop(".boom")
    assert boom.status == "skipped" and "KeyError" in boom.reason and "no such column" in boom.reason
    assert good.status == "analyzed"


# -- 2. text from outside is never terminal markup --------------------------------------------


def test_file_names_with_markup_and_escape_codes_are_printed_as_text(tmp_path):
    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "fire.txt").write_text(FIRE, encoding="utf-8")
    (folder / "[").mkdir()
    (folder / "[" / "bold] closing.txt").write_bytes(b"")  # its path holds "[/bold]": rich raised MarkupError
    (folder / "[red]styled.txt").write_bytes(b"")
    (folder / "\x1b[2Jclear\x07.txt").write_bytes(b"")
    (folder / "line\n# Injected heading\n- item.txt").write_bytes(b"")
    md = tmp_path / "report.md"
    result = run_cli(["analyze", folder, "--md", md, "--no-embeddings"], env={"COLUMNS": "300"})
    assert result.code == 0, result.output
    assert "[/bold] closing.txt" in result.stderr and "[red]styled.txt" in result.stderr
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "[2Jclear.txt" in result.stderr
    text = md.read_text("utf-8")
    assert "\n# Injected" not in text and "\n- item" not in text
    assert "line # Injected heading - item.txt" in text


def test_http_reason_phrase_with_markup_is_printed_as_text(tmp_path, raw_server):
    raw_server.routes["/gone"] = respond("410 [/bold][blink]\x1b[31mGone", {"Content-Type": "text/html"}, b"")
    result = run_cli(["analyze", raw_server.base + "/gone", "--allow-private-network", "--no-embeddings"])
    assert result.code == 2  # nothing to analyze; but the run got as far as saying why
    assert "HTTP 410 [/bold][blink][31mGone" in result.stderr
    assert "\x1b" not in result.output


# -- 3. fetch only what was named, only where safe ---------------------------------------------


def test_localhost_is_refused_by_default_before_any_connection(news_site, connections):
    url = news_site.url("/news/harbour-fire.html").replace("127.0.0.1", "localhost")
    [a] = read_sources([url], fetcher=Fetcher(timeout=2.0))
    assert a.status == "skipped"
    assert a.reason.startswith("refused to fetch from localhost: it resolves to ")
    assert "a loopback address (--allow-private-network permits it)" in a.reason
    assert connections == [] and sum(news_site.hits.values()) == 0


@pytest.mark.parametrize(
    "host, address, why",
    [
        ("intranet.example", "10.0.0.8", "a private address"),
        ("router.example", "192.168.1.1", "a private address"),
        ("metadata.example", "169.254.169.254", "a cloud metadata address"),
        ("link.example", "169.254.10.20", "a link-local address"),
        ("mapped.example", "::ffff:10.1.2.3", "a private address"),
        ("ula.example", "fd12:3456::1", "a private address"),
        ("aws-v6.example", "fd00:ec2::254", "a cloud metadata address"),
        ("zero.example", "0.0.0.0", "not a public address"),
        ("cgnat.example", "100.64.0.1", "not a public address"),
    ],
)
def test_names_that_resolve_to_private_addresses_are_refused(host, address, why, connections):
    fetcher = Fetcher(timeout=2.0, resolve=mapping({host: address}))
    page = fetcher.fetch(f"http://{host}/latest/meta-data/")
    assert (
        page.error
        == f"refused to fetch from {host}: it resolves to {address}, {why} (--allow-private-network permits it)"
    )
    assert connections == []


def test_address_literals_are_checked_too(connections):
    page = Fetcher(timeout=2.0).fetch("http://169.254.169.254/latest/meta-data/")
    assert page.error and "a cloud metadata address" in page.error
    page = Fetcher(timeout=2.0).fetch("http://[::1]:9/")
    assert page.error and "a loopback address" in page.error
    assert connections == []


def test_a_redirect_into_the_intranet_is_refused(raw_server, connections):
    raw_server.routes["/story"] = respond("302 Found", {"Location": "http://intranet.example:8080/admin"}, b"")
    fetcher = Fetcher(timeout=2.0, resolve=mapping({"intranet.example": "10.20.30.40"}), refuse=public_loopback)
    page = fetcher.fetch(raw_server.base + "/story")
    assert page.error == (
        "refused to fetch from intranet.example: it resolves to 10.20.30.40, a private address "
        "(--allow-private-network permits it)"
    )
    assert [a[0] for a in connections] == ["127.0.0.1"]  # the public page only
    assert raw_server.requests == ["GET /story HTTP/1.1"]


def test_feed_entries_pointing_at_the_intranet_are_refused(raw_server, connections):
    page = article_page("Warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY).encode()
    raw_server.routes["/news/fire"] = respond("200 OK", {"Content-Type": "text/html; charset=utf-8"}, page)
    items = "".join(
        f"<item><title>{n}</title><link>{link}</link></item>"
        for n, link in enumerate(
            [raw_server.base + "/news/fire", "http://169.254.169.254/latest/meta-data/", "http://wiki.corp/secrets"]
        )
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'
    raw_server.routes["/feed.xml"] = respond("200 OK", {"Content-Type": "application/rss+xml"}, feed.encode())
    fetcher = Fetcher(timeout=2.0, resolve=mapping({"wiki.corp": "172.16.0.9"}), refuse=public_loopback)
    fire, metadata, wiki = read_sources([raw_server.base + "/feed.xml"], fetcher=fetcher)
    assert fire.status == "analyzed" and "Maria Delgado" in fire.text
    assert metadata.status == "skipped" and "169.254.169.254, a cloud metadata address" in metadata.reason
    assert wiki.status == "skipped" and "wiki.corp: it resolves to 172.16.0.9, a private address" in wiki.reason
    assert {a[0] for a in connections} == {"127.0.0.1"}
    assert sorted(raw_server.requests) == ["GET /feed.xml HTTP/1.1", "GET /news/fire HTTP/1.1"]


@pytest.mark.parametrize(
    "first, drip",
    [
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", b"X-Padding: a\r\n"),  # headers never end
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n", b"0"),  # a chunk line
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n", b"<p>"),  # the body
    ],
    ids=["headers", "chunk-line", "body"],
)
def test_one_deadline_covers_the_whole_request(raw_server, first, drip):
    raw_server.routes["/slow"] = trickle(first, drip)
    fetcher = Fetcher(timeout=1.0, allow_private=True)
    start = time.monotonic()
    page = fetcher.fetch(raw_server.base + "/slow")
    elapsed = time.monotonic() - start
    assert page.error == "timed out after 1 s"
    assert 0.9 < elapsed < 1.8


def test_the_deadline_covers_a_slow_name_look_up():
    def slow(host: str, port: int) -> list[str]:
        time.sleep(3)
        return ["127.0.0.1"]

    start = time.monotonic()
    page = Fetcher(timeout=1.0, allow_private=True, resolve=slow).fetch("http://slow-dns.example/")
    assert page.error == "timed out after 1 s" and time.monotonic() - start < 1.5


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_ipv6_literal_urls_work():
    server = RawServer(family=socket.AF_INET6, host="::1")
    page = article_page("Warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY).encode()
    server.routes["/news/fire"] = respond("200 OK", {"Content-Type": "text/html; charset=utf-8"}, page)
    try:
        [a] = read_sources([server.base + "/news/fire"], fetcher=Fetcher(timeout=2.0, allow_private=True))
    finally:
        server.close()
    assert a.status == "analyzed", a.reason
    assert "Maria Delgado" in a.text and a.url == server.base + "/news/fire"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for "localhost" (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_https_checks_the_certificate_against_the_name_in_the_url(certificate):
    cert, key = certificate
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    server = RawServer(tls=server_side)
    page = article_page("Warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY).encode()
    server.routes["/news/fire"] = respond("200 OK", {"Content-Type": "text/html; charset=utf-8"}, page)
    trusting = ssl.create_default_context(cafile=str(cert))
    try:
        by_name = f"https://localhost:{server.port}/news/fire"
        by_address = f"https://127.0.0.1:{server.port}/news/fire"
        ok = Fetcher(timeout=2.0, allow_private=True, tls=trusting, resolve=mapping({"localhost": "127.0.0.1"}))
        assert ok.fetch(by_name).ok  # connected to 127.0.0.1, verified as "localhost"
        wrong_name = ok.fetch(by_address).error  # the certificate is for localhost, not 127.0.0.1
        untrusted = Fetcher(timeout=2.0, allow_private=True).fetch(by_name).error
    finally:
        server.close()
    assert wrong_name and wrong_name.startswith("could not connect: certificate not trusted")
    assert untrusted and untrusted.startswith("could not connect: certificate not trusted")


def test_claimreview_keeps_only_web_urls():
    from report_sample import hostile_report

    data = hostile_report()
    data["findings"][0]["positions"][0]["articles"].append("666_<b>evil</b>")
    out = render(data, "claimreview")
    assert "javascript:" not in out
    urls = [w["url"] for d in json.loads(out) for w in d["itemReviewed"]["appearance"] if "url" in w]
    assert urls and all(u.startswith(("http://", "https://")) for u in urls)


# -- 5. everything checked before the long work ------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["--story-threshold", "nan"], "--story-threshold nan: expected a number between 0 and 1"),
        (["--story-threshold", "1.5"], "--story-threshold 1.5: expected a number between 0 and 1"),
        (["--story-threshold", "-0.1"], "--story-threshold -0.1: expected a number between 0 and 1"),
        (["--dask", "tcp://scheduler"], "--dask 'tcp://scheduler': expected local, local:N or a scheduler address"),
        (["--dask", "local:many"], "--dask 'local:many': expected local, local:N"),
        (["--dask", "local:0"], "--dask 'local:0': needs at least one worker"),
        (["--dask", "scheduler:8786:x"], "--dask 'scheduler:8786:x': expected local"),
    ],
)
def test_bad_settings_fail_at_once_with_exit_2(tmp_path, args, message):
    (tmp_path / "fire.txt").write_text(FIRE, encoding="utf-8")
    out = tmp_path / "report.json"
    start = time.monotonic()
    result = run_cli(["analyze", tmp_path / "fire.txt", "--json", out, *args])
    assert result.code == 2
    assert message in result.stderr
    assert not out.exists() and time.monotonic() - start < 2


def test_output_paths_that_cannot_be_written_fail_at_once(tmp_path):
    (tmp_path / "fire.txt").write_text(FIRE, encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        cases = [
            (["--json", folder], f"--json {folder}: cannot write there, it is a folder"),
            (["--md", a_file / "report.md"], f"--md {a_file / 'report.md'}: cannot write there ({a_file} is a file)"),
            (["--parquet", a_file], f"--parquet {a_file}: cannot write there, it is a file"),
        ]
        if not _can_write_anywhere():
            cases.append((["--html", locked / "r.html"], f"--html {locked / 'r.html'}: cannot write in {locked}"))
        for args, message in cases:
            result = run_cli(["analyze", tmp_path / "fire.txt", *args])
            assert result.code == 2, args
            assert message in result.stderr, result.stderr
    finally:
        locked.chmod(0o700)


def _can_write_anywhere() -> bool:
    import os

    return os.geteuid() == 0  # root ignores permissions: that case cannot be shown


# -- 6. encodings without silent damage --------------------------------------------------------

CURLY = (
    "The fire chief, Mar\u00eda Delgado, said \u201cwe are treating the scene with an open mind\u201d \u2014 and "
    "the caf\u00e9 owner\u2019s complaint about chemicals stored in the building was \u2018ignored for years\u2019."
)


# charset-normalizer alone reads these cp1252 bytes as cp850 ("RenÚe"): the Western reading must win
ACCENTED = STORY_2.replace("island", "\u00eele").replace("Priya", "Ren\u00e9e")


def test_page_labelled_utf8_that_is_really_cp1252(raw_server):
    page = f"<html><head><title>Ferry vote</title></head><body><p>{ACCENTED}</p></body></html>"
    raw_server.routes["/news/ferry"] = respond(
        "200 OK", {"Content-Type": "text/html; charset=utf-8"}, page.encode("cp1252")
    )
    [a] = read_sources([raw_server.base + "/news/ferry"], fetcher=Fetcher(timeout=2.0, allow_private=True))
    assert a.status == "analyzed"
    assert "Ren\u00e9e Raman" in a.text and "\u00eele residents" in a.text


def test_text_file_in_cp1252(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_bytes(("Title: Ferry vote\n\n" + ACCENTED).encode("cp1252"))
    [a] = read_paths([path])
    assert "Ren\u00e9e Raman" in a.text and "\u00eele residents" in a.text and a.reason is None


def test_page_labelled_latin1_that_is_really_utf8(raw_server):
    page = article_page("Warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", CURLY + " " + STORY)
    body = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode("utf-8")
    raw_server.routes["/news/fire"] = respond("200 OK", {"Content-Type": "text/html"}, body)
    [a] = read_sources([raw_server.base + "/news/fire"], fetcher=Fetcher(timeout=2.0, allow_private=True))
    assert CURLY in a.text


@pytest.mark.parametrize(
    "body, content_type",
    [
        (f"<html><head><meta charset='utf-16'></head><body><p>{CURLY}</p></body></html>".encode(), "text/html"),
        (f"<html><body><p>{CURLY}</p></body></html>".encode("utf-16-le"), "text/html; charset=utf-16le"),
        (f"<html><body><p>{CURLY}</p></body></html>".encode("utf-8-sig"), "text/html; charset=windows-1252"),
    ],
    ids=["utf8-labelled-utf16", "utf16le-as-labelled", "bom-beats-label"],
)
def test_declared_charset_only_where_the_bytes_agree(body, content_type):
    from storydiff.ingest.fetch import decode_page

    assert CURLY in decode_page(body, content_type)


def test_a_few_invalid_utf8_bytes_are_replaced_alone_and_noted(tmp_path):
    data = (FIRE + "\n" + CURLY).encode("utf-8")
    at = data.index(b"warehouse at")
    data = data[:at] + b"\xff" + data[at:]
    at = data.index(b"Dock Road")
    data = data[:at] + b"\x81\xfe" + data[at:]
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    [a] = read_paths([path])
    assert a.status == "analyzed"
    assert CURLY in a.text  # every curly quote intact
    assert a.text.count("\ufffd") == 3 and "\ufffdwarehouse at" in a.text
    assert a.reason == "3 invalid UTF-8 byte sequences replaced with U+FFFD (the rest read as UTF-8)"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    text = FIRE + "\n" + CURLY
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    [a] = read_paths([path])
    assert a.status == "analyzed", a.reason
    assert a.title == "Warehouse fire at Harbour Point" and CURLY in a.text


def test_nul_bytes_are_removed(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(FIRE.replace("Harbour Point late", "Harbour\x00 Point\x00 late").encode("utf-8"))
    [a] = read_paths([path])
    assert a.status == "analyzed" and "\x00" not in a.text and "Harbour Point late" in a.text


# -- 7. everything accounted for ---------------------------------------------------------------


def test_dangling_and_self_referencing_symlinks_are_listed(tmp_path):
    (tmp_path / "fire.txt").write_text(FIRE, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "ping.txt").symlink_to(tmp_path / "pong.txt")
    (tmp_path / "pong.txt").symlink_to(tmp_path / "ping.txt")
    articles = {Path(a.source).name: a for a in read_paths([tmp_path])}
    assert articles["fire.txt"].status == "analyzed"
    assert articles["gone.txt"].reason == f"symbolic link to a file that does not exist ({tmp_path / 'deleted.txt'})"
    for name in ("self.txt", "ping.txt", "pong.txt"):
        assert articles[name].reason == "symbolic link that leads back to itself"
    [direct] = read_paths([tmp_path / "self.txt"])
    assert direct.reason == "symbolic link that leads back to itself"


def _warc_gz(uris: list[str]) -> tuple[bytes, list[int]]:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    offsets = []
    for uri in uris:
        offsets.append(out.tell())
        page = article_page("Warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=headers))
    return out.getvalue(), offsets


def test_warc_gz_cut_inside_a_record_header_reports_the_lost_record(tmp_path):
    data, (_, second) = _warc_gz(["https://a.example/fire", "https://b.example/fire-2"])
    header = zlib.decompress(data[second:], 31)
    whole_member_cut = data[:second] + gzip.compress(header[:60])  # the header ends after 60 bytes
    stream_cut = data[: second + 40]  # the compressed stream itself ends inside the header
    for name, cut in (("member.warc.gz", whole_member_cut), ("stream.warc.gz", stream_cut)):
        path = tmp_path / name
        path.write_bytes(cut)
        first, lost = read_paths([path])
        assert first.status == "analyzed"
        assert lost.status == "skipped" and lost.reason.startswith("malformed WARC record at offset ")
        offset = int(lost.reason.split("offset ")[1].split(":")[0])
        assert abs(offset - second) <= 2, lost.reason  # where the lost record began


def test_feed_whose_entity_expansion_was_refused_yields_no_one_word_article(tmp_path):
    feed = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bomb</title>
<item><title>&lol2;</title><content:encoded>&lol2;</content:encoded></item></channel></rss>"""
    _, entries = parse_feed(feed)
    assert entries and "lol" not in (entries[0].content_html or "").replace("&amp;lol2", "")  # never expanded
    path = tmp_path / "bomb.xml"
    path.write_bytes(feed)
    [a] = read_paths([path])
    assert a.status == "skipped" and a.text == ""
    assert a.reason == "feed entry 1 holds only an entity reference (&lol2), which is never expanded: no article text"


# -- 9. a mixed pile is grouped by default -----------------------------------------------------


@pytest.fixture(scope="module")
def mixed_pile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mixed-pile")
    (folder / "fire.txt").write_text(FIRE, encoding="utf-8")
    (folder / "fire-2.txt").write_text(FIRE_2, encoding="utf-8")
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "ferry-2.txt").write_text(
        FERRY.replace("Island Courier", "Westgate Weekly").replace("eighteen votes", "18 votes"), encoding="utf-8"
    )
    return folder


def test_a_mixed_pile_is_grouped_into_stories_by_default(mixed_pile, tmp_path):
    out = tmp_path / "report.json"
    result = run_cli(["analyze", mixed_pile, "--json", out, "--no-embeddings", "--quiet"])
    assert result.code == 0, result.output
    report = json.loads(out.read_text("utf-8"))
    names = {a["id"]: Path(a["source"]).name for a in report["articles"]}
    stories = sorted(sorted(names[i] for i in s["articles"]) for s in report["stories"])
    assert stories == [["ferry-2.txt", "ferry.txt"], ["fire-2.txt", "fire.txt"]]


def test_one_story_forces_a_single_story(mixed_pile, tmp_path):
    out = tmp_path / "report.json"
    result = run_cli(["analyze", mixed_pile, "--json", out, "--no-embeddings", "--quiet", "--one-story"])
    assert result.code == 0, result.output
    [story] = json.loads(out.read_text("utf-8"))["stories"]
    assert len(story["articles"]) == 4


def test_threshold_is_finite_by_default():
    from storydiff.cli import build_parser, settings_from_args

    settings = settings_from_args(build_parser().parse_args(["analyze", "x"]))
    assert settings.story_threshold is not None and math.isfinite(settings.story_threshold)
