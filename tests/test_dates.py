"""Dates in the right direction: tense decides past or future, an ambiguous weekday stays a range."""

from __future__ import annotations

import pytest

from storydiff.model import Article
from storydiff.nlp.pipeline import parse_texts
from storydiff.resolve.dates import DateRange, resolve_date

TUESDAY = "2026-06-09"


@pytest.mark.parametrize(
    "text, published, tense, expected",
    [
        ("Thursday", TUESDAY, "future", "2026-06-11"),  # "is expected to announce Thursday"
        ("Thursday", TUESDAY, "past", "2026-06-04"),
        ("Thursday", TUESDAY, "", "2026-06-04"),
        ("next Thursday", TUESDAY, "", "2026-06-11"),
        ("last Tuesday", TUESDAY, "", "2026-06-02"),
        ("Tuesday", TUESDAY, "past", "2026-06-02/2026-06-09"),  # today, or a week ago: either
        ("Tuesday", TUESDAY, "future", "2026-06-09/2026-06-16"),
        ("June 19", "2026-06-13", "", "2026-06-19"),  # "the June 19 election": this year's
        ("June 19", "2026-06-13", "past", "2025-06-19"),
        ("June 19", "2026-06-13", "future", "2026-06-19"),
        ("December 30", "2026-01-05", "", "2025-12-30"),
        ("Feb. 22", None, "", None),  # no publication date: which year is unknown
        ("Tuesday", None, "", None),
        ("Feb. 22, 2025", None, "", "2025-02-22"),
        # a weekday with the date says the year: 2026-12-17 is a Thursday, 2025-12-17 a Wednesday
        ("Thursday, December 17", "2026-12-15", "past", "2026-12-17"),
        ("Wednesday, Dec. 17", "2026-12-15", "future", "2025-12-17"),
    ],
)
def test_resolve_date(text, published, tense, expected):
    rng = resolve_date(text, published, tense)
    assert (str(rng) if rng is not None else None) == expected


def test_an_ambiguous_weekday_is_compatible_with_each_reading():
    either = DateRange.parse("2026-06-02/2026-06-09")
    assert either is not None and str(either) == "2026-06-02/2026-06-09"
    assert either.overlaps(DateRange.parse("2026-06-09")) and either.overlaps(DateRange.parse("2026-06-02"))
    assert not either.overlaps(DateRange.parse("2026-06-11"))
    # a day between the two ends is neither of them ("Saturday": the 13th or the 20th, against Tuesday the 16th)
    assert not either.overlaps(DateRange.parse("2026-06-05"))
    assert either.overlaps(DateRange.parse("2026-06"))


def _dates(text: str, published: str) -> list[str]:
    from storydiff.pipeline import read_mentions, read_statements

    doc = parse_texts([text])[0]
    aa = read_mentions(Article(id="a1", text=text, source="test", published=published), doc)
    read_statements(aa, doc)
    return [str(v.norm) for st in aa.statements for v in st.values if v.kind == "date"]


def test_tense_of_the_verb_decides_the_direction(nlp):
    assert _dates("The regulator is expected to announce its decision on Thursday.", TUESDAY) == ["2026-06-11"]
    assert _dates("The regulator announced its decision on Thursday.", TUESDAY) == ["2026-06-04"]


def test_without_a_publication_date_a_day_is_kept_as_written():
    from storydiff.resolve.dates import month_day, same_as_written, weekday_as_written

    assert month_day("Feb. 22") == "--02-22" and month_day("22 February") == "--02-22"
    assert month_day("Tuesday") is None and month_day("30 days") is None
    assert same_as_written("--02-22", "2026-02-22") is True
    assert same_as_written("--02-22", "--02-23") is False
    assert weekday_as_written("late Friday") == "weekday:friday" and weekday_as_written("Friday, March 4") is None
    assert same_as_written("weekday:friday", "weekday:monday") is False
    assert same_as_written("weekday:tuesday", "2026-06-02/2026-06-09") is True  # both readings are Tuesdays
    assert same_as_written("weekday:friday", "--03-04") is None


def test_a_day_without_a_year_in_an_undated_article(nlp):
    assert _dates("The council voted on March 4 to close the library.", None) == ["--03-04"]


@pytest.mark.parametrize(
    "text, expected",
    [("Sunday, Jan. 5", "--01-05"), ("Sept. 30", "--09-30"), ("the 1990s", None), ("Saturday night", None)],
)
def test_month_day_needs_a_month_and_a_day(text, expected):
    from storydiff.resolve.dates import month_day

    assert month_day(text) == expected
