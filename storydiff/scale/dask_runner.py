"""Run ``analyze`` on a Dask cluster, with the same Report as the single-process run.

    articles ──map over partitions──▶ sentences, mentions      (spaCy loaded once per worker;
             ──on the client──▶ mention types revised across the pile   Docs stay on the worker)
             ──map over partitions──▶ quotes, claims            (the worker's own Docs again)
             ──map over batches──▶ claim embeddings             (the batches ``embed`` would make)
             ──on the client──▶ stories
             ──map over stories──▶ entities, findings           (resolve + compare)

Every step calls the public functions of ``pipeline``, so the two runners cannot drift apart.
No spaCy object crosses a process: workers return ``AnalyzedArticle`` dataclasses, which pickle.
A worker keeps the Docs it parsed in the first step for the second; if the second lands on
another worker (one died, say), that worker parses the article again, which gives the same Doc.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import StorydiffError
from ..model import AnalyzedArticle, Article, Entity, Finding, Report
from ..nlp.embed import BATCH_SIZE as EMBED_BATCH_SIZE
from ..pipeline import (
    Settings,
    analyze_story,
    assemble_report,
    embed_claims,
    parse,
    parse_each,
    read_mentions,
    read_statements,
    revise_mention_types,
    skip_article,
    stories_of,
)

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

EMBED_BATCH = EMBED_BATCH_SIZE  # the batches embed() makes, so that the vectors are the same
PARTITIONS_PER_WORKER = 4

# Docs parsed by this worker process, by article content hash (kept from the first map to the second)
_DOCS: dict = {}


def analyze_on_dask(articles: list[Article], settings: Settings | None = None, address: str = "local:2") -> Report:
    """The Report of ``pipeline.analyze``, computed on the Dask cluster at ``address``.

    ``address`` is ``local:N`` (start a LocalCluster of N single-threaded worker processes here)
    or a scheduler address such as ``tcp://host:8786`` (its workers need storydiff and the models).
    """
    settings = settings or Settings()
    client, cluster = connect(address)
    try:
        return analyze_with_client(client, list(articles), settings)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def connect(address: str) -> tuple[Client, LocalCluster | None]:
    """A client for ``address``, and the LocalCluster it started (None when it joined one)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise StorydiffError("--dask needs Dask: pip install 'dask[distributed]'") from e
    if address.startswith("local"):
        _, _, n = address.partition(":")
        try:
            workers = int(n) if n else 2
        except ValueError as e:
            raise StorydiffError(f"--dask {address!r}: expected local:N with N a number of workers") from e
        if workers < 1:
            raise StorydiffError(f"--dask {address!r}: needs at least one worker")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout="30s"), None
    except OSError as e:
        raise StorydiffError(f"--dask {address!r}: cannot reach the scheduler ({e})") from e


def analyze_with_client(client: Client, articles: list[Article], settings: Settings) -> Report:
    good = [a for a in articles if a.status == "analyzed"]
    arts = extract_on_dask(client, good, settings)
    stories = stories_of(arts, settings)
    by_id = {aa.article.id: aa for aa in arts}
    many = len(stories) > 1
    futures = [
        client.submit(_analyze_story, s, [by_id[i] for i in s.articles], settings, many, pure=False) for s in stories
    ]
    entities: list[Entity] = []
    findings: list[Finding] = []
    for story_arts, e, f in client.gather(futures):
        for aa in story_arts:  # resolve and compare fill in entity ids and corroboration on the workers
            by_id[aa.article.id] = aa
        entities += e
        findings += f
    arts = [by_id[aa.article.id] for aa in arts]
    return assemble_report(articles, arts, entities, findings, stories)


def extract_on_dask(client: Client, articles: list[Article], settings: Settings) -> list[AnalyzedArticle]:
    """``pipeline.extract(articles, parse(articles))``, spread over the cluster's workers."""
    if not articles:
        return []
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = max(1, math.ceil(len(articles) / (workers * PARTITIONS_PER_WORKER)))
    parts = [articles[i : i + size] for i in range(0, len(articles), size)]
    first = [client.submit(_read_mentions, p, settings, pure=False) for p in parts]
    where = client.who_has(first)
    mentioned = []
    for part, failed in client.gather(first):
        mentioned.append(part)
        _mark_skipped(articles, failed)
    arts = [aa for part in mentioned for aa in part]
    revise_mention_types(arts)
    second = []
    for fut, part in zip(first, mentioned, strict=True):
        home = list(where.get(fut.key, ()))
        pin = {"workers": home, "allow_other_workers": True} if home else {}
        second.append(client.submit(_read_statements, part, settings, pure=False, **pin))
    arts = []
    for part, failed in client.gather(second):
        arts += part
        _mark_skipped(articles, failed)
    if settings.embeddings:
        embed_claims(arts, lambda texts: embed_on_dask(client, texts))
    return arts


def embed_on_dask(client: Client, texts: list[str]) -> object:
    """``embed(texts)`` with its batches spread over the workers (the same batches, so the same vectors)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # as embed() orders them
    batches = [order[b : b + EMBED_BATCH] for b in range(0, len(order), EMBED_BATCH)]
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    per_task = max(1, math.ceil(len(batches) / (workers * PARTITIONS_PER_WORKER)))
    groups = [batches[i : i + per_task] for i in range(0, len(batches), per_task)]
    futures = [client.submit(_embed_batches, [[texts[i] for i in b] for b in g], pure=False) for g in groups]
    out = None
    for g, vecs in zip(groups, client.gather(futures), strict=True):
        for b, v in zip(g, vecs, strict=True):
            if out is None:
                out = np.zeros((len(texts), v.shape[1]), dtype=v.dtype)
            out[b] = v
    return out


# --- tasks (run on the workers) ---------------------------------------------------------------


def _mark_skipped(articles: list[Article], failed: list[Article]) -> None:
    """The client's articles that failed on a worker, marked skipped with the worker's reason (in place)."""
    reasons = {a.id: a.reason for a in failed}
    for a in articles:
        if a.id in reasons:
            a.status, a.reason = "skipped", reasons[a.id]


def _read_mentions(articles: list[Article], settings: Settings) -> tuple[list[AnalyzedArticle], list[Article]]:
    """The articles' mentions, and the articles that failed (skipped, with the reason)."""
    kept, docs = parse_each(articles, replace(settings, n_process=1), _DOCS)  # a worker is one process
    failed = [a for a in articles if a.status == "skipped"]
    out = []
    for a, d in zip(kept, docs, strict=True):
        try:
            out.append(read_mentions(a, d))
        except Exception as e:  # noqa: BLE001 (one article's failure must not end the run)
            skip_article(a, e)
            failed.append(a)
    return out, failed


def _read_statements(arts: list[AnalyzedArticle], settings: Settings) -> tuple[list[AnalyzedArticle], list[Article]]:
    docs = parse([aa.article for aa in arts], replace(settings, n_process=1), _DOCS)
    out, failed = [], []
    for aa, doc in zip(arts, docs, strict=True):
        try:
            read_statements(aa, doc)
            out.append(aa)
        except Exception as e:  # noqa: BLE001
            skip_article(aa.article, e)
            failed.append(aa.article)
        _DOCS.pop(aa.article.hash, None)
    return out, failed


def _embed_batches(batches: list[list[str]]) -> list:
    from ..nlp.embed import embed

    # texts arrive sorted by length, so embed() keeps their order and makes exactly this one batch
    return [embed(b, batch_size=EMBED_BATCH) for b in batches]


def _analyze_story(
    story, arts: list[AnalyzedArticle], settings: Settings, many: bool
) -> tuple[list[AnalyzedArticle], list[Entity], list[Finding]]:
    entities, findings = analyze_story(story, arts, settings, many)
    return arts, entities, findings
