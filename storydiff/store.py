"""SQLite, the embedded store (sqlite-utils): plainly named tables that read well in Datasette.

What it keeps, and how long:

- ``articles``: every version of every article. An article is known by its URL, else by its
  source file (``key``); the same text is the same article whatever its name. A changed text
  under a known key is stored as a new ``version``; the old one stays, no longer ``current``.
- ``parses``: spaCy parses by content hash, so a re-run parses only what is new.
- ``review_log``: every decision on a finding (status, note, who, when), append-only.
- ``finding_seen`` and ``runs``: which run first and last saw each finding, and what each run added.
- ``stories``, ``entities``, ``quotes``, ``claims``, ``findings``, ``positions``, ``evidence``: the
  last analysis, replaced as a whole.

A run writes everything it changes in one transaction (``save_report``), so a run stopped
half-way leaves the previous state whole. Schema changes are sqlite-utils ``Migrations``; a store
made by an earlier version is upgraded when opened. The file is marked as storydiff's
(``PRAGMA application_id``) and a SQLite file made by another program is refused, never touched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from spacy.tokens import Doc, DocBin
from sqlite_utils.migrations import Migrations

from .errors import StorydiffError
from .model import REVIEW_STATUSES, Article, Finding, Report, Review, RunSummary
from .nlp.pipeline import MODEL, load_nlp

# the parse a stored Doc came from: the model and storydiff's own pipes before the parser (bump when they change)
PARSER = f"{MODEL}+paragraphs-datelines-2"

SCHEMA_VERSION = 2
APPLICATION_ID = 0x53544446  # "STDF": PRAGMA application_id of a storydiff store
SQLITE_HEADER = b"SQLite format 3\x00"
SYSTEM = "storydiff"  # who a review log row is by when storydiff itself reopened a finding
DERIVED = ("stories", "entities", "quotes", "claims", "findings", "positions", "evidence")
ARTICLE_FIELDS = (
    "id", "source", "outlet", "title", "published", "url", "author", "status", "reason", "duplicate_of", "fetched_at",
)  # fmt: skip


class StoreError(StorydiffError):
    """A --db that storydiff cannot or must not use (the message names the file and why)."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ schema
migrations = Migrations("storydiff")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """The first schema (SCHEMA_VERSION 1); a no-op on a store made by that version."""
    if "meta" not in db.table_names():
        db.table("meta").create({"key": str, "value": str}, pk="key")
    if "articles" not in db.table_names():
        db.table("articles").create(
            {"hash": str, "id": str, "source": str, "outlet": str, "title": str, "published": str, "url": str,
             "author": str, "status": str, "reason": str, "duplicate_of": str, "words": int, "text": str,
             "added_at": str},
            pk="hash",
        )  # fmt: skip
        db.table("articles").create_index(["id"])
    if "parses" not in db.table_names():
        db.table("parses").create(
            {"hash": str, "model": str, "doc": bytes}, pk="hash", foreign_keys=[("hash", "articles", "hash")]
        )
    if "skipped_inputs" not in db.table_names():
        db.table("skipped_inputs").create({"source": str, "id": str, "reason": str, "seen_at": str}, pk="source")


@migrations()
def m002_versions_and_reviews(db: sqlite_utils.Database) -> None:
    """Article versions, the review log, and what each run saw."""
    articles = db.table("articles")
    articles.add_column("key", str)
    articles.add_column("version", int)
    articles.add_column("current", int)
    articles.add_column("superseded_at", str)
    articles.add_column("fetched_at", str)
    # version 1 kept one row per text: the latest row of an id is its current version
    rows = list(db.query("select hash, id, url, source from articles order by added_at, rowid"))
    versions: dict[str, int] = {}
    for r in rows:
        versions[r["id"]] = versions.get(r["id"], 0) + 1
        db.execute(
            "update articles set key = ?, version = ?, current = 0 where hash = ?",
            [r["url"] or r["source"] or r["id"], versions[r["id"]], r["hash"]],
        )
    db.execute("update articles set current = 1 where rowid in (select max(rowid) from articles group by id)")
    articles.create_index(["key"], if_not_exists=True)
    db.table("runs").create(
        {"id": int, "at": str, "articles": int, "findings": int, "new_articles": str, "changed_articles": str,
         "new_findings": str, "gone_findings": str, "reopened": str},
        pk="id",
    )  # fmt: skip
    db.table("finding_seen").create(
        {"id": str, "kind": str, "type": str, "topic": str, "first_run": int, "last_run": int, "evidence": str},
        pk="id",
    )
    db.table("review_log").create(
        {"id": int, "finding": str, "status": str, "note": str, "who": str, "at": str, "evidence": str,
         "run": int},
        pk="id",
    )  # fmt: skip
    db.table("review_log").create_index(["finding"])


def check_db_path(path: Path) -> None:
    """Refuse, before any work, a --db that is a folder, not SQLite, read-only or in a missing folder."""
    if path.is_dir():
        raise StoreError(f"--db {path}: is a folder, not a database file")
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"--db {path}: the folder {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise StoreError(f"--db {path}: cannot create a file in {parent} (read-only)")
        return
    if not path.is_file():
        raise StoreError(f"--db {path}: not a regular file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(f"--db {path}: cannot be read ({e.strerror or e})") from e
    if head and head != SQLITE_HEADER:
        raise StoreError(f"--db {path}: not a SQLite database")
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise StoreError(f"--db {path}: the file is read-only")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"--db {path}: its folder is read-only (SQLite needs to write a journal beside it)")


def _whose(conn: sqlite3.Connection, path: Path) -> str:
    """'new', 'ours' or 'v1' (a storydiff store from before the mark); raises for another program's file."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if app_id == APPLICATION_ID:
        return "ours"
    if app_id == 0 and not tables:
        return "new"
    if app_id == 0 and {"meta", "articles"} <= tables:
        row = conn.execute("select value from meta where key = 'schema_version'").fetchone()
        if row is not None:
            return "v1"
    what = f"application_id {app_id}" if app_id else "tables " + ", ".join(sorted(tables)[:6])
    raise StoreError(
        f"--db {path}: a SQLite database made by another program ({what}); "
        "storydiff uses only files it created: give a new file name"
    )


def _schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("select value from meta where key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else 0
    except ValueError:
        return 0


@dataclass
class _Pending:
    """What a run will write to the store when its analysis is done (``save_report``)."""

    rows: list[dict[str, Any]] = field(default_factory=list)  # new article versions
    superseded: list[str] = field(default_factory=list)  # hashes no longer current
    revived: list[str] = field(default_factory=list)  # hashes current again (a text back to an earlier version)
    skipped: list[Article] = field(default_factory=list)
    new_articles: list[str] = field(default_factory=list)
    changed_articles: list[str] = field(default_factory=list)
    reopen: list[dict[str, Any]] = field(default_factory=list)  # review log rows storydiff adds


class Store:
    """One storydiff SQLite file. Open it (checked and upgraded), merge this run's articles into
    the story, analyze, ``annotate`` the report with reviews and what is new, then ``save_report``."""

    def __init__(self, path: str | Path, *, check_same_thread: bool = True) -> None:
        self.path = Path(path)
        check_db_path(self.path)
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=check_same_thread)
        try:
            whose = _whose(conn, self.path)
            version = _schema_version(conn) if whose != "new" else 0
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"--db {self.path}: not a usable SQLite database ({e})") from e
        except StoreError:
            conn.close()
            raise
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"--db {self.path}: made by a newer storydiff (store schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}): upgrade storydiff"
            )
        self.db = sqlite_utils.Database(conn)
        self.pending = _Pending()
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            if whose == "v1" or migrations.pending(self.db):
                migrations.apply(self.db)
            with self.db.atomic():
                self.db.table("meta").upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"--db {self.path}: cannot write to the database ({e})") from e

    @property
    def schema_version(self) -> int:
        row = next(self.db.query("select value from meta where key = 'schema_version'"), None)
        return int(row["value"]) if row else 0

    # ------------------------------------------------------------- articles
    def merge_articles(self, articles: list[Article]) -> list[Article]:
        """The whole story: the stored current articles, with this run's new and changed ones
        (nothing is written until ``save_report``); skipped inputs are listed too."""
        self.pending = pending = _Pending()
        at = now()
        stored = [dict(r) for r in self.db.query("select * from articles order by added_at, rowid")]
        by_hash = {r["hash"]: r for r in stored}
        current = {r["key"]: r for r in stored if r["current"]}
        ids = {r["id"] for r in stored}
        story = {r["key"]: self._article(r) for r in current.values()}
        for a in articles:
            if a.status != "analyzed":
                pending.skipped.append(a)
                continue
            key = self.key_of(a)
            if key not in current and not a.url:  # a store from schema 1 kept the source as it was given
                key = next((k for k, r in current.items() if r["source"] == a.source and not r["url"]), key)
            old = by_hash.get(a.hash)
            if old is not None:  # the same text is the same article, whatever its name now
                if not old["current"] and old["key"] == key and key in current:  # back to an earlier text
                    pending.superseded.append(current[old["key"]]["hash"])
                    pending.revived.append(old["hash"])
                    pending.changed_articles.append(old["id"])
                    story[old["key"]] = self._article(old)
                continue
            if key in current:  # a known article with a new text: its next version
                prev = current[key]
                a.id = prev["id"]
                version = 1 + max(r["version"] or 1 for r in stored if r["key"] == key)
                pending.superseded.append(prev["hash"])
                pending.changed_articles.append(a.id)
            else:
                base, n = a.id, 1
                while a.id in ids:  # another article (another source) already has this name
                    n += 1
                    a.id = f"{base}~{n}"
                version = 1
                pending.new_articles.append(a.id)
            ids.add(a.id)
            row = {k: getattr(a, k) for k in ARTICLE_FIELDS}
            row.update(
                hash=a.hash, key=key, version=version, current=1, words=a.words, text=a.text, added_at=at
            )  # fmt: skip
            pending.rows.append(row)
            current[key] = row
            by_hash[a.hash] = row
            story[key] = a
        seen_ids = {a.id for a in story.values()}
        for a in pending.skipped:
            if a.id in seen_ids:
                a.id = f"{a.id}~skipped"
        return list(story.values()) + pending.skipped

    @staticmethod
    def key_of(a: Article) -> str:
        """What makes two texts versions of one article: its URL, else its source file."""
        if a.url:
            return a.url
        return os.path.abspath(a.source) if a.source else a.id

    @staticmethod
    def _article(row: dict) -> Article:
        return Article(
            id=row["id"], text=row["text"], source=row["source"], outlet=row["outlet"], title=row["title"],
            published=row["published"], url=row["url"], author=row["author"], status=row["status"] or "analyzed",
            reason=row["reason"], duplicate_of=row["duplicate_of"], fetched_at=row["fetched_at"],
        )  # fmt: skip

    def versions(self, article_id: str) -> list[Article]:
        """Every stored version of an article, oldest first."""
        rows = self.db.query("select * from articles where id = ? order by version", [article_id])
        return [self._article(r) for r in rows]

    # --------------------------------------------------------------- parses
    def load_docs(self, articles: list[Article]) -> dict[str, Doc]:
        nlp = load_nlp()
        docs: dict[str, Doc] = {}
        for h in {a.hash for a in articles}:
            row = next(self.db.query("select doc from parses where hash = ? and model = ?", [h, PARSER]), None)
            if row:
                docs[h] = next(iter(DocBin().from_bytes(row["doc"]).get_docs(nlp.vocab)))
        return docs

    def save_docs(self, articles: list[Article], docs: dict[str, Doc]) -> None:
        """Keep the parses (a cache by content hash: safe to write before the run's own transaction)."""
        with self.db.atomic():
            for a in articles:
                doc = docs.get(a.hash)
                if doc is None or self.db.table("parses").count_where("hash = ? and model = ?", [a.hash, PARSER]):
                    continue
                bin_ = DocBin(store_user_data=False)
                bin_.add(doc)
                self.db.table("parses").insert(
                    {"hash": a.hash, "model": PARSER, "doc": bin_.to_bytes()}, pk="hash", replace=True
                )

    def page_cache(self, refresh: bool = False):
        """The fetched pages kept in the store; ``refresh``: fetch every page again (and keep the new copy)."""
        from .ingest.fetch import Page, PageCache

        class Refetch(PageCache):
            def get(self, url: str) -> Page | None:
                return None

        return Refetch(self.db) if refresh else PageCache(self.db)

    def stored_urls(self) -> list[str]:
        """The links the story's current articles were fetched from (what ``--refresh`` fetches again)."""
        rows = self.db.query("select source from articles where current = 1 order by added_at, rowid")
        return [r["source"] for r in rows if str(r["source"] or "").startswith(("http://", "https://"))]

    # --------------------------------------------------------------- review
    def review_history(self, finding: str) -> list[dict[str, Any]]:
        """Every review log row of a finding, oldest first."""
        return [dict(r) for r in self.db.query("select * from review_log where finding = ? order by id", [finding])]

    def review(self, finding: str) -> Review:
        """A finding's review as the log last has it; ``previous`` is the decision storydiff reopened."""
        log = self.review_history(finding)
        if not log:
            return Review()
        last = log[-1]
        review = Review(status=last["status"], note=last["note"] or "", who=last["who"] or "", at=last["at"] or "")
        if last["who"] == SYSTEM and last["status"] == "open":
            earlier = [r for r in log[:-1] if r["who"] != SYSTEM]
            if earlier:
                e = earlier[-1]
                review.previous = {"status": e["status"], "note": e["note"] or "", "who": e["who"], "at": e["at"]}
        return review

    def reviews(self) -> dict[str, Review]:
        ids = [r["finding"] for r in self.db.query("select distinct finding from review_log")]
        return {i: self.review(i) for i in ids}

    def set_review(self, finding: str, status: str, note: str = "", who: str = "") -> Review:
        """Record a decision (a new log row; nothing is overwritten)."""
        if status not in REVIEW_STATUSES:
            raise StoreError(f"unknown review status {status!r} (expected one of {', '.join(REVIEW_STATUSES)})")
        known = next(self.db.query("select evidence from finding_seen where id = ?", [finding]), None)
        if known is None:
            raise StoreError(f"no finding {finding!r} in {self.path}")
        run = next(self.db.query("select max(id) as n from runs"))["n"]
        with self.db.atomic():
            self.db.table("review_log").insert(
                {"finding": finding, "status": status, "note": note, "who": who or SYSTEM, "at": now(),
                 "evidence": known["evidence"], "run": run},
                pk="id",
            )  # fmt: skip
        return self.review(finding)

    # ---------------------------------------------------------------- runs
    def annotate(self, report: Report) -> None:
        """Give the report's findings their review state and mark what is new since the last run."""
        last = next(self.db.query("select * from runs order by id desc limit 1"), None)
        seen = {r["id"]: dict(r) for r in self.db.query("select id, kind, topic, last_run from finding_seen")}
        pending = self.pending
        pending.reopen = []
        current = {f.id for f in report.findings}
        reopened = []
        for f in report.findings:
            f.review = self.review(f.id)
            f.new = (f.id not in seen) if last is not None else None
            decided = self.review_history(f.id)
            if decided and decided[-1]["status"] != "open":
                was = set(json.loads(decided[-1]["evidence"] or "[]"))
                if not was <= set(evidence_of(f)):
                    d = decided[-1]
                    pending.reopen.append(
                        {"finding": f.id, "status": "open", "who": SYSTEM, "at": now(),
                         "note": f"the evidence changed since it was marked {d['status']}",
                         "evidence": json.dumps(evidence_of(f), ensure_ascii=False)}
                    )  # fmt: skip
                    f.review = Review(
                        status="open",
                        note=pending.reopen[-1]["note"],
                        who=SYSTEM,
                        at=pending.reopen[-1]["at"],
                        previous={"status": d["status"], "note": d["note"] or "", "who": d["who"], "at": d["at"]},
                    )
                    reopened.append(f.id)
        gone = []
        if last is not None:
            gone = [
                {"id": i, "kind": r["kind"], "topic": r["topic"]}
                for i, r in seen.items()
                if r["last_run"] == last["id"] and i not in current
            ]
        report.run = RunSummary(
            run=(last["id"] + 1) if last is not None else 1,
            previous_at=last["at"] if last is not None else None,
            new_articles=list(pending.new_articles),
            changed_articles=list(pending.changed_articles),
            new_findings=[f.id for f in report.findings if f.new],
            gone_findings=gone,
            reopened=reopened,
        )

    def save_report(self, report: Report) -> RunSummary:
        """Write the run in one transaction: new article versions, the analysis, what the run saw."""
        if report.run is None:
            self.annotate(report)
        assert report.run is not None
        summary = report.run
        data = report.to_dict()
        pending = self.pending
        at = now()
        with self.db.atomic():
            db = self.db
            for h in pending.superseded:
                db.execute("update articles set current = 0, superseded_at = ? where hash = ?", [at, h])
            for h in pending.revived:
                db.execute("update articles set current = 1, superseded_at = null where hash = ?", [h])
            if pending.rows:
                db.table("articles").insert_all(pending.rows, pk="hash")
            for a in pending.skipped:
                db.table("skipped_inputs").upsert(
                    {"source": a.source, "id": a.id, "reason": a.reason, "seen_at": at}, pk="source"
                )
            self._write_analysis(data)
            run = summary.run
            db.table("runs").insert(
                {"id": run, "at": at, "articles": len(report.analyzed), "findings": len(report.findings),
                 "new_articles": json.dumps(summary.new_articles), "changed_articles": json.dumps(summary.changed_articles),
                 "new_findings": json.dumps(summary.new_findings), "gone_findings": json.dumps(summary.gone_findings),
                 "reopened": json.dumps(summary.reopened)},
                pk="id",
            )  # fmt: skip
            first = {r["id"]: r["first_run"] for r in db.query("select id, first_run from finding_seen")}
            db.table("finding_seen").upsert_all(
                [
                    {"id": f.id, "kind": f.kind, "type": f.type, "topic": f.topic, "first_run": first.get(f.id, run),
                     "last_run": run, "evidence": json.dumps(evidence_of(f), ensure_ascii=False)}
                    for f in report.findings
                ],
                pk="id",
            )  # fmt: skip
            if pending.reopen:
                db.table("review_log").insert_all([{**r, "run": run} for r in pending.reopen], pk="id")
            db.table("meta").upsert({"key": "last_analyzed", "value": at}, pk="key")
        self.pending = _Pending()
        return summary

    def _write_analysis(self, data: dict[str, Any]) -> None:
        """Replace the derived tables with this report's (inside the caller's transaction)."""
        db = self.db
        for t in DERIVED:
            if t in db.table_names():
                db.table(t).drop()
        db.table("stories").create({"id": str, "title": str, "articles": str}, pk="id")
        db.table("stories").insert_all(
            [{"id": s["id"], "title": s["title"], "articles": json.dumps(s["articles"])} for s in data["stories"]]
        )
        db.table("entities").insert_all(
            [
                {
                    **e,
                    "aliases": json.dumps(e["aliases"], ensure_ascii=False),
                    "articles": json.dumps(e["articles"]),
                    "descriptors": json.dumps(e["descriptors"], ensure_ascii=False),
                }
                for e in data["entities"]
            ],
            pk="id",
        )
        db.table("quotes").insert_all(data["quotes"], pk="id")
        db.table("claims").insert_all(
            [
                {
                    **{k: v for k, v in c.items() if k not in {"slots", "corroborated_by"}},
                    "slots": json.dumps(c["slots"], ensure_ascii=False, default=str),
                    "corroborated_by": json.dumps(c["corroborated_by"]),
                }
                for c in data["claims"]
            ],
            pk="id",
        )
        findings, positions, evidence = [], [], []
        for f in data["findings"]:
            review = f.get("review") or {}
            row = {k: v for k, v in f.items() if k not in {"positions", "review"}}
            row.update(status=review.get("status", "open"), note=review.get("note", ""))
            findings.append(row)
            for pn, p in enumerate(f["positions"], start=1):
                pid = f"{f['id']}.{pn}"
                positions.append(
                    {"id": pid, "finding": f["id"], "value": p["value"], "key": p.get("key"),
                     "articles": json.dumps(p["articles"])}
                )  # fmt: skip
                for en, ev in enumerate(p["evidence"], start=1):
                    evidence.append(
                        {
                            "id": f"{pid}.{en}",
                            "position": pid,
                            "finding": f["id"],
                            **{k: v for k, v in ev.items() if k != "highlight"},
                        }
                    )
        findings_columns = {"id": str, "kind": str, "type": str, "topic": str, "severity": str, "confidence": float,
                            "explanation": str, "story": str, "new": int, "status": str, "note": str}  # fmt: skip
        db.table("findings").create(findings_columns, pk="id")
        db.table("findings").insert_all(findings, alter=True)
        db.table("positions").create(
            {"id": str, "finding": str, "value": str, "key": str, "articles": str},
            pk="id",
            foreign_keys=[("finding", "findings", "id")],
        )
        db.table("positions").insert_all(positions)
        db.table("evidence").create(
            {"id": str, "position": str, "finding": str, "article": str, "start": int, "end": int, "text": str},
            pk="id",
            foreign_keys=[("position", "positions", "id"), ("finding", "findings", "id")],
        )
        db.table("evidence").insert_all(evidence, alter=True)

    # ------------------------------------------------------------- reading
    def last_report(self) -> dict[str, Any]:
        """The last analysis as a JSON report (format version 1) with reviews, for the review screen."""
        arts = [
            {**{k: r[k] for k in ARTICLE_FIELDS}, "text": r["text"], "words": r["words"]}
            for r in self.db.query("select * from articles where current = 1 order by added_at, rowid")
        ]
        findings = []
        if {"findings", "positions", "evidence"} <= set(self.db.table_names()):
            positions: dict[str, list[dict[str, Any]]] = {}
            ev: dict[str, list[dict[str, Any]]] = {}
            for e in self.db.query("select * from evidence order by rowid"):
                ev.setdefault(e["position"], []).append(
                    {"article": e["article"], "start": e["start"], "end": e["end"], "text": e["text"]}
                )
            for p in self.db.query("select * from positions order by rowid"):
                positions.setdefault(p["finding"], []).append(
                    {"value": p["value"], "key": p.get("key"), "articles": json.loads(p["articles"]),
                     "evidence": ev.get(p["id"], [])}
                )  # fmt: skip
            reviews = self.reviews()
            for f in self.db.query("select * from findings order by rowid"):
                d = {k: f[k] for k in ("id", "kind", "type", "topic", "severity", "confidence", "explanation", "story")}
                d["new"] = None if f.get("new") is None else bool(f["new"])
                review = reviews.get(f["id"], Review())
                d["review"] = {"status": review.status, "note": review.note, "who": review.who, "at": review.at,
                               "previous": review.previous}  # fmt: skip
                d["positions"] = positions.get(f["id"], [])
                findings.append(d)
        stories = []
        if "stories" in self.db.table_names():
            stories = [
                {"id": s["id"], "title": s["title"], "articles": json.loads(s["articles"])}
                for s in self.db.query("select * from stories")
            ]
        last, before = [*self.db.query("select * from runs order by id desc limit 2"), None, None][:2]
        data: dict[str, Any] = {"storydiff_report": 1, "articles": arts, "stories": stories, "entities": [],
                                "quotes": [], "claims": [], "findings": findings}  # fmt: skip
        if last is not None:
            data["run"] = {
                "run": last["id"], "at": last["at"], "previous_at": before["at"] if before else None,
                **{k: json.loads(last[k] or "[]") for k in
                   ("new_articles", "changed_articles", "new_findings", "gone_findings", "reopened")},
            }  # fmt: skip
        return data

    def close(self) -> None:
        self.db.close()


def evidence_of(f: Finding) -> list[str]:
    """The evidence a decision on a finding rests on: each article and sentence, as a sorted list."""
    return sorted({f"{e.article}\t{' '.join(e.text.split())}" for p in f.positions for e in p.evidence})
