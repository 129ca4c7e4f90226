"""The CSV report: one row per finding position, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from report_sample import A1, A3, hostile_report, sample_report

from storydiff.report import render
from storydiff.report.csv_report import COLUMNS, safe_cell


def rows(data) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(data, "csv"))))


def test_one_row_per_position_in_ranked_order():
    out = rows(sample_report())
    assert list(out[0]) == COLUMNS
    assert len(out) == sum(len(f["positions"]) for f in sample_report()["findings"])
    assert [r["finding_id"] for r in out][:3] == ["F1", "F1", "F3"]
    first = out[0]
    assert first["value"] == "High Court in London"
    assert first["articles"] == f"{A1};{A3}"
    assert first["outlets"] == "Daily Courier;Northern Post"
    assert first["severity"] == "high" and first["confidence"] == "0.91"
    assert first["evidence"].startswith("[Daily Courier] The accusation, made in London’s High Court")
    assert " | [Northern Post] The allegation" in first["evidence"]
    assert first["explanation"].startswith("Two outlets place the complaint")


def test_formula_cells_are_neutralised():
    for text in ("=1+1", "+12 boats", "-3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("12 boats") == "12 boats"
    assert safe_cell(None) == ""
    for row in rows(hostile_report()):
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    evil = [r for r in rows(hostile_report()) if r["finding_id"] == "F-evil"][0]
    assert evil["value"] == "'+12 boats"
    assert evil["explanation"].startswith("'@SUM(1+1)")
