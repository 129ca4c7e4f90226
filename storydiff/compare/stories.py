"""Group a pile of articles into stories, so that comparison stays within one story.

Two articles belong to the same story when they name the same people, organisations, places,
products, courts, agencies, laws, years and figures (weighted like tf-idf across the pile, so a name every
article carries counts for little), when they read alike (cosine of article embeddings: the
mean of the claim embeddings, or the title and lead embedded), and when they appeared close
in time (where both dates are known).

    pair score = ENTITY_WEIGHT * entity cosine + (1 - ENTITY_WEIGHT) * rescaled embedding cosine

A name's weight has a floor (``IDF_FLOOR``), so a name that every article of a small pile carries
still links them: grouping is on by default, and a folder that holds one story must stay one.

Articles are then clustered by average linkage over the scored pairs (a pair never scored counts
as 0), stopping when no two stories are linked at ``threshold`` or more. The threshold is a
similarity between 0 and 1: higher splits more, lower merges more; ``DEFAULT_THRESHOLD`` is tuned
on ECB+ (look-alike events) and BASIL (three outlets per event), see ``benchmarks/README.md``.

Only candidate pairs are scored: articles sharing a rare-enough name (an inverted index), plus
each article's nearest neighbours by embedding, found block by block. So the work grows with
the number of articles times the neighbours kept, not with all pairs.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

import numpy as np

from ..model import AnalyzedArticle, Mention, Story

NAMED_TYPES = frozenset({"PERSON", "ORG", "PLACE", "PRODUCT", "COURT", "AGENCY", "LAW"})
DEFAULT_THRESHOLD = 0.325
ENTITY_WEIGHT = 0.85
IDF_FLOOR = 0.5  # added to every name's idf (see entity_vectors); tuned with DEFAULT_THRESHOLD
EMBEDDING_FLOOR = 0.3  # cosine at or below which two articles read as unrelated
EMBEDDING_CEILING = 0.9  # cosine at or above which they read as the same story
DATE_WINDOW_DAYS = 7  # articles further apart than this are never one story (when both dates are known)...
FOLLOW_UP_DAYS = 60  # ...except one article this close after a story's first, that reads like it (a follow-up)
NEIGHBOUR_FLOOR = 0.3  # a nearest neighbour less similar than this is no candidate
NEIGHBOURS = 10  # nearest neighbours by embedding kept per article as candidates
MAX_POSTING = 50  # a name carried by more articles than this does not propose candidates
BLOCK = 1024  # rows per block when searching nearest neighbours
PAIR_BLOCK = 65536  # pairs per block when taking their embedding cosines

_LEADING = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


Features = tuple[list[dict[str, float]], np.ndarray]


def group_stories(
    arts: list[AnalyzedArticle], threshold: float = DEFAULT_THRESHOLD, features: Features | None = None
) -> list[Story]:
    """Stories of the given articles, ids s1, s2... in the order of each story's first article.

    ``features``: the articles' ``story_features``, when taken already (then grouping reads nothing
    else of an article but its id, title, text and date)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"story threshold must be between 0 and 1, got {threshold}")
    if len(arts) < 2:
        return [Story(id="s1", title=story_title(arts), articles=[aa.article.id for aa in arts])] if arts else []
    names, vectors = features if features is not None else story_features(arts)
    days = [_day(aa.article.published) for aa in arts]
    pairs = sorted(candidate_pairs(names, vectors, days))
    scores = {p: s for p, s in zip(pairs, pair_scores(pairs, names, vectors, days), strict=True) if s > 0.0}
    del pairs
    clusters = average_linkage(len(arts), scores, threshold)
    clusters = attach_follow_ups(clusters, names, vectors, days, threshold)
    stories = []
    for n, members in enumerate(sorted(clusters, key=min), start=1):
        members = sorted(members)
        group = [arts[i] for i in members]
        stories.append(Story(id=f"s{n}", title=story_title(group), articles=[aa.article.id for aa in group]))
    return stories


def story_title(arts: list[AnalyzedArticle]) -> str:
    titles = [aa.article.title for aa in arts if aa.article.title]
    if titles:
        return min(titles, key=len)
    return arts[0].article.text.split(".")[0][:100] if arts else ""


# --- features -------------------------------------------------------------------------------


def story_features(arts: list[AnalyzedArticle]) -> Features:
    """What grouping reads of the articles' extractions: their weighted names and their embeddings."""
    return entity_vectors(arts), article_embeddings(arts)


def entity_key(name: str) -> str:
    """A name as compared across articles: lower case, no leading article or possessive."""
    key = " ".join(name.lower().split())
    return _POSSESSIVE.sub("", _LEADING.sub("", key))


def entity_vectors(arts: list[AnalyzedArticle]) -> list[dict[str, float]]:
    """Per article, its names weighted (1 + log tf) * (idf + ``IDF_FLOOR``) across the pile, L2-normalised.

    The floor keeps a name that every article carries from weighing nothing: in a pile that is
    one story (five reports of one fire), those names are the story, and without the floor the
    articles would link only through the names some of them share, and fall apart.

    A name that only one article carries is left out: it cannot link that article to any
    other, and kept in the norm it would only make a well-linked article look less alike.
    """
    counts = [Counter(k for m in aa.mentions for k in _keys(m)) for aa in arts]
    for c in counts:
        c.pop("", None)
    df = Counter(k for c in counts for k in c)
    n = len(arts)
    out = []
    for c in counts:
        v = {
            k: (1.0 + math.log(tf)) * (math.log((1 + n) / (1 + df[k])) + IDF_FLOOR) for k, tf in c.items() if df[k] > 1
        }
        v = {k: w for k, w in v.items() if w > 0.0}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        out.append({k: w / norm for k, w in v.items()})
    return out


def _keys(m: Mention) -> list[str]:
    """A mention's name, and for a person's full name also the surname ("Tara Reid" is "Reid" later on).

    A date contributes the years it names, and an amount or count written in figures itself:
    look-alike events (two earthquakes in one region) are often told apart by the year, the
    magnitude or the number of dead alone.
    """
    if m.type == "DATE":
        return ["year " + y for y in _YEAR.findall(m.text)]
    if m.type in {"QUANTITY", "MONEY"}:
        return ["number " + entity_key(m.text)] if any(ch.isdigit() for ch in m.text) else []
    if m.type not in NAMED_TYPES:
        return []
    key = entity_key(m.name or m.text)
    if m.type == "PERSON" and " " in key:
        return [key, key.rsplit(" ", 1)[1]]
    return [key]


def article_embeddings(arts: list[AnalyzedArticle]) -> np.ndarray:
    """One normalised vector per article: the mean of its claim embeddings, else its title and lead embedded."""
    vecs: list[np.ndarray | None] = []
    missing: list[int] = []
    for i, aa in enumerate(arts):
        emb = aa.embeddings
        if emb is not None and len(emb):
            vecs.append(np.asarray(emb, dtype=np.float32).mean(axis=0))
        else:
            vecs.append(None)
            missing.append(i)
    if missing:
        from ..nlp.embed import embed

        leads = embed([_title_and_lead(arts[i]) for i in missing])
        for i, v in zip(missing, leads, strict=True):
            vecs[i] = v
    matrix = np.vstack([v for v in vecs if v is not None]).astype(np.float32)
    matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9, None)
    return matrix


def _title_and_lead(aa: AnalyzedArticle) -> str:
    lead = " ".join(s.text for s in aa.sentences[:2]) if aa.sentences else aa.article.text[:500]
    return f"{aa.article.title}. {lead}" if aa.article.title else lead


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


# --- candidates and scores ------------------------------------------------------------------


def candidate_pairs(
    names: list[dict[str, float]], vectors: np.ndarray, days: list[int | None] | None = None
) -> set[tuple[int, int]]:
    """Pairs (i < j) worth scoring: a shared rare-enough name, or among each other's nearest neighbours.

    A name proposes the articles that carry it and appeared within ``DATE_WINDOW_DAYS`` of each
    other (or whose date is unknown), unless more than ``MAX_POSTING`` of them do: over a long
    archive a name recurs in many stories, and the time window keeps its posting lists short.
    """
    days = days or [None] * len(names)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(names):
        for k in v:
            postings[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) < 2:
            continue
        undated = [i for i in members if days[i] is None]
        dated = sorted((i for i in members if days[i] is not None), key=lambda i: days[i])  # type: ignore[arg-type, return-value]
        if len(undated) <= MAX_POSTING:
            pairs.update((min(a, b), max(a, b)) for x, a in enumerate(undated) for b in undated[x + 1 :])
            pairs.update((min(a, b), max(a, b)) for a in undated for b in dated)
        lo = 0
        for hi, b in enumerate(dated):
            while days[b] - days[dated[lo]] > DATE_WINDOW_DAYS:  # type: ignore[operator]
                lo += 1
            if hi - lo <= MAX_POSTING:
                pairs.update((min(a, b), max(a, b)) for a in dated[lo:hi])
    pairs.update(nearest_neighbours(vectors, NEIGHBOURS))
    return pairs


def nearest_neighbours(vectors: np.ndarray, k: int) -> Iterable[tuple[int, int]]:
    """Each row's ``k`` most similar other rows (above the embedding floor), a block of rows at a time."""
    n = len(vectors)
    k = min(k, n - 1)
    if k <= 0:
        return
    for start in range(0, n, BLOCK):
        sims = vectors[start : start + BLOCK] @ vectors.T
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n - 1 else np.argsort(-sims, axis=1)[:, :k]
        for r in range(sims.shape[0]):
            i = start + r
            for j in top[r]:
                if sims[r, j] > NEIGHBOUR_FLOOR:
                    yield (i, int(j)) if i < j else (int(j), i)


def pair_scores(
    pairs: list[tuple[int, int]], names: list[dict[str, float]], vectors: np.ndarray, days: list[int | None]
) -> list[float]:
    """How much each pair of articles looks like one story, 0..1 (0 when too far apart in time)."""
    if not pairs:
        return []
    index = np.array(pairs, dtype=np.int64)
    cos = np.empty(len(index), dtype=vectors.dtype)
    for lo in range(0, len(index), PAIR_BLOCK):  # both rows of every pair at once would be 3 KB a pair
        block = index[lo : lo + PAIR_BLOCK]
        cos[lo : lo + PAIR_BLOCK] = np.einsum("ij,ij->i", vectors[block[:, 0]], vectors[block[:, 1]])
    embedding = np.clip((cos - EMBEDDING_FLOOR) / (EMBEDDING_CEILING - EMBEDDING_FLOOR), 0.0, 1.0)
    out = []
    for (i, j), e in zip(pairs, embedding.tolist(), strict=True):
        di, dj = days[i], days[j]
        if di is not None and dj is not None and abs(di - dj) > DATE_WINDOW_DAYS:
            out.append(0.0)
            continue
        a, b = names[i], names[j]
        if len(a) > len(b):
            a, b = b, a
        entity = sum(w * b[k] for k, w in a.items() if k in b)
        out.append(ENTITY_WEIGHT * entity + (1.0 - ENTITY_WEIGHT) * e)
    return out


# --- clustering -----------------------------------------------------------------------------


def attach_follow_ups(
    clusters: list[list[int]],
    names: list[dict[str, float]],
    vectors: np.ndarray,
    days: list[int | None],
    threshold: float,
) -> list[list[int]]:
    """A lone article published after the date window of a story it reads like joins that story.

    A follow-up (an appeal decided seven weeks on) names what the story named, but the date window
    keeps it apart. A story of two or more dated articles takes a lone dated article published
    after its window and at most ``FOLLOW_UP_DAYS`` after its first article, when the article's
    mean score with its members, dates aside, is at least ``threshold`` (the best such story).
    Lone articles never gather each other, so an archive's yearly events stay apart.
    """
    stories = [c for c in clusters if len(c) > 1 and all(days[i] is not None for i in c)]
    if not stories:
        return clusters
    undated: list[int | None] = [None] * len(days)
    joined: dict[int, int] = {}  # lone article -> index into stories
    for c in clusters:
        i = c[0]
        day = days[i]
        if len(c) != 1 or day is None:
            continue
        best, best_score = None, threshold
        for n, story in enumerate(stories):
            first = min(days[j] for j in story)  # type: ignore[type-var]
            last = max(days[j] for j in story)  # type: ignore[type-var]
            if not (last + DATE_WINDOW_DAYS < day <= first + FOLLOW_UP_DAYS):  # type: ignore[operator]
                continue
            pairs = [(min(i, j), max(i, j)) for j in story]
            mean = sum(pair_scores(pairs, names, vectors, undated)) / len(pairs)
            if mean >= best_score:
                best, best_score = n, mean
        if best is not None:
            joined[i] = best
    if not joined:
        return clusters
    for i, n in joined.items():
        stories[n].append(i)
    return [c for c in clusters if not (len(c) == 1 and c[0] in joined)]


def average_linkage(n: int, scores: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Clusters of 0..n-1 by average linkage over sparse pair scores (absent pairs score 0).

    Merges the two clusters with the highest mean pair score while it is at least ``threshold``;
    ties go to the pair with the smaller member indices, so the result does not depend on dict order.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)  # cluster -> neighbour cluster -> sum of pair scores
    for (i, j), s in scores.items():
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[j].get(i, 0.0) + s
    heap = [(-s, i, j) for (i, j), s in scores.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        total = links[a].get(b)
        if total is None or not math.isclose(-neg, total / (len(members[a]) * len(members[b]))):
            continue  # stale entry
        keep, gone = (a, b) if a < b else (b, a)
        members[keep] += members.pop(gone)
        merged = links.pop(gone)
        merged.pop(keep, None)
        links[keep].pop(gone, None)
        for c, s in merged.items():
            links[c].pop(gone, None)
            links[keep][c] = links[keep].get(c, 0.0) + s
            links[c][keep] = links[keep][c]
        size = len(members[keep])
        for c, s in links[keep].items():
            avg = s / (size * len(members[c]))
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(keep, c), max(keep, c)))
    return list(members.values())
