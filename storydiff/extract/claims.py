"""Claims: what each sentence asserts, who asserts it, and the comparable slots it fills.

A Claim is one sentence with its actor, action (lemma) and target, whether the outlet
asserts it or reports someone's claim, hedging and negation, and Slots: the values that
comparison lines up across outlets (venue, unit, count, amount, place, date, based, role,
age, law, product, agency). Each Slot carries a ``head``: what the value is about
("dead", "fine", "hearing"), so that only like is compared with like.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from spacy.tokens import Doc, Span, Token

from ..model import Claim, Mention, Slot
from ..nlp.pipeline import DATELINE
from ..resolve.dates import DateRange, month_day, resolve_date
from ..resolve.numbers import parse_amount
from .entities import BASED, holder_key, title_before

LEGAL_NOUNS = {
    "complaint", "lawsuit", "suit", "case", "claim", "accusation", "allegation", "appeal", "action", "petition",
    "challenge", "charge", "charges", "proceedings", "hearing", "trial", "prosecution", "filing", "application",
    "injunction", "motion", "ban", "suspension", "sanction", "inquiry", "inquest", "review", "dispute",
}  # fmt: skip
FILING_WORDS = {
    "file",
    "lodge",
    "bring",
    "make",
    "submit",
    "launch",
    "complaint",
    "lawsuit",
    "suit",
    "claim",
    "appeal",
    "petition",
    "action",
    "accusation",
    "allegation",
    "challenge",
    "application",
    "sue",
    "refer",
    "take",
}
HEARING_WORDS = {"hear", "hearing", "trial", "try", "sit", "argue", "contest", "proceeding", "proceedings", "case"}
LEGAL_VERBS = {"file", "lodge", "bring", "sue", "submit", "hear", "appeal", "rule", "try", "issue", "launch", "make", "present", "challenge", "uphold", "overturn", "dismiss", "reject", "adjourn", "refer", "convict", "sentence"}  # fmt: skip
EVENT_CLASSES = {
    "incident": {"spark", "die", "death", "kill", "explosion", "blast", "explode", "fire", "blaze", "burn", "incident", "accident", "collapse", "crash", "attack", "shooting", "leak", "spill", "derail", "derailment", "disaster", "tragedy", "happen", "occur", "erupt", "break", "detonate", "ignite", "strike", "hit"},
    "breach": {"breach", "hack", "cyberattack", "intrusion", "compromise", "attack", "theft", "steal", "leak", "exfiltrate"},
    "hearing": {"hearing", "hear", "trial", "inquest", "sit", "appeal"},
    "ruling": {"ruling", "rule", "verdict", "decision", "decide", "judgment", "uphold", "overturn"},
    "arrest": {"arrest", "detain", "charge"},
    "deal": {"deal", "acquisition", "acquire", "merger", "merge", "takeover", "buy", "purchase", "sale", "sell"},
    "peak": {"peak", "crest", "crested", "peaked"},
    "announcement": {"announce", "announcement", "unveil", "launch", "release", "publish"},
    "production": {"make", "produce", "manufacture", "assemble", "production", "manufacturing"},
    "recall": {"recall", "withdrawal"},
}  # fmt: skip
COUNT_CLASSES = {
    "dead": {"dead", "die", "kill", "death", "fatality", "body", "bodies", "life", "lives", "victim", "killed", "perish", "fatalities"},
    "injured": {"injure", "injured", "wound", "wounded", "hurt", "injury", "casualty", "hospitalise", "hospitalize", "hospital"},
    "missing": {"missing", "unaccounted"},
    "evacuated": {"evacuate", "evacuated", "evacuee", "displace"},
    "arrested": {"arrest", "arrested", "detain", "detained"},
}  # fmt: skip
# verbs that say the same thing of what is counted ("three tank cars ruptured" / "three were breached");
# verbs that say something else stay apart ("38 cars derailed" is not "three breached")
VERB_CLASSES = {
    "breach": {"breach", "rupture", "puncture", "burst", "crack", "split", "break", "leak"},
    "derail": {"derail", "overturn", "topple", "jump"},
    "destroy": {"destroy", "raze", "demolish", "gut", "flatten", "level", "burn", "lose"},
    "flood": {"flood", "inundate", "swamp", "submerge"},
    "rescue": {"rescue", "save", "airlift", "evacuate"} - {"evacuate"},
    "recall": {"recall", "withdraw"},
    "close": {"close", "shut", "shutter"},
    "cut": {"cut", "axe", "eliminate", "shed", "lay"},
    "hire": {"hire", "recruit", "employ"},
    "test": {"test", "screen", "sample"},
    "charge": {"charge", "indict"},
    "seize": {"seize", "confiscate", "impound"},
    "sell": {"sell", "ship", "supply", "dispense", "distribute"},
    "treat": {"treat", "hospitalise", "hospitalize", "admit"},
    "file": {"file", "lodge", "submit"},
    "sign": {"sign", "ink"},
}  # fmt: skip
MONEY_CLASSES = {
    "penalty": {"fine", "penalty", "settlement", "settle", "sanction", "fined"},
    "ransom": {"ransom", "extortion"},
    "deal": {
        "deal",
        "acquisition",
        "takeover",
        "merger",
        "price",
        "valuation",
        "bid",
        "offer",
        "acquire",
        "buy",
        "purchase",
    },
    "damages": {"damages", "compensation", "payout", "award", "redress"},
}
DEMAND_WORDS = {"demand", "seek", "ask", "request", "propose", "want"}
NOT_COUNTED = {
    "block",
    "street",
    "avenue",
    "road",
    "mile",
    "miles",
    "hour",
    "hours",
    "minute",
    "minutes",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "percent",
    "time",
    "times",
    "round",
    "rounds",
    "metre",
    "metres",
    "meter",
    "meters",
    "foot",
    "feet",
    "kilometre",
    "kilometres",
    "km",
    "mph",
    "degree",
    "degrees",
    "floor",
    "storey",
}
PEOPLE_NOUNS = {
    "people",
    "person",
    "man",
    "men",
    "woman",
    "women",
    "child",
    "children",
    "worker",
    "workers",
    "employee",
    "resident",
    "victim",
    "passenger",
    "student",
    "teenager",
    "teen",
    "boy",
    "girl",
    "adult",
    "officer",
    "firefighter",
    "soldier",
    "civilian",
    "miner",
    "patient",
    "pupil",
    "fan",
    "spectator",
    "member",
    "crew",
    "staff",
    "guest",
    "tourist",
    "pedestrian",
    "driver",
    "casualty",
    "body",
    "life",
    "other",
    "more",
    "dead",
    "injured",
    "wounded",
    "fatality",
}
AFFECTED_NOUNS = {
    "people",
    "person",
    "individual",
    "patient",
    "customer",
    "user",
    "record",
    "account",
    "member",
    "client",
    "employee",
    "student",
    "resident",
    "passenger",
    "file",
}
AFFECTED_VERBS = {
    "expose",
    "compromise",
    "steal",
    "affect",
    "leak",
    "breach",
    "access",
    "impact",
    "hack",
    "exfiltrate",
    "notify",
}
DURATION = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty|\w+-and-a-half)[- ](year|month|week|day)s?\b(?!-old|\s+old)",
    re.I,
)
YEAR_OLD = re.compile(r"\b(\d{1,3})-year-old\b")
REVISING_VERBS = {
    "reduce",
    "cut",
    "extend",
    "increase",
    "lengthen",
    "shorten",
    "halve",
    "double",
    "overturn",
    "replace",
    "commute",
    "lower",
    "raise",
}
SANCTIONS = {
    "ban",
    "suspension",
    "suspend",
    "sentence",
    "jail",
    "prison",
    "imprisonment",
    "bar",
    "exclusion",
    "disqualification",
    "banned",
    "probation",
}
OBJECT_SYNONYMS = {
    "takeover": "deal",
    "acquisition": "deal",
    "merger": "deal",
    "purchase": "deal",
    "bid": "deal",
    "transaction": "deal",
    "sale": "deal",
    "responsibility": "liability",
    "blame": "liability",
    "fault": "liability",
    "wrongdoing": "liability",
    "demand": "ransom",
    "accusation": "allegation",
    "claim": "allegation",
    "charge": "allegation",
}
REGULATOR_NOUNS = {"regulator", "watchdog", "authority", "commission", "agency"}
REGULATOR = "<regulator>"
BASED_IN = re.compile(
    r"\b(?:based|headquartered|registered|incorporated)\s+in\s+((?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
NEGATING_VERBS = {"refuse", "decline", "fail", "reject"}
MONEY_TOPICS = [
    "fine", "penalty", "settlement", "damages", "compensation", "ransom", "deal", "acquisition", "takeover",
    "merger", "price", "valuation", "bid", "offer", "investment", "funding", "loss", "losses", "cost",
    "revenue", "profit", "salary", "bonus", "budget", "bail", "award", "payout", "fee", "contract", "grant",
]  # fmt: skip
ATTRIBUTION = re.compile(
    r"\b(?:according to|alleges?|alleged|claims?(?: that)?|said|says|told|reportedly|sources?|it is understood|"
    r"believed to|is said to|are said to|documents? (?:show|seen)|asserts?|insists?|accuses?|accused)\b",
    re.I,
)
HEDGES = re.compile(
    r"\b(?:allegedly|reportedly|apparently|could|may|might|possibly|potentially|if proven|if true|suspected|believed|thought to|likely|unconfirmed|understood to|appears? to|seems? to|would)\b",
    re.I,
)
DENIAL_VERBS = {"deny", "reject", "dispute", "refute", "dismiss", "rebut", "contest"}
ADMIT_VERBS = {"admit", "confirm", "accept", "acknowledge", "concede"}
POLARITY_VERBS = (
    DENIAL_VERBS
    | ADMIT_VERBS
    | {
        "accept",
        "file",
        "plead",
        "pay",
        "agree",
        "approve",
        "resign",
        "appeal",
        "sign",
        "withdraw",
        "find",
        "cause",
        "know",
        "access",
        "receive",
        "breach",
        "violate",
    }
)
AGE = re.compile(r"^,\s*(\d{1,3})\s*,")


def _class_of(word: str, classes: dict[str, set[str]]) -> str | None:
    """The class a word belongs to in one of the word-class tables below, or None."""
    return next((cls for cls, words in classes.items() if word in words), None)


def _event_class(lemma: str) -> str | None:
    return _class_of(lemma, EVENT_CLASSES)


# head nouns that make an organisation's name say what kind it is
INSTITUTIONS = {"hospital", "university", "college", "school", "police", "council", "court", "bank", "club", "airport", "airline", "union", "party", "trust", "foundation", "ministry", "department", "service", "agency", "commission", "board"}  # fmt: skip
LIGHT_EVENT_VERBS = {"make", "carry", "conduct", "hold", "stage", "perform", "undergo", "suffer", "launch"}
LIGHT_VERBS = {"cover", "include", "involve", "affect", "span", "concern", "comprise", "encompass", "extend"}
IRREALIS = {"require", "propose", "plan", "want", "urge", "demand", "intend", "hope", "aim", "expect", "force", "order", "would", "could", "should", "may", "might", "must", "will", "shall"}  # fmt: skip


def _irrealis(verb: Token) -> bool:
    """A verb for what is wanted, required or possible, not what happened."""
    if any(c.dep_ == "aux" and c.lower_ in IRREALIS for c in verb.children):
        return True
    node = verb
    for _ in range(2):
        if node.dep_ not in {"xcomp", "ccomp", "advcl"} or node.head is node:
            return False
        node = node.head
        if node.lemma_.lower() in IRREALIS or any(c.dep_ == "aux" and c.lower_ in IRREALIS for c in node.children):
            return True
    return False


def _only_dateline(text: str) -> bool:
    m = DATELINE.match(text + " A")
    return m is not None and m.end() >= len(text)


def _state_clause(tok: Token) -> bool:
    """The clause around ``tok`` describes a state that still holds ("was still not contained on Thursday",
    "remained closed on Monday"), not an event."""
    node = tok
    for _ in range(5):
        if node.head is node:
            break
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            kids = list(node.children)
            if node.lemma_.lower() in {"be", "remain", "stay", "continue"} and not any(
                c.dep_ == "auxpass" for c in kids
            ):
                return True
            return any(c.dep_ in {"advmod", "neg"} and c.lower_ in {"still", "not", "n't", "yet"} for c in kids)
    return False


# nouns that count the same things ("43 homes destroyed" / "43 houses destroyed")
NOUN_CLASSES = {
    "home": {"home", "house", "dwelling", "residence"},
    "worker": {"worker", "employee", "staffer", "staff"},
    "passenger": {"passenger", "traveller", "traveler"},
    "firefighter": {"firefighter", "fireman", "firefighters"},
    "hectare": {"hectare", "ha"},
}  # fmt: skip


def _noun_class(lemma: str) -> str:
    return _class_of(lemma, NOUN_CLASSES) or lemma


def _verb_class(lemma: str) -> str:
    """One verb for verbs that report the same thing about a counted noun ("ruptured" = "breached")."""
    return _class_of(lemma, VERB_CLASSES) or lemma


def _count_class(words: list[str]) -> str | None:
    return next((cls for w in words if (cls := _class_of(w, COUNT_CLASSES))), None)


ACTOR_TYPES = frozenset({"ORG", "PERSON", "AGENCY", "COURT"})  # what can be a named actor


class ClaimExtractor:
    def __init__(
        self, doc: Doc, article_id: str, mentions: list[Mention], published: str | None, text: str | None = None
    ) -> None:
        self.doc = doc
        self.text = text if text is not None else doc.text  # the article text (the Doc's has straight quotes)
        self.article = article_id
        self.mentions = mentions
        self.published = published
        self._by_sentence: dict[int, list[Mention]] | None = None
        self._plain: str | None = None
        self._by_token: dict[frozenset[str] | None, dict[int, Mention]] = {}

    def claims(self) -> list[Claim]:
        out = []
        for n, sent in enumerate(self.doc.sents):
            start, end = _trim_sentence(self.text, sent.start_char, sent.end_char)
            if end - start < 3 or _only_dateline(self.text[start:end]):
                continue  # too short, or only a dateline ("PRAIRIE DU CHIEN, Wis. —")
            root = sent.root
            verb = root if root.pos_ in {"VERB", "AUX"} else next((t for t in sent if t.pos_ == "VERB"), root)
            actor = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            target = next((c for c in verb.children if c.dep_ in {"dobj", "attr", "pobj"}), None)
            claim = Claim(
                id=f"{self.article}:c{n + 1}",
                article=self.article,
                text=self.text[start:end],
                start=start,
                end=end,
                actor=self._entity_name(actor) if actor is not None else None,
                action=verb.lemma_.lower(),
                target=self._entity_name(target) if target is not None else None,
                sentence=n,
            )
            src = ATTRIBUTION.search(sent.text)
            if src:
                claim.attribution = "reported"
                claim.source = self._attribution_source(sent)
            claim.hedged = bool(HEDGES.search(sent.text))
            claim.negated = any(c.dep_ == "neg" for c in verb.children) or verb.lemma_ in DENIAL_VERBS
            claim.slots = self.slots(sent, n)
            out.append(claim)
        return out

    # ------------------------------------------------------------------ slots
    def _mentions_by_sentence(self) -> dict[int, list[Mention]]:
        """This article's mentions by sentence number, in their order (indexed once: long articles)."""
        if self._by_sentence is None:
            self._by_sentence = {}
            for m in self.mentions:
                if m.article == self.article:
                    self._by_sentence.setdefault(m.sentence, []).append(m)
        return self._by_sentence

    def _mention_at(self, types: frozenset[str] | None = None) -> dict[int, Mention]:
        """The first mention (in list order; of one of ``types`` if given) over each token start (indexed once:
        long articles)."""
        if types not in self._by_token:
            starts = [t.idx for t in self.doc]
            at: dict[int, Mention] = {}
            for m in self.mentions:
                if types is None or m.type in types:
                    for idx in starts[bisect_left(starts, m.start) : bisect_left(starts, m.end)]:
                        at.setdefault(idx, m)
            self._by_token[types] = at
        return self._by_token[types]

    def _doc_text(self) -> str:
        """The Doc's text (spaCy joins it from the tokens on every access, so once)."""
        if self._plain is None:
            self._plain = self.doc.text
        return self._plain

    def slots(self, sent: Span, n: int) -> list[Slot]:
        ms = self._mentions_by_sentence().get(n, [])
        lemmas = {t.lemma_.lower() for t in sent}
        out: list[Slot] = []
        legal = sorted(lemmas & LEGAL_NOUNS)
        legal_verbs = lemmas & LEGAL_VERBS
        for m in ms:
            tok = self._token(m)
            if tok is None:
                continue
            if m.type == "COURT" and (legal or legal_verbs) and m.text[:1].isupper():
                role = self._venue_role(tok)
                if role:
                    out.append(self._slot("venue", m, value=m.name, head=role))
            elif m.type == "ORG" and m.parent and self._is_actor(tok, m):
                unit = m.name.split("'s ", 1)[-1]
                out.append(self._slot("unit", m, value=unit, head=m.parent))
            elif m.type == "QUANTITY":
                slot = self._count_slot(m, tok, sent)
                if slot:
                    out.append(slot)
            elif m.type == "MONEY":
                slot = self._money_slot(m, sent)
                if slot:
                    out.append(slot)
            elif m.type == "PLACE":
                if any(o.type == "PLACE" and self.text[o.end : m.start] == ", " for o in ms):
                    continue  # "Liverpool" in "Speke, Liverpool": said with the place before it
                ev = self._event_for(tok)
                if ev in {"deal", "announcement"}:
                    ev = None  # where a deal was "made" is rarely what a place in its sentence says
                if ev and not self._inside_name(m):
                    slot = self._slot("place", m, value=m.name, head=ev)
                    outer = next((o for o in ms if o.type == "PLACE" and o.start == m.end + 2), None)
                    if outer is not None and self.text[m.end : outer.start] == ", ":
                        # "Speke, Liverpool": the text says where the place lies
                        slot.value = f"{m.name}, {outer.name}"
                        slot.end, slot.text = outer.end, self.text[m.start : outer.end]
                    out.append(slot)
            elif m.type == "DATE" and DURATION.search(m.text) and {t.lemma_.lower() for t in sent} & SANCTIONS:
                months = _months(m.text)
                if months is not None:
                    out.append(self._slot("duration", m, value=months, head=self._sanction_stage(m, sent)))
            elif m.type == "DATE":
                ev = self._event_for(tok, fallback=True)
                if re.search(
                    r"\b(?:since|until|till|before|by|from)\s+(?:the\s+)?$",
                    self.text[max(0, m.start - 12) : m.start],
                    re.I,
                ):
                    ev = None  # "since 2018", "by Friday": the edge of a period, not when the event happened
                rng: DateRange | str | None = resolve_date(m.text, self.published)
                if rng is None and not self.published:
                    rng = month_day(m.text)  # no publication date to give it a year: kept as written
                if ev and rng is not None:
                    out.append(self._slot("date", m, value=str(rng), head=ev))
                    when = self._when_clause(tok)
                    when_ev = self._verb_event(when) if when is not None else None
                    if when_ev and when_ev != ev:
                        out.append(self._slot("date", m, value=str(rng), head=when_ev))
                elif rng is not None:
                    out.append(self._slot("date_any", m, value=str(rng), head=None))
            elif m.type in {"LAW", "PRODUCT", "AGENCY", "COURT"}:
                out.append(self._slot(m.type.lower(), m, value=m.name, head=None))
            if m.type in {"ORG", "PERSON", "PRODUCT"}:
                for based_place, b_start, b_end in self._based(m):
                    out.append(Slot("based", based_place, b_start, b_end, value=based_place, head=m.name))
            if m.type == "PERSON":
                name_span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                title = (title_before(name_span) if name_span is not None else None) or m.role
                holder = holder_key(title)
                if holder:  # who holds a qualified title: "NAACP President Ben Jealous"
                    out.append(Slot("holder", m.text, m.start, m.end, value=m.name, head=f"{holder}|{title}"))
                if m.role and m.role.lower().rstrip(".") not in {
                    "mr",
                    "mrs",
                    "ms",
                    "dr",
                    "lord",
                    "lady",
                    "sir",
                    "dame",
                    "professor",
                }:
                    plain = self._doc_text()  # the role came from the Doc: straight quotes, same offsets
                    rs = plain.find(m.role, m.end)
                    if not 0 <= rs < m.end + 40:
                        rs = plain.rfind(m.role, max(0, m.start - len(m.role) - 3), m.start)
                    if 0 <= rs < m.end + 40:
                        shown = self.text[rs : rs + len(m.role)]
                        out.append(Slot("role", shown, rs, rs + len(m.role), value=m.role, head=m.name))
                age = AGE.match(self.text[m.end : m.end + 8])
                if age:
                    a_s = m.end + age.start(1)
                    out.append(
                        Slot("age", age.group(1), a_s, a_s + len(age.group(1)), value=int(age.group(1)), head=m.name)
                    )
        one = self._single_casualty(sent)
        if one is not None:
            out.append(one)
        for ym in YEAR_OLD.finditer(sent.text):
            a_s = sent.start_char + ym.start(1)
            after = [m for m in ms if m.type == "PERSON" and 0 <= m.start - (sent.start_char + ym.end()) <= 40]
            before = [
                m
                for m in ms
                if m.type == "PERSON"
                and m.end <= sent.start_char + ym.start()
                and re.fullmatch(r",\s+(?:a|an|the)\s+", self.text[m.end : sent.start_char + ym.start()])
            ]
            person = (after or before)[0] if (after or before) else None
            # an unnamed "27-year-old man" keeps his age, but is never compared (no head)
            out.append(
                Slot(
                    "age",
                    ym.group(1),
                    a_s,
                    a_s + len(ym.group(1)),
                    value=int(ym.group(1)),
                    head=person.name if person is not None else None,
                )
            )
        for bm in BASED_IN.finditer(sent.text):
            owner = [
                m
                for m in ms
                if m.type in {"ORG", "AGENCY", "PERSON"} and m.end <= sent.start_char + bm.start() and not m.parent
            ]
            if owner:
                p_start = sent.start_char + bm.start(1)
                place = re.sub(r"^the\s+", "", bm.group(1))
                p_start += len(bm.group(1)) - len(place)
                out.append(Slot("based", place, p_start, p_start + len(place), value=place, head=owner[-1].name))
        polarity = self._polarity(sent)
        if polarity:
            out.append(polarity)
        return out

    def _slot(self, kind: str, m: Mention, value: object, head: str | None) -> Slot:
        return Slot(kind, m.text, m.start, m.end, value=value, head=head)

    def _token(self, m: Mention) -> Token | None:
        """The token that attaches a mention to the sentence (its first noun whose head lies outside it)."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        outside = [t for t in span if not (span.start <= t.head.i < span.end)]
        nouns = [t for t in outside if t.pos_ in {"NOUN", "PROPN", "NUM"}]
        return (nouns or outside or [span.root])[0]

    def _entity_name(self, tok: Token) -> str:
        m = self._mention_at().get(tok.idx)
        if m is not None:
            return m.name
        span = self.doc[tok.left_edge.i : tok.right_edge.i + 1]
        return span.text if len(span) <= 8 else tok.text

    def _attribution_source(self, sent: Span) -> str | None:
        for tok in sent:
            if tok.lower_ == "according":
                pobj = [t for t in tok.subtree if t.dep_ == "pobj"]
                if pobj:
                    return self.doc[pobj[0].left_edge.i : pobj[0].right_edge.i + 1].text
            if tok.lemma_ in {"allege", "claim", "say", "accuse", "assert", "insist"} and tok.pos_ == "VERB":
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                if subj:
                    return self.doc[subj[0].left_edge.i : subj[0].i + 1].text
        return None

    def _single_casualty(self, sent: Span) -> Slot | None:
        """ "A man was shot and killed": one dead (or injured), though no number is written."""
        for tok in sent:
            lemma = tok.lemma_.lower()
            cls = (
                "dead"
                if lemma in {"kill", "die", "fatally"}
                else "injured"
                if lemma in {"injure", "wound", "hospitalize", "hospitalise"}
                else None
            )
            if cls is None or tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None and tok.dep_ == "conj":
                subj = next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None or subj.lemma_.lower() not in PEOPLE_NOUNS - {
                "people",
                "other",
                "more",
                "dead",
                "injured",
                "wounded",
            }:
                continue
            det = next((c for c in subj.children if c.dep_ == "det"), None)
            if det is None or det.lower_ not in {"a", "an", "one"} or subj.tag_ in {"NNS", "NNPS"}:
                continue
            start = det.idx
            end = subj.idx + len(subj.text)
            return Slot("count", self.text[start:end], start, end, value=[1.0, 1.0, True], head=cls)
        return None

    def _sanction_stage(self, m: Mention, sent: Span) -> str:
        """ "reduced to two years" is the revised sanction, "his four-year ban was reduced" the original one."""
        revising = {t.lemma_.lower() for t in sent} & REVISING_VERBS
        if not revising:
            return "sanction"
        before = self.text[max(sent.start_char, m.start - 12) : m.start].lower()
        return "sanction|revised" if re.search(r"\b(?:to|at)\s+(?:just\s+|only\s+)?$", before) else "sanction|original"

    def _venue_role(self, tok: Token) -> str | None:
        """ "filed with / made in / lodged at X" -> "filed|complaint"; "heard in/by X" -> "heard|appeal"; else None."""
        node = tok
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        if node.dep_ != "pobj" or node.head.lower_ not in {"with", "in", "before", "at", "to", "into"}:
            return None
        gov = node.head.head
        lemma = gov.lemma_.lower()
        noun = None
        for cand in [gov, *gov.children, gov.head, *gov.head.children]:
            if cand.lemma_.lower() in LEGAL_NOUNS and cand.pos_ == "NOUN":
                noun = cand.lemma_.lower()
                break
        if lemma in FILING_WORDS:
            return f"filed|{noun or ('appeal' if lemma == 'appeal' else 'case')}"
        if lemma in HEARING_WORDS:
            return f"heard|{noun or 'case'}"
        return None

    def _legal_noun(self, sent: Span) -> str | None:
        for tok in sent:
            if tok.lemma_.lower() in LEGAL_NOUNS and tok.pos_ == "NOUN":
                return tok.lemma_.lower()
        return None

    def _prep_head(self, m: Mention) -> str | None:
        before = self.text[max(0, m.start - 20) : m.start].lower().split()
        while before and before[-1] in {"the", "a", "an", "uk's", "us"}:
            before.pop()
        return before[-1] if before else None

    def _is_actor(self, tok: Token, m: Mention) -> bool:
        """A sub-unit that did something (subject of a non-speech verb, or "by X"), not one that spoke."""
        from .quotes import SPEECH_VERBS

        head = tok
        while head.dep_ in {"compound", "poss", "amod"} and head.head is not head:
            head = head.head
        if head.dep_ in {"nsubj", "nsubjpass"}:
            return head.head.lemma_.lower() not in SPEECH_VERBS
        if head.dep_ == "pobj" and head.head.lower_ == "by":
            return True
        return False

    def _count_slot(self, m: Mention, tok: Token, sent: Span) -> Slot | None:
        if re.search(r"%|per ?cent|percent", m.text):
            return None
        if re.fullmatch(r"(?:19|20)\d\d", m.text.strip()):
            return None  # a year
        amount = parse_amount(m.text, self.text[max(0, m.start - 40) : m.start])
        if amount is None:
            return None
        # what is counted: the noun the number modifies, its verb, or the words right after it
        noun = tok.head if tok.dep_ in {"nummod", "quantmod"} else tok
        if noun.lemma_.lower() in NOT_COUNTED or any(t.lower_ in NOT_COUNTED for t in self.doc[tok.i + 1 : tok.i + 2]):
            return None  # "the 1200 block of Main Street", "three hours", "five years"
        if noun.lemma_.lower() == "point" and any(t.lower_ in {"percentage", "basis"} for t in noun.children):
            return None  # "three percentage points"
        words = [noun.lemma_.lower(), noun.lower_]
        verb = (
            noun.head
            if noun.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "npadvmod", "dative", "oprd"}
            else None
        )
        if verb is not None and verb.dep_ == "prep":
            verb = verb.head
        if verb is None:  # "Five tank cars ruptured ..." parsed as a noun with a reduced relative clause
            verb = next((c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"), None)
        after = [t.lemma_.lower() for t in self.doc[tok.i + 1 : min(tok.i + 4, sent.end)]]
        cls = _count_class(words + after[:2] + ([verb.lemma_.lower()] if verb is not None else []))
        if (
            cls
            and noun is not tok
            and noun.pos_ == "NOUN"
            and noun.lemma_.lower() not in PEOPLE_NOUNS
            and _count_class(words) is None
        ):
            cls = None  # "four schools were closed after the blast killed ...": schools are not the dead
        if cls:
            return Slot("count", m.text, m.start, m.end, value=[amount.low, amount.high, amount.exact], head=cls)
        sent_lemmas = {t.lemma_.lower() for t in sent}
        if any(
            t.lower_ in {"familiar", "close", "briefed", "knowledgeable"} for t in self.doc[noun.i + 1 : noun.i + 3]
        ):
            return None  # "two people familiar with the matter": sources, not a count
        if noun.lemma_.lower() in AFFECTED_NOUNS and sent_lemmas & AFFECTED_VERBS:
            return Slot("count", m.text, m.start, m.end, value=[amount.low, amount.high, amount.exact], head="affected")
        if noun is tok or noun.pos_ != "NOUN":
            return None
        key = _noun_class(noun.lemma_.lower())
        if verb is not None and verb.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ == "of":
            key += "|" + _verb_class(verb.lemma_.lower())  # "the recall of seven batches"
        elif verb is not None and verb.pos_ == "VERB":
            lemma = verb.lemma_.lower()
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if lemma in LIGHT_VERBS and subj is not None and subj.pos_ == "NOUN":
                lemma = subj.lemma_.lower()  # "the recall covers 11 batches": batches recalled
            key += "|" + _verb_class(lemma)
        else:
            return None
        return Slot("count", m.text, m.start, m.end, value=[amount.low, amount.high, amount.exact], head=key)

    def _money_slot(self, m: Mention, sent: Span) -> Slot | None:
        start, end = m.start, m.end
        # the small model sometimes leaves the currency sign or the scale outside the span ("$2.4m")
        lead = re.search(r"(?:[A-Z]{1,2})?[$£€¥₹]\s?$", self.text[max(0, start - 4) : start])
        if lead:
            start -= len(lead.group(0))
        tail = re.match(r"\s?(?:bn|mn|m|k|billion|million|thousand)\b", self.text[end : end + 10])
        if tail and not re.search(r"(?:bn|m|k|billion|million|thousand)$", self.text[start:end]):
            end += len(tail.group(0))
        text = self.text[start:end]
        amount = parse_amount(text, self.text[max(0, start - 40) : start])
        if amount is None or amount.currency is None:
            return None  # "38 per cent" is not an amount of money
        after = self.text[end : end + 40].lower()
        if re.match(
            r"\s*(?:per|a|for each)\s+(?:share|unit|barrel|tonne|ton|head|person|hour|month|year|week)\b", after
        ):
            return None  # a price per share or a rate, not the total
        noun = re.match(
            r"\s*(?:[a-z-]+\s+)?(loan|bond|facility|dividend|bonus|grant|fund|budget|salary|fee|fees|payment|investment|debt|loss|profit|revenue)s?\b",
            after,
        )
        if noun:  # "a £2.5bn bridge loan": the amount of the loan
            return Slot(
                "amount", text, start, end, value=[amount.low, amount.high, amount.exact, amount.currency],
                head=noun.group(1),
            )  # fmt: skip
        best, dist = None, 10**9
        for t in sent:
            lemma = t.lemma_.lower()
            for cls, words in MONEY_CLASSES.items():
                if (lemma in words or t.lower_ in words) and t.pos_ in {
                    "NOUN",
                    "VERB",
                    "ADJ",
                }:  # "fined" is lemmatised "fin"
                    d = abs(t.idx - start)
                    if d < dist:
                        best, dist = cls, d
        if best is None:
            return None
        if {t.lemma_.lower() for t in sent} & DEMAND_WORDS:
            best += " demanded"
        return Slot(
            "amount", text, start, end, value=[amount.low, amount.high, amount.exact, amount.currency], head=best
        )

    def _event_for(self, tok: Token, fallback: bool = False) -> str | None:
        """The event a place or date is attached to: "an explosion tore through a depot in Immingham" -> "incident"."""
        from .quotes import SPEECH_VERBS

        if fallback and _state_clause(tok):
            return None  # "was still out of control on Tuesday": a state on that day, not when it happened
        node = tok
        for _ in range(7):
            if node.head is node:
                break
            node = node.head
            lemma = node.lemma_.lower()
            if lemma in LIGHT_EVENT_VERBS and node.tag_ != "VBN":
                # "made an emergency landing at X": the event is the landing, not a making
                obj = next((c for c in node.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
                if obj is not None:
                    return _event_class(obj.lemma_.lower()) or obj.lemma_.lower()
            cls = _event_class(lemma)
            if cls:
                return cls
            if node.pos_ == "VERB":
                if lemma in SPEECH_VERBS:
                    return None
                for c in node.children:
                    if c.dep_ in {"nsubj", "nsubjpass", "dobj"}:
                        cls = _event_class(c.lemma_.lower())
                        if cls:
                            return cls
            if node.pos_ in {"VERB", "NOUN"} and lemma in LEGAL_NOUNS | {
                "inspection",
                "meeting",
                "summit",
                "vote",
                "election",
                "match",
                "race",
                "game",
                "conference",
            }:
                return lemma
            if node.pos_ == "VERB" and fallback:
                return self._verb_event(node)
        return None

    def _verb_event(self, verb: Token) -> str | None:
        """A date's event by its verb and what it acts on ("lifted the evacuation order" and "the order was
        lifted" are one event, whoever lifted it), else by its verb and actor."""
        lemma = verb.lemma_.lower()
        if _irrealis(verb):
            return None  # "a bill requiring providers to notify patients within 30 days": nothing happened
        patient = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.pos_ == "NOUN"), None)
        if patient is None and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            patient = verb.head  # "the order, lifted on Tuesday"
        if patient is not None and _event_class(patient.lemma_.lower()):
            return _event_class(patient.lemma_.lower())  # "the recall, issued on 6 March": the recall's date
        lemma = _verb_class(lemma)
        if patient is not None:
            return f"{lemma}|@{patient.lemma_.lower()}"
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            return f"{lemma}|{self._actor(subj) or subj.lemma_.lower()}"
        return None

    def _when_clause(self, tok: Token) -> Token | None:
        """ "returned Wednesday, when officials lifted the order": the verb of the when-clause (same time)."""
        node = tok
        for _ in range(4):
            for c in node.children:  # "Feb. 4, when officials lifted ..." hangs the clause on the date itself
                if (
                    c.dep_ in {"advcl", "relcl", "acl"}
                    and c.pos_ == "VERB"
                    and any(g.lower_ == "when" for g in c.children)
                ):
                    return c
            if node.pos_ in {"VERB", "AUX"} or node.head is node:
                return None
            node = node.head
        return None

    def _inside_name(self, m: Mention) -> bool:
        return any(
            o is not m and o.start <= m.start and m.end <= o.end and o.type in {"COURT", "AGENCY", "ORG", "LAW"}
            for o in self.mentions
        )

    def _based(self, m: Mention) -> list[tuple[str, int, int]]:
        out = []
        window_start = max(0, m.start - 60)
        window = self.text[window_start : m.end + 80]
        for bm in BASED.finditer(window):
            if re.search(r"['’‘]s\b", bm.group(1)):
                continue  # "Anthropic's London-based servers": the servers are London-based
            place = bm.group(1).split()[-2:] if len(bm.group(1).split()) > 2 else bm.group(1).split()
            place_s = " ".join(w for w in place if w.lower() != "the") or " ".join(place)
            abs_start = window_start + bm.start(1) + bm.group(1).rfind(place_s)
            # the descriptor must belong to this mention: "US-based Anthropic", "Anthropic, the US-based startup"
            between = self.text[min(abs_start, m.start) : max(abs_start, m.end)]
            if abs_start < m.start and re.search(r"[.;]|\band\b", self.text[abs_start : m.start]):
                continue
            if abs_start > m.end and not re.match(r"^,\s+(?:the|a|an)\s+[\w\s-]*$", self.text[m.end : abs_start]):
                continue
            if abs_start < m.start and len(self.text[abs_start : m.start].split()) > 6:
                continue
            if "'s" in between or "’s" in between:
                continue
            out.append((place_s, abs_start, abs_start + len(place_s)))
        return out

    def _actor(self, tok: Token) -> str | None:
        """The named actor behind a subject: a mention, or "the company"/"it" resolved to the last organisation."""
        m = self._mention_at(ACTOR_TYPES).get(tok.idx)
        if m is not None:
            return m.name
        word = tok.lower_
        if word in REGULATOR_NOUNS:
            return REGULATOR  # resolved story-wide to the story's regulator (compare)
        if word in {
            "it",
            "they",
            "company",
            "firm",
            "group",
            "operator",
            "business",
            "club",
            "federation",
            "hospital",
            "network",
            "chain",
            "airline",
            "carrier",
            "railroad",
            "railway",
            "drugmaker",
            "manufacturer",
            "maker",
            "insurer",
            "bank",
            "lender",
            "retailer",
            "startup",
            "council",
            "agency",
            "regulator",
        }:
            kinds = {"ORG", "AGENCY"}
        elif word in {"he", "she"}:
            kinds = {"PERSON"}
        else:
            return None
        before = [m for m in self.mentions if m.end <= tok.idx and m.type in kinds and not m.parent]
        if not before:
            return None
        if word in {"it", "they", "he", "she"}:
            return before[-1].name  # a pronoun: the nearest
        # "the airline", "the club": not an organisation named as another kind ("Queen Elizabeth Hospital");
        # one described with that word if any, else the one the article is about (named most often so far)
        before = [m for m in before if m.name.split()[-1].lower() not in INSTITUTIONS - {word}] or before
        described = [m for m in before if any(word in d.lower().split() for d in m.descriptors)]
        if described:
            return described[-1].name
        counts = Counter(m.name for m in before)
        first: dict[str, int] = {}
        for m in before:
            first.setdefault(m.name, m.start)
        return max(counts, key=lambda name: (counts[name], -first[name]))  # ties: the one introduced first

    def _polarity(self, sent: Span) -> Slot | None:
        """ "X denied liability" / "X accepted responsibility" / "X did not pay a ransom" / "X refused to pay"."""
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or lemma not in POLARITY_VERBS:
                continue
            obj = next((c for c in tok.children if c.dep_ in {"dobj", "acomp"}), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            negated = any(c.dep_ == "neg" for c in tok.children)
            governor = tok.head if tok.dep_ == "xcomp" else None
            if subj is None and governor is not None:
                subj = next((c for c in governor.children if c.dep_ == "nsubj"), None)
                if governor.lemma_.lower() in NEGATING_VERBS:
                    negated = not negated
                negated = negated or any(c.dep_ == "neg" for c in governor.children)
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if obj is None and subj is not None and clause is not None and lemma in DENIAL_VERBS | ADMIT_VERBS:
                slot = self._clause_polarity(tok, subj, clause, negated)
                if slot is not None:
                    return slot
                continue
            if subj is None or obj is None:
                continue
            actor = self._actor(subj)
            if actor is None:
                continue
            predicate, positive = lemma, not negated
            if lemma in DENIAL_VERBS:
                predicate, positive = "admit", negated
            elif lemma in ADMIT_VERBS:
                predicate = "admit"
            if lemma == "plead":
                positive = not any(c.dep_ == "neg" for c in obj.children) and not negated
            target = OBJECT_SYNONYMS.get(obj.lemma_.lower(), obj.lemma_.lower())
            start_tok = governor if governor is not None and governor.i < tok.i else tok
            for c in start_tok.children:
                if c.dep_ in {"aux", "neg", "auxpass"} and c.i < start_tok.i:
                    start_tok = c
                    break
            end_tok = obj if obj.dep_ == "acomp" else obj
            text = self.doc[start_tok.i : end_tok.i + 1].text
            return Slot(
                "polarity",
                text,
                start_tok.idx,
                end_tok.idx + len(end_tok.text),
                value=positive,
                head=f"{actor}|{predicate}|{target}",
            )
        return None

    def _clause_polarity(self, verb: Token, subj: Token, clause: Token, negated: bool) -> Slot | None:
        """ "X confirmed that a detector had alerted the crew" / "X denied that any detector sent an alarm":
        whether X says the thing happened, keyed by X (a spokesperson speaks for their organisation) and
        by what the clause is about (its subject)."""
        actor = self._speaks_for(subj) or self._actor(subj)
        about = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if actor is None or about is None or about.pos_ not in {"NOUN", "PROPN"}:
            return None
        positive = verb.lemma_.lower() in ADMIT_VERBS
        inner_negated = any(c.dep_ == "neg" for c in clause.children) or any(
            c.lower_ in {"no", "none", "never"} for c in about.children
        )
        if negated != inner_negated:
            positive = not positive
        start_tok = verb
        for c in verb.children:
            if c.dep_ in {"aux", "neg"} and c.i < verb.i:
                start_tok = c
                break
        end = self.doc[min(clause.right_edge.i, verb.i + 12)]  # the value shown: "denied that any detector ..."
        if clause.i < verb.i:  # "X will appeal, the club confirmed": the verb alone
            start_tok, end = verb, verb
        return Slot(
            "polarity",
            self.doc[start_tok.i : end.i + 1].text,
            start_tok.idx,
            end.idx + len(end.text),
            value=positive,
            head=f"{actor}|confirm|{about.lemma_.lower()}",
        )

    def _speaks_for(self, subj: Token) -> str | None:
        """The organisation a spokesperson or an executive speaks for ("Orlan spokeswoman Dana Whitlock",
        "Dana Whitlock, a spokeswoman for Orlan"); None for anyone else."""
        person = next((m for m in self.mentions if m.start <= subj.idx < m.end and m.type == "PERSON"), None)
        if person is None:
            return None
        before = self.text[max(0, person.start - 80) : person.start]
        after = self.text[person.end : person.end + 100]
        orgs = [m for m in self.mentions if m.type in {"ORG", "AGENCY"} and not m.parent]
        m_before = re.search(rf"({SPEAKER_ROLES})\s*,?\s*$", before, re.I)
        if m_before:
            org = next(
                (
                    o
                    for o in reversed(orgs)
                    if o.end <= person.start and person.start - o.end <= len(m_before.group(0)) + 2
                ),
                None,
            )
            if org is not None:
                return org.name
        m_after = re.match(
            rf"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:{SPEAKER_ROLES})\s+(?:for|of|at|with)\s+", after, re.I
        )
        if m_after:
            at = person.end + m_after.end()
            org = next((o for o in orgs if o.start == at or o.start == at + 4), None)
            if org is not None:
                return org.name
        return None


SPEAKER_ROLES = (
    r"spokes(?:wo)?man|spokesperson|chief executive|ceo|president|chair(?:man|woman)?|general counsel|lawyer"
)


def _months(text: str) -> float | None:
    m = DURATION.search(text)
    if not m:
        return None
    from ..resolve.numbers import words_to_number

    n = words_to_number(m.group(1).replace("-and-a-half", "")) if not m.group(1).isdigit() else float(m.group(1))
    if n is None:
        return None
    if "and-a-half" in m.group(1):
        n += 0.5
    unit = m.group(2).lower()
    return n * {"year": 12, "month": 1, "week": 12 / 52, "day": 12 / 365}[unit]


def _trim_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def extract_claims(
    doc: Doc, article_id: str, mentions: list[Mention], published: str | None, text: str | None = None
) -> list[Claim]:
    """Claims of one article; ``text`` is the article text the Doc was parsed from (offsets are shared)."""
    return ClaimExtractor(doc, article_id, mentions, published, text).claims()
