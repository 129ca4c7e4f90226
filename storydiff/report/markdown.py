"""The Markdown report: for pasting into newsroom docs and tickets.

Article text is untrusted: every piece of it is escaped so that Markdown punctuation stays
literal and HTML (``<script>``) shows as text in any renderer.
"""

from __future__ import annotations

import re
from typing import Any

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
    since_last_run,
    standing,
    story_matrices,
    top_single_source,
)

_INLINE = re.compile(r"([\\`*_\[\]#|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))", re.MULTILINE)


def md_escape(text: Any) -> str:
    """Text as literal Markdown: HTML characters become entities, Markdown punctuation is backslash-escaped."""
    s = str(text if text is not None else "")
    s = _ENTITY_LIKE.sub("&amp;", s).replace("<", "&lt;").replace(">", "&gt;")
    s = _INLINE.sub(r"\\\1", s)
    return _LINE_START.sub(_escape_line_start, s)


def _escape_line_start(m: re.Match[str]) -> str:
    """A list marker, "1." or a setext underline at the start of a line, made literal."""
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def _code_text(text: Any) -> str:
    """Text for an inline code span on one line: no backticks, control characters or line breaks."""
    s = "".join(ch if ch.isprintable() else " " for ch in str(text)).replace("`", "")
    return " ".join(s.split())


def md_cell(text: Any) -> str:
    """Escaped text that fits in one table cell."""
    return " ".join(md_escape(text).split())


def _quote_block(text: str, span: tuple[int, int] | None) -> str:
    """A blockquote of the evidence with the conflicting value in bold."""
    if span:
        lo, hi = span
        body = md_escape(text[:lo]) + "**" + md_escape(text[lo:hi]).strip() + "**" + md_escape(text[hi:])
    else:
        body = md_escape(text)
    return "\n".join("> " + line for line in body.splitlines() or [""])


def _fetched(article: dict[str, Any]) -> str:
    """When a web page was fetched, as the articles table shows it: " (fetched 2026-12-07 02:40 UTC)"."""
    at = str(article.get("fetched_at") or "")
    return f" (fetched {at[:16].replace('T', ' ')} UTC)" if at else ""


def render_markdown(data: dict[str, Any]) -> str:
    articles = data.get("articles", [])
    analyzed = [a for a in articles if a.get("status") == "analyzed"]
    skipped = [a for a in articles if a.get("status") != "analyzed"]
    by_id = {a["id"]: a for a in articles}
    labels = article_labels(analyzed)
    findings = ranked_findings(data.get("findings", []))
    compared = [f for f in findings if f.get("kind") in COMPARED_KINDS]
    all_single = [f for f in findings if f.get("kind") not in COMPARED_KINDS]
    single = top_single_source(all_single)
    stories = data.get("stories") or []
    title = stories[0].get("title") if len(stories) == 1 else None

    out: list[str] = [f"# {md_escape(title or 'Story comparison')}", ""]
    outlets = len({outlet_of(a) for a in analyzed})
    out += [
        f"*{len(analyzed)} articles from {outlets} outlets · {len(compared)} disagreements · "
        f"{len(all_single)} single-source claims · made with storydiff*",
        "",
    ]
    if since_last_run(data):
        out += [f"**{md_cell(since_last_run(data))}**", ""]
    if data.get("hidden_dismissed"):
        out += [f"*{data['hidden_dismissed']} dismissed finding(s) hidden (`--show-dismissed` shows them).*", ""]
    out += [
        "## Articles",
        "",
        "| Outlet | Headline | Published | Words |",
        "| --- | --- | --- | ---: |",
    ]
    for a in analyzed:
        note = (
            f" (near-duplicate of {labels.get(a['duplicate_of'], a['duplicate_of'])})" if a.get("duplicate_of") else ""
        )
        out.append(
            f"| {md_cell(labels[a['id']])} | {md_cell(a.get('title') or '(untitled)')}{md_cell(note)} | "
            f"{md_cell(a.get('published') or '')}{md_cell(_fetched(a))} | {a.get('words', 0)} |"
        )
    out.append("")
    if skipped:
        out += ["**Skipped inputs**", ""]
        out += [
            f"- `{_code_text(a.get('source') or a['id'])}`: {md_cell(a.get('reason') or 'no reason given')}"
            for a in skipped
        ]
        out.append("")

    def finding_block(n: int, f: dict[str, Any]) -> list[str]:
        kind = KIND_LABELS.get(f.get("kind", ""), f.get("kind", ""))
        topic = str(f.get("topic", ""))
        lines = [
            f"### {n}. {md_escape(topic[:1].upper() + topic[1:])}",
            "",
            f"**{str(f.get('severity', '')).upper()}** · {md_escape(kind)} ({md_escape(f.get('type', ''))}) · "
            f"confidence {round(float(f.get('confidence') or 0) * 100)}% · `{str(f.get('id')).replace('`', '')}`",
            "",
            md_escape(f.get("explanation", "")),
            "",
        ]
        review = review_line(f)
        if review or f.get("new"):
            new = "**NEW since the last run**" + (" · " if review else "") if f.get("new") else ""
            lines[3:3] = [f"{new}{'Review: ' + md_cell(review) if review else ''}", ""]
        for p in f.get("positions", []):
            have, total = outlet_share(f, p, by_id)
            side = standing(f, p, by_id)
            names = ", ".join(md_escape(labels.get(a, a)) for a in p.get("articles", []))
            tag = f", {side}" if side in ("majority", "minority") else ""
            if side == "only":
                lines += [f"- **{md_escape(p.get('value', ''))}**, only in {names}", ""]
            else:
                lines += [f"- **{md_escape(p.get('value', ''))}** ({have} of {total} outlets{tag}): {names}", ""]
            for ev in p.get("evidence", []):
                block = _quote_block(str(ev.get("text", "")), highlight_in(ev, p.get("value")))
                lines += ["  " + line for line in block.splitlines()]
                lines += ["  >", f"  > — {md_escape(labels.get(ev.get('article', ''), ev.get('article', '')))}", ""]
        return lines

    out += ["## Where the coverage disagrees", ""]
    if not compared:
        out += ["No contradictions or quote discrepancies were found.", ""]
    for n, f in enumerate(compared, 1):
        out += finding_block(n, f)

    matrices = story_matrices(data)
    if matrices:
        out += [
            "## Story matrix",
            "",
            "What each article says on each disputed point (blank: the article does not say).",
            "",
        ]
        for m in matrices:
            if m.title:
                out += [f"### {md_escape(m.title)}", ""]
            out.append("| Topic | " + " | ".join(md_cell(labels.get(a, a)) for a in m.articles) + " |")
            out.append("| --- " * (len(m.articles) + 1) + "|")
            for r in m.rows:
                cells = [" / ".join(md_cell(v) for _, v, _ in r.cells[a].values) for a in m.articles]
                topic = str(r.finding.get("topic", ""))
                out.append(f"| {md_cell(topic[:1].upper() + topic[1:])} | " + " | ".join(cells) + " |")
            out.append("")

    groups = quotes_by_speaker(data)
    if groups:
        out += ["## Quotes by speaker", ""]
        for g in groups:
            role = f" — {md_escape(g.role)}" if g.role else ""
            out += [f"### {md_escape(g.name)}{role}", ""]
            for q in g.quotes:
                kind = " (paraphrase)" if q.get("kind") == "indirect" else ""
                out.append(
                    f"- “{md_escape(q.get('text', ''))}” — {md_escape(labels.get(q['article'], q['article']))}{kind}"
                )
            out.append("")

    if single:
        out += ["## Claims only one outlet makes", ""]
        if len(single) < len(all_single):
            out += [
                f"*The {len(single)} most check-worthy of {len(all_single)} (named actors, figures, attributed "
                "claims first); the JSON report lists them all.*",
                "",
            ]
        for n, f in enumerate(single, 1):
            out += finding_block(n, f)

    return "\n".join(out).rstrip() + "\n"
