"""Dates resolved against an article's publication date, as day ranges with their granularity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]  # fmt: skip
VAGUE = re.compile(
    r"\b(?:recent|past|coming|next few|several|years?|decades?|century|era|ago|soon|now|today's|currently|future|weeks|months)\b",
    re.I,
)


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    granularity: str  # day | month | year | either (one of two days a week apart, the text cannot tell which)

    def parts(self) -> list[tuple[date, date]]:
        """The days or stretches the range may be: both ends of an "either" range, else the whole range."""
        if self.granularity == "either":
            return [(self.start, self.start), (self.end, self.end)]
        return [(self.start, self.end)]

    def overlaps(self, other: DateRange) -> bool:
        """Could the two be the same day? (A day between the two ends of an "either" range is neither.)"""
        return any(s1 <= e2 and s2 <= e1 for s1, e1 in self.parts() for s2, e2 in other.parts())

    @classmethod
    def parse(cls, text: str) -> DateRange | None:
        """The range a ``str(DateRange)`` wrote: "2026-03-01", "2026-03", "2026" or an ambiguous day
        "2026-02-24/2026-03-03" (either end); None for anything else."""
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", text):
                a, b = (date.fromisoformat(x) for x in text.split("/"))
                return cls(a, b, "either")
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                d = date.fromisoformat(text)
                return cls(d, d, "day")
            if re.fullmatch(r"\d{4}-\d{2}", text):
                return _month_range(*map(int, text.split("-")))
            if re.fullmatch(r"\d{4}", text):
                return cls(date(int(text), 1, 1), date(int(text), 12, 31), "year")
        except ValueError:
            return None
        return None

    def __str__(self) -> str:
        if self.granularity == "either":
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        if self.granularity == "day":
            return self.start.isoformat()
        if self.granularity == "month":
            return self.start.strftime("%Y-%m")
        return str(self.start.year)


def _month_range(y: int, m: int) -> DateRange:
    start = date(y, m, 1)
    end = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
    return DateRange(start, end, "month")


DURATION_ONLY = re.compile(
    r"(?:(?:within|for|over|in|after|about|around|nearly|almost|more than|less than|up to|the past|the next|the last)\s+)*"
    r"(?:the\s+)?[\d,.]+(?:\s*-\s*[\d,.]+)?\s+(?:calendar\s+|working\s+|business\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?)"
    r"(?:\s+(?:later|earlier|afterwards|on))?"
)


# a pile repeats its dates ("Monday", "last year", "March 4" in every article of a story): each is read once.
# The answer depends only on the arguments (a DateRange is frozen), and reading one with dateparser takes
# a few milliseconds; the caches hold the latest DATE_CACHE of each
DATE_CACHE = 65_536


@lru_cache(maxsize=DATE_CACHE)
def resolve_date(text: str, published: str | None, tense: str = "") -> DateRange | None:
    """ "late Tuesday", "last month", "March 4", "on 4 March 2026" -> a DateRange; None when too vague.

    ``tense`` of the verb the date belongs to: "future" ("will rule Tuesday", "is expected to announce
    Thursday") makes a weekday or a date without a year the next one, not the last; "past" the last one;
    "" (no verb, or the present) the last weekday, and for a date without a year the nearest ("the June 19
    election" in an article of June 13 is this year's). A weekday that is the publication day itself is
    ambiguous (today, or a week before or after) and stays a range of both. Without a publication date,
    weekdays and dates without a year are not resolved at all.
    """
    future = tense == "future"
    t = re.sub(r"^(?:late|early|mid|on|last|this|the)\s+", "", text.strip().lower())
    base = date.fromisoformat(published) if published else None
    raw = text.strip().lower()
    if VAGUE.search(raw) and not re.search(r"\d", raw) and "last month" not in raw and "this month" not in raw:
        return None
    if base:
        if raw in {"today", "tonight"} or raw.endswith("today"):
            return DateRange(base, base, "day")
        if "yesterday" in raw:
            d = base - timedelta(days=1)
            return DateRange(d, d, "day")
        if "last month" in raw:
            y, m = (base.year, base.month - 1) if base.month > 1 else (base.year - 1, 12)
            return _month_range(y, m)
        if "this month" in raw:
            return _month_range(base.year, base.month)
        for i, wd in enumerate(WEEKDAYS):
            if re.search(rf"\b{wd}\b", t) and not re.search(r"\d", t):
                ahead = (i - base.weekday()) % 7
                if re.search(r"\bnext\b", raw):
                    d = base + timedelta(days=ahead or 7)
                elif re.search(r"\blast\b", raw):
                    d = base - timedelta(days=(base.weekday() - i) % 7 or 7)
                elif ahead == 0:  # the publication day: today, or the same weekday a week away
                    other = base + timedelta(days=7 if future else -7)
                    return DateRange(min(base, other), max(base, other), "either")
                elif future:
                    d = base + timedelta(days=ahead)
                else:
                    d = base - timedelta(days=(base.weekday() - i) % 7)
                return DateRange(d, d, "day")
    elif any(re.search(rf"\b{wd}\b", raw) for wd in WEEKDAYS) and not re.search(r"\d", raw):
        return None  # a weekday with no publication date to anchor it
    month_only = re.fullmatch(r"(?:in\s+)?(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?", t)
    if month_only:
        m = MONTHS.index(month_only.group(1)) + 1
        if not month_only.group(2) and base is None:
            return None
        y = int(month_only.group(2)) if month_only.group(2) else base.year  # type: ignore[union-attr]
        return _month_range(y, m)
    if re.fullmatch(r"(?:19|20)\d\d", t):
        y = int(t)
        return DateRange(date(y, 1, 1), date(y, 12, 31), "year")
    if not re.search(r"\d", t):
        return None
    if DURATION_ONLY.fullmatch(raw):
        return None  # "30 days", "within 30 days": a length of time, not a date
    has_year = re.search(r"\b(?:1[89]|20)\d\d\b|'\d\d\b", raw) is not None
    if base is None and not has_year:
        return None  # "Feb. 22" with no publication date: the year is unknown (``month_day`` keeps what is written)
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    import dateparser  # slow to import: only for a date the rules above did not read

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:
        return None
    if parsed is None:
        return None
    day = parsed.date()
    weekday = next((i for i, wd in enumerate(WEEKDAYS) if re.search(rf"\b{wd}\b", raw)), None)
    if base is not None and not has_year and weekday is not None:
        # "Thursday, December 17": the year in which that day is a Thursday, the nearest to publication
        years = (_same_day_in(day, y) for y in (base.year - 1, base.year, base.year + 1))
        fits = [d for d in years if d is not None and d.weekday() == weekday]
        if fits:
            nearest = min(fits, key=lambda d: abs(d - base))
            return DateRange(nearest, nearest, "day")
    if base is not None and not has_year and not tense and day.year < base.year:
        # "the June 19 election" in an article of June 13: a date within a few weeks ahead is this year's
        this_year = _same_day_in(day, base.year)
        if this_year is not None and timedelta(0) < this_year - base <= timedelta(days=NEAR_FUTURE_DAYS):
            day = this_year
    return DateRange(day, day, "day")


NEAR_FUTURE_DAYS = 60  # a bare date this close after publication is an upcoming one, not last year's


def _same_day_in(d: date, year: int) -> date | None:
    try:
        return d.replace(year=year)
    except ValueError:  # February 29
        return None


@lru_cache(maxsize=DATE_CACHE)
def month_day(text: str) -> str | None:
    """ "Feb. 22" -> "--02-22" (ISO 8601's day without a year): a date as written, where no publication date
    tells its year. None for anything that is not a month and a day."""
    raw = text.strip().lower()
    if not re.search(r"\d", raw) or DURATION_ONLY.fullmatch(raw):
        return None
    if not re.search(r"\b(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\b|\b\d{1,2}[/.-]\d{1,2}\b", raw):
        return None  # a month must be named, or day and month written as numbers
    settings: dict[str, Any] = {
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
        "RELATIVE_BASE": datetime(2000, 1, 1),  # a leap year, so that February 29 is a day too
    }
    import dateparser  # slow to import: only when a date needs it

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:
        return None
    return f"--{parsed.month:02d}-{parsed.day:02d}" if parsed is not None else None


MONTH_ABBREVIATIONS = [m[:3] for m in MONTHS]
_MONTH = r"(" + "|".join(MONTH_ABBREVIATIONS) + r")[a-z]*\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?\b"
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}", re.IGNORECASE)


def day_written(text: str) -> str | None:
    """ "Dec. 27th", "December 27", "27 December" -> "--12-27": a month and a day as written, read with a
    regular expression (``month_day`` reads more forms with dateparser, which is slow to load; this one runs
    on every date of every story, for single-source claims)."""
    if m := MONTH_DAY.search(text):
        month, day = m.group(1), m.group(2)
    elif m := DAY_MONTH.search(text):
        day, month = m.group(1), m.group(2)
    else:
        return None
    n = int(day)
    return f"--{MONTH_ABBREVIATIONS.index(month.lower()[:3]) + 1:02d}-{n:02d}" if 1 <= n <= 31 else None


def weekday_as_written(text: str) -> str | None:
    """ "on Friday", "late Friday" -> "weekday:friday": a day as written, where no publication date anchors it."""
    raw = text.strip().lower()
    if re.search(r"\d", raw):
        return None
    days = [wd for wd in WEEKDAYS if re.search(rf"\b{wd}\b", raw)]
    return f"weekday:{days[0]}" if len(days) == 1 else None


def _written_parts(x: str) -> tuple[tuple[str, str] | None, str | None]:
    """(month and day, weekday) that a date value says: "--02-22" the first, "weekday:friday" the second, a
    resolved day both; an "either" range only its weekday (both its days share it); other ranges neither."""
    if x.startswith("weekday:"):
        return None, x.split(":", 1)[1]
    if m := re.fullmatch(r"--(\d{2})-(\d{2})", x):
        return (m[1], m[2]), None
    rng = DateRange.parse(x)
    if rng is None or rng.granularity not in {"day", "either"}:
        return None, None
    weekday = WEEKDAYS[rng.start.weekday()]
    md = (f"{rng.start.month:02d}", f"{rng.start.day:02d}") if rng.granularity == "day" else None
    return md, weekday


def same_as_written(a: str, b: str) -> bool | None:
    """Two dates of which one or both are kept as written ("--02-22", "weekday:friday"): whether what both
    say agrees (month and day, or the day of the week); None when they say nothing comparable."""
    (ma, wa), (mb, wb) = _written_parts(a), _written_parts(b)
    if ma is not None and mb is not None:
        return ma == mb
    if wa is not None and wb is not None:
        return wa == wb
    return None


def days_apart(a: str, b: str) -> int | None:
    """How many days apart two dates are (as resolved, or weekdays as written); None when unknown."""
    if a.startswith("weekday:") or b.startswith("weekday:"):
        wa, wb = _written_parts(a)[1], _written_parts(b)[1]
        if wa is None or wb is None:
            return None
        d = abs(WEEKDAYS.index(wa) - WEEKDAYS.index(wb)) % 7
        return min(d, 7 - d)
    ra, rb = DateRange.parse(a), DateRange.parse(b)
    if ra is None or rb is None or ra.granularity != "day" or rb.granularity != "day":
        return None
    return abs((ra.start - rb.start).days)
