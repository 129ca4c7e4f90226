"""Corroboration: which outlets support each claim, and what only one outlet reports.

Near-duplicate articles (syndicated wire copy, ``Article.duplicate_of``) are one source:
they never corroborate each other.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz

from ..model import AnalyzedArticle, Claim, Entity, Evidence, Finding, Mention, Position
from ..resolve.dates import day_written
from ..resolve.entities import norm_name
from ..resolve.numbers import Amount, parse_amount
from .findings import _label

SINGLE_SOURCE_TYPES = {"PERSON", "ORG", "COURT", "AGENCY", "LAW", "PRODUCT", "PLACE", "MONEY", "DATE", "QUANTITY"}
# a date another outlet would write the same way (a weekday alone is relative: "Sunday" and "1 March" may be one day)
SPECIFIC_DATE = re.compile(
    r"\d|january|february|march|april|may|june|july|august|september|october|november|december", re.I
)
SIMILAR = 0.62  # cosine similarity from which two sentences say the same thing
# a single-source sentence another outlet says nearly the same (cosine >= SIMILAR) is ranked below the rest:
# in a judged sample of 30 shown claims, 13 were "stated by another outlet in other words"
CLOSE_ELSEWHERE = 0.3
# a remark another source quotes too: rapidfuzz partial ratio of the two quotes' words, of quotes this long
QUOTED_ELSEWHERE = 90
QUOTED_ELSEWHERE_WORDS = 6
SIMILARITY_BLOCK = 2048  # claims compared with all the others at once (memory: this many rows of the matrix)


class Sources:
    """Which articles are independent of each other (near-duplicates are one source)."""

    def __init__(self, arts: list[AnalyzedArticle]) -> None:
        self.root: dict[str, str] = {}
        for aa in arts:
            a = aa.article
            self.root[a.id] = a.duplicate_of or a.id
        for k in list(self.root):
            seen = set()
            while self.root.get(self.root[k], self.root[k]) != self.root[k] and self.root[k] not in seen:
                seen.add(self.root[k])
                self.root[k] = self.root[self.root[k]]

    def source(self, article: str) -> str:
        return self.root.get(article, article)

    def independent(self, a: str, b: str) -> bool:
        return self.source(a) != self.source(b)

    def count(self, articles: list[str]) -> int:
        return len({self.source(a) for a in articles})


def corroborate(arts: list[AnalyzedArticle], sources: Sources) -> None:
    """Fill ``Claim.corroborated_by`` from sentence embeddings (independent articles only)."""
    rows = [(aa.article.id, c) for aa in arts for c in aa.claims]
    if not rows or all(aa.embeddings is None for aa in arts):
        return
    vecs = np.concatenate([aa.embeddings for aa in arts if aa.embeddings is not None])
    if len(vecs) != len(rows):
        return
    # a block of rows at a time: the whole similarity matrix of a long story would not fit in memory
    for lo in range(0, len(rows), SIMILARITY_BLOCK):
        sims = vecs[lo : lo + SIMILARITY_BLOCK] @ vecs.T
        for i, (aid, claim) in enumerate(rows[lo : lo + SIMILARITY_BLOCK]):
            support = []
            for j in np.flatnonzero(sims[i] >= SIMILAR):
                bid = rows[j][0]
                if sources.independent(aid, bid) and bid not in support:
                    support.append(bid)
            claim.corroborated_by = support


def single_source_findings(
    arts: list[AnalyzedArticle], entities: list[Entity], sources: Sources, outlets: dict[str, str | None]
) -> list[Finding]:
    """A finding per sentence that names something (a name, number, venue, law, date) no other source reports."""
    by_id = {e.id: e for e in entities}
    amounts: dict[tuple[str, int], Amount] = {}  # figures in words or digits, by (article, mention start)
    figures: dict[str, list[Amount]] = defaultdict(list)  # the same, by source
    for aa in arts:
        for m in aa.mentions:
            if m.type in {"QUANTITY", "MONEY"}:
                amount = parse_amount(m.text, aa.article.text[max(0, m.start - 40) : m.start])
                if amount is not None:
                    amounts[(aa.article.id, m.start)] = amount
                    figures[sources.source(aa.article.id)].append(amount)

    outlet_names = {norm_name(o) for o in outlets.values() if o}
    # surnames and given names of the people each source names in full ("Barry Rand" makes "Rand" no news
    # elsewhere, "Catherine Hardwicke" makes "Catherine" none: a remark calls a colleague by her given name)
    surnames: dict[str, set[str]] = defaultdict(set)
    given: dict[str, set[str]] = defaultdict(set)
    for aa in arts:
        for m in aa.mentions:
            if m.type == "PERSON" and len(m.name.split()) >= 2:
                surnames[sources.source(aa.article.id)].add(m.name.split()[-1].lower())
                given[sources.source(aa.article.id)].add(m.name.split()[0].lower())
    # days each source names, as month and day ("Dec. 27th" and "Dec. 27" are one day)
    days: dict[str, set[str]] = defaultdict(set)
    day_of: dict[tuple[str, int], str] = {}
    for aa in arts:
        for m in aa.mentions:
            if m.type == "DATE" and SPECIFIC_DATE.search(m.text) and (day := day_written(m.text)):
                days[sources.source(aa.article.id)].add(day)
                day_of[(aa.article.id, m.start)] = day
    # direct quotes, to tell a name inside a remark that another source quotes too
    quoted: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    quote_sentence: dict[tuple[str, int], int] = {}
    for aa in arts:
        for q in aa.quotes:
            if q.kind == "direct" and len(q.text.split()) >= QUOTED_ELSEWHERE_WORDS:
                quoted[aa.article.id].append((q.start, q.end, q.text.lower()))
                quote_sentence[(aa.article.id, q.start)] = q.sentence

    remarks_elsewhere: dict[tuple[str, int], bool] = {}

    def quoted_elsewhere(aid: str, m: Mention) -> bool:
        """Is the mention in a sentence whose remark another source quotes too (in full or in part)? Then
        what the sentence adds is where or to whom it was said ("... anymore," Weiner told reporters on
        Capitol Hill), or words of the remark itself. (Once a sentence: its names ask the same.)"""
        key = (aid, m.sentence)
        if key not in remarks_elsewhere:
            mine = [t for s, e, t in quoted[aid] if quote_sentence.get((aid, s)) == m.sentence]
            remarks_elsewhere[key] = any(
                fuzz.partial_ratio(t, other) >= QUOTED_ELSEWHERE
                for t in mine
                for bid, qs in quoted.items()
                if sources.independent(aid, bid)
                for _, _, other in qs
            )
        return remarks_elsewhere[key]

    findings = []
    for aa in arts:
        aid = aa.article.id
        named_elsewhere = {w for src, ws in surnames.items() if src != sources.source(aid) for w in ws}
        given_elsewhere = {w for src, ws in given.items() if src != sources.source(aid) for w in ws}
        elsewhere = [a for src, found in figures.items() if src != sources.source(aid) for a in found]
        per_sentence: dict[int, list[str]] = defaultdict(list)
        highlights: dict[int, list[int]] = {}
        for m in aa.mentions:
            e = by_id.get(m.entity or "")
            if e is None or e.type not in SINGLE_SOURCE_TYPES:
                continue
            if sources.count(e.articles) != 1:
                continue
            if norm_name(e.name) in outlet_names:
                continue  # "Fox News" in Fox News's own article: attribution, not a claim
            if e.type == "PERSON" and e.name.split()[-1].lower() in named_elsewhere:
                continue  # "Rand" here, "A. Barry Rand" elsewhere: the same person
            if e.type == "PERSON" and len(e.name.split()) == 1 and e.name.lower() in given_elsewhere:
                continue  # "Catherine" here, "Catherine Hardwicke" elsewhere
            if e.type == "DATE" and not SPECIFIC_DATE.search(m.text):
                continue
            day = day_of.get((aid, m.start))
            if day and any(day in ds for src, ds in days.items() if src != sources.source(aid)):
                continue  # the same day written another way by another source
            if e.type == "QUANTITY" and not re.search(r"\d|hundred|thousand|million|billion", m.text, re.I):
                continue  # "only two", "about two": too common to be news
            if quoted_elsewhere(aid, m):
                continue  # "... on Capitol Hill," he said: the remark is quoted by another outlet too
            if e.name not in per_sentence[m.sentence]:
                per_sentence[m.sentence].append(e.name)
                highlights.setdefault(m.sentence, [m.start, m.end])
        # figures no other source gives ("the train was 112 cars long"): bare numbers are not entities
        for m in aa.mentions:
            if m.type != "QUANTITY" or m.entity is not None:
                continue
            amount = amounts.get((aid, m.start))
            if amount is None or amount.high < 10 or re.fullmatch(r"(?:19|20)\d\d", m.text.strip()):
                continue
            if any(amount.overlaps(other, 0.005) for other in elsewhere):
                continue
            noun = re.match(r"\s+([a-z][a-z-]+)", aa.article.text[m.end : m.end + 30])
            name = f"{m.text} {noun.group(1)}" if noun else m.text
            if name not in per_sentence[m.sentence]:
                per_sentence[m.sentence].append(name)
                highlights.setdefault(m.sentence, [m.start, m.end])
        claims = {c.sentence: c for c in aa.claims}
        for n, names in per_sentence.items():
            claim = claims.get(n)
            if claim is None:
                continue
            ev = Evidence(aid, claim.start, claim.end, claim.text, highlight=highlights.get(n))
            label = _label(aid, outlets)
            worth = check_worthiness(aa, n, claim)
            explanation = f"Only {label} reports this; no other outlet names {', '.join(names)}."
            close = [_label(b, outlets) for b in claim.corroborated_by]
            if close:
                # another outlet says nearly the same in other words: what is new is only the name or the figure
                explanation += f" {', '.join(close)} says nearly the same without naming {', '.join(names)}."
            findings.append(
                Finding(
                    id="",
                    kind="single_source",
                    type="single_source",
                    topic=f"what only {label} reports",
                    severity="low",
                    confidence=round(
                        0.4 + 0.05 * worth - (0.1 if claim.hedged else 0.0) - (CLOSE_ELSEWHERE if close else 0.0), 2
                    ),
                    explanation=explanation,
                    positions=[Position(value=", ".join(names), articles=[aid], evidence=[ev])],
                )
            )
    return findings


def check_worthiness(aa: AnalyzedArticle, sentence: int, claim: Claim) -> int:
    """How much a fact-checker would want to check a sentence (0-5): named actors (people, organisations,
    courts, agencies), figures and amounts, a claim attributed to someone, an actor and a verb of its own."""
    types = {m.type for m in aa.mentions if m.sentence == sentence}
    score = min(2, len(types & {"PERSON", "ORG", "AGENCY", "COURT"}))
    score += 1 if types & {"MONEY", "QUANTITY"} else 0
    score += 1 if claim.attribution == "reported" or claim.source else 0
    score += 1 if claim.actor and claim.action not in {"be", "have"} else 0
    return score
