"""Command line: a thin layer over the library (validate and report here, work in ``pipeline``)."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

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
    order = a.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        default=None,
        help="numeric dates in CSV/JSONL exports are day first (11/03/2026 is 11 March); by default each "
        "file's date column tells (a day above 12), and a date it cannot tell is left unset with a note",
    )
    order.add_argument(
        "--monthfirst", dest="dayfirst", action="store_const", const=False, help="numeric dates are month first"
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
        default=DEFAULT_THRESHOLD,
        metavar="X",
        help="articles are grouped into stories first; how alike two must be to share one "
        f"(similarity 0..1, default {DEFAULT_THRESHOLD}: higher splits more)",
    )
    a.add_argument(
        "--one-story", action="store_true", help="treat all the input as one story (no grouping into stories)"
    )
    a.add_argument(
        "--allow-private-network",
        action="store_true",
        help="allow fetching from private, loopback and link-local addresses (refused by default)",
    )
    a.add_argument("--dask", metavar="ADDRESS", help="run on Dask: local:N or tcp://host:8786")
    a.add_argument(
        "--no-embeddings", action="store_true", help="skip sentence embeddings (faster, no corroboration by paraphrase)"
    )
    a.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="parse (and read the statements and compare the stories of a mid-sized pile) in N processes (default: one per CPU core this process may use; 1 for one process)",
    )
    a.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    a.add_argument(
        "--refresh",
        action="store_true",
        help="fetch the store's links again (with --db); a changed page is a new version",
    )
    a.add_argument(
        "--show-dismissed", action="store_true", help="keep findings a reviewer dismissed in the reports (with --db)"
    )
    r = sub.add_parser("review", help="review the findings of a --db store in the browser (a local web app)")
    r.add_argument("db", metavar="STORE", help="the SQLite store that analyze --db wrote")
    r.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0 picks a free one)")
    r.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    r.add_argument("--who", default=None, help="your name in the review log (default: your login name)")
    return p


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The one place where flags become settings."""
    settings = Settings(
        embeddings=not args.no_embeddings, story_threshold=None if args.one_story else args.story_threshold
    )
    if args.jobs is not None:
        if args.jobs < 1:
            raise StorydiffError(f"--jobs: expected a number of processes of at least 1, got {args.jobs}")
        settings.n_process = args.jobs
    return settings


DASK_ADDRESS = re.compile(r"^local(:\d+)?$")
DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def check_args(args: argparse.Namespace) -> None:
    """Everything that can be checked before the long work; raises StorydiffError (exit 2) with the reason."""
    t = args.story_threshold
    if t is not None and not (math.isfinite(t) and 0.0 <= t <= 1.0):
        raise StorydiffError(f"--story-threshold {t}: expected a number between 0 and 1")
    if args.dask:
        check_dask_address(args.dask)
    for flag in (*OUTPUTS, "parquet"):
        path = getattr(args, flag)
        if path:
            check_writable(f"--{flag}", Path(path), folder=flag == "parquet")


def check_dask_address(address: str) -> None:
    """``local``, ``local:N`` (N at least 1) or ``scheme://host:port`` (tcp, tls...)."""
    if DASK_ADDRESS.match(address):
        if address != "local" and int(address.split(":")[1]) < 1:
            raise StorydiffError(f"--dask {address!r}: needs at least one worker")
        return
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        port = None
        parts = None
    if parts is None or parts.scheme not in DASK_SCHEMES or not parts.hostname or port is None:
        raise StorydiffError(
            f"--dask {address!r}: expected local, local:N or a scheduler address such as tcp://host:8786"
        )


def check_writable(flag: str, path: Path, folder: bool = False) -> None:
    """An output path that can be written (its folder is made if missing); raises StorydiffError if not."""
    if path.exists():
        if path.is_dir() != folder:
            kind = "a folder" if path.is_dir() else "a file"
            raise StorydiffError(f"{flag} {safe_text(str(path))}: cannot write there, it is {kind}")
        if not os.access(path, os.W_OK):
            raise StorydiffError(f"{flag} {safe_text(str(path))}: cannot write there (permission denied)")
        return
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise StorydiffError(f"{flag} {safe_text(str(path))}: cannot write there ({safe_text(str(parent))} is a file)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StorydiffError(
            f"{flag} {safe_text(str(path))}: cannot write in {safe_text(str(parent))} (permission denied)"
        )


# C0 and C1 control characters (escape codes start with ESC or CSI), and Unicode bidi overrides
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: object, one_line: bool = True) -> str:
    """Text from outside as it may reach a terminal: no control characters or escape codes (one line)."""
    s = _CONTROL.sub("", str(text))
    return " ".join(s.split()) if one_line else s


def plain(text: object) -> str:
    """Text from outside as rich should print it: no control characters, and literal (no markup).

    Not to be followed directly by a markup tag: rich's ``escape`` doubles a trailing backslash
    so that a tag after it stays a tag, and rich would then show both; that extra one is dropped.
    """
    from rich.markup import escape

    s = safe_text(text)
    escaped = escape(s)
    return escaped[:-1] if escaped.endswith("\\\\") and not s.endswith("\\\\") else escaped


def parse_columns(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    from .ingest.export import parse_column_map

    return parse_column_map(spec)


def read_inputs(args: argparse.Namespace, store=None) -> list[Article]:
    from . import ingest

    refresh = getattr(args, "refresh", False)
    if refresh and store is None:
        raise StorydiffError("--refresh fetches the links of a store again: give the store with --db FILE")
    sources = list(args.sources)
    if refresh and store is not None:
        sources += [u for u in store.stored_urls() if u not in sources]
    if not sources and not args.urls:
        raise StorydiffError("nothing to analyze: give files, folders or URLs (or --urls FILE)")
    cache = store.page_cache(refresh) if store is not None else None
    fetcher = ingest.Fetcher(allow_private=args.allow_private_network)
    options = dict(
        urls_file=args.urls,
        columns=parse_columns(args.columns),
        cache=cache,
        fetcher=fetcher,
        dayfirst=getattr(args, "dayfirst", None),
    )
    if args.quiet:
        return ingest.read_sources(sources, **options)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns_shown = (SpinnerColumn(), TextColumn("Reading inputs: {task.completed:,} read"), TimeElapsedColumn())
    with Progress(*columns_shown, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("read", total=None)
        return ingest.read_sources(sources, **options, progress=lambda n: progress.advance(task, n))


def print_skipped(err, articles: list[Article]) -> None:
    for a in articles:
        if a.status == "skipped":
            err.print(f"[yellow]skipped[/yellow] {plain(a.source)}: {plain(a.reason)}", highlight=False, soft_wrap=True)


def analyze_cli(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(stderr=True, quiet=args.quiet)
    err = Console(stderr=True)
    check_args(args)
    settings = settings_from_args(args)
    store = None
    if args.db:
        from .store import Store

        store = Store(args.db)
    articles = read_inputs(args, store)
    print_skipped(err, articles)
    if store is not None:
        articles = store.merge_articles(articles)
    good = [a for a in articles if a.status == "analyzed"]
    if not good:
        raise NothingToAnalyze(f"no article could be analyzed ({len(articles)} input(s) skipped; reasons above)")
    report = run_analysis(articles, settings, store, console, args)
    print_skipped(err, [a for a in good if a.status == "skipped"])  # failed during the analysis
    if store is not None:
        store.annotate(report)  # review decisions carried forward by finding id; what is new since the last run
    from .report import write_report
    from .report._common import visible

    data = visible(report.to_dict(), args.show_dismissed)
    written = []

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
        store.save_docs([a for a in good if a.status == "analyzed"], docs)
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
    if report.run is not None:
        from .report._common import since_last_run

        table.add_row("new since the last run", since_last_run({"run": asdict(report.run)}) or "")
    for fmt, path in written:
        table.add_row(f"{fmt} report", plain(path))
    console.print(table)
    for f in report.findings:
        if f.review is not None and f.review.status == "dismissed":
            continue
        if f.kind != "single_source" and f.severity in {"high", "medium"}:
            console.print(
                f"[bold]{f.severity.upper()}[/bold] {plain(f.topic)}: "
                + " vs ".join(plain(p.value) for p in f.positions),
                highlight=False,
            )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "analyze":
            return analyze_cli(args)
        if args.command == "review":
            from .review import review_cli

            return review_cli(args)
    except StorydiffError as e:  # NothingToAnalyze included
        print(f"storydiff: {safe_text(e, one_line=False)}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
