"""Train and evaluate the statement aligner on ECB+ cross-document event coreference.

    python -m storydiff.align.train [--evaldata ../shared/evaldata] [--out storydiff/align/model.json]

For every ECB+ topic (two look-alike real events, e.g. two different earthquakes), each
annotated sentence of each document becomes a statement, built by storydiff's own extraction
so that the features are exactly those seen at run time. A pair of statements from two
documents of one topic is positive when the sentences share an annotated event (an ACTION
mention in one cross-document coreference chain), negative otherwise: the other event of the
topic and the other events of the same story are the hard negatives.

A logistic regression (L2, fitted by Newton's method, numpy only) is evaluated by five-fold
cross-validation that holds out whole topics; the reported figures and the threshold chosen
on the held-out predictions (best F0.5: a false alarm costs more than a miss) are written into
``model.json`` with the weights fitted on all topics. Needs the ECB+ data (CC BY 3.0), never
copied into the project.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..model import Article
from . import FEATURES, features, view

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[2] / "shared" / "evaldata"


def read_ecb(data: Path) -> tuple[list[Article], dict[str, dict[int, set[str]]], dict[str, list[int]]]:
    """Documents as articles (one line a sentence), their gold events by sentence, and line offsets."""
    annotated: dict[str, set[int]] = defaultdict(set)
    with open(data / "ecbplus" / "ECBplus_coreference_sentences.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            annotated[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    sys.path.insert(0, str(HERE.parents[1]))
    from benchmarks.corpora import ecbplus_documents, ecbplus_lines  # the same text the benchmarks read

    arts, gold, offsets = [], {}, {}
    for topic, num, part, member, root in ecbplus_documents(data):
        sent_of = {tok.get("t_id"): int(tok.get("sentence", 0)) for tok in root.iter("token")}
        markable_sent = {}
        for mk in root.find("Markables") or []:
            if not mk.tag.startswith("ACTION") and not mk.tag.startswith("NEG"):
                continue
            anchors = [a.get("t_id") for a in mk.iter("token_anchor")]
            if anchors and anchors[0] in sent_of:
                markable_sent[mk.get("m_id")] = sent_of[anchors[0]]
        events: dict[int, set[str]] = defaultdict(set)
        for rel in root.iter("CROSS_DOC_COREF"):
            note = rel.get("note") or ""
            for src in rel.iter("source"):
                sent = markable_sent.get(src.get("m_id"))
                if sent is not None:
                    events[sent].add(note)
        doc_id = f"{topic}_{num}{part}"
        keys, lines = ecbplus_lines(root)
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        ann = annotated.get(doc_id, set())
        gold[doc_id] = {keys.index(k): events.get(k, set()) for k in keys if k in ann}
        offsets[doc_id] = starts
        arts.append(Article(id=doc_id, text="\n".join(lines), source=member, outlet=f"ecb{num}"))
    arts.sort(key=lambda a: (int(a.id.split("_")[0]), a.id))
    return arts, gold, offsets


def build_pairs(data: Path, limit_topics: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, labels and topic of every candidate pair."""
    from ..compare.aligned import canonical_key
    from ..extract.statements import build_statements
    from ..nlp.embed import embed
    from ..pipeline import Settings, parse, read_mentions, resolve, revise_mention_types

    arts, gold, offsets = read_ecb(data)
    topics = sorted({int(a.id.split("_")[0]) for a in arts})
    if limit_topics:
        topics = topics[:limit_topics]
    rows, labels, groups = [], [], []
    settings = Settings(embeddings=False)
    for topic in topics:
        t0 = time.perf_counter()
        tarts = [a for a in arts if int(a.id.split("_")[0]) == topic]
        docs = parse(tarts, settings)
        aas = [read_mentions(a, d) for a, d in zip(tarts, docs, strict=True)]
        revise_mention_types(aas)
        key_of = canonical_key(resolve(aas))
        items = []  # (doc, statement, events)
        for aa, doc in zip(aas, docs, strict=True):
            a = aa.article
            starts = offsets[a.id]
            sts = build_statements(doc, a.id, aa.mentions, [], None, a.text, every_sentence=True)
            for st in sts:
                line = max(0, int(np.searchsorted(starts, st.start, side="right")) - 1)
                if line not in gold[a.id] or not st.text.strip():
                    continue
                names = frozenset(
                    key_of(m.name)
                    for m in aa.mentions
                    if m.sentence == st.sentence and m.type not in {"DATE", "MONEY", "QUANTITY"}
                )
                items.append((a.id, st, gold[a.id][line], names))
        vecs = embed([st.masked for _, st, _, _ in items])
        views = [view(st, vecs[i], names) for i, (_, st, _, names) in enumerate(items)]
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if items[i][0] == items[j][0]:
                    continue
                rows.append(features(views[i], views[j]))
                labels.append(1.0 if items[i][2] & items[j][2] else 0.0)
                groups.append(topic)
        print(f"topic {topic}: {len(tarts)} docs, {len(items)} statements, {time.perf_counter() - t0:.1f}s", flush=True)
    return np.array(rows), np.array(labels), np.array(groups)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 25) -> np.ndarray:
    """Logistic regression by Newton's method (the bias column is in ``x``)."""
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def auc(y: np.ndarray, s: np.ndarray) -> float:
    order = np.argsort(s)
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def at_threshold(y: np.ndarray, s: np.ndarray, t: float) -> tuple[float, float]:
    pred = s >= t
    tp = float((pred & (y == 1)).sum())
    return tp / max(pred.sum(), 1), tp / max((y == 1).sum(), 1)


def f_half(precision: float, recall: float) -> float:
    """F0.5: precision weighs twice as much as recall (a false alarm costs a fact-checker more than a miss)."""
    return 1.25 * precision * recall / max(0.25 * precision + recall, 1e-9)


def best_threshold(y: np.ndarray, scores: np.ndarray) -> float:
    """The threshold with the best F0.5 on held-out scores."""
    return max((float(t) for t in np.arange(0.2, 0.95, 0.01)), key=lambda t: f_half(*at_threshold(y, scores, t)))


def held_out(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    groups: list[str],
    fitter: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    folds: int = 5,
) -> tuple[np.ndarray, dict[str, int], list[np.ndarray]]:
    """Cross-validation holding out whole stories (or topics): every row's score from the weights ``fitter`` fits
    (rows, labels, row weights) without its story's fold, each story's fold (stories in sorted order, dealt round),
    and each fold's weights."""
    stories = sorted(set(groups))
    fold_of = {s: i % folds for i, s in enumerate(stories)}
    fold = np.array([fold_of[s] for s in groups])
    held = np.zeros(len(y))
    per_fold = []
    for k in range(folds):
        beta = fitter(x[fold != k], y[fold != k], w[fold != k])
        held[fold == k] = 1 / (1 + np.exp(-(x[fold == k] @ beta)))
        per_fold.append(beta)
    return held, fold_of, per_fold


def cross_validate(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> np.ndarray:
    """Held-out scores for every pair, whole topics held out together."""
    return held_out(x, y, np.ones(len(y)), list(groups), lambda xs, ys, _: fit(xs, ys), folds)[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--evaldata", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=HERE / "model.json")
    ap.add_argument("--topics", type=int, default=None, help="only the first N topics (a quick check)")
    ap.add_argument("--pairs", type=Path, default=None, help="cache the pair features here (npz)")
    args = ap.parse_args(argv)
    if args.pairs and args.pairs.exists():
        z = np.load(args.pairs)
        x, y, groups = z["x"], z["y"], z["groups"]
    else:
        x, y, groups = build_pairs(args.evaldata, args.topics)
        if args.pairs:
            np.savez(args.pairs, x=x, y=y, groups=groups)
    held = cross_validate(x, y, groups)
    best = best_threshold(y, held)
    p, r = at_threshold(y, held, best)
    w = fit(x, y)
    # without embeddings (--no-embeddings): the same model with the cosine column left out
    x0 = x.copy()
    x0[:, 0] = 0.0
    held0 = cross_validate(x0, y, groups)
    best0 = best_threshold(y, held0)
    p0, r0 = at_threshold(y, held0, best0)
    w0 = fit(x0, y)
    out = {
        "trained_on": "ECB+ cross-document event coreference (all 43 topics), storydiff statements",
        "features": list(FEATURES),
        "weights": {name: round(float(v), 4) for name, v in zip(FEATURES, w, strict=True)},
        "threshold": round(best, 2),
        "weights_no_vectors": {name: round(float(v), 4) for name, v in zip(FEATURES, w0, strict=True)},
        "threshold_no_vectors": round(best0, 2),
        "evaluation": {
            "method": "5-fold cross-validation holding out whole topics",
            "pairs": int(len(y)),
            "positives": int(y.sum()),
            "auc": round(auc(y, held), 3),
            "precision_at_threshold": round(p, 3),
            "recall_at_threshold": round(r, 3),
            "baseline_cosine_auc": round(auc(y, x[:, 0]), 3),
            "no_vectors": {"auc": round(auc(y, held0), 3), "precision": round(p0, 3), "recall": round(r0, 3)},
        },
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out["evaluation"], indent=2), "\nweights:", out["weights"], "threshold:", out["threshold"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
