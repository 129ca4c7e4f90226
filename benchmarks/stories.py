"""How well ``group_stories`` recovers gold stories: adjusted Rand index on ECB+ and BASIL.

    .venv/bin/python benchmarks/stories.py [--threshold X] [--sweep]

ECB+: all 982 documents in one pile; gold story = topic + ecb/ecbplus (86 stories; every topic
mixes two look-alike events). BASIL: all 300 articles in one pile; gold story = triplet (100).
Text is read from ``shared/evaldata`` (see ``corpora.py``); extraction is cached in
``benchmarks/results/`` so that sweeps are quick.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cache  # noqa: E402
import corpora  # noqa: E402

from storydiff.compare.stories import DEFAULT_THRESHOLD, group_stories  # noqa: E402


def adjusted_rand_index(gold: list[str], predicted: list[str]) -> float:
    """Hubert and Arabie's ARI (as sklearn.metrics.adjusted_rand_score)."""

    def pairs(n: int) -> float:
        return n * (n - 1) / 2

    n = len(gold)
    table = Counter(zip(gold, predicted, strict=True))
    index = sum(pairs(c) for c in table.values())
    a = sum(pairs(c) for c in Counter(gold).values())
    b = sum(pairs(c) for c in Counter(predicted).values())
    expected = a * b / pairs(n) if n > 1 else 0.0
    best = (a + b) / 2
    if best == expected:
        return 1.0
    return (index - expected) / (best - expected)


def score(name: str, labelled: list[corpora.Labelled], threshold: float) -> dict:
    arts = cache.extracted(name, [d.article for d in labelled])
    t = time.perf_counter()
    stories = group_stories(arts, threshold)
    seconds = time.perf_counter() - t
    story_of = {a: s.id for s in stories for a in s.articles}
    gold = [d.story for d in labelled]
    predicted = [story_of[d.article.id] for d in labelled]
    return {
        "corpus": name,
        "articles": len(arts),
        "gold_stories": len(set(gold)),
        "stories": len(stories),
        "threshold": threshold,
        "ari": round(adjusted_rand_index(gold, predicted), 4),
        "seconds": round(seconds, 2),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    p.add_argument("--sweep", action="store_true", help="try thresholds 0.15..0.6")
    args = p.parse_args()
    corpus = {"ecbplus": corpora.read_ecbplus(), "basil": corpora.read_basil()}
    thresholds = [round(0.15 + 0.05 * i, 2) for i in range(10)] if args.sweep else [args.threshold]
    results = []
    print(f"{'corpus':8} {'threshold':>9} {'articles':>8} {'gold':>5} {'found':>5} {'ARI':>7} {'seconds':>7}")
    for th in thresholds:
        for name, labelled in corpus.items():
            r = score(name, labelled, th)
            results.append(r)
            print(
                f"{name:8} {th:9.2f} {r['articles']:8} {r['gold_stories']:5} {r['stories']:5} {r['ari']:7.4f} {r['seconds']:7.2f}"
            )
    cache.RESULTS.mkdir(exist_ok=True)
    (cache.RESULTS / "stories.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
