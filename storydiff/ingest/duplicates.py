"""The same article twice: exact copies are read once; near copies (syndicated wire copy) are marked.

A near copy stays analyzed, because an outlet that runs agency copy still published it,
but ``duplicate_of`` names the earlier article so that comparison does not count the
two as independent sources.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from ..errors import Skip
from ..model import Article

SHINGLE = 5  # words per shingle
WORD = re.compile(r"\w+")


def mark_duplicates(articles: list[Article]) -> list[Article]:
    """The same text or URL twice is read once; the later copy is skipped and says so."""
    seen_text: dict[str, str] = {}
    seen_url: dict[str, str] = {}
    used_ids: dict[str, int] = {}
    for a in articles:
        # ids must be unique in a report: a second "story.txt" in another folder gets a suffix
        n = used_ids.get(a.id, 0)
        used_ids[a.id] = n + 1
        if n:
            a.id = f"{a.id}~{n + 1}"
        if a.status != "analyzed":
            continue
        if a.url and a.url in seen_url:
            a.status, a.reason = "skipped", Skip.DUPLICATE_URL.format(other=seen_url[a.url])
            continue
        key = " ".join(a.text.split())
        if key in seen_text:
            a.status, a.reason = "skipped", Skip.DUPLICATE.format(other=seen_text[key])
            continue
        seen_text[key] = a.id
        if a.url:
            seen_url[a.url] = a.id
    return articles


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """Hashes of the text's overlapping runs of ``size`` words (lower-cased, punctuation ignored)."""
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def mark_near_duplicates(articles: list[Article], threshold: float = 0.8) -> list[Article]:
    """Set ``duplicate_of`` on each analyzed article whose 5-word shingles overlap an earlier one's
    by at least ``threshold`` (Jaccard); it points at the first article of the group.

    Candidates come from prefix filtering (Bayardo et al., "Scaling up all pairs similarity search",
    2007): with each article's shingles ordered rarest first, two sets as similar as ``threshold`` share
    a shingle among the first ``prefix_length`` of each. Only those prefixes are indexed, so an article
    meets only the few earlier ones that share a rare shingle, and the result is exactly that of
    comparing every pair, which grows with the square of the articles (a 1,000,000-row export)."""
    import numpy as np

    live = [a for a in articles if a.status == "analyzed"]
    # each article's shingles as a sorted array (a tenth of a set's memory: a 1,000,000-row export)
    sets = [np.unique(np.fromiter(shingles(a.text), dtype=np.int64)) for a in live]
    every = np.concatenate(sets) if sets else np.zeros(0, dtype=np.int64)
    distinct, counts = np.unique(every, return_counts=True)
    del every
    index: dict[int, list[int]] = defaultdict(list)  # prefix shingle -> positions of the articles holding it
    for pos, (a, mine) in enumerate(zip(live, sets, strict=True)):
        frequency = counts[np.searchsorted(distinct, mine)]
        prefix = mine[np.lexsort((mine, frequency))[: prefix_length(len(mine), threshold)]].tolist()
        best, best_score = None, 0.0
        for j in sorted({j for s in prefix for j in index[s]}):  # in order: a tie keeps the earlier article
            common = len(np.intersect1d(mine, sets[j], assume_unique=True))
            score = common / (len(mine) + len(sets[j]) - common)
            if score > best_score:
                best, best_score = j, score
        if best is not None and best_score >= threshold:
            first = live[best]
            a.duplicate_of = first.duplicate_of or first.id
        for s in prefix:
            index[s].append(pos)
    return articles


def prefix_length(size: int, threshold: float) -> int:
    """How many of a set's shingles (rarest first) must be indexed so that no set as similar as ``threshold``
    is missed: ``size - ceil(threshold * size) + 1`` (rounded to the safe side)."""
    if size == 0:
        return 0
    return min(size, size - math.ceil(threshold * size - 1e-9) + 1)
