"""The CSV report: one row per position of each finding, for spreadsheets.

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) get a leading single quote, so a hostile article cannot run anything when opened.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from storydiff.report._common import article_labels, outlet_of, ranked_findings, review_line, review_status

COLUMNS = [
    "finding_id",
    "kind",
    "type",
    "topic",
    "severity",
    "confidence",
    "value",
    "articles",
    "outlets",
    "evidence",
    "explanation",
    "status",
    "review",
    "new",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The value as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(data: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in data.get("articles", [])}
    labels = article_labels([a for a in data.get("articles", []) if a.get("status") == "analyzed"])
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for f in ranked_findings(data.get("findings", [])):
        for p in f.get("positions", []):
            ids = p.get("articles", [])
            outlets = list(dict.fromkeys(outlet_of(articles[a]) if a in articles else a for a in ids))
            evidence = [
                f"[{labels.get(ev.get('article', ''), ev.get('article', ''))}] {' '.join(str(ev.get('text', '')).split())}"
                for ev in p.get("evidence", [])
            ]
            row = [
                f.get("id"),
                f.get("kind"),
                f.get("type"),
                f.get("topic"),
                f.get("severity"),
                f"{float(f.get('confidence') or 0):.2f}",
                p.get("value"),
                ";".join(ids),
                ";".join(outlets),
                " | ".join(evidence),
                f.get("explanation"),
                review_status(f) or "",
                " ".join((review_line(f) or "").split()),
                "new" if f.get("new") is True else "",
            ]
            writer.writerow([safe_cell(c) for c in row])
    return buf.getvalue()
