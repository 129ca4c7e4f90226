"""Detectors: one small registered unit per kind of disagreement.

Each detector turns claim slots into Facts with a topic key (what question the value
answers) and says whether two values can both be true. ``compare.findings`` does the rest
(grouping values into positions, deciding conflicts, writing the finding) the same way
for every detector.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..model import Slot
from ..resolve.entities import FACILITIES, NAME_SUFFIXES, norm_name
from ..resolve.numbers import Amount
from ..resolve.places import same_or_within


@dataclass
class Fact:
    topic: str  # key: facts with the same key answer the same question
    value: str  # short phrase shown to the reader
    norm: object  # what the detector compares
    article: str
    sentence: tuple[int, int]  # evidence: the sentence's offsets
    highlight: tuple[int, int]  # the value inside the article
    hedged: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class Detector:
    name: str  # finding type
    slot: str
    severity: str
    confidence: float
    key: Callable[[Slot, dict], str | None]
    same: Callable[[Fact, Fact], bool | None]  # True compatible, False conflict, None cannot tell
    question: Callable[[list[Fact]], str]
    value: Callable[[Slot], str] = lambda s: s.text
    # same value written two ways (one position); compatible-but-different values stay apart
    equal: Callable[[Fact, Fact], bool] = lambda a, b: same_value(a, b)


def same_value(a: Fact, b: Fact) -> bool:
    if a.extra.get("entity") and a.extra.get("entity") == b.extra.get("entity"):
        return True
    return norm_name(str(a.norm)) == norm_name(str(b.norm))


DETECTORS: dict[str, Detector] = {}


def register(det: Detector) -> Detector:
    DETECTORS[det.slot] = det
    return det


# --------------------------------------------------------------------------- venue
GENERIC_COURT = re.compile(r"^(?:[a-z]+\s+)*(?:court|tribunal|panel)$")


COURT_FILLER = {"the", "of", "for", "in", "at", "s", "us", "u", "united", "states", "federal"}


def _court_core(name: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*?)\s+in\s+(.+)$", name)
    if m:
        return m.group(1), m.group(2)
    return name, None


def same_court(a: Fact, b: Fact) -> bool | None:
    if a.extra.get("entity") and a.extra.get("entity") == b.extra.get("entity"):
        return True
    if _abbreviates(str(a.norm), str(b.norm)) or _abbreviates(str(b.norm), str(a.norm)):
        return True
    ca, pa = _court_core(str(a.norm))
    cb, pb = _court_core(str(b.norm))
    na, nb = norm_name(ca), norm_name(cb)
    if GENERIC_COURT.match(ca) or GENERIC_COURT.match(cb):
        generic, named = (na, nb) if GENERIC_COURT.match(ca) else (nb, na)
        words = [w for w in generic.split() if w not in {"court", "tribunal", "panel"}]
        kinds = {
            "federal": ("district", "us ", "federal", "circuit"),
            "district": ("district",),
            "appeals": ("appeal",),
            "appeal": ("appeal",),
            "high": ("high",),
            "supreme": ("supreme",),
            "sports": ("sport",),
            "crown": ("crown",),
        }
        if not words or any(any(k in named for k in kinds.get(w, (w,))) for w in words):
            return True
        return None  # a court described by kind and a named one: cannot tell
    if na == nb or na in nb or nb in na:
        if pa and pb:
            return same_or_within(pa, pb) is not False
        return True
    wa = set(re.findall(r"[a-z0-9]+", na)) - COURT_FILLER
    wb = set(re.findall(r"[a-z0-9]+", nb)) - COURT_FILLER
    if wa <= wb or wb <= wa:
        return True  # "District Court for the Western District of X" / "US District Court for the Western ..."
    only_a, only_b = " ".join(sorted(wa - wb)), " ".join(sorted(wb - wa))
    # each names something the other does not: Eastern vs Western District, Second vs Ninth Circuit;
    # unless the difference is a misspelling ("Tribunal" / "Tribunall")
    return Levenshtein.distance(only_a, only_b) <= 1


register(
    Detector(
        name="venue",
        slot="venue",
        severity="high",
        confidence=0.85,
        key=lambda s, ctx: "venue:" + s.head.split("|")[0] if s.head else None,
        same=same_court,
        question=lambda facts: _venue_question(facts),
        value=lambda s: str(s.value),
    )
)


def _venue_question(facts: list[Fact]) -> str:
    role, _, _ = facts[0].topic.split(":", 1)[1].partition("|")
    nouns = Counter(str(f.extra.get("noun") or "case") for f in facts)
    noun = nouns.most_common(1)[0][0]
    if role == "filed":
        return f"where the {noun} was filed"
    return f"which court or tribunal hears the {noun}"


# ---------------------------------------------------------------------- sub-units
UNIT_GENERIC = {
    "arm",
    "division",
    "unit",
    "business",
    "wing",
    "operation",
    "operations",
    "segment",
    "branch",
    "department",
    "group",
    "the",
    "its",
    "team",
}


def same_unit(a: Fact, b: Fact) -> bool | None:
    wa = {w for w in re.findall(r"[\w-]+", str(a.norm).lower()) if w not in UNIT_GENERIC}
    wb = {w for w in re.findall(r"[\w-]+", str(b.norm).lower()) if w not in UNIT_GENERIC}
    if not wa or not wb:
        return True  # "its division" vs "its cloud division": one is less specific
    if wa <= wb or wb <= wa:
        return True
    if fuzz.token_set_ratio(" ".join(sorted(wa)), " ".join(sorted(wb))) >= 85:
        return True
    return False


register(
    Detector(
        name="organization",
        slot="unit",
        severity="medium",
        confidence=0.7,
        key=lambda s, ctx: "unit:" + ctx["entity_of"](s.head) if s.head else None,
        same=same_unit,
        equal=lambda a, b: same_unit(a, b) is True,
        question=lambda facts: (
            f"which part of {facts[0].extra.get('parent', 'the organisation')} is said to be responsible"
        ),
        value=lambda s: f"{s.head}'s {s.value}",
    )
)


# ------------------------------------------------------------------ counts, money
def _amount(f: Fact) -> Amount:
    v = list(f.norm)  # type: ignore[call-overload]
    return Amount(v[0], v[1] if v[1] is not None else math.inf, v[2], v[3] if len(v) > 3 else None)


def same_amount(a: Fact, b: Fact) -> bool | None:
    x, y = _amount(a), _amount(b)
    if x.currency and y.currency and x.currency != y.currency:
        return None
    return x.overlaps(y, 0.005)


COUNT_QUESTIONS = {
    "dead": "how many people died",
    "injured": "how many people were injured",
    "missing": "how many people are missing",
    "evacuated": "how many people were evacuated",
    "arrested": "how many people were arrested",
    "affected": "how many people or records were affected",
}


def _count_question(facts: list[Fact]) -> str:
    key = facts[0].topic.split(":", 1)[1]
    if key in COUNT_QUESTIONS:
        return COUNT_QUESTIONS[key]
    noun, _, verb = key.partition("|")
    return f"how many {_plural(noun)} {('were ' + _participle(verb)) if verb else ''}".strip()


def _plural(noun: str) -> str:
    if noun in {"people", "staff", "police", "personnel", "children", "men", "women", "cattle", "sheep", "fish"}:
        return noun
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _participle(verb: str) -> str:
    irregular = {
        "cut": "cut",
        "put": "put",
        "set": "set",
        "shut": "shut",
        "let": "let",
        "quit": "quit",
        "spread": "spread",
        "cost": "cost",
        "hurt": "hurt",
        "say": "said",
        "pay": "paid",
        "lay": "laid",
        "run": "run",
        "win": "won",
        "write": "written",
        "drive": "driven",
        "fly": "flown",
        "see": "seen",
        "bring": "brought",
        "seek": "sought",
        "catch": "caught",
        "teach": "taught",
        "send": "sent",
        "spend": "spent",
        "lend": "lent",
        "build": "built",
        "strike": "struck",
        "steal": "stolen",
        "take": "taken",
        "hit": "hit",
        "buy": "bought",
        "sell": "sold",
        "lose": "lost",
        "hold": "held",
        "make": "made",
        "find": "found",
        "give": "given",
        "break": "broken",
        "leave": "left",
        "keep": "kept",
    }
    if verb in irregular:
        return irregular[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb):
        return verb + verb[-1] + "ed"  # stop -> stopped, ban -> banned
    return verb + "ed"


def equal_amount(a: Fact, b: Fact) -> bool:
    """One position: the same figure, or an approximation ("about 2,000") and a figure inside it (1,987).

    Bounds ("more than 10") stay positions of their own, so that they never join two
    figures that conflict (12 and 17 are both "more than 10").
    """
    x, y = _amount(a), _amount(b)
    if same_amount(a, b) is not True:
        return False
    if x.exact and y.exact:
        return True
    unbounded = [v for v in (x, y) if math.isinf(v.high) or v.low == 0]
    if unbounded:
        return x == y
    return True


register(
    Detector(
        "number",
        "count",
        "high",
        0.8,
        key=lambda s, ctx: "count:" + s.head if s.head else None,
        same=same_amount,
        question=_count_question,
        equal=equal_amount,
    )
)
register(
    Detector(
        "money",
        "amount",
        "high",
        0.8,
        key=lambda s, ctx: "amount:" + s.head if s.head else None,
        same=same_amount,
        question=lambda facts: f"the amount of the {facts[0].topic.split(':', 1)[1]}",
        equal=equal_amount,
    )
)


# ---------------------------------------------------------------------- places
REGION_WORDS = re.compile(
    r"shire\b|\w(?:side|land)\b|\b(?:county|province|region|state|district|borough|territory|area|valley|coast|north|south|east|west|northern|southern|eastern|western|central|greater|bay|river|estuary|island|islands)\b",
    re.I,
)


def _same_level(a: str, b: str) -> bool:
    from ..resolve.places import lookup

    la, lb = lookup(a), lookup(b)
    return bool(la and lb and la[0].kind == lb[0].kind and la[0].country == lb[0].country and la[0].name == lb[0].name)


def _chain(value: object) -> list[str]:
    """ "Speke, Liverpool" -> ["Speke", "Liverpool"]: a place and where the text says it lies."""
    return [p.strip() for p in str(value).split(",") if p.strip()] or [str(value)]


def same_place(a: Fact, b: Fact) -> bool | None:
    """Compatible when one place is or lies in the other (gazetteer, or the text: "Speke, Liverpool");
    two distinct towns are not."""
    pa, pb = _chain(a.norm), _chain(b.norm)
    base = _same_place(pa[0], pb[0])
    if base is True:
        return True
    # "Speke, Liverpool" and "Liverpool" (or "England"): the second is where the text puts the first
    if any(same_or_within(x, pb[0]) is True and _broader_or_same(pb[0], x) for x in pa[1:]) or any(
        same_or_within(y, pa[0]) is True and _broader_or_same(pa[0], y) for y in pb[1:]
    ):
        return True
    return base


def _broader_or_same(outer: str, inner: str) -> bool:
    from ..resolve.places import lookup

    if norm_name(outer) == norm_name(inner):
        return True
    rank = {"city": 0, "admin1": 1, "region": 1, "country": 2, "union": 3, "continent": 4}
    lo, li = lookup(outer), lookup(inner)
    if not lo or not li:
        return norm_name(inner) in norm_name(outer) or not lo
    return rank.get(lo[0].kind, 0) >= rank.get(li[0].kind, 0)


def _same_place(pa: str, pb: str) -> bool | None:
    from ..resolve.places import is_region, lookup

    r = same_or_within(pa, pb)
    if r is None:
        na, nb = norm_name(pa), norm_name(pb)
        if na in nb or nb in na:
            return True
        if pa.split()[-1] in FACILITIES and pb.split()[-1] in FACILITIES:
            return False  # two different airports or stations ("East" in a name is not a region here)
        if (pa.split()[-1] in FACILITIES) != (pb.split()[-1] in FACILITIES):
            return None  # a venue and a town: the venue may be in the town ("SAP Arena", "Mannheim")
        if REGION_WORDS.search(pa) or REGION_WORDS.search(pb) or is_region(pa) or is_region(pb):
            return None  # a region that may contain the other: cannot tell
        known = lookup(pa) or lookup(pb)
        if any(p.kind != "city" for p in known):
            return None
        return False
    if r is False and (is_region(pa) or is_region(pb)):
        return None  # a county or province we cannot place a town in
    return r


register(
    Detector(
        "place",
        "place",
        "medium",
        0.7,
        key=lambda s, ctx: "place:" + s.head if s.head else None,
        same=same_place,
        equal=lambda a, b: (
            norm_name(str(a.norm)) == norm_name(str(b.norm))
            or (
                same_or_within(_chain(a.norm)[0], _chain(b.norm)[0]) is True
                and _same_level(_chain(a.norm)[0], _chain(b.norm)[0])
            )
        ),
        question=lambda facts: f"where the {facts[0].topic.split(':', 1)[1]} took place",
        value=lambda s: _chain(s.value)[0],
    )
)
register(
    Detector(
        "location",
        "based",
        "medium",
        0.7,
        key=lambda s, ctx: "based:" + ctx["entity_of"](s.head) if s.head else None,
        same=same_place,
        question=lambda facts: f"where {facts[0].extra.get('subject', 'it')} is based",
        value=lambda s: f"{s.value}-based",
    )
)


# ------------------------------------------------------------------------ dates
def same_date(a: Fact, b: Fact) -> bool | None:
    from datetime import date

    from ..resolve.dates import DateRange, days_apart, same_as_written

    if (a.extra.get("zone") or b.extra.get("zone")) and a.extra.get("zone") != b.extra.get("zone"):
        if days_apart(str(a.norm), str(b.norm)) in {0, 1}:
            return True  # "2247 GMT on Monday", "4:32 am local time on Tuesday": one moment, two zones

    if any(str(x).startswith(("--", "weekday:")) for x in (a.norm, b.norm)):  # a day written without its year
        return same_as_written(str(a.norm), str(b.norm))

    def rng(v: str) -> DateRange:
        parsed = DateRange.parse(v)
        if parsed is not None:
            return parsed
        y = int(v[:4])
        return DateRange(date(y, 1, 1), date(y, 12, 31), "year")

    return rng(str(a.norm)).overlaps(rng(str(b.norm)))


register(
    Detector(
        "date",
        "date",
        "medium",
        0.65,
        key=lambda s, ctx: "date:" + s.head if s.head else None,
        same=same_date,
        equal=lambda a, b: str(a.norm) == str(b.norm),
        question=lambda facts: _date_question(facts),
        value=lambda s: s.text if re.search(r"\d{4}", s.text) else f"{s.text} ({s.value})",  # "Sunday (2026-03-01)"
    )
)


def _date_question(facts: list[Fact]) -> str:
    key = facts[0].topic.split(":", 1)[1]
    verb, _, who = key.partition("|")
    if not who:
        return f"when the {verb} happened"
    if who.startswith("@"):  # what was acted on: "when the order was lifted"
        return f"when the {who[1:]} was {_participle(verb)}"
    return f"when {facts[0].extra.get('subject') or who} {_participle(verb)}"


# ----------------------------------------------------------------- people's roles
TITLES = {
    "chief executive": "ceo", "chief executive officer": "ceo", "ceo": "ceo", "managing director": "ceo",
    "chief financial officer": "cfo", "cfo": "cfo", "finance director": "cfo", "chief operating officer": "coo",
    "coo": "coo", "chief technology officer": "cto", "cto": "cto", "chairman": "chair", "chairwoman": "chair",
    "chair": "chair", "chairperson": "chair", "president": "president", "vice-president": "vice-president",
    "vice president": "vice-president", "general counsel": "general counsel", "head coach": "coach",
    "coach": "coach", "captain": "captain", "spokesperson": "spokesperson", "spokesman": "spokesperson",
    "spokeswoman": "spokesperson", "professor": "professor", "lecturer": "lecturer", "director": "director",
    "minister": "minister", "secretary": "secretary", "mayor": "mayor", "governor": "governor",
    "site manager": "site manager", "plant manager": "plant manager", "operations director": "operations director",
    "fire chief": "fire chief", "chief fire officer": "fire chief", "police chief": "police chief",
}  # fmt: skip
EXCLUSIVE = {
    "ceo",
    "cfo",
    "coo",
    "cto",
    "chair",
    "president",
    "vice-president",
    "general counsel",
    "coach",
    "spokesperson",
    "professor",
    "lecturer",
    "site manager",
    "plant manager",
    "operations director",
    "mayor",
    "governor",
}


def role_titles(role: str) -> set[str]:
    """Every title a role names: "president and CEO" holds both."""
    r = re.split(r"\b(?:of|at|for|in)\b", role.lower())[0]
    found = set()
    for phrase in sorted(TITLES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", r):
            found.add(TITLES[phrase])
            r = re.sub(rf"\b{re.escape(phrase)}\b", " ", r)  # "vice president" is not "president" too
    return found


def same_role(a: Fact, b: Fact) -> bool | None:
    if re.search(r"\b(?:former|ex-|then|previous|one-time|onetime|later|acting|interim)\b", f"{a.norm} {b.norm}", re.I):
        return None  # a former role and a current one can both be true
    ta, tb = role_titles(str(a.norm)), role_titles(str(b.norm))
    if not ta or not tb:
        return None
    if ta & tb:
        return True  # one title in common: "AMD's president and CEO" and "CEO"
    if ta <= EXCLUSIVE and tb <= EXCLUSIVE:
        return False
    return None


register(
    Detector(
        "role",
        "role",
        "medium",
        0.65,
        key=lambda s, ctx: "role:" + ctx["entity_of"](s.head) if s.head else None,
        same=same_role,
        equal=lambda a, b: same_role(a, b) is True,
        question=lambda facts: f"what {facts[0].extra.get('subject', 'the person')}'s role is",
    )
)


def same_holder(a: Fact, b: Fact) -> bool | None:
    """Two names for who holds one title: the same person (one entity, or one surname spelt alike:
    "Preibus" and "Priebus") or two people."""
    if a.extra.get("entity") and a.extra.get("entity") == b.extra.get("entity"):
        return True
    na, nb = ([w for w in norm_name(str(f.norm)).split() if w not in NAME_SUFFIXES] for f in (a, b))
    if not na or not nb:
        return None
    return fuzz.ratio(na[-1], nb[-1]) >= 80


register(
    Detector(
        "role",
        "holder",
        "medium",
        0.6,
        key=lambda s, ctx: "holder:" + s.head.split("|")[0] if s.head else None,
        same=same_holder,
        equal=lambda a, b: same_holder(a, b) is True,
        question=lambda facts: f"who is the {str(facts[0].extra.get('parent', '|')).split('|', 1)[1]}",
    )
)


# one person named two ways in sentences that say the same thing (compare.names finds the pairs): another
# surname, or one spelt almost alike
for _slot, _severity in (("name", "medium"), ("spelling", "low")):
    register(
        Detector(
            "person",
            _slot,
            _severity,
            0.6,
            key=lambda s, ctx: None,
            same=same_value,
            equal=same_value,
            question=lambda facts: f"how {facts[0].value} is named",
        )
    )
register(
    Detector(
        "person",
        "age",
        "medium",
        0.75,
        key=lambda s, ctx: "age:" + ctx["entity_of"](s.head) if s.head else None,
        same=lambda a, b: abs(int(a.norm) - int(b.norm)) <= 1,  # type: ignore[call-overload]
        question=lambda facts: f"how old {facts[0].extra.get('subject', 'the person')} is",
    )
)


# ---------------------------------------------------------------------- polarity
register(
    Detector(
        "polarity",
        "polarity",
        "high",
        0.7,
        key=lambda s, ctx: "polarity:" + _polarity_key(s, ctx) if s.head else None,
        same=lambda a, b: a.norm == b.norm,
        question=lambda facts: _polarity_question(facts),
    )
)


def _polarity_key(s: Slot, ctx: dict) -> str:
    actor, pred, obj = (s.head or "||").split("|")
    return f"{ctx['entity_of'](actor)}|{pred}|{obj}"


def _entity_head(s: Slot, ctx: dict) -> str:
    return ctx["entity_of"](s.head)


def _polarity_question(facts: list[Fact]) -> str:
    _, rest = facts[0].topic.split(":", 1)
    _, pred, obj = rest.split("|")
    who = facts[0].extra.get("subject", "they")
    if pred == "confirm":
        return f"whether {who} confirmed or denied it about the {obj}"
    verb = {"admit": "admitted"}.get(pred, _participle(pred))
    return f"whether {who} {verb} the {obj}" if obj else f"whether {who} {verb}"


# --------------------------------------------------------------------- durations
register(
    Detector(
        "duration",
        "duration",
        "high",
        0.75,
        key=lambda s, ctx: "duration:" + s.head if s.head else None,
        same=lambda a, b: abs(float(a.norm) - float(b.norm)) < 0.5,  # type: ignore[arg-type]
        equal=lambda a, b: abs(float(a.norm) - float(b.norm)) < 0.5,  # type: ignore[arg-type]
        question=lambda facts: {
            "sanction|revised": "how long the ban or sentence is after the change",
            "sanction|original": "how long the original ban or sentence was",
        }.get(facts[0].topic.split(":", 1)[1], "how long the ban or sentence is"),
    )
)


# ------------------------------------------------- kinds compared by aligned statements
def same_time(a: Fact, b: Fact) -> bool | None:
    """Times of day: minutes after midnight and the zone written with them ("3.15am", "14:15 GMT")."""
    (ma, za, *hedge_a), (mb, zb, *hedge_b) = list(a.norm), list(b.norm)  # type: ignore[call-overload]
    if za != zb and (za or zb):
        return None  # two zones, or one given in a zone and one not: cannot tell without the offset
    # a hedged time is a stretch ("shortly before midday" 11:30-12:00): compatible when the stretches come within
    # ten minutes of each other, across midnight too ("shortly after 11pm" / "shortly before midnight")
    early_a, late_a = hedge_a or (0, 0)
    early_b, late_b = hedge_b or (0, 0)
    lo_a, hi_a = ma - early_a, ma + late_a
    gaps = (max(mb + shift - early_b - hi_a, lo_a - (mb + shift + late_b), 0) for shift in (-1440, 0, 1440))
    return min(gaps) <= 10


def same_quantity(a: Fact, b: Fact) -> bool | None:
    """Measured quantities: compatible when they can be one quantity in two units (rounding allowed)."""
    from ..resolve.units import compatible

    (la, ha, ua), (lb, hb, ub) = list(a.norm), list(b.norm)  # type: ignore[call-overload]
    return compatible(la, ha if ha is not None else math.inf, ua, lb, hb if hb is not None else math.inf, ub)


def same_named(a: Fact, b: Fact) -> bool | None:
    """Two named actors, laws or products: the same entity, or one name inside the other
    ("Claude" and "Claude 4", "Alibaba" and "Alibaba Cloud") is compatible."""
    if a.extra.get("entity") and a.extra.get("entity") == b.extra.get("entity"):
        return True
    na, nb = (norm_name(str(f.norm)).replace(".", "") for f in (a, b))  # "U.S." and "US", "F.B.I." and "FBI"
    if na in nb or nb in na or one_name(na, nb):
        return True
    return _abbreviates(str(a.norm), str(b.norm)) or _abbreviates(str(b.norm), str(a.norm))


def name_within(a: str, b: str) -> bool:
    """Is one name the other with words left out (the first perhaps cut short), or with a space less?"""
    if a.replace(" ", "").lower() == b.replace(" ", "").lower():
        return True  # "DelGiudice" / "Del Giudice"
    wa, wb = a.lower().split(), b.lower().split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    if not wa or len(wa[0]) < 3 or not wb[0].startswith(wa[0]):
        return False
    rest = iter(wb[1:])
    return all(x in rest for x in wa[1:])  # the first word may be cut short ("Mat"), the others whole and in order


def one_name(a: str, b: str) -> bool:
    """Two forms of one name: the words of the shorter are words of the longer, in order, the first perhaps cut
    short ("Richard Nixon" / "Richard M. Nixon", "Mat Maid" / "Matanuska Maid Creamery", "Medical Association of
    Alabama" / "Medical Association of the State of Alabama"), or the two differ by a letter or two in one long word
    ("Gordon Advisors" / "Gordon Advisers"; "Gordon" / "Jordan" is another name)."""
    if name_within(a, b):
        return True
    wa, wb = a.lower().split(), b.lower().split()
    if len(wa) == len(wb):
        differ = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
        # letters only: "Pneumora-21" / "Pneumora-15" are two versions, not two spellings
        return (
            len(differ) == 1
            and len(differ[0][0]) >= 5
            and all(w.isalpha() for w in differ[0])
            and (fuzz.ratio(*differ[0]) >= 85)
        )
    return False


def _abbreviates(short: str, full: str) -> bool:
    """ "CAS panel" and "Court of Arbitration for Sport": a word of one is the initials of the other."""
    from ..resolve.entities import initials

    letters = initials(full).lower()
    if len(letters) >= 2 and any(w.lower().replace(".", "") == letters for w in short.split()):
        return True
    # "MVP Award" and "Most Valuable Player Award": the initials of what the two do not share
    shared = {w.lower() for w in short.split()} & {w.lower() for w in full.split()}
    if not shared:
        return False
    rest = initials(" ".join(w for w in full.split() if w.lower() not in shared)).lower()
    return len(rest) >= 2 and any(w.lower().replace(".", "") == rest for w in short.split() if w.lower() not in shared)


register(
    Detector(
        "number", "percent", "high", 0.75, key=lambda s, ctx: None, same=same_amount,
        question=lambda facts: "what share", equal=equal_amount,
    )
)  # fmt: skip
register(
    Detector(
        "quantity", "quantity", "high", 0.75, key=lambda s, ctx: None, same=same_quantity,
        question=lambda facts: "how much", equal=lambda a, b: same_quantity(a, b) is True,
    )
)  # fmt: skip
register(
    Detector(
        "time", "time", "medium", 0.7, key=lambda s, ctx: None, same=same_time,
        question=lambda facts: "at what time", equal=lambda a, b: list(a.norm) == list(b.norm),  # type: ignore[call-overload]
    )
)  # fmt: skip
register(
    Detector(
        "actor", "actor", "medium", 0.65, key=lambda s, ctx: None, same=same_named,
        question=lambda facts: "who did it",
    )
)  # fmt: skip
register(
    Detector(
        "law", "law", "low", 0.6, key=lambda s, ctx: None, same=same_named,
        question=lambda facts: "under which law",
    )
)  # fmt: skip
register(
    Detector(
        "product", "product", "low", 0.6, key=lambda s, ctx: None, same=same_named,
        question=lambda facts: "which product",
    )
)  # fmt: skip
