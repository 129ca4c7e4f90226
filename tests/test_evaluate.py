"""The evaluation command: matching rules on hand-made text, and a tiny run on the real data when it is there."""

from __future__ import annotations

import json

import pytest

from storydiff import evaluate as ev
from storydiff.model import Article, Quote

# ── matching rules ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "gold, found, same",
    [
        ("Jane Doe", "Jane Doe", True),
        ("Mayor Jane Doe", "Jane Doe", True),  # found inside gold
        ("Doe", "Ms. Jane Doe", True),  # gold inside found
        ("Jane Q. Doe", "Doe", True),
        ("the mayor, Jane Doe (D)", "Jane Doe", True),  # brackets dropped
        ("Jane Doe", "John Roe", False),
        ("Jane Doe", None, False),
        ("Jane Doe", "", False),
        ("Jane Doe\u2019s office", "Jane Doe", True),
    ],
)
def test_same_speaker(gold, found, same):
    assert ev.same_speaker(gold, found) is same


@pytest.mark.parametrize(
    "text, span, direct",
    [
        ('She said: "We will win." Then left.', "We will win.", True),  # inside straight marks
        ("She said: \u201cWe will win.\u201d Then left.", "We will win.", True),  # inside curly marks
        (
            "She said the plan was \u201cdead on arrival.\u201d",
            "the plan was \u201cdead on arrival.\u201d",
            True,
        ),  # contains marks
        ("''It works,'' he said.", "It works,", True),  # two apostrophes as quotation marks
        ("She said the plan would fail.", "the plan would fail", False),
        ('"Yes," she said. Then the plan failed.', "the plan failed", False),  # marks closed before the span
        ("\u201cOne.\u201d\nThe plan failed, she said.", "The plan failed", False),  # earlier paragraph
        ("He didn\u2019t say the plan failed.", "the plan failed", False),  # an apostrophe is not a mark
    ],
)
def test_is_direct(text, span, direct):
    start = text.index(span)
    assert ev.is_direct(text, start, start + len(span)) is direct


@pytest.mark.parametrize(
    "text, source, named",
    [
        ("Later, Jane Doe said it was fine.", "Jane Doe", True),
        ("It was fine, the Post reported.", "the Post", True),
        ("It was fine, he said.", "he", False),
        ("It was fine, sources said.", "sources", False),
        ("It was fine, a spokesman for the council said.", "a spokesman for the council", False),
        (
            "Rain fell. Officials said roads were shut. The officials left.",
            "Officials",
            False,
        ),  # capitalised only as first word
        ("Rain fell. Acme said roads were shut.", "Acme", True),  # never written in lower case
    ],
)
def test_is_named_source(text, source, named):
    assert ev.is_named_source(source, text, text.index(source)) is named


@pytest.mark.parametrize(
    "label, text, named",
    [
        ("Jane_Doe", "Jane Doe", True),
        ("Acme", "Acme", True),
        ("other_anti", "other anti", False),
        ("Democratic_lawmakers", "Democratic lawmakers", False),
        ("Democratic_Lawmakers", "Democratic Lawmakers", False),  # a group, even capitalised
        ("Doe_campaign", "Doe campaign", False),
    ],
)
def test_basil_speaker(label, text, named):
    assert ev.basil_speaker(label) == (text, named)


def test_place_and_name_rules():
    assert ev.place_matches("Springfield", "Springfield")
    assert ev.place_matches("SPRINGFIELD", "Springfield")  # datelines are in capitals
    assert ev.place_matches("Ohio", "OH", code="OH")
    assert not ev.place_matches("Ohio", "Iowa", code="OH")
    assert ev.place_matches("Springfield", "West Springfield")  # gold inside found
    assert not ev.place_matches("Springfield", "Spr")  # found too short to count inside gold
    assert ev.name_matches("Jane Smith", "Smith")
    assert not ev.name_matches("Jane Doe", "Doe")  # a found name of 3 letters or fewer must equal gold
    assert not ev.name_matches("Jane Doe", "John Roe")
    assert ev.is_street("Maple Avenue") and ev.is_street("Elm St.") and not ev.is_street("Springfield")


def test_source_name_and_speech_cues():
    assert ev.source_name("Doe, a former party chairman") == "Doe"
    assert ev.source_name("the mayor, Jane Doe") == "the mayor, Jane Doe"  # what precedes the comma names nobody
    assert ev.source_name("Jane Doe") == "Jane Doe"
    assert ev.is_speech_cue("said") and ev.is_speech_cue("has told") and ev.is_speech_cue("according to")
    assert not ev.is_speech_cue("shows") and not ev.is_speech_cue("called for")


def test_date_and_count_rules():
    assert ev.same_day("2015-8-23", "2026-08-23")  # gold unpadded; year ignored
    assert not ev.same_day("2015-08-23", "2015-08-24")
    assert not ev.same_day("2015-08-23", "2015-08")  # a month is not a day
    assert ev.count_matches(2, [2.0, 2.0, True])
    assert ev.count_matches(3, [2.0, 5.0, False])
    assert not ev.count_matches(1, [2.0, 2.0, True])
    assert not ev.count_matches(1, None)
    assert ev.overlaps(0, 5, 4, 9) and not ev.overlaps(0, 5, 5, 9)


def test_polnear_reader_on_hand_made_ann():
    text = "Rain fell. \u201cWe will rebuild,\u201d Jane Doe said. Officials said roads were shut."
    q1 = text.index("We will")
    ann = "\n".join(
        [
            f"T1\tContent {q1} {q1 + 15}\tWe will rebuild",
            f"T2\tSource {text.index('Jane')} {text.index('Jane') + 8}\tJane Doe",
            f"T3\tCue {text.index('said')} {text.index('said') + 4}\tsaid",
            "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
            f"T5\tContent {text.index('roads')} {text.index('shut')}\troads were",
        ]
    )
    gold = sorted(ev.polnear_quotes(ann, text), key=lambda g: g.start)
    assert [(g.direct, g.named, g.speaker) for g in gold] == [(True, True, "Jane Doe"), (False, False, None)]
    assert gold[0].cue == text.index("said") and gold[0].cue_text == "said"


def test_score_quotes_counts_recall_speaker_and_precision():
    text = "\u201cWe will rebuild,\u201d Jane Doe said. She said the roads were shut. \u201cNo,\u201d he said."
    art = Article(id="a", text=text, source="t")
    s = text.index("We will")
    r = text.index("the roads")
    gold = [ev.GoldQuote(s, s + 15, "Jane Doe", True, True), ev.GoldQuote(r, r + 19, "Jane Doe", False, True)]
    n = text.index("No,")
    quotes = [
        Quote("q1", "a", "Jane Doe", "We will rebuild", s, s + 15, "direct"),
        Quote("q2", "a", "she", "the roads were shut", r, r + 19, "direct"),  # right span, wrong kind
        Quote("q3", "a", "he", "No", n, n + 2, "direct"),  # not in gold
    ]
    score = ev.Score("t")
    ev.score_quotes(score, art, gold, quotes)
    m = {k: (v.hits, v.total) for k, v in score.metrics.items()}
    assert m["direct_quote_recall"] == (1, 1)
    assert m["direct_speaker_accuracy"] == (1, 1)
    assert m["indirect_quote_recall"] == (0, 1)
    assert m["direct_quote_precision"] == (2, 3)
    assert score.failures["indirect quote found as direct"] == 1


def test_gvdb_incident_reads_gold_and_skips_unusable_values():
    text = "SPRINGFIELD -- Jane Doe, 31, was killed and a man was hurt on Main Street in Ohio."
    city = {"value": "SPRINGFIELD", "startIndex": 0, "endIndex": 11}
    j = {
        "date-and-time": {"city": city, "state": "OH - Ohio", "date": "2016-1-5"},
        "victim-section": [
            {
                "name": {"value": "Jane Doe", "startIndex": 15, "endIndex": 23},
                "age": {"value": "31", "startIndex": 25, "endIndex": 27},
                "victim-was": ["killed"],
            },
            {
                "name": {"value": "", "startIndex": -1, "endIndex": -1},
                "age": {"value": ""},
                "victim-was": ["injured", "hospitalized"],
            },
        ],
        "shooter-section": [{"name": {"value": "Nobody Here", "startIndex": 90, "endIndex": 99}}],
    }
    gold = ev.gvdb_incident(j, text)
    assert gold.cities == ["SPRINGFIELD"] and gold.states == [("Ohio", "OH")]
    assert gold.names == ["Jane Doe"]  # the shooter's name is not in the text: not gold
    assert gold.ages == {31} and (gold.killed, gold.injured) == (1, 1)
    j["date-and-time"]["state"] = "CA - California"  # not named in the text: not gold
    assert ev.gvdb_incident(j, text).states == []


# ── on the real data (skipped where it is not there) ──────────────────────────────────────────────

needs_data = pytest.mark.skipif(not ev.DEFAULT_DATA.is_dir(), reason=f"no evaldata at {ev.DEFAULT_DATA}")


@needs_data
def test_evaluate_tiny_slice(tmp_path):
    out = tmp_path / "eval.json"
    assert ev.main(["--limit", "3", "--datasets", "polnear,gvdb", "--json", str(out), "--quiet"]) == 0
    figures = json.loads(out.read_text())
    assert figures["limit"] == 3 and set(figures["datasets"]) == {"polnear", "gvdb"}
    polnear, gvdb = figures["datasets"]["polnear"], figures["datasets"]["gvdb"]
    assert polnear["articles"] == 3 and gvdb["articles"] == 3
    assert polnear["metrics"]["direct_quote_recall"]["total"] > 0
    assert 0 <= polnear["metrics"]["direct_quote_recall"]["value"] <= 1
    assert gvdb["metrics"]["name_recall"]["total"] > 0


@needs_data
def test_basil_reader_places_spans_in_the_joined_text():
    items = list(ev.read_basil(ev.DEFAULT_DATA, 2))
    assert len(items) == 2
    for item in items:
        assert item.gold and all(0 <= g.start < g.end <= len(item.article.text) for g in item.gold)


@needs_data
def test_outlets_keep_only_those_outlets_articles():
    """``--outlets``: rules written on some outlets' articles are measured on the others'."""
    score = ev.evaluate("polnear", ev.DEFAULT_DATA, 2, outlets={"politico"})
    assert score.articles == 2
    ids = [it.article.id for it in ev.read_polnear(ev.DEFAULT_DATA, None) if ev.outlet_of(it.article) == "politico"]
    assert ids and all(i.startswith("politico_") for i in ids)
    assert ev.outlet_of(ev.Article(id="x", text="", source="", outlet="fox")) == "fox"


def test_unknown_dataset_is_refused(capsys):
    assert ev.main(["--datasets", "nope"]) == 2
    assert "unknown dataset" in capsys.readouterr().err


# Floors on a fast slice of the dev splits (the first 15 PolNeAR and 80 GVDB dev articles), pinned at the
# figures measured on 2026-12-07 (docs/evaluation.md): extraction cannot slide back unseen. `make eval`
# gives the full figures. Raise a floor when a change lifts its figure; never lower one to pass.
FLOORS = {
    "polnear": {
        "direct_quote_recall": 0.921,
        "direct_speaker_accuracy": 0.944,
        "indirect_quote_recall": 0.696,
        "indirect_quote_recall_speech_cues": 0.955,
        "direct_quote_precision": 0.976,
        "indirect_quote_precision": 0.925,
    },
    "gvdb": {
        "city_recall": 0.947,
        "state_recall": 0.826,
        "place_precision": 0.448,
        "name_recall": 0.855,
        "age_recall": 0.839,
        "date_recall": 0.188,
    },
}
SLICE = {"polnear": 15, "gvdb": 80}


@needs_data
@pytest.mark.parametrize("dataset", sorted(FLOORS))
def test_extraction_holds_its_floors_on_real_news(dataset):
    score = ev.evaluate(dataset, ev.DEFAULT_DATA, SLICE[dataset])
    below = {
        key: (round(score.metrics[key].value or 0.0, 3), floor)
        for key, floor in FLOORS[dataset].items()
        if round(score.metrics[key].value or 0.0, 3) < floor  # floors are the figures rounded to 3 places
    }
    assert not below, f"{dataset}: below the pinned floors (found, floor): {below}"
