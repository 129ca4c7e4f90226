"""Docs that are tested (in the manner of sqlite-utils' test_docs.py): the README keeps up with the code."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT

from storydiff.cli import build_parser

README = ROOT / "README.md"
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def readme() -> str:
    if not README.is_file():
        pytest.fail("README.md is missing")
    return README.read_text("utf-8")


def section(text: str, title: re.Pattern[str]) -> str | None:
    """The body of the first section whose heading matches ``title`` (down to the next heading as high)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = HEADING.match(line)
        if m and title.search(m.group(2)):
            level = len(m.group(1))
            body = []
            for rest in lines[i + 1 :]:
                h = HEADING.match(rest)
                if h and len(h.group(1)) <= level:
                    break
                body.append(rest)
            return "\n".join(body)
    return None


def commands_in(body: str) -> list[str]:
    """Shell commands in fenced or indented code blocks, prompts and comments left out."""
    commands, fenced = [], False
    for line in body.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")):
            cmd = line.strip().removeprefix("$ ").strip()
            if cmd and not cmd.startswith("#"):
                commands.append(cmd)
    return commands


def cli_options() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    options = []
    for p in [parser, *sub.choices.values()]:
        for action in p._actions:
            if action.option_strings and action.dest != "help":
                options.append(max(action.option_strings, key=len))
    return options


def dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0] for d in project["dependencies"]]


def test_readme_exists():
    assert README.is_file()


def test_quickstart_is_make_demo_then_make_test():
    body = section(readme(), re.compile(r"quick\s*-?\s*start", re.I))
    assert body is not None, "README has no Quickstart section"
    assert commands_in(body) == ["make demo", "make test"]


def test_makefile_has_the_quickstart_targets():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("demo", "test", "setup"):
        assert re.search(rf"^{target}:", makefile, re.M), target


UNDOCUMENTED: dict[str, str] = {}  # option -> why it is not in the README yet (none now)


@pytest.mark.parametrize(
    "option",
    [
        pytest.param(o, marks=pytest.mark.xfail(reason=UNDOCUMENTED[o], strict=False)) if o in UNDOCUMENTED else o
        for o in cli_options()
    ],
)
def test_readme_documents_every_cli_option(option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme()), f"README does not mention {option}"


def test_readme_names_every_command():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for command in sub.choices:
        assert f"storydiff {command}" in readme()


@pytest.mark.parametrize("dependency", dependencies())
def test_readme_dependency_section_names_every_dependency(dependency):
    body = section(readme(), re.compile(r"dependenc|requirements|built with|third[- ]party", re.I))
    assert body is not None, "README has no Dependencies section"
    assert re.search(rf"(?<![\w-]){re.escape(dependency)}(?![\w-])", body, re.I), (
        f"{dependency} is not in the README's dependency section"
    )
