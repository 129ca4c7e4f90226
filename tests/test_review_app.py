"""``storydiff review``: the review screen end to end, in real headless Chromium against a real server.

The server is the real app (Starlette under uvicorn) on a free port of 127.0.0.1, in a thread; the
store is a real SQLite file the real pipeline wrote. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

from storydiff.review.app import bind, create_app, serve
from storydiff.store import Store

HARBOUR = sorted((EXAMPLES / "harbour-fire").glob("*.txt"))
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class Server:
    """The review app on a free loopback port, served by uvicorn in a thread."""

    def __init__(self, db: Path, who: str = "ana") -> None:
        self.app = create_app(db, who)
        sock = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.server = serve(self.app, sock)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the review server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def analyze(db: Path, folder: Path) -> dict:
    out = db.with_name(f"run-{len(list(db.parent.glob('run-*.json')))}.json")
    result = run_cli(["analyze", folder, "--db", db, "--json", out, "--no-embeddings", "--quiet"])
    assert result.code == 0, result.output
    return json.loads(out.read_text("utf-8"))


@pytest.fixture
def story(tmp_path, nlp):
    folder = tmp_path / "story"
    folder.mkdir()
    for f in HARBOUR[:4]:
        shutil.copy(f, folder / f.name)
    db = tmp_path / "story.db"
    first = analyze(db, folder)
    return db, folder, first


# ------------------------------------------------------------ without a browser
def test_review_cli_refuses_a_missing_store(tmp_path):
    result = run_cli(["review", tmp_path / "none.db"])
    assert result.code == 2 and "no such store" in result.stderr


def test_review_command_prints_its_loopback_address_and_serves(story, tmp_path):
    db, _, first = story
    proc = subprocess.Popen(
        [sys.executable, "-m", "storydiff.cli", "review", str(db), "--port", "0", "--who", "ana"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, (line, proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        with urllib.request.urlopen(url.group(0), timeout=20) as response:
            page = response.read().decode("utf-8")
        assert all(f'id="f-{f["id"]}"' in page for f in first["findings"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_writes_need_the_page_token_and_the_same_origin(story):
    from starlette.testclient import TestClient

    db, _, first = story
    app = create_app(db, "ana")
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    fid = first["findings"][0]["id"]
    token = app.state.review.token
    ok = {"origin": "http://127.0.0.1:8765"}
    form = {"token": token, "status": "confirmed", "note": "", "back": "/"}
    assert client.post(f"/finding/{fid}/review", data={**form, "token": "guess"}, headers=ok).status_code == 403
    assert client.post(f"/finding/{fid}/review", data=form, headers={"origin": "http://evil.test"}).status_code == 403
    assert client.post(f"/finding/{fid}/review", data=form).status_code == 403  # no Origin, no Referer
    assert client.get("/", headers={"host": "evil.test"}).status_code == 400  # DNS rebinding
    assert Store(db).review_history(fid) == []
    back = client.post(
        f"/finding/{fid}/review", data={**form, "back": "//evil.test/x"}, headers=ok, follow_redirects=False
    )
    assert back.status_code == 303 and back.headers["location"] == f"/#f-{fid}"
    assert [r["status"] for r in Store(db).review_history(fid)] == ["confirmed"]
    page = client.get("/")
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_article_text_and_notes_are_escaped(tmp_path, nlp):
    from starlette.testclient import TestClient

    folder = tmp_path / "story"
    folder.mkdir()
    for f in HARBOUR[:2]:
        text = f.read_text("utf-8") + '\n<script>alert("x")</script> <img src=x onerror=alert(1)> done.\n'
        (folder / f.name).write_text(text, "utf-8")
    db = tmp_path / "story.db"
    report = analyze(db, folder)
    app = create_app(db, "<b>ana</b>")
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    fid = report["findings"][0]["id"]
    client.post(
        f"/finding/{fid}/review",
        data={"token": app.state.review.token, "status": "needs_checking", "note": "<i>x</i>", "back": "/"},
        headers={"origin": "http://127.0.0.1:8765"},
    )
    for path in ("/", f"/finding/{fid}", f"/article/{HARBOUR[0].stem}"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>x</i>" not in html
        assert "<b>ana</b>" not in html
    assert "&lt;script&gt;" in client.get(f"/article/{HARBOUR[0].stem}").text


# ------------------------------------------------------------------ in Chromium
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's package (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.mark.browser
def test_review_then_rerun_keeps_the_decision_and_marks_the_new(story, browser):
    db, folder, first = story
    server = Server(db)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server.url + "/")
        cards = page.locator("article.finding")
        assert cards.count() == len(first["findings"])  # listed in the HTML
        contradiction = next(f for f in first["findings"] if f["kind"] == "contradiction")
        card = page.locator(f"#f-{contradiction['id']}")
        card.locator("input[name=note]").fill("council confirmed the toll")
        card.get_by_role("button", name=re.compile("Confirm")).click()
        page.wait_for_load_state("load")
        card = page.locator(f"#f-{contradiction['id']}")
        assert card.locator(".badge.status").inner_text().lower() == "confirmed"
        assert "council confirmed the toll" in card.locator(".review").inner_text()
        assert "by ana" in card.locator(".review").inner_text()

        # one key: the next finding is dismissed with "d" and leaves the default list
        page.keyboard.press("j")
        second_id = page.locator("article.finding.current").get_attribute("data-finding")
        assert second_id != contradiction["id"]
        page.keyboard.press("d")
        page.wait_for_load_state("load")
        page.wait_for_selector(f"#f-{contradiction['id']}")
        assert page.locator(f"#f-{second_id}").count() == 0
        page.goto(server.url + "/?status=dismissed")
        assert page.locator(f"#f-{second_id}").count() == 1

        # one more article; the decision is kept and the new findings are marked new
        shutil.copy(HARBOUR[4], folder / HARBOUR[4].name)
        second = analyze(db, folder)
        assert second["run"]["new_findings"]
        page.goto(server.url + "/?status=all")
        card = page.locator(f"#f-{contradiction['id']}")
        assert card.locator(".badge.status").inner_text().lower() == "confirmed"
        assert "council confirmed the toll" in card.locator(".review").inner_text()
        assert card.locator(".badge.new").count() == 0
        for fid in second["run"]["new_findings"]:
            assert page.locator(f"#f-{fid} .badge.new").count() == 1, fid
        assert "Since the last run" in page.locator(".since").inner_text()
        assert "1 new article" in page.locator(".since").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-after-rerun.png"), full_page=False)

        # the evidence in context, and the filters
        card.get_by_role("link", name="in context").first.click()
        page.wait_for_load_state("load")
        assert page.locator("mark#here").count() == 1
        page.goto(server.url + "/?severity=high&kind=contradiction")
        shown = page.locator("article.finding")
        assert shown.count() >= 1
        assert all("sev-high" in (shown.nth(i).get_attribute("class") or "") for i in range(shown.count()))
        assert errors == []
    finally:
        page.close()
        server.stop()


@pytest.mark.browser
def test_reading_and_deciding_work_without_javascript(story, browser):
    db, _, first = story
    server = Server(db, who="ben")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        fid = first["findings"][0]["id"]
        assert page.locator(f"#f-{fid} .evidence").count() >= 1
        page.locator(f"#f-{fid}").get_by_role("button", name=re.compile("Needs checking")).click()
        page.wait_for_load_state("load")
        assert page.locator(f"#f-{fid} .badge.status").inner_text().lower() == "needs checking"
        page.goto(server.url + f"/finding/{fid}")
        assert "Needs checking" in page.locator(".history").inner_text()
        assert "ben" in page.locator(".history").inner_text()
    finally:
        context.close()
        server.stop()


def test_versions_of_a_quote_are_diffed_word_by_word(tmp_path, nlp):
    from conftest import SEEDS
    from starlette.testclient import TestClient

    db = tmp_path / "seeds.db"
    report = analyze(db, SEEDS)
    quote = next(f for f in report["findings"] if f["type"] == "quote")
    page = TestClient(create_app(db, "ana"), base_url="http://127.0.0.1:8765").get(f"/finding/{quote['id']}").text
    diffs = re.findall(r'<p class="quote-diff">(.*?)</p>', page)
    assert len(diffs) == len(quote["positions"]) - 1
    first = quote["positions"][0]["value"].split()
    for d, p in zip(diffs, quote["positions"][1:], strict=True):
        assert "<del>" in d or "<ins>" in d
        kept = re.sub(r"<ins>.*?</ins>", "", d).replace("<del>", "").replace("</del>", "").split()
        added = re.sub(r"<del>.*?</del>", "", d).replace("<ins>", "").replace("</ins>", "").split()
        assert kept == first and added == p["value"].split()
