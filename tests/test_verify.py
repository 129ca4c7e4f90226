"""The verifier: a learned second look at each high or medium contradiction (``compare.verify``)."""

from __future__ import annotations

import pytest

from storydiff.compare import verify
from storydiff.model import Article, Evidence, Finding, Position
from storydiff.pipeline import Settings, analyze, extract, parse

A = (
    "The navy said six rifles were seized from the boats on Tuesday. In five operations so far, the warship has "
    "seized 14 rifles and 923 rounds of ammunition, a spokesman said. The pirates were handed over to the police."
)
B = (
    "Officers said 14 rifles were seized from the boats on Tuesday, a navy spokesman said. The suspects were handed "
    "over to the police in Mumbai later in the week, officials said."
)


def _articles() -> list[Article]:
    return [Article(id="a", text=A, source="a", outlet="A"), Article(id="b", text=B, source="b", outlet="B")]


def _finding(arts: list[Article]) -> Finding:
    """six (a's first sentence) against 14 (b's first sentence), as a detector would write it."""

    def side(art: Article, value: str) -> Position:
        at = art.text.index(value)
        end = art.text.index(".", at) + 1
        start = art.text.rfind(". ", 0, at)
        start = 0 if start < 0 else start + 2
        return Position(value, [art.id], [Evidence(art.id, start, end, art.text[start:end], [at, at + len(value)])])

    return Finding(
        "", "contradiction", "number", "how many", "high", 0.8, "", [side(arts[0], "six"), side(arts[1], "14")]
    )


def test_the_verifier_ships_a_weight_for_every_feature():
    model = verify.model()
    assert model is not None, "align/verifier.json is missing: run python -m storydiff.align.train_verifier"
    assert set(model["features"]) <= set(verify.FEATURES) and model["features"][-1] == "bias"
    for name in ("", "_no_vectors"):
        assert len(model["weights" + name]) == len(model["features"])
        assert 0 < model["threshold" + name] < 1
        assert model["evaluation" + name]["rows"] > 100


def test_features_see_an_outlet_that_states_both_values():
    arts = _articles()
    settings = Settings(embeddings=False)
    analyzed = extract(arts, parse(arts, settings), settings)
    x = verify.features(_finding(arts), verify.Story(analyzed), None)
    assert x is not None
    named = dict(zip(verify.FEATURES, x, strict=True))
    assert named["both_stated"] == pytest.approx(0.5)  # a gives six and 14; b only 14
    assert named["number"] == 1.0
    assert named["ratio"] > 0


def test_check_lowers_what_it_scores_under_its_threshold_and_a_log_changes_nothing():
    arts = _articles()
    settings = Settings(embeddings=False)
    analyzed = extract(arts, parse(arts, settings), settings)
    logged: list = []
    f = _finding(arts)
    verify.check([f], analyzed, None, log=logged)
    assert f.severity == "high" and len(logged) == 1 and logged[0][0] is f
    keep = [0.0] * (len(verify.FEATURES) - 1) + [5.0]  # the bias alone: always one fact
    verify.check([f], analyzed, None, weights=keep, threshold=0.5)
    assert f.severity == "high"
    lower = [0.0] * (len(verify.FEATURES) - 1) + [-5.0]
    verify.check([f], analyzed, None, weights=lower, threshold=0.5)
    assert f.severity == "low" and "two different facts" in f.explanation


def test_the_reason_given_is_the_feature_that_stands_furthest_from_a_typical_one_fact_finding():
    used = ["cosine", "ratio", "both_stated", "bias"]
    weights = [1.0, -1.5, -1.8, 0.5]
    typical = {"cosine": 0.7, "ratio": 0.05, "both_stated": 0.1, "bias": 1.0}
    x = dict.fromkeys(verify.FEATURES, 0.0)
    x.update(cosine=0.7, ratio=0.1, both_stated=1.0, bias=1.0)
    row = [x[n] for n in verify.FEATURES]
    assert verify.reason(row, weights, used, typical) == verify.REASONS["both_stated"]
    x.update(cosine=0.1, both_stated=0.1)
    row = [x[n] for n in verify.FEATURES]
    assert verify.reason(row, weights, used, typical) == verify.REASONS["cosine"]
    assert set(verify.model()["one_fact_means"]) == set(verify.model()["features"])


def test_a_figure_changed_in_one_parallel_sentence_stays_a_flag():
    text = (
        "The quay collapsed on Monday morning, sending {n} cars into the harbour, the harbour master said. Divers "
        "worked through the night and the port was closed to traffic until further notice, officials said."
    )
    arts = [
        Article(id="a", text=text.format(n="five"), source="a", outlet="A"),
        Article(id="b", text=text.format(n="eight"), source="b", outlet="B"),
    ]
    report = analyze(arts, Settings())
    flags = [f for f in report.findings if f.kind == "contradiction" and f.severity in {"high", "medium"}]
    assert [sorted(p.value for p in f.positions) for f in flags] == [["eight", "five"]]


def test_cross_validation_holds_out_whole_stories():
    # three stories whose rows all say the same, each story with its own label: a row scored by weights fitted
    # on its own story would lean to its label; held out, it is scored by the other folds' weights only
    import numpy as np

    from storydiff.align.train import held_out
    from storydiff.align.train_pairer import fit

    groups = ["a"] * 4 + ["b"] * 4 + ["c"] * 4
    x = np.array([[1.0, 1.0]] * 12)
    y = np.array([1.0] * 4 + [0.0] * 8)
    held, fold_of, weights = held_out(x, y, np.ones(12), groups, fit, folds=3)
    assert fold_of == {"a": 0, "b": 1, "c": 2}
    for row, story in enumerate(groups):
        beta = weights[fold_of[story]]
        assert held[row] == pytest.approx(1 / (1 + np.exp(-(x[row] @ beta))))
    assert held[0] < 0.5  # story a (all 1) is scored by weights fitted on b and c (all 0)
    assert held[0] < held[4]  # b is scored by a and c (1 and 0), a by zeros only
