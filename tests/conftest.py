"""Shared fixtures: the real spaCy pipeline (loaded once), the reference corpus, and the CLI.

The CLI runs two ways: in-process through ``storydiff.cli.main`` (fast, shares the loaded model)
and as the installed ``storydiff`` command in a subprocess (the real exit code and streams).
Analyzed stories are cached per session, so a story is analyzed once however many modules use it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "corpus" / "seeds.gold.json"
SCORER_DIR = SHARED / "tools"
EXAMPLES = ROOT / "examples"
SCHEMA = ROOT / "storydiff" / "report_schema.json"
STORYDIFF = ROOT / ".venv" / "bin" / "storydiff"

# every story with a gold file: name -> (folder, gold file)
STORIES: dict[str, tuple[Path, Path]] = {"seeds": (SEEDS, SEEDS_GOLD)}
STORIES.update(
    {
        g.name.removesuffix(".gold.json"): (g.with_name(g.name.removesuffix(".gold.json")), g)
        for g in sorted(EXAMPLES.glob("*.gold.json"))
    }
)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(args: list[str | Path], env: dict[str, str] | None = None) -> CliResult:
    """``storydiff ARGS`` in this process (argparse's exits, as for --help, become the exit code)."""
    out, err = io.StringIO(), io.StringIO()
    from storydiff.cli import main

    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_subprocess(args: list[str | Path], timeout: float = 120, env: dict[str, str] | None = None) -> CliResult:
    """The installed ``storydiff`` command, as a user runs it."""
    proc = subprocess.run(
        [str(STORYDIFF), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (small English model plus storydiff's entity rules), loaded once."""
    from storydiff.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text("utf-8"))


@pytest.fixture(scope="session")
def score() -> Callable[[dict, dict], dict]:
    """The shared scorer's ``score(report, gold)`` (../shared/tools/score_report.py)."""
    if str(SCORER_DIR) not in sys.path:
        sys.path.insert(0, str(SCORER_DIR))
    from score_report import score as score_report

    return score_report


@pytest.fixture(scope="session")
def story_report(nlp, tmp_path_factory) -> Callable[[str], dict]:
    """The JSON report of a gold story (``seeds`` or an example), analyzed once per session by the CLI."""
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            folder, _ = STORIES[name]
            out = tmp_path_factory.mktemp(f"report-{name}") / "report.json"
            result = run_cli(["analyze", folder, "--json", out, "--quiet"])
            assert result.code == 0, result.output
            cache[name] = json.loads(out.read_text("utf-8"))
        return cache[name]

    return get


def gold_of(name: str) -> dict:
    return json.loads(STORIES[name][1].read_text("utf-8"))
