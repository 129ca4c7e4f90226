"""Units of measure: a quantity in one unit compared with the same quantity in another.

The table (``data/units.tsv``) is general knowledge: each unit's dimension and its factor to
the dimension's base unit. Converted figures are rounded by the writer ("22 nautical miles
(roughly 40 km)"), so two quantities of one dimension are compatible within ``TOLERANCE``.
Temperatures are converted by formula (Celsius, Fahrenheit).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

TOLERANCE = 0.08  # relative: conversions in copy are rounded ("12 miles" for 20 km is 19.3 km)


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    text = resources.files("storydiff.resolve").joinpath("data/units.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _unit, dim, factor, spellings = line.split("\t")
        for s in spellings.split(","):
            out.setdefault(s.strip().lower(), (dim, float(factor)))
    return out


def unit_of(word: str) -> tuple[str, float] | None:
    """(dimension, factor) of a unit word or lemma ("km" -> ("length", 1000.0)), or None."""
    return _table().get(word.strip().lower())


def compatible(low_a: float, high_a: float, unit_a: str, low_b: float, high_b: float, unit_b: str) -> bool | None:
    """Whether two quantities can be the same, in base units with rounding tolerance; None across dimensions."""
    ua, ub = unit_of(unit_a), unit_of(unit_b)
    if ua is None or ub is None or ua[0] != ub[0]:
        return None
    la, ha = low_a * ua[1], high_a * ua[1]
    lb, hb = low_b * ub[1], high_b * ub[1]
    return la * (1 - TOLERANCE) <= hb * (1 + TOLERANCE) and lb * (1 - TOLERANCE) <= ha * (1 + TOLERANCE)
