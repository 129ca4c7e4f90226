"""From facts to findings: group the values each article gives for a question, decide
whether any two cannot both be true, and write one finding per question with its evidence."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable

from ..groups import group
from ..model import AnalyzedArticle, Evidence, Finding, Position
from .detectors import DETECTORS, Detector, Fact

UPDATE_CUES = re.compile(
    r"\b(?:rose|risen|climbed|increased|revis(?:ed|ing|es|ion)|updat(?:ed|ing|es)|correct(?:ed|ing|ion)"
    r"|now|later|latest|has since|raised to|up from|down from"
    r"|bringing the (?:total|toll|number|count)|earlier (?:count|figure|estimate|toll|total|tally))\b",
    re.I,
)
# a sentence that says its own figure replaces an earlier one (an update, whatever the publication dates)
REVISION = re.compile(
    r"\b(?:revis(?:ed|ing|es)|correct(?:ed|ing)|up from|down from|earlier (?:count|figure|estimate|toll|total|tally))\b",
    re.I,
)
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def collect_facts(
    arts: list[AnalyzedArticle], entity_of: Callable[[str], str], subject_of: Callable[[str], str]
) -> list[Fact]:
    ctx = {"entity_of": entity_of}
    facts: list[Fact] = []
    for aa in arts:
        for claim in aa.claims:
            for slot in claim.slots:
                det = DETECTORS.get(slot.slot)
                if det is None:
                    continue
                key = det.key(slot, ctx)
                if not key:
                    continue
                fact = Fact(
                    topic=f"{det.slot}/{key}",
                    value=det.value(slot),
                    norm=slot.value,
                    article=claim.article,
                    sentence=(claim.start, claim.end),
                    highlight=(slot.start, slot.end),
                    hedged=claim.hedged,
                )
                if slot.head:
                    fact.extra["parent"] = slot.head
                    fact.extra["subject"] = subject_of(slot.head.split("|")[0])
                if slot.slot == "venue":
                    fact.extra["noun"] = (slot.head or "|").split("|")[1]
                if slot.slot in {"venue", "holder"}:
                    fact.extra["entity"] = entity_of(str(slot.value))
                facts.append(fact)
    return facts


def _clusters(det: Detector, facts: list[Fact]) -> list[list[Fact]]:
    """Positions: facts whose values are the same value written two ways."""
    return group(facts, det.equal)


def _label(article: str, outlets: dict[str, str | None]) -> str:
    """The outlet's name where it is known and names one article of the story, else the article id."""
    outlet = outlets.get(article)
    if outlet and sum(1 for o in outlets.values() if o == outlet) == 1:
        return outlet
    return f"{article} ({outlet})" if outlet else article


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _position_value(group: list[Fact]) -> str:
    own = [f for f in group if not f.extra.get("sides_with")] or group
    counts = Counter(f.value for f in own)
    return max(counts, key=lambda v: (counts[v], len(v)))


def _position_key(group: list[Fact]) -> str | None:
    """The position's value normalised (4 for "four" and "4"), the most common among its own facts."""
    own = [f for f in group if not f.extra.get("sides_with")] or group
    norms = Counter(str(f.norm) for f in own if f.norm is not None and str(f.norm).strip())
    if not norms:
        return None
    return max(norms, key=lambda v: (norms[v], v))


def decide(
    facts: list[Fact],
    texts: dict[str, str],
    outlets: dict[str, str | None],
    published: dict[str, str | None],
    independent: Callable[[str, str], bool],
) -> list[Finding]:
    by_topic: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_topic[f.topic].append(f)
    findings: list[Finding] = []
    for topic, tfacts in by_topic.items():
        if len({f.article for f in tfacts}) < 2:
            continue
        det = DETECTORS[topic.split("/", 1)[0]]
        groups = _clusters(det, tfacts)
        arts = [{f.article for f in g} for g in groups]
        groups, arts = _without_other_answers(det, groups, arts)
        conflicting: set[int] = set()
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                only_i, only_j = arts[i] - arts[j], arts[j] - arts[i]
                if not only_i or not only_j:
                    continue
                if not any(independent(a, b) for a in only_i for b in only_j):
                    continue
                if any(det.same(a, b) is False for a in groups[i] for b in groups[j]):
                    conflicting.update((i, j))
        if not conflicting:
            continue
        # a value compatible with exactly one side sides with it ("more than 40" with 43, against 34)
        for k in sorted(conflicting):
            friends = [
                m for m in conflicting
                if m != k and all(det.same(a, b) is not False for a in groups[k] for b in groups[m])
            ]  # fmt: skip
            if len(friends) == 1 and len(conflicting) > 2:
                for f in groups[k]:
                    f.extra["sides_with"] = True  # shown as evidence, not as the position's value
                groups[friends[0]] = groups[friends[0]] + groups[k]
                arts[friends[0]] |= arts[k]
                groups[k], arts[k] = [], set()
        conflicting = {k for k in conflicting if groups[k]}
        chosen = sorted(conflicting, key=lambda k: (-len(arts[k]), min(f.highlight[0] for f in groups[k])))
        positions = []
        for k in chosen:
            group = groups[k]
            evidence, seen = [], set()
            for f in sorted(group, key=lambda f: (f.article, f.sentence[0])):
                if (f.article, f.sentence) in seen:
                    continue
                seen.add((f.article, f.sentence))
                s, e = f.sentence
                evidence.append(Evidence(f.article, s, e, texts[f.article][s:e], highlight=list(f.highlight)))
            articles = sorted({f.article for f in group})
            positions.append(
                Position(value=_position_value(group), articles=articles, evidence=evidence, key=_position_key(group))
            )
        question = tfacts[0].extra.get("question") or det.question(tfacts)
        severity, confidence, ftype = det.severity, det.confidence, det.name
        hedged_sides = [all(f.hedged for f in groups[k]) for k in chosen]
        if any(hedged_sides):
            confidence *= 0.8
        if det.slot in {"count", "amount"} and _is_update(chosen, groups, texts, published):
            severity, ftype, confidence = "low", "update", confidence * 0.6
        if any(all(f.extra.get("weak") for f in groups[k]) for k in chosen):
            # a side that stands only on a weak pairing (the learned model's: the same fact in other words, or two
            # facts; or a count named two ways), as every side does where only such pairings made the question:
            # worth a look, not a flag
            severity, confidence = "low", confidence * 0.5
        explanation = "; ".join(
            f"{_join([_label(a, outlets) for a in p.articles])} {'says' if len(p.articles) == 1 else 'say'} {p.value}"
            for p in positions
        )
        explanation = f"Outlets disagree on {question}: {explanation}."
        if ftype == "update":
            explanation += (
                " The later article reports a revised figure, so this may be an update rather than a contradiction."
            )
        findings.append(
            Finding(
                id="",
                kind="contradiction",
                type=ftype,
                topic=question,
                severity=severity,
                confidence=round(confidence, 2),
                explanation=explanation,
                positions=positions,
            )
        )
    return findings


def _without_other_answers(
    det: Detector, groups: list[list[Fact]], arts: list[set[str]]
) -> tuple[list[list[Fact]], list[set[str]]]:
    """An article that gives two values of one question that cannot both be true answers more than one question
    there (the day of the sentencing and the day of the crime; the punches of the fight and of one round): its
    values that no other article gives are its answers to those other questions, and are set aside. Its values
    that other articles give stay. (An outlet that updates its own figure is no disagreement between outlets.)"""
    selfish: set[str] = set()
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            for art in arts[i] & arts[j]:
                if art not in selfish and any(
                    det.same(a, b) is False
                    for a in groups[i]
                    if a.article == art
                    for b in groups[j]
                    if b.article == art
                ):
                    selfish.add(art)
    if not selfish:
        return groups, arts
    kept = [(g, a) for g, a in zip(groups, arts, strict=True) if not (len(a) == 1 and a <= selfish)]
    return [g for g, _ in kept], [a for _, a in kept]


def _is_update(
    chosen: list[int], groups: list[list[Fact]], texts: dict[str, str], published: dict[str, str | None]
) -> bool:
    revised = [f for k in chosen for f in groups[k] if REVISION.search(texts[f.article][f.sentence[0] : f.sentence[1]])]
    if revised and len({f.article for k in chosen for f in groups[k]}) > len({f.article for f in revised}):
        return True  # "seven people had now been treated, revising its earlier count of two"
    dated = [(str(published.get(f.article)), f) for k in chosen for f in groups[k] if published.get(f.article)]
    if len(dated) < 2:
        return False
    latest = max(d for d, _ in dated)
    earliest = min(d for d, _ in dated)
    if latest == earliest:
        return False
    return any(d == latest and UPDATE_CUES.search(texts[f.article][f.sentence[0] : f.sentence[1]]) for d, f in dated)


def rank(findings: list[Finding]) -> list[Finding]:
    kind_rank = {"contradiction": 0, "quote_discrepancy": 0, "single_source": 1}
    return sorted(findings, key=lambda f: (kind_rank.get(f.kind, 2), SEVERITY_RANK[f.severity], -f.confidence))


# ----------------------------------------------------------------- identities
def normalize(text: str) -> str:
    """Text as an identity compares it: NFKC, case-folded, punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w%.$£€]+", " ", text).split())


def _digest(*parts: object) -> str:
    return "f" + hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:10]


def identity(f: Finding) -> tuple[str, ...]:
    """What a finding is, independent of run order, thresholds and the articles added since: its kind
    and type and its values (normalised). A single-source claim is its article and sentence: its value,
    the names no other outlet gives, shrinks as other outlets corroborate them, and it stays the same claim."""
    if f.kind == "single_source":
        ev = sorted((e.article, normalize(e.text)) for p in f.positions for e in p.evidence)
        return (f.kind, *(x for pair in ev for x in pair))
    return (f.kind, f.type, *sorted(normalize(p.key or p.value) for p in f.positions))


def assign_ids(findings: list[Finding]) -> None:
    """Give each finding an id derived from what it is (``identity``), stable across re-runs.

    Two findings with the same identity (the same values for two questions) are told apart by
    their question, then by their articles, then by their story, and last by their order."""
    base = [identity(f) for f in findings]
    keys: list[tuple[str, ...]] = [tuple(b) for b in base]
    extras: list[Callable[[Finding], str]] = [
        lambda f: normalize(f.topic),
        lambda f: ",".join(sorted({a for p in f.positions for a in p.articles})),
        lambda f: str(f.story or ""),
    ]
    for extra in extras:
        counts = Counter(keys)
        keys = [k + (extra(f),) if counts[k] > 1 else k for k, f in zip(keys, findings, strict=True)]
    seen: Counter[tuple[str, ...]] = Counter()
    for k, f in zip(keys, findings, strict=True):
        seen[k] += 1
        f.id = _digest(*k) if seen[k] == 1 else _digest(*k, seen[k])
