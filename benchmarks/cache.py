"""Extracted articles of a benchmark corpus, pickled under ``benchmarks/results/`` so that re-runs skip spaCy."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

from storydiff.model import AnalyzedArticle, Article
from storydiff.pipeline import Settings, extract, parse

RESULTS = Path(__file__).resolve().parent / "results"


def extracted(name: str, articles: list[Article], settings: Settings | None = None) -> list[AnalyzedArticle]:
    """Parse and extract ``articles`` once; later calls read the pickle."""
    settings = settings or Settings()
    path = RESULTS / f"cache-{name}.pkl"
    if path.exists():
        with path.open("rb") as f:
            arts = pickle.load(f)
        if [aa.article.id for aa in arts] == [a.id for a in articles]:
            return arts
    t = time.perf_counter()
    arts = extract(articles, parse(articles, settings), settings)
    RESULTS.mkdir(exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(arts, f)
    print(f"extracted {name}: {len(articles)} articles in {time.perf_counter() - t:.1f}s")
    return arts
