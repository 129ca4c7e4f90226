"""Command line: a thin layer over the library (validate and report here, work in ``pipeline``)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .compare.stories import DEFAULT_THRESHOLD
from .errors import NothingToAnalyze, StorydiffError
from .model import Article, Report
from .pipeline import Settings

OUTPUTS = {"json": "json", "html": "html", "md": "md", "csv": "csv", "claimreview": "claimreview"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="storydiff",
        description="Compare how outlets cover one story: contradictions, single-source claims and quotes, with evidence.",
    )
    p.add_argument("--version", action="version", version=f"storydiff {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="analyze a story's coverage (files, folders, URLs, feeds, archives)")
    a.add_argument(
        "sources", nargs="*", metavar="PATH", help="article files, folders (read recursively), URLs or feeds"
    )
    a.add_argument("--urls", metavar="FILE", help="a file listing URLs, one a line")
    a.add_argument(
        "--columns", metavar="MAP", help="column mapping for CSV/JSONL exports, e.g. text=body,outlet=source"
    )
    a.add_argument("--json", metavar="FILE", help="write the JSON report (format version 1)")
    a.add_argument("--html", metavar="FILE", help="write the self-contained HTML report")
    a.add_argument("--md", metavar="FILE", help="write the Markdown report")
    a.add_argument("--csv", metavar="FILE", help="write one CSV row per finding position")
    a.add_argument("--claimreview", metavar="FILE", help="write schema.org ClaimReview drafts (JSON-LD)")
    a.add_argument(
        "--db", metavar="FILE", help="SQLite store: adds new articles, reuses stored parses, recomputes findings"
    )
    a.add_argument(
        "--parquet", metavar="DIR", help="write the report's tables as Parquet files (queryable with DuckDB)"
    )
    a.add_argument(
        "--story-threshold",
        type=float,
        nargs="?",
        const=DEFAULT_THRESHOLD,
        default=None,
        metavar="X",
        help="the input mixes stories: group articles into stories first (similarity 0..1; "
        f"{DEFAULT_THRESHOLD} when given alone)",
    )
    a.add_argument("--dask", metavar="ADDRESS", help="run on Dask: local:N or tcp://host:8786")
    a.add_argument(
        "--no-embeddings", action="store_true", help="skip sentence embeddings (faster, no corroboration by paraphrase)"
    )
    a.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="parse in N processes (default: one per CPU core this process may use; 1 for one process)",
    )
    a.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    return p


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The one place where flags become settings."""
    settings = Settings(embeddings=not args.no_embeddings, story_threshold=args.story_threshold)
    if args.jobs is not None:
        if args.jobs < 1:
            raise StorydiffError(f"--jobs: expected a number of processes of at least 1, got {args.jobs}")
        settings.n_process = args.jobs
    return settings


def parse_columns(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    from .ingest.export import parse_column_map

    return parse_column_map(spec)


def read_inputs(args: argparse.Namespace, store=None) -> list[Article]:
    from . import ingest

    if not args.sources and not args.urls:
        raise StorydiffError("nothing to analyze: give files, folders or URLs (or --urls FILE)")
    cache = store.page_cache() if store is not None else None
    columns = parse_columns(args.columns)
    if args.quiet:
        return ingest.read_sources(args.sources, urls_file=args.urls, columns=columns, cache=cache)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns_shown = (SpinnerColumn(), TextColumn("Reading inputs: {task.completed:,} read"), TimeElapsedColumn())
    with Progress(*columns_shown, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("read", total=None)
        return ingest.read_sources(
            args.sources,
            urls_file=args.urls,
            columns=columns,
            cache=cache,
            progress=lambda n: progress.advance(task, n),
        )


def analyze_cli(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(stderr=True, quiet=args.quiet)
    err = Console(stderr=True)
    settings = settings_from_args(args)
    store = None
    if args.db:
        from .store import Store

        store = Store(args.db)
    articles = read_inputs(args, store)
    for a in articles:
        if a.status == "skipped":
            err.print(f"[yellow]skipped[/yellow] {a.source}: {a.reason}", markup=True, highlight=False, soft_wrap=True)
    if store is not None:
        articles = store.merge_articles(articles)
    good = [a for a in articles if a.status == "analyzed"]
    if not good:
        raise NothingToAnalyze(f"no article could be analyzed ({len(articles)} input(s) skipped; reasons above)")
    report = run_analysis(articles, settings, store, console, args)
    data = report.to_dict()
    written = []
    from .report import write_report

    for flag, fmt in OUTPUTS.items():
        path = getattr(args, flag)
        if path:
            written.append((fmt, write_report(data, path, fmt)))
    if args.parquet:
        from .scale.parquet import write_parquet

        write_parquet(report, args.parquet)
        written.append(("parquet", Path(args.parquet)))
    if store is not None:
        store.save_report(report)
        written.append(("db", Path(args.db)))
    if not args.quiet:
        print_summary(console, report, written)
    return 0


def run_analysis(articles: list[Article], settings: Settings, store, console, args) -> Report:
    from .pipeline import analyze

    docs = store.load_docs([a for a in articles if a.status == "analyzed"]) if store is not None else None
    good = [a for a in articles if a.status == "analyzed"]
    if args.dask:
        from .scale.dask_runner import analyze_on_dask

        return analyze_on_dask(articles, settings, args.dask)
    if len(good) > 5 and not args.quiet:
        from rich.progress import Progress

        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Reading articles", total=len(good))
            report = analyze(articles, settings, docs, progress=lambda n: progress.advance(task, n))
    else:
        report = analyze(articles, settings, docs)
    if store is not None and docs is not None:
        store.save_docs(good, docs)
    return report


def print_summary(console, report: Report, written: list) -> None:
    from rich.table import Table

    sev = Counter(f.severity for f in report.findings if f.kind != "single_source")
    single = sum(1 for f in report.findings if f.kind == "single_source")
    table = Table(title="storydiff", show_header=False, title_justify="left")
    table.add_row("articles analyzed", str(len(report.analyzed)))
    table.add_row("articles skipped", str(len(report.skipped)))
    table.add_row("contradictions: high", str(sev.get("high", 0)))
    table.add_row("contradictions: medium", str(sev.get("medium", 0)))
    table.add_row("contradictions: low", str(sev.get("low", 0)))
    table.add_row("single-source claims", str(single))
    table.add_row("quotes", str(len(report.quotes)))
    for fmt, path in written:
        table.add_row(f"{fmt} report", str(path))
    console.print(table)
    for f in report.findings:
        if f.kind != "single_source" and f.severity in {"high", "medium"}:
            console.print(
                f"[bold]{f.severity.upper()}[/bold] {f.topic}: " + " vs ".join(p.value for p in f.positions),
                markup=True,
                highlight=False,
            )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "analyze":
            return analyze_cli(args)
    except NothingToAnalyze as e:
        print(f"storydiff: {e}", file=sys.stderr)
        return 2
    except StorydiffError as e:
        print(f"storydiff: {e}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
