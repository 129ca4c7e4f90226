"""SQLite, the embedded store (sqlite-utils): plainly named tables that read well in Datasette.

Articles are keyed by content hash, so running again with more articles adds them and
reuses the stored spaCy parses (``parses``) of those already seen; findings, entities,
quotes and claims are recomputed over the whole story and replaced atomically.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from spacy.tokens import Doc, DocBin

from .model import Article, Report
from .nlp.pipeline import MODEL, load_nlp

# the parse a stored Doc came from: the model and storydiff's own pipes before the parser (bump when they change)
PARSER = f"{MODEL}+paragraphs-datelines-2"

SCHEMA_VERSION = 1


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self._migrate()

    def _migrate(self) -> None:
        db = self.db
        if "meta" not in db.table_names():
            db.table("meta").insert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
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

    # ------------------------------------------------------------- articles
    def merge_articles(self, articles: list[Article]) -> list[Article]:
        """Store new articles; return the whole story: stored articles plus this run's (skipped ones listed too)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        skipped = [a for a in articles if a.status != "analyzed"]
        with self.db.conn:
            for a in articles:
                if a.status != "analyzed":
                    self.db.table("skipped_inputs").upsert(
                        {"source": a.source, "id": a.id, "reason": a.reason, "seen_at": now}, pk="source"
                    )
                    continue
                if self.db.table("articles").count_where("hash = ?", [a.hash]):
                    continue
                row = {
                    k: getattr(a, k)
                    for k in (
                        "id",
                        "source",
                        "outlet",
                        "title",
                        "published",
                        "url",
                        "author",
                        "status",
                        "reason",
                        "duplicate_of",
                        "text",
                    )
                }
                row.update(hash=a.hash, words=a.words, added_at=now)
                self.db.table("articles").insert(row, pk="hash")
        stored = [self._article(r) for r in self.db.query("select * from articles order by added_at, id")]
        seen_ids = {a.id for a in stored}
        for a in skipped:
            if a.id in seen_ids:
                a.id = f"{a.id}~skipped"
        return stored + skipped

    @staticmethod
    def _article(row: dict) -> Article:
        return Article(
            id=row["id"], text=row["text"], source=row["source"], outlet=row["outlet"], title=row["title"],
            published=row["published"], url=row["url"], author=row["author"], status=row["status"] or "analyzed",
            reason=row["reason"], duplicate_of=row["duplicate_of"],
        )  # fmt: skip

    # --------------------------------------------------------------- parses
    def load_docs(self, articles: list[Article]) -> dict[str, Doc]:
        nlp = load_nlp()
        docs: dict[str, Doc] = {}
        hashes = [a.hash for a in articles]
        for h in hashes:
            row = next(self.db.query("select doc from parses where hash = ? and model = ?", [h, PARSER]), None)
            if row:
                docs[h] = next(iter(DocBin().from_bytes(row["doc"]).get_docs(nlp.vocab)))
        return docs

    def save_docs(self, articles: list[Article], docs: dict[str, Doc]) -> None:
        with self.db.conn:
            for a in articles:
                doc = docs.get(a.hash)
                if doc is None or self.db.table("parses").count_where("hash = ?", [a.hash]):
                    continue
                bin_ = DocBin(store_user_data=False)
                bin_.add(doc)
                self.db.table("parses").insert(
                    {"hash": a.hash, "model": PARSER, "doc": bin_.to_bytes()}, pk="hash", replace=True
                )

    def page_cache(self):
        from .ingest.fetch import PageCache

        return PageCache(self.db)

    # --------------------------------------------------------------- report
    def save_report(self, report: Report) -> None:
        """Replace the derived tables with this report's (one transaction)."""
        data = report.to_dict()
        derived = ("stories", "entities", "quotes", "claims", "findings", "positions", "evidence")
        with self.db.conn:
            for t in derived:
                if t in self.db.table_names():
                    self.db.table(t).drop()
            self.db.table("stories").insert_all(
                [{"id": s["id"], "title": s["title"], "articles": json.dumps(s["articles"])} for s in data["stories"]],
                pk="id",
            )
            self.db.table("entities").insert_all(
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
            self.db.table("quotes").insert_all(
                data["quotes"], pk="id", foreign_keys=[("article", "articles", "id")] if False else None
            )
            self.db.table("claims").insert_all(
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
                findings.append({k: v for k, v in f.items() if k != "positions"})
                for pn, p in enumerate(f["positions"], start=1):
                    pid = f"{f['id']}.{pn}"
                    positions.append(
                        {"id": pid, "finding": f["id"], "value": p["value"], "articles": json.dumps(p["articles"])}
                    )
                    for en, ev in enumerate(p["evidence"], start=1):
                        evidence.append(
                            {
                                "id": f"{pid}.{en}",
                                "position": pid,
                                "finding": f["id"],
                                **{k: v for k, v in ev.items() if k != "highlight"},
                            }
                        )
            self.db.table("findings").insert_all(findings, pk="id")
            self.db.table("positions").insert_all(positions, pk="id", foreign_keys=[("finding", "findings", "id")])
            self.db.table("evidence").insert_all(
                evidence, pk="id", foreign_keys=[("position", "positions", "id"), ("finding", "findings", "id")]
            )
            self.db.table("meta").upsert(
                {"key": "last_analyzed", "value": datetime.now(UTC).isoformat(timespec="seconds")}, pk="key"
            )
