"""``storydiff review story.db``: a local web app to review a store's findings (Starlette + jinja2).

The pages are rendered on the server, so reading and deciding work without JavaScript; a small
vendored script adds one-key decisions. It listens on 127.0.0.1 only unless told otherwise, checks
the Host header (no DNS rebinding), and takes a decision only from its own forms: a per-process
token in each form and a same-origin ``Origin``.
"""

from __future__ import annotations

from .app import create_app, review_cli, serve

__all__ = ["create_app", "review_cli", "serve"]
