"""Quality gate (in the manner of trafilatura's eval gate): scores on the gold stories may not drop.

Each story is analyzed by the CLI (embeddings on) and scored with ../shared/tools/score_report.py.
The minimums are pinned at the scores measured when the gate was written (the reference corpus at
its brief's targets); raise them when the product improves, never lower them to let a change in.
"""

from __future__ import annotations

import pytest
from conftest import STORIES, gold_of

# story -> minimum hits for each count; precision is a floor on the share
PINNED = {
    "seeds": {
        "recall": 3,
        "single_source": 8,
        "quotes": 20,
        "speakers": 19,
        "entities": 31,
        "traps": 0,
        "precision": 0.8,
    },
    # measured 2026-11-23: recall 4/4 traps 0/11 precision 1.00 (4/4) single 9/9 quotes 32/32 speakers 30/32 entities 25/27
    "harbour-fire": {
        "recall": 4,
        "single_source": 9,
        "quotes": 32,
        "speakers": 32,
        "entities": 25,
        "traps": 0,
        "precision": 0.9,
    },
    # measured: recall 3/3 traps 0/10 precision 1.00 (3/3) single 9/10 quotes 24/24 speakers 23/24 entities 19/21
    "doping-appeal": {
        "recall": 3,
        "single_source": 9,
        "quotes": 24,
        "speakers": 23,
        "entities": 19,
        "traps": 0,
        "precision": 0.9,
    },
    # measured: recall 4/4 traps 0/10 precision 1.00 (4/4) single 9/10 quotes 18/18 speakers 18/18 entities 24/25
    "clinic-breach": {
        "recall": 4,
        "single_source": 9,
        "quotes": 18,
        "speakers": 18,
        "entities": 24,
        "traps": 0,
        "precision": 0.9,
    },
    # written blind to the code (a held-out check), then used for development; measured:
    # recall 4/4 traps 0/16 precision 1.00 (4/4) single 10/11 quotes 26/26 speakers 25/26 entities 20/23
    "port-takeover": {
        "recall": 4,
        "single_source": 10,
        "quotes": 26,
        "speakers": 25,
        "entities": 20,
        "traps": 0,
        "precision": 0.9,
    },
    # measured: recall 4/4 traps 0/13 precision 1.00 (4/4) single 8/10 quotes 30/30 speakers 29/30 entities 23/25
    "river-flood": {
        "recall": 4,
        "single_source": 8,
        "quotes": 30,
        "speakers": 29,
        "entities": 23,
        "traps": 0,
        "precision": 0.9,
    },
    # written blind by a separate author who never saw the code; first run: recall 0/4 (rail) and 1/4 (drug)
    # with 1 trap flagged; then used for development. Measured: recall 4/4 traps 0/10 precision 1.00 (4/4)
    # single 8/10 quotes 41/42 speakers 40/42 entities 37/38
    "rail-derailment": {
        "recall": 4,
        "single_source": 8,
        "quotes": 41,
        "speakers": 40,
        "entities": 37,
        "traps": 0,
        "precision": 0.9,
    },
    # measured: recall 4/4 traps 0/10 precision 1.00 (4/4) single 10/10 quotes 37/37 speakers 36/37 entities 31/34
    "drug-recall": {
        "recall": 4,
        "single_source": 10,
        "quotes": 37,
        "speakers": 36,
        "entities": 31,
        "traps": 0,
        "precision": 0.9,
    },
    # a second blind pair (another author, after the first pair's fixes); first run: recall 2/4 and 2/4, one
    # trap flagged. Measured after the fixes: recall 4/4 traps 0/10 precision 1.00 (4/4) single 8/10
    # quotes 21/21 speakers 20/21 entities 19/22
    "wildfire-evacuation": {
        "recall": 4,
        "single_source": 8,
        "quotes": 21,
        "speakers": 20,
        "entities": 19,
        "traps": 0,
        "precision": 0.9,
    },
    # measured: recall 3/4 traps 0/10 precision 1.00 (3/3) single 9/10 quotes 22/22 speakers 22/22 entities 25/27
    # (K3, a denial worded as "said ... no customer conversations had been exposed", is still missed)
    "ai-model-leak": {
        "recall": 3,
        "single_source": 9,
        "quotes": 22,
        "speakers": 22,
        "entities": 25,
        "traps": 0,
        "precision": 0.9,
    },
    # a third blind pair (a third author, after the second pair's fixes); first run: recall 2/4 and 2/4, no
    # trap, precision 1.00. Measured after the fixes: recall 4/4 traps 0/10 precision 1.00 (4/4) single 8/10
    # quotes 30/31 speakers 28/31 entities 20/23
    "aviation-landing": {
        "recall": 4,
        "single_source": 8,
        "quotes": 30,
        "speakers": 28,
        "entities": 20,
        "traps": 0,
        "precision": 0.9,
    },
    # measured: recall 4/4 traps 0/10 precision 1.00 (4/4) single 10/10 quotes 24/25 speakers 23/25 entities 18/19
    "football-transfer-ban": {
        "recall": 4,
        "single_source": 10,
        "quotes": 24,
        "speakers": 23,
        "entities": 18,
        "traps": 0,
        "precision": 0.9,
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
