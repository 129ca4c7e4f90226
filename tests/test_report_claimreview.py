"""ClaimReview drafts: schema.org JSON-LD, one per disagreement, with no verdict invented."""

from __future__ import annotations

import json

from report_sample import sample_report

from storydiff.report import render


def drafts() -> list[dict]:
    return json.loads(render(sample_report(), "claimreview"))


def test_one_draft_per_contradiction_or_quote_discrepancy():
    out = drafts()
    assert [d["storydiffDraft"]["finding"] for d in out] == ["F1", "F3", "F2", "F4"]
    for d in out:
        assert d["@context"] == "https://schema.org" and d["@type"] == "ClaimReview"
        assert d["itemReviewed"]["@type"] == "Claim"
        assert d["claimReviewed"]


def test_appearances_name_each_outlet_and_article():
    f1 = drafts()[0]
    apps = f1["itemReviewed"]["appearance"]
    assert [a["publisher"] for a in apps] == [
        {"@type": "Organization", "name": n} for n in ("Daily Courier", "Northern Post", "Tech Wire")
    ]
    assert apps[0]["@type"] == "CreativeWork"
    assert apps[0]["url"] == "https://courier.example/tech/anthropic-alibaba-london"
    assert apps[0]["headline"].startswith("A new front")
    assert apps[0]["datePublished"] == "2025-03-05"
    assert "url" not in apps[1]  # the Northern Post article has no URL: none is made up
    assert "High Court in London" in f1["claimReviewed"] and "Northern District of California" in f1["claimReviewed"]


def test_rating_is_left_for_the_fact_checker():
    for d in drafts():
        assert d["reviewRating"] == {"@type": "Rating", "alternateName": "Needs review"}
        assert "TO COMPLETE" in d["author"]["name"]
        assert "datePublished" not in d and "url" not in d
        assert any("reviewRating" in item for item in d["storydiffDraft"]["toComplete"])
