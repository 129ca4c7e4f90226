"""Real news for the benchmarks, read where it lies in ``shared/evaldata`` (never copied into the repo).

* ECB+ (982 documents, 43 topics, each mixing two look-alike events): token XML read straight
  from ``ECBplus_xml.tar.gz``; gold story = topic + ``ecb``/``ecbplus``.
* BASIL (100 events x 3 outlets): ``articles/<year>/<uuid>_<n>.json``; gold story = ``triplet-uuid``.
* GVDB dev (400 local gun-violence reports): ``dev.tsv``; one article a story (used only for volume).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from storydiff.model import Article

EVALDATA = Path(os.environ.get("STORYDIFF_EVALDATA", Path(__file__).resolve().parents[2] / "shared" / "evaldata"))
if not EVALDATA.exists():
    EVALDATA = Path("/work/shared/evaldata")

_NO_SPACE_BEFORE = {
    ".",
    ",",
    ":",
    ";",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "''",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


@dataclass
class Labelled:
    article: Article
    story: str  # gold story label


def _detokenize(tokens: list[str]) -> str:
    out: list[str] = []
    for tok in tokens:
        # "5", ".", "4" is the number 5.4 that ECB+'s tokenizer split, not "5. 4" ("1", ",", "000" likewise 1,000;
        # "2001", ",", "2005" is a list)
        decimal = len(out) >= 2 and out[-2].isdigit() and tok.isdigit()
        decimal = decimal and (out[-1] == "." or (out[-1] == "," and len(tok) == 3 and len(out[-2]) <= 3))
        if out and tok not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER and not decimal:
            out.append(" ")
        out.append(tok)
    # "hadn ’ t", "It ’ s": a contraction ECB+'s tokenizer split, read back as one word ("hadn’t" is a negation)
    return CONTRACTION.sub(r"\1\2\3", "".join(out))


CONTRACTION = re.compile(r"(\w) ([’']) (s|t|ll|re|ve|d|m)\b")


def ecbplus_documents(data: Path = EVALDATA) -> Iterator[tuple[str, str, str, str, ET.Element]]:
    """Every ECB+ document as (topic, number, "ecb"/"ecbplus", member name, XML root), read from the tarball."""
    with tarfile.open(data / "ecbplus" / "ECBplus_xml.tar.gz") as tar:
        for member in tar.getmembers():
            m = re.search(r"/(\d+)_(\d+)(ecb|ecbplus)\.xml$", member.name)
            if not m or not member.isfile():
                continue
            f = tar.extractfile(member)
            assert f is not None
            topic, num, part = m.groups()
            yield topic, num, part, member.name, ET.parse(f).getroot()


def ecbplus_lines(root: ET.Element) -> tuple[list[int], list[str]]:
    """A document's sentence numbers and its sentences as text (one line each), in order."""
    sentences: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        sentences.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
    keys = sorted(sentences)
    return keys, [_detokenize(sentences[k]).replace("``", '"').replace("''", '"') for k in keys]


def read_ecbplus() -> list[Labelled]:
    """ECB+ documents in a stable order (topic, sub-topic, document number)."""
    docs: list[Labelled] = []
    for topic, num, part, member, root in ecbplus_documents():
        _, lines = ecbplus_lines(root)
        name = f"{topic}_{num}{part}"
        text = "\n".join(lines)
        docs.append(Labelled(Article(id=f"ecb-{name}", text=text, source=member, outlet=f"ecb{num}"), f"{topic}{part}"))
    docs.sort(key=lambda d: (int(d.story.rstrip("ecbplus") or 0), d.story, d.article.id))
    return docs


def read_basil() -> list[Labelled]:
    """BASIL's 300 articles (100 triplets: Fox, NYT, HuffPost) with title and date."""
    docs: list[Labelled] = []
    for path in sorted((EVALDATA / "basil" / "articles").glob("*/*.json")):
        d = json.loads(path.read_text("utf-8"))
        paras = [" ".join(p) if isinstance(p, list) else str(p) for p in d.get("body-paragraphs", [])]
        text = "\n".join(p for p in paras if p.strip())
        if not text.strip():
            continue
        art = Article(
            id=f"basil-{path.stem}",
            text=text,
            source=str(path),
            outlet=d.get("source"),
            title=d.get("title"),
            published=(d.get("date") or None),
        )
        docs.append(Labelled(art, d["triplet-uuid"]))
    return docs


BASIL_DEV = 20  # BASIL triplets 0-19 may be used for development; 20-99 are kept for independent measurement


def basil_held_out_triplets() -> list[tuple[str, list[Article]]]:
    """BASIL triplets 20-99, for an independent measurement only (``real_coverage.py --held-out``): no rule, no
    threshold and no choice between versions may be made on what they show."""
    groups: dict[str, list[Article]] = {}
    for d in read_basil():
        groups.setdefault(d.story, []).append(d.article)
    return list(groups.items())[BASIL_DEV:]


def basil_dev_triplets(n: int = BASIL_DEV) -> list[tuple[str, list[Article]]]:
    """The first ``n`` BASIL triplets (at most 20), in the order of the sorted file paths: (triplet, articles)."""
    if n > BASIL_DEV:
        raise SystemExit(f"at most {BASIL_DEV} BASIL triplets (triplets 20-99 are not used for development)")
    groups: dict[str, list[Article]] = {}
    for d in read_basil():  # sorted file paths; triplets in order of first appearance
        if d.story not in groups:
            if len(groups) == n:
                break
            groups[d.story] = []
        groups[d.story].append(d.article)
    return list(groups.items())


def read_gvdb() -> list[Labelled]:
    """GVDB dev: 400 local reports, each its own story."""
    csv.field_size_limit(sys.maxsize)
    docs: list[Labelled] = []
    with open(EVALDATA / "gvdb" / "dev.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text = (row.get("Full text") or "").strip()
            title = (row.get("Article title") or "").strip() or None
            if title and text.startswith(title):
                text = text[len(title) :].strip()
            if not text:
                continue
            art = Article(id=f"gvdb-{row['Article id']}", text=text, source="gvdb/dev.tsv", outlet="gvdb", title=title)
            docs.append(Labelled(art, f"gvdb-{row['Article id']}"))
    return docs


def news_pile(n: int) -> list[Labelled]:
    """``n`` real articles: ECB+ first, then BASIL, then GVDB; beyond those (1,682), repeats with new ids."""
    base = read_ecbplus() + read_basil() + read_gvdb()
    out: list[Labelled] = []
    i = 0
    while len(out) < n:
        d = base[i % len(base)]
        rep = i // len(base)
        if rep:
            # (``replace``: the model's dataclasses have slots, no ``__dict__``)
            art = replace(d.article, id=f"{d.article.id}-r{rep}", text=d.article.text + f"\n(copy {rep})")
            d = Labelled(art, f"{d.story}-r{rep}")
        out.append(d)
        i += 1
    return out
