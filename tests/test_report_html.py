"""The HTML report: self-contained, ranked findings, marked evidence, matrix, linked article texts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_sample import A2, sample_report

from storydiff.report import render
from storydiff.report.html import EVIDENCE, QUOTE, Span, json_for_script, marked_text, slug

VOID = {"meta", "br", "input", "img", "hr", "link", "wbr"}


class Page(HTMLParser):
    """Parses the report, checks that elements nest, and records ids, links and text by element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            if a["id"] in self.ids:
                self.errors.append(f"duplicate id {a['id']}")
            self.ids.add(a["id"])
        if a.get("href"):
            self.hrefs.append(a["href"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert not page.errors, page.errors[:5]
    assert page.stack == []
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return render(sample_report(), "html")


def test_page_is_well_formed_with_unique_ids(html):
    parse(html)


def test_page_is_self_contained(html):
    page = parse(html)
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert (
        csp
        and csp[0]["content"]
        == "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    )
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        assert not (tag == "script" and "src" in attrs)
        for name in ("href", "src", "action", "srcset"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "@import" not in html and "url(" not in html


def test_header_lists_articles_and_skipped_inputs(html):
    assert "Daily Courier" in html and "A new front in the AI arms race" in html
    assert "2025-03-05" in html and ">106<" in html
    assert "seeds/005_paywall.html" in html and "subscription wall" in html


def test_findings_are_ranked_by_severity_single_source_last(html):
    order = re.findall(r'<(?:article class="finding|li class="single) sev-\w+[^"]*" id="f-([\w-]+)"', html)
    assert order == ["F1", "F3", "F2", "F4", "F6", "F5"]
    assert html.index('id="f-F4"') < html.index('id="single"') < html.index('id="f-F6"')


def test_positions_show_outlets_and_majority(html):
    f1 = html[html.index('id="f-F1"') : html.index('id="f-F3"')]
    assert "2 of 3 outlets" in f1 and "1 of 3 outlets" in f1
    assert "majority" in f1 and "minority" in f1
    assert "Daily Courier" in f1 and "Northern Post" in f1 and "Tech Wire" in f1
    assert "confidence 91%" in f1 and ">high<" in f1


def test_conflicting_value_is_marked_from_highlight_or_by_search(html):
    assert "<mark>US District Court for the Northern District of California</mark>" in html
    assert "<mark>London’s High Court</mark>" in html
    assert "<mark>Shanghai</mark>" in html  # F4's Shanghai evidence has no highlight: found by searching the value


def test_every_evidence_links_to_its_sentence_and_back(html):
    page = parse(html)
    data = sample_report()
    for f in data["findings"]:
        for p in f["positions"]:
            for ev in p["evidence"]:
                anchor = f"a-{slug(ev['article'])}-{ev['start']}"
                assert anchor in page.ids
                assert "#" + anchor in page.hrefs
        assert f"#f-{f['id']}" in page.hrefs  # the back link
    for href in page.hrefs:
        assert href[1:] in page.ids, href


def test_matrix_has_a_row_per_topic_and_conflict_cells(html):
    matrix = html[html.index('<table class="matrix">') : html.index("</table>", html.index('<table class="matrix">'))]
    assert matrix.count('<tr class="sev-') == 4
    assert matrix.count('class="conflict') == 3 + 4 + 3 + 2
    assert matrix.count('class="blank"') == 4 * 5 - 12
    assert "US District Court for the Northern District of California" in matrix


def test_quotes_are_grouped_by_speaker_with_role(html):
    quotes = html[html.index('id="quotes"') : html.index('id="single"')]
    assert quotes.count("<h3>Alibaba</h3>") == 1
    assert "quoted by 5 outlets" in quotes
    assert "chair of the House of Lords AI Committee" in quotes


def test_article_texts_mark_claims_quotes_entities(html):
    body = html[html.index(f'id="art-{A2}"') :]
    body = body[: body.index("</article>")]
    assert 'class="claim"' in body and 'class="quote quote-direct"' in body
    assert 'class="ent ent-court"' in body and 'class="ent ent-org"' in body
    assert '<a class="back" href="#f-F1"' in body


def test_embedded_json_is_the_report():
    html = render(sample_report(), "html")
    blob = re.search(r'<script type="application/json" id="storydiff-report">(.*?)</script>', html, re.S).group(1)
    assert json.loads(blob) == sample_report()


def test_json_for_script_cannot_close_the_script():
    out = str(json_for_script({"t": "</script><!-- & \u2028\u2029"}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"t": "</script><!-- & \u2028\u2029"}


def test_empty_report_renders():
    html = render(
        {"storydiff_report": 1, "articles": [], "entities": [], "quotes": [], "claims": [], "findings": []}, "html"
    )
    parse(html)
    assert "No contradictions" in html


# ---------------------------------------------------------------- marked text


def _article_text(html: str) -> str:
    page = Page()
    page.feed(f"<div>{html}</div>")
    assert not page.errors and page.stack == [], page.errors
    return "".join(page.text)


def test_crossing_spans_are_split_so_elements_nest():
    text = "Alpha beta gamma delta"
    spans = [
        Span(0, 10, EVIDENCE, "span", "", anchor=True),  # "Alpha beta"
        Span(6, 16, QUOTE, "span", "", anchor=True),  # "beta gamma": crosses the evidence end
    ]
    out = str(marked_text(text, "x", spans))
    assert out == '<span id="a-x-0">Alpha <span id="a-x-6">beta</span></span><span> gamma</span> delta'
    assert _article_text(out) == text
    assert out.count('id="a-x-6"') == 1


def test_every_text_piece_is_escaped():
    text = "a <b>&</b> c"
    out = str(marked_text(text, "x", [Span(2, 5, QUOTE, "span", "")]))
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert _article_text(out) == text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab <&>\n\"'", min_size=1, max_size=40).flatmap(
        lambda t: st.tuples(
            st.just(t),
            st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t)), st.integers(0, 5)), max_size=8),
        )
    )
)
def test_any_spans_give_nested_markup_with_the_same_text(case):
    text, raw = case
    tags = ["p", "span", "span", "span", "span", "mark"]
    spans = [Span(min(a, b), max(a, b), layer, tags[layer], "", anchor=True) for a, b, layer in raw]
    out = str(marked_text(text, "art", spans))
    assert _article_text(out) == text
    ids = re.findall(r'id="([^"]+)"', out)
    assert len(ids) == len(set(ids))


def test_quote_versions_show_a_word_diff_with_text_escaped():
    """Two versions of one remark: the changed words are marked, and article text stays text."""
    from storydiff.report.html import quote_diff

    html = str(quote_diff("This ruling rewrites the <b>rules</b>", "This ruling changes the <b>rules</b>"))
    assert "<del>rewrites</del>" in html and "<ins>changes</ins>" in html
    assert "<b>" not in html and "&lt;b&gt;rules&lt;/b&gt;" in html
