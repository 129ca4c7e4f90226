"""Near-parallel sentences: where two outlets state one fact in nearly the same words, the words show
which value differs.

Wire copy, rewrites of it and sentences built on one press release say the same thing in the same
order. For such a pair the parse is not needed to know which values answer the same question: a
word-level alignment of the two sentences (difflib's longest matching blocks) puts the differing
words side by side, with the shared words on either side as their context. A substitution is
compared when it is *anchored*: the words before and after it are the same in both sentences
("under Presidents [Bush] and Obama" / "under Presidents [Clinton] and Obama"), and the two
sentences share most of their words. Values of the same kind inside the substitution are then the
same slot of the same sentence, whatever their roles; a negation that one side adds to the same
verb ("issued a statement" / "did not issue a statement") is a difference of polarity.

Nothing here is a topic list: the only words named are the closed English classes of negators and
auxiliary verbs, which say whether a substitution changes polarity and nothing else.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import Statement

# how parallel two sentences must be: difflib's ratio of their words (2 * matched / total)
PARALLEL_RATIO = 0.6
# shared words needed around a substitution: at least one on each side and this many on both together
# ("in [Bakersfield], California, at the age of 91"; at a sentence's edge, none on that side)
ANCHOR = 3
# a statement needs this many words to be compared word by word (a credit line, a dateline is not a statement)
MIN_WORDS = 5
# a substitution longer than this (in words, on either side) is a rewrite, not one value changed
MAX_SUBSTITUTION = 6

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
NEGATORS = {"not", "never", "no", "n't", "nor", "neither"}
AUXILIARIES = {
    "do", "does", "did", "has", "have", "had", "is", "was", "are", "were", "be", "been", "will", "would",
    "can", "could", "should", "shall", "may", "might", "must",
}  # fmt: skip
CONTRACTED = {"won": "will", "can": "can", "ca": "can", "shan": "shall"}  # won't, can't, shan't


@dataclass(frozen=True)
class Token:
    norm: str
    start: int  # character offsets in the article
    end: int


@dataclass(frozen=True)
class Substitution:
    """One anchored difference between two parallel sentences: [a_start, a_end) in one article against
    [b_start, b_end) in the other (character offsets; an empty span where one side inserts words)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_words: tuple[str, ...]
    b_words: tuple[str, ...]
    alone: bool = True  # the two sentences differ in no other content word
    a_spans: tuple[tuple[int, int], ...] = ()  # each substituted word's offsets
    b_spans: tuple[tuple[int, int], ...] = ()

    def holds_only(self, a_value: tuple[int, int], b_value: tuple[int, int]) -> bool:
        """Is the substitution nothing but the two values (and articles or punctuation)? "the Los Angeles [Times
        that he has] made an offer" / "the Los Angeles [Angels] made an offer" is not one name for another."""
        return all(
            lo <= s and e - _possessive(word) <= hi or word in {"the", "a", "an"} or not word[:1].isalnum()
            for spans, words, (lo, hi) in ((self.a_spans, self.a_words, a_value), (self.b_spans, self.b_words, b_value))
            for (s, e), word in zip(spans, words, strict=True)
        )

    @property
    def a_negates(self) -> bool:
        """Does the first sentence's side hold a negator ("not", "never", "wasn't")?"""
        return any(_negator(w) for w in self.a_words)

    @property
    def polarity(self) -> bool:
        """One side negates what the other asserts: the words differ only by a negator, auxiliaries and
        the inflection of one verb ("issued" / "did not issue", "has" / "has not", "was" / "wasn't"), and the
        sentences differ in no other content word ("nominated for an Oscar" / "never nominated for a Golden
        Globe" is about two things)."""
        if self.a_negates == any(_negator(w) for w in self.b_words) or not self.alone:
            return False
        rest_a = [_stem(_uncontract(w)) for w in self.a_words if not _negator(w) or w.endswith("n't")]
        rest_b = [_stem(_uncontract(w)) for w in self.b_words if not _negator(w) or w.endswith("n't")]
        rest_a = [w for w in rest_a if w not in AUXILIARIES]
        rest_b = [w for w in rest_b if w not in AUXILIARIES]
        return rest_a == rest_b and len(rest_a) <= 1


def _possessive(word: str) -> int:
    """The length of a possessive ending the word carries ("growth's": 2), which is not part of the name."""
    return 2 if word.endswith(("'s", "’s")) and len(word) > 2 else 0


def _negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't")


def _uncontract(word: str) -> str:
    if word.endswith("n't"):
        base = word[:-3]
        return CONTRACTED.get(base, base)
    return word


def _stem(word: str) -> str:
    """A crude stem, enough to see one verb in two inflections ("issued", "issue", "issues")."""
    if word in AUXILIARIES:
        return word
    return re.sub(r"(?:ing|ied|ies|ed|es|e|s|d|y)$", "", word) or word


def tokens(st: Statement) -> list[Token]:
    """The words and punctuation of a statement, lower-cased, with typographic quotes made plain."""
    out = []
    for m in TOKEN.finditer(st.text):
        norm = m.group().lower().replace("’", "'")
        if norm in {"“", "”", "‘", "'", "«", "»"}:
            norm = '"'
        out.append(Token(norm, st.start + m.start(), st.start + m.end()))
    return out


def substitutions(
    a: Statement, b: Statement, ta: list[Token] | None = None, tb: list[Token] | None = None
) -> list[Substitution]:
    """The anchored substitutions between two statements, or none when they are not parallel."""
    ta = tokens(a) if ta is None else ta
    tb = tokens(b) if tb is None else tb
    wa, wb = [t.norm for t in ta], [t.norm for t in tb]
    if min(sum(w[:1].isalnum() for w in wa), sum(w[:1].isalnum() for w in wb)) < MIN_WORDS:
        return []  # "(Fox News article)": a credit line states nothing to compare
    # a cheap screen first, on distinct words: pairs sharing well under PARALLEL_RATIO of their vocabulary (with a
    # 0.8 margin) are not aligned at all; a screen, not a proof (repeated words count once here, but in full in
    # difflib's ratio)
    shared = len(set(wa) & set(wb))
    if 2 * shared < PARALLEL_RATIO * (len(set(wa)) + len(set(wb))) * 0.8:
        return []
    sm = SequenceMatcher(None, wa, wb, autojunk=False)
    if sm.ratio() < PARALLEL_RATIO:
        return []
    ops = sm.get_opcodes()
    content = [
        n for n, op in enumerate(ops) if op[0] != "equal" and _has_content(wa[op[1] : op[2]] + wb[op[3] : op[4]])
    ]
    out = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        if max(i2 - i1, j2 - j1) > MAX_SUBSTITUTION:
            continue
        before = ops[n - 1] if n > 0 else None
        after = ops[n + 1] if n + 1 < len(ops) else None
        left = _anchor(before, at_edge=i1 == 0 and j1 == 0)
        right = _anchor(after, at_edge=i2 == len(wa) and j2 == len(wb))
        if min(left, right) < 1 or left + right < ANCHOR:
            continue
        a_start = ta[i1].start if i1 < i2 else (ta[i1 - 1].end if i1 else a.start)
        a_end = ta[i2 - 1].end if i1 < i2 else a_start
        b_start = tb[j1].start if j1 < j2 else (tb[j1 - 1].end if j1 else b.start)
        b_end = tb[j2 - 1].end if j1 < j2 else b_start
        alone = not [k for k in content if k != n]
        out.append(
            Substitution(
                a_start, a_end, b_start, b_end, tuple(wa[i1:i2]), tuple(wb[j1:j2]), alone,
                tuple((t.start, t.end) for t in ta[i1:i2]), tuple((t.start, t.end) for t in tb[j1:j2]),
            )
        )  # fmt: skip
    return out


def _has_content(words: list[str]) -> bool:
    """Any word that is not a stop word, a negator or punctuation."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return any(w[:1].isalnum() and w not in STOP_WORDS and not _negator(w) for w in words)


def _anchor(op: tuple[str, int, int, int, int] | None, at_edge: bool) -> float:
    """How many shared words stand on one side of a difference (a sentence's edge counts as many)."""
    if op is None:
        return math.inf if at_edge else 0
    tag, i1, i2, _, _ = op
    return i2 - i1 if tag == "equal" else 0


def inside(start: int, end: int, lo: int, hi: int) -> bool:
    """Does the value [start, end) lie in (or overlap) the substituted span [lo, hi)?"""
    return start < hi and lo < end
