"""The Markdown report: findings with positions and outlets, quoted evidence, a matrix table."""

from __future__ import annotations

from markdown_it import MarkdownIt
from report_sample import sample_report

from storydiff.report import render
from storydiff.report.markdown import md_escape


def test_findings_come_in_severity_order_with_positions_and_evidence():
    md = render(sample_report(), "md")
    assert md.startswith("# Anthropic accuses Alibaba of extracting its AI models\n")
    heads = [line for line in md.splitlines() if line.startswith("### ")]
    assert heads[:4] == [
        "### 1. Where the complaint was filed",
        "### 2. Alibaba's words for the allegations",
        "### 3. Which part of Alibaba is accused",
        "### 4. Where in China the evidence is",
    ]
    assert "- **High Court in London** (2 of 3 outlets, majority): Daily Courier, Northern Post" in md
    assert "  > The accusation, made in **London’s High Court**, claims" in md
    assert "  > — Tech Wire" in md
    assert "## Claims only one outlet makes" in md and "only in Daily Courier" in md
    assert "**Skipped inputs**" in md and "subscription wall" in md


def test_matrix_table_has_a_column_per_outlet():
    md = render(sample_report(), "md")
    assert "| Topic | The Ledger | Daily Courier | Tech Wire | Northern Post | Global Dispatch |" in md
    row = next(line for line in md.splitlines() if line.startswith("| Where the complaint was filed"))
    assert row.count("|") == 7
    assert "High Court in London" in row and "US District Court" in row


def test_renders_as_markdown_with_blockquotes_and_a_table():
    html = MarkdownIt("commonmark").enable("table").render(render(sample_report(), "md"))
    assert "<table>" in html and "<blockquote>" in html
    assert "<strong>London’s High Court</strong>" in html


def test_markdown_and_html_characters_stay_literal():
    assert md_escape("<script>") == "&lt;script&gt;"
    assert md_escape("*a* _b_ [c](d) | `e`") == "\\*a\\* \\_b\\_ \\[c\\](d) \\| \\`e\\`"
    assert md_escape("1. first") == "1\\. first"
    assert md_escape("- item") == "\\- item"
    assert md_escape("Marks & Clerk") == "Marks & Clerk"
    assert md_escape("&amp;") == "&amp;amp;"
    html = MarkdownIt("commonmark", {"html": True}).render(md_escape("**x** <b>y</b> [z](javascript:alert(1))"))
    assert html == "<p>**x** &lt;b&gt;y&lt;/b&gt; [z](javascript:alert(1))</p>\n"
