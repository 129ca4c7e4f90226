"""A hostile article (markup in its text, title, outlet, id and in finding values) stays text in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from report_sample import HOSTILE, HOSTILE_IMG, hostile_report

from storydiff.report import RENDERERS, render

SCRIPT = (Path(__file__).parents[1] / "storydiff" / "report" / "templates" / "report.js").read_text(encoding="utf-8")


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_no_executable_markup(html: str, allowed_scripts: int = 0) -> Tags:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "svg", "iframe", "object", "embed", "textarea", "base", "form"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert sum(1 for t, _ in parser.tags if t == "script") == allowed_scripts
    return parser


def test_html_shows_hostile_markup_as_text():
    html = render(hostile_report(), "html")
    parser = assert_no_executable_markup(html, allowed_scripts=2)
    data_blob, code = parser.scripts
    assert json.loads(data_blob) == hostile_report()  # the data block is inert JSON
    assert code.strip() == SCRIPT.strip()  # the only code is the report's own
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "&lt;/textarea&gt;" in html
    assert "<b>evil" not in html
    assert "javascript:window.__pwned=5" not in re.findall(r'href="([^"]*)"', html)


def test_markdown_shows_hostile_markup_as_text():
    md = render(hostile_report(), "md")
    assert "<script" not in md and "<img" not in md and "</textarea" not in md and "<svg" not in md
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert_no_executable_markup(html)
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in html


def test_csv_keeps_markup_as_data():
    out = render(hostile_report(), "csv")
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert any(HOSTILE in c for c in cells)  # kept verbatim: a spreadsheet shows it as text


def test_claimreview_cannot_break_out_of_a_json_ld_script():
    out = render(hostile_report(), "claimreview")
    assert "<" not in out and ">" not in out and "&" not in out
    headlines = [a.get("headline") for d in json.loads(out) for a in d["itemReviewed"]["appearance"]]
    assert f"Breaking {HOSTILE_IMG}" in headlines  # the data is intact once parsed


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_renders_the_hostile_report(fmt):
    assert render(hostile_report(), fmt)
