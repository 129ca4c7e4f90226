"""Real coverage as it is: the high and medium findings storydiff makes on real multi-outlet stories.

    python benchmarks/real_coverage.py [--basil 20] [--ecb 20] [--out results/real-coverage.json]

Stories: BASIL triplets 0-19 (in the order of sorted file paths, grouped by triplet; triplets
20-99 are kept for independent measurement and never read here) and the first ECB+ sub-topics
(each one real event, at most six articles). For each story it writes every contradiction and
quote discrepancy of high or medium severity with the sentences of each side, for a person to
judge (real disagreement or not), and prints how many a story there are on average; the low
contradictions are counted and listed too (what a reader sees below the flags).

``--held-out-models`` scores each ECB+ sub-topic the verifier was trained on (21-86) with the weights fitted
without it. ``--held-out`` runs BASIL triplets 20-99 instead: kept for independent measurement, so it is run only when a
piece of work is done, its findings are judged by hand, and nothing is changed because of what they show.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpora  # noqa: E402
from storydiff.pipeline import Settings, analyze  # noqa: E402


def stories(basil: int, ecb: int, held_out: bool = False) -> list[tuple[str, list]]:
    if held_out:  # triplets 20-99: an independent measurement, judged by hand, never developed on
        return [(f"basil-{i}", arts) for i, (_, arts) in enumerate(corpora.basil_held_out_triplets(), start=20)]
    out: list[tuple[str, list]] = [
        (f"basil-{i}", arts) for i, (_, arts) in enumerate(corpora.basil_dev_triplets(basil))
    ]
    ecb_groups: dict[str, list] = {}
    for d in corpora.read_ecbplus():
        ecb_groups.setdefault(d.story, []).append(d.article)
    out += [(f"ecb-{s}", arts[:6]) for s, arts in list(ecb_groups.items())[:ecb]]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--basil", type=int, default=20)
    ap.add_argument("--ecb", type=int, default=20)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "real-coverage.json")
    ap.add_argument(
        "--held-out",
        action="store_true",
        help="BASIL triplets 20-99 instead (an independent measurement at the end of a piece of work, judged by hand)",
    )
    ap.add_argument(
        "--held-out-models",
        action="store_true",
        help="score each story the verifier was trained on with the weights fitted without it",
    )
    args = ap.parse_args(argv)
    from storydiff.compare import verify

    shipped = verify.model
    rows = []
    for name, arts in stories(args.basil, args.ecb, args.held_out):
        held = verify.held_out_model(name) if args.held_out_models else None
        verify.model = (lambda held=held: held) if held is not None else shipped  # type: ignore[assignment]
        report = analyze(arts, Settings())
        found = [f for f in report.findings if f.kind != "single_source" and f.severity in {"high", "medium"}]
        single = [f for f in report.findings if f.kind == "single_source"]
        low = [f for f in report.findings if f.kind == "contradiction" and f.severity == "low"]
        rows.append(
            {
                "story": name,
                "low_contradictions": [f.explanation for f in low],
                "articles": [{"id": a.id, "outlet": a.outlet, "title": a.title} for a in arts],
                "single_source": len(single),
                "findings": [
                    {
                        "kind": f.kind,
                        "type": f.type,
                        "severity": f.severity,
                        "question": f.topic,
                        "explanation": f.explanation,
                        "sides": [
                            {"value": p.value, "articles": p.articles, "sentences": [e.text for e in p.evidence]}
                            for p in f.positions
                        ],
                    }
                    for f in found
                ],
            }
        )
        print(
            f"{name}: {len(found)} high/medium, {len(low)} low contradictions, {len(single)} single-source", flush=True
        )
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    n = sum(len(r["findings"]) for r in rows)
    low = sum(len(r["low_contradictions"]) for r in rows)
    print(
        f"{len(rows)} stories, {n} high/medium findings, {n / max(len(rows), 1):.2f} a story; {low} low contradictions"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
