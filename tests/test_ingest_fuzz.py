"""Any bytes at all, in a file of any kind we read: Articles come back, never an exception."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storydiff.ingest import READERS, ReadOptions, read_file, read_sources
from storydiff.ingest.export import normalise_date
from storydiff.ingest.fetch import Fetcher, Page
from storydiff.ingest.language import detect_language
from storydiff.ingest.web import WebReader

pytest_plugins = ["conftest_http"]  # fixtures: no_outside_network
pytestmark = pytest.mark.usefixtures("no_outside_network")

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OFFLINE = ReadOptions(web=WebReader(Fetcher(timeout=0.5)))  # a feed link in fuzzed input goes nowhere

# bytes that look a little like each kind, so the readers get past their first checks
PREFIXES = {
    ".html": b"<html><body><p>",
    ".xml": b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>',
    ".atom": b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">',
    ".rss": b"<rss><channel><item><description>",
    ".csv": b"id,text,date\n1,",
    ".tsv": b"id\ttext\tdate\n1\t",
    ".jsonl": b'{"id": "1", "text": "',
    ".warc": b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n",
}


def check(articles: list) -> None:
    assert articles, "every input yields at least one Article"
    for a in articles:
        assert a.status in ("analyzed", "skipped")
        assert a.status == "analyzed" or a.reason, "a skipped article says why"
        assert isinstance(a.text, str) and isinstance(a.id, str)


def read_bytes_as(suffix: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(read_file(path, OFFLINE))


@pytest.mark.parametrize("suffix", sorted(READERS))
@FUZZ
@given(data=st.binary(max_size=2000), like=st.booleans())
def test_any_bytes_in_any_reader(suffix, data, like):
    if like:
        data = PREFIXES.get(suffix.replace(".gz", ""), b"") + data
    if suffix.endswith(".gz") and like:
        data = gzip.compress(data)
    check(read_bytes_as(suffix, data))


@FUZZ
@given(text=st.text(max_size=1500), suffix=st.sampled_from([".txt", ".md", ".html", ".csv", ".xml"]))
def test_any_text_in_any_encoding(text, suffix):
    for encoding in ("utf-8", "utf-16", "latin-1"):
        data = text.encode(encoding, errors="replace")
        check(read_bytes_as(suffix, data))


@FUZZ
@given(
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "text", "body", "date", "published", "outlet", "title", "url", "x"]),
            st.one_of(
                st.text(max_size=200), st.integers(), st.floats(), st.none(), st.lists(st.integers(), max_size=3)
            ),
            max_size=6,
        ),
        max_size=5,
    )
)
def test_any_jsonl_records(rows):
    data = "\n".join(json.dumps(r) for r in rows).encode()
    articles = read_bytes_as(".jsonl", data)
    if rows:
        check(articles)


@FUZZ
@given(
    html=st.text(max_size=3000),
    ctype=st.sampled_from(["text/html", "", "text/plain", "application/xml", "application/rss+xml"]),
)
def test_any_fetched_page(html, ctype):
    page = Page(
        url="http://127.0.0.1:9/page", final_url="http://127.0.0.1:9/page", status=200, content_type=ctype, html=html
    )
    reader = WebReader(Fetcher(timeout=0.5))
    reader.fetcher.fetch_all = lambda urls: [Page(url=u, final_url=u, error="offline") for u in urls]  # no network
    check([reader.page_article(page)])
    check(reader.read_feed_page(page))


@FUZZ
@given(value=st.one_of(st.text(max_size=60), st.integers(), st.floats(allow_nan=True)))
def test_any_date_value(value):
    result = normalise_date(value)
    assert result is None or (len(result) == 10 and result[4] == "-" and result[7] == "-")


@FUZZ
@given(text=st.text(max_size=3000))
def test_any_text_has_a_language(text):
    lang = detect_language(text)
    assert lang == "und" or (len(lang) == 2 and lang.isalpha())


@FUZZ
@given(lines=st.lists(st.text(max_size=80), max_size=8))
def test_any_urls_file(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "links.txt"
        # only lines that are not links, or links to a closed local port: the guard stops anything else
        safe = [ln for ln in lines if "://" not in ln]
        path.write_text("\n".join(safe), encoding="utf-8", errors="replace")
        for a in read_sources([], urls_file=str(path), fetcher=Fetcher(timeout=0.5)):
            assert a.status == "skipped" and a.reason.startswith("line ")


# -- issue 15: decoding, addresses, what reaches a terminal, cut archives -------------------------


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_decode_or_are_refused_with_a_reason(data):
    from storydiff.ingest.decode import DecodeError, decode_noted

    try:
        decoded = decode_noted(data)
    except DecodeError as e:
        assert str(e)
        return
    assert "\x00" not in decoded.text and "\r" not in decoded.text
    assert decoded.note is None or "replaced with U+FFFD" in decoded.note


@FUZZ
@given(text=st.text(max_size=1500).filter(lambda t: "\x00" not in t and "\r" not in t))
def test_valid_utf8_is_read_unchanged_without_a_note(text):
    import unicodedata

    from storydiff.ingest.decode import DecodeError, decode_noted

    data = text.encode("utf-8")
    try:
        decoded = decode_noted(data)
    except DecodeError:  # many control characters: refused as binary, which is fine
        return
    assert decoded.text == unicodedata.normalize("NFC", text) and decoded.note is None


@FUZZ
@given(
    address=st.one_of(
        st.ip_addresses(v=4, network="10.0.0.0/8"),
        st.ip_addresses(v=4, network="172.16.0.0/12"),
        st.ip_addresses(v=4, network="192.168.0.0/16"),
        st.ip_addresses(v=4, network="127.0.0.0/8"),
        st.ip_addresses(v=4, network="169.254.0.0/16"),
        st.ip_addresses(v=6, network="fc00::/7"),
        st.ip_addresses(v=6, network="fe80::/10"),
        st.ip_addresses(v=6, network="::1/128"),
    ),
    mapped=st.booleans(),
)
def test_every_private_address_is_refused(address, mapped):
    from storydiff.ingest.fetch import refused_address

    text = f"::ffff:{address}" if mapped and address.version == 4 else str(address)
    assert refused_address(text) is not None


@FUZZ
@given(text=st.text(max_size=300))
def test_any_outside_text_prints_literally(text):
    from rich.text import Text

    from storydiff.cli import plain, safe_text

    shown = Text.from_markup(plain(text)).plain
    assert shown == safe_text(text)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in shown)


@FUZZ
@given(name=st.text(min_size=1, max_size=80), reason=st.text(max_size=80))
def test_any_skipped_source_is_one_markdown_line(name, reason):
    from storydiff.report.markdown import render_markdown

    data = {"articles": [{"id": "x", "source": name, "status": "skipped", "reason": reason or "why"}], "findings": []}
    lines = render_markdown(data).splitlines()
    start = lines.index("**Skipped inputs**")
    assert lines[start + 2].startswith("- `") and lines[start + 3] == ""


def _two_record_warc_gz() -> tuple[bytes, int]:
    import io

    from conftest_http import STORY, article_page
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    ends = []
    for uri in ("https://a.example/fire", "https://b.example/fire"):
        page = article_page("Warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=headers))
        ends.append(out.tell())
    return out.getvalue(), ends[0]


WARC_GZ, FIRST_END = _two_record_warc_gz()


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(WARC_GZ)))
def test_a_warc_gz_cut_anywhere_loses_no_record_silently(cut):
    articles = read_bytes_as(".warc.gz", WARC_GZ[:cut])
    check(articles)
    analyzed = [a for a in articles if a.status == "analyzed"]
    reported = any("malformed WARC record" in (a.reason or "") for a in articles)
    started = 2 if cut > FIRST_END else 1  # records whose first byte is in the file
    # each record that started is read (a cut in a gzip trailer loses nothing) or reported as lost
    assert len(analyzed) == started or (len(analyzed) == started - 1 and reported)
