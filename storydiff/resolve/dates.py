"""Dates resolved against an article's publication date, as day ranges with their granularity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
    granularity: str  # day | month | year

    def overlaps(self, other: DateRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    @classmethod
    def parse(cls, text: str) -> DateRange | None:
        """The range a ``str(DateRange)`` wrote: "2026-03-01", "2026-03" or "2026"; None for anything else."""
        try:
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


def resolve_date(text: str, published: str | None) -> DateRange | None:
    """ "late Tuesday", "last month", "March 4", "on 4 March 2026" -> a DateRange; None when too vague."""
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
                delta = (base.weekday() - i) % 7
                if "next" in raw:
                    d = base + timedelta(days=(i - base.weekday()) % 7 or 7)
                else:
                    d = base - timedelta(days=delta)
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
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["day", "month"]}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    import dateparser  # slow to import: only for a date the rules above did not read

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:
        return None
    if parsed is None:
        return None
    d = parsed.date()
    return DateRange(d, d, "day")
