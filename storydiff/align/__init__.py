"""Alignment by meaning: which statements in two articles are about the same event.

A small logistic model scores a pair of statements from features that carry no topic words:
the cosine of their value-masked texts (MiniLM), the overlap of their content lemmas and of
their named things, whether they share a predicate, whether both lead their articles. It is
trained on the cross-document event coreference of ECB+ (``train.py``, beside this file), whose
look-alike events in one topic are the hard negatives, and evaluated with whole topics held out.
Its coefficients are ``model.json``: plain numbers, no torch at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

FEATURES = (
    "cosine",
    "lemma_jaccard",
    "shared_names",
    "name_jaccard",
    "same_predicate",
    "both_lead",
    "same_value_role",
    "same_clause_verb",
    "bias",
)
SPEECH = frozenset({"say", "tell", "add", "state", "announce", "report", "claim", "write", "note", "be", "have"})


@dataclass
class StatementView:
    """What alignment needs of a statement: its vector, lemmas, named things, predicate, position."""

    vector: Any  # normalised numpy vector of the masked text, or None
    lemmas: frozenset[str]
    names: frozenset[str]  # canonical keys of the people, organisations and places it names
    predicate: str
    sentence: int
    value_roles: frozenset[str] = frozenset()  # "count:paper", "date:strike": a value's kind and what it is about
    clause_verbs: frozenset[str] = frozenset()  # the verbs of its clauses ("appeal", "chair")


def view(statement: Any, vector: Any, names: frozenset[str]) -> StatementView:
    """The alignment view of a ``model.Statement``."""
    return StatementView(
        vector,
        frozenset(statement.lemmas),
        names,
        statement.predicate,
        statement.sentence,
        frozenset(
            f"{v.kind}:{v.about}" for v in statement.values if v.about and v.kind not in {"org", "person", "place"}
        ),
        frozenset(v for c in statement.clauses if (v := c[1].split(":")[0]) not in SPEECH),  # "file:done-to": file
    )


def features(a: StatementView, b: StatementView) -> list[float]:
    cos = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0
    lj = len(a.lemmas & b.lemmas) / len(a.lemmas | b.lemmas) if a.lemmas | b.lemmas else 0.0
    shared = len(a.names & b.names)
    nj = shared / len(a.names | b.names) if a.names | b.names else 0.0
    return [
        cos,
        lj,
        min(shared, 3) / 3,
        nj,
        1.0 if a.predicate and a.predicate == b.predicate else 0.0,
        1.0 if a.sentence < 3 and b.sentence < 3 else 0.0,
        1.0 if a.value_roles & b.value_roles else 0.0,
        1.0 if a.clause_verbs & b.clause_verbs else 0.0,
        1.0,
    ]


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    return json.loads(resources.files("storydiff.align").joinpath("model.json").read_text("utf-8"))


def threshold(vectors: bool = True) -> float:
    """The trained decision threshold (best F0.5 on held-out topics), with or without embeddings."""
    return float(model()["threshold" if vectors else "threshold_no_vectors"])


def score(a: StatementView, b: StatementView) -> float:
    """Probability that the two statements are about the same event (calibrated on ECB+)."""
    w = model()["weights"] if a.vector is not None and b.vector is not None else model()["weights_no_vectors"]
    z = sum(w[name] * x for name, x in zip(FEATURES, features(a, b), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def pairer() -> tuple[list[float], float] | None:
    """The learned pair model (weights, threshold; ``train_pairer.py``), or None where it is not shipped."""
    path = resources.files("storydiff.align").joinpath("pairer.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    return [float(w) for w in data["weights"]], float(data["threshold"])
