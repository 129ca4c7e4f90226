"""Statements: each sentence that carries a comparable value, with its values and the role each plays.

A statement is what one outlet says in one sentence: its predicate (the main verb's lemma),
its actor, its polarity, its attribution (the outlet asserts it, or reports someone's claim),
its hedging, and its typed values. Each value says what it is about, read from the parse and
not from word lists: a number counts the noun it modifies ("five cars" -> car), an amount pays
for the noun or verb that governs it ("a $5m fine" -> fine), a date or time says when its verb
happened, a place is where something happened ("in"), where something came from ("from") or
went ("to"), an organisation or person is the actor or the object of its verb.

The value-masked text ("[COUNT] cars plunged into the water on [DATE]") is what alignment embeds:
two outlets that state one fact with different values still read alike once the values are masked.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..model import Claim, Clause, Mention, Statement, Value
from ..resolve.dates import month_day, resolve_date, weekday_as_written
from ..resolve.numbers import parse_amount
from ..resolve.units import unit_of
from .attribution import subject_of
from .claims import ADMIT_VERBS, DENIAL_VERBS
from .quotes import SPEECH_VERBS

# closed grammatical classes (English prepositions), not topic words
WHERE_PREPS = {"in", "at", "near", "on", "inside", "outside", "across", "off", "around", "within", "throughout"}  # fmt: skip
FROM_PREPS = {"from"}
TO_PREPS = {"to", "into", "toward", "towards", "onto"}
MASK = {
    "count": "[COUNT]",
    "quantity": "[QUANTITY]",
    "percent": "[PERCENT]",
    "amount": "[AMOUNT]",
    "date": "[DATE]",
    "time": "[TIME]",
    "place": "[PLACE]",
    "org": "[ORG]",
    "person": "[PERSON]",
    "law": "[LAW]",
    "product": "[PRODUCT]",
}
ENTITY_KINDS = {"ORG": "org", "AGENCY": "org", "COURT": "org", "PERSON": "person", "LAW": "law", "PRODUCT": "product"}
TIME_OF_DAY = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b|\b(noon|midday|midnight)\b",
    re.I,
)
TIME_ZONE = re.compile(
    r"\b(UTC|GMT|BST|CET|CEST|EET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|IST|JST|AEST|AEDT)\b|\blocal time\b"
)
# a time of day followed by where or in what zone it is given: "Nepal time", "Eastern", "Thursday in Melbourne"
ZONE_AFTER = re.compile(
    r"^\s*(?:\(?\s*)?(?:on\s+)?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+)?"
    r"(?:([A-Z][a-z]+)\s+(?:standard\s+|daylight\s+)?time\b|in\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?))",
    re.I,
)
ZONE_INSIDE = re.compile(
    r"\b(?:([A-Z][a-z]+)(?:\s+(?:standard|daylight))?\s+time|(Eastern|Pacific|Central|Mountain))\b"
)
LINK = re.compile(r"https?:|www\.|\.com\s*/|\s/\s\S+\s/\s", re.I)
NOT_A_COUNT = re.compile(
    r"-year-old|\bper ?cent\b|%|\bin\b.*\bchance\b|\bin\s+(?:\d+|one|two|three|four|five|ten)\b", re.I
)
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
DURATION = re.compile(r"\b(second|minute|hour|day|week|month|year|decade)s?\b", re.I)
CONTENT_POS = {"NOUN", "VERB", "ADJ", "PROPN", "NUM"}


@cache
def _time_hedges() -> list[tuple[re.Pattern[str], int, int]]:
    """The phrases that hedge a time of day and how far each lets it lie (``resolve/data/time_hedges.tsv``)."""
    rows = []
    text = resources.files("storydiff.resolve").joinpath("data/time_hedges.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, before, after = line.split("\t")
            rows.append((re.compile(rf"\b{re.escape(phrase)}\s*$", re.I), int(before), int(after)))
    return rows


def time_window(before_time: str) -> tuple[int, int]:
    """Minutes before and after the written time that a hedge ending ``before_time`` allows ("shortly before")."""
    for pattern, before, after in _time_hedges():
        if pattern.search(before_time):
            return before, after
    return 0, 0


def time_of_day(text: str) -> tuple[int, str | None] | None:
    """Minutes after midnight and the time zone named with it ("3.15am" -> 195), or None."""
    m = TIME_OF_DAY.search(text)
    if not m:
        return None
    zone = TIME_ZONE.search(text)
    tz = zone.group(0).upper() if zone else None
    if m.group(6):
        word = m.group(6).lower()
        return (0 if word == "midnight" else 720), tz
    if m.group(3):
        h, mins = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= h <= 12:
            return None
        pm = m.group(3).lower().startswith("p")
        return ((h % 12) + (12 if pm else 0)) * 60 + mins, tz
    return int(m.group(4)) * 60 + int(m.group(5)), tz


def _anchor(doc: Doc, start: int, end: int) -> Token | None:
    """The token that attaches a span to its sentence (its root)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def _verb_of(tok: Token) -> Token | None:
    """The nearest verb above a token (or the token's sentence root)."""
    t = tok
    for _ in range(12):
        if t.pos_ in {"VERB", "AUX"} and t is not tok:
            return t
        if t.head is t:
            return t if t.pos_ in {"VERB", "AUX"} else None
        t = t.head
    return None


def _role(tok: Token) -> tuple[str, str]:
    """(grammatical role, governing lemma): ("subj", "rule"), ("in", "collapse"), ("of", "fine")..."""
    t = tok
    # climb out of a name or a compound ("the High Court", "Alibaba's cloud division")
    while t.dep_ in {"compound", "flat", "nmod", "amod", "nummod", "quantmod"} and t.head is not t:
        t = t.head
    if t.dep_ == "poss":
        return "poss", t.head.lemma_.lower()
    if t.dep_ == "pobj" and t.head.pos_ == "ADP":
        prep = t.head
        gov = prep.head
        if prep.lower_ == "by" and prep.dep_ == "agent":
            return "subj", gov.lemma_.lower()
        return prep.lower_, gov.lemma_.lower()
    if t.dep_ in {"nsubj", "nsubjpass", "csubj"}:
        return ("subj" if t.dep_ == "nsubj" else "obj"), t.head.lemma_.lower()
    if t.dep_ in {"dobj", "attr", "oprd"}:
        return "obj", t.head.lemma_.lower()
    if t.dep_ == "appos" or (t.dep_ == "conj" and t.head.pos_ in {"NOUN", "PROPN"} and t.head is not t):
        return _role(t.head)  # "the Angels and Braves": Braves plays the part the Angels play
    verb = _verb_of(t)
    return t.dep_ or "root", verb.lemma_.lower() if verb is not None else ""


def _counted(tok: Token, doc: Doc, end: int) -> Token | None:
    """The noun a number counts: the span's own noun ("5 km"), a noun the number is the value of ("magnitude
    5.8"), its head ("five cars"), "of" ("five of the cars"), or the noun after it."""
    if tok.pos_ in {"NOUN", "PROPN"} and not tok.like_num:
        return tok  # a quantity span ending in its unit ("5 km", "48 hours")
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.pos_ == "NOUN" and prev.idx + len(prev.text) < tok.idx and prev.is_lower:
        return prev  # "magnitude 5.8", "a magnitude 6.4 earthquake": the number is the noun's value
    if tok.dep_ in {"nummod", "quantmod", "compound", "amod"} and tok.head.pos_ in {"NOUN", "PROPN"}:
        return tok.head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.idx >= end:
        return nxt
    return None


def _future(verb: Token) -> bool:
    """Is the verb's event still to come ("will approve", "is expected to announce", "plans to hold")?"""
    t = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in {"will", "'ll", "shall", "would"} for c in t.children):
            return True
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in {"expect", "schedule", "plan", "set", "due", "intend", "aim"}:
            return True
        if t.dep_ not in {"xcomp", "conj", "ccomp"}:
            break
        t = t.head
    return False


def _quantity(m: Mention, low: float, high: float, unit: str, tok: Token, role: str) -> Value:
    """A measured quantity ("20 km", "48 hours", "a 24-hour strike"), about what it measures: the noun it
    is "of" ("a depth of 20 km" -> depth), the noun it modifies ("a 15-mile stretch" -> stretch), else its verb."""
    t = tok
    while t.dep_ in {"compound", "nummod", "quantmod"} and t.head is not t:
        t = t.head
    measured = ""
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
        measured = t.head.head.lemma_.lower()
    elif t.dep_ in {"amod", "compound", "nmod"} and t.head.pos_ == "NOUN":
        measured = t.head.lemma_.lower()
    elif t.pos_ == "NOUN" and unit_of(t.lemma_) is None and unit_of(t.text) is None:
        measured = t.lemma_.lower()  # "a 24-hour strike": the span's root is the strike
    verb = _verb_of(t)
    dim = unit_of(unit)
    return Value(
        "quantity", m.text, m.start, m.end, norm=[low, high, unit], role=role,
        about=measured or (verb.lemma_.lower() + "/v" if verb is not None else ""),  # "/v": a verb, not a noun
        verb=verb.lemma_.lower() if verb is not None else "", detail=dim[0] if dim else "",
    )  # fmt: skip


def _amount_for(tok: Token) -> str:
    """What an amount pays for: "a $5m fine" -> fine; "a fine of $5m" -> fine; "paid $5m" -> pay."""
    t = tok
    while t.dep_ in {"compound", "nmod", "quantmod", "nummod"} and t.head is not t:
        t = t.head
    for child in t.children:  # "£2.3 million in grant funding": what the money is
        if child.dep_ == "prep" and child.lower_ in {"in", "of", "for"}:
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
            if objs:
                return objs[0].lemma_.lower()
    if t is not tok and t.pos_ == "NOUN":
        return t.lemma_.lower()
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
        return t.head.head.lemma_.lower()
    if t.dep_ in {"amod", "compound"} and t.head.pos_ == "NOUN":
        return t.head.lemma_.lower()
    verb = _verb_of(t)
    return verb.lemma_.lower() if verb is not None else ""


def _value(m: Mention, doc: Doc, published: str | None, text: str) -> Value | None:
    """The typed value of a mention, with its role, what it is about, and its mood (a value of an event still
    to come, "will cut 500 jobs", is never held against one that happened, "cut 300 jobs")."""
    v = _read_value(m, doc, published, text)
    if v is not None and not v.mood:
        tok = _anchor(doc, m.start, m.end)
        verb = _verb_of(tok) if tok is not None else None
        v.mood = "future" if verb is not None and _future(verb) else ""
    return v


def _read_value(m: Mention, doc: Doc, published: str | None, text: str) -> Value | None:
    tok = _anchor(doc, m.start, m.end)
    if tok is None:
        return None
    role, gov = _role(tok)
    if m.type in ENTITY_KINDS:
        if TIME_ZONE.fullmatch(m.text.strip()):
            return None  # "GMT", "UTC": a time zone the model took for an organisation
        kind = ENTITY_KINDS[m.type]
        return Value(kind, m.text, m.start, m.end, norm=m.name, role=role, about=gov, entity_type=m.type)
    if m.type == "PLACE":
        if role == "of":  # "at the port of Immingham": the place is where its governing noun is
            t = tok
            while t.dep_ in {"compound", "flat"} and t.head is not t:
                t = t.head
            holder = t.head.head if t.dep_ == "pobj" else None
            if holder is not None and holder.dep_ == "pobj" and holder.head.lower_ in WHERE_PREPS:
                role, gov = "where", holder.head.head.lemma_.lower()
        if role in WHERE_PREPS:
            role = "where"
        elif role in FROM_PREPS:
            role = "from"
        elif role in TO_PREPS:
            role = "to"
        return Value("place", m.text, m.start, m.end, norm=m.name, role=role, about=gov, entity_type=m.type)
    if m.type == "MONEY":
        amt = parse_amount(m.text, text[max(0, m.start - 30) : m.start])
        if amt is None:
            return None
        verb = _verb_of(tok)
        return Value(
            "amount", m.text, m.start, m.end, norm=[amt.low, amt.high, amt.exact, amt.currency], role=role,
            about=_amount_for(tok), verb=verb.lemma_.lower() if verb is not None else "",
        )  # fmt: skip
    if m.type == "QUANTITY" and TIME_OF_DAY.fullmatch(m.text.strip()):
        m = Mention(m.article, m.start, m.end, m.text, "DATE", m.name, m.sentence)  # "2.32am": a time, not a count
    if m.type == "QUANTITY":
        around = text[max(0, m.start - 12) : m.end + 12]
        if YEAR.match(m.text.strip()) or NOT_A_COUNT.search(m.text) or re.search(r"-year-old", around):
            if re.search(r"%|\bper ?cent\b", m.text, re.I):
                amt = parse_amount(m.text.replace("%", ""), text[max(0, m.start - 30) : m.start])
                if amt is not None:
                    verb = _verb_of(tok)
                    return Value(
                        "percent", m.text, m.start, m.end, norm=[amt.low, amt.high, amt.exact, None], role=role,
                        about=_amount_for(tok), verb=verb.lemma_.lower() if verb is not None else "",
                    )  # fmt: skip
            return None
        if RATIO.search(around):
            return None  # odds and ratios are not counts ("one in three", "2 out of 5", "23 of every 24 hours")
        amt = parse_amount(m.text, text[max(0, m.start - 30) : m.start])
        noun = _counted(tok, doc, m.end)
        if amt is None or noun is None:
            return None
        about = noun.lemma_.lower()
        # "a 170,000-square-foot warehouse": the unit is the square foot (an area), not the foot
        power = next((c.lower_ for c in noun.children if c.lower_ in {"square", "cubic"} and c.i < noun.i), None)
        if power is not None and unit_of(f"{power} {about}") is not None:
            about = f"{power} {about}"
        if unit_of(about) is not None:
            return _quantity(m, amt.low, amt.high, about, noun, role)
        detail = " ".join(c.lemma_.lower() for c in noun.children if c.dep_ == "compound")
        # "more than 20 people injured": a participle on the counted noun is its verb, not the clause's
        participle = next((c for c in noun.children if c.dep_ in {"acl", "amod"} and c.tag_ in {"VBN", "VBG"}), None)
        verb = participle if participle is not None else _verb_of(noun)
        return Value(
            "count", m.text, m.start, m.end, norm=[amt.low, amt.high, amt.exact, None], role=role, about=about,
            verb=verb.lemma_.lower() if verb is not None else "", detail=detail,
        )  # fmt: skip
    if m.type == "DATE":
        tod = time_of_day(m.text)
        verb = _verb_of(tok)
        about = verb.lemma_.lower() if verb is not None else gov
        if tod is not None:
            minutes, zone = tod
            after = text[m.end : m.end + 40]
            marker = ZONE_AFTER.match(after) or ZONE_INSIDE.search(m.text)
            if zone is None and marker:
                zone = (marker.group(1) or marker.group(2) or "").strip().upper()
            # "shortly before midday": the hedge inside the mention or just before it
            clock = TIME_OF_DAY.search(m.text)
            lead = text[max(0, m.start - 20) : m.start] + m.text[: clock.start() if clock else 0]
            early, late = time_window(lead)
            return Value("time", m.text, m.start, m.end, norm=[minutes, zone, early, late], role=role, about=about)
        dur = DURATION.search(m.text)
        if dur and re.search(
            r"-(?:year|month|week|day)-old|\b(?:ago|earlier|later|old)\b", text[m.start : m.end + 8], re.I
        ):
            return None  # "three weeks ago", "nine days earlier" (dates relative to something), "46-year-old" (an age)
        if dur and RATIO.search(text[max(0, m.start - 12) : m.end + 12]):
            return None  # "23 of every 24 hours": a share of the day, not a length of time
        if dur and re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|sixty|hundred)\b", m.text, re.I):  # fmt: skip
            amt = parse_amount(m.text, text[max(0, m.start - 30) : m.start])
            if amt is None:
                return None
            low, high = amt.low, amt.high
            extra = re.search(r"\band\s+(\d+|a half|\w+)\s+(minute|second|hour|day|month)s?\b", m.text, re.I)
            if extra:  # "three hours and 40 minutes": the smaller unit adds a fraction of the larger
                first, second = unit_of(dur.group(1)), unit_of(extra.group(2))
                n = parse_amount(extra.group(1)) if extra.group(1) != "a half" else None
                part = 0.5 if extra.group(1) == "a half" else (n.low if n is not None else 0.0)
                if first and second and first[0] == second[0]:
                    low, high = low + part * second[1] / first[1], high + part * second[1] / first[1]
            return _quantity(m, low, high, dur.group(1).lower(), tok, role)
        if re.search(
            r"\b(?:since|until|till|before|by|from|after|to)\s+(?:the\s+)?$", text[max(0, m.start - 12) : m.start], re.I
        ):
            return None  # the edge of a period, not when something happened
        future = verb is not None and _future(verb)
        past = verb is not None and not future and verb.tag_ in {"VBD", "VBN"}
        rng = resolve_date(m.text, published, tense="future" if future else "past" if past else "")
        # no publication date to resolve against: the day as written ("--03-04", "weekday:friday")
        as_written = (month_day(m.text) or weekday_as_written(m.text)) if rng is None and not published else None
        if rng is None and as_written is None:
            return None
        # "returned on 4 February, when officials lifted the order": the day is also the when-clause's
        when = ""
        if verb is not None:
            clause = next(
                (c for c in verb.children if c.dep_ == "advcl" and any(w.lower_ == "when" for w in c.children)), None
            )
            if clause is None and verb.dep_ == "advcl" and any(w.lower_ == "when" for w in verb.children):
                clause = verb.head
            when = clause.lemma_.lower() if clause is not None else ""
        mood = "future" if future else ""
        norm = str(rng) if rng is not None else as_written
        return Value("date", m.text, m.start, m.end, norm=norm, role=role, about=about, detail=when, mood=mood)
    return None


def build_statements(
    doc: Doc,
    article_id: str,
    mentions: list[Mention],
    claims: list[Claim],
    published: str | None,
    text: str,
    every_sentence: bool = False,
) -> list[Statement]:
    """The statements of one article: one per sentence with a comparable value (``every_sentence``: all)."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    claim_of = {c.sentence: c for c in claims}
    # the article's organisations in order: what "the company" refers to
    antecedents = sorted(
        (m for m in mentions if m.type in {"ORG", "AGENCY", "COURT"} and _subject(doc, m)), key=lambda m: m.start
    )
    out: list[Statement] = []
    for n, sent in enumerate(doc.sents):
        claim = claim_of.get(n)
        if claim is None and not every_sentence and not _polar(sent):
            continue
        if LINK.search(sent.text) and not every_sentence:
            continue  # a URL or a dateline link, not a sentence
        start, end = (claim.start, claim.end) if claim else (sent.start_char, sent.end_char)
        values = [v for m in by_sentence.get(n, []) if (v := _value(m, doc, published, text)) is not None]
        values = [v for v in values if start <= v.start and v.end <= end]
        values = _chain_places(values, text)
        values = _drop_conversions(values, text)
        if sum(v.kind == "time" for v in values) >= 2:
            # one moment given in two zones ("4:32 am Nepal time (2247 GMT Monday)"): the times, the days
            # and the places that name a zone are conversions, compared only as such
            for v in values:
                if v.kind == "time":
                    v.norm = [v.norm[0], v.norm[1] or "?", *v.norm[2:]]
            values = [v for v in values if v.kind != "date" and not _zone_place(v, values, text)]
        if not values and not every_sentence and not _negated(sent) and not _polar(sent):
            continue
        # the sentence's names, and the people of the two before it ("he", "him" after one person only)
        near = by_sentence.get(n, []) + [
            m for k in (n - 2, n - 1) for m in by_sentence.get(k, []) if m.type == "PERSON"
        ]
        for v in values:
            if v.kind in OWNED:
                v.owner = _owner(doc, v, near)
            v.frame = _frame(doc, v)
        out.append(_statement(article_id, n, sent, start, end, text, values, claim, near, antecedents))
    return out


def _subject(doc: Doc, m: Mention) -> bool:
    """Is a mention the subject of its clause ("Vireo Cloud confirmed", "Weserland Kliniken, the operator, has")?"""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}


def _polar(sent: Span) -> bool:
    """A sentence without a value that still says whether something happened: a clause negated, denied,
    confirmed or refused ("The company denied that a cyberattack was behind the outage")."""
    words = _polarity_words()
    for t in sent:
        if t.dep_ == "neg" and t.head.pos_ in {"VERB", "AUX"}:
            return True
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB" and (lemma in ADMIT_VERBS or lemma in DENIAL_VERBS or lemma in words.get("verb", ())):
            return True
        if t.lower_ == "no" and t.head.lemma_.lower() in words.get("noun", ()):
            return True
    return False


CONVERSION_BETWEEN = re.compile(
    r"\s*[(\[]\s*(?:about|around|roughly|approximately|some|nearly|almost|or|US|U\.S\.)?\s*"
)


_NUM = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|hundred|thousand|million)"
)
RATIO = re.compile(rf"\b{_NUM}[\s-]+(?:in|out[\s-]+of|of[\s-]+every)[\s-]+{_NUM}\b", re.IGNORECASE)


def _drop_conversions(values: list[Value], text: str) -> list[Value]:
    """ "110 billion euros ($143 billion)": the amount in brackets converts the one before it, at a rate the
    outlet chose; it is not a second figure to compare (the one before it is)."""
    out: list[Value] = []
    for v in sorted(values, key=lambda v: v.start):
        prev = next((p for p in reversed(out) if p.end <= v.start), None)
        if (
            prev is not None
            and prev.kind == v.kind == "amount"
            and CONVERSION_BETWEEN.fullmatch(text[prev.end : v.start])
        ):
            continue
        out.append(v)
    return out


def _chain_places(values: list[Value], text: str) -> list[Value]:
    """ "Speke, Liverpool": a place and where the text says it lies are one value ("Speke, Liverpool")."""
    out: list[Value] = []
    for v in sorted(values, key=lambda v: v.start):
        prev = out[-1] if out else None
        if prev is not None and prev.kind == v.kind == "place" and text[prev.end : v.start] == ", ":
            prev.norm = f"{prev.norm}, {v.norm}"
            prev.text = text[prev.start : v.end]
            prev.end = v.end
            continue
        out.append(v)
    return out


def _zone_place(v: Value, values: list[Value], text: str) -> bool:
    """A place that says in what zone a time is given ("4 a.m. Thursday in Melbourne")."""
    if v.kind != "place":
        return False
    return any(t.kind == "time" and 0 <= v.start - t.end <= 20 and " in " in text[t.end : v.start + 1] for t in values)


def _named(tok: Token, mentions: list[Mention] | None) -> str | None:
    """The name of the mention a subject token belongs to ("Mr. Steele" -> "Steele")."""
    for m in mentions or []:
        if m.start <= tok.idx < m.end and m.type in {"PERSON", "ORG", "AGENCY", "COURT", "PLACE", "PRODUCT"}:
            return m.name
    return None


# the words of a condition: a value inside one may never happen ("even if one or two jurors voted against it");
# "after"/"before" phrases are not used: as often as not they tell the story's own event ("will appeal after
# being docked six points", "demanded guarantees after the company agreed to a takeover that will cut 2,100 jobs")
CONDITIONS = frozenset({"if", "unless", "whether"})


def _frame(doc: Doc, v: Value) -> str:
    """The word of the condition a value is inside ("even if one or two jurors voted against it" -> "if")."""
    t = _anchor(doc, v.start, v.end)
    for _ in range(12):
        if t is None or t.head is t:
            return ""
        if t.dep_ == "advcl":
            mark = next((c.lower_ for c in t.children if c.dep_ == "mark" and c.lower_ in CONDITIONS), "")
            if mark:
                return mark
        t = t.head
    return ""


# kinds whose values have an owner
OWNED = frozenset({"count", "amount", "quantity", "percent", "date", "time", "place"})
OWNER_ROUTE = frozenset(
    {"compound", "amod", "nmod", "nummod", "quantmod", "npadvmod", "pobj", "prep", "dobj", "attr", "appos", "conj"}
)


def _person(tok: Token, mentions: list[Mention]) -> str | None:
    """The person a token names: a PERSON mention it is part of, or "he", "him", "her" after one person only."""
    for m in mentions:
        if m.type == "PERSON" and m.start <= tok.idx < m.end:
            return m.name
    if tok.pos_ == "PRON":
        return _sole_person_before(tok, mentions)
    return None


def _people_of(prep: Token, mentions: list[Mention]) -> list[str]:
    """The people a preposition's objects name ("for J. D. Drew", "to Lamon Brewster")."""
    return [name for o in prep.children if o.dep_ == "pobj" and (name := _person(o, mentions))]


def _owner(doc: Doc, v: Value, mentions: list[Mention]) -> str:
    """Whose figure or day a value is: the person its noun phrase names ("a five-year contract for J. D. Drew",
    "Drew's contract"), else the person its clause's verb is done to or by ("paying Randy Ayers $2 million",
    "Teixeira is seeking a 10-year contract", "losing to Lamon Brewster in 2004"). Empty where no person is
    named there: most figures (deaths, votes, dates of events) belong to no one person."""
    tok = _anchor(doc, v.start, v.end)
    inside = {tok.i} if tok is not None else set()
    t = tok
    for _ in range(8):
        if t is None:
            return ""
        if t.pos_ in {"VERB", "AUX"}:
            break
        if t is not tok and t.pos_ == "PROPN" and (name := _person(t, mentions)):
            return name  # "Randy Ayers ($2 million)"
        for c in t.children:
            if c.i in inside:
                continue
            if c.dep_ == "poss" and (name := _person(c, mentions)):
                return name
            if c.dep_ == "prep" and c.lower_ in {"for", "of", "to", "by"} and (names := _people_of(c, mentions)):
                return names[0]
        if t.dep_ not in OWNER_ROUTE or t.head is t:
            return ""
        inside.add(t.i)
        t = t.head
    if t is None or t.pos_ not in {"VERB", "AUX"}:
        return ""
    by_dep: dict[str, list[str]] = {}
    for c in t.children:
        if c.i in inside:
            continue
        if c.dep_ in {"dative", "dobj", "nsubjpass", "nsubj"} and (name := _person(c, mentions)):
            by_dep.setdefault(c.dep_, []).append(name)
        if c.dep_ == "dative" and c.pos_ == "ADP":  # "gave a contract to J. D. Drew"
            by_dep.setdefault("dative", []).extend(_people_of(c, mentions))
        if c.dep_ in {"prep", "agent"}:
            by_dep.setdefault("prep", []).extend(_people_of(c, mentions))
    for dep in ("dative", "dobj", "nsubjpass", "nsubj", "prep"):
        if len(by_dep.get(dep, [])) == 1:
            return by_dep[dep][0]
    return ""


ANTECEDENT_WINDOW = 400  # characters before "he", "she", "him" or "her" in which one person, and only one, is named


def _sole_person_before(pron: Token, mentions: list[Mention] | None) -> str | None:
    """The person "he", "she", "him" or "her" refers to where the text just before names one person and no other."""
    if pron.lower_ not in {"he", "she", "him", "her"}:
        return None
    doc = pron.doc

    def speaking(m: Mention) -> bool:  # "..., Lyons said": the source, not who goes on acting
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in SPEECH_VERBS

    before = [
        m for m in mentions or []
        if m.type == "PERSON" and m.end <= pron.idx and pron.idx - m.end <= ANTECEDENT_WINDOW and not speaking(m)
    ]  # fmt: skip
    if len({m.name.split()[-1] for m in before}) != 1:
        return None
    return before[-1].name


def _named_apposition(tok: Token, mentions: list[Mention] | None) -> str | None:
    """The name in apposition to a described subject ("the group's chief executive, Barry Rand, issued")."""
    return next((n for c in tok.children if c.dep_ == "appos" and (n := _named(c, mentions))), None)


def _definite(noun: Token) -> bool:
    """Does a noun name one definite thing ("the investigation", "its fine", "Pneumora-21"), not "an offer"?"""
    return noun.pos_ == "PROPN" or any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in noun.children
    )


def _definite_object(verb: Token) -> bool:
    """Is what a verb acts on one definite thing ("led the investigation"), not "made an offer"?"""
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "attr", "oprd"}), None)
    return obj is not None and _definite(obj)


def _object_of(verb: Token) -> str:
    """What a verb acts on: its object, or the object of its first preposition ("nominated for an Oscar" -> oscar),
    with the words before it that name it ("three heavyweight title belts" -> "heavyweight title belt")."""
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "attr", "oprd"}), None)
    if obj is None:  # the first prepositional object that is not a time ("on Friday") or a where ("in a storm")
        pobjs = [
            o
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ not in WHERE_PREPS
            for o in c.children
            if o.dep_ == "pobj"
        ]
        obj = next((o for o in pobjs if o.ent_type_ not in {"DATE", "TIME"}), None)
    if obj is None:
        return ""
    # the head last, after the words that name it more closely ("West Coast Bank branch" -> "west coast bank branch")
    modifiers = [c.lemma_.lower() for c in obj.lefts if c.dep_ in {"compound", "amod"} and c.pos_ != "DET"]
    return " ".join([*modifiers, obj.lemma_.lower()])


@cache
def _polarity_words() -> dict[str, frozenset[str]]:
    """The negative implicatives of ``data/polarity.tsv``, by form ("verb": refuse, ...; "noun": plan, ...)."""
    out: dict[str, set[str]] = {}
    for line in resources.files(__package__).joinpath("data/polarity.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, word = line.split("\t")[:2]
            out.setdefault(form, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def organisation_nouns() -> frozenset[str]:
    """Nouns that name an organisation as "the <noun>" (``data/organisation_nouns.txt``)."""
    text = resources.files(__package__).joinpath("data/organisation_nouns.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _implied_subject(tok: Token) -> tuple[Token, bool] | None:
    """The subject of a verb that a negative implicative governs, and whether that makes it negative:
    "the group refused to pay" -> (group, True); "did not refuse to pay" -> (group, False);
    "it had no plans to appeal" -> (it, True)."""
    words = _polarity_words()
    head = tok.head
    if tok.lemma_.lower() in SPEECH_VERBS:
        return None  # "declined to say whether": no word on what happened
    if tok.dep_ == "xcomp" and head.lemma_.lower() in words.get("verb", ()):
        subj = subject_of(head, CONJ)
        return (subj, not any(c.dep_ == "neg" for c in head.children)) if subj is not None else None
    if tok.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head  # "no intention of paying"
    elif tok.dep_ != "acl":
        return None
    if head.lemma_.lower() in words.get("noun", ()) and any(
        c.dep_ == "det" and c.lower_ == "no" for c in head.children
    ):
        if head.dep_ == "dobj" and (subj := subject_of(head.head, CONJ)) is not None:
            return subj, True
    return None


UNKNOWN_VOICE = "?"  # someone's words, but whose the sentence does not say: the same as no other voice


def _voice(tok: Token, mentions: list[Mention] | None) -> str:
    """Whose word a clause is: "" where the outlet states it, else the speaker whose reported speech holds it
    ("police said the developer had not been arrested" -> "police"; a spokeswoman of a named organisation
    speaks for it)."""
    t = tok
    for _ in range(6):
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ in {"relcl", "acl"} and not any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"which", "who", "that"} for c in t.children
        ):
            return UNKNOWN_VOICE  # "the idea that he served in Vietnam": what a noun holds, not what happened
        if t.dep_ not in {"ccomp", "xcomp"} or t.head.i == t.i:
            # "The developer had not been arrested, police said": the verb of saying hangs off the clause;
            # "..., according to police"
            for c in t.children:
                if (
                    c.dep_ in {"parataxis", "ccomp"}
                    and c.lemma_.lower() in SPEECH_VERBS
                    and c.i > tok.i
                    and t.lemma_.lower() not in SPEECH_VERBS
                    and not any(g.dep_ in {"ccomp", "dobj", "xcomp"} for g in c.children)  # what it says is t
                ):
                    subj = subject_of(c, CONJ)
                    if subj is None:
                        return UNKNOWN_VOICE
                    if subj.pos_ == "PRON":
                        return _sole_person_before(subj, mentions) or UNKNOWN_VOICE
                    return _named(subj, mentions) or subj.text
                if c.dep_ == "prep" and c.lower_ == "according":
                    obj = next((o for p in c.children for o in p.children if o.dep_ == "pobj"), None)
                    if obj is not None:
                        return _named(obj, mentions) or obj.text
            return ""
        content = t.dep_ == "ccomp"
        t = t.head
        if t.lemma_.lower() in SPEECH_VERBS or content:
            # said, or believed, speculated, showed: someone's words or thoughts, not the outlet's
            subj = subject_of(t, CONJ)
            if subj is not None and subj.pos_ == "PRON":
                return _sole_person_before(subj, mentions) or UNKNOWN_VOICE  # "he said": the one person before
            if subj is None:
                return UNKNOWN_VOICE  # "insisting that ...": whose, the clause does not say
            named = _named(subj, mentions) or _named_apposition(subj, mentions)
            if named is None and subj.pos_ == "NOUN":  # "a Lumen Forge spokeswoman": the organisation's voice
                named = next(
                    (m.name for m in mentions or [] if m.type in {"ORG", "AGENCY", "COURT"}
                     and subj.left_edge.idx <= m.start and m.end <= subj.idx),
                    None,
                )  # fmt: skip
            return named or subj.text
    return ""


def _described(subj: Token, antecedents: list[Mention] | None) -> str | None:
    """The organisation a described subject refers to: "the company" after Vireo Cloud is Vireo Cloud (the
    organisation named last before it; ``data/organisation_nouns.txt`` says which nouns name organisations)."""
    if subj.pos_ != "NOUN" or subj.lemma_.lower() not in organisation_nouns() or not antecedents:
        return None
    left = list(subj.lefts)
    if not left or left[0].lower_ != "the" or any(c.pos_ == "PROPN" for c in subj.subtree):
        return None
    before = [m for m in antecedents if m.end <= subj.idx]
    return before[-1].name if before else None


def _clauses(
    sent: Span, mentions: list[Mention] | None = None, antecedents: list[Mention] | None = None
) -> list[Clause]:
    """(actor, verb lemma, negated, shown, object, voice, definite) of each clause with a subject: "Kernholt said it would
    not appeal" -> ("Kernholt", "appeal", True, ..., "Kernholt"). A pronoun subject of reported speech is the
    speaker; "the company" is the organisation named last before it (``antecedents``: the article's organisations
    in order); "refused to pay" is a negated "pay"; a clause asked about ("whether it would pay") is none."""
    out = []
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ in {"aux", "auxpass"}:
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in tok.children):
            continue
        if tok.lemma_.lower() in SPEECH_VERBS and any(
            c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in {"whether", "if"} for m in c.children)
            for c in tok.children
        ):
            continue  # "did not say whether he will run": a question left open, not a word on what happened
        subj = subject_of(tok, CONJ)
        implied = _implied_subject(tok) if subj is None else None
        if implied is not None:
            subj = implied[0]
        if subj is None:
            continue
        voice = _voice(subj.head if implied is not None else tok, mentions)
        actor = subj.text
        through = ""
        if subj.lower_ in {"which", "who", "that"} and tok.dep_ == "relcl" and subj.head.i == tok.i:
            # "the Federal Railroad Administration, which is leading the inquiry": the noun the clause is about
            subj, through = tok.head, "relative"
        if subj.pos_ == "PRON":
            verb = subj.head  # the verb the pronoun is the subject of ("it had no plans to appeal": had)
            gov = verb.head if verb.dep_ in {"ccomp", "conj"} else None
            while gov is not None and gov.dep_ == "conj":
                gov = gov.head
            if gov is not None and gov.dep_ == "ccomp":
                gov = gov.head
            gsubj = next((c for c in gov.children if c.dep_ == "nsubj"), None) if gov is not None else None
            if gsubj is None or gsubj.pos_ == "PRON":
                # "he" or "she" after one person only: that person; else an unresolved pronoun, compared only
                # between near-identical sentences
                actor = (_sole_person_before(subj, mentions) if gsubj is None else None) or "@" + subj.lower_
            else:
                actor = _named(gsubj, mentions) or sent.doc[gsubj.left_edge.i : gsubj.i + 1].text
        else:
            actor = _named(subj, mentions) or _named_apposition(subj, mentions) or ""
            if not actor and (described := _described(subj, antecedents)):
                actor, through = described, through or "description"
            actor = actor or sent.doc[subj.left_edge.i : subj.i + 1].text
        negated = any(c.dep_ == "neg" for c in tok.children) != (implied is not None and implied[1])
        aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < tok.i]
        first = aux[0].i if aux else tok.i
        if implied is not None:  # "has refused to pay", "had no plans to appeal": shown with what negates it
            first = min(first, subj.i + 1)
        shown = sent.doc[first : tok.i + 1].text
        lemma = tok.lemma_.lower()
        # "it was disappointed and would appeal": a subject borrowed from a passive verb makes the next verb
        # passive only where that verb is passive too ("were arrested and later released")
        if subj.head.i == tok.i:
            passive = subj.dep_ == "nsubjpass"
        else:  # "he remains at large and has not been arrested": passive by its own auxiliary
            passive = any(c.dep_ == "auxpass" for c in tok.children) or (
                subj.dep_ == "nsubjpass" and tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children)
            )
        if passive:
            # "Nichols was sentenced": who it was done to, as the active clause's object reads it too
            shown = f"{actor.lstrip('@')} {shown}"
            out.append(Clause(actor, lemma + PASSIVE, negated, shown, _object_of(tok), voice, through=through))
            agent = next((o for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
            if agent is not None:  # "the recall was ordered by the NVWA": also what the NVWA did, and to what
                doer = (
                    _named(agent, mentions)
                    or _named_apposition(agent, mentions)
                    or _described(agent, antecedents)
                    or sent.doc[agent.left_edge.i : agent.i + 1].text
                )
                names = [c.lemma_.lower() for c in subj.lefts if c.dep_ in {"compound", "amod"} and c.pos_ != "DET"]
                patient = " ".join([*names, subj.lemma_.lower()]) if subj.pos_ in {"NOUN", "PROPN"} else ""
                out.append(Clause(doer, lemma, negated, f"{shown} by {doer}", patient, voice, _definite(subj), "agent"))
            continue
        shown = f"{actor.lstrip('@')} {shown}"
        out.append(Clause(actor, lemma, negated, shown, _object_of(tok), voice, _definite_object(tok), through))
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "PROPN"), None)
        if obj is not None:  # "a judge did not sentence Nichols": also what was (not) done to Nichols
            patient = _named(obj, mentions) or sent.doc[obj.left_edge.i : obj.i + 1].text
            out.append(Clause(patient, lemma + PASSIVE, negated, f"{shown} {patient}", "", voice))
    return out


CONJ = frozenset({"conj"})  # "X resigned and left": the second verb's subject is the first's
PASSIVE = ":done-to"  # a clause read from its patient: ("Nichols", "sentence:done-to", negated)


def _negated(sent: Span) -> bool:
    root = sent.root
    return any(c.dep_ == "neg" for c in root.children)


def _statement(
    article_id: str,
    n: int,
    sent: Span,
    start: int,
    end: int,
    text: str,
    values: list[Value],
    claim: Claim | None,
    mentions: list[Mention] | None = None,
    antecedents: list[Mention] | None = None,
) -> Statement:
    root = sent.root
    verb = root if root.pos_ in {"VERB", "AUX"} else next((t for t in sent if t.pos_ == "VERB"), root)
    masked_spans = [(v.start, v.end) for v in values]
    lemmas = sorted(
        {
            t.lemma_.lower()
            for t in sent
            if t.pos_ in CONTENT_POS
            and not t.is_stop
            and not t.like_num
            and not any(s <= t.idx < e for s, e in masked_spans)
            and t.is_alpha
        }
    )
    # the claim's speech verb ("said") is attribution; the content clause's verb is what happened
    content = verb
    if claim is not None and claim.attribution == "reported":
        comp = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}]
        if comp:
            content = comp[0]
    negated = any(c.dep_ == "neg" for c in content.children) or (claim.negated if claim and content is verb else False)
    masked = []
    pos = start
    for v in sorted(values, key=lambda v: v.start):
        if v.start < pos:
            continue
        masked.append(text[pos : v.start])
        masked.append(MASK[v.kind])
        pos = v.end
    masked.append(text[pos:end])
    actor = next((c for c in content.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return Statement(
        id=f"{article_id}:s{n + 1}",
        article=article_id,
        sentence=n,
        start=start,
        end=end,
        text=text[start:end],
        masked="".join(masked).strip(),
        predicate=content.lemma_.lower(),
        actor=actor.text if actor is not None else None,
        negated=negated,
        attribution=claim.attribution if claim else "asserted",
        source=claim.source if claim else None,
        hedged=claim.hedged if claim else False,
        values=values,
        lemmas=lemmas,
        clauses=_clauses(sent, mentions or [], antecedents),
    )
