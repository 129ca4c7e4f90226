"""The JSON report (format 1) matches its schema, and every offset points at the text it names.

Every ``start``/``end`` indexes the ``text`` of the article in the report: quotes, claims, claim
slots and finding evidence, and an evidence ``highlight`` lies inside its evidence sentence.
"""

from __future__ import annotations

import jsonschema
import pytest

from storydiff.nlp.pipeline import normalize_quotes

STORIES_CHECKED = ["seeds", "harbour-fire"]


@pytest.fixture(scope="module", params=STORIES_CHECKED)
def report(request, story_report) -> dict:
    return story_report(request.param)


def texts_of(report: dict) -> dict[str, str]:
    return {a["id"]: a["text"] for a in report["articles"] if a["status"] == "analyzed"}


def same_text(in_article: str, in_report: str) -> bool:
    """The offsets pick out the reported text (typographic quote marks aside; exact equality is tested below)."""
    return normalize_quotes(in_article) == normalize_quotes(in_report)


def every_span(report: dict):
    """(where, article id, start, end, text) for every offset span in the report."""
    for q in report["quotes"]:
        yield q["id"], q["article"], q["start"], q["end"], q["text"]
    for c in report["claims"]:
        yield c["id"], c["article"], c["start"], c["end"], c["text"]
        for s in c["slots"]:
            yield f"{c['id']}/{s['slot']}", c["article"], s["start"], s["end"], s["text"]
    for f in report["findings"]:
        for p in f["positions"]:
            for ev in p["evidence"]:
                yield f"{f['id']}/evidence", ev["article"], ev["start"], ev["end"], ev["text"]


def test_report_matches_the_schema(report, schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_report_is_not_trivially_empty(report):
    assert len(texts_of(report)) >= 4
    assert report["quotes"] and report["claims"] and report["findings"] and report["entities"]
    assert any(f["kind"] != "single_source" for f in report["findings"])


def test_ids_are_unique(report):
    for key in ("articles", "entities", "quotes", "claims", "findings"):
        ids = [x["id"] for x in report[key]]
        assert len(ids) == len(set(ids)), key


def test_quote_offsets_round_trip(report):
    texts = texts_of(report)
    for q in report["quotes"]:
        assert q["article"] in texts, q
        assert 0 <= q["start"] < q["end"] <= len(texts[q["article"]]), q
        assert same_text(texts[q["article"]][q["start"] : q["end"]], q["text"]), q["id"]


def test_claim_and_slot_offsets_round_trip(report):
    texts = texts_of(report)
    slots = 0
    for c in report["claims"]:
        text = texts[c["article"]]
        assert 0 <= c["start"] < c["end"] <= len(text), c["id"]
        assert same_text(text[c["start"] : c["end"]], c["text"]), c["id"]
        for s in c["slots"]:
            slots += 1
            assert 0 <= s["start"] < s["end"] <= len(text), (c["id"], s)
            assert same_text(text[s["start"] : s["end"]], s["text"]), (c["id"], s)
    assert slots, "no claim has a slot: the slot offsets went unchecked"


def test_evidence_offsets_and_highlights_round_trip(report):
    texts = texts_of(report)
    highlights = 0
    for f in report["findings"]:
        assert f["positions"], f["id"]
        for p in f["positions"]:
            assert set(p["articles"]) <= set(texts), (f["id"], p["articles"])
            for ev in p["evidence"]:
                text = texts[ev["article"]]
                assert 0 <= ev["start"] < ev["end"] <= len(text), (f["id"], ev)
                assert same_text(text[ev["start"] : ev["end"]], ev["text"]), (f["id"], ev["text"])
                if ev.get("highlight") is not None:
                    highlights += 1
                    hs, he = ev["highlight"]
                    assert 0 <= hs < he <= len(text), (f["id"], ev["highlight"])
                    assert text[hs:he].strip(), (f["id"], "blank highlight")
    assert highlights, "no evidence has a highlight: highlights went unchecked"


def test_cross_references_name_known_articles_and_entities(report):
    texts = texts_of(report)
    entity_ids = {e["id"] for e in report["entities"]}
    for e in report["entities"]:
        assert set(e["articles"]) <= set(texts), e["id"]
    for c in report["claims"]:
        assert set(c["corroborated_by"]) <= set(texts) - {c["article"]}, c["id"]
    for q in report["quotes"]:
        assert q["speaker_entity"] is None or q["speaker_entity"] in entity_ids, q["id"]
    for s in report.get("stories", []):
        assert set(s["articles"]) <= set(texts), s["id"]


def test_span_texts_are_exactly_the_article_text(report):
    texts = texts_of(report)
    wrong = [(where, text) for where, art, start, end, text in every_span(report) if texts[art][start:end] != text]
    assert not wrong, f"{len(wrong)} spans differ from the article text, e.g. {wrong[:3]}"


def test_highlights_lie_inside_their_evidence(report):
    outside = [
        (f["id"], ev["text"][:40], ev["highlight"])
        for f in report["findings"]
        for p in f["positions"]
        for ev in p["evidence"]
        if ev.get("highlight") and not (ev["start"] <= ev["highlight"][0] and ev["highlight"][1] <= ev["end"])
    ]
    assert not outside, outside


def test_evidence_is_a_sentence_of_one_paragraph(report):
    """Evidence is a sentence: it does not start with the previous paragraph's closing quote mark."""
    bad = [
        (f["id"], ev["text"][:40])
        for f in report["findings"]
        for p in f["positions"]
        for ev in p["evidence"]
        if "\n" in ev["text"].strip()
    ]
    assert not bad, bad
