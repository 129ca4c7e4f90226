"""Reading files: web archives, CSV/TSV/JSONL exports, feed files, duplicates and language."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from conftest_http import STORY, STORY_2, article_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storydiff.errors import StorydiffError
from storydiff.ingest import (
    Fetcher,
    detect_language,
    mark_near_duplicates,
    parse_column_map,
    read_paths,
    read_sources,
)
from storydiff.ingest.export import normalise_date
from storydiff.model import Article

pytest_plugins = ["conftest_http"]  # fixtures: news_site, closed_port, no_outside_network
pytestmark = pytest.mark.usefixtures("no_outside_network")

GERMAN = (
    "Bei einem Brand in einer Lagerhalle am Hafen sind in der Nacht zum Mittwoch drei Menschen ums Leben "
    "gekommen. Mehr als zweihundert Anwohner mussten ihre Wohnungen verlassen, wie die Feuerwehr mitteilte. "
    "Die Ursache des Feuers ist noch nicht bekannt, die Ermittler schließen aber nichts aus. Der Bürgermeister "
    "besuchte am Morgen die Unglücksstelle und versprach eine umfassende Untersuchung der Vorfälle. Die Firma, "
    "die das Gebäude gemietet hat, erklärte, sie arbeite mit den Behörden zusammen."
)


# -- web archives ------------------------------------------------------------------------------


def write_warc(path, records: list[tuple[str, str, bytes, str]], *, gzip_records: bool) -> None:
    """records: (uri, content type, body, HTTP status line)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip_records)
        for uri, ctype, body, status in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        req = writer.create_warc_record(
            "https://gazette.example/news/harbour-fire", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
        writer.write_record(req)


FIRE_PAGE = article_page("Three dead in warehouse fire", "Harbour Gazette", "2024-01-10", "Sam Ortiz", STORY).encode()
FERRY_PAGE = article_page("Ferry terminal to close", "Island Courier", "2024-01-11", "Lee Chan", STORY_2).encode()


@pytest.mark.parametrize("name, gzip_records", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(tmp_path, name, gzip_records):
    path = tmp_path / name
    write_warc(
        path,
        [
            ("https://gazette.example/news/harbour-fire", "text/html; charset=utf-8", FIRE_PAGE, "200 OK"),
            ("https://gazette.example/style.css", "text/css", b"body { color: red }", "200 OK"),
            ("https://courier.example/2024/ferry-vote.html", "text/html", FERRY_PAGE, "200 OK"),
            ("https://courier.example/old", "text/html", b"<html>moved</html>", "301 Moved Permanently"),
            ("https://courier.example/gone", "text/html", b"<html><p>gone</p></html>", "404 Not Found"),
        ],
        gzip_records=gzip_records,
    )
    articles = read_paths([path])
    assert [a.status for a in articles] == ["analyzed", "analyzed", "skipped"]
    fire, ferry, gone = articles
    assert fire.id.startswith("harbour-fire-") and ferry.id.startswith("ferry-vote-")
    assert fire.url == "https://gazette.example/news/harbour-fire"
    assert fire.outlet == "Harbour Gazette" and fire.published == "2024-01-10"
    assert "Maria Delgado" in fire.text and "SuperPhone" not in fire.text
    assert fire.raw_html and fire.source == f"{path}#https://gazette.example/news/harbour-fire"
    assert gone.reason == "archived response was HTTP 404 Not Found"


def test_warc_cut_short_names_the_record_offset(tmp_path):
    whole = tmp_path / "whole.warc"
    write_warc(
        whole,
        [
            ("https://gazette.example/news/harbour-fire", "text/html", FIRE_PAGE, "200 OK"),
            ("https://courier.example/ferry-vote", "text/html", FERRY_PAGE, "200 OK"),
        ],
        gzip_records=False,
    )
    data = whole.read_bytes()
    second = data.index(b"WARC/1.0", 10)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: second + len(FERRY_PAGE) // 2])
    articles = read_paths([cut])
    assert [a.status for a in articles] == ["analyzed", "skipped"]
    assert articles[1].reason.startswith(f"malformed WARC record at offset {second}: record cut short")


def test_warc_garbage_in_the_middle(tmp_path):
    good = tmp_path / "good.warc"
    write_warc(
        good, [("https://gazette.example/news/harbour-fire", "text/html", FIRE_PAGE, "200 OK")], gzip_records=True
    )
    data = good.read_bytes()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(data + b"this is not a WARC record\r\n\r\n" + data)
    articles = read_paths([broken])
    assert articles[0].status == "analyzed"
    assert articles[-1].status == "skipped"
    assert articles[-1].reason.startswith(f"malformed WARC record at offset {len(data)}")


def test_not_a_warc_at_all(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("Just some notes, not an archive.\n")
    [a] = read_paths([path])
    assert a.status == "skipped"
    assert a.reason == "malformed WARC record at offset 0: not a WARC file (a WARC record starts with 'WARC/')"


def test_warc_without_html(tmp_path):
    path = tmp_path / "assets.warc"
    write_warc(path, [("https://gazette.example/a.css", "text/css", b"p{}", "200 OK")], gzip_records=False)
    [a] = read_paths([path])
    assert a.reason == "no HTML pages in the archive (2 records read)"


# -- CSV, TSV and JSON Lines exports -------------------------------------------------------------------


def write_csv(path, rows: list[list[object]], delimiter: str = ",") -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)


def test_csv_with_default_column_names(tmp_path):
    path = tmp_path / "export.csv"
    write_csv(
        path,
        [
            ["guid", "Headline", "body", "pubdate", "publication", "byline", "link"],
            [
                "a1",
                "Fire at the harbour",
                STORY,
                "2024-01-10 08:30",
                "Harbour Gazette",
                "Sam Ortiz",
                "https://gazette.example/fire",
            ],
            ["a2", "Ferry vote", STORY_2, "Thu, 11 Jan 2024 09:00:00 GMT", "Island Courier", "Lee Chan", ""],
            ["a3", "Empty row", "", "2024-01-12", "Gazette", "", ""],
        ],
    )
    fire, ferry, empty = read_paths([path])
    assert (fire.id, fire.title, fire.outlet, fire.author, fire.url, fire.published) == (
        "a1",
        "Fire at the harbour",
        "Harbour Gazette",
        "Sam Ortiz",
        "https://gazette.example/fire",
        "2024-01-10",
    )
    assert fire.text == STORY.strip()  # quotes and line breaks inside the cell survive
    assert ferry.published == "2024-01-11" and ferry.url is None
    assert ferry.source == f"{path}:3"
    assert empty.status == "skipped"
    assert empty.reason == "row 4: no text column (looked for: text, body, content, full_text, article)"


def test_csv_with_a_column_mapping(tmp_path):
    path = tmp_path / "newsroom.csv"
    write_csv(
        path,
        [
            ["story_id", "words", "site", "when"],
            ["s1", STORY, "Harbour Gazette", "2024-01-10T08:30:00Z"],
            ["s2", STORY_2, "Island Courier", "11 January 2024"],
        ],
        delimiter=";",
    )
    columns = parse_column_map("text=words, outlet=site,published=when,id=story_id")
    assert columns == {"text": "words", "outlet": "site", "published": "when", "id": "story_id"}
    fire, ferry = read_sources([str(path)], columns=columns)
    assert (fire.id, fire.outlet, fire.published) == ("s1", "Harbour Gazette", "2024-01-10")
    assert (ferry.id, ferry.outlet, ferry.published) == ("s2", "Island Courier", "2024-01-11")
    assert "Priya Raman" in ferry.text


def test_csv_whose_header_has_no_text_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,date\nFire,2024-01-10\n")
    [a] = read_sources([str(path)], columns={"text": "story"})
    assert a.reason == "no text column in the header (looked for: story; found: title, date)"


def test_tsv(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text("id\ttext\toutlet\n" + f"t1\t{' '.join(STORY.split())}\tGazette\n")
    [a] = read_paths([path])
    assert a.status == "analyzed" and a.outlet == "Gazette" and a.id == "t1"


def test_malformed_csv_says_which_row(tmp_path):
    path = tmp_path / "broken.csv"
    story = " ".join(STORY_2.split()).replace('"', "'")
    path.write_text(f'id,text\n1,"{story}"\n2,"a quote" then more\n3,{story}\n')
    articles = read_paths([path])
    assert [a.status for a in articles] == ["analyzed", "skipped"]
    assert articles[1].reason == "row 3: malformed CSV (',' expected after '\"')"


def test_unclosed_quote_does_not_swallow_the_rest_silently(tmp_path):
    path = tmp_path / "broken.csv"
    story = " ".join(STORY_2.split()).replace('"', "'")
    path.write_text(f'id,text\n1,"{story}\n2,{story}\n')
    [a] = read_paths([path])
    assert a.status == "skipped" and a.reason.startswith("row 2: malformed CSV (unexpected end of data")


def test_unknown_column_field_is_an_error():
    with pytest.raises(StorydiffError, match="unknown field 'txt'"):
        parse_column_map("txt=body")
    with pytest.raises(StorydiffError, match="FIELD=COLUMN"):
        parse_column_map("text")


def test_jsonl_uses_the_same_column_names(tmp_path):
    path = tmp_path / "export.jsonl"
    rows = [
        {
            "guid": "j1",
            "headline": "Fire",
            "full_text": STORY,
            "published_at": "2024-01-10T08:30:00+00:00",
            "source": "Gazette",
        },
        {"guid": "j2", "content": STORY_2, "date": 1704963600},
        {"guid": "j3", "summary": "no text here"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken json\n")
    j1, j2, j3, broken = read_paths([path])
    assert (j1.id, j1.title, j1.outlet, j1.published) == ("j1", "Fire", "Gazette", "2024-01-10")
    assert j2.published == "2024-01-11"
    assert j3.reason == "line 3: no text field (looked for: text, body, content, full_text, article)"
    assert broken.reason.startswith("line 4: malformed JSON")


def test_jsonl_with_a_column_mapping(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"id": "m1", "story": STORY, "paper": "Gazette"}) + "\n")
    [a] = read_sources([str(path)], columns={"text": "story", "outlet": "paper"})
    assert a.status == "analyzed" and a.outlet == "Gazette"


def test_a_date_that_is_not_a_date_is_noted(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": STORY, "date": "yesterday-ish"}) + "\n")
    [a] = read_paths([path])
    assert a.status == "analyzed" and a.published is None
    assert a.reason == "line 1: 'published' is not a date: 'yesterday-ish'"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-01-10", "2024-01-10"),
        ("2024-01-10T23:30:00Z", "2024-01-10"),
        ("Wed, 10 Jan 2024 09:00:00 GMT", "2024-01-10"),
        ("10 January 2024", "2024-01-10"),
        ("January 10, 2024", "2024-01-10"),
        (1704877200, "2024-01-10"),
        ("", None),
        ("soon", None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


# -- feed files ------------------------------------------------------------------------------------


def test_feed_file_fetches_the_linked_pages(news_site, tmp_path):
    path = tmp_path / "gazette.rss"
    path.write_text(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
        <item><title>Fire</title><link>{news_site.url("/news/harbour-fire.html")}</link></item>
        <item><title>Gone</title><link>{news_site.url("/missing")}</link></item>
        </channel></rss>"""
    )
    fire, gone = read_sources([str(path)], fetcher=Fetcher(timeout=1.0, allow_private=True))
    assert fire.status == "analyzed" and "Maria Delgado" in fire.text and fire.raw_html
    assert gone.reason == "HTTP 404 Not Found" and gone.source == news_site.url("/missing")


def test_atom_file_with_full_content_needs_no_fetching(tmp_path):
    paragraphs = "".join(f"&lt;p&gt;{p}.&lt;/p&gt;" for p in STORY.split(". ")[:6])
    path = tmp_path / "courier.atom"
    path.write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Island Courier</title><id>urn:courier</id>
        <updated>2024-01-10T09:00:00Z</updated>
        <entry><title>Harbour fire</title><id>urn:1</id><updated>2024-01-10T09:00:00Z</updated>
        <author><name>Lee Chan</name></author><content type="html">{paragraphs}</content></entry>
        <entry><title>Nothing</title><id>urn:2</id><updated>2024-01-10T09:00:00Z</updated></entry>
        </feed>"""
    )
    full, empty = read_paths([path])
    assert full.status == "analyzed" and full.text.startswith("A fire that broke out")
    assert full.text.count("\n\n") == 5  # one paragraph per <p>
    assert (full.outlet, full.author, full.published, full.title) == (
        "Island Courier",
        "Lee Chan",
        "2024-01-10",
        "Harbour fire",
    )
    assert empty.reason == "feed entry 2 has neither a link nor any content"


@pytest.mark.parametrize(
    "content",
    [
        "<rss><channel><item><title>unclosed",
        "<html><body>a web page saved as .xml</body></html>",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
    ],
)
def test_malformed_or_empty_feed_file(tmp_path, content):
    path = tmp_path / "feed.xml"
    path.write_text(content)
    [a] = read_paths([path])
    assert a.status == "skipped"
    assert a.reason.startswith("malformed feed") or a.reason == "feed has no entries"


# -- duplicates and language ----------------------------------------------------------------------------


def article(id: str, text: str) -> Article:
    return Article(id=id, text=text, source=f"{id}.txt")


def test_wire_copy_is_marked_as_a_near_duplicate_but_kept():
    wire = " ".join(STORY.split())
    edited = wire.replace("late on Tuesday", "late on Tuesday night") + " Additional reporting by our staff."
    articles = mark_near_duplicates([article("agency", wire), article("other", STORY_2), article("paper", edited)])
    assert [a.duplicate_of for a in articles] == [None, None, "agency"]
    assert all(a.status == "analyzed" for a in articles)


def test_a_different_story_on_the_same_subject_is_not_a_near_duplicate():
    first_half = " ".join(STORY.split()[:150])
    articles = mark_near_duplicates([article("full", STORY), article("half", first_half)], threshold=0.8)
    assert articles[1].duplicate_of is None  # half the text: Jaccard about 0.5
    articles = mark_near_duplicates([article("full", STORY), article("half", first_half)], threshold=0.4)
    assert articles[1].duplicate_of == "full"


def test_near_duplicates_point_at_the_first_copy():
    wire = " ".join(STORY.split())
    copies = [article("a", wire), article("b", wire + " One."), article("c", wire + " One. Two.")]
    assert [a.duplicate_of for a in mark_near_duplicates(copies)] == [None, "a", "a"]


def test_read_sources_marks_near_duplicates(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("Wednesday", "Wednesday morning", 1))
    a, b = read_paths([tmp_path])
    assert (a.status, b.status, b.duplicate_of) == ("analyzed", "analyzed", "a")


def test_german_article_is_skipped_and_says_which_language(tmp_path):
    (tmp_path / "brand.txt").write_text(GERMAN)
    (tmp_path / "fire.txt").write_text(STORY)
    brand, fire = read_paths([tmp_path])
    assert brand.status == "skipped" and brand.reason == "language de is not supported yet"
    assert fire.status == "analyzed"


@pytest.mark.parametrize(
    "text, lang",
    [
        (STORY, "en"),
        (GERMAN, "de"),
        (
            "Un incendie s'est déclaré dans un entrepôt du port dans la nuit de mardi à mercredi. Trois personnes "
            "sont mortes et plus de deux cents habitants ont été évacués, selon les pompiers de la ville. La cause "
            "de l'incendie n'est pas encore connue, mais les enquêteurs n'excluent rien pour le moment.",
            "fr",
        ),
        (
            "Un incendio en un almacén del puerto dejó tres muertos en la noche del martes y obligó a evacuar a más "
            "de doscientos vecinos, según informaron los bomberos de la ciudad. La causa del fuego todavía no se "
            "conoce, pero los investigadores no descartan nada por el momento y la empresa colabora con ellos.",
            "es",
        ),
        ("Пожар на складе в порту унёс жизни трёх человек. " * 8, "ru"),
        ("Kurz: Feuer im Hafen.", "en"),  # too short to tell: taken as English
        (STORY + " " + "Die Feuerwehr war mit zwölf Fahrzeugen vor Ort.", "en"),  # a German sentence in English copy
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_gzip_is_not_mistaken_for_a_text_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(gzip.compress(STORY.encode()))
    [a] = read_paths([path])
    assert a.status == "skipped" and a.reason == "looks like a binary file, not text"


# ── texts that are not news articles (blind samples in benchmarks/non_articles, written without the code) ──
NON_ARTICLES = Path(__file__).resolve().parents[1] / "benchmarks" / "non_articles"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("not-01-index-page.txt", "mostly headings"),
        ("not-04-reporter-notes.txt", "mostly headings"),
        ("not-07-readme.txt", "mostly headings"),
        ("not-10-one-line-headline.txt", "too short"),
        ("not-15-bibliography-links.txt", "mostly headings"),
    ],
)
def test_a_text_that_is_not_an_article_is_skipped_with_the_reason(name, reason):
    [a] = read_sources([str(NON_ARTICLES / name)])
    assert a.status == "skipped" and a.reason and reason in a.reason


@pytest.mark.parametrize("path", sorted(NON_ARTICLES.glob("art-*.txt")), ids=lambda p: p.stem)
def test_short_or_unusual_articles_are_kept(path):
    [a] = read_sources([str(path)])
    assert a.status == "analyzed", a.reason


def test_hard_wrapped_prose_is_an_article(tmp_path):
    text = (
        "The ferry between Portavel and the islands will not sail until Friday, the operator said on Monday, after\n"
        "a crack was found in the hull during an inspection. About 300 passengers a day use the crossing, and the\n"
        "operator said it had chartered a smaller boat to carry them until the repair is done at the yard in Brask.\n"
    )
    path = tmp_path / "wrapped.txt"
    path.write_text(text)
    [a] = read_sources([str(path)])
    assert a.status == "analyzed", a.reason


# ── day-first dates in exports: read from the column, or given; never guessed ──


def _export(tmp_path, dates: list[str]) -> str:
    path = tmp_path / "export.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "published", "text"])
        for i, d in enumerate(dates):
            w.writerow([f"r{i}", d, STORY])
    return str(path)


def test_a_day_above_12_in_the_column_makes_it_day_first(tmp_path):
    arts = read_sources([_export(tmp_path, ["11/03/2026", "25/03/2026"])])
    assert [a.published for a in arts] == ["2026-03-11", "2026-03-25"]


def test_a_day_above_12_in_second_place_makes_it_month_first(tmp_path):
    arts = read_sources([_export(tmp_path, ["11/03/2026", "03/25/2026"])])
    assert [a.published for a in arts] == ["2026-11-03", "2026-03-25"]


def test_an_ambiguous_column_is_not_guessed_but_noted(tmp_path):
    [a] = read_sources([_export(tmp_path, ["11/03/2026"])])
    assert a.published is None and a.reason and "--dayfirst" in a.reason


def test_dayfirst_given(tmp_path):
    [a] = read_sources([_export(tmp_path, ["11/03/2026"])], dayfirst=True)
    assert a.published == "2026-03-11"
    [b] = read_sources([_export(tmp_path, ["11/03/2026"])], dayfirst=False)
    assert b.published == "2026-11-03"


def test_bad_bytes_in_an_export_are_replaced_and_noted_on_their_row(tmp_path):
    path = tmp_path / "export.csv"
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["id", "text"])
    w.writerow(["r1", STORY.replace("fire service", "“fire service”")])  # UTF-8 quotation marks elsewhere
    w.writerow(["r2", STORY_2.replace("ferry", "fer\x00ry", 1)])
    path.write_bytes(out.getvalue().encode("utf-8").replace(b"\x00", b"\xff"))
    r1, r2 = read_sources([str(path)])
    assert r1.status == r2.status == "analyzed"
    assert "\ufffd" in r2.text and r2.reason and "replaced" in r2.reason
    assert not r1.reason
