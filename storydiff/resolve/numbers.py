"""Numbers and money as ranges: words to numbers, scales, currencies, approximations and bounds.

A value is a closed range ``(low, high)``: "12" is (12, 12); "about 2,000" is (1800, 2200);
"more than 10" is (10, inf). Two values are compatible when their ranges overlap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

WORDS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200, "thousand": 1000, "thousands": 2000,
    "million": 1e6, "millions": 2e6, "billion": 1e9, "billions": 2e9, "trillion": 1e12, "half": 0.5,
    "single": 1, "couple": 2, "score": 20,
}  # fmt: skip
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9, "billions": 1e9, "tn": 1e12, "trillion": 1e12, "hundred": 100}  # fmt: skip
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "£": "GBP", "gbp": "GBP",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "¥": "JPY", "yen": "JPY", "yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "chf": "CHF", "francs": "CHF",
    "swiss francs": "CHF", "a$": "AUD", "au$": "AUD", "c$": "CAD", "rupees": "INR", "₹": "INR", "won": "KRW",
}  # fmt: skip
APPROX = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|estimated|an estimated|close to|circa|c\.|approx\.?|just under|just over|more or less)\s*$",
    re.I,
)
LOWER_BOUND = re.compile(
    r"\b(?:more than|over|at least|upwards of|in excess of|exceeding|above|no fewer than|no less than|not less than)\s*$",
    re.I,
)
UPPER_BOUND = re.compile(
    r"\b(?:fewer than|less than|under|up to|at most|no more than|below|as many as|as much as)\s*$", re.I
)
NUM = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Amount:
    low: float
    high: float
    exact: bool
    currency: str | None = None

    def overlaps(self, other: Amount, tolerance: float = 0.0) -> bool:
        lo1, hi1 = self.low * (1 - tolerance), self.high * (1 + tolerance)
        return lo1 <= other.high * (1 + tolerance) and other.low * (1 - tolerance) <= hi1

    def __str__(self) -> str:
        def f(x: float) -> str:
            return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"

        if self.low == self.high:
            return f(self.low)
        if math.isinf(self.high):
            return f"more than {f(self.low)}"
        return f"{f(self.low)}-{f(self.high)}"


FRACTION = re.compile(r"(?<![\d/.,])(?:(\d+) )?(\d)\s*/\s*(\d{1,2})(?![\d/])")  # "1/2", "3/4", "1 1/2"
VULGAR = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3"}


def words_to_number(text: str) -> float | None:
    """ "twelve" -> 12, "2,000" -> 2000, "2.4bn" -> 2.4e9, "three hundred" -> 300, "1/2" and "½" -> 0.5; None if no
    number."""
    t = text.lower().replace("-", " ").strip()
    for sign, part in VULGAR.items():
        t = t.replace(sign, f" {part}")
    f = FRACTION.search(t)
    if f and int(f.group(2)) < int(f.group(3)) <= 10:  # a proper fraction ("1/2 liter"), not "24/7" nor "9/11"
        return int(f.group(1) or 0) + int(f.group(2)) / int(f.group(3))
    m = NUM.search(t)
    if m:
        value = float(m.group(1).replace(",", ""))
        rest = t[m.end() :].strip()
        scale = re.match(r"(bn|mn|mln|tn|k|m|b|thousand|million|billion|trillion|hundred)\b", rest)
        if scale:
            value *= SCALES[scale.group(1)]
        return value
    total, current, seen = 0.0, 0.0, False
    for w in t.split():
        if w in {"and", "a", "an"} and seen:
            continue
        if w not in WORDS:
            if seen:
                break
            continue
        v = WORDS[w]
        seen = True
        if v in (100,) and current:
            current *= v
        elif v >= 1000:
            total += (current or 1) * v
            current = 0
        else:
            current += v
    return total + current if seen else None


def parse_amount(text: str, before: str = "") -> Amount | None:
    """A count or money amount as a range, reading approximations and bounds from the words before it."""
    value = words_to_number(text)
    if value is None:
        return None
    lead = before[-40:] + " " + re.sub(r"[\d$£€¥.,].*$", "", text)
    currency = None
    low_text = text.lower()
    for sym, code in sorted(CURRENCIES.items(), key=lambda kv: -len(kv[0])):
        if sym in low_text if not sym.isalpha() else re.search(rf"\b{re.escape(sym)}\b", low_text):
            currency = code
            break
    if APPROX.search(lead):
        spread = 0.1 if value >= 10 else 0.25
        return Amount(value * (1 - spread), value * (1 + spread), False, currency)
    if LOWER_BOUND.search(lead):
        return Amount(value, math.inf, False, currency)
    if UPPER_BOUND.search(lead):
        return Amount(0, value, False, currency)
    if re.search(r"\b(?:dozens|hundreds|thousands|millions|billions)\b", low_text) and not NUM.search(low_text):
        return Amount(value / 2, value * 10, False, currency)
    return Amount(value, value, True, currency)


def compatible_amounts(a: Amount, b: Amount, tolerance: float = 0.01) -> bool | None:
    """True when two amounts can both be right; None when they cannot be compared (different currencies)."""
    if a.currency and b.currency and a.currency != b.currency:
        return None
    return a.overlaps(b, tolerance)
