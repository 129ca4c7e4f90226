"""The store under random use (hypothesis): add, edit, re-run and interrupted runs, in any order, lose nothing.

Real pipeline, real SQLite file; the articles are short (two sentences) so that a run takes a fraction
of a second. An interrupted run is a run whose final write raises half-way (after the derived tables
were dropped): the store must be exactly as before it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
import sqlite_utils.db
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from storydiff.ingest import read_paths
from storydiff.pipeline import Settings, analyze
from storydiff.store import Store

NAMES = ["gazette", "ledger", "herald", "courier"]
PLACES = ["Hull", "Leeds", "Grimsby", "York"]
OUTLETS = {"gazette": "The Gazette", "ledger": "The Ledger", "herald": "The Herald", "courier": "The Courier"}

texts = st.builds(
    lambda dead, place, hurt, extra: (
        f"{dead} people died in the warehouse fire in {place} on Monday, police said. "
        f"Another {hurt} were taken to hospital, and the roads around the site stayed closed.{extra}"
    ),
    st.integers(2, 9),
    st.sampled_from(PLACES),
    st.integers(2, 30),
    st.sampled_from(["", " The cause is not yet known.", " Firefighters worked through the night."]),
)


class Interrupted(BaseException):
    """Stands for the process being stopped in the middle of the final write."""


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
        return {t: sorted(map(repr, conn.execute(f"select * from [{t}]"))) for t in tables}


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="storydiff-fuzz-"))
        self.folder = self.tmp / "story"
        self.folder.mkdir()
        self.db = self.tmp / "story.db"
        self.files: dict[str, str] = {}  # name -> text on disk now
        self.stored: dict[str, str] = {}  # name -> text of the last completed run
        self.every_text: set[str] = set()  # every text a completed run stored
        self.versions: dict[str, list[str]] = {}  # name -> the texts completed runs stored, oldest first
        self.written: set[str] = set()  # every text ever written (a text back under another name is not tested)

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name: str, text: str) -> None:
        (self.folder / f"{name}.txt").write_text(f"Outlet: {OUTLETS[name]}\n\n{text}\n", "utf-8")
        self.files[name] = text
        self.written.add(text)

    def run(self) -> Store:
        store = Store(self.db)
        story = store.merge_articles(read_paths([self.folder]))
        good = [a for a in story if a.status == "analyzed"]
        report = analyze(story, Settings(embeddings=False), docs=store.load_docs(good))
        store.annotate(report)
        store.save_report(report)
        return store

    @initialize(first=texts, second=texts)
    def two_articles(self, first, second):
        self.write(NAMES[0], first)
        if second != first:
            self.write(NAMES[1], second)

    @precondition(lambda self: len(self.files) < len(NAMES))
    @rule(data=st.data(), text=texts)
    def add(self, data, text):
        name = data.draw(st.sampled_from([n for n in NAMES if n not in self.files]))
        if text not in self.written:
            self.write(name, text)

    @precondition(lambda self: self.files)
    @rule(data=st.data(), text=texts, back=st.booleans())
    def edit(self, data, text, back):
        name = data.draw(st.sampled_from(sorted(self.files)))
        earlier = [
            t for t in self.versions.get(name, []) if t != self.stored.get(name) and t not in self.files.values()
        ]
        if back and earlier:
            self.write(name, earlier[0])  # back to an earlier version
        elif text not in self.written:
            self.write(name, text)

    @precondition(lambda self: self.files)
    @rule()
    def rerun(self):
        self.run().close()
        self.completed()

    def completed(self) -> None:
        self.stored = dict(self.files)
        self.every_text |= set(self.files.values())
        for name, text in self.files.items():
            if text not in self.versions.setdefault(name, []):
                self.versions[name].append(text)

    @precondition(lambda self: self.files and self.db.exists())
    @rule(table=st.sampled_from(["articles", "quotes", "claims", "findings", "finding_seen"]))
    def interrupted_rerun(self, table):
        before = snapshot(self.db)
        real = sqlite_utils.db.Table.insert_all

        def insert_all(tbl, *args, **kwargs):
            if tbl.name == table:
                raise Interrupted
            return real(tbl, *args, **kwargs)

        sqlite_utils.db.Table.insert_all = insert_all  # type: ignore[method-assign]
        try:
            self.run().close()
        except Interrupted:
            assert snapshot(self.db) == before, f"a run stopped while writing {table} changed the store"
        else:  # the run had nothing to write there (no new article): it completed
            self.completed()
        finally:
            sqlite_utils.db.Table.insert_all = real  # type: ignore[method-assign]

    @invariant()
    def nothing_is_lost(self):
        if not self.db.exists() or not self.stored:
            return
        with sqlite3.connect(self.db) as conn:
            rows = conn.execute("select id, text, current from articles").fetchall()
            findings = conn.execute("select count(*) from findings").fetchone()[0]
            seen = conn.execute("select count(*) from finding_seen where last_run = (select max(id) from runs)")
            assert findings == seen.fetchone()[0]
        assert self.every_text <= {text for _, text, _ in rows}, "a stored version was lost"
        current = {i: text for i, text, cur in rows if cur}
        assert len(current) == sum(1 for _, _, cur in rows if cur), "two current versions of one article"
        assert sorted(current.values()) == sorted(self.stored.values())


@pytest.mark.slow
def test_random_sequences_of_add_edit_rerun_and_interrupted_runs(nlp):
    StoreMachine.TestCase.settings = settings(
        max_examples=5,
        stateful_step_count=5,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    StoreMachine.TestCase().runTest()
