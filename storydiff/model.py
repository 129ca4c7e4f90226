"""Plain dataclasses that the stages exchange.

No spaCy object crosses a stage boundary: everything here carries character
offsets into ``Article.text`` so it pickles, stores and renders without a model.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

ENTITY_TYPES = (
    "PERSON",
    "ORG",
    "COURT",
    "AGENCY",
    "LAW",
    "PRODUCT",
    "PLACE",
    "DATE",
    "MONEY",
    "QUANTITY",
)

SEVERITIES = ("high", "medium", "low")
FINDING_KINDS = ("contradiction", "quote_discrepancy", "single_source")
REVIEW_STATUSES = ("open", "confirmed", "dismissed", "needs_checking")


def content_hash(text: str) -> str:
    """A stable id for a piece of text (used to skip work already stored)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One article as read from a source; ``status`` is "skipped" with a ``reason`` when unreadable."""

    id: str
    text: str
    source: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    author: str | None = None
    status: str = "analyzed"
    reason: str | None = None
    duplicate_of: str | None = None  # near-duplicate (syndicated) copy of another article
    raw_html: str | None = None
    fetched_at: str | None = None  # when the page was fetched (a web page's article only)

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @classmethod
    def skipped(cls, id: str, source: str, reason: str) -> Article:
        return cls(id=id, text="", source=source, status="skipped", reason=reason)


@dataclass(slots=True)
class Sentence:
    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """A named thing in one article: ``text`` is ``article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str
    type: str
    name: str  # the name as it would be written on its own ("High Court in London")
    sentence: int = 0  # index into the article's sentences
    role: str | None = None  # for people: "chair of the House of Lords AI Committee"
    parent: str | None = None  # for sub-units: the parent organisation's name
    descriptors: list[str] = field(default_factory=list)  # "US-based", "AI safety startup"
    value: Any = None  # normalised value for DATE / MONEY / QUANTITY
    entity: str | None = None  # id of the resolved Entity


@dataclass(slots=True)
class Entity:
    """One real-world thing across the story, with every name it goes by."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    role: str | None = None
    parent: str | None = None
    descriptors: list[str] = field(default_factory=list)
    mentions: int = 0


@dataclass(slots=True)
class Quote:
    id: str
    article: str
    speaker: str | None
    text: str
    start: int
    end: int
    kind: str = "direct"  # direct | indirect
    speaker_role: str | None = None
    speaker_entity: str | None = None
    cue: str | None = None  # "said", "calling", ...
    frame: str | None = None  # "characterisation" when the quote names what someone called something
    target: str | None = None  # what was called so ("the allegations")
    sentence: int = 0


@dataclass(slots=True)
class Slot:
    """One filled slot of a claim: ``slot`` is venue, place, time, law, product, amount, count, unit..."""

    slot: str
    text: str
    start: int
    end: int
    value: Any = None  # normalised value (number, ISO date, canonical name)
    entity: str | None = None
    head: str | None = None  # what the value counts or measures ("dead", "fine")


@dataclass(slots=True)
class Claim:
    id: str
    article: str
    text: str
    start: int
    end: int
    actor: str | None = None
    action: str | None = None  # lemma of the main verb or event noun
    target: str | None = None
    slots: list[Slot] = field(default_factory=list)
    attribution: str = "asserted"  # asserted | reported
    source: str | None = None  # who the outlet says claims it
    hedged: bool = False
    negated: bool = False
    sentence: int = 0
    corroborated_by: list[str] = field(default_factory=list)  # other (independent) articles saying the same


@dataclass(slots=True)
class Value:
    """One typed value of a statement and the role it plays there.

    ``kind``: count, percent, amount, date, time, place, org, person, law, product.
    ``role``: how it attaches ("subj", "obj", "where", "from", "to", a preposition, "poss").
    ``about``: what it counts or pays for, or the verb it belongs to ("car", "fine", "collapse").
    """

    kind: str
    text: str
    start: int
    end: int
    norm: Any = None
    role: str = ""
    about: str = ""
    entity_type: str | None = None
    verb: str = ""  # the verb the value belongs to ("derail" in "38 cars derailed")
    detail: str = ""  # what narrows a counted noun ("tank" in "three tank cars"); a date's when-clause verb
    mood: str = ""  # "future" for an event still to come ("will approve in October")
    owner: str = ""  # the person a figure or day belongs to ("$70 million contract for J. D. Drew" -> J. D. Drew)
    frame: str = ""  # "if" for a value inside a condition ("even if one or two jurors voted against it")


class Clause(NamedTuple):
    """One clause of a statement with a subject: "Kernholt said it would not appeal the fine" holds
    ("Kernholt", "appeal", True, "Kernholt would not appeal", "fine", "Kernholt", True)."""

    actor: str  # the subject, by name where it is named ("the company" after Vireo Cloud: "Vireo Cloud")
    verb: str  # its verb's lemma; "sentence:done-to" where the actor is who it was done to
    negated: bool
    shown: str  # the clause as a finding shows it
    object: str  # what the verb acts on: its lemma with the words that name it ("federal investigation")
    voice: str = ""  # "" where the outlet states it; else whose reported words it is
    definite: bool = False  # the object is a definite thing ("the investigation", "its fine"), not "an offer"
    # how the actor was read where the clause does not name it: "description" ("the company" after Vireo Cloud),
    # "relative" ("..., which is leading"), "agent" (the doer of a passive: "was ordered by the NVWA")
    through: str = ""


@dataclass(slots=True)
class Statement:
    """One sentence of one article that carries comparable values (see ``extract.statements``)."""

    id: str
    article: str
    sentence: int
    start: int
    end: int
    text: str
    masked: str  # the text with each value replaced by its kind: "[COUNT] cars plunged into the water"
    predicate: str  # lemma of the content verb
    actor: str | None = None
    negated: bool = False
    attribution: str = "asserted"  # asserted | reported
    source: str | None = None
    hedged: bool = False
    values: list[Value] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # content lemmas outside the values
    clauses: list[Clause] = field(default_factory=list)  # each clause with a subject


@dataclass(slots=True)
class Evidence:
    article: str
    start: int
    end: int
    text: str
    highlight: list[int] | None = None  # [start, end] of the conflicting value inside the article


@dataclass(slots=True)
class Position:
    value: str
    articles: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    key: str | None = None  # the value normalised ("4" for "four"), what the finding's id is made of


@dataclass
class Review:
    """A fact-checker's decision on a finding, as the store's review log last recorded it."""

    status: str = "open"  # one of REVIEW_STATUSES
    note: str = ""
    who: str = ""
    at: str = ""
    # the earlier decision, when the evidence it was made on has changed since (the finding is open again)
    previous: dict[str, str] | None = None


@dataclass(slots=True)
class Finding:
    id: str
    kind: str
    type: str
    topic: str
    severity: str
    confidence: float
    explanation: str
    positions: list[Position]
    story: str | None = None
    review: Review | None = None  # set from the store (None without one)
    new: bool | None = None  # first seen in this run (None: no earlier run to compare with)


@dataclass
class RunSummary:
    """What one run changed in a store: what it added, and which findings came and went."""

    run: int
    previous_at: str | None = None  # when the previous run was (None: the store's first run)
    new_articles: list[str] = field(default_factory=list)
    changed_articles: list[str] = field(default_factory=list)  # stored again as a new version
    new_findings: list[str] = field(default_factory=list)
    gone_findings: list[dict[str, str]] = field(default_factory=list)  # {"id", "kind", "topic"}
    reopened: list[str] = field(default_factory=list)  # decided findings whose evidence changed


@dataclass(slots=True)
class Story:
    id: str
    title: str
    articles: list[str]


@dataclass(slots=True)
class AnalyzedArticle:
    """What the extraction stage produces for one article (cacheable per article)."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    embeddings: Any = None  # numpy array, one row per claim, or None


@dataclass
class Report:
    articles: list[Article]
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    run: RunSummary | None = None  # set from the store

    @property
    def analyzed(self) -> list[Article]:
        return [a for a in self.articles if a.status == "analyzed"]

    @property
    def skipped(self) -> list[Article]:
        return [a for a in self.articles if a.status == "skipped"]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report, format version 1 (docs/report-format.md)."""
        arts = []
        for a in self.articles:
            d = asdict(a)
            d.pop("raw_html", None)
            d["words"] = a.words
            arts.append(d)
        data = {
            "storydiff_report": 1,
            "articles": arts,
            "stories": [asdict(s) for s in self.stories],
            "entities": [asdict(e) for e in self.entities],
            "quotes": [asdict(q) for q in self.quotes],
            "claims": [asdict(c) for c in self.claims],
            "findings": [asdict(f) for f in self.findings],
        }
        if self.run is not None:
            data["run"] = asdict(self.run)
        return data
