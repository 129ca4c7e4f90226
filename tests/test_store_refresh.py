"""``--refresh``: the store's links fetched again; a page that changed becomes a new version of its article.

A page on a small HTTP server of 127.0.0.1 changes between runs; the reports say when each page was fetched.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import run_cli
from conftest_http import STORY, STORY_2, article_page


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                site.hits[self.path] += 1
                body = site.pages.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                data = (body or "<html><body>Not found</body></html>").encode("utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    s.pages["/fire"] = article_page("Three dead in warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY)
    s.pages["/ferry"] = article_page("Ferry terminal to close", "Island Courier", "2024-01-11", "Lee Chan", STORY_2)
    yield s
    s.server.shutdown()
    s.server.server_close()


def analyze(args: list, out) -> dict:
    result = run_cli(
        ["analyze", *args, "--json", out, "--md", out.with_suffix(".md"), "--no-embeddings", "--quiet"]
        + ["--allow-private-network"]
    )
    assert result.code == 0, result.output
    return json.loads(out.read_text("utf-8"))


def test_refresh_fetches_again_and_a_changed_page_is_a_new_version(site, tmp_path, nlp):
    db = tmp_path / "story.db"
    first = analyze([site.base + "/fire", site.base + "/ferry", "--db", db], tmp_path / "r1.json")
    assert all(a["fetched_at"] for a in first["articles"])
    assert "(fetched " in (tmp_path / "r1.md").read_text("utf-8")
    site.pages["/fire"] = site.pages["/fire"].replace("three people dead", "four people dead")
    cached = analyze([site.base + "/fire", "--db", db], tmp_path / "r2.json")  # from the store: not fetched
    assert site.hits["/fire"] == 1 and cached["run"]["changed_articles"] == []
    refreshed = analyze(["--db", db, "--refresh"], tmp_path / "r3.json")  # every stored link, fetched again
    assert site.hits["/fire"] == 2 and site.hits["/ferry"] == 2
    fire = next(a for a in refreshed["articles"] if "fire" in a["id"])
    assert "four people dead" in fire["text"]
    assert refreshed["run"]["changed_articles"] == [fire["id"]]
    with sqlite3.connect(db) as conn:
        versions = conn.execute("select version, current from articles where id = ? order by version", [fire["id"]])
        assert versions.fetchall() == [(1, 0), (2, 1)]
    assert fire["fetched_at"] >= next(a for a in first["articles"] if a["id"] == fire["id"])["fetched_at"]


def test_refresh_needs_a_store(tmp_path):
    result = run_cli(["analyze", "--refresh", "--allow-private-network"])
    assert result.code == 2 and "--db" in result.stderr
