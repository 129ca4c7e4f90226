"""Learn which cue words report speech or thought (``attribution.json``) from PolNeAR dev, outlets held out.

    python -m storydiff.extract.train_attribution [--data ../shared/evaldata]

Every candidate of ``attribution.candidates`` in PolNeAR's dev articles is labelled: an attribution when its
cue word lies inside a gold Cue and its content overlaps that attribution's gold Content. The model is the
count of attributions and candidates for each "lemma|shape" key, smoothed towards the shape's rate.

Evaluation: leave one outlet out (PolNeAR has seven), the model counted on the other six and applied to the
held-out outlet's articles. Reported: recall of gold non-quoted attributions (all, and those with a cue of
speech proper, as ``storydiff.evaluate`` counts them), and precision (kept contents that overlap a gold
Content). The shipped model is counted on all dev articles; its threshold is the one with the best
cross-validated F1 among those with a precision of 0.9 or more.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from ..evaluate import DEFAULT_DATA, is_speech_cue, read_polnear
from ..nlp.pipeline import load_nlp, normalize_quotes
from .attribution import Candidate, CueModel, attributions, candidates

OUT = Path(__file__).with_name("attribution.json")
ALPHA = 2.0
MIN_PRECISION = 0.9
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def label(c: Candidate, doc, gold) -> bool:  # type: ignore[no-untyped-def]
    cue_char = doc[c.cue].idx
    for g in gold:
        if g.cue is None:
            continue
        if g.cue <= cue_char < g.cue + max(len(g.cue_text), 1) and c.start < g.end and g.start < c.end:
            return True
    return False


def count(rows: list[tuple[str, bool]]) -> CueModel:
    keys: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shapes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, pos in rows:
        for table, k in ((keys, key), (shapes, key.rsplit("|", 1)[-1])):
            table[k][0] += int(pos)
            table[k][1] += 1
    return CueModel(
        {k: (v[0], v[1]) for k, v in keys.items()}, {k: (v[0], v[1]) for k, v in shapes.items()}, ALPHA, 0.5
    )


def tally(model: CueModel, docs: list, hits: Counter[str]) -> None:  # type: ignore[type-arg]
    """Add one model's hits on some articles to ``hits``."""
    for doc, gold in docs:
        kept = attributions(doc, model)
        for g in gold:
            if g.direct:
                continue
            found = any(c.start < g.end and g.start < c.end for c in kept)
            hits["indirect"] += 1
            hits["indirect_hit"] += found
            if g.cue_text and is_speech_cue(g.cue_text):
                hits["speech"] += 1
                hits["speech_hit"] += found
        for c in kept:
            hits["kept"] += 1
            hits["kept_hit"] += any(c.start < g.end and g.start < c.end for g in gold)


def figures(hits: Counter[str]) -> dict[str, float]:
    r = hits["indirect_hit"] / max(hits["indirect"], 1)
    p = hits["kept_hit"] / max(hits["kept"], 1)
    return {
        "indirect_recall": round(r, 3),
        "speech_cue_recall": round(hits["speech_hit"] / max(hits["speech"], 1), 3),
        "precision": round(p, 3),
        "f1": round(2 * p * r / max(p + r, 1e-9), 3),
        "gold_indirect": hits["indirect"],
        "kept": hits["kept"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m storydiff.extract.train_attribution")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    items = list(read_polnear(args.data, None))
    nlp = load_nlp()
    docs = list(nlp.pipe(normalize_quotes(it.article.text) for it in items))
    outlet = [it.article.id.split("_", 1)[0] for it in items]
    rows = [
        [(c.key(doc), label(c, doc, it.gold)) for c in candidates(doc)] for doc, it in zip(docs, items, strict=True)
    ]
    cv: dict[str, dict[str, float]] = {}
    for t in THRESHOLDS:
        hits: Counter[str] = Counter()
        for held in sorted(set(outlet)):
            m = count([r for i, rs in enumerate(rows) if outlet[i] != held for r in rs])
            part = [(docs[i], items[i].gold) for i in range(len(items)) if outlet[i] == held]
            tally(CueModel(m.keys, m.shapes, m.alpha, t), part, hits)
        cv[str(t)] = figures(hits)
        print(t, cv[str(t)])
    # the best cross-validated F1 among thresholds whose precision stays at MIN_PRECISION or above
    best = max((t for t in THRESHOLDS if cv[str(t)]["precision"] >= MIN_PRECISION), key=lambda t: cv[str(t)]["f1"])
    final = count([r for rs in rows for r in rs])
    final = CueModel(final.keys, final.shapes, final.alpha, best)
    OUT.write_text(
        json.dumps(
            {
                "trained": datetime.now(UTC).date().isoformat(),
                "data": f"PolNeAR dev ({len(items)} articles, {len(set(outlet))} outlets)",
                "evaluation": "leave one outlet out; hits pooled over the held-out articles",
                "cv": cv,
                "chosen_threshold": best,
                "model": final.as_dict(),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print("threshold", best, cv[str(best)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
