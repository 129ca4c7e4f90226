"""The command line: help lists every option, every output is written, the summary says what happened."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import SEEDS, run_cli, run_cli_subprocess

from storydiff.cli import build_parser

ANALYZE_OPTIONS = [
    "--json", "--html", "--md", "--csv", "--claimreview", "--db", "--urls", "--columns", "--quiet", "--no-embeddings",
]  # fmt: skip


def analyze_parser():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return parser, sub.choices["analyze"]


def long_options(parser) -> list[str]:
    return [max(a.option_strings, key=len) for a in parser._actions if a.option_strings and a.dest != "help"]


def test_parser_has_the_documented_options():
    _, analyze = analyze_parser()
    assert set(ANALYZE_OPTIONS) <= set(long_options(analyze))


def test_storydiff_help_names_the_command():
    result = run_cli_subprocess(["--help"])
    assert result.code == 0, result.output
    assert "analyze" in result.stdout
    for option in long_options(build_parser()):
        assert option in result.stdout


def test_analyze_help_lists_every_option_with_help_text():
    result = run_cli(["analyze", "--help"], env={"COLUMNS": "200"})
    assert result.code == 0, result.output
    _, analyze = analyze_parser()
    for action in analyze._actions:
        for option in action.option_strings:
            assert option in result.stdout, option
        if action.option_strings:
            assert action.help, f"{action.option_strings} has no help text"
    assert "PATH" in result.stdout


@pytest.fixture(scope="module")
def all_outputs(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("all-outputs")
    files = {
        "json": out / "report.json",
        "html": out / "report.html",
        "md": out / "report.md",
        "csv": out / "report.csv",
        "claimreview": out / "claimreview.json",
        "db": out / "story.db",
    }
    args = ["analyze", SEEDS]
    for flag, path in files.items():
        args += [f"--{flag}", path]
    result = run_cli(args, env={"COLUMNS": "200"})
    return result, files


def test_all_outputs_at_once_exit_0(all_outputs):
    result, _ = all_outputs
    assert result.code == 0, result.output


@pytest.mark.parametrize("fmt", ["json", "html", "md", "csv", "claimreview", "db"])
def test_every_output_is_written(all_outputs, fmt):
    _, files = all_outputs
    path = files[fmt]
    assert path.is_file(), path
    assert path.stat().st_size > 200, path


def test_outputs_are_their_formats(all_outputs):
    _, files = all_outputs
    report = json.loads(files["json"].read_text("utf-8"))
    assert report["storydiff_report"] == 1 and len(report["articles"]) == 5
    json.loads(files["claimreview"].read_text("utf-8"))
    assert files["html"].read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    assert files["md"].read_text("utf-8").lstrip().startswith("#")
    assert files["csv"].read_text("utf-8").count("\n") >= 2
    with sqlite3.connect(files["db"]) as db:
        assert db.execute("select count(*) from articles").fetchone()[0] == 5


def test_summary_says_what_was_read_and_where_reports_went(all_outputs):
    result, files = all_outputs
    out = result.output
    assert "articles analyzed" in out and "5" in out
    assert "articles skipped" in out
    for path in files.values():
        assert str(path) in out, f"{path} not named in the summary"


def test_summary_counts_skipped_inputs(tmp_path, nlp):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli(
        ["analyze", SEEDS / "000_d5f920ae2e6a51e1.txt", tmp_path / "empty.txt", "--no-embeddings"],
        env={"COLUMNS": "200"},
    )
    assert result.code == 0, result.output
    line = next(line for line in result.output.splitlines() if "articles skipped" in line)
    assert "1" in line
    assert "empty.txt" in result.stderr


def test_quiet_prints_nothing(tmp_path, nlp):
    report = tmp_path / "r.json"
    result = run_cli(
        [
            "analyze",
            SEEDS / "000_d5f920ae2e6a51e1.txt",
            SEEDS / "001_7c3b271493249214.txt",
            "--json",
            report,
            "--quiet",
            "--no-embeddings",
        ]
    )
    assert result.code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "", "--quiet prints nothing but errors"
    assert report.stat().st_size > 0


def test_quiet_still_names_skipped_inputs(tmp_path, nlp):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli(
        ["analyze", SEEDS / "000_d5f920ae2e6a51e1.txt", tmp_path / "empty.txt", "--quiet", "--no-embeddings"]
    )
    assert result.code == 0
    assert result.stdout == ""
    assert "empty.txt" in result.stderr


def test_unknown_option_is_a_usage_error():
    result = run_cli(["analyze", SEEDS, "--pdf", "x.pdf"])
    assert result.code == 2
    assert "--pdf" in result.stderr
