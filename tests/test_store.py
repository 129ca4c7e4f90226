"""The SQLite store: running again with more articles adds them, reuses stored parses, recomputes findings."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import SEEDS, run_cli

import storydiff.pipeline
from storydiff.ingest import read_paths

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def findings_key(report: dict) -> list[tuple]:
    """Findings as content (not ids, which follow article order)."""
    return sorted(
        (
            f["kind"],
            f["type"],
            f["severity"],
            tuple(sorted((p["value"], tuple(sorted(p["articles"]))) for p in f["positions"])),
        )
        for f in report["findings"]
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory, nlp):
    """Three runs into one database: two seed articles, then all five, then all five again.

    The first two skip embeddings (time); the third runs as ``story_report`` does, to compare findings.

    ``iter_parse_texts`` is spied on in ``storydiff.pipeline`` (where ``parse`` calls it) to see what each run parsed.
    """
    tmp = tmp_path_factory.mktemp("store")
    db = tmp / "story.db"
    real = storydiff.pipeline.iter_parse_texts
    parsed: list[list[str]] = []

    def spy(texts, *args, **kwargs):
        parsed[-1].extend(texts)
        return real(texts, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(storydiff.pipeline, "iter_parse_texts", spy)
    out = []
    try:
        for n, (sources, flags) in enumerate(
            [(SEED_FILES[:2], ["--no-embeddings"]), ([SEEDS], ["--no-embeddings"]), ([SEEDS], [])], start=1
        ):
            parsed.append([])
            report_path = tmp / f"run{n}.json"
            result = run_cli(["analyze", *sources, "--db", db, "--json", report_path, "--quiet", *flags])
            assert result.code == 0, result.output
            with sqlite3.connect(db) as conn:
                conn.row_factory = sqlite3.Row
                tables = {
                    t: conn.execute(f"select * from {t}").fetchall()
                    for t in ("articles", "parses", "findings", "positions", "quotes", "claims")
                }
            out.append(
                {"report": json.loads(report_path.read_text("utf-8")), "parsed": list(parsed[-1]), "tables": tables}
            )
    finally:
        mp.undo()
    return out


def texts_of(paths) -> list[str]:
    return [a.text for a in read_paths(paths)]


def test_first_run_stores_and_parses_two(runs):
    first = runs[0]
    assert len(first["tables"]["articles"]) == 2
    assert len(first["tables"]["parses"]) == 2
    assert sorted(first["parsed"]) == sorted(texts_of(SEED_FILES[:2]))


def test_second_run_adds_three_and_parses_only_those(runs):
    second = runs[1]
    assert len(second["tables"]["articles"]) == 5
    assert len(second["tables"]["parses"]) == 5
    assert sorted(second["parsed"]) == sorted(texts_of(SEED_FILES[2:])), "stored articles were parsed again"


def test_third_identical_run_adds_and_parses_nothing(runs):
    third = runs[2]
    assert third["parsed"] == []
    assert len(third["tables"]["articles"]) == 5
    assert len(third["tables"]["parses"]) == 5
    assert [dict(r) for r in third["tables"]["articles"]] == [dict(r) for r in runs[1]["tables"]["articles"]]


@pytest.mark.parametrize("run", [0, 1, 2])
def test_no_duplicate_rows(runs, run):
    tables = runs[run]["tables"]
    hashes = [r["hash"] for r in tables["articles"]]
    ids = [r["id"] for r in tables["articles"]]
    assert len(hashes) == len(set(hashes))
    assert len(ids) == len(set(ids))
    assert {r["hash"] for r in tables["parses"]} == set(hashes)


@pytest.mark.parametrize("run", [0, 1, 2])
def test_derived_tables_match_the_report(runs, run):
    report, tables = runs[run]["report"], runs[run]["tables"]
    assert len(tables["findings"]) == len(report["findings"])
    assert len(tables["positions"]) == sum(len(f["positions"]) for f in report["findings"])
    assert len(tables["quotes"]) == len(report["quotes"])
    assert len(tables["claims"]) == len(report["claims"])
    assert {r["id"] for r in tables["findings"]} == {f["id"] for f in report["findings"]}


def test_findings_are_recomputed_over_the_whole_story(runs):
    assert len(runs[1]["report"]["articles"]) == 5
    assert len(runs[1]["tables"]["findings"]) > len(runs[0]["tables"]["findings"])
    assert any(f["kind"] == "contradiction" for f in runs[1]["report"]["findings"])


def test_stored_parses_give_the_findings_of_a_fresh_parse(runs, story_report):
    """Reused parses (DocBin from SQLite) must analyze exactly as a fresh parse does."""
    assert findings_key(runs[2]["report"]) == findings_key(story_report("seeds"))


def test_store_api_reuses_parses_by_content_hash(tmp_path, nlp):
    from storydiff.store import Store

    articles = read_paths(SEED_FILES[:1])
    store = Store(tmp_path / "api.db")
    stored = store.merge_articles(articles)
    assert store.load_docs(stored) == {}
    docs = {stored[0].hash: storydiff.nlp.pipeline.parse_texts([stored[0].text])[0]}
    store.save_docs(stored, docs)
    again = Store(tmp_path / "api.db")
    loaded = again.load_docs(again.merge_articles(read_paths(SEED_FILES[:1])))
    assert list(loaded) == [stored[0].hash]
    assert [t.text for t in loaded[stored[0].hash]] == [t.text for t in docs[stored[0].hash]]
