"""Indirect speech ("officials said the plant would close", "according to the police, ...") from the parse.

Candidates come from a few dependency shapes, each a possible (cue, content) pair:

* ``ccomp`` / ``xcomp``: a clause under a verb or noun ("said [that the plant would close]", "vowed [to appeal]",
  "the claim [that ...]"), before or after its cue;
* ``dobj``: what a verb reports as a noun phrase ("denied [the allegations]");
* ``parataxis``: "The plant will close, he said, ..." where the parser hangs the cue off the clause;
* ``according``: "according to X" and the clause it qualifies.

Which cue words in which shape really report what someone said or thinks is not a hand-written list: it is
learned from PolNeAR's attributions (``attribution.json``, made by ``train_attribution.py``, evaluated there
with outlets held out). A candidate is kept when its cue lemma in that shape was an attribution often enough
in the training articles (smoothed towards the shape's own rate).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

SHAPES = ("ccomp", "xcomp", "dobj", "parataxis", "according")
MIN_CHARS = 12  # a content shorter than this is a word or two, not a statement


@dataclass(frozen=True)
class Candidate:
    cue: int  # token index of the cue word ("said", "according")
    shape: str
    start: int  # content, character offsets in the doc
    end: int
    source: int | None  # token index of the source's head ("officials", "police"), when the parse gives one

    def key(self, doc: Doc) -> str:
        return f"{cue_lemma(doc[self.cue])}|{self.shape}"


def cue_lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def subject_of(tok: Token, borrow_from: frozenset[str] = frozenset({"conj", "xcomp", "advcl"})) -> Token | None:
    """The verb's subject; for a verb hanging off another by one of ``borrow_from`` ("said X and added Y",
    "saying ..."), the subject of that other verb."""
    for child in tok.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if tok.dep_ in borrow_from and tok.head is not tok:
        for child in tok.head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
    return None


def _chars(span: Span | tuple[Token, Token]) -> tuple[int, int]:
    first, last = (span[0], span[-1]) if isinstance(span, Span) else span
    return first.idx, last.idx + len(last.text)


def _rest_of_sentence(tok: Token) -> tuple[int, int]:
    """The sentence without ``tok``'s subtree: the longer side of it, punctuation trimmed."""
    sent = tok.sent
    left = (sent.start, tok.left_edge.i)
    right = (tok.right_edge.i + 1, sent.end)
    i, j = max(left, right, key=lambda r: r[1] - r[0])
    doc = tok.doc
    while i < j and (doc[i].is_punct or doc[i].is_space):
        i += 1
    while j > i and (doc[j - 1].is_punct or doc[j - 1].is_space):
        j -= 1
    if i >= j:
        return 0, 0
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def candidates(doc: Doc) -> list[Candidate]:
    """Every (cue, content) pair of the shapes above, in text order."""
    out: list[Candidate] = []
    for tok in doc:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            to = next(c for c in tok.children if c.lower_ == "to")
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            start, end = _rest_of_sentence(tok)
            if end - start >= MIN_CHARS:
                out.append(Candidate(tok.i, "according", start, end, pobj.i if pobj is not None else None))
            continue
        if tok.pos_ not in {"VERB", "NOUN", "AUX"}:
            continue
        subj = subject_of(tok)
        if tok.dep_ == "parataxis" and tok.pos_ == "VERB":
            start, end = _rest_of_sentence(tok)
            if end - start >= MIN_CHARS:
                out.append(Candidate(tok.i, "parataxis", start, end, subj.i if subj is not None else None))
        for child in tok.children:
            if child.dep_ in {"ccomp", "xcomp"} or (child.dep_ == "dobj" and tok.pos_ == "VERB"):
                start, end = _chars((child.left_edge, child.right_edge))
                if end - start < MIN_CHARS:
                    continue
                out.append(Candidate(tok.i, child.dep_, start, end, subj.i if subj is not None else None))
    return out


@dataclass(frozen=True)
class CueModel:
    """Smoothed rate at which a cue lemma in a shape was an attribution in PolNeAR."""

    keys: dict[str, tuple[int, int]]  # "say|ccomp" -> (attributions, candidates)
    shapes: dict[str, tuple[int, int]]
    alpha: float
    threshold: float

    def probability(self, key: str) -> float:
        shape = key.rsplit("|", 1)[-1]
        s_pos, s_n = self.shapes.get(shape, (0, 0))
        prior = (s_pos + 0.5) / (s_n + 1.0)
        pos, n = self.keys.get(key, (0, 0))
        return (pos + self.alpha * prior) / (n + self.alpha)

    def keep(self, key: str) -> bool:
        return self.probability(key) >= self.threshold

    def reports(self, lemma: str, shape: str, threshold: float | None = None) -> bool:
        """Whether a word reports speech or thought with what it governs in ``shape`` ("ccomp", "dobj", ...).

        Only words seen in PolNeAR count (an unseen word would get its shape's rate, high for a clause). In a
        shape the model does not count ("criticized X *as* a ...", a participle), the word's best shape decides.
        """
        least = self.threshold if threshold is None else threshold
        if shape in SHAPES:
            key = f"{lemma}|{shape}"
            return key in self.keys and self.probability(key) >= least
        return any(self.probability(f"{lemma}|{s}") >= least for s in SHAPES if f"{lemma}|{s}" in self.keys)

    def as_dict(self) -> dict[str, object]:
        return {
            "alpha": self.alpha,
            "threshold": self.threshold,
            "shapes": {k: list(v) for k, v in sorted(self.shapes.items())},
            "keys": {k: list(v) for k, v in sorted(self.keys.items())},
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> CueModel:
        keys = {k: (int(v[0]), int(v[1])) for k, v in d["keys"].items()}  # type: ignore[attr-defined]
        shapes = {k: (int(v[0]), int(v[1])) for k, v in d["shapes"].items()}  # type: ignore[attr-defined]
        return cls(keys, shapes, float(d["alpha"]), float(d["threshold"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    text = resources.files("storydiff.extract").joinpath("attribution.json").read_text("utf-8")
    return CueModel.from_dict(json.loads(text)["model"])


def attributions(doc: Doc, model: CueModel | None = None) -> list[Candidate]:
    """The candidates the model keeps, one per content span (the most probable cue), in text order."""
    model = model or cue_model()
    best: dict[tuple[int, int], tuple[float, Candidate]] = {}
    for c in candidates(doc):
        p = model.probability(c.key(doc))
        if p < model.threshold:
            continue
        if (c.start, c.end) not in best or p > best[(c.start, c.end)][0]:
            best[(c.start, c.end)] = (p, c)
    kept = sorted((c for _, c in best.values()), key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Candidate] = []
    for c in kept:  # nested contents ("said [he thought [that ...]]"): the outer one
        if out and out[-1].start <= c.start and c.end <= out[-1].end:
            continue
        out.append(c)
    return out
