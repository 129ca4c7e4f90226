"""What every renderer needs from the JSON report: outlet names, finding order, the story matrix.

Pure functions over the report dict (format version 1); nothing here escapes or formats text,
that is each renderer's job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
COMPARED_KINDS = ("contradiction", "quote_discrepancy")  # findings that set outlets against each other

KIND_LABELS = {
    "contradiction": "Contradiction",
    "quote_discrepancy": "Quote discrepancy",
    "single_source": "Single source",
}


def outlet_of(article: dict[str, Any]) -> str:
    """The outlet's name as a reader would say it; the source file or id when the outlet is unknown."""
    if article.get("outlet"):
        return str(article["outlet"])
    source = str(article.get("source") or "")
    if source:
        name = re.split(r"[\\/]", source.rstrip("/\\"))[-1] or source
        return (
            re.sub(r"\.(txt|md|text|html?|jsonl|ndjson|csv|tsv|xml|rss|atom|warc(\.gz)?)$", "", name, flags=re.I)
            or name
        )
    return str(article.get("id", "?"))


def article_labels(articles: list[dict[str, Any]]) -> dict[str, str]:
    """article id -> a column label: the outlet, numbered when one outlet has several articles."""
    counts = Counter(outlet_of(a) for a in articles)
    seen: Counter[str] = Counter()
    labels = {}
    for a in articles:
        name = outlet_of(a)
        if counts[name] > 1:
            seen[name] += 1
            labels[a["id"]] = f"{name} ({seen[name]})"
        else:
            labels[a["id"]] = name
    return labels


def ranked_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contradictions and quote discrepancies by severity (high first) then confidence; single-source last."""
    return sorted(
        findings,
        key=lambda f: (
            f.get("kind") == "single_source",
            SEVERITY_RANK.get(f.get("severity", "low"), 3),
            -float(f.get("confidence") or 0),
            str(f.get("id")),
        ),
    )


SINGLE_SOURCE_SHOWN = 10  # single-source claims a story shown in the HTML and Markdown reports (all are in the JSON)


def top_single_source(findings: list[dict[str, Any]], limit: int = SINGLE_SOURCE_SHOWN) -> list[dict[str, Any]]:
    """The most check-worthy single-source claims of each story (``findings`` already ranked)."""
    shown: dict[str, int] = {}
    out = []
    for f in findings:
        story = str(f.get("story") or "")
        if shown.get(story, 0) < limit:
            shown[story] = shown.get(story, 0) + 1
            out.append(f)
    return out


def finding_articles(finding: dict[str, Any]) -> list[str]:
    """Every article that takes a position in the finding, in order of first appearance."""
    out: list[str] = []
    for p in finding.get("positions", []):
        for a in p.get("articles", []):
            if a not in out:
                out.append(a)
    return out


def outlet_share(
    finding: dict[str, Any], position: dict[str, Any], articles: dict[str, dict[str, Any]]
) -> tuple[int, int]:
    """(outlets holding this position, outlets taking any position in the finding)."""

    def outlets(ids: list[str]) -> set[str]:
        return {outlet_of(articles[a]) if a in articles else a for a in ids}

    return len(outlets(position.get("articles", []))), len(outlets(finding_articles(finding)))


def standing(finding: dict[str, Any], position: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    """One of majority, minority, split (tied for most) or only (the finding has one position)."""
    positions = finding.get("positions", [])
    if len(positions) < 2:
        return "only"
    sizes = [outlet_share(finding, p, articles)[0] for p in positions]
    mine = outlet_share(finding, position, articles)[0]
    top = max(sizes)
    if mine < top:
        return "minority"
    return "majority" if sizes.count(top) == 1 else "split"


def highlight_in(evidence: dict[str, Any], value: str | None) -> tuple[int, int] | None:
    """Offsets of the conflicting value inside the evidence text: from ``highlight``, else by searching the value."""
    text = evidence.get("text") or ""
    start = evidence.get("start")
    hl = evidence.get("highlight")
    if hl and isinstance(start, int) and len(hl) == 2:
        lo, hi = hl[0] - start, hl[1] - start
        if 0 <= lo < hi <= len(text):
            return lo, hi
    if value:
        i = text.casefold().find(value.casefold())
        if i >= 0:
            return i, i + len(value)
    return None


@dataclass
class MatrixCell:
    # (position index, value, evidence) for each value the article gives
    values: list[tuple[int, str, dict[str, Any] | None]] = field(default_factory=list)


@dataclass
class MatrixRow:
    finding: dict[str, Any]
    cells: dict[str, MatrixCell]  # article id -> what it says

    @property
    def conflict(self) -> bool:
        return len(self.finding.get("positions", [])) > 1


@dataclass
class Matrix:
    title: str | None
    articles: list[str]
    rows: list[MatrixRow]


def story_matrices(data: dict[str, Any]) -> list[Matrix]:
    """One matrix per story that has compared findings: a row per topic, a column per analyzed article."""
    analyzed = [a["id"] for a in data.get("articles", []) if a.get("status") == "analyzed"]
    compared = [f for f in ranked_findings(data.get("findings", [])) if f.get("kind") in COMPARED_KINDS]
    stories = data.get("stories") or []
    story_ids = {s["id"] for s in stories}
    groups: list[tuple[str | None, list[str], list[dict[str, Any]]]] = []
    for s in stories:
        fs = [f for f in compared if f.get("story") == s["id"]]
        cols = [a for a in s.get("articles", []) if a in analyzed]
        groups.append((s.get("title"), cols, fs))
    loose = [f for f in compared if f.get("story") not in story_ids]
    if loose:
        groups.append((None, analyzed, loose))
    groups = [g for g in groups if g[2]]
    matrices = []
    for title, cols, fs in groups:
        extra = [a for f in fs for a in finding_articles(f) if a not in cols and a in analyzed]
        cols = cols + list(dict.fromkeys(extra))
        rows = []
        for f in fs:
            cells: dict[str, MatrixCell] = {a: MatrixCell() for a in cols}
            for i, p in enumerate(f.get("positions", [])):
                for a in p.get("articles", []):
                    if a not in cells:
                        continue
                    ev = next((e for e in p.get("evidence", []) if e.get("article") == a), None)
                    cells[a].values.append((i, str(p.get("value", "")), ev))
            rows.append(MatrixRow(f, cells))
        matrices.append(Matrix(title if len(groups) > 1 else None, cols, rows))
    return matrices


@dataclass
class SpeakerQuotes:
    name: str
    role: str | None
    entity: str | None
    quotes: list[dict[str, Any]]

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(q["article"] for q in self.quotes))


def quotes_by_speaker(data: dict[str, Any]) -> list[SpeakerQuotes]:
    """Quotes grouped by who said them across outlets; the most quoted speakers first, unattributed last."""
    entities = {e["id"]: e for e in data.get("entities", [])}
    order = {a["id"]: i for i, a in enumerate(data.get("articles", []))}
    groups: dict[str, list[dict[str, Any]]] = {}
    for q in data.get("quotes", []):
        ent = q.get("speaker_entity")
        if ent and ent in entities:
            key = "e:" + ent
        elif q.get("speaker"):
            key = "s:" + " ".join(str(q["speaker"]).split()).casefold()
        else:
            key = "none"
        groups.setdefault(key, []).append(q)
    out = []
    for key, qs in groups.items():
        qs.sort(key=lambda q: (order.get(q["article"], 1 << 30), q.get("start", 0)))
        ent = entities.get(key[2:]) if key.startswith("e:") else None
        if ent:
            name = ent["name"]
        elif key == "none":
            name = "Unattributed"
        else:
            name = Counter(str(q["speaker"]) for q in qs).most_common(1)[0][0]
        roles = Counter(q["speaker_role"] for q in qs if q.get("speaker_role"))
        role = roles.most_common(1)[0][0] if roles else (ent or {}).get("role")
        out.append(SpeakerQuotes(name, role, ent["id"] if ent else None, qs))
    out.sort(key=lambda g: (g.name == "Unattributed", -len(g.articles), -len(g.quotes), g.name.casefold()))
    return out


# ------------------------------------------------------------------ review
STATUS_LABELS = {"open": "Open", "confirmed": "Confirmed", "dismissed": "Dismissed", "needs_checking": "Needs checking"}


def review_status(finding: dict[str, Any]) -> str | None:
    """The finding's review status, or None when the report has no review state (no store)."""
    review = finding.get("review")
    return str(review.get("status") or "open") if review else None


def review_line(finding: dict[str, Any]) -> str | None:
    """The review in words: "Confirmed by ana on 2026-12-07: note", and the earlier decision of a reopened one."""
    review = finding.get("review")
    if not review:
        return None
    status = STATUS_LABELS.get(str(review.get("status")), str(review.get("status")))
    line = status
    if review.get("who") and review.get("status") != "open":
        line += f" by {review['who']}"
    if review.get("at") and review.get("status") != "open":
        line += f" on {str(review['at'])[:10]}"
    if review.get("note"):
        line += f": {review['note']}"
    prev = review.get("previous")
    if prev:
        was = STATUS_LABELS.get(str(prev.get("status")), str(prev.get("status")))
        line += f" (earlier: {was} by {prev.get('who') or '?'} on {str(prev.get('at') or '')[:10]}"
        line += f": {prev['note']})" if prev.get("note") else ")"
    return line


def visible(data: dict[str, Any], show_dismissed: bool = False) -> dict[str, Any]:
    """The report without its dismissed findings (unless ``show_dismissed``); ``hidden_dismissed`` counts them."""
    if show_dismissed:
        return data
    kept = [f for f in data.get("findings", []) if review_status(f) != "dismissed"]
    hidden = len(data.get("findings", [])) - len(kept)
    if not hidden:
        return data
    return {**data, "findings": kept, "hidden_dismissed": hidden}


def since_last_run(data: dict[str, Any]) -> str | None:
    """'New since the last run (2026-12-06): 1 article, 2 findings; 1 finding gone', or None without a store."""
    run = data.get("run")
    if not run:
        return None
    if not run.get("previous_at") and run.get("run") == 1:
        return "First run of this store: every finding is new."

    def n(items: list[Any], word: str) -> str:
        return f"{len(items)} {word}{'' if len(items) == 1 else 's'}"

    parts = [n(run.get("new_articles") or [], "new article"), n(run.get("new_findings") or [], "new finding")]
    if run.get("changed_articles"):
        parts.append(n(run["changed_articles"], "changed article"))
    if run.get("gone_findings"):
        parts.append(n(run["gone_findings"], "finding") + " gone")
    if run.get("reopened"):
        parts.append(n(run["reopened"], "finding") + " reopened (evidence changed)")
    when = f" ({str(run['previous_at'])[:16].replace('T', ' ')})" if run.get("previous_at") else ""
    return f"Since the last run{when}: " + ", ".join(parts) + "."
