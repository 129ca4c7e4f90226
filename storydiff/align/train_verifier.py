"""Train and evaluate the verifier (``compare.verify``): does a high or medium contradiction set one fact against
itself, or two facts that only look alike?

    python -m storydiff.align.train_verifier [--out storydiff/align/verifier.json] [--rows rows.json]

Rows are the high and medium contradictions the analysis makes (with the verifier off), each with the features of
``compare.verify.features``. Labels:

- gold stories: the blind clusters (``benchmarks/blind``, every split but the newest sealed set, which is never
  read here). A finding is one fact (1) when it matches a gold contradiction or acceptable discrepancy as the shared
  scorer matches them, else two (0): a trap, or two values the writer never set against each other;
- real coverage judged by hand: ``data/judged_ecb.jsonl`` holds the judgements of two helper fact-checkers, who
  read the articles of ECB+ sub-topics 21-86 (never the code) and said for each finding whether the outlets really
  disagree ("REAL") or not (different things, misread, compatible). A finding of today's analysis with the same
  values in the same story takes its judgement; one nobody judged is left out. BASIL and the first 20 ECB+
  sub-topics are kept for measuring and never read here;
- counterfactual edits of the same ECB+ sub-topics 21-86 (``benchmarks/counterfactual.py``'s generator, seed 0):
  the finding that names both outlets on the edited fact is one fact (1). Real coverage rarely has a real
  contradiction, so these give the judged negatives real-text positives to stand against (the counterfactual
  benchmark itself edits BASIL 0-19 and ECB+ 1-20, which this never reads).

A logistic regression (``train_pairer.fit``) is evaluated by five-fold cross-validation holding out whole stories;
the threshold is the highest that keeps 95% of the one-fact findings of the gold stories and the judged coverage
held out (the verifier lowers only what it is fairly sure of; the counterfactual rows, one fact each and easy, do
not set it). The held-out figures, each story's fold with the weights fitted without it, and the weights fitted on all
rows go into ``verifier.json``; a second set of weights is fitted without the sentence vectors (``--no-embeddings``
runs).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.verify import FEATURES, check
from ..model import Article, Finding
from .train import at_threshold, auc, held_out
from .train_pairer import ROOT, fit, real_coverage

HERE = Path(__file__).resolve().parent
BLIND_SPLITS = ("dev", "sealed", "sealed2", "sealed3", "sealed4", "sealed5", "sealed6", "sealed7", "sealed8", "sealed9")
JUDGED = HERE / "data" / "judged_ecb.jsonl"
# the features the model uses (of those ``verify.features`` computes): the ones that carry weight on findings held
# out, on real coverage and gold stories alike (docs/evaluation.md, tenth session, has the comparison)
KEEP = 0.95  # the share of one-fact findings (held out) the threshold keeps
USED = ("cosine", "lemma_jaccard", "unshared_names", "ratio", "both_stated", "depth", "bias")
Row = tuple[str, list[float], float, str]  # story, features, label (1: one fact), source


def log_findings(articles: list[Article], vectors: bool = True) -> list[tuple[Finding, list[float]]]:
    """The story's high and medium contradictions with their features (the verifier itself off)."""
    from ..nlp.embed import embed
    from ..pipeline import Settings, compare, extract, parse, resolve

    settings = Settings(embeddings=True, verify=False)
    arts = extract(articles, parse(articles, settings), settings)
    findings = compare(arts, resolve(arts), settings)
    log: list[tuple[Finding, list[float]]] = []
    check(findings, arts, embed if vectors else None, log=log)
    return log


def as_report(f: Finding) -> dict[str, Any]:
    return {"positions": [{"value": p.value, "articles": p.articles} for p in f.positions]}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w.%$£€]+", " ", text.casefold()).split())


def gold_rows() -> list[Row]:
    sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
    from score_report import finding_matches  # the shared scorer's own matching

    from ..ingest import read_paths

    rows = []
    for split in BLIND_SPLITS:
        for folder in sorted(p for p in (ROOT / "benchmarks" / "blind" / split).iterdir() if p.is_dir()):
            gold = json.loads(folder.with_suffix(".gold.json").read_text("utf-8"))
            items = gold.get("contradictions", []) + gold.get("acceptable", [])
            for f, x in log_findings(read_paths([folder])):
                y = 1.0 if any(finding_matches(as_report(f), item) for item in items) else 0.0
                rows.append((folder.name, x, y, "gold"))
            print(f"{split}/{folder.name}: {sum(1 for r in rows if r[0] == folder.name)} findings", flush=True)
    return rows


def judged_rows() -> list[Row]:
    judged: dict[str, list[dict]] = {}
    for line in JUDGED.read_text("utf-8").splitlines():
        j = json.loads(line)
        if j["kind"] == "contradiction":
            judged.setdefault(f"ecb-{j['story']}", []).append(j)
    rows = []
    for name, articles in real_coverage(20):
        if name not in judged:
            continue
        for f, x in log_findings(articles):
            values = {_plain(p.value) for p in f.positions}
            match = next((j for j in judged[name] if {_plain(p["value"]) for p in j["positions"]} == values), None)
            if match is not None:
                rows.append((name, x, 1.0 if match["verdict"] == "REAL" else 0.0, "judged"))
        print(f"{name}: {sum(1 for r in rows if r[0] == name)} judged findings", flush=True)
    return rows


def counterfactual_rows() -> list[Row]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import counterfactual as cf

    from .. import pipeline

    logged: list[tuple[Finding, list[float]]] = []
    shipped_check = pipeline.check

    def logging_check(findings: list[Finding], arts: Any, embed: Any, **_: Any) -> None:
        shipped_check(findings, arts, embed, log=logged)

    pipeline.check = logging_check  # type: ignore[assignment]
    settings = pipeline.Settings(embeddings=True)
    rows = []
    try:
        stories = [s for s in cf.load_stories(0, 86) if s.id not in {n for n, _ in real_coverage(0)[:20]}]
        for ctx in cf.contexts(stories):
            story = ctx.story
            cache: dict[str, Any] = {}
            report = pipeline.analyze(story.articles, settings, docs=cache)
            texts = {a.id: a.text for a in story.articles}
            original = {cf.signature(f, cf._cut(texts)) for f in report.findings if f.kind != "single_source"}
            keep = set(cache)
            for edit in [e for kind in cf.KINDS for e in cf.choose_edits(ctx, kind, 0)]:
                arts = [cf.replace(a, text=edit.apply(a.text)) if a.id == edit.article else a for a in story.articles]
                logged.clear()
                edited = pipeline.analyze(arts, settings, docs=cache)
                for h in set(cache) - keep:
                    del cache[h]
                hits = set(cf.score_edit(edit, story, original, edited).hit_findings)
                rows += [(story.id, x, 1.0, "counterfactual") for f, x in logged if cf.describe(f) in hits]
            print(f"{story.id}: {sum(1 for r in rows if r[0] == story.id)} counterfactual hits", flush=True)
    finally:
        pipeline.check = shipped_check  # type: ignore[assignment]
    return rows


def train(rows: list[Row]) -> dict:
    groups = [g for g, _, _, _ in rows]
    x = np.array([[r[1][FEATURES.index(name)] for name in USED] for r in rows])
    y = np.array([r[2] for r in rows])
    w = np.ones(len(y))
    stories = sorted(set(groups))
    source = np.array([r[3] for r in rows])
    out: dict[str, Any] = {"features": list(USED)}
    # what a one-fact finding of the gold stories and the judged coverage looks like, feature by feature: the
    # explanation of a lowered finding names the feature that stands furthest from it (``verify.reason``)
    typical = (y == 1) & (source != "counterfactual")
    out["one_fact_means"] = {name: round(float(x[typical, i].mean()), 3) for i, name in enumerate(USED)}
    for name in ("", "_no_vectors"):
        cols = [i for i, f in enumerate(USED) if not (name and f == "cosine")]
        xs = x[:, cols]
        held, fold_of, betas = held_out(xs, y, w, groups, fit)
        per_fold = [_full(beta, cols) for beta in betas]
        # the counterfactual rows (one fact, all of them, and easy) train the model but do not set its threshold
        threshold = keep_most(y[source != "counterfactual"], held[source != "counterfactual"])
        out["weights" + name] = _full(fit(xs, y, w), cols)
        out["threshold" + name] = round(threshold, 2)
        p, r = at_threshold(y, held, threshold)
        out["evaluation" + name] = {
            "method": "5-fold cross-validation holding out whole stories",
            "rows": int(len(y)),
            "one_fact": int(y.sum()),
            "stories": len(stories),
            "auc": round(auc(y, held), 3),
            "kept_precision": round(p, 3),
            "kept_recall": round(r, 3),
            **{src: _split(y[source == src], held[source == src], threshold) for src in sorted(set(source))},
            "folds": {"of_story": fold_of, "weights": per_fold},
        }
    return out


def keep_most(y: np.ndarray, held: np.ndarray, recall: float = KEEP) -> float:
    """The highest threshold that still keeps ``recall`` of the one-fact findings held out: the verifier lowers
    only what it is fairly sure of (a real contradiction lowered to low stays in the report, but out of sight)."""
    ok = [float(t) for t in np.arange(0.05, 0.95, 0.01) if at_threshold(y, held, float(t))[1] >= recall]
    return max(ok) if ok else 0.05


def _full(beta: np.ndarray, cols: list[int]) -> list[float]:
    """Weights over every used feature (0 for the cosine in the model fitted without vectors)."""
    ws = [0.0] * len(USED)
    for c, b in zip(cols, beta, strict=True):
        ws[c] = round(float(b), 4)
    return ws


def _split(y: np.ndarray, held: np.ndarray, t: float) -> dict[str, Any]:
    keep = held >= t
    both = 0 < y.sum() < len(y)
    return {
        "auc": round(auc(y, held), 3) if both else None,
        "one_fact": int(y.sum()),
        "one_fact_kept": int((keep & (y == 1)).sum()),
        "two_facts": int((y == 0).sum()),
        "two_facts_kept": int((keep & (y == 0)).sum()),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "verifier.json")
    ap.add_argument("--rows", type=Path, default=None, help="read the rows from (or write them to) this JSON file")
    ap.add_argument("--only", choices=("gold", "judged", "counterfactual"), help="collect only these rows (to --rows)")
    args = ap.parse_args(argv)
    if args.only:
        collect = {"gold": gold_rows, "judged": judged_rows, "counterfactual": counterfactual_rows}[args.only]
        assert args.rows, "--only writes its rows to --rows"
        args.rows.write_text(json.dumps(collect()), encoding="utf-8")
        return 0
    if args.rows and args.rows.is_file():
        rows = [tuple(r) for r in json.loads(args.rows.read_text("utf-8"))]
    else:
        rows = gold_rows() + judged_rows() + counterfactual_rows()
        if args.rows:
            args.rows.write_text(json.dumps(rows), encoding="utf-8")
    out = train(rows)  # type: ignore[arg-type]
    for name in ("", "_no_vectors"):
        ev = {k: v for k, v in out["evaluation" + name].items() if k != "folds"}
        print(name or "vectors", json.dumps(ev), "threshold", out["threshold" + name])
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
