"""One person, two names: an outlet that writes "Glenn Lindqvist" where the others write "Glenn Beck".

A wrong or misspelt name is a classic correction. It is found without any list of names: a person's full
name whose surname no other outlet ever writes, against another outlet's person with the same given name,
in a sentence that says nearly the same thing (MiniLM cosine of the two sentences with the two names masked,
or, without embeddings, the overlap of their words). A surname written almost alike ("Preibus" and
"Priebus") is a spelling discrepancy (low); another surname is a name discrepancy (medium).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from rapidfuzz import fuzz

from ..model import AnalyzedArticle, Entity, Finding, Mention
from ..resolve.entities import NAME_SUFFIXES, norm_name
from .detectors import Fact, name_within
from .findings import decide

# cosine of the two masked sentences from which they say the same thing of the person: of the 79 counterfactual
# person edits, 46 give a candidate pair and 36 reach 0.6; of the candidate pairs of the 40 unedited stories,
# three do (two are real: "Kristen Bell" for Kristen Stewart, "Preibus" for Priebus; docs/evaluation.md)
SAME_CONTEXT = 0.6
SAME_WORDS = 0.25  # the same, by word overlap (Jaccard of lower-cased words), where embeddings are off
SPELLING = 80  # rapidfuzz ratio of two surnames from which they are one name spelt two ways
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)

Similarity = Callable[[str, str], float]


def _parts_of(name: str) -> tuple[str, str] | None:
    """(given name, surname) of a full name, folded; None for one word, initials or a given name alone."""
    words = [w for w in norm_name(name).replace("-", " ").split() if w not in NAME_SUFFIXES]
    if len(words) < 2 or len(words[0]) < 2 or not words[0].isalpha() or not words[-1].isalpha():
        return None
    return words[0], words[-1]


def _sentence(aa: AnalyzedArticle, m: Mention) -> tuple[int, int]:
    s = aa.sentences[m.sentence] if 0 <= m.sentence < len(aa.sentences) else None
    if s is None or not (s.start <= m.start and m.end <= s.end):
        s = next((x for x in aa.sentences if x.start <= m.start < x.end), None)
    return (s.start, s.end) if s else (m.start, m.end)


def _masked(text: str, span: tuple[int, int], m: Mention) -> str:
    s, e = span
    return (text[s : m.start] + "[PERSON]" + text[m.end : e]).strip()


def word_overlap(x: str, y: str) -> float:
    a, b = set(WORD.findall(x.lower())), set(WORD.findall(y.lower()))
    return len(a & b) / len(a | b) if a | b else 0.0


def name_findings(
    arts: list[AnalyzedArticle],
    entities: list[Entity],
    texts: dict[str, str],
    outlets: dict[str, str | None],
    published: dict[str, str | None],
    independent: Callable[[str, str], bool],
    similar: Similarity | None = None,
    log: list[tuple[str, str, str, str, float]] | None = None,
) -> list[Finding]:
    """Findings where one outlet names a person differently from another in a sentence about the same thing.

    ``similar``: cosine of two texts (None: word overlap). ``log``: when given, every candidate pair is
    appended as (article, name, other article, other name, similarity), whatever the decision."""
    words: dict[str, set[str]] = {aa.article.id: set(WORD.findall(norm_name(aa.article.text))) for aa in arts}
    by_id = {aa.article.id: aa for aa in arts}
    # each person entity's given name and surname, and its mentions in each article (any form: "Beck", "Mr. Beck")
    named: dict[str, tuple[str, str]] = {}
    for e in entities:
        if e.type == "PERSON" and (parts := _parts_of(e.name)):
            named[e.id] = parts
    seen_in: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for aa in arts:
        for m in aa.mentions:
            if m.entity in named:
                seen_in[m.entity][aa.article.id].append(m)
    names_of = {e.id: e.name for e in entities}
    by_given: dict[str, list[str]] = defaultdict(list)
    for eid, (given_e, _) in named.items():
        by_given[given_e].append(eid)
    # 1. candidate pairs: a full name whose surname no other outlet writes, and another outlet's mention of a
    # person with the same given name and another surname
    pairs: list[tuple[str, Mention, str, str, Mention, str]] = []  # (a, m, masked a, b, n, masked b)
    for aa in arts:
        a = aa.article.id
        for m in aa.mentions:
            if m.type != "PERSON" or not (parts := _parts_of(m.name)):
                continue
            given, surname = parts
            if any(surname in words[b] for b in words if b != a):
                continue  # another outlet writes this surname too: no slip of this outlet's
            masked_a = _masked(texts[a], _sentence(aa, m), m)
            for eid in by_given.get(given, []):
                surname_e = named[eid][1]
                for b, theirs in seen_in[eid].items():
                    if b == a or not independent(a, b):
                        continue
                    for n in theirs:
                        # the other outlet's surname: as written, or the entity's where it writes only "Beck"
                        # (never for the entity this name was resolved to: "Preibus" merged with "Priebus")
                        own = _parts_of(n.name)
                        other = own[1] if own else (surname_e if eid != m.entity else surname)
                        if other.removesuffix("s") == surname.removesuffix("s"):
                            continue
                        if any(name_within(norm_name(m.name), norm_name(x)) for x in (n.name, names_of.get(eid, ""))):
                            continue  # "Andrew Lopez Confesses" (a headline's words after the name) is Andrew Lopez
                        pairs.append((a, m, masked_a, b, n, _masked(texts[b], _sentence(by_id[b], n), n)))
    # 2. how alike the two sentences are (embedded in one batch where the similarity can take one)
    if similar is not None and hasattr(similar, "prime"):
        similar.prime([t for p in pairs for t in (p[2], p[5])])
    score, cut = (similar, SAME_CONTEXT) if similar is not None else (word_overlap, SAME_WORDS)
    best: dict[tuple[str, str, str], tuple[float, Mention, Mention]] = {}
    for a, m, masked_a, b, n, masked_b in pairs:
        sim = score(masked_a, masked_b)
        if log is not None:
            log.append((a, m.name, b, n.name, round(sim, 3)))
        key = (a, norm_name(m.name), b)
        if sim >= cut and sim > best.get(key, (-1.0,))[0]:
            best[key] = (sim, m, n)
    facts: list[Fact] = []
    full = {e.id: e.name for e in entities}
    for (a, _, b), (_, m, n) in best.items():
        (_, sm), (_, sn) = _parts_of(m.name) or ("", ""), _parts_of(n.name) or named.get(n.entity or "", ("", ""))
        slot = "spelling" if fuzz.ratio(sm, sn) >= SPELLING else "name"
        other = n.name if _parts_of(n.name) else full.get(n.entity or "", n.name)
        topic = f"{slot}/" + "|".join(sorted({norm_name(other), norm_name(m.name)}))  # either way round: one question
        question = f"how {other} is named" if slot == "name" else f"how {other}'s name is spelt"
        for art, men, shown in ((a, m, m.name), (b, n, other)):
            span = _sentence(by_id[art], men)
            facts.append(Fact(topic, shown, shown, art, span, (men.start, men.end), extra={"question": question}))
    return decide(facts, texts, outlets, published, independent) if facts else []
