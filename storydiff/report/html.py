"""The HTML report: one self-contained file (inline CSS and JS, nothing fetched) for sharing.

Article text, titles and outlet names are untrusted. Jinja2 autoescapes everything the template
prints; the only markup built here is the article text with its spans marked, where every piece
of text goes through ``escape`` and the markup around it comes from this module alone.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from storydiff.report._common import (
    COMPARED_KINDS,
    KIND_LABELS,
    article_labels,
    highlight_in,
    outlet_of,
    outlet_share,
    quotes_by_speaker,
    ranked_findings,
    review_line,
    review_status,
    since_last_run,
    standing,
    story_matrices,
    top_single_source,
)

TEMPLATES = Path(__file__).parent / "templates"
CSP = Markup("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:")

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Span layers in an article's text, outermost first when two start at the same character.
PARAGRAPH, EVIDENCE, CLAIM, QUOTE, ENTITY, HIGHLIGHT = range(6)


def render_html(data: dict[str, Any]) -> str:
    """The report as one HTML page that works opened from disk or as an e-mail attachment."""
    return _env.get_template("report.html.j2").render(**build_view(data), csp=CSP)


# ---------------------------------------------------------------- ids and escaping


def slug(value: str) -> str:
    """A fragment-safe form of an id; ids that had to change get a short hash so they stay unique."""
    clean = re.sub(r"[^A-Za-z0-9_-]", "_", value)[:60]
    if clean != value:
        clean += "-" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]
    return clean


def anchor_id(article: str, start: int) -> str:
    return f"a-{slug(article)}-{start}"


def json_for_script(data: Any) -> Markup:
    """JSON that is safe inside a <script> element: no "</script>", no "<!--", no U+2028/9 line breaks."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return Markup(text)


def sentence_case(text: str) -> str:
    """Capitalise the first letter: where it was filed -> Where it was filed."""
    return text[:1].upper() + text[1:]


def mark_value(text: str, span: tuple[int, int] | None) -> Markup:
    """The text escaped, with ``span`` (offsets into it) in <mark>."""
    if not span:
        return escape(text)
    lo, hi = span
    return escape(text[:lo]) + Markup("<mark>") + escape(text[lo:hi]) + Markup("</mark>") + escape(text[hi:])


# ---------------------------------------------------------------- marked-up article text


@dataclass
class Span:
    """Something to mark in an article's text; ``attrs`` and ``after`` are trusted markup built here."""

    start: int
    end: int
    layer: int
    tag: str  # element name
    attrs: Markup  # its attributes, already escaped
    anchor: bool = False  # give the first element at ``start`` the id a-<article>-<start>
    after: Markup = field(default_factory=Markup)  # placed right after the span's last piece (a back link)
    continuation: bool = False  # a piece left over after splitting at a crossing boundary


def marked_text(text: str, article: str, spans: Iterable[Span]) -> Markup:
    """The article text, escaped, with every span marked.

    Spans that cross are split at the boundary they cross, so the elements always nest:
    a quote that runs past the end of a claim becomes two pieces, the second outside the claim.
    Only the first piece of a span carries its anchor id, and each id is used once.
    """
    order = itertools.count()  # breaks ties, so spans themselves are never compared
    heap = [(s.start, s.layer, -s.end, next(order), s) for s in spans if 0 <= s.start < s.end <= len(text)]
    heapq.heapify(heap)
    out: list[str] = []
    stack: list[tuple[int, Markup]] = []  # (end, markup that closes the element)
    used: set[str] = set()
    pos = 0

    def close_until(at: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= at:
            end, closing = stack.pop()
            out.append(escape(text[pos:end]))
            out.append(closing)
            pos = end

    while heap:
        start, layer, neg_end, _, item = heapq.heappop(heap)
        close_until(start)
        out.append(escape(text[pos:start]))
        pos = start
        end = -neg_end
        after = item.after
        if stack and end > stack[-1][0]:  # crosses the enclosing element's end: split there
            cut = stack[-1][0]
            rest = Span(cut, end, item.layer, item.tag, item.attrs, after=item.after, continuation=True)
            heapq.heappush(heap, (cut, layer, -end, next(order), rest))
            end, after = cut, Markup()
        attrs = item.attrs
        ident = anchor_id(article, start)
        if item.anchor and not item.continuation and ident not in used:
            used.add(ident)
            attrs = Markup(' id="{}"').format(ident) + attrs
        out.append(Markup("<{}{}>").format(Markup(item.tag), attrs))
        stack.append((end, Markup("</{}>").format(Markup(item.tag)) + after))
    close_until(len(text))
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def _attrs(cls: str, title: str | None = None) -> Markup:
    attrs = Markup(' class="{}"').format(cls)
    if title:
        attrs += Markup(' title="{}"').format(title)
    return attrs


def _paragraph_spans(text: str) -> list[Span]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append(Span(m.start(), m.end(), PARAGRAPH, "p", _attrs("para")))
    return spans


def _entity_spans(text: str, article: str, entities: list[dict[str, Any]]) -> list[Span]:
    names: dict[str, dict[str, Any]] = {}
    for e in entities:
        if e.get("articles") and article not in e["articles"]:
            continue
        for name in [e.get("name", ""), *e.get("aliases", [])]:
            if name and len(name) > 1 and name not in names:
                names[name] = e
    if not names:
        return []
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)"
    )
    spans = []
    for m in pattern.finditer(text):
        e = names[m.group(1)]
        etype = str(e.get("type", ""))
        title = f"{etype.title()}: {e.get('name', '')}"
        spans.append(Span(m.start(), m.end(), ENTITY, "span", _attrs(f"ent ent-{etype.lower()}", title)))
    return spans


def _claim_title(c: dict[str, Any]) -> str:
    parts = [p for p in (c.get("actor"), c.get("action"), c.get("target")) if p]
    title = "Claim: " + " · ".join(str(p) for p in parts) if parts else "Claim"
    if c.get("attribution") == "reported":
        title += f" (attributed to {c.get('source') or 'a source'})"
    if c.get("hedged"):
        title += " (hedged)"
    if c.get("negated"):
        title += " (negated)"
    return title


def article_markup(
    data: dict[str, Any], article: dict[str, Any], evidence_links: dict[tuple[str, int, int], list[str]]
) -> Markup:
    """One article's full text with its claims, quotes, entities and evidence marked."""
    aid = article["id"]
    text = article.get("text") or ""
    spans = _paragraph_spans(text)
    for (art, start, end), fids in evidence_links.items():
        if art != aid:
            continue
        links = Markup("").join(
            Markup('<a class="back" href="#f-{}" title="Back to finding {}">\u21a9\ufe0e {}</a>').format(slug(f), f, f)
            for f in fids
        )
        attrs = _attrs("ev", "Evidence for " + ", ".join(fids))
        spans.append(Span(start, end, EVIDENCE, "span", attrs, anchor=True, after=links))
    for c in data.get("claims", []):
        if c.get("article") == aid:
            spans.append(Span(c["start"], c["end"], CLAIM, "span", _attrs("claim", _claim_title(c)), anchor=True))
    for q in data.get("quotes", []):
        if q.get("article") == aid:
            who = q.get("speaker") or "unattributed"
            kind = "indirect" if q.get("kind") == "indirect" else "direct"
            attrs = _attrs(f"quote quote-{kind}", f"Quote ({kind}): {who}")
            spans.append(Span(q["start"], q["end"], QUOTE, "span", attrs, anchor=True))
    spans += _entity_spans(text, aid, data.get("entities", []))
    for f in data.get("findings", []):
        for p in f.get("positions", []):
            for ev in p.get("evidence", []):
                if ev.get("article") != aid:
                    continue
                hl = highlight_in(ev, p.get("value"))
                if hl:
                    attrs = _attrs("hl", f"{f.get('id')}: {p.get('value', '')}")
                    spans.append(Span(ev["start"] + hl[0], ev["start"] + hl[1], HIGHLIGHT, "mark", attrs))
    body_end = max([len(text.rstrip()), *(s.end for s in spans if s.layer != PARAGRAPH)])
    return marked_text(text[:body_end], aid, spans)


# ---------------------------------------------------------------- the view


@dataclass
class EvidenceView:
    id: str
    article: str
    outlet: str
    href: str
    html: Markup


@dataclass
class PositionView:
    index: int
    value: str
    outlets: list[tuple[str, str]]  # (label, href to the article)
    share: str
    standing: str
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass
class FindingView:
    id: str
    anchor: str
    kind: str
    kind_label: str
    type: str
    topic: str
    severity: str
    confidence: str
    explanation: str
    positions: list[PositionView]
    diff: Markup | None = None  # for two versions of one quote: the words of each, deletions and insertions marked
    status: str | None = None  # review status (from a store), None without one
    review: str | None = None  # the review in words
    new: bool = False  # first seen in this run


def quote_diff(a: str, b: str) -> Markup:
    """A word-level diff of two versions of a quote: words only in the first are <del>, only in the second <ins>.
    Both texts are escaped (article text is untrusted)."""
    import difflib

    wa, wb = a.split(), b.split()
    out: list[Markup] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(wa[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{}</del>").format(" ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(Markup("<ins>{}</ins>").format(" ".join(wb[j1:j2])))
    return Markup(" ").join(out)


def _finding_view(
    f: dict[str, Any], articles: dict[str, dict[str, Any]], labels: dict[str, str], story_outlets: int
) -> FindingView:
    """``story_outlets``: how many outlets cover the finding's story (the base for a single-source claim)."""
    fid = str(f.get("id"))
    positions = []
    for i, p in enumerate(f.get("positions", [])):
        have, total = outlet_share(f, p, articles)
        if len(f.get("positions", [])) == 1:
            total = max(total, story_outlets)
        share = f"{have} of {total} outlet{'s' if total != 1 else ''}"
        outlets = [(labels.get(a, a), f"#art-{slug(a)}") for a in p.get("articles", [])]
        evs = []
        for j, ev in enumerate(p.get("evidence", [])):
            art = ev.get("article", "")
            evs.append(
                EvidenceView(
                    id=f"ev-{slug(fid)}-{i}-{j}",
                    article=art,
                    outlet=labels.get(art, art),
                    href="#" + anchor_id(art, ev.get("start", 0)),
                    html=mark_value(ev.get("text", ""), highlight_in(ev, p.get("value"))),
                )
            )
        positions.append(PositionView(i, str(p.get("value", "")), outlets, share, standing(f, p, articles), evs))
    return FindingView(
        id=fid,
        anchor=f"f-{slug(fid)}",
        kind=str(f.get("kind")),
        kind_label=KIND_LABELS.get(str(f.get("kind")), str(f.get("kind"))),
        type=str(f.get("type", "")),
        topic=sentence_case(str(f.get("topic", ""))),
        severity=str(f.get("severity", "low")),
        confidence=f"{round(float(f.get('confidence') or 0) * 100)}%",
        explanation=str(f.get("explanation", "")),
        positions=positions,
        diff=(
            quote_diff(positions[0].value, positions[1].value)
            if f.get("type") == "quote" and len(positions) == 2
            else None
        ),
        status=review_status(f),
        review=review_line(f),
        new=bool(f.get("new")),
    )


def build_view(data: dict[str, Any]) -> dict[str, Any]:
    """Everything the template shows, computed from the report dict."""
    all_articles = data.get("articles", [])
    analyzed = [a for a in all_articles if a.get("status") == "analyzed"]
    skipped = [a for a in all_articles if a.get("status") != "analyzed"]
    by_id = {a["id"]: a for a in all_articles}
    labels = article_labels(analyzed)
    findings = ranked_findings(data.get("findings", []))
    outlets_in_story = {
        s["id"]: len({outlet_of(by_id[a]) for a in s.get("articles", []) if a in by_id and by_id[a] in analyzed})
        for s in data.get("stories") or []
    }
    all_outlets = len({outlet_of(a) for a in analyzed})

    def view(f: dict[str, Any]) -> FindingView:
        return _finding_view(f, by_id, labels, outlets_in_story.get(f.get("story") or "", all_outlets))

    compared = [view(f) for f in findings if f.get("kind") in COMPARED_KINDS]
    all_single = [f for f in findings if f.get("kind") not in COMPARED_KINDS]
    shown_single = top_single_source(all_single)
    single = [view(f) for f in shown_single]
    single_groups: dict[str, dict[str, Any]] = {}  # by the outlet that alone makes the claim
    for f in single:
        first = f.positions[0].outlets[0] if f.positions and f.positions[0].outlets else ("Unknown outlet", "")
        single_groups.setdefault(first[0], {"label": first[0], "href": first[1], "findings": []})["findings"].append(f)

    # only findings the page shows are linked to (single-source claims beyond the top ten are in the JSON)
    shown = [f for f in findings if f.get("kind") in COMPARED_KINDS] + shown_single
    evidence_links: dict[tuple[str, int, int], list[str]] = {}
    for fd in shown:
        for p in fd.get("positions", []):
            for ev in p.get("evidence", []):
                key = (ev.get("article", ""), ev.get("start", 0), ev.get("end", 0))
                ids = evidence_links.setdefault(key, [])
                if str(fd.get("id")) not in ids:
                    ids.append(str(fd.get("id")))

    cited_in: dict[str, list[tuple[str, str, str]]] = {}
    for fd in shown:
        for a in dict.fromkeys(ar for p in fd.get("positions", []) for ar in p.get("articles", [])):
            cited_in.setdefault(a, []).append(
                (str(fd.get("id")), f"#f-{slug(str(fd.get('id')))}", str(fd.get("severity")))
            )
    article_views = []
    for a in analyzed:
        article_views.append(
            {
                "id": a["id"],
                "anchor": f"art-{slug(a['id'])}",
                "label": labels[a["id"]],
                "outlet": outlet_of(a),
                "title": a.get("title") or "(untitled)",
                "published": a.get("published") or "",
                "fetched_at": str(a.get("fetched_at") or "")[:16].replace("T", " "),
                "author": a.get("author") or "",
                "url": a.get("url") or "",
                "source": a.get("source") or "",
                "words": a.get("words", len((a.get("text") or "").split())),
                "duplicate_of": labels.get(a.get("duplicate_of") or "", a.get("duplicate_of") or ""),
                "cited_in": cited_in.get(a["id"], []),
                "html": article_markup(data, a, evidence_links),
            }
        )

    stories = data.get("stories") or []
    title = stories[0].get("title") if len(stories) == 1 else None
    dates = sorted(a["published"] for a in analyzed if a.get("published"))
    counts = {sev: sum(1 for f in compared if f.severity == sev) for sev in ("high", "medium", "low")}

    quote_groups = []
    for g in quotes_by_speaker(data):
        quote_groups.append(
            {
                "name": g.name,
                "role": g.role,
                "outlets": len({outlet_of(by_id[a]) for a in g.articles if a in by_id}),
                "quotes": [
                    {
                        "text": q.get("text", ""),
                        "outlet": labels.get(q["article"], q["article"]),
                        "href": "#" + anchor_id(q["article"], q.get("start", 0)),
                        "kind": q.get("kind") or "direct",
                        "cue": q.get("cue") or "",
                        "target": q.get("target") or "",
                        "role": q.get("speaker_role") or "",
                    }
                    for q in g.quotes
                ],
            }
        )

    matrices = []
    for m in story_matrices(data):
        rows = []
        for r in m.rows:
            fid = str(r.finding.get("id"))
            cells = []
            for a in m.articles:
                cell = r.cells[a]
                cells.append(
                    [
                        {
                            "value": v,
                            "pos": i,
                            "href": "#" + anchor_id(a, ev.get("start", 0)) if ev else "",
                        }
                        for i, v, ev in cell.values
                    ]
                )
            rows.append(
                {
                    "topic": sentence_case(str(r.finding.get("topic", ""))),
                    "href": f"#f-{slug(fid)}",
                    "severity": str(r.finding.get("severity", "low")),
                    "conflict": r.conflict,
                    "cells": cells,
                }
            )
        matrices.append(
            {"title": m.title, "columns": [(labels.get(a, a), f"#art-{slug(a)}") for a in m.articles], "rows": rows}
        )

    entity_types = sorted({e.get("type", "") for e in data.get("entities", [])})
    return {
        "title": title or "Story comparison",
        "stories": stories,
        "articles": article_views,
        "skipped": [
            {"source": a.get("source") or a.get("id"), "reason": a.get("reason") or "no reason given"} for a in skipped
        ],
        "outlet_count": len({outlet_of(a) for a in analyzed}),
        "date_range": (dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}") if dates else "",
        "findings": compared,
        "since_last_run": since_last_run(data),
        "hidden_dismissed": int(data.get("hidden_dismissed") or 0),
        "single_source": single,
        "single_total": len(all_single),
        "single_groups": list(single_groups.values()),
        "counts": counts,
        "matrices": matrices,
        "quote_groups": quote_groups,
        "entities": sorted(
            data.get("entities", []), key=lambda e: (-len(e.get("articles", [])), str(e.get("name", "")).casefold())
        ),
        "entity_types": entity_types,
        "report_json": json_for_script(data),
    }
