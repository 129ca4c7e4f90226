"""Quality gate (in the manner of trafilatura's eval gate): scores on the gold stories may not drop.

Each story is analyzed by the CLI (embeddings on) and scored with ../shared/tools/score_report.py.
The minimums are pinned at the scores measured; raise them when the product improves, never lower them
to let a change in. They were re-pinned once, on 2026-12-07, when the comparison core was rebuilt around
alignment by meaning (issue 12): the earlier pins (recall 4/4 nearly everywhere) measured rules written
for these very stories, and the rebuild removed those rules. The figures that count are measured on text
no rule was written for (docs/evaluation.md: sealed blind clusters, counterfactual edits, real coverage).
"""

from __future__ import annotations

import pytest
from conftest import STORIES, gold_of

# story -> minimum hits for each count; precision is a floor on the share
PINNED = {
    # measured 2026-12-07 (aligned-statement core): recall 3/3 traps 0/8 precision 3/3
    "seeds": {
        "recall": 3,
        "single_source": 10,
        "quotes": 21,
        "speakers": 21,
        "entities": 33,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 2/4 traps 0/11 precision 2/3
    "harbour-fire": {
        "recall": 2,
        "single_source": 9,
        "quotes": 32,
        "speakers": 32,
        "entities": 25,
        "traps": 0,
        "precision": 0.65,
    },
    # measured 2026-12-07 (aligned-statement core): recall 2/3 traps 0/10 precision 2/3
    "doping-appeal": {
        "recall": 2,
        "single_source": 9,
        "quotes": 24,
        "speakers": 23,
        "entities": 19,
        "traps": 0,
        "precision": 0.65,
    },
    # measured 2026-12-07 (aligned-statement core): recall 3/4 traps 0/10 precision 3/3
    "clinic-breach": {
        "recall": 3,
        "single_source": 9,
        "quotes": 18,
        "speakers": 18,
        "entities": 24,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 3/4 traps 0/16 precision 4/4
    "port-takeover": {
        "recall": 3,
        "single_source": 10,
        "quotes": 26,
        "speakers": 25,
        "entities": 20,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 2/4 traps 0/13 precision 2/2
    "river-flood": {
        "recall": 2,
        "single_source": 8,
        "quotes": 30,
        "speakers": 29,
        "entities": 23,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 2/4 traps 0/10 precision 3/4
    "rail-derailment": {
        "recall": 2,
        "single_source": 8,
        "quotes": 41,
        "speakers": 40,
        "entities": 37,
        "traps": 0,
        "precision": 0.75,
    },
    # measured 2026-12-07 (aligned-statement core): recall 3/4 traps 0/10 precision 3/3
    "drug-recall": {
        "recall": 3,
        "single_source": 10,
        "quotes": 37,
        "speakers": 36,
        "entities": 31,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 2/4 traps 0/10 precision 2/2
    "wildfire-evacuation": {
        "recall": 2,
        "single_source": 8,
        "quotes": 21,
        "speakers": 20,
        "entities": 19,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 4/4 traps 0/10 precision 4/4
    "ai-model-leak": {
        "recall": 4,
        "single_source": 9,
        "quotes": 22,
        "speakers": 22,
        "entities": 25,
        "traps": 0,
        "precision": 1.0,
    },
    # measured 2026-12-07 (aligned-statement core): recall 4/4 traps 1/10 precision 4/5
    "aviation-landing": {
        "recall": 4,
        "single_source": 8,
        "quotes": 30,
        "speakers": 28,
        "entities": 20,
        "traps": 1,
        "precision": 0.8,
    },
    # measured 2026-12-07 (aligned-statement core): recall 4/4 traps 0/10 precision 4/4
    "football-transfer-ban": {
        "recall": 4,
        "single_source": 10,
        "quotes": 24,
        "speakers": 23,
        "entities": 18,
        "traps": 0,
        "precision": 1.0,
    },
}


def test_every_gold_story_has_pinned_minimums():
    assert set(STORIES) == set(PINNED), "pin the current scores of a new gold story here"
    for name, (folder, gold) in STORIES.items():
        assert folder.is_dir() and gold.is_file(), name


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PINNED))
def test_quality_gate(name, story_report, score):
    s = score(story_report(name), gold_of(name))
    pins = PINNED[name]
    tp, strong = s["precision"]
    precision = tp / strong if strong else 1.0
    print(
        f"{name}: recall {s['recall']} traps {s['traps']} precision {precision:.2f} {s['precision']} "
        f"single {s['single_source']} quotes {s['quotes']} speakers {s['speakers']} entities {s['entities']}"
    )
    problems = []
    for key in ("recall", "single_source", "quotes", "speakers", "entities"):
        if s[key][0] < pins[key]:
            problems.append(f"{key} {s[key][0]}/{s[key][1]} < {pins[key]}")
    if name == "seeds" and s["recall"][0] < s["recall"][1]:
        problems.append(f"recall {s['recall']}: every seeds contradiction must be found")
    if s["traps"][0] > pins["traps"]:
        problems.append(f"traps flagged {s['traps_flagged']}")
    if precision < pins["precision"]:
        problems.append(f"precision {precision:.2f} < {pins['precision']} (unmatched: {s['false_positive_topics']})")
    assert not problems, (
        f"{name}: " + "; ".join(problems) + f" | missed {s['missed']} | entities missed {s['entities_missed']}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PINNED))
def test_each_gold_story_comes_out_as_one_story(name, story_report):
    """Grouping into stories is on by default: a folder that holds one story must stay one story
    (football-transfer-ban's follow-up, seven weeks on, included: ``stories.attach_follow_ups``)."""
    report = story_report(name)
    analyzed = sorted(a["id"] for a in report["articles"] if a["status"] == "analyzed")
    stories = report["stories"]
    assert len(stories) == 1, [s["articles"] for s in stories]
    assert sorted(stories[0]["articles"]) == analyzed
