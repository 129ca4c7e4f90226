"""Compare aligned statements: the contradictions of one story.

1. Candidate pairs: statements of two independent articles that hold a value of the same kind
   and share a name, a content word or what the value counts (blocking keeps this near-linear).
2. Alignment: the learned scorer (``storydiff.align``) says whether the two are about the same
   event; pairs under its threshold are never compared.
3. Values of aligned statements are paired by role, read from the parse: counts of the same
   thing, amounts for the same thing, dates and times of the same verb, places in the same role
   ("where", "from", "to"), the actor of the same verb. Each pair is judged by the kind's
   compatibility knowledge (ranges and bounds, containment of places, courts by name, roles).
4. Conflicting pairs become findings, grouped per question; the question is the masked statement.

An outlet that itself states both values (two meetings, two tolls) marks two sub-events, and
is never set against another outlet on that value. Polarity (did / did not) is compared only
between statements both outlets assert, or that report the same source.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..align import StatementView, pairer, view
from ..align import score as align_score
from ..align import threshold as align_threshold
from ..extract.claims import ADMIT_VERBS, DENIAL_VERBS
from ..extract.statements import PASSIVE, UNKNOWN_VOICE
from ..model import AnalyzedArticle, Clause, Entity, Finding, Statement, Value
from ..resolve.dates import DateRange
from ..resolve.entities import entity_lookup, norm_name
from ..resolve.units import unit_of
from .detectors import DETECTORS, Fact
from .findings import collect_facts, decide
from .parallel import Substitution, inside, substitutions, tokens

# attributes of one named thing (a person's role or age, where a company is based, which of its units acted,
# whether it admitted or denied something) are aligned by that thing, not by the event
ENTITY_SLOTS = {"role", "holder", "age", "based", "unit", "polarity"}
FIGURES = {"count", "quantity", "percent", "amount"}  # the value kinds that are figures
# which detector judges each value kind (compatibility knowledge lives in compare.detectors)
KIND_DETECTOR = {
    "count": "count",
    "quantity": "quantity",
    "percent": "percent",
    "amount": "amount",
    "date": "date",
    "time": "time",
    "place": "place",
    "org": "actor",
    "person": "actor",
    "law": "law",
    "product": "product",
    "polarity": "polarity",
    "role": "role",
}
QUESTION_PREFIX = {
    "count": "how many",
    "quantity": "how much, how long or how far",
    "percent": "what share",
    "amount": "how much",
    "date": "when",
    "time": "at what time",
    "place": "where",
    "org": "who",
    "person": "who",
    "law": "under which law",
    "product": "which product",
    "polarity": "whether",
    "role": "what role",
}
# a value that plays the same role for the same word in both statements ("in [COUNT] papers") needs less
# alignment than one whose role differs; the margin is on the aligner's probability
ROLE_MARGIN = 0.15
CANDIDATE_FLOOR = 0.2  # statement pairs the aligner scores lower are not candidates at all
MOMENTS_APART = 31  # days between the dates of two statements from which they are about two moments
BACKGROUND_DAYS = 60  # a statement dated this long before its article is about an earlier event
SAME_VERB = 0.7  # the same for two verbs ("kill" and "die" 0.74; "kill" and "injure" 0.32)
# the same, for one count each outlet words its own way, shown low only (painting/canvas 0.63, worker/mineworker 0.54)
RENAMED_NOUN = 0.55
SAME_NOUN = 0.78  # MiniLM cosine from which two nouns count the same thing (home/house 0.80, ballot/vote 0.75)
COPULAS = {"be", "have", "do", "seem", "become", "remain"}  # states, not acts: "was not popular", "was aloof"
STATES = COPULAS - {"become", "do"} | {"continue", "stay", "keep"}  # verbs of a state that lasts over days
# verbs of admitting are the claims' own list; denying is the claims' list less "dismiss" and "contest",
# as measured (the figures in docs/evaluation.md were taken without them; with them is untried)
DENY = DENIAL_VERBS - {"dismiss", "contest"}
PREDICATES_OF_SPEECH = {
    "say",
    "tell",
    "add",
    "state",
    "announce",
    "report",
    "claim",
    "write",
    "note",
    "speak",
    "accord",
}


@dataclass
class Node:
    """One value of one statement, as compared."""

    st: Statement
    value: Value
    fact: Fact


def _views(arts: list[AnalyzedArticle], key_of: Callable[[str], str]) -> dict[str, StatementView]:
    views = {}
    for aa in arts:
        names_by_sentence: dict[int, set[str]] = defaultdict(set)
        for m in aa.mentions:
            if m.type not in {"DATE", "MONEY", "QUANTITY"}:
                names_by_sentence[m.sentence].add(key_of(m.name))
        for st in aa.statements:
            views[st.id] = view(st, None, frozenset(names_by_sentence[st.sentence]))
    return views


def _actor_of(st: Statement, v: Value) -> str | None:
    """The subject of a value's verb, where the clause names it; in a passive clause ("X was fined"), who it was
    done to. A subject read through a description or a relative pronoun is no name to set apart two figures by."""
    verb = v.verb or v.about
    for wanted in (verb, verb + PASSIVE):
        c = next((c for c in st.clauses if c.verb == wanted and c.through != "agent"), None)
        if c is not None:
            return None if c.through else c.actor
    return None


def _object_of_verb(st: Statement, v: Value) -> list[str]:
    verb = v.verb or v.about
    return next((c.object.split() for c in st.clauses if c.verb == verb and c.through != "agent"), [])


def _other_objects(a: Statement, va: Value, b: Statement, vb: Value, similar: Callable[[str, str], float]) -> bool:
    """A day, time or length of two acts with one verb and two objects ("six weeks before Obama takes office" /
    "the rule takes effect nine days before"): two events. Not where the value is itself the object."""
    if va.kind not in {"date", "time", "quantity"} or "obj" in {va.role, vb.role}:
        return False
    if (va.verb or va.about) != (vb.verb or vb.about):
        return False  # two verbs: whether they tell one act is the aligner's and the verb's question
    oa, ob = _object_of_verb(a, va), _object_of_verb(b, vb)
    if not oa or not ob or oa[-1] == ob[-1] or set(oa) & set(ob):
        return False
    return similar(oa[-1], ob[-1]) < SAME_NOUN


def _other_actors(
    a: Statement, va: Value, b: Statement, vb: Value, key_of: Callable[[str], str], named: set[str]
) -> bool:
    """The values belong to verbs whose subjects are two different named people or organisations."""
    if va.kind in {"org", "person"}:
        return False
    xa, xb = _actor_of(a, va), _actor_of(b, vb)
    if not xa or not xb:
        return False
    ka, kb = key_of(xa), key_of(xb)
    if ka == kb or ka not in named or kb not in named:
        return False
    return not _same_actor(xa, xb, key_of)


def _other_scope(a: Statement, va: Value, b: Statement, vb: Value, key_of: Callable[[str], str]) -> bool:
    """Two counts of one noun whose named qualifiers differ: "54 games with the Angels" / "a combined 157 games
    with the Angels and Braves" (a part and the whole), "three patients at St Mary's" / "five at the Royal": the
    organisations and people each statement attaches to the counted noun, where both attach some."""
    if va.kind not in FIGURES or not va.about or va.about != vb.about:
        return False

    def qualifiers(st: Statement, v: Value) -> set[str]:
        return {key_of(str(w.norm)) for w in st.values if w.kind in {"org", "person"} and w.about == v.about}

    qa, qb = qualifiers(a, va), qualifiers(b, vb)
    if qa and qb:
        return qa != qb
    # a total over several named ("a combined 157 games with the Angels and Braves") against a count that names none
    return len(qa | qb) >= 2


def _locates_a_name(st: Statement, v: Value) -> bool:
    """Is the place where a named organisation is ("the Betty Ford Clinic in Rancho Mirage") rather than where
    something happened ("after leaving rehab in Newport Beach")? The two answer different questions."""
    return v.kind == "place" and any(
        w.kind == "org" and str(w.norm).lower().split()[-1:] == [v.about] for w in st.values if w is not v
    )


def _same_actor(xa: str, xb: str, key_of: Callable[[str], str]) -> bool:
    """One actor: one canonical name, or one name inside the other ("Calloway" and "Calloway Sports Partners",
    "the St. Louis Tea Party" and "The St. Louis Tea Party Coalition"). Pronouns never."""
    if key_of(xa) == key_of(xb):
        return True

    def named(x: str) -> bool:  # a name, not "the company"
        return any(w[:1].isupper() for w in x.split() if w.lower() not in {"the", "a", "an"})

    if not (named(xa) and named(xb)):
        return False
    wa, wb = set(norm_name(xa).split()), set(norm_name(xb).split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _other_owners(va: Value, vb: Value, key_of: Callable[[str], str]) -> bool:
    """The figures or days belong to two different people ("a $70 million contract for J. D. Drew" and
    "Teixeira is seeking a 10-year contract"; "paid him $4 million" and "paying Randy Ayers $2 million")."""
    return bool(va.owner and vb.owner and key_of(va.owner) != key_of(vb.owner))


def _dates_disagree(a: Statement, b: Statement) -> bool:
    """Both statements are dated, and every date of one is more than ``MOMENTS_APART`` days from every date of
    the other ("77 percent after 2036" and "74 percent by 2085"). Dates a day or two apart are one event
    misdated by an outlet (a contradiction on the date), not two moments."""
    da = [x for v in a.values if v.kind == "date" and (x := _span(v)) is not None]
    db = [y for v in b.values if v.kind == "date" and (y := _span(v)) is not None]
    if not da or not db:
        return False
    return all(x[0] > y[1] + MOMENTS_APART or y[0] > x[1] + MOMENTS_APART for x in da for y in db)


def _span(v: Value) -> tuple[int, int] | None:
    """A date value as (first day, last day) ordinals."""
    rng = DateRange.parse(str(v.norm))
    return (rng.start.toordinal(), rng.end.toordinal()) if rng is not None else None


def _reference_day(statements: list[Statement], published: dict[str, str | None]) -> str | None:
    """The day to tell background by in articles that carry no publication date: the first day of the latest year
    that at least two articles of the story give a date in, not counting future events (two articles that name a
    target year would make the whole story background). "Hosting the 2007 ceremony" and "co-hosting in 2003" are
    both background to a story whose articles date its event in 2009."""
    if all(published.get(st.article) for st in statements):
        return None  # every article is dated (the usual case): nothing to read
    from datetime import date

    articles_of: dict[int, set[str]] = defaultdict(set)
    for st in statements:
        for v in st.values:
            if v.kind == "date" and v.mood != "future" and (span := _span(v)) is not None:
                articles_of[date.fromordinal(span[1]).year].add(st.article)
    years = [y for y, arts in articles_of.items() if len(arts) >= 2]
    return f"{max(years):04d}-01-01" if years else None


def _background(st: Statement, published: str | None) -> bool:
    """A statement dated well before its article ("a 7.8 earthquake in 2015 killed nearly 9,000"): background,
    about an earlier event, never compared with one about the story's own event."""
    if not published or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return False
    from datetime import date

    limit = date.fromisoformat(published).toordinal() - BACKGROUND_DAYS
    return any(span[1] < limit for v in st.values if v.kind == "date" and (span := _span(v)) is not None)


def _comparable(a: Value, b: Value) -> bool:
    """The structural conditions for comparing two values at all (not tuned: kinds, saying, tense)."""
    if a.kind != b.kind or not _same_sort(a, b):
        return False
    if a.about in PREDICATES_OF_SPEECH or b.about in PREDICATES_OF_SPEECH:
        return False  # "said on Thursday": when something was said, not when it happened
    if a.mood != b.mood and a.kind in {"date", "time", "quantity", "count"}:
        return False  # "will approve it in October" and "approved it on Tuesday": two events
    return True


def _same_remark_day(a: Statement, va: Value, b: Statement, vb: Value, key_of: Callable[[str], str]) -> bool:
    """The days of one announcement: "officials said Tuesday" / "officials said Saturday" where the two
    statements say nearly the same (the caller checks the alignment) and have one speaker (or none named)."""
    if not (va.kind == vb.kind == "date" and va.about in PREDICATES_OF_SPEECH and vb.about in PREDICATES_OF_SPEECH):
        return False
    if va.mood != vb.mood:
        return False
    speaker_a, speaker_b = (key_of(st.actor) if st.actor else None for st in (a, b))
    if speaker_a != speaker_b:
        return False
    # figures that disagree make two announcements ("two people" on Monday, "seven, revising" on Tuesday)
    for x in a.values:
        for y in b.values:
            if x.kind == y.kind and x.kind in FIGURES:
                if _judge(_fact(x.kind, a, x, key_of), _fact(y.kind, b, y, key_of), x.kind) is False:
                    return False
    return True


@dataclass
class PairRow:
    """A candidate pair of values from two statements, with its features and the detector's verdict."""

    a: Statement
    va: Value
    b: Statement
    vb: Value
    features: list[float]
    verdict: bool | None


def pair_features(
    p: float,
    va: Value,
    vb: Value,
    single: bool,
    similarity: Callable[[str, str], float],
    window: float,
    mutual: bool,
    gap: float,
    pairable: bool,
) -> list[float]:
    """Features of a value pair the rules do not pair, for the learned pair model (``storydiff/align/pairer.json``):
    the aligner's probability, how alike the counted nouns and the verbs are, the MiniLM cosine of the words
    around the two values (``window``), whether each is the other's closest value of its kind between the two
    articles (``mutual``) and by how much (``gap``: 0 for the closest, negative otherwise), roles, the kind."""
    kind = "court" if va.kind in {"org", "person"} and va.entity_type in {"COURT", "AGENCY"} else va.kind
    when_a, when_b = {va.about, va.detail} - {""}, {vb.about, vb.detail} - {""}
    verb_sim = (
        max((similarity(x, y) for x in when_a for y in when_b), default=0.0)
        if va.kind in {"date", "time"}
        else similarity(va.verb, vb.verb)
    )
    return [
        p,
        similarity(va.about, vb.about),
        verb_sim,
        _apart(va, vb),
        window,
        1.0 if mutual else 0.0,
        max(gap, -0.5),
        1.0 if single else 0.0,
        1.0 if va.role == vb.role else 0.0,
        1.0 if va.detail == vb.detail else 0.0,
        1.0 if pairable else 0.0,
        *[1.0 if kind == k else 0.0 for k in PAIR_KINDS],
        1.0,
    ]


def _magnitude(v: Value) -> float | None:
    """Where a value lies on its own scale: log10 of a figure (a quantity in base units), days for a date,
    minutes for a time of day; None where the text gives no number to place."""
    norm = v.norm
    try:
        if v.kind in FIGURES:
            low, high = norm[0], norm[1]
            mid = (low + high) / 2 if low is not None and high is not None else low if low is not None else high
            if mid is None:
                return None
            if v.kind == "quantity":
                unit = unit_of(norm[2]) if norm[2] else None
                mid *= unit[1] if unit else 1.0
            return math.log10(max(abs(float(mid)), 1e-6))
        if v.kind == "date":
            found = re.search(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(norm))
            if not found:
                return None
            y, m, d = int(found[1]), int(found[2] or 6), int(found[3] or 15)
            return float(y * 365.25 + (m - 1) * 30.44 + d)
        if v.kind == "time":
            return float(norm[0])
    except (TypeError, ValueError, IndexError):
        return None
    return None


def _apart(va: Value, vb: Value) -> float:
    """How far apart two values of one kind lie, 0 to 1: a factor of a thousand between two figures, a year
    between two days, twelve hours between two times is 1 ("44 seconds" / "more than four years": two
    questions). 0.5 where either cannot be placed."""
    a, b = _magnitude(va), _magnitude(vb)
    if a is None or b is None:
        return 0.5
    scale = {"date": 365.0, "time": 720.0}.get(va.kind, 3.0)
    return min(abs(a - b) / scale, 1.0)


WINDOW_WORDS = 5  # words each side of a value in the text the pair model embeds ("plunged into the water")


def value_window(st: Statement, v: Value) -> str:
    """The words around a value, the value masked by its kind: "the quay collapsed, sending COUNT cars into the"."""
    s, e = v.start - st.start, v.end - st.start
    left = st.text[: max(s, 0)].split()[-WINDOW_WORDS:]
    right = st.text[max(e, 0) :].split()[:WINDOW_WORDS]
    return " ".join([*left, v.kind.upper(), *right])


PAIR_KINDS = (
    "count",
    "quantity",
    "percent",
    "amount",
    "date",
    "time",
    "place",
    "org",
    "person",
    "court",
    "law",
    "product",
)
PAIR_FEATURES = (
    "alignment",
    "about_similarity",
    "verb_similarity",
    "how_far_apart",
    "window_cosine",
    "mutual_closest",
    "closest_gap",
    "single",
    "same_role",
    "same_detail",
    "pairable",
    *(f"kind_{k}" for k in PAIR_KINDS),
    "bias",
)


def pair_probability(features: list[float], weights: list[float]) -> float:
    """The learned pair model's probability that two values answer the same question."""
    z = sum(w * x for w, x in zip(weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def _same_sort(v: Value, w: Value) -> bool:
    """Values of one sort within a statement (courts and agencies apart from other organisations)."""
    if v.kind != w.kind:
        return False
    if v.kind in {"org", "person"}:
        return (v.entity_type in {"COURT", "AGENCY"}) == (w.entity_type in {"COURT", "AGENCY"})
    return True


def _clause_polarity(clause: Clause) -> tuple[str, bool]:
    """(predicate, positive): "denied liability" is ("admit", False)."""
    verb, negated = clause.verb, clause.negated
    if verb in DENY:
        return "admit", negated
    if verb in ADMIT_VERBS:
        return "admit", not negated
    return verb, not negated


RELATIVE_TIME = frozenset({"after", "before", "since", "until", "within"})  # a length of time between events


def _pairable(a: Value, b: Value, aligned_strongly: bool, single: bool, similar: Callable[[str, str], bool]) -> bool:
    """Do two values of aligned statements answer the same question? (``_comparable`` has already
    checked the kinds, verbs of saying and tense.)"""
    if a.kind == "count":
        if not (a.about and similar(a.about, b.about)):
            return False
        # "four workers were killed" and "more than 20 people injured": the same noun, another verb;
        # "38 cars derailed" and "three tank cars were breached": a narrower thing and another verb
        return similar(a.verb, b.verb) or (a.detail == b.detail and aligned_strongly)
    if a.kind == "quantity":
        # the same dimension, measuring the same thing (or the only such quantity of two aligned statements;
        # never for lengths of time, which measure too many things at once: a sentence, a delay, a streak)
        if a.detail != b.detail:
            return False
        if (a.role in RELATIVE_TIME or b.role in RELATIVE_TIME) and a.role != b.role:
            return False  # "after more than three years of delays" is the time before the event, not its length
        # "banned for four years" (the verb, "ban/v") and "a two-year ban" (the noun) measure one thing
        return a.about.removesuffix("/v") == b.about.removesuffix("/v") or (
            single and aligned_strongly and a.detail != "time"
        )
    if a.kind == "percent":
        return bool(a.about) and a.about == b.about and similar(a.verb, b.verb)
    if a.kind == "amount":
        return bool(a.about) and similar(a.about, b.about)
    if a.kind in {"date", "time"}:
        verbs_a, verbs_b = {a.about, a.detail} - {""}, {b.about, b.detail} - {""}
        if a.kind == "time" and single:
            # the only time of day of two aligned statements, whatever the verb ("the quake hit at 4:32 am" /
            # "struck at 2.32am"): on the gold stories every such pair was one moment (4 of 4 pairs)
            return True
        return any(similar(x, y) for x in verbs_a for y in verbs_b)
    if a.kind == "place":
        return (
            a.role == b.role
            and a.role in {"where", "from", "to"}
            and (similar(a.about, b.about) or (single and aligned_strongly))
        )
    if a.kind in {"org", "person"}:
        if a.entity_type == b.entity_type == "COURT":
            # a court in the same role of the same verb, or the only court of two aligned statements
            return (a.role == b.role and a.about == b.about) or single
        if {a.entity_type, b.entity_type} <= {"COURT", "AGENCY"}:
            # an agency (or an agency and a court) in the same role of the same verb: who acted
            return a.role == b.role and a.about == b.about and a.about not in PREDICATES_OF_SPEECH
        # other organisations and people as the actor of one verb: measured on real coverage, 0 of 5 such
        # findings were real (different people making different statements), and none was gold in the
        # blind or example stories; who said a quote is compared in compare.quotes instead
        return False
    if a.kind in {"law", "product"}:
        return similar(a.about, b.about) and not {a.role, b.role} & {"poss", "compound"}
    return False


_WORD_VECTORS: dict[str, Any] = {}  # single words embedded once per process (nouns and verbs recur)


class WordSimilarity:
    """How alike two counted, paid-for or governing words are: 1.0 for the same lemma, else (with embeddings)
    the MiniLM cosine of the two words ("home" and "house" 0.80, "car" and "vehicle" 0.87), else 0.
    ``needed``: the words candidate pairs will compare (only those are embedded); ``verbs``: the words that
    are verbs, held to ``SAME_VERB`` rather than ``SAME_NOUN``."""

    def __init__(self, vectors: bool, needed: set[str], verbs: set[str]) -> None:
        self.vectors = vectors
        self.verbs = verbs
        # only the words this story needs: the process-wide cache also holds the words of stories compared before
        # in this process (another story in a forked worker, another cluster in one run), and a result must not
        # depend on which those were
        self.known = frozenset(needed)
        missing = sorted(w for w in needed if w not in _WORD_VECTORS) if vectors else []
        if missing:
            from ..nlp.embed import embed

            for w, v in zip(missing, embed(missing), strict=True):
                _WORD_VECTORS[w] = v

    def score(self, x: str, y: str) -> float:
        if not x or not y:
            return 0.0
        if x == y:
            return 1.0
        if not self.vectors or x not in self.known or y not in self.known:
            return 0.0
        return max(0.0, float(_WORD_VECTORS[x] @ _WORD_VECTORS[y]))

    def alike(self, x: str, y: str) -> bool:
        return self.score(x, y) >= (SAME_VERB if x in self.verbs and y in self.verbs else SAME_NOUN)


def _question(kind: str, st: Statement, value: Value) -> str:
    """The question both outlets answer, from the masked statement: "how many: “[COUNT] cars were …”"."""
    masked = st.masked
    mark = f"[{kind.upper()}]" if kind not in {"org", "person"} else ("[ORG]" if "[ORG]" in masked else "[PERSON]")
    i = masked.find(mark)
    if i < 0:
        i = 0
    lo, hi = max(0, i - 70), min(len(masked), i + len(mark) + 70)
    snippet = ("…" if lo else "") + masked[lo:hi].strip() + ("…" if hi < len(masked) else "")
    return f"{QUESTION_PREFIX.get(kind, 'what')}: “{snippet}”"


def shown_value(v: Value) -> str:
    """A value as a finding shows it: as written, and a date without its year with the day it resolves to."""
    if v.kind == "date" and not re.search(r"\d{4}", v.text) and not str(v.norm).startswith("--"):
        return f"{v.text} ({' or '.join(reversed(str(v.norm).split('/')))})"  # "Tuesday (2026-06-09 or 2026-06-02)"
    return v.text


def _fact(kind: str, st: Statement, v: Value, key_of: Callable[[str], str]) -> Fact:
    det = DETECTORS[KIND_DETECTOR[kind]]
    value = shown_value(v)
    f = Fact(
        topic="",
        value=value,
        norm=v.norm,
        article=st.article,
        sentence=(st.start, st.end),
        highlight=(v.start, v.end),
        hedged=st.hedged,
    )
    if kind == "date":
        # "2247 GMT on Monday": a day given with a time in a zone may be the next or the previous day elsewhere
        zones = {str(t.norm[1]) for t in st.values if t.kind == "time" and isinstance(t.norm, list)}
        if zones:
            f.extra["zone"] = "/".join(sorted(zones))
    if kind in {"org", "person", "law", "product"}:
        f.extra["entity"] = key_of(str(v.norm))
        f.extra["court"] = v.entity_type == "COURT"
    f.extra["detector"] = det.slot
    return f


def aligned_findings(
    arts: list[AnalyzedArticle],
    entities: list[Entity],
    key_of: Callable[[str], str],
    independent: Callable[[str, str], bool],
    texts: dict[str, str],
    outlets: dict[str, str | None],
    published: dict[str, str | None],
    threshold: float | None = None,
    pair_log: list[PairRow] | None = None,
) -> list[Finding]:
    """Contradictions between the aligned statements of one story.

    ``pair_log``: when given, every candidate pair of values is appended to it with its features and the
    detector's verdict, whatever the decision (``storydiff.align.train_pairer`` learns from these)."""
    views = _views(arts, key_of)
    # the aligner runs without sentence vectors: on held-out ECB+ topics the cosine of the masked texts added
    # nothing (AUC 0.668 with it, 0.671 without) and embedding every statement doubled the analysis time;
    # word vectors (what a number counts, which verb) are used where embeddings are on
    vectors = any(aa.embeddings is not None for aa in arts)
    threshold = align_threshold(False) if threshold is None else threshold
    strong = min(0.95, threshold + 0.15)
    statements = [st for aa in arts for st in aa.statements]
    # names each article mentions anywhere (a different actor is a conflict only if the other outlet never names it)
    named: dict[str, set[str]] = defaultdict(set)
    for aa in arts:
        for m in aa.mentions:
            named[aa.article.id].add(key_of(m.name))
    # the values each article states, by kind and what they are about (an outlet stating both marks two sub-events)
    own: dict[tuple[str, str, str], list[Value]] = defaultdict(list)
    for st in statements:
        for v in st.values:
            own[(st.article, v.kind, v.about)].append(v)
    stated: dict[tuple[str, str], list[tuple[str, list[Value]]]] = defaultdict(list)  # the same, by kind and about
    for (art, kind, about), mine in own.items():
        stated[(kind, about)].append((art, mine))

    # the figures of sentences that state several of one kind ("Trump at 17 percent, Romney at 21 percent")
    together: dict[str, list[list[Value]]] = defaultdict(list)
    for st in statements:
        for kind in {v.kind for v in st.values if v.kind in FIGURES}:
            mine = [v for v in st.values if v.kind == kind]
            if len(mine) > 1:
                together[kind].append(mine)
    named_keys = {key_of(m.name) for aa in arts for m in aa.mentions if m.type in {"PERSON", "ORG", "AGENCY", "COURT"}}
    organisations = {key_of(m.name): m.type for aa in arts for m in aa.mentions if m.type in {"ORG", "AGENCY", "COURT"}}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aa in arts:
        for q in aa.quotes:
            if q.kind == "direct":
                spans[aa.article.id].append((q.start, q.end))

    inside: dict[tuple[str, int, int], bool] = {}  # values met again in every pair they are in: once each

    def quoted(article: str, v: Value) -> bool:
        k = (article, v.start, v.end)
        if k not in inside:
            inside[k] = any(s <= v.start and v.end <= e for s, e in spans[article])
        return inside[k]

    sorts: dict[tuple[str, int], int] = {}

    def alone(st: Statement, n: int) -> bool:
        """Is the statement's ``n``-th value the only one of its sort in the statement?"""
        if (st.id, n) not in sorts:
            sorts[(st.id, n)] = sum(_same_sort(v, st.values[n]) for v in st.values)
        return sorts[(st.id, n)] == 1

    undated = _reference_day(statements, published)
    past = {st.id: _background(st, published.get(st.article) or undated) for st in statements}

    # 1. candidate pairs by blocking on value kinds plus a shared name, lemma or counted thing
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, st in enumerate(statements):
        keys = set()
        kinds = {v.kind for v in st.values}
        if st.values or st.predicate:
            for kd in kinds:
                for name in views[st.id].names:
                    keys.add((kd, "n:" + name))
                for lemma in st.lemmas:
                    keys.add((kd, "l:" + lemma))
            for clause in st.clauses:
                keys.add(("polarity", key_of(clause[0]) + "|" + _clause_polarity(clause)[0]))
        for key in keys:
            index[key].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > 400:
            continue  # a word every statement shares blocks nothing
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if statements[i].article != statements[j].article and independent(
                    statements[i].article, statements[j].article
                ):
                    candidates.add((i, j))

    # 2-3. align, then pair and judge values
    nodes: dict[tuple[str, int], Node] = {}
    edges: list[tuple[tuple[str, int], tuple[str, int], str]] = []
    scored = []
    needed: set[str] = set()
    for i, j in sorted(candidates):
        a, b = statements[i], statements[j]
        p = align_score(views[a.id], views[b.id])
        if p < CANDIDATE_FLOOR:
            continue
        scored.append((a, b, p))
        if p < threshold - ROLE_MARGIN:
            continue  # the rules compare nothing here, whatever the words
        for va in a.values:
            for vb in b.values:
                if va.kind == vb.kind and va.kind != "quantity":
                    for wa, wb in ((va.about, vb.about), (va.verb, vb.verb), (va.detail, vb.detail)):
                        if wa and wb and wa != wb:
                            needed |= {wa, wb}
        needed |= {c[4].split()[-1] for c in a.clauses + b.clauses if c[4]}  # the heads of the objects
    verbs = {v.verb for st in statements for v in st.values if v.verb}
    verbs |= {v.about for st in statements for v in st.values if v.kind in {"date", "time"}}
    words = WordSimilarity(vectors, needed, verbs)
    tok_cache: dict[str, list[Any]] = {}

    def toks(st: Statement) -> list[Any]:
        if st.id not in tok_cache:
            tok_cache[st.id] = tokens(st)
        return tok_cache[st.id]

    # the learned pair model (storydiff/align/pairer.json) looks at the conflicting pairs the rules do not pair;
    # it needs the words around each value embedded, so it runs where embeddings are on
    model = pairer() if vectors and pair_log is None else None  # a pair log is for training a new one
    learn = model is not None or (pair_log is not None and vectors)
    weak: list[tuple[Statement, int, Value, Statement, int, Value, float, bool, bool, Fact, Fact]] = []
    # the values each value was comparable with in the other article: (statement, value index)
    rivals: dict[tuple[str, int, str], list[tuple[Statement, int]]] = defaultdict(list)
    acts: list[tuple[Statement, Statement]] = []  # aligned pairs whose clauses may tell who did one act
    # the nouns each article counts ("paintings"), and the counts the rules refuse only for the noun ("seven
    # paintings" / "nine canvases"): compared as low where nothing else tells them apart
    counted: dict[str, set[str]] = defaultdict(set)
    for st in statements:
        if not past[st.id]:  # an earlier event's count ("five paintings" stolen in 2010) tells nothing of this one
            counted[st.article] |= {v.about for v in st.values if v.kind == "count" and v.about}
    renamed: list[tuple[Statement, int, Value, Fact, Statement, int, Value, Fact]] = []
    for a, b, p in scored:
        background = past[a.id] != past[b.id]  # one of them is about an earlier event (background)
        dates_apart = _dates_disagree(a, b)
        for kind_a, va in enumerate(a.values):
            for kind_b, vb in enumerate(b.values):
                if not _comparable(va, vb) and not (p >= strong and _same_remark_day(a, va, b, vb, key_of)):
                    continue
                if quoted(a.article, va) or quoted(b.article, vb):
                    continue  # a speaker's words are compared as quotes, not as what the outlet states
                if learn:
                    rivals[(a.id, kind_a, b.article)].append((b, kind_b))
                    rivals[(b.id, kind_b, a.article)].append((a, kind_a))
                single = alone(a, kind_a) and alone(b, kind_b)
                other_actors = _other_actors(a, va, b, vb, key_of, named_keys) or _other_owners(va, vb, key_of)
                pairable = _pairable(va, vb, p >= strong, single, words.alike)
                apart = (background or past[a.id]) and not (va.kind == "date" and p >= strong and not background)
                apart = apart or (va.kind != "date" and dates_apart)
                apart = apart or other_actors
                apart = apart or va.frame != vb.frame  # "even if one or two jurors voted": a condition, not a fact
                # "remained out of their homes Monday" / "remained in place Sunday": the day a state was seen, not
                # when something happened; a state holds on many days
                apart = apart or (va.kind in {"date", "time"} and (va.about in STATES or vb.about in STATES))
                apart = apart or _other_objects(a, va, b, vb, words.score)
                apart = apart or _other_scope(a, va, b, vb, key_of)
                apart = apart or (
                    va.kind == "place" and va.about != vb.about and _locates_a_name(a, va) != _locates_a_name(b, vb)
                )
                margin = ROLE_MARGIN if va.about == vb.about and va.role == vb.role else 0.0
                rule = pairable and not apart and p >= threshold - margin
                if not rule and not apart and p >= threshold and _renamed_count(a, va, b, vb, counted, words.score):
                    fa, fb = _fact(va.kind, a, va, key_of), _fact(vb.kind, b, vb, key_of)
                    if _judge(fa, fb, va.kind) is False:
                        renamed.append((a, kind_a, va, fa, b, kind_b, vb, fb))
                if not rule and not (learn and not apart and p >= threshold - ROLE_MARGIN and _may_learn(va, vb)):
                    continue
                if not rule and pair_log is None and model is not None:
                    row = (a, kind_a, va, b, kind_b, vb, p, single, pairable)
                    if not _could_pair(row, model, words.score):
                        continue  # the model could not take it whatever the words around the values say
                ka, kb = (a.id, kind_a), (b.id, kind_b)
                fa = nodes[ka].fact if ka in nodes else _fact(va.kind, a, va, key_of)
                fb = nodes[kb].fact if kb in nodes else _fact(vb.kind, b, vb, key_of)
                verdict = _judge(fa, fb, va.kind)
                if not rule:
                    if verdict is False:
                        weak.append((a, kind_a, va, b, kind_b, vb, p, single, pairable, fa, fb))
                    continue
                _keep(nodes, (ka, a, va, fa), (kb, b, vb, fb))
                if verdict is False:
                    if _stated_by_both(va, vb, a.article, b.article, stated, named, key_of):
                        continue
                    if va.kind == "place" and _names_both(a, va, b, vb, key_of):
                        continue  # one sentence names both places: a list, or two places of the story
                    if _one_sentence_states_both(va, vb, together):
                        continue
                edges.append((ka, kb, va.kind))
        for sub in substitutions(a, b, toks(a), toks(b)):
            _parallel_edges(a, b, sub, nodes, edges, key_of, quoted, texts)
        if p >= threshold:
            for ia, ca in enumerate(a.clauses):
                for ib, cb in enumerate(b.clauses):
                    pa, pb = _clause_polarity(ca), _clause_polarity(cb)
                    oa, ob = ca[4].split(), cb[4].split()
                    if pa[0] != pb[0] or pa[1] == pb[1] or pa[0].split(":")[0] in COPULAS:
                        continue
                    if pa[0].split(":")[0] in PREDICATES_OF_SPEECH and p < strong:
                        continue  # "did not announce that he is pulling out": only where what was said aligns too
                    if key_of(ca[0]) != key_of(cb[0]) or not _same_clause_voice(ca, cb, key_of):
                        continue
                    if (
                        oa
                        and ob
                        and oa[-1] != ob[-1]
                        and words.score(oa[-1], ob[-1]) < SAME_NOUN
                        and not set(oa) & set(ob)
                    ):
                        # "never nominated for an Oscar" and "nominated for a Golden Globe" (but "an Oregon bank" and
                        # "a West Coast Bank branch", "his heavyweight titles" and "three heavyweight title belts" agree)
                        continue
                    if ca[0].startswith("@") and p < strong:
                        continue  # "it has not been prosecuted": a pronoun only in near-identical sentences
                    ka, kb = (a.id, -1 - ia), (b.id, -1 - ib)
                    for k, st, pos, shown in ((ka, a, pa, ca[3]), (kb, b, pb, cb[3])):
                        if k not in nodes:
                            v = Value("polarity", st.text, st.start, st.end, norm=pos[1], about=pos[0])
                            f = Fact("", shown, pos[1], st.article, (st.start, st.end), (st.start, st.end), st.hedged)
                            nodes[k] = Node(st, v, f)
                    edges.append((ka, kb, "polarity"))
        if p >= threshold - ROLE_MARGIN:
            acts.append((a, b))
    actor_weak: list[tuple[tuple[str, int], tuple[str, int], str]] = []
    for a, b in acts:  # after the values, so that an organisation compared as a value is not compared twice
        _actor_edges(a, b, nodes, edges, key_of, organisations, named, words.score, actor_weak)
    weak_edges = _weak_edges(weak, rivals, model, pair_log, words.score, stated, named, together, key_of, nodes)
    weak_edges += actor_weak
    taken = {k for ka, kb, _ in weak_edges for k in (ka, kb)}
    renamed_edges: list[tuple[tuple[str, int], tuple[str, int], str]] = []
    for a, ia, va, fa, b, ib, vb, fb in renamed:
        ka, kb = (a.id, ia), (b.id, ib)
        if ka in taken or kb in taken or _stated_by_both(va, vb, a.article, b.article, stated, named, key_of):
            continue
        if _one_sentence_states_both(va, vb, together):
            continue
        _keep(nodes, (ka, a, va, fa), (kb, b, vb, fb))  # a value already a node keeps its fact
        renamed_edges.append((ka, kb, va.kind))
        taken |= {ka, kb}
    facts = entity_facts(arts, entities, key_of)
    if not edges and not weak_edges and not renamed_edges:
        return decide(facts, texts, outlets, published, independent) if facts else []

    # 4. one question per connected set of compared values
    parent: dict[tuple[str, int], tuple[str, int]] = {k: k for k in nodes}

    def root(k: tuple[str, int]) -> tuple[str, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    kind_of: dict[tuple[str, int], str] = {}
    for ka, kb, kind in edges:
        parent[root(ka)] = root(kb)
        kind_of[ka] = kind_of[kb] = kind
    # a pair only the learned model puts together joins no question the rules formed: it stands alone, as low
    weakly: set[tuple[str, int]] = set()
    for ka, kb, kind in weak_edges:
        if ka in kind_of and ka not in weakly or kb in kind_of and kb not in weakly:
            continue
        parent[root(ka)] = root(kb)
        kind_of[ka] = kind_of[kb] = kind
        weakly |= {ka, kb}
    # a count that only its noun kept apart may join the question its counterpart is in, as a weak side: the
    # finding is low where a side stands on nothing else
    for ka, kb, kind in renamed_edges:
        joined = [k for k in (ka, kb) if k in kind_of]
        if len(joined) == 2:
            continue
        parent[root(ka)] = root(kb)
        for k in (ka, kb):
            if k not in joined:
                kind_of[k] = kind
                weakly.add(k)
    for k, node in nodes.items():
        if k not in kind_of:
            continue
        kind = kind_of[k]
        r = root(k)
        node.fact.topic = f"{KIND_DETECTOR[kind]}/{r[0]}:{r[1]}"
        if k in weakly:
            node.fact.extra["weak"] = True
        if kind == "org" and node.fact.extra.get("court"):
            node.fact.topic = f"venue/{r[0]}:{r[1]}"
        rnode = nodes[r]
        node.fact.extra["question"] = _question(kind, rnode.st, rnode.value)
        facts.append(node.fact)
    return decide(facts, texts, outlets, published, independent)


def _compared(st: Statement, actor: str, nodes: dict[tuple[str, int], Node], key_of: Callable[[str], str]) -> bool:
    """Has an organisation of a statement been compared as one of its values?"""
    return any(
        v.kind == "org" and (st.id, n) in nodes and key_of(str(v.norm)) == actor for n, v in enumerate(st.values)
    )


ACTOR_NODES = -1000  # node keys of the organisations that did an act: (statement, ACTOR_NODES - clause index)


def _actor_edges(
    a: Statement,
    b: Statement,
    nodes: dict[tuple[str, int], Node],
    edges: list[tuple[tuple[str, int], tuple[str, int], str]],
    key_of: Callable[[str], str],
    organisations: dict[str, str],
    named: dict[str, set[str]],
    similar: Callable[[str, str], float],
    weak: list[tuple[tuple[str, int], tuple[str, int], str]] | None = None,
) -> None:
    """Which organisation did one act: "the NTSB would lead the federal investigation" against "the Federal
    Railroad Administration, which is leading the federal inquiry". The same verb done to the same thing by two
    named organisations, where neither outlet names the other's (an outlet naming both may be telling of two
    acts: "police and the FBI arrested ..."). ``weak``: where given, two agencies or courts doing other verbs to
    one definite thing ("the recall was ordered by the NVWA" / "the recall was imposed by the ACM") are added there,
    to be shown low: other verbs may be two acts ("the company announced the recall" / "the regulator ordered it"),
    which single-word vectors cannot tell from one."""
    for ia, ca in enumerate(a.clauses):
        verb = ca.verb
        if ca.negated or not ca.definite or verb.endswith(PASSIVE) or verb in COPULAS or verb in PREDICATES_OF_SPEECH:
            continue  # one definite thing done: "led the investigation", not "made an offer" (several may have)
        oa = ca.object.split()
        if not oa:
            continue  # an act needs what it was done to: "X said", "X acted" tell too little
        xa = key_of(ca.actor)
        if xa not in organisations:
            continue
        compared_a = _compared(a, xa, nodes, key_of)
        for ib, cb in enumerate(b.clauses):
            if cb.negated or not cb.definite:
                continue
            other_verb = cb.verb != verb
            if other_verb and (
                weak is None
                or cb.verb.endswith(PASSIVE)
                or cb.verb in COPULAS
                or cb.verb in PREDICATES_OF_SPEECH
                or {organisations[xa], organisations.get(key_of(cb.actor))} - {"AGENCY", "COURT"}
            ):
                continue
            xb = key_of(cb.actor)
            if xb == xa or xb not in organisations or xb in named[a.article] or xa in named[b.article]:
                continue
            ob = cb.object.split()
            if not ob or (oa[-1] != ob[-1] and similar(oa[-1], ob[-1]) < SAME_NOUN and not set(oa) & set(ob)):
                continue  # done to another thing (the words that name it may differ: "federal investigation/inquiry")
            if other_verb and oa[-1] != ob[-1]:
                continue  # another verb: only on the very same thing
            if compared_a and _compared(b, xb, nodes, key_of):
                continue  # the rules compared them already as values of their statements
            if not _same_clause_voice(ca, cb, key_of):
                continue
            ka, kb = (a.id, ACTOR_NODES - ia), (b.id, ACTOR_NODES - ib)
            for k, st, c, x in ((ka, a, ca, xa), (kb, b, cb, xb)):
                if k in nodes:
                    continue
                i = st.text.find(c.actor)
                lo, hi = (st.start + i, st.start + i + len(c.actor)) if i >= 0 else (st.start, st.end)
                v = Value("org", c.actor, lo, hi, norm=c.actor, about=verb, verb=verb, entity_type=organisations[x])
                f = Fact("", c.actor, c.actor, st.article, (st.start, st.end), (lo, hi), st.hedged)
                f.extra.update(entity=x, court=organisations[x] == "COURT", detector=DETECTORS["actor"].slot)
                nodes[k] = Node(st, v, f)
            (weak if other_verb and weak is not None else edges).append((ka, kb, "org"))


def _weak_edges(
    weak: list[tuple[Statement, int, Value, Statement, int, Value, float, bool, bool, Fact, Fact]],
    rivals: dict[tuple[str, int, str], list[tuple[Statement, int]]],
    model: tuple[list[float], float] | None,
    pair_log: list[PairRow] | None,
    similarity: Callable[[str, str], float],
    stated: dict[tuple[str, str], list[tuple[str, list[Value]]]],
    named: dict[str, set[str]],
    together: dict[str, list[list[Value]]],
    key_of: Callable[[str], str],
    nodes: dict[tuple[str, int], Node],
) -> list[tuple[tuple[str, int], tuple[str, int], str]]:
    """The conflicting pairs the rules do not pair that the learned pair model does: the same fact told with
    other words ("about 210,000 households were cut off" / "left about 120,000 customers without power").
    Its features need the words around each value and around its rivals (the other values of its kind that the
    other article states) embedded, once, here."""
    if not weak or (model is None and pair_log is None):
        return []
    from ..nlp.embed import embed

    texts: dict[tuple[str, int], str] = {}
    for a, ia, va, b, ib, vb, *_ in weak:
        texts[(a.id, ia)] = value_window(a, va)
        texts[(b.id, ib)] = value_window(b, vb)
        for st, i in rivals[(a.id, ia, b.article)] + rivals[(b.id, ib, a.article)]:
            texts.setdefault((st.id, i), value_window(st, st.values[i]))
    keys = sorted(texts)
    vec = dict(zip(keys, embed([texts[k] for k in keys]), strict=True))

    def closest(st: Statement, i: int, other: str) -> float:
        return max(
            (float(vec[(st.id, i)] @ vec[(o.id, j)]) for o, j in rivals[(st.id, i, other)]),
            default=-1.0,
        )

    out = []
    for a, ia, va, b, ib, vb, p, single, pairable, fa, fb in weak:
        w = float(vec[(a.id, ia)] @ vec[(b.id, ib)])
        gap = min(w - closest(a, ia, b.article), w - closest(b, ib, a.article))
        feats = pair_features(p, va, vb, single, similarity, w, gap >= -1e-6, gap, pairable)
        if pair_log is not None:
            pair_log.append(PairRow(a, va, b, vb, feats, False))
        if model is None or pair_probability(feats, model[0]) < model[1]:
            continue
        if _stated_by_both(va, vb, a.article, b.article, stated, named, key_of):
            continue
        if _one_sentence_states_both(va, vb, together):
            continue
        ka, kb = (a.id, ia), (b.id, ib)
        _keep(nodes, (ka, a, va, fa), (kb, b, vb, fb))
        out.append((ka, kb, va.kind))
    return out


def _renamed_count(
    a: Statement, va: Value, b: Statement, vb: Value, counted: dict[str, set[str]], similar: Callable[[str, str], float]
) -> bool:
    """Two counts of aligned statements that may be one count of one thing named two ways ("seven paintings were
    stolen" / "they removed nine canvases", "23 workers" / "31 mineworkers"): nouns near in meaning
    (``RENAMED_NOUN``: single-word cosines do not tell "canvas" for "painting" from "teacher" for "student"), each
    the other's nearest among the counts of the two statements, and each counted only by its own outlet (an
    outlet that counts both is telling of two things: "12 passengers and three crew")."""
    if va.kind != "count" or vb.kind != "count" or not va.about or not vb.about or va.about == vb.about:
        return False
    if vb.about in counted[a.article] or va.about in counted[b.article]:
        return False
    near = similar(va.about, vb.about)
    if near < RENAMED_NOUN:
        return False
    return all(
        similar(x.about, y) <= near
        for x, others in ((va, b.values), (vb, a.values))
        for y in (v.about for v in others if v.kind == "count" and v.about)
    )


def _may_learn(va: Value, vb: Value) -> bool:
    """May the pair model pair these two values? Organisations and people only as courts and agencies that
    acted (the subjects of verbs other than saying): the rules never compare other organisations and people from
    the parse (on real coverage none of five such findings was real: different people making different
    statements), and an agency named in passing ("director of the Interior Department's ...") is not who acted."""
    if va.kind not in {"org", "person"}:
        return True
    return (
        {va.entity_type, vb.entity_type} <= {"COURT", "AGENCY"}
        and va.role == vb.role == "subj"
        and not {va.about, vb.about} & PREDICATES_OF_SPEECH
    )


def _could_pair(
    row: tuple[Statement, int, Value, Statement, int, Value, float, bool, bool],
    model: tuple[list[float], float],
    similarity: Callable[[str, str], float],
) -> bool:
    """Can the pair model take this pair at all, whatever the words around its values? (An upper bound of its
    probability, so that only those pairs are judged and their windows embedded; the decisions are the same.)"""
    weights, threshold = model
    _, _, va, _, _, vb, p, single, pairable = row
    best = []
    for name, (lo, hi) in (
        ("window_cosine", (-1.0, 1.0)),
        ("mutual_closest", (0.0, 1.0)),
        ("closest_gap", (-0.5, 0.0)),
    ):
        best.append(hi if weights[PAIR_FEATURES.index(name)] >= 0 else lo)
    feats = pair_features(p, va, vb, single, similarity, best[0], best[1] > 0.5, best[2], pairable)
    return pair_probability(feats, weights) >= threshold


def _parallel_edges(
    a: Statement,
    b: Statement,
    sub: Substitution,
    nodes: dict[tuple[str, int], Node],
    edges: list[tuple[tuple[str, int], tuple[str, int], str]],
    key_of: Callable[[str], str],
    quoted: Callable[[str, Value], bool],
    texts: dict[str, str],
) -> None:
    """Compare what one anchored substitution of two near-parallel statements changes (``compare.parallel``):
    values of one sort in the same slot, and a negation added to the same verb."""
    if sub.polarity and _same_voice(a, b, key_of):
        ka, kb = (a.id, -1000 - sub.a_start), (b.id, -1000 - sub.b_start)
        for k, st, lo, hi, positive in (
            (ka, a, sub.a_start, sub.a_end, not sub.a_negates),
            (kb, b, sub.b_start, sub.b_end, sub.a_negates),
        ):
            if k not in nodes:
                shown = _around(texts[st.article], lo, hi, st.start, st.end)
                v = Value("polarity", st.text, st.start, st.end, norm=positive, about=st.predicate)
                f = Fact("", shown, positive, st.article, (st.start, st.end), (st.start, st.end), st.hedged)
                nodes[k] = Node(st, v, f)
        edges.append((ka, kb, "polarity"))
    for ia, va in enumerate(a.values):
        if not inside(va.start, va.end, sub.a_start, sub.a_end):
            continue
        for ib, vb in enumerate(b.values):
            if not inside(vb.start, vb.end, sub.b_start, sub.b_end):
                continue
            if quoted(a.article, va) and quoted(b.article, vb):
                continue  # two versions of a quote: compared as quotes (one outlet may print the words unquoted)
            if not _comparable(va, vb) or not sub.holds_only((va.start, va.end), (vb.start, vb.end)):
                continue  # (``_comparable``: of one sort and tense, and not when something was said)
            if va.kind in {"org", "person", "place"} and _names_both(a, va, b, vb, key_of):
                continue  # "Presidents Bush and Obama" / "Presidents Obama and Bush": an order, not a change; "between
                # the Middle East and Europe" / "between Europe, the Middle East and Asia": a longer list
            ka, kb = (a.id, ia), (b.id, ib)
            fa = nodes[ka].fact if ka in nodes else _fact(va.kind, a, va, key_of)
            fb = nodes[kb].fact if kb in nodes else _fact(vb.kind, b, vb, key_of)
            if _judge(fa, fb, va.kind) is not False:
                continue
            _keep(nodes, (ka, a, va, fa), (kb, b, vb, fb))
            edges.append((ka, kb, va.kind))


def _keep(nodes: dict[tuple[str, int], Node], *compared: tuple[tuple[str, int], Statement, Value, Fact]) -> None:
    """Record compared values as nodes (once each: a value met again in another pair keeps its fact)."""
    for k, st, v, f in compared:
        if k not in nodes:
            nodes[k] = Node(st, v, f)


def _names_both(a: Statement, va: Value, b: Statement, vb: Value, key_of: Callable[[str], str]) -> bool:
    """Does either sentence name both people, organisations or places?"""
    keys_a = {key_of(str(v.norm)) for v in a.values if v.kind == va.kind}
    keys_b = {key_of(str(v.norm)) for v in b.values if v.kind == vb.kind}
    return key_of(str(vb.norm)) in keys_a or key_of(str(va.norm)) in keys_b


def _around(text: str, lo: int, hi: int, start: int, end: int) -> str:
    """The substituted words with one word either side ("has not been"), within the sentence."""
    left = text.rfind(" ", start, max(start, lo - 1))
    right = text.find(" ", min(end, hi + 1), end)
    return " ".join(text[left + 1 if left >= 0 else start : right if right >= 0 else end].split())


def entity_facts(arts: list[AnalyzedArticle], entities: list[Entity], key_of: Callable[[str], str]) -> list[Fact]:
    """Facts about one named thing, keyed by its resolved entity (see ``ENTITY_SLOTS``)."""
    names = {e.id: e.name for e in entities}

    def subject_of(name: str) -> str:
        return names.get(key_of(name), name)

    facts = collect_facts(arts, key_of, subject_of)
    return [f for f in facts if f.topic.split("/", 1)[0] in ENTITY_SLOTS]


def _judge(a: Fact, b: Fact, kind: str) -> bool | None:
    det = DETECTORS[KIND_DETECTOR[kind]]
    if kind in {"org", "person"} and a.extra.get("court") and b.extra.get("court"):
        det = DETECTORS["venue"]
    return det.same(a, b)


def _stated_by_both(
    va: Value,
    vb: Value,
    art_a: str,
    art_b: str,
    stated: dict[tuple[str, str], list[tuple[str, list[Value]]]],
    named: dict[str, set[str]],
    key_of: Callable[[str], str],
) -> bool:
    """Does any outlet itself state both values (then they answer two questions: two meetings, the lead
    before and after a recount), or name both actors? (``stated``: each article's values by kind and about.)"""
    if va.kind in {"org", "person"}:
        return key_of(str(vb.norm)) in named[art_a] or key_of(str(va.norm)) in named[art_b]
    det = DETECTORS[KIND_DETECTOR[va.kind]]
    pa = Fact("", va.text, va.norm, art_a, (0, 0), (0, 0))
    pb = Fact("", vb.text, vb.norm, art_b, (0, 0), (0, 0))
    for about in dict.fromkeys((va.about, vb.about)):
        for art, mine in stated.get((va.kind, about), []):
            facts = [Fact("", v.text, v.norm, art, (0, 0), (0, 0)) for v in mine]
            if any(det.same(f, pa) is True for f in facts) and any(det.same(f, pb) is True for f in facts):
                return True
    return False


def _vague(v: Value) -> bool:
    """A figure that names a wide range, not one number: "dozens" (12-240), "hundreds"."""
    if v.kind not in FIGURES or not isinstance(v.norm, list) or len(v.norm) < 3 or v.norm[2] is not False:
        return False
    low, high = v.norm[0], v.norm[1]
    return bool(low and high and high > 2 * low)


def _one_sentence_states_both(va: Value, vb: Value, together: dict[str, list[list[Value]]]) -> bool:
    """Does one sentence of any outlet state both figures (then they answer two questions: "Trump at 17
    percent, Romney at 21", "landing 178 of 369 punches")?"""
    if va.kind not in FIGURES:
        return False
    det = DETECTORS[KIND_DETECTOR[va.kind]]

    def fact(v: Value) -> Fact:
        return Fact("", v.text, v.norm, "", (0, 0), (0, 0))

    fa, fb = fact(va), fact(vb)
    for mine in together.get(va.kind, []):
        # a vague figure ("dozens", 12-240) is no figure the sentence states: it equals too much
        facts = [fact(v) for v in mine if not _vague(v)]
        hits_a = {i for i, f in enumerate(facts) if det.equal(f, fa)}  # the same figure, not a compatible one
        hits_b = {i for i, f in enumerate(facts) if det.equal(f, fb)}
        if hits_a and hits_b and (len(hits_a | hits_b) > 1):
            return True
    return False


def _same_clause_voice(ca: Clause, cb: Clause, key_of: Callable[[str], str]) -> bool:
    """Two clauses said in one voice: both stated by their outlets, both reported from one source, or one stated
    and the other its actor's own word ("Hollis will not appeal" against "Hollis said he would appeal"). "A
    alleges X did it" and "X denies it" is no contradiction between outlets."""
    if UNKNOWN_VOICE in (ca.voice, cb.voice):
        return False
    va, vb = key_of(ca.voice) if ca.voice else "", key_of(cb.voice) if cb.voice else ""
    if va == vb:
        return True
    return (not va and vb == key_of(cb.actor)) or (not vb and va == key_of(ca.actor))


def _same_voice(a: Statement, b: Statement, key_of: Callable[[str], str]) -> bool:
    """Both outlets assert it, or both report the same source: "A alleges" and "B denies" is no contradiction."""
    if a.attribution == b.attribution == "asserted":
        return True
    if a.attribution == b.attribution == "reported" and a.source and b.source:
        return key_of(a.source) == key_of(b.source)
    return False


def canonical_key(entities: list[Entity]) -> Callable[[str], str]:
    """A name's canonical key: its resolved entity, else the normalised name."""
    lookup = entity_lookup(entities)

    @cache
    def key(name: str) -> str:
        return lookup.get(norm_name(name), norm_name(name))

    return key
