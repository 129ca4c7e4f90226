"""Named things in one article: typed Mentions with roles, descriptors and sub-units."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..model import Mention
from ..nlp.pipeline import NER_TYPES, SUBUNIT_HEADS, load_word_list
from ..resolve.numbers import SCALES
from ..resolve.places import Place

ROLE_WORDS = load_word_list("role_words.txt")

# capitalised acronyms and words that the small model tags as names but are not ones
NOT_NAMES = {
    "ai", "api", "apis", "ip", "ml", "llm", "llms", "rag", "ceo", "cfo", "cto", "coo", "pr", "hr", "it", "tv",
    "gdp", "dna", "pc", "vpn", "url", "faq", "ai's", "covid", "ok", "q&a", "ev", "evs", "gpu", "gpus", "cpu",
    "ipo", "esg", "r&d", "b2b", "saas", "iot", "vr", "ar", "5g", "4g", "sms", "app", "apps", "wifi", "wi-fi",
}  # fmt: skip
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "baroness", "baron",
    "judge", "justice", "senator", "sen", "rep", "representative", "president", "minister", "chancellor",
    "inspector", "detective", "sergeant", "sgt", "officer", "captain", "capt", "commander", "general", "gen",
    "colonel", "col", "lieutenant", "lt", "chief", "superintendent", "mayor", "governor", "gov", "rev",
    "reverend", "father", "bishop", "coach", "king", "queen", "prince", "princess", "councillor", "cllr",
}  # fmt: skip
ORG_NOUNS = {
    "company", "firm", "startup", "start-up", "giant", "group", "lab", "laboratory", "maker", "developer",
    "provider", "operator", "manufacturer", "business", "corporation", "retailer", "bank", "insurer",
    "conglomerate", "carrier", "airline", "club", "charity", "publisher", "supplier", "contractor", "owner",
    "platform", "rival", "competitor", "subsidiary", "outfit", "brand", "chain", "producer", "utility",
    "network", "hospital", "clinic", "team", "union", "university", "school", "lender", "agency", "consultancy", "partnership", "cooperative", "foundation",
}  # fmt: skip
NAMED_EVENTS = {"Storm", "Hurricane", "Typhoon", "Cyclone", "Tropical", "Operation", "Project"}
ORG_NAME_WORDS = {
    "Pharma", "Pharmaceuticals", "Bank", "Group", "Holdings", "Labs", "Laboratories", "Chemicals", "Airlines",
    "Airways", "Motors", "Energy", "Capital", "Partners", "Systems", "Technologies", "Technology", "Health",
    "Healthcare", "Insurance", "Foods", "Media", "Software", "Industries", "Logistics", "Terminals", "Shipping",
    "Mining", "Petroleum", "Oil", "Gas", "Power", "Utilities", "Telecom", "Networks", "Solutions", "Services",
    "Inc", "Inc.", "Ltd", "Ltd.", "plc", "PLC", "Corp", "Corp.", "Corporation", "Company", "LLC", "AG", "SA",
    "GmbH", "Limited", "Trust", "Foundation", "University", "College", "Hospital", "Clinic", "Club", "FC",
    "Association", "Federation", "Union", "Council", "Institute", "Instruments", "Electronics", "Aerospace",
    "Automotive", "Robotics", "Biotech", "Therapeutics", "Ventures", "Investments", "Securities", "Brands",
    "LLP", "LP", "Chambers", "Solicitors", "Associates", "Railroad", "Railway", "Railways", "Freight",
}  # fmt: skip
AGENCY_WORDS = {
    "Commission",
    "Authority",
    "Agency",
    "Regulator",
    "Ombudsman",
    "Inspectorate",
    "Integrity",
    "Anti-Doping",
    "Ministry",
    "Department",
    "Constabulary",
    "Watchdog",
    "Bureau",
    "Directorate",
    "Administration",
}
ORG_POSSESSIONS = {
    "chief", "executive", "spokesperson", "spokesman", "spokeswoman", "board", "staff", "employees", "workers",
    "headquarters", "shares", "shareholders", "investors", "customers", "clients", "patients", "site", "plant",
    "depot", "factory", "subsidiary", "division", "arm", "unit", "founder", "chairman", "chair", "ceo", "cfo",
    "president", "lawyers", "products", "systems", "servers", "network", "platform", "models", "revenue",
}  # fmt: skip
SCALE_WORDS = frozenset(SCALES) - {"hundred"}  # the words that scale an amount ("$5.4-billion")
KEEP_TYPES = {"PERSON", "ORG", "COURT", "AGENCY", "LAW", "PRODUCT", "PLACE", "DATE", "MONEY", "QUANTITY"}
BASED = re.compile(r"([A-Z][\w.'’ -]*?)-based\b")
SUBUNIT = re.compile(
    r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’‘]s\s+((?:[A-Za-z][\w-]*\s+){0,3}?)("
    + "|".join(sorted(SUBUNIT_HEADS))
    + r")\b"
)
SUBUNIT_OF = re.compile(
    r"\b(?:the|a|its)\s+((?:[A-Za-z][\w-]*\s+){0,2})("
    + "|".join(sorted(SUBUNIT_HEADS))
    + r")\s+of\s+([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
)
ITS_SUBUNIT = re.compile(
    r"\b(?:its|the company['’‘]s|the firm['’‘]s|the group['’‘]s)\s+((?:[a-z][\w-]*\s+){0,2})(arm|division|unit|subsidiary|wing|business)\b"
)
LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _clean(span: Span) -> Span | None:
    """Trim tokens that are not part of a name ("AI" in "Western AI", a leading "the")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in NOT_NAMES or doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct
    ):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in NOT_NAMES or doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start:end]


def _name_of(span: Span, label: str) -> str:
    text = span.text
    if label in {"COURT", "AGENCY", "LAW", "ORG"}:
        text = LEADING_DET.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


# titles written as abbreviations before a name, which the model tends to take into an ORG name
TITLE_ABBREVIATIONS = {"CEO", "CTO", "CFO", "COO", "CIO", "CISO", "CMO", "CSO", "CPO", "MD", "VP", "EVP", "SVP"}


SINGLE_HOLDER = load_word_list("single_holder_roles.txt")
ROLE_ABBREVIATIONS = {"gov": "governor", "rep": "representative", "sen": "senator", "atty": "attorney"}
NOT_ONE_HOLDER = re.compile(
    r"\b(?:a|an|another|one|former|ex|then|previous|late|vice|deputy|assistant|associate|co|acting|interim|"
    r"honorary|other|fellow|some|several|two|three)\b",
    re.I,
)
ROLE_FILLER = {"the", "of", "for", "at", "in", "s", "and"}


def holder_key(role: str | None) -> str | None:
    """The key of a qualified title that one person holds at a time ("NAACP President" and "the NAACP's
    president" -> "naacp president"), or None: a bare title ("President", "Rep."), a role that is not one
    person's ("a spokesman", "vice president", "former chairman") or not a title at all."""
    if not role or "\n" in role:
        return None
    first = re.split(r",|;|\(|\band\b|\bwho\b|\bwhich\b", role)[0]
    if NOT_ONE_HOLDER.search(first):
        return None
    words = [ROLE_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z0-9]+", first.lower().replace("'s", ""))]
    words = [w for w in words if w not in ROLE_FILLER]
    if len(words) < 2 or len(words) > 8:
        return None
    head = next((t for t in sorted(SINGLE_HOLDER, key=len, reverse=True) if f" {t} " in f" {' '.join(words)} "), None)
    if head is None:
        return None
    if len(words) == len(head.split()):
        return None  # the title alone: of what? ("President Obama" and "President Komorowski" in one story)
    if re.search(r"\b(?:chief justice)\b", " ".join(words)) is None and head == "justice":
        return None  # "Justice Kennedy": one of nine
    return " ".join(sorted(words))


def title_before(span: Span) -> str | None:
    """The title written right before a name, with the names that qualify it ("NAACP President",
    "Senate Majority Leader", "Texas Gov."), or None."""
    doc = span.doc
    j = span.start - 1
    while j >= 0 and doc[j].dep_ in {"compound", "amod", "nmod", "poss", "case"} and j + 1 <= doc[j].head.i < span.end:
        j -= 1
    title = doc[j + 1 : span.start]
    return title.text if len(title) >= 2 else None


def _role_for(span: Span) -> str | None:
    """An appositive after a person ("Sarah Chen, a specialist in cyberlaw at Cambridge") or a title before."""
    doc = span.doc
    end = span.end
    if end < len(doc) - 1 and doc[end].text == ",":
        j = end + 1
        while j < len(doc) and doc[j].text not in {",", ".", ";", ":", '"', "'", "(", ")"} and j - end < 16:
            j += 1
        cand = doc[end + 1 : j]
        if cand and (
            any(t.dep_ == "appos" for t in span.root.children)
            or cand.root.dep_ == "appos"
            or cand[0].lower_ in {"a", "an", "the", "chair", "head", "chief"}
        ):
            if cand[0].pos_ in {"DET", "NOUN", "PROPN", "ADJ"} and cand[0].lower_ not in {"who", "which"}:
                return LEADING_DET.sub("", cand.text.strip())
    # "Chief operating officer Jane Doe told ...": a title right before the name
    j = span.start - 1
    while (
        j >= 0
        and (doc[j].pos_ in {"NOUN", "ADJ", "PROPN"} or doc[j].dep_ in {"amod", "compound"})
        and doc[j].ent_type_ in {"", "PERSON"}
        and doc[j].head.i in range(j + 1, span.end)
    ):
        j -= 1
    title = doc[j + 1 : span.start]
    if len(title) and title[-1].lower_ in ROLE_WORDS | {"officer", "executive", "spokesperson"}:
        return title.text
    # "Anthropic's founder, Dario Amodei"
    if span.root.dep_ == "appos" and span.root.head.i < span.start:
        head = span.root.head
        left = doc[head.left_edge.i : head.i + 1]
        return LEADING_DET.sub("", left.text.strip(" ,"))
    return None


def _head_word(descriptor: str) -> str:
    """The head noun of a descriptor: "a regional officer for the Unite union" -> "officer"."""
    core = re.split(r"\s+(?:of|for|in|at|with|from|on|behind|that|which|who)\s+", descriptor)[0]
    words = core.lower().strip(" ,").split()
    return words[-1] if words else ""


def _descriptors(span: Span) -> list[str]:
    """What an article calls a named thing: "the US-based AI safety startup", "Chinese tech giant"."""
    doc = span.doc
    out = []
    # noun phrase before the name inside the same phrase: "Chinese tech giant Alibaba", "US-based Anthropic"
    i = span.start - 1
    while (
        i >= 0
        and doc[i].pos_ in {"ADJ", "NOUN", "PROPN", "PUNCT", "VERB", "NUM"}
        and doc[i].text not in {",", ".", ";", ":", "(", ")", '"', "'"}
        and doc[i].ent_type_ not in {"PERSON"}
    ):
        i -= 1
    pre = doc[i + 1 : span.start]
    if len(pre) and any(t.pos_ in {"NOUN", "ADJ", "VERB"} for t in pre) and pre[-1].lower_ not in {"of", "by"}:
        out.append(pre.text)
    # appositive after the name: "Anthropic, the San Francisco-based AI safety startup,"
    end = span.end
    if end < len(doc) - 2 and doc[end].text == "," and doc[end + 1].lower_ in {"the", "a", "an"}:
        j = end + 2
        while j < len(doc) and doc[j].text not in {",", ".", ";", ":", '"', "'"} and j - end < 12:
            j += 1
        cand = doc[end + 1 : j]
        if cand and cand[-1].pos_ in {"NOUN", "PROPN"}:
            out.append(cand.text)
    return out


def extract_mentions(doc: Doc, article_id: str, text: str | None = None) -> list[Mention]:
    """Typed mentions of one article (types may be revised story-wide in ``resolve``).

    ``text`` is the article text the Doc was parsed from: a mention's ``text`` is cut from it,
    its ``name`` from the Doc (typographic quotes made straight)."""
    plain = doc.text  # spaCy joins it from the tokens on every access: once here, for every helper
    text = text if text is not None else plain
    sent_index = {s.start: n for n, s in enumerate(doc.sents)}
    sent_of = {}
    for s in doc.sents:
        for t in s:
            sent_of[t.i] = sent_index[s.start]
    out: list[Mention] = []
    for ent in doc.ents:
        label = NER_TYPES.get(ent.label_, ent.label_)
        if label not in KEEP_TYPES:
            continue
        span = _clean(ent) if label in {"PERSON", "ORG", "PLACE"} else ent
        if span is None:
            continue
        if label in {"QUANTITY", "DATE"} and len(span) > 2 and span[0].like_num and span[1].like_num:
            # "nine 10-year sentences": a count of the quantity, not part of it
            first = span[0]
            end = first.idx + len(first.text)
            out.append(Mention(article_id, first.idx, end, text[first.idx : end], "QUANTITY", first.text))
            out[-1].sentence = sent_of.get(first.i, 0)
            span = span[1:]
        if label in {"PERSON", "ORG", "PLACE", "PRODUCT"} and not any(t.text[:1].isupper() for t in span):
            continue
        if (
            label == "MONEY"
            and span.end + 1 < len(doc)
            and doc[span.end].text == "-"
            and not doc[span.end - 1].whitespace_
            and not doc[span.end].whitespace_
            and doc[span.end + 1].lower_ in SCALE_WORDS
        ):
            span = doc[span.start : span.end + 2]  # "$5.4-billion": the scale after a hyphen is part of the amount
        if span[0].text in NAMED_EVENTS or (span.start > 0 and doc[span.start - 1].text in NAMED_EVENTS):
            continue  # "Storm Desmond", "Hurricane Ida": weather, not a person
        title = None
        if label in {"ORG", "PERSON"} and len(span) >= 3 and span[0].text in TITLE_ABBREVIATIONS:
            title, span, label = span[0].text, span[1:], "PERSON"  # "CTO Priya Raman": a person with a title
        elif label in {"ORG", "PERSON"} and span.start > 0 and doc[span.start - 1].text in TITLE_ABBREVIATIONS:
            title, label = doc[span.start - 1].text, "PERSON"
        mention = Mention(
            article=article_id,
            start=span.start_char,
            end=span.end_char,
            text=text[span.start_char : span.end_char],
            type=label,
            name=_name_of(span, label),
            sentence=sent_of.get(span.start, 0),
        )
        if (
            span.start > 0
            and doc[span.start - 1].lower_.rstrip(".") in HONORIFICS
            and label in {"PERSON", "ORG", "PLACE", "PRODUCT"}
        ):
            mention.type = "PERSON"
            mention.role = doc[span.start - 1].text
        if (
            mention.type == "ORG"
            and " " in mention.name
            and span.root.dep_ == "appos"
            and span.root.head.lemma_.lower() in ROLE_WORDS
        ):
            mention.type = "PERSON"  # "His lawyer, Alistair Greaves": a person in apposition to a role
        if mention.type in {"PERSON", "PLACE"} and mention.name.split()[-1] in ORG_NAME_WORDS and " " in mention.name:
            mention.type = "ORG"  # "Tarvex Pharma", "Harwick Bank"
            mention.descriptors.append("<org>")
        if mention.type == "ORG" and (
            AGENCY_WORDS.intersection(mention.name.split()) or re.search(r"\bInvestigation Branch$", mention.name)
        ):
            mention.type = "AGENCY"  # also "Air Accidents Investigation Branch", "Marine Accident Investigation Branch"
        if mention.type == "PERSON":
            words = mention.name.split()
            while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
                mention.role = mention.role or words[0]
                words = words[1:]
            mention.name = " ".join(words)  # "Ms Ferris" is Ferris
            mention.role = _role_for(span) or mention.role or title
        if mention.type in {"ORG", "PERSON", "PLACE", "PRODUCT"}:
            mention.descriptors = _descriptors(span)
            nxt = doc[span.end : span.end + 3]
            if len(nxt) >= 2 and nxt[0].lower_ in {"'s", "’s"} and any(t.lower_ in ORG_POSSESSIONS for t in nxt[1:]):
                mention.descriptors.append("<org>")
            if any(_head_word(d) in ORG_NOUNS for d in mention.descriptors):
                mention.descriptors.append("<org>")
        out.append(mention)
    out.extend(_subunits(doc, plain, article_id, out, sent_of))
    # "the Data Protection Authority (DPA)": an abbreviation in brackets has the type of the name before it
    for prev, m in zip(out, out[1:], strict=False):
        if (
            m.text.isupper()
            and prev.type in {"AGENCY", "COURT", "LAW", "ORG"}
            and re.fullmatch(r"\s*\(\s*", text[prev.end : m.start])
        ):
            m.type = prev.type
    out.extend(_missed_counts(doc, article_id, out, sent_of))
    out = _split_models(out, text)
    out.extend(_missed_places(doc, article_id, out, sent_of))
    out.extend(_places_in_names(doc, plain, article_id, out, sent_of))
    out = _placed_towns(doc, plain, article_id, out, sent_of)
    out = _towns_of_the_state(doc, article_id, out, sent_of)
    for m in out:
        m.text = text[m.start : m.end]
    out.sort(key=lambda m: (m.start, -m.end))
    return out


MODEL_TOKEN = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Z0-9][\w-]{2,}")


def _split_models(mentions: list[Mention], text: str) -> list[Mention]:
    """ "Corran Air A321neo" as one ORG: the airline, then its aircraft (a model name with digits and letters)."""
    out = []
    for m in mentions:
        words = m.text.split()
        if m.type in {"ORG", "PRODUCT"} and len(words) >= 3 and MODEL_TOKEN.fullmatch(words[-1]):
            cut = m.start + m.text.rfind(words[-1])
            owner_end = cut - 1
            owner = Mention(
                article=m.article, start=m.start, end=owner_end, text=text[m.start : owner_end], type="ORG",
                name=text[m.start : owner_end], sentence=m.sentence,
            )  # fmt: skip
            model = Mention(
                article=m.article, start=cut, end=m.end, text=text[cut : m.end], type="PRODUCT",
                name=text[cut : m.end], sentence=m.sentence,
            )  # fmt: skip
            out.extend([owner, model])
        else:
            out.append(m)
    return out


def _place(article_id: str, start: int, end: int, text: str, name: str, sentence: int, placed: bool = False) -> Mention:
    """A place storydiff finds beside the model (``placed``: confirmed by its state or dateline, see PLACED)."""
    return Mention(
        article=article_id,
        start=start,
        end=end,
        text=text,
        type="PLACE",
        name=name,
        sentence=sentence,
        descriptors=[PLACED] if placed else [],
    )


LOCATIVE_BEFORE = {"in", "at", "near", "from", "to", "outside", "towards", "toward"}


def _missed_places(doc: Doc, article_id: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """Towns the model did not tag, after "in", "at", "near" ... ("the facility at Farnborough")."""
    from ..resolve.places import lookup

    taken = [(m.start, m.end) for m in found]
    out = []
    for tok in doc[1:]:
        if tok.pos_ != "PROPN" or tok.ent_type_ or doc[tok.i - 1].lower_ not in LOCATIVE_BEFORE:
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and not doc[end].ent_type_ and end - tok.i < 3:
            end += 1
        span = doc[tok.i : end]
        if any(s < span.end_char and span.start_char < e for s, e in taken):
            continue
        if not any(p.kind in {"city", "admin1", "country"} for p in lookup(span.text)):
            continue
        out.append(_place(article_id, span.start_char, span.end_char, span.text, span.text, sent_of.get(tok.i, 0)))
    return out


def _places_in_names(
    doc: Doc, plain: str, article_id: str, found: list[Mention], sent_of: dict[int, int]
) -> list[Mention]:
    """The town or state that opens an organisation's name ("Philadelphia Police Department", "Texas
    Department of Public Safety"): a place the article names, inside the name (the gazetteer decides)."""
    from ..resolve.places import lookup

    places = {(m.start, m.end) for m in found if m.type == "PLACE"}
    out = []
    for m in found:
        if m.type not in {"ORG", "AGENCY", "COURT"} or m.parent:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) < 2:
            continue
        words = [t for t in span if not t.is_punct]
        if words and words[0].lower_ == "the":
            words = words[1:]
        # the longest run of leading proper nouns that the gazetteer knows as a city or a state
        for n in range(min(3, len(words) - 1), 0, -1):
            lead = words[:n]
            if any(t.pos_ != "PROPN" for t in lead):
                continue
            start, end = lead[0].idx, lead[-1].idx + len(lead[-1].text)
            name = plain[start:end]
            if (start, end) in places or not any(p.kind in {"city", "admin1"} for p in lookup(name)):
                continue
            out.append(_place(article_id, start, end, name, name, sent_of.get(lead[0].i, 0)))
            break
    return out


# "Belpre, Ohio", "IRONDALE, Ala.", "(Cincinnati, OH)": capitalised words, a comma, then what may be a US state
TOWN_STATE = re.compile(
    r"((?:[A-Z][\w'’.-]*[ \t]){0,3}[A-Z][\w'’.-]*),[ \t]+([A-Z][A-Za-z.]*(?:[ \t][A-Z][A-Za-z.]*)?)"
)
# a dateline without a state: "PUEBLO —", "DETROIT (WJBK) -", "INDIANAPOLIS (December 3, 2015) –"
DATELINE_TOWN = re.compile(
    r"(?<![A-Z])([A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,2})\s*(?:\([^()\n]{1,40}\)\s*)?(?:—|–|--|-)\s"
)
CALL_SIGN = 3  # letters of a broadcaster's call sign or name glued before a dateline ("WVTMIRONDALE", "KIONSALINAS")


def _town_and_state(doc: Doc, text: str, start: int, end: int, state: str) -> tuple[int, Place] | None:
    """The town or county of ``state`` that the last words of ``text[start:end]`` (``text``: the Doc's) name,
    and where it starts:
    "North Irondale" -> "Irondale" (unless "North Irondale" is one); "Chief Terry Williams" -> nothing."""
    from ..resolve.places import town_in_state

    span = doc.char_span(start, end, alignment_mode="expand")
    starts = [start, *(t.idx for t in span or () if not t.is_punct and t.idx > start)]
    for at in starts:
        place = town_in_state(text[at:end], state)
        if place is not None:
            return at, place
    last = text[starts[-1] : end] if starts else ""
    if last.isupper():  # a station's call sign glued to the dateline's town: "WVTMIRONDALE, Ala."
        for cut in range(CALL_SIGN, len(last) - 3):
            place = town_in_state(last[cut:], state)
            if place is not None:
                return starts[-1] + cut, place
    return None


def _dateline_town(words: str) -> tuple[int, Place] | None:
    """A city, state or country of the main gazetteer in a dateline's capitals ("PUEBLO", "KIONSALINAS")."""
    from ..resolve.places import lookup

    def known(name: str) -> Place | None:
        return next((p for p in lookup(name) if p.kind in {"city", "admin1", "country"}), None)

    place = known(words)
    if place is not None:
        return 0, place
    first = words.split()[0]
    for cut in range(CALL_SIGN, len(first) - 3):
        place = known(words[cut:])
        if place is not None:
            return cut, place
    return None


PLACED = "<placed>"  # a descriptor: the text itself places this town (with its state, or in a dateline)


def _placed_towns(
    doc: Doc, plain: str, article_id: str, found: list[Mention], sent_of: dict[int, int]
) -> list[Mention]:
    """Towns the text places: with their state ("Belpre, Ohio", "IRONDALE, Ala.", "Jefferson County, Colo.";
    the larger gazetteer of towns of 1,000 people and US counties decides) or in a dateline ("PUEBLO —",
    "DETROIT (WJBK) -"; the main gazetteer decides). The model often misses such towns or types them as
    organisations; a mention that lies wholly inside the town's words gives way to it. The state after a town
    is named in full ("Ala." is Alabama)."""
    from ..resolve.places import us_state, us_state_name

    text = plain
    places: dict[tuple[int, int], str] = {}
    for m in TOWN_STATE.finditer(text):
        state_words = m.group(2)
        state, state_end = us_state(state_words), m.end(2)
        if state is None:
            state, state_end = us_state(state_words.split()[0]), m.start(2) + len(state_words.split()[0])
        hit = _town_and_state(doc, text, m.start(1), m.end(1), state) if state else None
        if hit and state:
            places[(hit[0], m.end(1))] = hit[1].name
            places[(m.start(2), state_end)] = us_state_name(state)
    for m in DATELINE_TOWN.finditer(text):
        hit = _dateline_town(m.group(1))
        if hit and not any(s <= m.start(1) + hit[0] < e for s, e in places):
            places[(m.start(1) + hit[0], m.end(1))] = hit[1].name
    if not places:
        return found
    out = list(found)
    for (start, end), name in places.items():
        overlapping = [o for o in out if o.start < end and start < o.end]
        if any(o.type == "PERSON" and o.start < start for o in overlapping):
            continue  # the end of a person's name ("Sen. Elizabeth Warren, Massachusetts Democrat")
        same = next((o for o in overlapping if o.type == "PLACE" and (o.start, o.end) == (start, end)), None)
        if same is not None:  # the model found it: "Ala." is Alabama
            same.name = name
            same.descriptors.append(PLACED)
            continue
        if any(o.type == "PLACE" for o in overlapping):
            continue
        out = [o for o in out if not (start <= o.start and o.end <= end)]
        span = doc.char_span(start, end, alignment_mode="expand")
        sentence = sent_of.get(span.start, 0) if span is not None else 0
        out.append(_place(article_id, start, end, text[start:end], name, sentence, placed=True))
    return out


# nouns for the people or police of a town, which a town's name modifies ("an 18-year-old Carson City man")
RESIDENT_NOUNS = {
    "man", "woman", "boy", "girl", "teen", "teenager", "youth", "resident", "residents", "native", "couple",
    "police", "officers", "deputies",
}  # fmt: skip
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}


def _place_position(doc: Doc, start: int, end: int) -> str | None:
    """Where a town's name stands: "after" "in", "at", "near" ...; or, a surer sign, "of" a direction ("south
    of Heavener") or "before" a resident noun ("a Carson City man"). None elsewhere."""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before == "of" and start > 1 and doc[start - 2].lower_ in DIRECTIONS:
        return "of"
    if end < len(doc) and doc[end].lower_ in RESIDENT_NOUNS:
        return "before"
    return "after" if before in LOCATIVE_BEFORE else None


def _towns_of_the_state(doc: Doc, article_id: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """Small towns of a state the article names ("south of Heavener" in a story that names Oklahoma; "in
    Holiday" in one that names Pasco County, Florida's): a capitalised name where a town's name stands
    (``_place_position``) that the larger gazetteer lists in that state. The model misses such towns or
    takes them for people, dates or organisations; a mention of exactly those words gives way to it, but one
    the model took for a date or an organisation after "in", "at" ... only to a town of the main gazetteer
    ("in Holiday", not "in August" or "in Congress", small towns of California and Arizona)."""
    from ..resolve.places import lookup, town_in_state, us_states_of

    states = set()
    for m in found:
        if m.type == "PLACE":
            of = us_states_of(m.name)
            if len(of) == 1:
                states |= of
    if not states:
        return found
    out = list(found)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not tok.text[:1].isupper() or tok.is_sent_start and not tok.text.isupper():
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 3 and doc[end].text[:1].isupper():
            end += 1
        span = doc[i:end]
        i = end
        position = _place_position(doc, span.start, span.end)
        if position is None:
            continue
        place = next((p for st in sorted(states) if (p := town_in_state(span.text, st)) is not None), None)
        if place is None:
            continue
        same = [o for o in out if (o.start, o.end) == (span.start_char, span.end_char)]
        if any(o.start < span.end_char and span.start_char < o.end for o in out if o not in same):
            continue  # part of a longer name
        typed = {o.type for o in same} - {"PERSON", "PLACE"}
        if (
            typed
            and not (typed == {"ORG"} and position != "after")
            and not any(p.kind == "city" and p.country == "US" and p.admin1 == place.admin1 for p in lookup(span.text))
        ):
            continue  # "in August", "in Congress": a date or a body, unless a town of 15,000 ("in Holiday")
        if any(o.type == "PLACE" for o in same):
            for o in same:
                o.descriptors.append(PLACED)  # the model's place: keep it one ("an 18-year-old Carson City man")
            continue
        out = [o for o in out if o not in same]
        out.append(
            _place(article_id, span.start_char, span.end_char, span.text, place.name, sent_of.get(span.start, 0), True)
        )
    return out


def _missed_counts(doc: Doc, article_id: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """Numbers the model did not tag that count something ("was 112 cars long", "at 22 locations")."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for tok in doc:
        if tok.pos_ != "NUM" or not re.fullmatch(r"\d[\d,]*", tok.text) or tok.ent_type_:
            continue
        if tok.dep_ != "nummod" or tok.head.tag_ != "NNS":
            continue  # only a figure that counts a plural noun
        if any(s <= tok.idx < e for s, e in taken) or re.fullmatch(r"(?:19|20)\d\d", tok.text):
            continue
        out.append(
            Mention(
                article=article_id,
                start=tok.idx,
                end=tok.idx + len(tok.text),
                text=tok.text,
                type="QUANTITY",
                name=tok.text,
                sentence=sent_of.get(tok.i, 0),
            )
        )
    return out


def _subunits(doc: Doc, plain: str, article_id: str, mentions: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """ "Alibaba's cloud division", "the UK subsidiary of Alibaba Group", "its e-commerce arm": ORG with a parent."""
    text = plain
    out = []
    named = [m for m in mentions if m.type in {"ORG", "PERSON", "PLACE", "PRODUCT", "AGENCY"}]

    def add(start: int, end: int, parent: str, unit: str) -> None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        out.append(
            Mention(
                article=article_id, start=span.start_char, end=span.end_char, text=span.text, type="ORG",
                name=f"{parent}'s {unit}", parent=parent, sentence=sent_of.get(span.start, 0),
            )
        )  # fmt: skip

    for m in SUBUNIT.finditer(text):
        parent_start = m.start(1)
        owner = next((n for n in named if n.start <= parent_start < n.end or (m.start(1) <= n.start < m.end(1))), None)
        if owner is None or owner.type == "PERSON":
            continue
        unit = (m.group(2) + m.group(3)).strip()
        if (
            unit.split()[0].lower() in {"own", "new", "legal"}
            and len(unit.split()) == 2
            and unit.split()[0].lower() == "legal"
        ):
            continue
        add(owner.start, m.end(3), owner.name, unit)
    for m in SUBUNIT_OF.finditer(text):
        owner = next((n for n in named if m.start(3) <= n.start < m.end(3)), None)
        if owner is None or owner.type == "PERSON":
            continue
        unit = (m.group(1) + m.group(2)).strip()
        add(m.start(), m.end(3), owner.name, unit)
    for m in ITS_SUBUNIT.finditer(text):
        owner = next(
            (n for n in reversed(named) if n.end <= m.start() and n.type in {"ORG"} and n.parent is None), None
        )
        if owner is None:
            continue
        add(m.start(), m.end(), owner.name, (m.group(1) + m.group(2)).strip())
    return out


def based_in(mention: Mention) -> list[str]:
    """Places from "X-based" descriptors of a mention."""
    return [m.group(1).strip() for d in mention.descriptors for m in BASED.finditer(d)]
