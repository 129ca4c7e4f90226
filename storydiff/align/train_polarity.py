"""Train and evaluate the polarity model: which two clauses of opposite polarity in two outlets set one act against
itself ("his client would appeal" / "Graham Hollis will not appeal"; "has lodged an appeal" / "will not appeal";
"paid the ransom" / "has refused to pay") and which are two acts, two actors or two voices.

    python -m storydiff.align.train_polarity [--out storydiff/align/polarity.json] [--rows rows.json]

A row is a pair of clauses of opposite polarity, from two statements of two outlets, that the rules of
``compare.aligned`` do not compare, with the features of ``compare.aligned.polarity_features``: the aligner's
probability, how alike the verbs and event nouns are (by word vectors, not lists), whether the actors are one, two
names or descriptions, how alike the objects are, whether both are said in one voice. Labels come from the blind
clusters (``benchmarks/blind``, every split but the newest sealed set, which is never read here): a row is
positive when its two sentences are the evidence of two sides of one gold contradiction of type "polarity",
left out when its articles are on two sides of one but a sentence is not that contradiction's evidence (the
gold names one sentence an article; another may say the same), negative otherwise.

A logistic regression (``train_pairer.fit``) is evaluated by five-fold cross-validation holding out whole
stories. The threshold is the one with the best F0.5 on the held-out rows (a false alarm costs more than a miss).
The held-out figures, each story's fold with the weights fitted without it, and the weights fitted on all rows
go into ``polarity.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.aligned import POLARITY_FEATURES, PolarityRow, aligned_findings, canonical_key
from ..compare.corroboration import Sources
from ..model import Article
from .train import at_threshold, auc, best_threshold
from .train_pairer import ROOT, fit, held_out

HERE = Path(__file__).resolve().parent
BLIND_SPLITS = ("dev", "sealed", "sealed2", "sealed3", "sealed4", "sealed5", "sealed6", "sealed7", "sealed8", "sealed9")


def log_clauses(articles: list[Article]) -> list[PolarityRow]:
    """The clause pairs of opposite polarity of one story that the rules do not compare, with their features."""
    from ..pipeline import Settings, extract, parse, resolve

    settings = Settings(embeddings=True)
    arts = extract(articles, parse(articles, settings), settings)
    entities = resolve(arts)
    log: list[PolarityRow] = []
    aligned_findings(
        arts,
        entities,
        canonical_key(entities),
        Sources(arts).independent,
        {aa.article.id: aa.article.text for aa in arts},
        {aa.article.id: aa.article.outlet for aa in arts},
        {aa.article.id: aa.article.published for aa in arts},
        polarity_log=log,
    )
    return log


def _same_sentence(text: str, evidence: str) -> bool:
    a, b = " ".join(text.split()), " ".join(evidence.split())
    return bool(a and b) and (a in b or b in a)


def label(row: PolarityRow, items: list[dict[str, Any]]) -> float | None:
    """1: the two clauses hold two sides of one gold polarity contradiction as the shared scorer matches a
    finding's values to sides (each clause as the finding shows it, against the side's regex); None: they do, but
    neither sentence is that contradiction's evidence (the gold names one sentence an article; another may say the
    same or something else); 0 otherwise."""
    ta, tb = row.clause_a.shown, row.clause_b.shown
    unknown = False
    for item in items:
        if item.get("type") != "polarity":
            continue
        evidence = item.get("evidence", {})
        sides = item.get("sides", [])
        for i, si in enumerate(sides):
            for j, sj in enumerate(sides):
                if i == j or row.a.article not in si["articles"] or row.b.article not in sj["articles"]:
                    continue
                if not (re.search(si["match"], ta, re.I) and re.search(sj["match"], tb, re.I)):
                    continue
                if _same_sentence(row.a.text, evidence.get(row.a.article, "")) or _same_sentence(
                    row.b.text, evidence.get(row.b.article, "")
                ):
                    return 1.0
                unknown = True
    return None if unknown else 0.0


def gold_folders() -> list[Path]:
    folders: list[Path] = []
    for split in BLIND_SPLITS:
        folders += sorted(p for p in (ROOT / "benchmarks" / "blind" / split).iterdir() if p.is_dir())
    return [f for f in folders if f.with_suffix(".gold.json").is_file()]


Row = tuple[str, list[float], float, str, str]  # story, features, label, source, the two clauses (to read errors)
REAL_WEIGHT = 0.5  # a clause pair of real coverage counts as two acts, at half weight: a few may be one


def _shown(r: PolarityRow) -> str:
    return f"{r.a.article}: {r.clause_a.shown} | {r.b.article}: {r.clause_b.shown}"


def gold_rows() -> list[Row]:
    from ..ingest import read_paths

    rows: list[Row] = []
    for folder in gold_folders():
        gold = json.loads(folder.with_suffix(".gold.json").read_text("utf-8"))
        items = gold.get("contradictions", []) + gold.get("acceptable", [])
        found = log_clauses(read_paths([folder]))
        kept = 0
        for r in found:
            y = label(r, items)
            if y is not None:
                rows.append((folder.name, r.features, y, "gold", _shown(r)))
                kept += int(y)
        print(f"{folder.name}: {len(found)} clause pairs, {kept} one act", flush=True)
    return rows


def coverage_rows() -> list[Row]:
    """ECB+ sub-topics 21-86 as they are (negatives at half weight) and with one clause negated in one outlet by
    the counterfactual generator (``benchmarks/counterfactual.py``, seed 0): the edited clause against the other
    outlet's clause of the same verb is one act (positive). The first 20 sub-topics and BASIL are kept for
    measuring and never read here."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import counterfactual as cf

    from .train_pairer import real_coverage

    measured = {n for n, _ in real_coverage(0)[:20]}
    rows: list[Row] = []
    for ctx in cf.contexts([s for s in cf.load_stories(0, 86) if s.id not in measured]):
        story = ctx.story
        rows += [(story.id, r.features, 0.0, "real", _shown(r)) for r in log_clauses(story.articles)]
        hits = 0
        for edit in cf.choose_edits(ctx, "negation", 0):
            arts = [cf.replace(a, text=edit.apply(a.text)) if a.id == edit.article else a for a in story.articles]
            for r in log_clauses(arts):
                by_article = {r.a.article: (r.a.text, r.clause_a), r.b.article: (r.b.text, r.clause_b)}
                if set(by_article) != {edit.article, edit.other}:
                    continue
                (edited, ce), (other, co) = by_article[edit.article], by_article[edit.other]
                if (
                    _same_sentence(edited, edit.edited_sentence)
                    and _same_sentence(other, edit.other_sentence)
                    and ce.verb == co.verb
                ):
                    rows.append((story.id, r.features, 1.0, "counterfactual", _shown(r)))
                    hits += 1
        print(f"{story.id}: {hits} counterfactual clause pairs the rules miss", flush=True)
    return rows


def train(rows: list[Row], folds: int = 5) -> dict[str, Any]:
    x = np.array([r[1] for r in rows])
    y = np.array([r[2] for r in rows])
    w = np.array([REAL_WEIGHT if r[3] == "real" else 1.0 for r in rows])
    stories = sorted({r[0] for r in rows})
    held, fold_of, betas = held_out(x, y, w, [r[0] for r in rows], folds)
    per_fold = [[round(float(b), 4) for b in beta] for beta in betas]
    threshold = best_threshold(y, held)
    p, r = at_threshold(y, held, threshold)
    beta = fit(x, y, w)
    return {
        "features": list(POLARITY_FEATURES),
        "weights": [round(float(b), 4) for b in beta],
        "threshold": round(threshold, 2),
        "evaluation": {
            "method": f"{folds}-fold cross-validation holding out whole stories",
            "rows": int(len(y)),
            "positives": int(y.sum()),
            "stories": len(stories),
            "auc": round(auc(y, held), 3),
            "precision_at_threshold": round(p, 3),
            "recall_at_threshold": round(r, 3),
            "held_out": {
                f"{t:.2f}": [round(v, 3) for v in at_threshold(y, held, t)] for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
            },
            "folds": {"of_story": fold_of, "weights": per_fold},
        },
        "held_out_scores": [round(float(s), 3) for s in held],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "polarity.json")
    ap.add_argument("--rows", type=Path, default=None, help="keep the rows here (JSON) and reuse them when present")
    ap.add_argument("--only", choices=("gold", "coverage"), default=None, help="collect one kind of rows")
    args = ap.parse_args(argv)
    if args.rows and args.rows.exists():
        rows = [tuple(r) for r in json.loads(args.rows.read_text("utf-8"))]
    else:
        rows = gold_rows() if args.only in (None, "gold") else []
        rows += coverage_rows() if args.only in (None, "coverage") else []
        if args.rows:
            args.rows.write_text(json.dumps(rows), encoding="utf-8")
    out = train(rows)  # type: ignore[arg-type]
    held = out.pop("held_out_scores")
    for (story, _, y, source, shown), s in sorted(zip(rows, held, strict=True), key=lambda t: -t[1])[:40]:
        print(f"{s:.2f} {int(y)} {source} {story}: {shown}")
    print(json.dumps(out["evaluation"]), "threshold", out["threshold"])
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
