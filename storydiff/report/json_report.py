"""The JSON report (format version 1); schema in ``storydiff/report_schema.json``."""

from __future__ import annotations

import json
from typing import IO, Any


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(data: dict[str, Any], out: IO[str]) -> None:
    """``render_json`` written piece by piece (the same text), so a large report is never one string in memory."""
    parts: list[str] = []
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        parts.append(chunk)
        if len(parts) >= 8192:
            out.write("".join(parts))
            parts.clear()
    out.write("".join(parts) + "\n")
