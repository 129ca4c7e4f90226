"""The report as Parquet tables in a folder, for DuckDB, pandas or Spark.

    write_parquet(report, "out/tables")
    duckdb -c "select f.severity, count(*) from 'out/tables/findings.parquet' f group by 1"

One file per table: articles, stories, entities, quotes, claims, claim_slots, findings and
positions (one row per piece of evidence of a finding's position, with the finding's id, so
``findings join positions using (finding)`` gives the flattened view). Values that vary in type
(a slot's normalised value) are stored as JSON text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Report

_S = "string"
_I = "int64"
_F = "float64"
_B = "bool"
_LS = "list<string>"

SCHEMAS: dict[str, dict[str, str]] = {
    "articles": {
        "id": _S, "source": _S, "outlet": _S, "title": _S, "published": _S, "url": _S, "author": _S,
        "status": _S, "reason": _S, "duplicate_of": _S, "words": _I, "text": _S,
    },
    "stories": {"id": _S, "title": _S, "articles": _LS},
    "entities": {
        "id": _S, "type": _S, "name": _S, "aliases": _LS, "articles": _LS, "role": _S, "parent": _S,
        "descriptors": _LS, "mentions": _I,
    },
    "quotes": {
        "id": _S, "article": _S, "speaker": _S, "text": _S, "start": _I, "end": _I, "kind": _S,
        "speaker_role": _S, "speaker_entity": _S, "cue": _S, "frame": _S, "target": _S, "sentence": _I,
    },
    "claims": {
        "id": _S, "article": _S, "text": _S, "start": _I, "end": _I, "actor": _S, "action": _S, "target": _S,
        "attribution": _S, "source": _S, "hedged": _B, "negated": _B, "sentence": _I, "corroborated_by": _LS,
    },
    "claim_slots": {
        "claim": _S, "article": _S, "slot": _S, "text": _S, "start": _I, "end": _I, "value": _S, "entity": _S, "head": _S,
    },
    "findings": {
        "id": _S, "story": _S, "kind": _S, "type": _S, "topic": _S, "severity": _S, "confidence": _F,
        "explanation": _S, "positions": _I,
    },
    "positions": {
        "finding": _S, "story": _S, "position": _I, "value": _S, "articles": _LS, "article": _S, "start": _I,
        "end": _I, "text": _S, "highlight_start": _I, "highlight_end": _I,
    },
}  # fmt: skip


def report_tables(report: Report | dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The report's rows, table by table (plain dicts, the columns of ``SCHEMAS``)."""
    data = report.to_dict() if isinstance(report, Report) else report
    slots = []
    for c in data["claims"]:
        for s in c.get("slots", []):
            value = None if s.get("value") is None else json.dumps(s["value"], ensure_ascii=False, default=str)
            slots.append({**s, "claim": c["id"], "article": c["article"], "value": value})
    positions = []
    for f in data["findings"]:
        for n, p in enumerate(f["positions"]):
            base = {
                "finding": f["id"],
                "story": f.get("story"),
                "position": n,
                "value": p["value"],
                "articles": p["articles"],
            }
            for ev in p.get("evidence") or [None]:
                row = dict(base)
                if ev is not None:
                    hl = ev.get("highlight") or [None, None]
                    row.update(article=ev["article"], start=ev["start"], end=ev["end"], text=ev["text"])
                    row.update(highlight_start=hl[0], highlight_end=hl[1])
                positions.append(row)
    return {
        "articles": data["articles"],
        "stories": data.get("stories", []),
        "entities": data["entities"],
        "quotes": data["quotes"],
        "claims": data["claims"],
        "claim_slots": slots,
        "findings": [{**f, "positions": len(f["positions"])} for f in data["findings"]],
        "positions": positions,
    }


def write_parquet(report: Report | dict[str, Any], folder: str | Path) -> dict[str, Path]:
    """Write one ``<table>.parquet`` per table into ``folder`` (created); returns the paths by table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {_S: pa.string(), _I: pa.int64(), _F: pa.float64(), _B: pa.bool_(), _LS: pa.list_(pa.string())}
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, rows in report_tables(report).items():
        schema = pa.schema([(col, types[t]) for col, t in SCHEMAS[name].items()])
        columns = {col: [row.get(col) for row in rows] for col in schema.names}
        table = pa.Table.from_pydict(columns, schema=schema)
        path = out / f"{name}.parquet"
        pq.write_table(table, path)
        written[name] = path
    return written
