"""Train and evaluate the pair model: which conflicting values that the rules do not pair answer the same
question all the same ("about 210,000 households were cut off" / "left about 120,000 customers without power";
"a 24-hour strike" / "will walk out for 48 hours") and which only look alike (two events, two moments, two
things counted).

    python -m storydiff.align.train_pairer [--out storydiff/align/pairer.json]

A row is a conflicting pair of values of two aligned statements that the rules of ``compare.aligned`` do not
pair, with the features of ``compare.aligned.pair_features``: the aligner's probability, how alike the counted
nouns and the verbs are, the MiniLM cosine of the words around the two values, whether each is the other's
closest value of its kind between the two articles, how far apart the two values lie, roles, the kind. Labels
come from the gold stories: the examples, ``../shared/corpus/seeds`` and the blind clusters already scored
(``benchmarks/blind/dev`` and ``sealed`` to ``sealed6``; the newest sealed set is never read here). A pair is
positive when its two values match two sides of one gold contradiction or acceptable discrepancy, negative
otherwise. Real coverage adds negatives: ECB+ sub-topics from ``--ecb-from`` on, where every pair is counted as
two questions, at half weight (the first sub-topics and BASIL are kept for measuring).

A logistic regression (numpy, as ``train.py``) is evaluated by five-fold cross-validation holding out whole
stories. The threshold is the one with the best F0.5 on the held-out rows, as the aligner's (a false alarm costs
more than a miss); the pairs it accepts are reported as low findings (a pair only the model makes is worth a
look, not a flag). The held-out figures and the weights fitted
on all rows are written into ``pairer.json``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from ..compare.aligned import PAIR_FEATURES, PairRow, aligned_findings, canonical_key, shown_value
from ..compare.corroboration import Sources
from ..model import Article
from .train import at_threshold, auc, best_threshold, held_out

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BLIND_SPLITS = ("dev", "sealed", "sealed2", "sealed3", "sealed4", "sealed5", "sealed6")


def log_pairs(articles: list[Article]) -> list[PairRow]:
    """The conflicting value pairs of one story that the rules do not pair, with their features."""
    from ..pipeline import Settings, extract, parse, resolve

    settings = Settings(embeddings=True)
    arts = extract(articles, parse(articles, settings), settings)
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


def label(row: PairRow, items: list[dict]) -> float:
    """1 when the pair's two values match two sides of one gold contradiction or acceptable discrepancy."""
    ta, tb = shown_value(row.va), shown_value(row.vb)
    for item in items:
        sides = item.get("sides", [])
        for i, si in enumerate(sides):
            for j, sj in enumerate(sides):
                if (
                    i != j
                    and row.a.article in si["articles"]
                    and row.b.article in sj["articles"]
                    and re.search(si["match"], ta, re.I)
                    and re.search(sj["match"], tb, re.I)
                ):
                    return 1.0
    return 0.0


def gold_folders() -> list[Path]:
    folders = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    folders += [ROOT.parent / "shared" / "corpus" / "seeds"]
    for split in BLIND_SPLITS:
        folders += sorted(p for p in (ROOT / "benchmarks" / "blind" / split).iterdir() if p.is_dir())
    return [f for f in folders if f.with_suffix(".gold.json").is_file()]


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression with row weights (Newton's method), the bias not penalised."""
    beta = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ beta)))
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, x.T @ (w * (p - y)) + reg @ beta)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def real_coverage(start: int) -> list[tuple[str, list[Article]]]:
    """ECB+ sub-topics from ``start`` on (each one real event, at most six articles): real outlets rarely
    contradict each other, so every pair the model could make there is a negative (weighted half: a few may be
    real). The first sub-topics and every BASIL triplet are kept for measuring and never read here."""
    import sys

    sys.path.insert(0, str(ROOT))
    from benchmarks import corpora

    groups: dict[str, list[Article]] = {}
    for d in corpora.read_ecbplus():
        groups.setdefault(d.story, []).append(d.article)
    return [(f"ecb-{s}", arts[:6]) for s, arts in list(groups.items())[start:]]


def train(ecb_from: int) -> dict:
    from ..ingest import read_paths

    xs, ys, ws, groups = [], [], [], []
    for folder in gold_folders():
        gold = json.loads(folder.with_suffix(".gold.json").read_text("utf-8"))
        items = gold.get("contradictions", []) + gold.get("acceptable", [])
        rows = log_pairs(read_paths([folder]))
        labels = [label(r, items) for r in rows]
        xs += [r.features for r in rows]
        ys += labels
        ws += [1.0] * len(rows)
        groups += [folder.name] * len(rows)
        print(f"{folder.name}: {len(rows)} pairs, {int(sum(labels))} real", flush=True)
    for name, articles in real_coverage(ecb_from):
        rows = log_pairs(articles)
        xs += [r.features for r in rows]
        ys += [0.0] * len(rows)
        ws += [0.5] * len(rows)
        groups += [name] * len(rows)
        print(f"{name}: {len(rows)} pairs (real coverage, negatives)", flush=True)
    x, y, w = np.array(xs), np.array(ys), np.array(ws)
    stories = sorted(set(groups))
    held, fold_of, betas = held_out(x, y, w, groups, fit)
    per_fold = [[round(float(b), 4) for b in beta] for beta in betas]
    threshold = best_threshold(y, held)
    p, r = at_threshold(y, held, threshold)
    beta = fit(x, y, w)
    return {
        "features": list(PAIR_FEATURES),
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
            "held_out": {
                f"{t:.2f}": [round(v, 3) for v in at_threshold(y, held, t)] for t in (0.2, 0.3, 0.4, 0.5, 0.6)
            },
            # each story's fold and the weights fitted without that fold: benchmarks can score a story with the
            # model that never saw it
            "folds": {"of_story": fold_of, "weights": per_fold},
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "pairer.json")
    ap.add_argument(
        "--ecb-from", type=int, default=20, help="ECB+ sub-topics from this one on (the first are measured)"
    )
    args = ap.parse_args(argv)
    out = train(args.ecb_from)
    print(json.dumps(out["evaluation"]), "threshold", out["threshold"])
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
