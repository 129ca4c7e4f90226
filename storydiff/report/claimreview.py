"""schema.org ClaimReview drafts (JSON-LD), one per contradiction or quote discrepancy.

storydiff finds where outlets disagree; it does not decide who is right. Each draft therefore
leaves the verdict open and marks what a fact-checker must complete before publishing:

- ``claimReviewed``: rewrite as the one exact claim being rated (the draft names the topic and
  every version of it);
- ``reviewRating``: the draft has only ``alternateName: "Needs review"``; add the verdict
  (``alternateName``, e.g. "False", "Misattributed") and, if the organisation uses a scale,
  ``ratingValue``, ``bestRating`` and ``worstRating``;
- ``author``: the fact-checking organisation's ``name`` and ``url`` (placeholders here);
- ``url`` and ``datePublished``: the fact-check article's address and publication date (absent here);
- ``itemReviewed.author``: who made the claim, if known (absent here; the outlets are in ``appearance``);
- remove the ``storydiffDraft`` object, which is not schema.org vocabulary.

The output is a JSON array. ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc. so a draft can
be pasted into a ``<script type="application/ld+json">`` element even when an article title
holds markup.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from storydiff.report._common import COMPARED_KINDS, outlet_of, ranked_findings

PLACEHOLDER = "TO COMPLETE"

TO_COMPLETE = [
    "claimReviewed: the exact claim being rated",
    "reviewRating: the verdict (alternateName; ratingValue/bestRating/worstRating if you use a scale)",
    "author: your organisation's name and url",
    "url: the address of the fact-check article",
    "datePublished: the date the fact-check is published",
    "itemReviewed.author: who made the claim, if known",
    "reviewBody: your own summary (the draft holds storydiff's explanation)",
    "remove storydiffDraft",
]


def _claim_reviewed(f: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    topic = str(f.get("topic", ""))
    versions = []
    for p in f.get("positions", []):
        outlets = ", ".join(
            dict.fromkeys(outlet_of(articles[a]) if a in articles else a for a in p.get("articles", []))
        )
        versions.append(f"“{p.get('value', '')}” ({outlets})")
    return f"{topic[:1].upper()}{topic[1:]}: " + "; ".join(versions)


def is_web_url(value: Any) -> bool:
    """Only an http(s) address is copied into ClaimReview (a ``javascript:`` or ``data:`` one from the input is not)."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _appearances(f: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in f.get("positions", []):
        for aid in p.get("articles", []):
            a = articles.get(aid, {"id": aid})
            work: dict[str, Any] = {"@type": "CreativeWork"}
            if is_web_url(a.get("url")):
                work["url"] = a["url"]
            if a.get("title"):
                work["headline"] = a["title"]
            work["publisher"] = {"@type": "Organization", "name": outlet_of(a)}
            if a.get("published"):
                work["datePublished"] = a["published"]
            if a.get("author"):
                work["author"] = {"@type": "Person", "name": a["author"]}
            sentences = [str(e.get("text", "")) for e in p.get("evidence", []) if e.get("article") == aid]
            if sentences:
                work["text"] = " ".join(sentences)
            out.append(work)
    return out


def claimreview_drafts(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A draft per compared finding; once a reviewer has decided on any finding (``storydiff review``),
    a draft per confirmed finding only."""
    articles = {a["id"]: a for a in data.get("articles", [])}
    reviewed = any((f.get("review") or {}).get("status", "open") != "open" for f in data.get("findings", []))
    drafts = []
    for f in ranked_findings(data.get("findings", [])):
        if reviewed:
            if (f.get("review") or {}).get("status") != "confirmed":
                continue
        elif f.get("kind") not in COMPARED_KINDS:
            continue
        review = f.get("review") or {}
        drafts.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "claimReviewed": _claim_reviewed(f, articles),
                "itemReviewed": {
                    "@type": "Claim",
                    "name": str(f.get("topic", "")),
                    "appearance": _appearances(f, articles),
                },
                "reviewRating": {"@type": "Rating", "alternateName": "Needs review"},
                "author": {
                    "@type": "Organization",
                    "name": f"[{PLACEHOLDER}: fact-checking organisation]",
                    "url": f"[{PLACEHOLDER}: organisation URL]",
                },
                "reviewBody": str(f.get("explanation", "")),
                "storydiffDraft": {
                    "finding": f.get("id"),
                    "kind": f.get("kind"),
                    "type": f.get("type"),
                    "severity": f.get("severity"),
                    "confidence": f.get("confidence"),
                    "positions": [
                        {"value": p.get("value"), "articles": p.get("articles", [])} for p in f.get("positions", [])
                    ],
                    "toComplete": TO_COMPLETE,
                    **({"review": {k: review.get(k) for k in ("status", "note", "who", "at")}} if review else {}),
                },
            }
        )
    return drafts


def render_claimreview(data: dict[str, Any]) -> str:
    text = json.dumps(claimreview_drafts(data), ensure_ascii=False, indent=2)
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text + "\n"
