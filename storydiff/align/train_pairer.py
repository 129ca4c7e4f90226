"""Train and evaluate the value-pair model: which conflicting values of two aligned statements answer the
same question (a contradiction) and which only look alike (two events, two moments, two people).

    python -m storydiff.align.train_pairer [--out storydiff/align/pairer.json] [--ecb-from 20]

Every candidate pair of values whose detector says "cannot both be true" is a training row, with the
features of ``compare.aligned.pair_features`` (the aligner's probability, how alike the counted nouns
and the verbs are, roles, tense, dates, background, actors, the kind). Labels come from text the
project may learn from:

* the gold stories (``examples/``, ``../shared/corpus/seeds``, ``benchmarks/blind/dev``): a pair is
  positive when its two values match two sides of one gold contradiction or acceptable discrepancy,
  negative otherwise (a trap flagged is the clearest negative);
* real coverage: ECB+ sub-topics from ``--ecb-from`` on (the first 20 are kept for measuring, as are BASIL
  triplets, which are not read here): every conflicting pair of the unedited story is a negative (real
  outlets rarely contradict each other; the judged sample says about one in five such findings is real, so
  these rows weigh half), and counterfactual edits (``benchmarks/counterfactual.py``: a number, an amount,
  a date, a place, a person or an organisation changed in one sentence) give positives: the edited value
  against the other outlet's.

A logistic regression (numpy, as ``train.py``) is evaluated by cross-validation holding out whole
stories; the threshold with the best F0.5 on the held-out rows and the held-out figures are written
into ``pairer.json`` with the weights fitted on all rows, once with embeddings and once without.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..compare.aligned import PAIR_FEATURES, PairRow, aligned_findings, canonical_key, shown_value
from ..compare.corroboration import Sources
from ..model import Article
from .train import at_threshold, auc, best_threshold

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def log_pairs(articles: list[Article], embeddings: bool, docs: dict | None = None) -> list[PairRow]:
    """Every candidate value pair storydiff considers in one story."""
    from ..pipeline import Settings, extract, parse, resolve

    settings = Settings(embeddings=embeddings)
    arts = extract(articles, parse(articles, settings, docs), settings)
    entities = resolve(arts)
    log: list[PairRow] = []
    aligned_findings(
        arts,
        entities,
        canonical_key(entities),
        Sources(arts).independent,
        {aa.article.id: aa.article.text for aa in arts},
        {aa.article.id: aa.article.outlet for aa in arts},
        {aa.article.id: aa.article.published for aa in arts},
        pair_log=log,
    )
    return log


def gold_rows(folder: Path, embeddings: bool) -> tuple[list[list[float]], list[float]]:
    """Rows of one gold story, labelled by its gold file."""
    from ..ingest import read_paths

    gold = json.loads(folder.with_suffix(".gold.json").read_text("utf-8"))
    items = [(c, True) for c in gold.get("contradictions", []) + gold.get("acceptable", [])]
    items += [(t, False) for t in gold.get("traps", [])]
    rows, labels = [], []
    for row in log_pairs(read_paths([folder]), embeddings):
        if row.verdict is not False:
            continue
        label = 0.0
        ta, tb = shown_value(row.va), shown_value(row.vb)
        for item, real in items:
            sides = item.get("sides", [])
            for i, si in enumerate(sides):
                for j, sj in enumerate(sides):
                    if i == j:
                        continue
                    if (
                        row.a.article in si["articles"]
                        and row.b.article in sj["articles"]
                        and re.search(si["match"], ta, re.I)
                        and re.search(sj["match"], tb, re.I)
                    ):
                        label = 1.0 if real else 0.0
        rows.append(row.features)
        labels.append(label)
    return rows, labels


def ecb_rows(start: int, embeddings: bool) -> Iterable[tuple[str, list[list[float]], list[float], list[float]]]:
    """(story, rows, labels, weights) of the ECB+ stories from ``start`` on: the unedited story's conflicts
    as negatives and the counterfactual edits' conflicts as positives."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import counterfactual as cf

    stories = cf.load_stories(0, 200)[start:]
    kinds = ("number", "money", "date", "place", "person", "organisation")
    for ctx in cf.contexts(stories):
        story = ctx.story
        docs: dict = {}
        rows, labels, weights = [], [], []
        for row in log_pairs(story.articles, embeddings, docs):
            if row.verdict is False:
                rows.append(row.features)
                labels.append(0.0)
                weights.append(0.5)
        for kind in kinds:
            for edit in cf.choose_edits(ctx, kind, seed=1):
                arts = [replace(a, text=edit.apply(a.text)) if a.id == edit.article else a for a in story.articles]
                for row in log_pairs(arts, embeddings, docs):
                    if row.verdict is not False:
                        continue
                    ends = {(row.a.article, row.va.start, row.va.end), (row.b.article, row.vb.start, row.vb.end)}
                    hit_edit = any(art == edit.article and s < edit.end and edit.start < e for art, s, e in ends)
                    hit_other = any(art in {edit.other, *edit.also} for art, _, _ in ends)
                    if hit_edit and hit_other:
                        rows.append(row.features)
                        labels.append(1.0)
                        weights.append(1.0)
        yield story.id, rows, labels, weights


def weighted_fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression with row weights (Newton's method)."""
    beta = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + reg @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def train(embeddings: bool, ecb_from: int, ecb_limit: int | None) -> dict:
    xs, ys, ws, groups = [], [], [], []
    folders = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    folders += [ROOT.parent / "shared" / "corpus" / "seeds"]
    folders += sorted(p for p in (ROOT / "benchmarks" / "blind" / "dev").iterdir() if p.is_dir())
    for folder in folders:
        rows, labels = gold_rows(folder, embeddings)
        xs += rows
        ys += labels
        ws += [1.0] * len(rows)
        groups += [folder.name] * len(rows)
        print(f"{folder.name}: {len(rows)} conflicting pairs, {int(sum(labels))} real", flush=True)
    n = 0
    for story, rows, labels, weights in ecb_rows(ecb_from, embeddings):
        xs += rows
        ys += labels
        ws += weights
        groups += [story] * len(rows)
        print(f"{story}: {len(rows)} conflicting pairs, {int(sum(labels))} from edits", flush=True)
        n += 1
        if ecb_limit and n >= ecb_limit:
            break
    x, y, w = np.array(xs), np.array(ys), np.array(ws)
    stories = sorted(set(groups))
    fold_of = {s: i % 5 for i, s in enumerate(stories)}
    fold = np.array([fold_of[s] for s in groups])
    held = np.zeros(len(y))
    for k in range(5):
        beta = weighted_fit(x[fold != k], y[fold != k], w[fold != k])
        held[fold == k] = 1 / (1 + np.exp(-(x[fold == k] @ beta)))
    threshold = best_threshold(y, held)
    p, r = at_threshold(y, held, threshold)
    rule = x[:, PAIR_FEATURES.index("rule")]
    rp, rr = at_threshold(y, rule, 0.5)
    beta = weighted_fit(x, y, w)
    return {
        "weights": [round(float(b), 4) for b in beta],
        "threshold": round(threshold, 2),
        "evaluation": {
            "method": "5-fold cross-validation holding out whole stories",
            "rows": int(len(y)),
            "positives": int(y.sum()),
            "stories": len(stories),
            "auc": round(auc(y, held), 3),
            "precision_at_threshold": round(p, 3),
            "recall_at_threshold": round(r, 3),
            "rules_precision": round(rp, 3),
            "rules_recall": round(rr, 3),
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "pairer.json")
    ap.add_argument("--ecb-from", type=int, default=20, help="ECB+ stories from this index on (the first are measured)")
    ap.add_argument("--ecb-limit", type=int, default=None, help="at most this many ECB+ stories (a quick check)")
    ap.add_argument("--no-vectors", action="store_true", help="only the model without embeddings")
    args = ap.parse_args(argv)
    out: dict = {"features": list(PAIR_FEATURES)}
    if args.out.exists():
        out.update(json.loads(args.out.read_text("utf-8")))
    for vectors in [False] if args.no_vectors else [True, False]:
        key = "with_vectors" if vectors else "without_vectors"
        out[key] = train(vectors, args.ecb_from, args.ecb_limit)
        print(key, json.dumps(out[key]["evaluation"]), "threshold", out[key]["threshold"])
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
