"""The sample report the renderer tests use conforms to the JSON report format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from report_sample import TEXTS, hostile_report, sample_report

SCHEMA = json.loads((Path(__file__).parents[1] / "storydiff" / "report_schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("build", [sample_report, hostile_report])
def test_sample_conforms_to_the_schema(build):
    jsonschema.validate(build(), SCHEMA)


def test_sample_offsets_point_at_their_text():
    data = sample_report()
    texts = {a["id"]: a["text"] for a in data["articles"]}
    spans = [*data["quotes"], *data["claims"]]
    spans += [ev for f in data["findings"] for p in f["positions"] for ev in p["evidence"]]
    for s in spans:
        assert texts[s["article"]][s["start"] : s["end"]] == s["text"]
    for f in data["findings"]:
        for p in f["positions"]:
            for ev in p["evidence"]:
                if ev["highlight"]:
                    lo, hi = ev["highlight"]
                    assert ev["start"] <= lo < hi <= ev["end"]
    assert set(TEXTS) <= set(texts)
