"""Speed work that must not change a thing: parsing in several processes gives the very report one
process gives, and an article longer than spaCy's 1,000,000-character limit is parsed in pieces,
with every offset still pointing into its text (real model, real files, the CLI in-process)."""

from __future__ import annotations

import csv
import gc
import io
import json
import random
import string
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli, run_cli_subprocess
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

import storydiff.pipeline
from storydiff.errors import StorydiffError
from storydiff.ingest import read_sources
from storydiff.ingest.duplicates import jaccard, mark_near_duplicates, prefix_length, shingles
from storydiff.model import Article
from storydiff.nlp import pipeline as nlp_pipeline
from storydiff.nlp.pipeline import chunks, normalize_quotes, parse_texts
from storydiff.report.json_report import render_json, write_json

EXAMPLE = EXAMPLES / "harbour-fire"


@pytest.fixture
def pipe_calls(nlp, monkeypatch) -> list[dict]:
    """The ``n_process`` and batch size of every ``nlp.pipe`` call (the real pipe still does the work)."""
    calls: list[dict] = []
    real = nlp.pipe

    def spy(texts, **kwargs):
        calls.append(kwargs)
        return real(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", spy)
    return calls


@pytest.mark.slow
def test_statements_read_and_stories_compared_in_two_processes_give_the_very_report_of_one(tmp_path, monkeypatch):
    """Three example stories in one pile, their statements read and their stories compared in forked workers
    (``_statements_in_workers``, ``compare_stories``; the pile is below the size that does so by default):
    byte for byte the report of one process, claims' corroboration included. The sentence model is loaded
    here first, so the workers are forked from a process that holds a session, as the command's are."""
    from storydiff.nlp.embed import embed

    embed(["loaded before the workers are forked"])
    folders = [EXAMPLES / "harbour-fire", EXAMPLES / "drug-recall", EXAMPLES / "rail-derailment"]
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert run_cli(["analyze", *folders, "--json", one, "--jobs", "1", "-q"]).code == 0
    forked: list[int] = []
    real = storydiff.pipeline._compare_in_workers

    def spy(stories, by_id, packed, settings, workers):
        forked.append(workers)
        yield from real(stories, by_id, packed, settings, workers)

    read = storydiff.pipeline._statements_in_workers

    def spy_read(arts, held, packed, workers):
        forked.append(-workers)
        return read(arts, held, packed, workers)

    monkeypatch.setattr(storydiff.pipeline, "_compare_in_workers", spy)
    monkeypatch.setattr(storydiff.pipeline, "_statements_in_workers", spy_read)
    monkeypatch.setattr(storydiff.pipeline, "PARALLEL_STORIES_CHARS", (0, 10**9))
    monkeypatch.setattr(storydiff.pipeline, "PRELOAD_CHARS", 0)  # else a pile this small embeds beside the reading
    assert run_cli(["analyze", *folders, "--json", two, "--jobs", "2", "-q"]).code == 0
    assert forked == [-2, 2]
    assert one.read_bytes() == two.read_bytes()
    report = json.loads(two.read_text("utf-8"))
    assert len(report["stories"]) >= 3 and report["findings"]
    assert any(c["corroborated_by"] for c in report["claims"])


@pytest.mark.slow
def test_two_processes_give_the_very_report_of_one(tmp_path, pipe_calls):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert run_cli(["analyze", EXAMPLE, "--json", one, "--jobs", "1", "-q"]).code == 0
    assert run_cli(["analyze", EXAMPLE, "--json", two, "--jobs", "2", "-q"]).code == 0
    assert [c["n_process"] for c in pipe_calls] == [1, 2]  # the second run did parse in two processes
    assert one.read_bytes() == two.read_bytes()
    assert json.loads(two.read_text("utf-8"))["findings"]


def test_jobs_must_be_a_positive_number(tmp_path):
    result = run_cli(["analyze", EXAMPLE, "--json", tmp_path / "r.json", "--jobs", "0"])
    assert result.code == 2
    assert "--jobs" in result.stderr and "at least 1" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_a_small_story_is_parsed_in_one_process(nlp, pipe_calls):
    parse_texts(["A short note. Nothing else."], n_process=2)
    assert pipe_calls[-1]["n_process"] == 1  # forking costs more than it saves below PARALLEL_MIN_CHARS


# --- memory ------------------------------------------------------------------------------------


def live_docs() -> int:
    gc.collect()
    return sum(isinstance(o, Doc) for o in gc.get_objects())


@pytest.mark.slow
def test_docs_held_compressed_give_the_very_report_and_are_let_go(tmp_path, monkeypatch):
    """Between a Doc's two readings (mentions; then quotes and claims, once names are typed story-wide)
    the Docs past ``LIVE_DOC_CHARS`` are held compressed: the report is byte for byte the same, and only
    the Docs under that budget stay alive while the names are typed."""
    seen: list[int] = []
    before = [0]
    real = storydiff.pipeline.revise_mention_types

    def count(arts):
        seen.append(live_docs() - before[0])
        real(arts)

    monkeypatch.setattr(storydiff.pipeline, "revise_mention_types", count)
    reports = []
    for live_chars in (10**9, 0):
        monkeypatch.setattr(storydiff.pipeline, "LIVE_DOC_CHARS", live_chars)
        out = tmp_path / f"{live_chars}.json"
        before[0] = live_docs()
        assert run_cli(["analyze", EXAMPLE, "--json", out, "--jobs", "1", "-q"]).code == 0
        reports.append(out.read_bytes())
    assert seen == [len(list(EXAMPLE.glob("*.txt"))), 1]  # every Doc alive; then only the last one read
    assert reports[0] == reports[1]


def test_the_json_report_written_piece_by_piece_is_the_rendered_text():
    data = {
        "storydiff_report": 1,
        "articles": [
            {"id": f"a{n}", "text": "“Quoted” café <b>&</b>\n\u2028", "n": n, "x": n / 7} for n in range(3000)
        ],
        "empty": {},
        "none": [],
    }
    out = io.StringIO()
    write_json(data, out)
    assert out.getvalue() == render_json(data)
    assert len(render_json(data)) > 100_000  # more pieces than one write holds


# --- long articles ------------------------------------------------------------------------------


def test_chunks_join_back_and_cut_at_the_best_boundary():
    paras = "\n".join(f"Paragraph {n} says something. It has two sentences." for n in range(400))
    pieces = chunks(paras, 1000)
    assert "".join(pieces) == paras
    assert all(len(p) <= 1000 for p in pieces) and len(pieces) > 10
    assert all(p.endswith("\n") for p in pieces[:-1])  # at a paragraph end
    line = paras.replace("\n", " ")
    pieces = chunks(line, 1000)
    assert "".join(pieces) == line
    assert all(p.endswith(". ") for p in pieces[:-1])  # no paragraph: at a sentence end
    words = " ".join(["word"] * 1000)
    assert all(p.endswith(" ") for p in chunks(words, 1000)[:-1])  # no sentence: at a space
    blob = "x" * 2500
    assert chunks(blob, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]  # one long word: anywhere
    assert chunks("short", 1000) == ["short"]


@pytest.mark.slow
def test_a_text_parsed_in_pieces_keeps_its_offsets_and_sentences(nlp, monkeypatch):
    text = " ".join(p.read_text("utf-8").replace("\n", " ") for p in sorted(EXAMPLE.glob("*.txt")))
    monkeypatch.setattr(nlp_pipeline, "CHUNK_CHARS", 3000)  # one line cut at sentence ends
    assert len(chunks(normalize_quotes(text))) >= 4
    (doc,) = parse_texts([text])
    assert doc.text == normalize_quotes(text)
    sents = list(doc.sents)
    assert len(sents) > 40
    for s in sents:
        assert doc.text[s.start_char : s.end_char] == s.text
    assert {e.label_ for e in doc.ents} >= {"PERSON", "ORG", "DATE"}


def long_article(tmp_path: Path) -> Path:
    """A saved page over 1,000,000 characters: a real story, an inline blob (as a page with an embedded
    image has), and more of the story after it, so that its offsets lie beyond 1,000,000."""
    head = (EXAMPLE / "02_coastline-daily.txt").read_text("utf-8")
    tail = (EXAMPLE / "04_estuary-gazette.txt").read_text("utf-8").split("\n\n", 1)[1]
    rng = random.Random(1)
    blob = "".join(rng.choices(string.ascii_letters + string.digits + "+/", k=1_050_000))
    text = f"{head.rstrip()}\n\ndata:image/png;base64,{blob}\n\n{tail}"
    folder = tmp_path / "pile"
    folder.mkdir()
    path = folder / "06_long-page.txt"
    path.write_text(text, "utf-8")
    for p in sorted(EXAMPLE.glob("0[135]*.txt")):
        (folder / p.name).write_text(p.read_text("utf-8"), "utf-8")
    return folder


@pytest.mark.slow
def test_an_article_over_the_parser_limit_is_analyzed_with_the_others(tmp_path):
    folder = long_article(tmp_path)
    out, db = tmp_path / "report.json", tmp_path / "story.db"
    for _ in range(2):  # the second run reads the stored parse back
        result = run_cli(["analyze", folder, "--json", out, "--db", db, "--no-embeddings", "-q"])
        assert result.code == 0, result.output
        report = json.loads(out.read_text("utf-8"))
        long = next(a for a in report["articles"] if a["source"].endswith("06_long-page.txt"))
        assert long["status"] == "analyzed", long
        text = long["text"]
        assert len(text) > 1_000_000
        assert len([a for a in report["articles"] if a["status"] == "analyzed"]) == 4
        claims = [c for c in report["claims"] if c["article"] == long["id"]]
        after = [c for c in claims if c["start"] > 1_000_000]
        assert after, "nothing read after the blob"
        for c in claims:
            assert normalize_quotes(text[c["start"] : c["end"]]) == normalize_quotes(c["text"])
        for f in report["findings"]:
            for p in f["positions"]:
                for ev in p["evidence"]:
                    if ev["article"] == long["id"]:
                        assert normalize_quotes(text[ev["start"] : ev["end"]]) == normalize_quotes(ev["text"])


# --- near duplicates ----------------------------------------------------------------------------


def all_pairs_near_duplicates(articles: list[Article], threshold: float = 0.8) -> list[str | None]:
    """What near-duplicate search found when it compared every pair (the code before prefix filtering)."""
    kept: list[tuple[Article, set[int]]] = []
    out: list[str | None] = []
    for a in articles:
        mine = shingles(a.text)
        best, best_score = None, 0.0
        for j, (_, theirs) in enumerate(kept):
            score = jaccard(mine, theirs)
            if score > best_score:
                best, best_score = j, score
        dup = None
        if best is not None and best_score >= threshold:
            first = kept[best][0]
            dup = first.duplicate_of or first.id
        a.duplicate_of = dup
        out.append(dup)
        kept.append((a, mine))
    return out


def edited(text: str, rng: random.Random, edits: int) -> str:
    """The text with ``edits`` words changed, dropped or added (as an outlet edits agency copy)."""
    words = text.split()
    for _ in range(edits):
        i = rng.randrange(len(words))
        op = rng.random()
        if op < 0.4:
            words[i] = rng.choice(["said", "on", "Tuesday", "officials", "the", "fire", "police"])
        elif op < 0.7 and len(words) > 5:
            del words[i]
        else:
            words.insert(i, rng.choice(["reportedly", "also", "later", "local"]))
    return " ".join(words)


def example_texts() -> list[str]:
    return [p.read_text("utf-8").split("\n\n", 1)[1] for p in sorted(EXAMPLE.glob("*.txt"))]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from([0.5, 0.8, 0.9]))
def test_near_duplicates_are_the_ones_all_pairs_finds(seed, threshold):
    rng = random.Random(seed)
    texts = example_texts()
    pile = []
    for n in range(30):  # originals, near copies with a few edits, copies of copies, short snippets
        base = rng.choice(texts + [t for _, t in pile]) if pile else rng.choice(texts)
        kind = rng.random()
        text = edited(base, rng, rng.choice([0, 1, 3, 8, 30, 80])) if kind < 0.8 else " ".join(base.split()[:6])
        pile.append((f"a{n}", text))
    expected = all_pairs_near_duplicates([Article(id=i, text=t, source=i) for i, t in pile], threshold)
    found = mark_near_duplicates([Article(id=i, text=t, source=i) for i, t in pile], threshold)
    assert [a.duplicate_of for a in found] == expected


def test_near_duplicates_found_in_a_pile_of_wire_copy():
    rng = random.Random(7)
    texts = example_texts()
    pile = [Article(id=f"orig{n}", text=t, source="x") for n, t in enumerate(texts)]
    pile += [Article(id=f"copy{n}", text=edited(t, rng, 4), source="x") for n, t in enumerate(texts)]
    expected = all_pairs_near_duplicates([Article(id=a.id, text=a.text, source="x") for a in pile])
    marked = [a.duplicate_of for a in mark_near_duplicates(pile)]
    assert marked == expected
    assert marked[0] is None and all(m is not None for m in marked[5:])  # every edited copy is found


def test_prefix_length_never_misses_a_pair():
    for size in range(1, 300):
        for threshold in (0.5, 0.8, 0.9, 1.0):
            # a set sharing all but the prefix's shingles is below the threshold
            p = prefix_length(size, threshold)
            assert 1 <= p <= size
            assert (size - p) / size < threshold or threshold == 0


# --- big exports --------------------------------------------------------------------------------


def export(tmp_path: Path, rows: int) -> Path:
    texts = example_texts()
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "outlet", "text"])
        for n in range(rows):
            words = texts[n % len(texts)].split()
            out.writerow([f"row{n}", f"Outlet {n % 7}", " ".join(words[n % 40 :] + [f"(update {n})"])])
    return path


def test_reading_reports_progress_and_finds_the_copies(tmp_path):
    seen: list[int] = []
    articles = read_sources([str(export(tmp_path, 60))], progress=seen.append)
    assert sum(seen) == len(articles) == 60
    # rows 5, 10, ... repeat row 0's story from a later word: near copies of an earlier row
    assert sum(a.duplicate_of is not None for a in articles) >= 30
    assert articles[0].duplicate_of is None


def test_an_export_over_the_limit_says_so_before_the_analysis(tmp_path):
    path = export(tmp_path, 30)
    with pytest.raises(StorydiffError, match=r"export\.csv: 30 articles, more than the 20 storydiff analyzes"):
        read_sources([str(path)], max_articles=20)
    assert len(read_sources([str(path)], max_articles=30)) == 30


def _findings_as_set(report: dict) -> set[tuple]:
    """What a report says, whatever order its stories came in: each finding by its kind, severity and the values
    with the articles and offsets of their evidence."""
    return {
        (
            f["kind"],
            f["type"],
            f["severity"],
            tuple(
                sorted(
                    (str(p["value"]), tuple(sorted((e["article"], e["start"], e["end"]) for e in p["evidence"])))
                    for p in f["positions"]
                )
            ),
        )
        for f in report["findings"]
    }


@pytest.mark.slow
def test_fresh_processes_with_different_hash_seeds_give_the_very_same_report(tmp_path):
    """The whole command, run as a user runs it, in fresh processes whose string hashes differ (so that any set or
    dict iteration order that leaks into a decision shows): in one process and over two, the same report byte for
    byte; with the folders given in the opposite order, the same findings. Six example stories in one pile, so
    that stories are compared after others (a cache that one story filled and another read once made the whole
    ECB+ differ from run to run)."""
    folders = [
        EXAMPLES / name
        for name in ("harbour-fire", "drug-recall", "rail-derailment", "river-flood", "port-takeover", "clinic-breach")
    ]
    runs = [
        (folders, "1", "1"),
        (folders, "2", "4242"),
        (list(reversed(folders)), "2", "77"),
    ]
    reports = []
    for n, (order, jobs, seed) in enumerate(runs):
        out = tmp_path / f"{n}.json"
        result = run_cli_subprocess(
            ["analyze", *order, "--json", out, "--jobs", jobs, "-q"], timeout=600, env={"PYTHONHASHSEED": seed}
        )
        assert result.code == 0, result.stderr
        reports.append(out)
    first = json.loads(reports[0].read_text("utf-8"))
    assert len(first["stories"]) >= 6 and first["findings"]
    assert reports[0].read_bytes() == reports[1].read_bytes()
    assert _findings_as_set(first) == _findings_as_set(json.loads(reports[2].read_text("utf-8")))
