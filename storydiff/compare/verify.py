"""A learned second look at each contradiction: do its two sides state one fact, or two facts that only look
alike (a part and the whole, two players' figures, the day of the hearing and the day of the crime)?

Most false alarms on real coverage are of that second sort ("different things"): the rules paired two values
because their sentences look alike, and no rule can list every way two facts differ. This module scores a high or
medium contradiction between two values from features that carry no topic words, read off the finding's evidence
and the statements behind it. The shipped model uses six (``verifier.json`` names them):

- how alike the two sides' best pair of sentences is (MiniLM cosine of the value-masked texts, content lemmas);
- the named things only one of the two sentences names;
- how many tenfolds two figures lie apart;
- how many of the involved articles themselves state both values (an outlet that gives both gives two facts);
- how far down their articles the two sentences stand (background sits low).

``features`` computes more (shared names, the same counted thing or verb, other dates, support, kind, the
detector's confidence) so that training can measure them; they did not help on findings held out.

A logistic model (``align/train_verifier.py``, beside its data) is trained on the findings of the blind clusters
(a finding that matches a gold contradiction is one fact), on hand-judged findings on real ECB+ coverage and on
counterfactual edits of that coverage, evaluated with whole stories held out. A finding it scores under its
threshold stays in the report at low severity, with the reason in its explanation: worth a look, not a flag.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import AnalyzedArticle, Finding, Statement, Value

FEATURES = (
    "cosine",
    "lemma_jaccard",
    "unshared_names",
    "shared_names",
    "same_about",
    "same_verb",
    "ratio",
    "other_dates_differ",
    "both_stated",
    "depth",
    "support",
    "number",
    "date",
    "confidence",
    "bias",
)
NAMED = {"person", "org", "place"}
NUMERIC = {"count", "percent", "amount", "quantity", "duration"}
DATED = {"date", "time"}


@lru_cache(maxsize=1)
def model() -> dict[str, Any] | None:
    """The trained verifier (the features it uses, their weights, the threshold), or None where it is not
    shipped."""
    path = resources.files("storydiff.align").joinpath("verifier.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


def held_out_model(story: str) -> dict[str, Any] | None:
    """The verifier fitted without ``story``'s fold (for benchmarks that score the stories it was trained on), or
    None where it never saw the story."""
    shipped = model()
    if shipped is None:
        return None
    fold = shipped["evaluation"]["folds"]["of_story"].get(story)
    if fold is None:
        return None
    held = dict(shipped)
    for name in ("", "_no_vectors"):
        held["weights" + name] = shipped["evaluation" + name]["folds"]["weights"][fold]
    return held


class Story:
    """What the verifier reads of a story: each article's statements, by the offsets of their values."""

    def __init__(self, arts: list[AnalyzedArticle]) -> None:
        self.arts = {aa.article.id: aa for aa in arts}
        self.values: dict[str, set[str]] = {}  # article -> the norms and texts of every value it states
        for aa in arts:
            seen: set[str] = set()
            for st in aa.statements:
                for v in st.values:
                    seen |= _forms(v)
            self.values[aa.article.id] = seen

    def value_at(self, article: str, start: int, end: int) -> tuple[Statement, Value] | None:
        """The statement and the value that a finding's highlight marks, or None where it marks no value (a
        clause, as polarity findings do)."""
        aa = self.arts.get(article)
        if aa is None:
            return None
        for st in aa.statements:
            if st.start <= start < st.end:
                for v in st.values:
                    overlap = min(v.end, end) - max(v.start, start)
                    if overlap > 0 and overlap >= 0.5 * max(v.end - v.start, end - start):
                        return st, v
                return None
        return None


def _forms(v: Value) -> set[str]:
    forms = {f"{v.kind}:{_plain(v.text)}"}
    if v.norm is not None and str(v.norm).strip():
        forms.add(f"{v.kind}:{v.norm}")
    return forms


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w.%$£€]+", " ", text.casefold()).split())


def _names(st: Statement, skip: Value) -> set[str]:
    return {
        _plain(str(v.norm) if v.kind == "place" and v.norm else v.text)
        for v in st.values
        if v.kind in NAMED and (v.start, v.end) != (skip.start, skip.end)
    }


def _other_dates(st: Statement, skip: Value) -> set[str]:
    return {
        str(v.norm or _plain(v.text))
        for v in st.values
        if v.kind == "date" and (v.start, v.end) != (skip.start, skip.end)
    }


def features(f: Finding, story: Story, embed: Callable[[list[str]], Any] | None) -> list[float] | None:
    """The features of a contradiction's two leading sides, or None where their evidence marks no values (the
    verifier judges two values; a clause's polarity is not its business)."""
    if len(f.positions) < 2:
        return None
    sides = []
    for p in f.positions[:2]:
        found = []
        for e in p.evidence:
            at = story.value_at(e.article, *(e.highlight or (e.start, e.end)))
            if at is not None:
                found.append((e.article, *at))
        if not found:
            return None
        sides.append(found)
    masked = {st.masked: None for side in sides for _, st, _ in side}
    vectors = dict(zip(masked, embed(list(masked)), strict=True)) if embed else {}
    best: tuple[tuple[float, float], Any, Any] | None = None
    for a in sides[0]:
        for b in sides[1]:
            if a[0] == b[0]:
                continue
            cos = float(vectors[a[1].masked] @ vectors[b[1].masked]) if vectors else 0.0
            lemmas_a, lemmas_b = set(a[1].lemmas), set(b[1].lemmas)
            lj = len(lemmas_a & lemmas_b) / len(lemmas_a | lemmas_b) if lemmas_a | lemmas_b else 0.0
            if best is None or (cos, lj) > best[0]:
                best = ((cos, lj), a, b)
    if best is None:
        return None
    (cos, lj), (art_a, st_a, v_a), (art_b, st_b, v_b) = best
    names_a, names_b = _names(st_a, v_a), _names(st_b, v_b)
    dates_a, dates_b = _other_dates(st_a, v_a), _other_dates(st_b, v_b)
    kind = v_a.kind
    forms = [
        set().union(*(_forms(v) for _, _, v in side)) for side in sides
    ]  # each side's value as its articles write it
    involved = {a for p in f.positions[:2] for a in p.articles}
    both = sum(1 for a in story.values if forms[0] & story.values[a] and forms[1] & story.values[a])
    depth = max(st.start / max(len(story.arts[art].article.text), 1) for art, st in ((art_a, st_a), (art_b, st_b)))
    return [
        cos,
        lj,
        min(len(names_a ^ names_b), 3) / 3,
        min(len(names_a & names_b), 3) / 3,
        1.0 if v_a.about and v_a.about == v_b.about else 0.0,
        1.0 if v_a.verb and v_a.verb == v_b.verb else 0.0,
        _ratio(v_a, v_b),
        1.0 if dates_a and dates_b and not dates_a & dates_b else 0.0,
        min(both / max(len(involved), 1), 1.0),
        depth,
        1.0 if min(len(p.articles) for p in f.positions[:2]) >= 2 else 0.0,
        1.0 if kind in NUMERIC else 0.0,
        1.0 if kind in DATED else 0.0,
        f.confidence,
        1.0,
    ]


def _ratio(a: Value, b: Value) -> float:
    """How many tenfolds apart two figures are (at most 2): 5 and 8 are close, 63 and 716 a different thing."""
    x, y = _figure(a), _figure(b)
    if x is None or y is None or not (0 < x < math.inf and 0 < y < math.inf):
        return 0.0  # no figure, or an open range ("more than 40")
    return min(abs(math.log10(x / y)), 2.0) / 2


def _figure(v: Value) -> float | None:
    """A count's or an amount's middle ([low, high, ...] as the statements hold them), else None."""
    if v.kind not in NUMERIC:
        return None
    norm = v.norm
    if isinstance(norm, (list, tuple)) and len(norm) >= 2 and all(isinstance(n, (int, float)) for n in norm[:2]):
        return (abs(norm[0]) + abs(norm[1])) / 2
    if isinstance(norm, (int, float)):
        return abs(float(norm))
    return None


def probability(x: list[float], weights: list[float], used: list[str] | None = None) -> float:
    """The probability that the finding's sides state one fact: ``weights`` over the features ``used`` (all of
    ``FEATURES`` where None)."""
    if used is not None:
        named = dict(zip(FEATURES, x, strict=True))
        x = [named[name] for name in used]
    z = sum(w * v for w, v in zip(weights, x, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def check(
    findings: list[Finding],
    arts: list[AnalyzedArticle],
    embed: Callable[[list[str]], Any] | None,
    weights: list[float] | None = None,
    threshold: float | None = None,
    log: list[tuple[Finding, list[float]]] | None = None,
) -> None:
    """Lower to low severity each high or medium contradiction whose sides look like two facts (in place).

    ``weights``/``threshold``: over every feature of ``FEATURES``, instead of the shipped model's (over the
    features it uses). ``log``: where training collects each finding with its features (nothing is changed then)."""
    used: list[str] | None = None
    if log is None and weights is None:
        m = model()
        if m is None:
            return
        weights, used = m["weights" if embed else "weights_no_vectors"], m["features"]
        threshold = m["threshold" if embed else "threshold_no_vectors"] if threshold is None else threshold
    flags = [f for f in findings if f.kind == "contradiction" and f.severity != "low"]
    if not flags:
        return
    story = Story(arts)
    for f in flags:
        x = features(f, story, embed)
        if x is None:
            continue
        if log is not None:
            log.append((f, x))
            continue
        assert weights is not None and threshold is not None
        if probability(x, weights, used) < threshold:
            f.severity = "low"
            f.confidence = round(f.confidence * 0.5, 2)
            f.explanation += f" The two sides may be two different facts: {reason(x, weights, used)}."


# what each feature says when it pulls a finding toward two facts
REASONS = {
    "cosine": "the two sentences say little alike",
    "lemma_jaccard": "the two sentences share few words",
    "unshared_names": "the two sentences name different people, organisations or places",
    "shared_names": "the two sentences name nothing in common",
    "ratio": "the figures lie tenfold or more apart, as a part and a whole do",
    "both_stated": "an outlet that gives one value gives the other too",
    "depth": "a side stands low in its article, where background goes",
}


def reason(x: list[float], weights: list[float], used: list[str] | None = None, typical: dict | None = None) -> str:
    """The feature that pulls hardest toward two facts, in words: the one whose value, against its mean over the
    one-fact findings of training (``typical``; ``verifier.json`` keeps them), lowers the score most."""
    names = list(used) if used is not None else list(FEATURES)
    named = dict(zip(FEATURES, x, strict=True))
    typical = typical if typical is not None else (model() or {}).get("one_fact_means", {})
    pulls = {n: w * (typical.get(n, 0.5) - named[n]) for n, w in zip(names, weights, strict=True) if n in REASONS}
    best = max(pulls, key=lambda n: pulls[n], default=None)
    return REASONS[best] if best is not None and pulls[best] > 0 else REASONS["cosine"]
