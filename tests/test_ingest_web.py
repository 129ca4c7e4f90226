"""Reading links: a real HTTP server on 127.0.0.1 serving pages, a feed and failures."""

from __future__ import annotations

import time

import pytest

from storydiff.ingest import Fetcher, PageCache, read_sources
from storydiff.ingest.fetch import USER_AGENT
from storydiff.ingest.web import url_id

pytest_plugins = ["conftest_http"]  # fixtures: news_site, closed_port, no_outside_network
pytestmark = pytest.mark.usefixtures("no_outside_network")

# words found only in the pages' navigation, adverts, related links and comments
CLUTTER_WORDS = ("subscribe", "cookie", "advertisement", "trending", "comment")


def quick() -> Fetcher:
    """Short limits so that the failure cases take a second, not ten."""
    return Fetcher(timeout=1.0, max_bytes=100_000, allow_private=True)  # the test site is on 127.0.0.1


def read_one(url: str, **kwargs) -> object:
    articles = read_sources([url], fetcher=kwargs.pop("fetcher", quick()), **kwargs)
    assert len(articles) == 1, articles
    return articles[0]


def test_article_page_gives_the_story_without_the_clutter(news_site):
    a = read_one(news_site.url("/news/harbour-fire.html"))
    assert a.status == "analyzed", a.reason
    assert "Chief fire officer Maria Delgado" in a.text
    assert "coroner's court" in a.text  # the last paragraph too
    assert 280 < a.words < 360
    lowered = a.text.lower()
    for word in CLUTTER_WORDS:
        assert word not in lowered, f"clutter {word!r} in the article text"
    assert "SuperPhone" not in a.text and "Reader123" not in a.text


def test_article_page_metadata(news_site):
    url = news_site.url("/news/harbour-fire.html")
    a = read_one(url)
    assert a.outlet == "Harbour Gazette"
    assert a.title == "Three dead in Harbour Point warehouse fire"
    assert a.published == "2024-01-10"
    assert a.author == "Sam Ortiz"
    assert a.url == url and a.source == url
    assert a.id == url_id(url) and a.id.startswith("harbour-fire-")
    assert a.raw_html and "cookie-banner" in a.raw_html  # the page as fetched, to check later


def test_requests_say_who_is_asking(news_site):
    read_one(news_site.url("/news/ferry-vote"))
    assert news_site.user_agents == [USER_AGENT]
    assert USER_AGENT == "storydiff/0.1 (+https://github.com/storydiff; news comparison)"


def test_feed_url_reads_the_linked_articles(news_site):
    articles = read_sources([news_site.url("/feed.xml")], fetcher=quick())
    by_title = {a.title: a for a in articles}
    assert [a.status for a in articles] == ["analyzed"] * 3
    assert "Maria Delgado" in by_title["Three dead in Harbour Point warehouse fire"].text
    assert by_title["Westgate ferry terminal to close"].outlet == "Island Courier"
    # an entry without a link but with its text in the feed is read from the feed
    notice = by_title["Council notice in full"]
    assert notice.text.startswith("Councillors voted on Thursday")
    assert notice.outlet == "Harbour Gazette: Local news" and notice.published == "2024-01-11"
    assert news_site.hits["/news/harbour-fire.html"] == 1 and news_site.hits["/news/ferry-vote"] == 1


def test_feed_is_recognised_by_its_content_whatever_the_content_type(news_site):
    articles = read_sources([news_site.url("/feed-as-text")], fetcher=quick())
    assert len([a for a in articles if a.status == "analyzed"]) == 3


def test_redirect_is_followed(news_site):
    a = read_one(news_site.url("/moved"))
    assert a.status == "analyzed"
    assert a.url == news_site.url("/news/harbour-fire.html")
    assert a.source == news_site.url("/moved")


def test_redirect_is_followed_once_per_page(news_site):
    articles = read_sources([news_site.url("/moved"), news_site.url("/news/harbour-fire.html")], fetcher=quick())
    assert [a.status for a in articles] == ["analyzed", "skipped"]
    assert "same URL" in articles[1].reason


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/error", "HTTP 500 Internal Server Error"),
        ("/report.pdf", "not an HTML page or feed (content type 'application/pdf')"),
        ("/big", "page larger than 100 KB"),
        ("/slow", "timed out after 1 s"),
        ("/trickle", "timed out after 1 s"),  # bytes keep coming: the limit is for the whole page
        ("/news/no-text", "no article text found"),
        ("/bad-feed", "malformed feed"),
    ],
)
def test_failures_become_skipped_articles_with_a_reason(news_site, path, reason):
    a = read_one(news_site.url(path))
    assert a.status == "skipped"
    assert a.reason.startswith(reason), a.reason
    assert a.source == news_site.url(path)


def test_redirect_loop_is_detected(news_site):
    a = read_one(news_site.url("/loop-a"))
    assert a.status == "skipped"
    assert a.reason.startswith("redirect loop: ") and a.reason.count("loop-a") == 2
    assert news_site.hits["/loop-a"] == 1 and news_site.hits["/loop-b"] == 1


def test_too_many_redirects(news_site):
    a = read_one(news_site.url("/moved"), fetcher=Fetcher(timeout=1.0, max_redirects=0, allow_private=True))
    assert a.status == "skipped" and a.reason.startswith("more than 0 redirects")


def test_unreachable_host(closed_port):
    a = read_one(f"http://127.0.0.1:{closed_port}/news/story")
    assert a.status == "skipped"
    assert a.reason.startswith("could not connect: ") and "refused" in a.reason.lower()


def test_unknown_host_name():
    a = read_one("http://no-such-host.invalid/story")  # the guard answers the DNS look-up: nothing leaves
    assert a.status == "skipped" and a.reason.startswith("could not connect: ")


def test_malformed_html_still_gives_the_story(news_site):
    a = read_one(news_site.url("/news/broken"))
    assert a.status == "analyzed", a.reason
    assert "We will not let this go" in a.text


def test_page_in_an_undeclared_encoding(news_site):
    # served as Windows-1252 while the page claims UTF-8: charset-normalizer finds the truth
    a = read_one(news_site.url("/news/latin1"))
    assert a.status == "analyzed"
    assert "María Delgado" in a.text


def test_page_cache_keeps_pages_and_spares_the_server(news_site, tmp_path):
    db = tmp_path / "story.db"
    urls = [news_site.url("/feed.xml"), news_site.url("/missing")]
    first = read_sources(urls, cache=PageCache(db), fetcher=quick())
    hits_after_first = sum(news_site.hits.values())
    second = read_sources(urls, cache=PageCache(db), fetcher=quick())
    assert [(a.id, a.status, a.text) for a in first] == [(a.id, a.status, a.text) for a in second]
    # only the 404 is asked again: errors are not cached, pages are
    assert sum(news_site.hits.values()) - hits_after_first == 1
    assert news_site.hits["/feed.xml"] == 1 and news_site.hits["/news/harbour-fire.html"] == 1
    cache = PageCache(db)
    row = cache.get(news_site.url("/news/harbour-fire.html"))
    assert row is not None and row.status == 200 and "Maria Delgado" in row.html
    assert row.content_type.startswith("text/html") and row.fetched_at
    assert cache.get(news_site.url("/missing")) is None
    columns = {c.name for c in cache.table.columns}
    assert columns == {"url", "final_url", "status", "content_type", "fetched_at", "html"}


def test_cached_redirect_keeps_its_final_url(news_site, tmp_path):
    cache = PageCache(tmp_path / "story.db")
    read_sources([news_site.url("/moved")], cache=cache, fetcher=quick())
    again = read_sources([news_site.url("/moved")], cache=cache, fetcher=quick())
    assert news_site.hits["/moved"] == 1
    assert again[0].url == news_site.url("/news/harbour-fire.html")


def test_urls_file(news_site, tmp_path):
    listing = tmp_path / "links.txt"
    listing.write_text(
        "# links for the harbour fire story\n\n"
        f"{news_site.url('/news/harbour-fire.html')}\n"
        "   \n"
        f"  {news_site.url('/news/ferry-vote')}  \n"
        "not a link\n"
        f"{news_site.url('/missing')}\n"
    )
    articles = read_sources([], urls_file=str(listing), fetcher=quick())
    assert [a.status for a in articles] == ["analyzed", "analyzed", "skipped", "skipped"]
    assert articles[2].reason == "HTTP 404 Not Found"
    assert articles[3].reason == "line 6: not an http(s) link: 'not a link'"
    assert articles[3].source == f"{listing}:6"


def test_missing_urls_file(tmp_path):
    articles = read_sources([], urls_file=str(tmp_path / "nope.txt"))
    assert [(a.status, a.reason) for a in articles] == [("skipped", "no such file or folder")]


def test_sources_mix_files_and_links_in_order(news_site, tmp_path):
    story = tmp_path / "wire.txt"
    story.write_text("Title: Wire copy\nOutlet: Agency\n\n" + "Councillors in Westgate met on Thursday. " * 10)
    articles = read_sources(
        [news_site.url("/news/harbour-fire.html"), str(story), news_site.url("/news/ferry-vote")], fetcher=quick()
    )
    assert [a.outlet for a in articles] == ["Harbour Gazette", "Agency", "Island Courier"]


def test_pages_are_fetched_a_few_at_a_time(news_site):
    # four slow pages with a one-second limit take about one second, not four
    start = time.monotonic()
    articles = read_sources([news_site.url(f"/slow?n={n}") for n in range(4)], fetcher=quick())
    assert all(a.reason == "timed out after 1 s" for a in articles)
    assert time.monotonic() - start < 3
