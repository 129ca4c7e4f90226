"""Renderers: each output format is a small module registered by name (datasette's way).

A renderer takes the JSON report (format version 1, a plain dict: ``Report.to_dict()``)
and returns the file's text. Article text inside it is untrusted: every renderer escapes it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

Renderer = Callable[[dict[str, Any]], str]
Writer = Callable[[dict[str, Any], IO[str]], None]

# format name -> "module:function"; loaded on first use so a missing optional renderer never breaks the others
RENDERERS: dict[str, str] = {
    "json": "storydiff.report.json_report:render_json",
    "html": "storydiff.report.html:render_html",
    "md": "storydiff.report.markdown:render_markdown",
    "csv": "storydiff.report.csv_report:render_csv",
    "claimreview": "storydiff.report.claimreview:render_claimreview",
}
# formats that can also be written piece by piece to the file (the same text as their renderer's)
WRITERS: dict[str, str] = {
    "json": "storydiff.report.json_report:write_json",
}


def renderer(fmt: str) -> Renderer:
    return _load(RENDERERS[fmt])  # type: ignore[no-any-return]


def _load(target: str) -> Any:
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)


def render(data: dict[str, Any], fmt: str) -> str:
    return renderer(fmt)(data)


def write_report(data: dict[str, Any], path: str | Path, fmt: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in WRITERS:
        with path.open("w", encoding="utf-8") as out:
            _load(WRITERS[fmt])(data, out)
    else:
        path.write_text(render(data, fmt), encoding="utf-8")
    return path
