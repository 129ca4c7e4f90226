"""The store in real use: stable ids, edited articles, interrupted runs, upgrades, foreign files, reviews.

Every test runs the real pipeline (spaCy's small model) on the bundled harbour-fire story into a real
SQLite file; embeddings are off to keep each run to a few seconds.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

import storydiff.pipeline
from storydiff.ingest import read_paths
from storydiff.pipeline import Settings, analyze
from storydiff.store import APPLICATION_ID, SCHEMA_VERSION, Store

HARBOUR = sorted((EXAMPLES / "harbour-fire").glob("*.txt"))
# written by storydiff 0.1's store (schema 1, commit 1756663): harbour-fire's first three articles, analyzed
# with --no-embeddings from /tmp/v1in (git archive 1756663 storydiff | tar -x; python -m storydiff.cli analyze ...)
STORE_V1 = Path(__file__).parent / "data" / "store-v1.db"


def story_dir(tmp_path: Path, files: list[Path], name: str = "story") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def analyze_into(db: Path, folder: Path, *extra: str | Path) -> dict:
    out = db.parent / f"report-{len(list(db.parent.glob('report-*.json')))}.json"
    result = run_cli(["analyze", folder, "--db", db, "--json", out, "--no-embeddings", "--quiet", *extra])
    assert result.code == 0, result.output
    return json.loads(out.read_text("utf-8"))


def rows(db: Path, sql: str, args: tuple = ()) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, args)]


def what(f: dict) -> tuple:
    """A finding as content: kind, type and its values; a single-source claim, its article and sentence."""
    if f["kind"] == "single_source":
        return (f["kind"], tuple(sorted((e["article"], e["text"]) for p in f["positions"] for e in p["evidence"])))
    return (f["kind"], f["type"], tuple(sorted(p["value"] for p in f["positions"])))


# ------------------------------------------------------------------ identities
@pytest.fixture(scope="module")
def four_then_five(tmp_path_factory, nlp):
    tmp = tmp_path_factory.mktemp("ids")
    folder = story_dir(tmp, HARBOUR[:4])
    db = tmp / "story.db"
    first = analyze_into(db, folder)
    shutil.copy(HARBOUR[4], folder / HARBOUR[4].name)
    second = analyze_into(db, folder)
    return first, second


def test_ids_of_unchanged_disagreements_survive_an_added_article(four_then_five):
    first, second = four_then_five
    after = {what(f): f["id"] for f in second["findings"]}
    kept = [f for f in first["findings"] if what(f) in after]
    assert len(kept) >= len(first["findings"]) - 4, "most findings should survive one more article"
    assert any(f["kind"] == "contradiction" for f in kept)
    for f in kept:
        assert after[what(f)] == f["id"], (f["topic"], f["id"], after[what(f)])


def test_run_records_what_it_added(four_then_five):
    first, second = four_then_five
    assert first["run"]["run"] == 1 and first["run"]["previous_at"] is None
    assert second["run"]["new_articles"] == [HARBOUR[4].stem]
    old = {f["id"] for f in first["findings"]}
    new = {f["id"] for f in second["findings"]} - old
    assert set(second["run"]["new_findings"]) == new and new, "the fifth article adds findings"
    assert {g["id"] for g in second["run"]["gone_findings"]} == old - {f["id"] for f in second["findings"]}
    assert all(f["new"] is (f["id"] in new) for f in second["findings"])


def test_ids_do_not_depend_on_input_order_or_thresholds(nlp):
    articles = read_paths(HARBOUR)
    plain = analyze(articles, Settings(embeddings=False))
    backwards = analyze(read_paths(reversed(HARBOUR)), Settings(embeddings=False))
    stricter = analyze(read_paths(HARBOUR), Settings(embeddings=False, align_threshold=0.7))
    ids = {what(asdict(f)): f.id for f in plain.findings}
    assert len(set(ids.values())) == len(plain.findings), "ids are unique in a report"
    for other in (backwards, stricter):
        shared = 0
        for f in other.findings:
            key = what(asdict(f))
            if key in ids:
                shared += 1
                assert f.id == ids[key], (f.topic, f.id, ids[key])
        assert shared >= 10


# ------------------------------------------------------------- edited articles
def test_an_edited_article_is_a_new_version_and_the_old_stays_readable(tmp_path, nlp):
    folder = story_dir(tmp_path, HARBOUR[:3])
    db = tmp_path / "story.db"
    analyze_into(db, folder)
    edited = folder / HARBOUR[2].name
    old_text = read_paths([edited])[0].text
    edited.write_text(edited.read_text("utf-8") + "\nA spokesman said 40 firefighters attended.\n", "utf-8")
    report = analyze_into(db, folder)  # crashed with "UNIQUE constraint failed: quotes.id" before versions
    versions = rows(db, "select id, version, current from articles where id = ? order by version", (HARBOUR[2].stem,))
    assert versions == [
        {"id": HARBOUR[2].stem, "version": 1, "current": 0},
        {"id": HARBOUR[2].stem, "version": 2, "current": 1},
    ]
    assert report["run"]["changed_articles"] == [HARBOUR[2].stem]
    assert [a["id"] for a in report["articles"]].count(HARBOUR[2].stem) == 1
    assert "firefighters" in next(a["text"] for a in report["articles"] if a["id"] == HARBOUR[2].stem)
    store = Store(db)
    assert [a.text for a in store.versions(HARBOUR[2].stem)][0] == old_text
    assert len(rows(db, "select * from findings")) == len(report["findings"])
    quotes = rows(db, "select id from quotes")
    assert len(quotes) == len({q["id"] for q in quotes}) == len(report["quotes"])
    again = analyze_into(db, folder)  # and the run after that
    assert len(rows(db, "select * from articles")) == 4
    assert {f["id"] for f in again["findings"]} == {f["id"] for f in report["findings"]}


def test_same_text_under_another_name_is_the_same_article(tmp_path, nlp):
    db = tmp_path / "story.db"
    analyze_into(db, story_dir(tmp_path, HARBOUR[:2], "a"))
    renamed = tmp_path / "b"
    renamed.mkdir()
    shutil.copy(HARBOUR[0], renamed / "renamed.txt")
    report = analyze_into(db, renamed)
    assert sorted(a["id"] for a in report["articles"]) == sorted(p.stem for p in HARBOUR[:2])
    assert report["run"]["new_articles"] == []


# --------------------------------------------------------------- interruption
KILL_MID_WRITE = textwrap.dedent(
    """
    import os, sys
    import sqlite_utils.db
    from storydiff.cli import main

    real = sqlite_utils.db.Table.insert_all
    calls = 0

    def insert_all(self, *args, **kwargs):
        global calls
        calls += 1
        result = real(self, *args, **kwargs)
        if self.name == "claims":  # the old findings are dropped by now, the new ones not yet written
            os._exit(9)
        return result

    sqlite_utils.db.Table.insert_all = insert_all
    sys.exit(main(sys.argv[1:]))
    """
)


def test_a_run_killed_mid_write_leaves_the_previous_state(tmp_path, nlp):
    folder = story_dir(tmp_path, HARBOUR[:3])
    db = tmp_path / "story.db"
    first = analyze_into(db, folder)
    before = {t: rows(db, f"select * from {t}") for t in ("articles", "findings", "positions", "quotes", "runs")}
    shutil.copy(HARBOUR[3], folder / HARBOUR[3].name)
    script = tmp_path / "kill.py"
    script.write_text(KILL_MID_WRITE, "utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), "analyze", str(folder), "--db", str(db), "--no-embeddings", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=300,
    )
    assert proc.returncode == 9, proc.stderr
    after = {t: rows(db, f"select * from {t}") for t in before}
    assert after == before, "a killed run changed the store"
    report = analyze_into(db, folder)  # the next run completes the work
    assert len(rows(db, "select * from articles")) == 4
    assert report["run"]["new_articles"] == [HARBOUR[3].stem]
    assert len(rows(db, "select * from findings")) == len(report["findings"]) > len(first["findings"]) - 5


def test_two_runs_one_after_the_other(tmp_path, nlp):
    folder = story_dir(tmp_path, HARBOUR[:2])
    db = tmp_path / "story.db"
    a, b = analyze_into(db, folder), analyze_into(db, folder)
    assert [f["id"] for f in a["findings"]] == [f["id"] for f in b["findings"]]
    assert [r["id"] for r in rows(db, "select id from runs")] == [1, 2]
    assert b["run"]["new_findings"] == [] and b["run"]["gone_findings"] == []


# ------------------------------------------------------------------- upgrade
def test_a_schema_1_store_opens_in_the_review_screen_and_asks_for_a_rerun(tmp_path):
    from starlette.testclient import TestClient

    from storydiff.review import create_app

    db = tmp_path / "old.db"
    shutil.copy(STORE_V1, db)
    page = TestClient(create_app(db, "ana"), base_url="http://127.0.0.1:8765").get("/")
    assert page.status_code == 200
    assert page.text.count('class="finding ') == len(rows(db, "select id from findings")) > 0
    assert "earlier version of storydiff" in page.text


def test_a_schema_1_store_opens_and_is_upgraded(tmp_path, nlp):
    db = tmp_path / "old.db"
    shutil.copy(STORE_V1, db)
    old_articles = rows(db, "select hash, id, text from articles")
    assert rows(db, "select value from meta where key = 'schema_version'") == [{"value": "1"}]
    report = analyze_into(db, story_dir(tmp_path, HARBOUR))
    assert rows(db, "select value from meta where key = 'schema_version'") == [{"value": str(SCHEMA_VERSION)}]
    assert rows(db, "pragma application_id") == [{"application_id": APPLICATION_ID}]
    new_articles = rows(db, "select hash, id, text, version, current from articles")
    assert {(r["hash"], r["id"], r["text"]) for r in old_articles} <= {
        (r["hash"], r["id"], r["text"]) for r in new_articles
    }
    assert len(new_articles) == 5 and all(r["version"] == 1 and r["current"] == 1 for r in new_articles)
    assert sorted(report["run"]["new_articles"]) == sorted(p.stem for p in HARBOUR[3:])
    assert len(rows(db, "select * from findings")) == len(report["findings"])


# ------------------------------------------------------------- refused files
@pytest.fixture
def no_analysis(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the analysis ran before the --db was checked")

    monkeypatch.setattr(storydiff.pipeline, "iter_parse_texts", refuse)


def foreign_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("create table findings (id text primary key, what text)")
        conn.execute("insert into findings values ('x', 'a colleague''s data')")
    return path


def newer_db(path: Path) -> Path:
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("update meta set value = ? where key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    return path


def read_only_db(path: Path) -> Path:
    Store(path).close()
    path.chmod(0o444)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (foreign_db, "made by another program"),
        (lambda p: p.mkdir() or p, "is a folder"),
        (lambda p: p.write_bytes(b"id,text\n1,hello\n") and p, "not a SQLite database"),
        (read_only_db, "read-only"),
        (newer_db, "made by a newer storydiff"),
        (lambda p: p / "missing" / "story.db", "does not exist"),
    ],
    ids=["other-program", "folder", "not-sqlite", "read-only", "newer", "missing-folder"],
)
def test_a_db_storydiff_must_not_use_is_refused_before_analysis(tmp_path, make, message, no_analysis):
    db = make(tmp_path / "story.db")
    before = db.read_bytes() if db.is_file() else None
    result = run_cli(["analyze", HARBOUR[0], "--db", db, "--quiet"])
    assert result.code == 2, result.output
    assert message in result.stderr and str(db) in result.stderr
    assert "Traceback" not in result.output
    if before is not None:
        assert db.read_bytes() == before, "the refused file was changed"


# ------------------------------------------------------------------- reviews
@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, nlp):
    """Three articles analyzed; two findings reviewed; then one article edited and one added."""
    tmp = tmp_path_factory.mktemp("reviewed")
    folder = story_dir(tmp, HARBOUR[:3])
    db = tmp / "story.db"
    first = analyze_into(db, folder)
    store = Store(db)
    compared = [f for f in first["findings"] if f["kind"] == "contradiction"]
    # one contradiction whose evidence the edit changes, one whose evidence stays, one claim dismissed
    edited = HARBOUR[1]
    changes = compared[0]
    sentence = next(e["text"] for p in changes["positions"] for e in p["evidence"] if e["article"] == edited.stem)
    stays = next(f for f in compared if all(e["text"] != sentence for p in f["positions"] for e in p["evidence"]))
    dismissed = next(
        f
        for f in first["findings"]
        if f["kind"] == "single_source" and f["positions"][0]["articles"] == [HARBOUR[0].stem]
    )
    store.set_review(stays["id"], "needs_checking", "call the council", who="ana")
    store.set_review(stays["id"], "confirmed", "council confirmed: 6 dead", who="ana")
    store.set_review(changes["id"], "confirmed", "checked", who="ben")
    store.set_review(dismissed["id"], "dismissed", "not a contradiction", who="ben")
    store.close()
    text = (folder / edited.name).read_text("utf-8")
    assert sentence in text
    (folder / edited.name).write_text(text.replace(sentence, sentence.rstrip(".") + ", officials said."), "utf-8")
    shutil.copy(HARBOUR[3], folder / HARBOUR[3].name)
    second = analyze_into(
        db,
        folder,
        "--md",
        tmp / "r.md",
        "--csv",
        tmp / "r.csv",
        "--claimreview",
        tmp / "cr.json",
        "--html",
        tmp / "r.html",
    )
    shown = analyze_into(db, folder, "--show-dismissed")
    return {
        "db": db, "first": first, "second": second, "shown": shown, "stays": stays, "changes": changes,
        "dismissed": dismissed, "tmp": tmp, "compared": compared,
    }  # fmt: skip


def finding(report: dict, fid: str) -> dict:
    return next(f for f in report["findings"] if f["id"] == fid)


def test_a_decision_is_carried_forward_by_finding_id(reviewed):
    f = finding(reviewed["second"], reviewed["stays"]["id"])
    assert f["review"]["status"] == "confirmed"
    assert f["review"]["note"] == "council confirmed: 6 dead" and f["review"]["who"] == "ana"
    assert f["review"]["previous"] is None


def test_changed_evidence_reopens_with_the_earlier_decision_shown(reviewed):
    f = finding(reviewed["second"], reviewed["changes"]["id"])
    assert f["review"]["status"] == "open"
    assert f["review"]["previous"]["status"] == "confirmed" and f["review"]["previous"]["who"] == "ben"
    assert reviewed["changes"]["id"] in reviewed["second"]["run"]["reopened"]
    assert "confirmed" in (reviewed["tmp"] / "r.md").read_text("utf-8")


def test_the_review_log_is_append_only(reviewed):
    log = rows(reviewed["db"], "select finding, status, who from review_log order by id")
    assert [r["status"] for r in log if r["finding"] == reviewed["stays"]["id"]] == ["needs_checking", "confirmed"]
    assert [(r["status"], r["who"]) for r in log if r["finding"] == reviewed["changes"]["id"]] == [
        ("confirmed", "ben"),
        ("open", "storydiff"),
    ]


def test_dismissed_findings_are_hidden_unless_asked(reviewed):
    fid = reviewed["dismissed"]["id"]
    assert fid not in {f["id"] for f in reviewed["second"]["findings"]}
    assert reviewed["second"]["hidden_dismissed"] == 1
    assert fid not in (reviewed["tmp"] / "r.csv").read_text("utf-8")
    assert finding(reviewed["shown"], fid)["review"]["status"] == "dismissed"


def test_reports_show_status_and_what_is_new(reviewed):
    md = (reviewed["tmp"] / "r.md").read_text("utf-8")
    assert "Since the last run" in md and "NEW since the last run" in md
    assert "Confirmed by ana" in md
    table = list(csv.DictReader(io.StringIO((reviewed["tmp"] / "r.csv").read_text("utf-8"))))
    assert {r["status"] for r in table if r["finding_id"] == reviewed["stays"]["id"]} == {"confirmed"}
    assert {r["new"] for r in table} == {"new", ""}


def test_html_report_shows_status_and_what_is_new(reviewed):
    html = (reviewed["tmp"] / "r.html").read_text("utf-8")
    assert "Since the last run" in html and 'class="badge new"' in html
    assert "Confirmed by ana" in html and "council confirmed: 6 dead" in html
    assert "1 dismissed finding hidden" in html
    assert reviewed["dismissed"]["id"] not in html


def test_terminal_summary_says_what_is_new(tmp_path, nlp):
    folder = story_dir(tmp_path, HARBOUR[:2])
    db = tmp_path / "story.db"
    analyze_into(db, folder)
    shutil.copy(HARBOUR[2], folder / HARBOUR[2].name)
    result = run_cli(["analyze", folder, "--db", db, "--no-embeddings"], env={"COLUMNS": "200"})
    assert result.code == 0, result.output
    assert "new since the last run" in result.stderr and "1 new article" in result.stderr


def test_claimreview_exports_the_confirmed_findings(reviewed):
    drafts = json.loads((reviewed["tmp"] / "cr.json").read_text("utf-8"))
    assert [d["storydiffDraft"]["finding"] for d in drafts] == [reviewed["stays"]["id"]]
    assert drafts[0]["storydiffDraft"]["review"]["note"] == "council confirmed: 6 dead"


def test_reports_with_reviews_conform_to_the_schema(reviewed, schema):
    import jsonschema

    for report in (reviewed["first"], reviewed["second"], reviewed["shown"]):
        jsonschema.validate(report, schema)
    assert any(f["review"]["previous"] for f in reviewed["second"]["findings"])


def test_an_article_of_a_schema_1_store_edited_is_its_next_version(tmp_path, nlp):
    db = tmp_path / "old.db"
    shutil.copy(STORE_V1, db)
    source = rows(db, "select source from articles order by rowid")[0]["source"]  # as storydiff 0.1 was given it
    article = read_paths([HARBOUR[0]])[0]
    article.source = source
    article.text += "\n\nA spokesman said 40 firefighters attended."
    store = Store(db)
    story = store.merge_articles([article])
    assert [a.id for a in story].count(HARBOUR[0].stem) == 1 and len(story) == 3
    report = analyze(story, Settings(embeddings=False))
    store.annotate(report)
    store.save_report(report)
    versions = rows(db, "select version, current from articles where id = ? order by version", (HARBOUR[0].stem,))
    assert versions == [{"version": 1, "current": 0}, {"version": 2, "current": 1}]
