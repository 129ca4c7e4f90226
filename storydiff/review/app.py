"""The review screen: findings with their evidence, the article in context, decisions into the review log."""

from __future__ import annotations

import argparse
import getpass
import hmac
import secrets
import socket
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..model import REVIEW_STATUSES, SEVERITIES
from ..report._common import (
    KIND_LABELS,
    STATUS_LABELS,
    article_labels,
    highlight_in,
    ranked_findings,
    review_line,
    since_last_run,
)
from ..report.claimreview import render_claimreview
from ..report.html import mark_value, quote_diff, sentence_case
from ..store import Store, StoreError

HERE = Path(__file__).parent
LOOPBACK = ("127.0.0.1", "localhost", "::1")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)
ACTIONS = {  # status -> (button label, key)
    "confirmed": ("Confirm", "c"),
    "dismissed": ("Dismiss", "d"),
    "needs_checking": ("Needs checking", "n"),
    "open": ("Reopen", "o"),
}

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True)
)


class Review:
    """One store under review: the pages, and the only write, ``decide``."""

    def __init__(self, db: str | Path, who: str) -> None:
        self.db = Path(db)
        self.who = who
        self.token = secrets.token_urlsafe(32)  # in every form; a cross-site page cannot read it
        self._lock = threading.Lock()
        self.store = Store(self.db, check_same_thread=False)

    # ---------------------------------------------------------------- data
    def report(self) -> dict[str, Any]:
        with self._lock:
            return self.store.last_report()

    def history(self, finding: str) -> list[dict[str, Any]]:
        with self._lock:
            return self.store.review_history(finding)

    def decide(self, finding: str, status: str, note: str) -> None:
        with self._lock:
            self.store.set_review(finding, status, note, who=self.who)

    # --------------------------------------------------------------- views
    def finding_view(self, f: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
        positions = []
        for p in f["positions"]:
            evidence = [
                {
                    "outlet": labels.get(e["article"], e["article"]),
                    "href": f"/article/{e['article']}?{urlencode({'at': e['start'], 'finding': f['id']})}#here",
                    "html": mark_value(
                        e["text"], highlight_in(e, p.get("key") or p["value"]) or highlight_in(e, p["value"])
                    ),
                }
                for e in p["evidence"]
            ]
            positions.append(
                {"value": p["value"], "outlets": [labels.get(a, a) for a in p["articles"]], "evidence": evidence}
            )
        review = f.get("review") or {}
        return {
            "id": f["id"],
            "kind": f["kind"],
            "kind_label": KIND_LABELS.get(f["kind"], f["kind"]),
            "type": f["type"],
            "severity": f["severity"],
            "confidence": f"{round(float(f.get('confidence') or 0) * 100)}%",
            "topic": sentence_case(f["topic"]),
            "explanation": f["explanation"],
            "status": review.get("status", "open"),
            "status_label": STATUS_LABELS.get(review.get("status", "open"), "Open"),
            "note": review.get("note", ""),
            "review": review_line(f),
            "previous": review.get("previous"),
            "new": bool(f.get("new")),
            "positions": positions,
            # each other version of the quote against the most reported one, word by word
            "diffs": [quote_diff(positions[0]["value"], p["value"]) for p in positions[1:]]
            if f["type"] == "quote"
            else [],
        }


def _page(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env.get_template(name).render(**context))


def _filters(request: Request) -> dict[str, str]:
    q = request.query_params
    return {
        "status": q.get("status", "") if q.get("status", "") in ("", "all", *REVIEW_STATUSES) else "",
        "severity": q.get("severity", "") if q.get("severity", "") in ("", *SEVERITIES) else "",
        "kind": q.get("kind", "") if q.get("kind", "") in ("", *KIND_LABELS) else "",
    }


def _safe_back(value: str) -> str:
    """A same-site path to return to after a decision (never another site)."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def create_app(db: str | Path, who: str | None = None, hosts: tuple[str, ...] = LOOPBACK) -> Starlette:
    """The review app for one store. ``hosts``: the names the app answers to (the Host header)."""
    review = Review(db, who or getpass.getuser())

    def page(name: str, **context: Any) -> HTMLResponse:
        """A page of this store: every one names the store and the reviewer."""
        return _page(name, db=review.db.name, who=review.who, **context)

    async def index(request: Request) -> Response:
        data = review.report()
        labels = article_labels(data["articles"])
        flt = _filters(request)
        shown = []
        counts = {s: 0 for s in REVIEW_STATUSES}
        for f in ranked_findings(data["findings"]):
            status = (f.get("review") or {}).get("status", "open")
            counts[status] = counts.get(status, 0) + 1
            if flt["status"] == "" and status == "dismissed":
                continue
            if flt["status"] not in ("", "all") and status != flt["status"]:
                continue
            if flt["severity"] and f["severity"] != flt["severity"]:
                continue
            if flt["kind"] and f["kind"] != flt["kind"]:
                continue
            shown.append(review.finding_view(f, labels))
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return page(
            "index.html.j2",
            findings=shown,
            total=len(data["findings"]),
            counts=counts,
            filters=flt,
            statuses=[(s, STATUS_LABELS[s]) for s in REVIEW_STATUSES],
            severities=SEVERITIES,
            kinds=list(KIND_LABELS.items()),
            since=since_last_run(data),
            legacy=bool(data["findings"]) and not data.get("run"),
            actions=ACTIONS,
            token=review.token,
            back=back,
        )

    async def finding(request: Request) -> Response:
        fid = request.path_params["fid"]
        data = review.report()
        f = next((f for f in data["findings"] if f["id"] == fid), None)
        if f is None:
            return PlainTextResponse(f"no finding {fid} in the last analysis", status_code=404)
        labels = article_labels(data["articles"])
        return page(
            "finding.html.j2",
            f=review.finding_view(f, labels),
            history=review.history(fid),
            labels={s: STATUS_LABELS.get(s, s) for s in REVIEW_STATUSES},
            actions=ACTIONS,
            token=review.token,
            back=f"/finding/{fid}",
        )

    async def article(request: Request) -> Response:
        aid = request.path_params["aid"]
        data = review.report()
        a = next((a for a in data["articles"] if a["id"] == aid), None)
        if a is None:
            return PlainTextResponse(f"no article {aid} in the store", status_code=404)
        try:
            at = int(request.query_params.get("at", "-1"))
        except ValueError:
            at = -1
        spans = sorted(
            {(e["start"], e["end"]) for f in data["findings"] for p in f["positions"] for e in p["evidence"]
             if e["article"] == aid and 0 <= e["start"] < e["end"] <= len(a["text"])}
        )  # fmt: skip
        parts: list[Markup] = []
        pos = 0
        for s, e in spans:
            if s < pos:
                continue
            parts.append(escape(a["text"][pos:s]))
            here = Markup(' id="here" class="here"') if s == at else Markup("")
            parts.append(Markup("<mark{}>{}</mark>").format(here, a["text"][s:e]))
            pos = e
        parts.append(escape(a["text"][pos:]))
        finding_id = request.query_params.get("finding", "")
        return page(
            "article.html.j2",
            a=a,
            label=article_labels(data["articles"]).get(aid, aid),
            text=Markup("").join(parts),
            back=f"/finding/{finding_id}" if any(f["id"] == finding_id for f in data["findings"]) else "/",
        )

    async def decide(request: Request) -> Response:
        fid = request.path_params["fid"]
        form = await request.form()
        token = str(form.get("token", ""))
        if not hmac.compare_digest(token, review.token):
            return PlainTextResponse("refused: this form did not come from this review page", status_code=403)
        status = str(form.get("status", ""))
        if status not in REVIEW_STATUSES:
            return PlainTextResponse(f"unknown status {status!r}", status_code=400)
        try:
            review.decide(fid, status, str(form.get("note", ""))[:4000])
        except StoreError as e:
            return PlainTextResponse(str(e), status_code=404)
        back = _safe_back(str(form.get("back", "/")))
        return RedirectResponse(f"{back}#f-{fid}", status_code=303)

    async def claimreview(request: Request) -> Response:
        return Response(
            render_claimreview(review.report()),
            media_type="application/ld+json",
            headers={"Content-Disposition": 'attachment; filename="claimreview.json"'},
        )

    async def report_json(request: Request) -> Response:
        return JSONResponse(review.report())

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/finding/{fid}", finding),
            Route("/finding/{fid}/review", decide, methods=["POST"]),
            Route("/article/{aid}", article),
            Route("/claimreview.json", claimreview),
            Route("/report.json", report_json),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
            Middleware(SameOrigin),
        ],
    )
    app.state.review = review
    return app


class SameOrigin(BaseHTTPMiddleware):
    """Writes only from this app's own pages (``Origin`` or ``Referer`` on this host); security headers on all."""

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method not in ("GET", "HEAD"):
            host = request.headers.get("host", "")
            origin = request.headers.get("origin") or request.headers.get("referer")
            if not origin or urlsplit(origin).netloc != host or urlsplit(origin).scheme != "http":
                return PlainTextResponse("refused: a write from another site", status_code=403)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise StoreError(f"--port {port}: cannot listen on {host}:{port} ({e.strerror or e})") from e
    sock.listen(64)
    return sock


def serve(app: Starlette, sock: socket.socket) -> Any:
    """A uvicorn server for the app on a bound socket (``.run(sockets=[sock])`` starts it)."""
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))


def review_cli(args: argparse.Namespace) -> int:
    db = Path(args.db)
    if not db.is_file():
        raise StoreError(f"{db}: no such store (make one with: storydiff analyze ... --db {db})")
    hosts = LOOPBACK if args.host in LOOPBACK else (*LOOPBACK, args.host)
    app = create_app(db, args.who, hosts)
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"storydiff review: http://{shown}:{port}/  ({db}; Ctrl+C to stop)", flush=True)
    if args.host not in LOOPBACK:
        print(f"warning: listening on {args.host}: anyone who can reach it can read the articles", file=sys.stderr)
    server = serve(app, sock)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    return 0
