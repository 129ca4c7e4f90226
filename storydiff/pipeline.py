"""The whole flow, readable in one screen:

    articles ──parse──▶ Docs ──extract──▶ mentions ──revise types (story)──▶ quotes, claims
             ──resolve──▶ entities ──compare──▶ findings ──▶ Report

Each stage is a public function, so the batch runner and the Dask runner call the same code.
"""

from __future__ import annotations

import os
import pickle
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc

from .compare.aligned import aligned_findings, canonical_key
from .compare.corroboration import Sources, corroborate, single_source_findings
from .compare.detectors import DETECTORS
from .compare.findings import assign_ids, rank
from .compare.names import name_findings
from .compare.quotes import quote_discrepancies, quote_speaker_conflicts, quote_wording_by_words
from .compare.stories import Features, group_stories, story_features, story_title
from .compare.verify import check
from .errors import Skip
from .extract.claims import extract_claims
from .extract.entities import extract_mentions
from .extract.quotes import extract_quotes
from .extract.statements import build_statements
from .model import AnalyzedArticle, Article, Entity, Finding, Quote, Report, Sentence, Story
from .nlp.pipeline import _forks, iter_parse_texts, load_nlp
from .resolve.entities import add_missed_mentions, entity_lookup, norm_name, resolve_entities, revise_types

Progress = Callable[[int], None]


def available_cores() -> int:
    """The CPU cores this process may run on (the default number of parsing processes)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass
class Settings:
    """Everything that changes how a story is analyzed (one object, one place; see ``cli.settings_from_args``)."""

    embeddings: bool = True  # sentence embeddings for corroboration (all-MiniLM-L6-v2, ONNX)
    batch_size: int = 16
    n_process: int = field(default_factory=available_cores)  # parsing processes (``--jobs``)
    detectors: tuple[str, ...] = field(default_factory=lambda: tuple(DETECTORS))
    # group the input into stories first (None: all one story). The command groups by default
    # (DEFAULT_THRESHOLD; --one-story for None); a library caller that passes one story says nothing
    story_threshold: float | None = None
    align_threshold: float | None = None  # statements about the same event from this score (None: the trained one)
    verify: bool = True  # the learned second look that lowers contradictions whose sides are two facts


def parse(
    articles: list[Article], settings: Settings, docs: dict[str, Doc] | None = None, progress: Progress | None = None
) -> list[Doc]:
    """spaCy Docs for the articles, reusing any already parsed (``docs`` by content hash)."""
    return [doc for _, doc in iter_parse(articles, settings, docs, progress)]


def iter_parse(
    articles: list[Article], settings: Settings, docs: dict[str, Doc] | None = None, progress: Progress | None = None
) -> Iterator[tuple[Article, Doc]]:
    """Each article with its spaCy Doc, in order, as soon as it is parsed (so no caller has to hold them all).

    A Doc already in ``docs`` (by content hash) is reused, and each new one is added there."""
    cached = [docs is not None and a.hash in docs for a in articles]
    todo = [a.text for a, c in zip(articles, cached, strict=True) if not c]
    fresh = iter_parse_texts(todo, settings.batch_size, settings.n_process) if todo else iter(())
    for a, c in zip(articles, cached, strict=True):
        if c and docs is not None:
            doc = docs[a.hash]
        else:
            doc = next(fresh)
            if docs is not None:
                docs[a.hash] = doc
        if progress:
            progress(1)
        yield a, doc


def parse_each(
    articles: list[Article], settings: Settings, docs: dict[str, Doc] | None = None, progress: Progress | None = None
) -> tuple[list[Article], list[Doc]]:
    """``parse``, but an article that makes spaCy raise is skipped with the reason instead of ending the run.

    Returns the articles that parsed and their Docs."""
    pairs = list(iter_parse_each(articles, settings, docs, progress))
    return [a for a, _ in pairs], [d for _, d in pairs]


def iter_parse_each(
    articles: list[Article], settings: Settings, docs: dict[str, Doc] | None = None, progress: Progress | None = None
) -> Iterator[tuple[Article, Doc]]:
    """``iter_parse``, but an article that makes spaCy raise is skipped with the reason instead of ending the run.

    The batch is parsed whole first; only when it fails are the articles from the one it failed at
    parsed one by one, to find the one (or more) at fault."""
    done = 0
    try:
        for pair in iter_parse(articles, settings, docs, progress):
            yield pair
            done += 1
        return
    except Exception:  # noqa: BLE001 (any failure of one article must not end the run)
        pass
    one = replace(settings, n_process=1)
    for a in articles[done:]:
        try:
            (pair,) = iter_parse([a], one, docs, progress)
        except Exception as e:  # noqa: BLE001
            skip_article(a, e)
            continue
        yield pair


def skip_article(a: Article, error: BaseException) -> None:
    """Mark an article that failed during analysis as skipped, with the error as its reason (in place)."""
    text = " ".join(str(error).split())
    text = text if len(text) <= 200 else text[:197] + "..."
    a.status = "skipped"
    a.reason = Skip.ANALYSIS_FAILED.format(
        error=f"{error.__class__.__name__}: {text}" if text else error.__class__.__name__
    )


def extract(articles: list[Article], docs: list[Doc], settings: Settings) -> list[AnalyzedArticle]:
    """Mentions, quotes and claims of each article, with entity types decided story-wide.

    An article whose extraction raises is skipped with the reason (``skip_article``) and left out.
    """
    return extract_each(zip(articles, docs, strict=True), settings)


# Docs of this many characters in all stay as they are between the two readings; past it, each is kept
# serialized and compressed (about a sixth of its size), so that memory does not grow with the pile
LIVE_DOC_CHARS = 2_000_000
# up to this many characters in all, the sentence model loads in a thread while the articles are read
PRELOAD_CHARS = 200_000


def extract_each(
    parsed: Iterable[tuple[Article, Doc]],
    settings: Settings,
    packed: dict[str, Packed] | None = None,
    preload: bool = False,
) -> list[AnalyzedArticle]:
    """``extract`` of (article, Doc) pairs as they come from the parse (``iter_parse_each``).

    Each Doc is read twice: for its mentions as it arrives, and for its quotes and claims once every
    article's names are typed (``revise_mention_types``). In between, the Docs past ``LIVE_DOC_CHARS``
    are held as compressed bytes (``Doc.to_bytes``, which round-trips exactly), and each is let go once read.
    With ``packed``, each article's statements are packed there as soon as they are read (``Packed``).
    With ``preload``, the sentence model starts loading in a thread as the first Doc arrives.
    """
    arts: list[AnalyzedArticle] = []
    held: list[Doc | bytes] = []
    live = 0
    loading = not (settings.embeddings and preload)
    for a, doc in parsed:
        if not loading:
            # the sentence model loads beside the reading of the articles (started once the parse has forked
            # its workers, so that no process starts while the loading thread runs)
            from .nlp.embed import preload as load_embeddings

            load_embeddings()
            loading = True
        try:
            arts.append(read_mentions(a, doc))
        except Exception as e:  # noqa: BLE001
            skip_article(a, e)
            continue
        live += len(a.text)
        held.append(doc if live <= LIVE_DOC_CHARS else zlib.compress(doc.to_bytes(), 1))
    revise_mention_types(arts)
    done: list[AnalyzedArticle] = []
    # a small pile embeds each article's claims in a thread while the next article's are read; a large one
    # embeds them all after the statements, in this thread (in a thread of their own, onnxruntime's buffers
    # came from another allocator arena and 1,000 articles peaked 80 MiB higher)
    beside = _EmbedBeside() if settings.embeddings and preload else None
    try:
        chars = sum(len(aa.article.text) for aa in arts)
        workers = min(settings.n_process, len(arts))
        parallel = beside is None and workers > 1 and _parallel(chars) and _forks()
        if parallel:
            done = _statements_in_workers(arts, held, packed, workers)
            held.clear()
        for n, aa in enumerate([] if parallel else arts):
            kept, held[n] = held[n], b""
            doc = Doc(load_nlp().vocab).from_bytes(zlib.decompress(kept)) if isinstance(kept, bytes) else kept
            try:
                read_statements(aa, doc)
            except Exception as e:  # noqa: BLE001
                skip_article(aa.article, e)
                continue
            if beside is not None:
                beside.add(aa)
            done.append(aa)
            if packed is not None:
                packed[aa.article.id] = Packed(aa)
        if beside is not None:
            beside.finish(done)
        elif settings.embeddings:
            embed_claims(done)
    finally:
        if beside is not None:
            beside.close()
    return done


# what the statement workers read: set before they are forked, so that they inherit it (Docs included)
_TO_READ: tuple[list[AnalyzedArticle], list[Doc | bytes], bool] | None = None


def _statements_in_workers(
    arts: list[AnalyzedArticle], held: list[Doc | bytes], packed: dict[str, Packed] | None, workers: int
) -> list[AnalyzedArticle]:
    """``read_statements`` of each article in ``workers`` forked processes, a run of articles at a time: the
    articles that were read, in order, with their quotes and claims, and their statements (packed in
    ``packed`` when given, as the one-process loop does); an article that fails is skipped with the reason.
    Reading statements changes nothing but the three lists it sets (and the article it skips)."""
    import multiprocessing

    global _TO_READ
    size = max(1, -(-len(arts) // (8 * workers)))  # eight runs a worker: the last ones finish together
    runs = [(lo, min(lo + size, len(arts))) for lo in range(0, len(arts), size)]
    _TO_READ = (arts, held, packed is not None)
    done: list[AnalyzedArticle] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (lo, _), results in zip(runs, pool.imap(_read_run, runs), strict=True):
                for aa, result in zip(arts[lo:], results, strict=False):
                    if result[0] == "skipped":
                        aa.article.status, aa.article.reason = result[1], result[2]
                        continue
                    _, aa.quotes, aa.claims, statements = result
                    if packed is not None:
                        packed[aa.article.id] = Packed.of(statements)
                    else:
                        aa.statements = statements
                    done.append(aa)
    finally:
        _TO_READ = None
    return done


def _read_run(run: tuple[int, int]) -> list[tuple[Any, ...]]:
    """In a statement worker: ``read_statements`` of the articles ``run`` spans: ("read", quotes, claims,
    statements, packed when the caller packs them) or ("skipped", status, reason) each."""
    assert _TO_READ is not None
    arts, held, pack = _TO_READ
    out: list[tuple[Any, ...]] = []
    for n in range(*run):
        aa, kept = arts[n], held[n]
        doc = Doc(load_nlp().vocab).from_bytes(zlib.decompress(kept)) if isinstance(kept, bytes) else kept
        try:
            read_statements(aa, doc)
        except Exception as e:  # noqa: BLE001
            skip_article(aa.article, e)
            out.append(("skipped", aa.article.status, aa.article.reason))
            continue
        out.append(("read", aa.quotes, aa.claims, _pack(aa.statements) if pack else aa.statements))
    return out


class _EmbedBeside:
    """``embed_claims`` of a small pile, done while its statements are read: each article's sentences worth
    embedding (those not handed over already) go to a thread as soon as its claims are read, and onnxruntime,
    which lets go of the GIL while it runs, embeds them beside the reading of the next article.

    A sentence's vector is the same whatever else is embedded with it (``tests/test_embed.py``), so the rows
    are those ``embed_claims`` gives."""

    def __init__(self) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(1, thread_name_prefix="storydiff-embed")
        self.where: dict[str, tuple[int, int]] = {}  # sentence -> (batch, row in it)
        self.batches: list[Future[Any]] = []

    def add(self, aa: AnalyzedArticle) -> None:
        from .nlp.embed import embed

        texts: list[str] = []
        for c, keep in zip(aa.claims, _worth_embedding(aa), strict=True):
            if keep and c.text not in self.where:
                self.where[c.text] = (len(self.batches), len(texts))
                texts.append(c.text)
        if texts:
            self.batches.append(self.pool.submit(embed, texts))

    def finish(self, arts: list[AnalyzedArticle]) -> None:
        vecs = [b.result() for b in self.batches]
        where = self.where
        _set_embeddings(arts, lambda text: vecs[where[text][0]][where[text][1]])

    def close(self) -> None:
        for b in self.batches:
            b.cancel()
        self.pool.shutdown(wait=True)


def read_mentions(a: Article, doc: Doc) -> AnalyzedArticle:
    """An article's sentences and named mentions (types still as the model saw them)."""
    sentences = [Sentence(a.id, s.start_char, s.end_char, a.text[s.start_char : s.end_char]) for s in doc.sents]
    return AnalyzedArticle(article=a, sentences=sentences, mentions=extract_mentions(doc, a.id, a.text))


def revise_mention_types(arts: list[AnalyzedArticle]) -> None:
    """Decide each name's type once across all the articles (in place)."""
    texts = {aa.article.id: aa.article.text for aa in arts}
    revise_types([m for aa in arts for m in aa.mentions], texts)
    add_missed_mentions(
        {aa.article.id: aa.mentions for aa in arts},
        texts,
        {aa.article.id: [s.start for s in aa.sentences] for aa in arts},
    )


def read_statements(aa: AnalyzedArticle, doc: Doc) -> None:
    """An article's quotes and claims, from its Doc and its (revised) mentions (in place)."""
    # the Doc was parsed from a copy with straight quote marks: text is cut from the article itself
    aa.quotes = extract_quotes(doc, aa.article.id, aa.mentions, aa.article.text)
    aa.claims = extract_claims(doc, aa.article.id, aa.mentions, aa.article.published, aa.article.text)
    aa.statements = build_statements(doc, aa.article.id, aa.mentions, aa.claims, aa.article.published, aa.article.text)


def embed_claims(arts: list[AnalyzedArticle], embed: Callable[[list[str]], Any] | None = None) -> None:
    """One embedding row per claim, all claims embedded in one call (``embed``: the function that does it),
    each distinct sentence once."""
    if embed is None:
        from .nlp.embed import embed as embed_texts

        embed = embed_texts
    import numpy as np

    # embed only what comparison needs: sentences that name something or hold a comparable value
    rows: dict[str, int] = {}
    for aa in arts:
        for c, keep in zip(aa.claims, _worth_embedding(aa), strict=True):
            if keep:
                rows.setdefault(c.text, len(rows))
    vecs = embed(list(rows)) if rows else np.zeros((0, 384), dtype=np.float32)
    _set_embeddings(arts, lambda text: vecs[rows[text]])


def _set_embeddings(arts: list[AnalyzedArticle], vector: Callable[[str], Any]) -> None:
    """One row per claim: the vector of its sentence where it is worth embedding, else zeros."""
    import numpy as np

    for aa in arts:
        rows = np.zeros((len(aa.claims), 384), dtype=np.float32)
        for n, (c, keep) in enumerate(zip(aa.claims, _worth_embedding(aa), strict=True)):
            if keep:
                rows[n] = vector(c.text)
        aa.embeddings = rows


def _worth_embedding(aa: AnalyzedArticle) -> list[bool]:
    """Claims with a comparable value (a slot): the ones whose corroboration a report shows."""
    return [bool(c.slots) for c in aa.claims]


def resolve(arts: list[AnalyzedArticle], prefix: str = "") -> list[Entity]:
    texts = {aa.article.id: aa.article.text for aa in arts}
    return resolve_entities(
        [m for aa in arts for m in aa.mentions], texts, [aa.article.id for aa in arts], prefix=prefix
    )


def compare(arts: list[AnalyzedArticle], entities: list[Entity], settings: Settings) -> list[Finding]:
    """Contradictions, quote discrepancies and single-source claims of one story."""
    texts = {aa.article.id: aa.article.text for aa in arts}
    outlets = {aa.article.id: aa.article.outlet for aa in arts}
    published = {aa.article.id: aa.article.published for aa in arts}
    sources = Sources(arts)
    entity_names = entity_lookup(entities)

    def entity_of(name: str) -> str | None:
        return entity_names.get(norm_name(name))

    corroborate(arts, sources)
    findings = [
        f
        for f in aligned_findings(
            arts,
            entities,
            canonical_key(entities),
            sources.independent,
            texts,
            outlets,
            published,
            settings.align_threshold,
        )
        if f.type in settings.detectors or _detector_slot(f) in settings.detectors
    ]
    findings += [
        f
        for f in name_findings(
            arts,
            entities,
            texts,
            outlets,
            published,
            sources.independent,
            _TextSimilarity() if settings.embeddings else None,
        )
        if f.type in settings.detectors or _detector_slot(f) in settings.detectors
    ]
    quotes = [q for aa in arts for q in aa.quotes]
    findings += quote_discrepancies(
        quotes,
        texts,
        outlets,
        entity_of,
        sources.independent,
        occasion=_occasions(arts),
        similar=_quote_similarity() if settings.embeddings else None,
    )
    covered = {
        (e.article, e.start) for f in findings if f.kind == "quote_discrepancy" for p in f.positions for e in p.evidence
    }
    findings += quote_wording_by_words(quotes, texts, sources.independent, covered)
    people = {e.id for e in entities if e.type == "PERSON"}
    findings += quote_speaker_conflicts(
        quotes, texts, entity_of, sources.independent, person=lambda name: entity_of(name) in people
    )
    if settings.verify:
        check(findings, arts, _embed_function() if settings.embeddings else None)
    findings += single_source_findings(arts, entities, sources, outlets)
    return rank(findings)


def _embed_function() -> Callable[[list[str]], Any]:
    from .nlp.embed import embed

    return embed


def _detector_slot(f: Finding) -> str:
    if f.type == "update":  # a figure revised by a later article: the count or amount detector's finding
        return "amount" if f.topic.startswith("how much") else "count"
    return next((d.slot for d in DETECTORS.values() if d.name == f.type), f.type)


def _occasions(arts: list[AnalyzedArticle]) -> Callable[[Quote], set[str]]:
    """The days a quote's sentence gives for when it was said ("told reporters on Tuesday: “...”")."""
    days: dict[tuple[str, int], set[str]] = {}
    for aa in arts:
        for c in aa.claims:
            for s in c.slots:
                # a day, or either of two ("Tuesday" in an article of a Tuesday: today or a week before)
                if s.slot in {"date", "date_any"} and re.fullmatch(
                    r"\d{4}-\d{2}-\d{2}(?:/\d{4}-\d{2}-\d{2})?", str(s.value)
                ):
                    days.setdefault((c.article, c.sentence), set()).update(str(s.value).split("/"))
    return lambda q: days.get((q.article, q.sentence), set())


class _TextSimilarity:
    """Cosine similarity of two short texts, each embedded once; ``prime`` embeds many in one batch."""

    def __init__(self) -> None:
        self.cache: dict[str, Any] = {}

    def prime(self, texts: list[str]) -> None:
        import numpy as np

        from .nlp.embed import embed

        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            for t, v in zip(todo, embed(todo), strict=True):
                self.cache[t] = v / (np.linalg.norm(v) or 1.0)

    def __call__(self, a: str, b: str) -> float:
        self.prime([a, b])
        return float(self.cache[a] @ self.cache[b])


def _quote_similarity() -> Callable[[Quote, Quote], float]:
    """Cosine similarity of two direct quotes, embedded lazily (only quotes the rules could not match)."""
    similar = _TextSimilarity()
    return lambda a, b: similar(a.text, b.text)


def stories_of(arts: list[AnalyzedArticle], settings: Settings, features: Features | None = None) -> list[Story]:
    """The stories that a pile of articles falls into (one story when ``story_threshold`` is None).

    ``features``: the articles' ``story_features``, when taken already."""
    threshold = settings.story_threshold
    if threshold is None or len(arts) < 2:
        return [Story(id="s1", title=story_title(arts), articles=[aa.article.id for aa in arts])] if arts else []
    return group_stories(arts, threshold, features)


def grouped(arts: list[AnalyzedArticle], settings: Settings) -> bool:
    """Does ``stories_of`` group these articles (rather than take them as one story)?"""
    return settings.story_threshold is not None and len(arts) >= 2


def analyze_story(
    story: Story, arts: list[AnalyzedArticle], settings: Settings, many: bool
) -> tuple[list[Entity], list[Finding]]:
    """Resolve and compare the articles of one story."""
    entities = resolve(arts, prefix=f"{story.id}-" if many else "")
    findings = compare(arts, entities, settings)
    for f in findings:
        f.story = story.id
    assign_ids(findings)  # within the story; assemble_report makes them unique across stories
    return entities, findings


def analyze(
    articles: Iterable[Article],
    settings: Settings | None = None,
    docs: dict[str, Doc] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Analyze coverage: every article in, a Report out (skipped inputs listed with reasons).

    Memory grows with the pile by what the report holds, not by what the analysis needs on the way:
    each Doc is let go once read (``extract_each``), what only an article's story reads waits for the
    story packed (``Packed``), and a story's working state goes once its findings are made.
    """
    settings = settings or Settings()
    articles = list(articles)
    good = [a for a in articles if a.status == "analyzed"]
    packed: dict[str, Packed] = {}
    # a small pile (where start-up is much of the time) loads the sentence model beside the reading; a large
    # one loads it when the sentences come, after its Docs are let go (the session holds about 100 MiB)
    small = sum(len(a.text) for a in good) <= PRELOAD_CHARS
    arts = extract_each(iter_parse_each(good, settings, docs, progress), settings, packed, preload=small)
    features = story_features(arts) if grouped(arts, settings) else None
    for aa in arts:  # from here until its story's turn, an article's extraction is read only to report it
        packed[aa.article.id].pack(aa)
    stories = stories_of(arts, settings, features)
    del features
    by_id = {aa.article.id: aa for aa in arts}
    entities: list[Entity] = []
    findings: list[Finding] = []
    for e, f in compare_stories(stories, by_id, packed, settings):
        entities += e
        findings += f
    return assemble_report(articles, arts, entities, findings, stories)


# From this many characters in all, and up to the second figure, the statements are read and the stories
# compared in ``n_process`` forked processes. Below, forking (and the sentence model each compare worker loads)
# costs more than it saves; above, a pile is large enough that a worker, which starts as large as this process,
# would add to the peak memory.
PARALLEL_STORIES_CHARS = (PRELOAD_CHARS, 6_000_000)


def _parallel(chars: int) -> bool:
    low, high = PARALLEL_STORIES_CHARS
    return low <= chars <= high


def compare_stories(
    stories: list[Story], by_id: dict[str, AnalyzedArticle], packed: dict[str, Packed], settings: Settings
) -> Iterator[tuple[list[Entity], list[Finding]]]:
    """``analyze_story`` of each story in turn, its articles' packed parts restored for it and let go after
    it (the report keeps only the quotes and claims): the entities and findings of each, in story order.

    Stories are independent: a pile of ``PARALLEL_STORIES_CHARS`` compares them in ``settings.n_process``
    forked processes, the largest first, and yields the very same (each worker returns what ``analyze_story``
    made, and the claims' ``corroborated_by``, the one thing it sets on what the report keeps)."""
    many = len(stories) > 1
    chars = sum(len(by_id[i].article.text) for s in stories for i in s.articles)
    workers = min(settings.n_process, len(stories))
    if workers > 1 and _parallel(chars) and _forks():
        yield from _compare_in_workers(stories, by_id, packed, settings, workers)
        return
    for story in stories:
        story_arts = [by_id[i] for i in story.articles]
        for aa in story_arts:
            packed.pop(aa.article.id).restore(aa)
        e, f = analyze_story(story, story_arts, settings, many)
        for aa in story_arts:
            aa.sentences, aa.mentions, aa.statements, aa.embeddings = [], [], [], None
        yield e, f


# what the compare workers read: set before they are forked, so that they inherit it instead of receiving it
_TO_COMPARE: tuple[list[Story], dict[str, AnalyzedArticle], dict[str, Packed], Settings] | None = None


def _compare_in_workers(
    stories: list[Story], by_id: dict[str, AnalyzedArticle], packed: dict[str, Packed], settings: Settings, workers: int
) -> Iterator[tuple[list[Entity], list[Finding]]]:
    import multiprocessing

    global _TO_COMPARE
    # the largest stories first, so that no worker is left with a big one at the end
    order = sorted(range(len(stories)), key=lambda n: -sum(len(by_id[i].article.text) for i in stories[n].articles))
    done: list[Any] = [None] * len(stories)
    _TO_COMPARE = (stories, by_id, packed, settings)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for n, result in pool.imap_unordered(_compare_one, order):
                done[n] = result
    finally:
        _TO_COMPARE = None
    for story, (e, f, corroborated) in zip(stories, done, strict=True):
        for i, rows in zip(story.articles, corroborated, strict=True):
            packed.pop(i, None)
            for claim, support in zip(by_id[i].claims, rows, strict=True):
                claim.corroborated_by = support
        yield e, f


def _compare_one(n: int) -> tuple[int, tuple[list[Entity], list[Finding], list[list[list[str]]]]]:
    """In a compare worker: ``analyze_story`` of the ``n``-th story, and its claims' ``corroborated_by``."""
    assert _TO_COMPARE is not None
    stories, by_id, packed, settings = _TO_COMPARE
    story = stories[n]
    story_arts = [by_id[i] for i in story.articles]
    for aa in story_arts:
        packed[aa.article.id].restore(aa)
    e, f = analyze_story(story, story_arts, settings, len(stories) > 1)
    corroborated = [[c.corroborated_by for c in aa.claims] for aa in story_arts]
    for aa in story_arts:
        aa.sentences, aa.mentions, aa.statements, aa.embeddings = [], [], [], None
    return n, (e, f, corroborated)


class Packed:
    """The parts of an article's extraction that only its story's comparison reads, pickled and compressed
    while the story waits its turn: the statements (packed as soon as they are read), then the sentences,
    mentions and embeddings (once the pile's story features are taken). Together they are most of what an
    article holds; the quotes and claims, which the report keeps, stay as they are."""

    def __init__(self, aa: AnalyzedArticle) -> None:
        self.statements = _pack(aa.statements)
        aa.statements = []
        self.rest = b""

    @classmethod
    def of(cls, statements: bytes) -> Packed:
        """The Packed of an article whose statements were packed already (``_pack``, in a statement worker)."""
        packed = cls.__new__(cls)
        packed.statements, packed.rest = statements, b""
        return packed

    def pack(self, aa: AnalyzedArticle) -> None:
        self.rest = _pack((aa.sentences, aa.mentions, aa.embeddings))
        aa.sentences, aa.mentions, aa.embeddings = [], [], None

    def restore(self, aa: AnalyzedArticle) -> None:
        aa.statements = pickle.loads(zlib.decompress(self.statements))
        if self.rest:
            aa.sentences, aa.mentions, aa.embeddings = pickle.loads(zlib.decompress(self.rest))


def _pack(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def assemble_report(
    articles: list[Article],
    arts: list[AnalyzedArticle],
    entities: list[Entity],
    findings: list[Finding],
    stories: list[Story],
) -> Report:
    """The Report of analyzed articles (in input order) and what their stories' analyses found."""
    assign_ids(findings)
    return Report(
        articles=articles,
        entities=entities,
        quotes=[q for aa in arts for q in aa.quotes],
        claims=[c for aa in arts for c in aa.claims],
        findings=findings,
        stories=stories,
    )
