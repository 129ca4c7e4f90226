"""The HTML report in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright).

Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_sample import A2, hostile_report, sample_report

from storydiff.report import write_report

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: install Debian's package (apt-get install -y chromium) to run the browser tests",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from disk, with everything it logged, requested and tried to pop up."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 900) -> None:
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _request(self, request) -> None:
        if request.url != self.url and not request.url.startswith("data:"):
            self.requests.append(request.url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def in_viewport(self, selector: str) -> bool:
        box = self.page.locator(selector).first.bounding_box()
        view = self.page.viewport_size
        return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= view["height"]


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    return write_report(sample_report(), tmp_path_factory.mktemp("report") / "report.html", "html")


@pytest.fixture(scope="module")
def visit(browser, sample_file):
    v = Visit(browser, sample_file)
    yield v
    v.page.close()


def test_renders_without_errors_or_network(visit):
    assert visit.page.title().startswith("Anthropic accuses Alibaba")
    assert visit.page.locator("#findings .finding").count() == 4
    assert visit.page.locator("#single li.single").count() == 2
    assert visit.errors == []
    assert visit.requests == []


def test_evidence_click_scrolls_to_its_sentence_and_back(visit):
    page = visit.page
    link = page.locator("#f-F1 .position.pos-1 a.evlink").first  # Tech Wire's sentence
    href = link.get_attribute("href")
    assert href.startswith(f"#a-{A2}-")
    target = f"[id='{href[1:]}']"
    page.evaluate("window.scrollTo(0, 0)")
    assert not visit.in_viewport(target)
    link.click()
    page.wait_for_timeout(150)
    assert visit.in_viewport(target)
    assert "Northern District of California" in page.locator(target).inner_text()
    page.locator(f"{target} ~ a.back[href='#f-F1'], {target} a.back[href='#f-F1']").first.click()
    page.wait_for_timeout(150)
    assert visit.in_viewport("#f-F1")
    assert visit.errors == [] and visit.requests == []


def test_matrix_shows_conflicting_cells(visit):
    cells = visit.page.locator("table.matrix td.conflict")
    assert cells.count() == 12
    first = cells.first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    colour = first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    row = visit.page.locator("table.matrix tbody tr").first
    assert "Where the complaint was filed" in row.inner_text()
    assert "US District Court" in row.inner_text()


def test_screenshots_at_desktop_and_phone_width(browser, sample_file):
    ARTIFACTS.mkdir(exist_ok=True)
    for width, name in ((1280, "report-1280.png"), (390, "report-390.png")):
        v = Visit(browser, sample_file, width=width, height=844)
        out = ARTIFACTS / name
        v.page.screenshot(path=str(out), full_page=True)
        scroll_width = v.page.evaluate("document.documentElement.scrollWidth")
        v.page.close()
        assert out.stat().st_size > 10_000
        assert scroll_width <= width, "the page scrolls sideways (only the matrix and tables may)"
        assert v.errors == [] and v.requests == []


def test_hostile_article_does_not_run(browser, tmp_path):
    path = write_report(hostile_report(), tmp_path / "hostile.html", "html")
    v = Visit(browser, path)
    v.page.wait_for_timeout(200)
    assert v.page.evaluate("typeof window.__pwned") == "undefined"
    assert v.dialogs == []
    text = v.page.locator("body").inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in text  # shown as text
    assert v.page.locator("body img, body svg, body textarea").count() == 0
    assert v.errors == [] and v.requests == []
    v.page.close()


def test_reference_story(browser, tmp_path):
    try:
        from storydiff.ingest import read_paths
        from storydiff.pipeline import analyze
    except ImportError as e:
        pytest.skip(f"the analysis pipeline is not there yet ({e})")
    if not SEEDS.is_dir():
        pytest.skip(f"no reference corpus at {SEEDS}")
    data = analyze(read_paths([SEEDS])).to_dict()
    path = write_report(data, tmp_path / "seeds.html", "html")
    v = Visit(browser, path)
    assert v.errors == [] and v.requests == []
    assert v.page.locator("article.text").count() == sum(1 for a in data["articles"] if a["status"] == "analyzed")
    hrefs = v.page.eval_on_selector_all("a[href^='#']", "els => els.map(e => e.getAttribute('href'))")
    missing = v.page.evaluate("hs => hs.filter(h => !document.getElementById(h.slice(1)))", hrefs)
    assert missing == []
    evidence = v.page.locator("a.evlink")
    if evidence.count():
        target = evidence.first.get_attribute("href")
        evidence.first.click()
        v.page.wait_for_timeout(150)
        assert v.in_viewport(f"[id='{target[1:]}']")
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "reference-story-1280.png"), full_page=True)
    v.page.close()
