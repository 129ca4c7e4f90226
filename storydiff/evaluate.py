"""Measure extraction on real annotated news: quotes and speakers (PolNeAR, BASIL), slots (GVDB).

    python -m storydiff.evaluate [--data DIR] [--limit N | --full] [--datasets polnear,basil,gvdb] [--outlets LIST]
                                 [--json FILE]

The datasets are read where they lie (``../shared/evaldata`` beside the repository by default) and
never copied. Each article is analyzed on its own (``analyze([article])``), since the articles of one
dataset are different stories. The matching rules are the functions below and ``docs/evaluation.md``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .model import Article, Entity, Quote, Report

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
DEFAULT_LIMIT = 40
DATASETS = ("polnear", "basil", "gvdb")
BASIL_DEV_TRIPLETS = 20  # only BASIL triplets 0-19 (sorted file paths, grouped by triplet) are used for development
TARGETS = {"direct_quote_recall": 0.9, "direct_speaker_accuracy": 0.85}  # speaker accuracy where gold names the speaker

# double quotation marks only: a single ’ is far more often an apostrophe
# (two apostrophes '' serve as quotation marks in some New York Times text)
QUOTE_MARK = re.compile("''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
OPENING_MARKS = "\u201c\u201e\u00ab"
CLOSING_MARKS = "\u201d\u201f\u00bb"
STREET = re.compile(
    r"\b(?:street|st|avenue|ave|road|rd|drive|dr|boulevard|blvd|lane|ln|way|court|ct|place|pl|highway|hwy|parkway|pkwy|block|route|interstate)\.?$",
    re.I,
)

# words that make a capitalised source a description, not a name ("The Post" still counts: "Post")
NOT_NAMES = {
    "the", "a", "an", "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "our", "my",
    "this", "that", "these", "those", "some", "many", "most", "one", "two", "another", "both", "all", "other",
    "officials", "sources", "source", "experts", "critics", "aides", "people", "police", "mr", "mrs", "ms", "dr",
}  # fmt: skip
# BASIL speaker labels that name a group, not a person or organisation ("Democratic_lawmakers")
GROUP_WORDS = {
    "lawmakers", "lawmaker", "officials", "members", "democrats", "republicans", "companies", "campaign",
    "committee", "supporters", "critics", "voters", "catholics", "leaders", "protesters", "activists", "groups",
}  # fmt: skip
SPEAKER_STOP = {"the", "a", "an", "of", "and", "said", "mr", "mrs", "ms", "dr", "judge", "professor", "lord", "senior"}
# cues of reported speech proper (PolNeAR also marks "shows", "called for", "found", "wants" ...)
SPEECH_CUES = {
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "according to", "added", "adds", "noted",
    "notes", "wrote", "writes", "argued", "argues", "explained", "stated", "asked", "claimed", "claims", "insisted",
    "declared", "announced", "warned", "stressed", "replied", "responded", "acknowledged", "admitted", "reported",
}  # fmt: skip
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "his", "her", "their"}
STATE_PREFIX = re.compile(r"^([A-Z]{2}) - (.+)$")


# ── matching rules (pure functions; unit-tested on hand-made text) ─────────────────────────────


def norm(text: str | None) -> str:
    """Lower case, one kind of quote mark, single spaces, outer quotes and punctuation stripped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033]", '"', text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.strip("\"' ,.")


def same_speaker(gold: str, found: str | None) -> bool:
    """The rule of ``shared/tools/score_report.py``: one name contains the other, or gold's last word is in found."""
    if not found:
        return False
    g = norm(re.sub(r"\([^)]*\)", "", gold))
    f = norm(re.sub(r"\([^)]*\)", "", found))
    if g in f or f in g:
        return True
    words = [w for w in re.findall(r"[\w'-]+", g) if w not in SPEAKER_STOP]
    return bool(words) and words[-1] in re.findall(r"[\w'-]+", f)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Two character ranges share at least one character."""
    return a_start < b_end and b_start < a_end


def is_direct(text: str, start: int, end: int) -> bool:
    """A span is a direct quote when it contains a double quotation mark or lies inside an open one.

    "Inside" counts the marks between the start of the span's paragraph and the span: more opening
    than closing curly marks, or an odd number of straight ones ('' counts as one).
    """
    if QUOTE_MARK.search(text, start, end):
        return True
    before = text[text.rfind("\n", 0, start) + 1 : start]
    curly = sum(before.count(m) for m in OPENING_MARKS) - sum(before.count(m) for m in CLOSING_MARKS)
    straight = len(re.findall("''|\"", before))
    return curly > 0 or straight % 2 == 1


def is_named_source(source: str, text: str, start: int) -> bool:
    """Whether a gold source names someone: a capitalised word that is not a pronoun or determiner.

    A capitalised first word at the start of a sentence ("Officials said") counts only when the
    article never writes it in lower case.
    """
    words = re.findall(r"[A-Za-z][\w'\u2019.-]*", source)
    initial = not text[:start].rstrip(" \t\"\u201c\u2018'") or text[:start].rstrip(" \t\"\u201c\u2018'")[-1] in ".!?\n:"
    for i, w in enumerate(words):
        bare = w.rstrip(".").lower()
        if not w[0].isupper() or bare in NOT_NAMES:
            continue
        if i == 0 and initial and re.search(rf"\b{re.escape(bare)}\b", text):
            continue
        return True
    return False


def source_name(source: str) -> str:
    """A gold source without its appositive ("Dean, a former party chairman" -> "Dean") when what precedes names someone."""
    head = source.split(",", 1)[0].strip()
    return head if head != source and re.search(r"\b[A-Z]", head) else source


def is_speech_cue(cue: str) -> bool:
    """A cue of reported speech ("said", "has told", "according to"), as opposed to "shows" or "called for"."""
    c = norm(cue)
    return c in SPEECH_CUES or c.rsplit(" ", 1)[-1] in SPEECH_CUES


def basil_speaker(label: str) -> tuple[str, bool]:
    """A BASIL speaker label ("Donald_Trump", "other_anti") as text, and whether it names someone."""
    words = [w for w in label.split("_") if w]
    named = (
        bool(words)
        and not label.lower().startswith("other")
        and all(w[0].isupper() for w in words)
        and not {w.lower() for w in words} & GROUP_WORDS
    )
    return " ".join(words), named


def name_matches(gold: str, found: str) -> bool:
    """The entity rule of ``score_report.py``: equal, gold inside found, or found (over 3 letters) inside gold."""
    n, a = norm(gold), norm(found)
    return bool(n and a) and (n == a or n in a or (len(a) > 3 and a in n))


def place_matches(gold: str, found: str, code: str | None = None) -> bool:
    """A gold city or state against a PLACE name; a state also matches its postal code ("CA")."""
    if code and found.strip().rstrip(".") == code:
        return True
    return name_matches(gold, found)


def same_day(gold_iso: str, found: str) -> bool:
    """A resolved day ("2026-01-27") against the gold day ("2016-1-27" too), by month and day.

    GVDB texts carry no publication date, so storydiff cannot know the year: it keeps "--MM-DD" as written.
    """
    g, f = (
        re.fullmatch(r"\d{4}-(\d{1,2})-(\d{1,2})", gold_iso.strip()),
        re.fullmatch(r"(?:\d{4}|-)-(\d\d)-(\d\d)", found),
    )
    return bool(g and f) and (int(g[1]), int(g[2])) == (int(f[1]), int(f[2]))  # type: ignore[index]


def is_street(name: str) -> bool:
    """A street or block ("McFarland Avenue"): finer than any GVDB gold place, so left out of place precision."""
    return bool(STREET.search(name.strip()))


def count_matches(n: int, value: Any) -> bool:
    """A count slot's value ``[low, high, exact]`` covers ``n``."""
    if not isinstance(value, list | tuple) or len(value) < 2 or value[0] is None:
        return False
    high = value[1] if value[1] is not None else value[0]
    return value[0] <= n <= high


# ── gold ───────────────────────────────────────────────────────────────────────────────────────


@dataclass
class GoldQuote:
    start: int
    end: int
    speaker: str | None  # gold source text; None when the annotation has none
    direct: bool
    named: bool  # the speaker names someone (only these count for speaker accuracy)
    cue: int | None = None  # where the cue ("said") starts, when annotated
    cue_text: str = ""


@dataclass
class GoldIncident:
    cities: list[str] = field(default_factory=list)
    states: list[tuple[str, str]] = field(default_factory=list)  # (name, postal code)
    date: str | None = None  # ISO day
    names: list[str] = field(default_factory=list)
    ages: set[int] = field(default_factory=set)
    killed: int | None = None
    injured: int | None = None


@dataclass
class Item:
    """One article to analyze with its gold annotation."""

    article: Article
    gold: Any


def read_polnear(data: Path, limit: int | None) -> Iterator[Item]:
    """PolNeAR dev: brat attributions; where an article has several annotators, the first file (by name)."""
    root = data / "polnear" / "dev"
    by_article: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        by_article.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for n, (name, ann) in enumerate(sorted(by_article.items())):
        if limit is not None and n >= limit:
            return
        text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        yield Item(Article(id=name, text=text, source=str(ann)), polnear_quotes(ann.read_text(encoding="utf-8"), text))


class BratSpan(NamedTuple):
    kind: str  # Source, Cue, Content, ...
    start: int  # of the first fragment
    end: int  # of the last fragment
    text: str


def polnear_quotes(ann: str, text: str) -> list[GoldQuote]:
    """Gold Contents of a brat .ann file, each with the Source and Cue of its Attribution event."""
    spans: dict[str, BratSpan] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            frags = [f.split() for f in offsets.split(";")]
            spans[parts[0]] = BratSpan(kind, int(frags[0][0]), int(frags[-1][1]), parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    source_of: dict[str, BratSpan] = {}
    cue_of: dict[str, BratSpan] = {}
    for ev in events:
        src, cue = spans.get(ev.get("Source", "")), spans.get(ev.get("Cue", ""))
        for role, tid in ev.items():
            if role.startswith("Content") and src:
                source_of[tid] = src
            if role.startswith("Content") and cue:
                cue_of[tid] = cue
    gold = []
    for tid, span in spans.items():
        if span.kind != "Content":
            continue
        src, cue = source_of.get(tid), cue_of.get(tid)
        gold.append(
            GoldQuote(
                span.start,
                span.end,
                speaker=source_name(src.text) if src is not None else None,
                direct=is_direct(text, span.start, span.end),
                named=src is not None and is_named_source(src.text, text, src.start),
                cue=cue.start if cue else None,
                cue_text=cue.text if cue else "",
            )
        )
    return gold


def read_basil(data: Path, limit: int | None) -> Iterator[Item]:
    """BASIL triplets 0-19: phrase annotations with ``quote: yes``; offsets are within one sentence of ``body-paragraphs``.

    Paragraphs are joined with "\\n" and the sentences of a paragraph with " "; each span is placed in
    the sentence where ``sentence[start:end] == txt`` (the first such), else found by string search.
    """
    root = data / "basil"
    n = 0
    triplets: list[str] = []  # in order of first appearance in the sorted paths
    for ann_path in sorted((root / "annotations").glob("*/*_ann.json")):
        art_path = root / "articles" / ann_path.parent.name / ann_path.name.replace("_ann.json", ".json")
        art = json.loads(art_path.read_text(encoding="utf-8"))
        triplet = art.get("triplet-uuid") or ann_path.name.rsplit("_", 2)[0]
        if triplet not in triplets:
            triplets.append(triplet)
        if len(triplets) > BASIL_DEV_TRIPLETS:
            return  # triplets 20-99 are kept for independent measurement
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        spans = [p for p in ann.get("phrase-level-annotations", []) if p.get("quote") == "yes"]
        if not spans:
            continue
        if limit is not None and n >= limit:
            return
        text, sentences = "", []
        for p, para in enumerate(art.get("body-paragraphs", [])):
            if p:
                text += "\n"
            for s, sent in enumerate(para):
                if s:
                    text += " "
                sentences.append((len(text), sent))
                text += sent
        gold = []
        for span in spans:
            start = next(
                (off + span["start"] for off, s in sentences if s[span["start"] : span["end"]] == span["txt"]), -1
            )
            if start < 0:
                start = text.find(span["txt"])
            if start < 0:
                continue
            end = start + len(span["txt"])
            speaker, named = basil_speaker(span.get("speaker") or "")
            gold.append(GoldQuote(start, end, speaker or None, is_direct(text, start, end), named))
        n += 1
        article = Article(
            id=ann_path.stem.removesuffix("_ann"),
            text=text,
            source=str(art_path),
            outlet=art.get("source"),
            published=art.get("date"),
        )
        yield Item(article, gold)


def read_gvdb(data: Path, limit: int | None) -> Iterator[Item]:
    """GVDB dev: one TSV row per article; the Json column holds the gold incident."""
    csv.field_size_limit(sys.maxsize)
    path = data / "gvdb" / "dev.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t")
        for n, row in enumerate(rows):
            if limit is not None and n >= limit:
                return
            text = row["Full text"]
            gold = gvdb_incident(json.loads(row["Json"]), text)
            yield Item(
                Article(
                    id=f"gvdb-{row['Article id']}",
                    text=text,
                    source=f"{path}:{n + 2}",
                    title=row.get("Article title"),
                    url=row.get("Article url"),
                ),
                gold,
            )


def _gvdb_value(field_: Any, text: str) -> str:
    """The annotated string: the text at its offsets, else the value's last line if the text holds it, else ""."""
    if not isinstance(field_, dict) or not field_.get("value"):
        return ""
    start, end, value = field_.get("startIndex", -1), field_.get("endIndex", -1), field_["value"]
    if 0 <= start < end and text[start:end] == value:
        return value.strip()
    last = value.strip().splitlines()[-1].strip() if value.strip() else ""
    # "...armed robberyBELPRE": a headline run into a dateline
    dateline = re.search(r"(?<![A-Z])[A-Z][A-Z .'-]+$", last)
    if dateline and dateline.start() > 0:
        last = dateline.group().strip()
    return last if last and last.lower() in text.lower() else ""


def gvdb_incident(j: dict[str, Any], text: str) -> GoldIncident:
    when = j.get("date-and-time") or {}
    gold = GoldIncident(date=when.get("date") or None)
    city = _gvdb_value(when.get("city"), text)
    if city:
        gold.cities.append(city)
    state = STATE_PREFIX.match(when.get("state") or "")
    # the state comes from a drop-down: count it only where the article names it
    if state and (state.group(2).lower() in text.lower() or re.search(rf"\b{state.group(1)}\b", text)):
        gold.states.append((state.group(2), state.group(1)))
    victims = j.get("victim-section") or []
    for person in victims + (j.get("shooter-section") or []):
        name = _gvdb_value(person.get("name"), text)
        if name:
            gold.names.append(name)
        age = re.search(r"\d+", _gvdb_value(person.get("age"), text))
        if age:
            gold.ages.add(int(age.group()))
    outcomes = [set(v.get("victim-was") or []) for v in victims]
    if any(outcomes):
        gold.killed = sum("killed" in o for o in outcomes)
        gold.injured = sum(bool(o & {"injured", "hospitalized"}) and "killed" not in o for o in outcomes)
    return gold


# ── scoring ────────────────────────────────────────────────────────────────────────────────────


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> bool:
        self.total += 1
        self.hits += bool(ok)
        return ok

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "value": None if self.value is None else round(self.value, 4)}


@dataclass
class Example:
    """One failure, for reading (printed with ``--examples``; never written to the JSON file)."""

    category: str
    article: str
    gold: str
    found: str


@dataclass
class Score:
    """All figures of one dataset."""

    name: str
    articles: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    metrics: dict[str, Ratio] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    missed_cues: Counter[str] = field(default_factory=Counter)  # cue words of gold quotes that nothing overlapped
    examples: list[Example] = field(default_factory=list)

    def ratio(self, key: str) -> Ratio:
        return self.metrics.setdefault(key, Ratio())

    def fail(self, category: str, article: str, gold: str, found: str) -> None:
        self.failures[category] += 1
        self.examples.append(Example(category, article, _clip(gold), _clip(found)))

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "skipped": self.skipped,
            "metrics": {k: v.as_dict() for k, v in self.metrics.items()},
            "failures": dict(self.failures.most_common()),
            "missed_cues": dict(self.missed_cues.most_common(30)),
        }


def _fully_quoted(text: str, start: int, end: int) -> bool:
    """The whole span is quoted: it starts and ends at a quotation mark, or has none inside (it sits in one)."""
    span = text[start:end].strip(" ,.")
    marks = QUOTE_MARK.findall(span)
    return not marks or (
        bool(QUOTE_MARK.match(span)) and bool(re.search(f"(?:{QUOTE_MARK.pattern})$", span)) and len(marks) == 2
    )


def _clip(text: str, n: int = 90) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def score_quotes(
    score: Score, article: Article, gold: list[GoldQuote], quotes: list[Quote], precision: bool = True
) -> None:
    """Recall of gold direct / indirect quotes, speaker accuracy where gold names the speaker, precision of direct quotes."""
    text = article.text
    for g in gold:
        kind = "direct" if g.direct else "indirect"
        over = [q for q in quotes if overlaps(q.start, q.end, g.start, g.end)]
        same_kind = [q for q in over if q.kind == kind]
        shown = text[g.start : g.end]
        if not g.direct and g.cue_text and is_speech_cue(g.cue_text):
            score.ratio("indirect_quote_recall_speech_cues").add(bool(same_kind))
        if not score.ratio(f"{kind}_quote_recall").add(bool(same_kind)):
            partly = " (partly quoted)" if g.direct and not _fully_quoted(text, g.start, g.end) else ""
            if over:
                score.fail(f"{kind} quote{partly} found as {over[0].kind}", article.id, shown, over[0].text)
            else:
                cue = "" if g.cue is None else " (cue before)" if g.cue < g.start else " (cue after)"
                score.fail(f"{kind} quote{partly} missed{cue}", article.id, shown, g.cue_text)
                if g.cue_text:
                    score.missed_cues[norm(g.cue_text)] += 1
            continue
        if not (g.named and g.speaker):
            continue
        if not score.ratio(f"{kind}_speaker_accuracy").add(any(same_speaker(g.speaker, q.speaker) for q in same_kind)):
            found = same_kind[0].speaker
            if not found:
                why = "no speaker"
            elif norm(found) in PRONOUNS:
                why = "pronoun speaker"
            elif re.search(r"\b[A-Z][a-z]", found):
                why = "another name"
            else:
                why = "a description"
            score.fail(f"{kind} speaker: {why}", article.id, g.speaker, f"{found} ← {shown}")
    if precision:
        spans = [(g.start, g.end) for g in gold]
        for q in quotes:
            if not score.ratio(f"{q.kind}_quote_precision").add(any(overlaps(q.start, q.end, s, e) for s, e in spans)):
                score.fail(f"{q.kind} quote not in gold", article.id, q.text, q.speaker or "")


def score_incident(score: Score, article: Article, gold: GoldIncident, report: Report) -> None:
    """Places, dates, names, ages and counts of one GVDB article against its gold incident."""
    aid = article.id
    places = [e for e in report.entities if e.type == "PLACE"]
    people = [e for e in report.entities if e.type == "PERSON"]
    slots = [s for c in report.claims for s in c.slots]

    def names_of(e: Entity) -> list[str]:
        return [e.name, *e.aliases]

    def recall(key: str, typ: str, wanted: str, pool: list[Entity], code: str | None = None) -> bool:
        """Whether ``wanted`` is among the pool's names; a miss is filed under why (mistyped, inside a longer name)."""

        def ok(name: str) -> bool:
            return name_matches(wanted, name) if typ == "name" else place_matches(wanted, name, code)

        if score.ratio(key).add(any(ok(n) for e in pool for n in names_of(e))):
            return True
        wrong = next((e for e in report.entities if any(norm(n) == norm(wanted) for n in names_of(e))), None)
        inside = next((e for e in report.entities if any(ok(n) for n in names_of(e))), None)
        why = f"typed {wrong.type}" if wrong else f"only inside a name typed {inside.type}" if inside else "missed"
        score.fail(
            f"{typ} {why}",
            aid,
            wanted,
            ", ".join(e.name for e in (inside, wrong) if e) or ", ".join(e.name for e in pool),
        )
        return False

    for city in gold.cities:
        score.ratio("city_recall").add(recall("place_recall", "city", city, places))
    for state, code in gold.states:
        score.ratio("state_recall").add(recall("place_recall", "state", state, places, code))
    if gold.cities or gold.states:
        for e in places:
            if is_street(e.name):
                continue
            ok = any(place_matches(c, n) for c in gold.cities for n in names_of(e)) or any(
                place_matches(s, n, c) for s, c in gold.states for n in names_of(e)
            )
            if not score.ratio("place_precision").add(ok):
                score.fail("place not in gold", aid, "/".join(gold.cities + [s for s, _ in gold.states]), e.name)

    for name in gold.names:
        recall("name_recall", "name", name, people)
    if gold.names:
        for e in people:
            if not score.ratio("name_precision").add(any(name_matches(g, n) for g in gold.names for n in names_of(e))):
                score.fail("person not in gold", aid, "; ".join(gold.names), e.name)

    days = {
        s.value
        for s in slots
        if s.slot in {"date", "date_any"}
        and isinstance(s.value, str)
        and re.fullmatch(r"(?:\d{4}|-)-\d\d-\d\d", s.value)
    }
    if gold.date:
        if not score.ratio("date_recall").add(any(same_day(gold.date, d) for d in days)):
            mentions = [s.text for s in slots if s.slot in {"date", "date_any"}]
            score.fail("date missed" if mentions else "no day resolved", aid, gold.date, ", ".join(sorted(days)) or "")
        for d in days:
            score.ratio("date_precision").add(same_day(gold.date, d))

    ages = {s.value for s in slots if s.slot == "age" and isinstance(s.value, int)}
    for age in gold.ages:
        if not score.ratio("age_recall").add(age in ages):
            if re.search(rf"\b{age}[- ]years?[- ]old\b", article.text, re.I):
                why = "age missed (N-year-old)"
            elif re.search(rf"[A-Z][a-z]+,? {age}\b", article.text):
                why = "age missed (after a name)"
            else:
                why = "age missed (other wording)"
            score.fail(why, aid, str(age), ", ".join(map(str, sorted(ages))))
    if gold.ages:
        for age in ages:
            if not score.ratio("age_precision").add(age in gold.ages):
                score.fail("age not in gold", aid, ", ".join(map(str, sorted(gold.ages))), str(age))

    for head, n in (("dead", gold.killed), ("injured", gold.injured)):
        if n is None:
            continue
        counts = [s for s in slots if s.slot == "count" and s.head == head]
        if n > 0 and not score.ratio("count_recall").add(any(count_matches(n, s.value) for s in counts)):
            why = "wrong" if counts else "missed (one victim)" if n == 1 else "missed"
            score.fail(f"{head} count {why}", aid, str(n), ", ".join(s.text for s in counts))
        for s in {(s.start, s.end): s for s in counts}.values():
            if not score.ratio("count_precision").add(count_matches(n, s.value)):
                score.fail(f"{head} count not in gold", aid, str(n), s.text)


# ── running ────────────────────────────────────────────────────────────────────────────────────

READERS: dict[str, Callable[[Path, int | None], Iterable[Item]]] = {
    "polnear": read_polnear,
    "basil": read_basil,
    "gvdb": read_gvdb,
}


def analyze_one(article: Article) -> Report:
    """storydiff on one article, as the command line would run it (no embeddings: they do not touch extraction)."""
    from .pipeline import Settings, analyze

    return analyze([article], Settings(embeddings=False))


def outlet_of(article: Article) -> str:
    """The outlet of an evaluation article: BASIL gives it; a PolNeAR id starts with it ("nyt_2016-09-08_...")."""
    return article.outlet or article.id.split("_", 1)[0]


def evaluate(
    name: str,
    data: Path,
    limit: int | None,
    progress: Callable[[], None] | None = None,
    outlets: Collection[str] | None = None,
) -> Score:
    """Analyze up to ``limit`` articles of one dataset and score them; an article that fails is listed as skipped.

    With ``outlets``, only those outlets' articles (rules written on some outlets are measured on the others).
    """
    score = Score(name)
    items: Iterable[Item] = READERS[name](data, None if outlets else limit)
    if outlets:
        items = itertools.islice((it for it in items if outlet_of(it.article) in outlets), limit)
    for item in items:
        try:
            report = analyze_one(item.article)
        except Exception as e:  # noqa: BLE001 - one bad article must not end the evaluation
            score.skipped.append({"article": item.article.id, "reason": f"{type(e).__name__}: {e}"})
            continue
        score.articles += 1
        if name == "gvdb":
            score_incident(score, item.article, item.gold, report)
        else:
            # BASIL marks only biased phrases, so a quote it lacks may still be real: no precision there
            score_quotes(score, item.article, item.gold, report.quotes, precision=name == "polnear")
        if progress:
            progress()
    return score


def results(scores: list[Score], data: Path, limit: int | None) -> dict[str, Any]:
    return {
        "data": str(data),
        "limit": limit,
        "targets": TARGETS,
        "datasets": {s.name: s.as_dict() for s in scores},
    }


def print_table(scores: list[Score], limit: int | None, examples: int = 0) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(
        title=f"storydiff extraction ({'all articles' if limit is None else f'first {limit} articles of each dataset'})"
    )
    for col, just in (
        ("dataset", "left"),
        ("measure", "left"),
        ("value", "right"),
        ("hits / total", "right"),
        ("target", "right"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for s in scores:
        first = True
        for key, r in s.metrics.items():
            target = TARGETS.get(key)
            value = "–" if r.value is None else f"{r.value:.3f}"
            if target is not None and r.value is not None:
                value = f"[{'green' if r.value >= target else 'red'}]{value}[/]"
            table.add_row(
                f"{s.name} ({s.articles})" if first else "",
                key.replace("_", " "),
                value,
                f"{r.hits} / {r.total}",
                "" if target is None else f"{target:.2f}",
            )
            first = False
        table.add_section()
    console.print(table)
    for s in scores:
        for skip in s.skipped:
            console.print(f"[yellow]skipped[/] {s.name} {skip['article']}: {skip['reason']}", highlight=False)
        if s.failures:
            console.print(
                f"[bold]{s.name}[/] failures: " + ", ".join(f"{k} {v}" for k, v in s.failures.most_common()),
                highlight=False,
            )
        if s.missed_cues:
            console.print(
                f"[bold]{s.name}[/] cues of missed quotes: "
                + ", ".join(f"{k} {v}" for k, v in s.missed_cues.most_common(12)),
                highlight=False,
            )
        if examples:
            shown: Counter[str] = Counter()
            for ex in s.examples:
                if shown[ex.category] < examples:
                    shown[ex.category] += 1
                    console.print(
                        f"  {ex.category} [{ex.article}] gold={ex.gold!r} found={ex.found!r}",
                        highlight=False,
                        markup=False,
                    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m storydiff.evaluate", description="Measure quote, speaker and slot extraction on annotated news."
    )
    p.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, metavar="DIR", help=f"the evaldata folder (default {DEFAULT_DATA})"
    )
    p.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help=f"articles per dataset (default {DEFAULT_LIMIT})"
    )
    p.add_argument("--full", action="store_true", help="every article (overrides --limit)")
    p.add_argument(
        "--datasets", default=",".join(DATASETS), metavar="LIST", help=f"comma-separated, from {', '.join(DATASETS)}"
    )
    p.add_argument(
        "--outlets",
        metavar="LIST",
        help="only these outlets' articles, comma-separated (PolNeAR: breitbart, huff-post, nyt, politico, usa-today,"
        " wash-post, west-journal)",
    )
    p.add_argument("--json", type=Path, metavar="FILE", help="write all figures as JSON")
    p.add_argument(
        "--examples",
        type=int,
        default=0,
        metavar="N",
        help="print up to N failures of each kind (dataset text: do not commit)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no table")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        print(f"unknown dataset(s): {', '.join(unknown)} (expected {', '.join(DATASETS)})", file=sys.stderr)
        return 2
    missing = [n for n in names if not (args.data / n).is_dir()]
    if missing:
        print(
            f"no {', '.join(missing)} folder under {args.data} (give the evaldata folder with --data DIR)",
            file=sys.stderr,
        )
        return 2
    limit = None if args.full else args.limit
    outlets = {o.strip() for o in args.outlets.split(",") if o.strip()} if args.outlets else None
    scores = [evaluate(n, args.data, limit, outlets=outlets) for n in names]
    if args.json:
        args.json.write_text(json.dumps(results(scores, args.data, limit), indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        print_table(scores, limit, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
