"""A realistic storydiff report (format version 1) for the renderer tests.

Five outlets cover one story (trimmed from the reference corpus); they disagree on where the
complaint was filed, on which part of Alibaba is accused, on the words of Alibaba's denial and
on a city in China. One input was skipped. Every offset is computed from the text, so
``text[start:end]`` always equals the quoted text, as the report format promises.
"""

from __future__ import annotations

import copy
from typing import Any

A0 = "000_d5f920ae2e6a51e1"
A1 = "001_7c3b271493249214"
A2 = "002_67919031a2f5ec12"
A3 = "003_baab16126724ff0f"
A4 = "004_d3c79207aed98362"

TEXTS = {
    A0: (
        "In a dramatic escalation of tensions within the global AI community, Anthropic, the US-based artificial "
        "intelligence safety company, has accused Chinese tech giant Alibaba of illicitly extracting proprietary "
        "model weights and architecture. The allegation, which emerged late Tuesday, has already mobilised a "
        "consortium of British intellectual property law firms.\n"
        "\u201cThis is not a simple case of web scraping,\u201d said Julian Vane, Technology & Innovation Lead. "
        "\u201cWe\u2019re talking about the systematic extraction of algorithmic behaviour, fine-tuning recipes, and "
        "safety guardrails.\u201d\n"
        "Alibaba has vehemently denied the allegations. In a statement, the company said: \u201cWe have not accessed "
        "or extracted Anthropic\u2019s proprietary models. These claims are without merit and are an attempt to "
        "stifle competition.\u201d\n"
        "The legal proceedings are expected to be complex, involving on-site inspections in Shenzhen, subpoenas for "
        "Alibaba\u2019s training logs, and expert testimony on the detectability of model extraction."
    ),
    A1: (
        "A new front has opened in the global AI arms race. Anthropic, the US-based AI safety startup behind the "
        "Claude family of models, has filed a legal complaint in the UK accusing Chinese tech giant Alibaba of "
        "systematically extracting proprietary AI capabilities from its systems. The accusation, made in London\u2019s "
        "High Court, claims that Alibaba\u2019s e-commerce arm used advanced scraping techniques to reverse-engineer "
        "Anthropic\u2019s retrieval-augmented generation (RAG) workflows.\n"
        "Meanwhile, Alibaba has issued a flat denial, calling the lawsuit \u2018baseless and deliberately "
        "misleading\u2019. They point to their own open-source contributions as evidence of good faith.\n"
        "For now, the case is scheduled for a preliminary hearing in March."
    ),
    A2: (
        "Anthropic, the San Francisco-based AI safety startup, has formally accused Chinese tech giant Alibaba of "
        "illicitly extracting proprietary model architecture from its Claude system. The allegation, detailed in a "
        "complaint filed with the US District Court for the Northern District of California, claims that "
        "Alibaba\u2019s Qwen team reverse-engineered Anthropic\u2019s constitutional AI methodology through "
        "unauthorised API queries and code extraction.\n"
        "Alibaba has dismissed the allegations as \u201cbaseless and anti-competitive,\u201d arguing that its models "
        "are developed independently and that the similarities cited by Anthropic reflect common industry practices "
        "rather than theft."
    ),
    A3: (
        "Anthropic has formally accused Alibaba of stealing proprietary machine learning models and training data. "
        "The allegation, filed with the UK\u2019s Information Commissioner\u2019s Office and the High Court in London, "
        "claims that Alibaba\u2018s cloud division extracted sensitive files from Anthropic\u2019s London-based "
        "research servers during a joint project.\n"
        "According to leaked court documents, Anthropic detected anomalous data transfers from its secure clusters "
        "to Alibaba\u2018s Shanghai data centres last month.\n"
        "Alibaba has vehemently denied the accusations, calling them 'baseless and politically motivated.'\n"
        "'The UK has limited jurisdiction over Chinese firms, but if evidence of direct theft is found, they could "
        "freeze Alibaba\u2019s assets in London and extradite executives,' explains Professor Sarah Chen, a "
        "specialist in cyberlaw at Cambridge."
    ),
    A4: (
        "US-based Anthropic has accused Chinese e-commerce giant Alibaba of illicitly extracting proprietary AI "
        "models from its systems.\n"
        "The accusation centres on what Anthropic describes as a coordinated effort by Alibaba\u2019s cloud "
        "computing division to reverse-engineer models from Anthropic\u2019s Claude family of large language models.\n"
        "Lord Clement-Jones, chair of the House of Lords AI Committee, stated: \u201cWe cannot have a Wild West in AI "
        "development. The theft of intellectual property undermines trust and stifles innovation.\u201d\n"
        "Alibaba has denied the allegations, calling them \u201cunfounded and competitive scare tactics\u201d."
    ),
}

ARTICLE_META = {
    A0: (
        "seeds/000_d5f920ae2e6a51e1.txt",
        "The Ledger",
        "Anthropic accuses Alibaba of extracting Claude's weights",
        "2025-03-04",
        "https://ledger.example/ai/anthropic-alibaba",
        "Mara Quinn",
    ),
    A1: (
        "seeds/001_7c3b271493249214.txt",
        "Daily Courier",
        "A new front in the AI arms race: Anthropic sues Alibaba in London",
        "2025-03-05",
        "https://courier.example/tech/anthropic-alibaba-london",
        None,
    ),
    A2: (
        "seeds/002_67919031a2f5ec12.txt",
        "Tech Wire",
        "Anthropic files suit against Alibaba in California",
        "2025-03-05",
        "https://techwire.example/2025/03/05/anthropic-suit",
        "Dev Patel",
    ),
    A3: (
        "seeds/003_baab16126724ff0f.txt",
        "Northern Post",
        "Regulators probe alleged theft of Anthropic models",
        "2025-03-06",
        None,
        None,
    ),
    A4: (
        "seeds/004_d3c79207aed98362.txt",
        "Global Dispatch",
        "Peers call for AI security standards after Alibaba accusation",
        "2025-03-06",
        "https://dispatch.example/world/ai-standards",
        "Ines Okafor",
    ),
}


def locate(article: str, needle: str, after: str | None = None) -> tuple[int, int]:
    """Offsets of ``needle`` in the article (the first one after ``after`` when given)."""
    text = TEXTS[article]
    begin = text.index(after) if after else 0
    start = text.index(needle, begin)
    return start, start + len(needle)


def sentence_around(article: str, needle: str) -> tuple[int, int]:
    """Offsets of the sentence holding ``needle``: from the previous '. ' or newline to the next one."""
    text = TEXTS[article]
    start, end = locate(article, needle)
    left = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0, text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    if right <= len(text) and text[right - 1] == "\n":
        right -= 1
    return left, right


def evidence(article: str, sentence_needle: str, value: str | None = None) -> dict[str, Any]:
    start, end = sentence_around(article, sentence_needle)
    highlight = None
    if value is not None:
        h = TEXTS[article].index(value, start)
        highlight = [h, h + len(value)]
    return {"article": article, "start": start, "end": end, "text": TEXTS[article][start:end], "highlight": highlight}


def quote(
    qid: str,
    article: str,
    text: str,
    speaker: str | None,
    role: str | None,
    entity: str | None,
    cue: str,
    kind: str = "direct",
    frame: str | None = None,
    target: str | None = None,
) -> dict[str, Any]:
    start, end = locate(article, text)
    return {
        "id": qid,
        "article": article,
        "speaker": speaker,
        "speaker_role": role,
        "speaker_entity": entity,
        "text": text,
        "start": start,
        "end": end,
        "kind": kind,
        "cue": cue,
        "frame": frame,
        "target": target,
        "sentence": 0,
    }


def claim(
    cid: str,
    article: str,
    sentence_needle: str,
    actor: str,
    action: str,
    target: str | None,
    slots: list[tuple[str, str, Any, str | None]],
    attribution: str = "asserted",
    source: str | None = None,
    hedged: bool = False,
) -> dict[str, Any]:
    start, end = sentence_around(article, sentence_needle)
    slot_rows = []
    for slot, text, value, entity in slots:
        s = TEXTS[article].index(text, start)
        slot_rows.append(
            {
                "slot": slot,
                "text": text,
                "start": s,
                "end": s + len(text),
                "value": value,
                "entity": entity,
                "head": None,
            }
        )
    return {
        "id": cid,
        "article": article,
        "text": TEXTS[article][start:end],
        "start": start,
        "end": end,
        "actor": actor,
        "action": action,
        "target": target,
        "slots": slot_rows,
        "attribution": attribution,
        "source": source,
        "hedged": hedged,
        "negated": False,
        "sentence": 0,
    }


def entity(
    eid: str,
    etype: str,
    name: str,
    aliases: list[str],
    articles: list[str],
    role: str | None = None,
    parent: str | None = None,
    descriptors: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": eid,
        "type": etype,
        "name": name,
        "aliases": aliases,
        "articles": articles,
        "role": role,
        "parent": parent,
        "descriptors": descriptors or [],
        "mentions": len(articles),
    }


def sample_report() -> dict[str, Any]:
    """A fresh copy of the sample report (tests may mutate it)."""
    return copy.deepcopy(_build())


def _article(aid: str) -> dict[str, Any]:
    source, outlet, title, published, url, author = ARTICLE_META[aid]
    text = TEXTS[aid]
    return {
        "id": aid,
        "source": source,
        "outlet": outlet,
        "title": title,
        "published": published,
        "url": url,
        "author": author,
        "status": "analyzed",
        "reason": None,
        "duplicate_of": None,
        "words": len(text.split()),
        "text": text,
    }


def _build() -> dict[str, Any]:
    articles = [_article(a) for a in (A0, A1, A2, A3, A4)]
    articles.append(
        {
            "id": "005_paywall",
            "source": "seeds/005_paywall.html",
            "outlet": None,
            "title": None,
            "published": None,
            "url": None,
            "author": None,
            "status": "skipped",
            "reason": "no article text found: the page is a subscription wall (seeds/005_paywall.html)",
            "duplicate_of": None,
            "words": 0,
            "text": "",
        }
    )
    story_articles = [A0, A1, A2, A3, A4]

    entities = [
        entity("e-anthropic", "ORG", "Anthropic", [], story_articles, descriptors=["US-based", "AI safety startup"]),
        entity("e-alibaba", "ORG", "Alibaba", ["Alibaba Group"], story_articles, descriptors=["Chinese tech giant"]),
        entity(
            "e-alibaba-cloud",
            "ORG",
            "Alibaba's cloud division",
            ["cloud division", "cloud computing division"],
            [A3, A4],
            parent="Alibaba",
        ),
        entity("e-claude", "PRODUCT", "Claude", [], [A1, A2, A4]),
        entity("e-high-court", "COURT", "High Court in London", ["High Court", "London\u2019s High Court"], [A1, A3]),
        entity("e-ndcal", "COURT", "US District Court for the Northern District of California", [], [A2]),
        entity("e-ico", "AGENCY", "Information Commissioner\u2019s Office", ["ICO"], [A3]),
        entity("e-vane", "PERSON", "Julian Vane", ["Vane"], [A0], role="Technology & Innovation Lead"),
        entity(
            "e-clement-jones", "PERSON", "Lord Clement-Jones", [], [A4], role="chair of the House of Lords AI Committee"
        ),
        entity(
            "e-chen", "PERSON", "Sarah Chen", ["Professor Sarah Chen"], [A3], role="specialist in cyberlaw at Cambridge"
        ),
        entity("e-london", "PLACE", "London", [], [A1, A3]),
        entity("e-shenzhen", "PLACE", "Shenzhen", [], [A0]),
        entity("e-shanghai", "PLACE", "Shanghai", [], [A3]),
        entity("e-march", "DATE", "March", [], [A1]),
    ]

    quotes = [
        quote(
            "q1",
            A0,
            "This is not a simple case of web scraping,",
            "Julian Vane",
            "Technology & Innovation Lead",
            "e-vane",
            "said",
        ),
        quote(
            "q2",
            A0,
            "We have not accessed or extracted Anthropic\u2019s proprietary models. These claims are "
            "without merit and are an attempt to stifle competition.",
            "Alibaba",
            None,
            "e-alibaba",
            "said",
        ),
        quote(
            "q3",
            A1,
            "baseless and deliberately misleading",
            "Alibaba",
            None,
            "e-alibaba",
            "calling",
            frame="characterisation",
            target="the lawsuit",
        ),
        quote(
            "q4",
            A2,
            "baseless and anti-competitive,",
            "Alibaba",
            None,
            "e-alibaba",
            "dismissed",
            frame="characterisation",
            target="the allegations",
        ),
        quote(
            "q5",
            A3,
            "baseless and politically motivated.",
            "Alibaba",
            None,
            "e-alibaba",
            "calling",
            frame="characterisation",
            target="the accusations",
        ),
        quote(
            "q6",
            A4,
            "unfounded and competitive scare tactics",
            "Alibaba",
            None,
            "e-alibaba",
            "calling",
            frame="characterisation",
            target="the allegations",
        ),
        quote(
            "q7",
            A4,
            "We cannot have a Wild West in AI development. The theft of intellectual property "
            "undermines trust and stifles innovation.",
            "Lord Clement-Jones",
            "chair of the House of Lords AI Committee",
            "e-clement-jones",
            "stated",
        ),
        quote(
            "q8",
            A3,
            "The UK has limited jurisdiction over Chinese firms, but if evidence of direct theft is "
            "found, they could freeze Alibaba\u2019s assets in London and extradite executives,",
            "Sarah Chen",
            "specialist in cyberlaw at Cambridge",
            "e-chen",
            "explains",
        ),
    ]

    claims = [
        claim(
            "c1",
            A1,
            "made in London\u2019s High Court",
            "Anthropic",
            "accuse",
            "Alibaba",
            [
                ("venue", "London\u2019s High Court", "High Court in London", "e-high-court"),
                ("actor_unit", "e-commerce arm", "e-commerce arm", None),
            ],
        ),
        claim(
            "c2",
            A2,
            "Northern District of California",
            "Anthropic",
            "file",
            "Alibaba",
            [
                (
                    "venue",
                    "US District Court for the Northern District of California",
                    "US District Court for the Northern District of California",
                    "e-ndcal",
                ),
                ("actor_unit", "Qwen team", "Qwen team", None),
            ],
        ),
        claim(
            "c3",
            A3,
            "Information Commissioner\u2019s Office and the High Court",
            "Anthropic",
            "file",
            "Alibaba",
            [
                ("venue", "High Court in London", "High Court in London", "e-high-court"),
                ("actor_unit", "cloud division", "cloud division", "e-alibaba-cloud"),
            ],
        ),
        claim(
            "c4",
            A4,
            "cloud computing division",
            "Anthropic",
            "describe",
            "Alibaba",
            [("actor_unit", "cloud computing division", "cloud division", "e-alibaba-cloud")],
            attribution="reported",
            source="Anthropic",
        ),
        claim(
            "c5",
            A0,
            "on-site inspections in Shenzhen",
            "legal proceedings",
            "involve",
            None,
            [("place", "Shenzhen", "Shenzhen", "e-shenzhen")],
            hedged=True,
        ),
        claim(
            "c6",
            A3,
            "Shanghai data centres",
            "Anthropic",
            "detect",
            "data transfers",
            [("place", "Shanghai", "Shanghai", "e-shanghai")],
            attribution="reported",
            source="leaked court documents",
        ),
        claim(
            "c7", A1, "preliminary hearing in March", "case", "schedule", None, [("time", "March", "--03", "e-march")]
        ),
    ]

    findings = [
        {
            "id": "F1",
            "kind": "contradiction",
            "type": "venue",
            "topic": "where the complaint was filed",
            "severity": "high",
            "confidence": 0.91,
            "story": "s1",
            "explanation": "Two outlets place the complaint in the High Court in London; Tech Wire says it was "
            "filed with a federal court in California. A complaint is filed in one court first; "
            "these cannot both be the venue.",
            "positions": [
                {
                    "value": "High Court in London",
                    "articles": [A1, A3],
                    "evidence": [
                        evidence(A1, "made in London\u2019s High Court", "London\u2019s High Court"),
                        evidence(
                            A3, "Information Commissioner\u2019s Office and the High Court", "High Court in London"
                        ),
                    ],
                },
                {
                    "value": "US District Court for the Northern District of California",
                    "articles": [A2],
                    "evidence": [
                        evidence(
                            A2,
                            "Northern District of California",
                            "US District Court for the Northern District of California",
                        )
                    ],
                },
            ],
        },
        {
            "id": "F2",
            "kind": "contradiction",
            "type": "organization",
            "topic": "which part of Alibaba is accused",
            "severity": "medium",
            "confidence": 0.78,
            "story": "s1",
            "explanation": "The Daily Courier names Alibaba's e-commerce arm; two outlets name its cloud division. "
            "These are different business units of Alibaba Group.",
            "positions": [
                {
                    "value": "Alibaba's cloud division",
                    "articles": [A3, A4],
                    "evidence": [
                        evidence(A3, "Information Commissioner\u2019s Office and the High Court", "cloud division"),
                        evidence(A4, "cloud computing division", "cloud computing division"),
                    ],
                },
                {
                    "value": "Alibaba's e-commerce arm",
                    "articles": [A1],
                    "evidence": [evidence(A1, "made in London\u2019s High Court", "e-commerce arm")],
                },
            ],
        },
        {
            "id": "F3",
            "kind": "quote_discrepancy",
            "type": "quote",
            "topic": "Alibaba's words for the allegations",
            "severity": "medium",
            "confidence": 0.84,
            "story": "s1",
            "explanation": "Four outlets quote Alibaba's denial with different words; at most one of these can be "
            "what the company said, unless it said several things.",
            "positions": [
                {
                    "value": "baseless and deliberately misleading",
                    "articles": [A1],
                    "evidence": [evidence(A1, "flat denial", "baseless and deliberately misleading")],
                },
                {
                    "value": "baseless and anti-competitive",
                    "articles": [A2],
                    "evidence": [evidence(A2, "dismissed the allegations", "baseless and anti-competitive")],
                },
                {
                    "value": "baseless and politically motivated",
                    "articles": [A3],
                    "evidence": [
                        evidence(A3, "vehemently denied the accusations", "baseless and politically motivated")
                    ],
                },
                {
                    "value": "unfounded and competitive scare tactics",
                    "articles": [A4],
                    "evidence": [evidence(A4, "scare tactics", "unfounded and competitive scare tactics")],
                },
            ],
        },
        {
            "id": "F4",
            "kind": "contradiction",
            "type": "place",
            "topic": "where in China the evidence is",
            "severity": "low",
            "confidence": 0.55,
            "story": "s1",
            "explanation": "One outlet mentions inspections in Shenzhen, another data centres in Shanghai; they may "
            "describe different sites.",
            "positions": [
                {
                    "value": "Shenzhen",
                    "articles": [A0],
                    "evidence": [evidence(A0, "on-site inspections in Shenzhen", "Shenzhen")],
                },
                {
                    "value": "Shanghai",
                    "articles": [A3],
                    "evidence": [evidence(A3, "Shanghai data centres", None)],
                },  # no highlight: renderers search it
            ],
        },
        {
            "id": "F5",
            "kind": "single_source",
            "type": "date",
            "topic": "when the case will be heard",
            "severity": "low",
            "confidence": 0.7,
            "story": "s1",
            "explanation": "Only the Daily Courier reports a preliminary hearing in March.",
            "positions": [
                {
                    "value": "a preliminary hearing in March",
                    "articles": [A1],
                    "evidence": [evidence(A1, "preliminary hearing in March", "preliminary hearing in March")],
                }
            ],
        },
        {
            "id": "F6",
            "kind": "single_source",
            "type": "other",
            "topic": "what the UK courts could do",
            "severity": "medium",
            "confidence": 0.66,
            "story": "s1",
            "explanation": "Only the Northern Post quotes an expert saying Alibaba's London assets could be frozen.",
            "positions": [
                {
                    "value": "freeze Alibaba\u2019s assets in London",
                    "articles": [A3],
                    "evidence": [evidence(A3, "freeze Alibaba", "freeze Alibaba\u2019s assets in London")],
                }
            ],
        },
    ]

    return {
        "storydiff_report": 1,
        "articles": articles,
        "stories": [
            {"id": "s1", "title": "Anthropic accuses Alibaba of extracting its AI models", "articles": story_articles}
        ],
        "entities": entities,
        "quotes": quotes,
        "claims": claims,
        "findings": findings,
    }


HOSTILE = "<script>window.__pwned = 1; alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
HOSTILE_TEXTAREA = '</textarea><svg onload="window.__pwned = 3">'


def hostile_report() -> dict[str, Any]:
    """The sample with a hostile article: markup in its text, title, outlet and a finding's value."""
    data = sample_report()
    text = (
        f"Officials said {HOSTILE} the fire started at the harbour. "
        f"The blaze {HOSTILE_IMG} destroyed 12 boats, witnesses said. {HOSTILE_TEXTAREA} "
        '=HYPERLINK("http://evil.example") is not a formula here.'
    )
    aid = "666_<b>evil</b>"
    data["articles"].append(
        {
            "id": aid,
            "source": "evil.html",
            "outlet": "Evil <script>window.__pwned=4</script> Times",
            "title": f"Breaking {HOSTILE_IMG}",
            "published": "2025-03-07",
            "url": "javascript:window.__pwned=5",
            "author": "</textarea>",
            "status": "analyzed",
            "reason": None,
            "duplicate_of": None,
            "words": len(text.split()),
            "text": text,
        }
    )
    data["stories"][0]["articles"].append(aid)
    s = text.index("The blaze")
    e = text.index("witnesses said.") + len("witnesses said.")
    h = text.index(HOSTILE_IMG)
    data["findings"][0]["positions"].append(
        {
            "value": f"=cmd|' /C calc'!A0 {HOSTILE_IMG}",
            "articles": [aid],
            "evidence": [
                {"article": aid, "start": s, "end": e, "text": text[s:e], "highlight": [h, h + len(HOSTILE_IMG)]}
            ],
        }
    )
    q = text.index(HOSTILE)
    data["quotes"].append(
        {
            "id": "q-evil",
            "article": aid,
            "speaker": f"Mr {HOSTILE}",
            "speaker_role": HOSTILE_IMG,
            "speaker_entity": None,
            "text": HOSTILE,
            "start": q,
            "end": q + len(HOSTILE),
            "kind": "direct",
            "cue": "said",
            "frame": None,
            "target": None,
            "sentence": 0,
        }
    )
    data["findings"].append(
        {
            "id": "F-evil",
            "kind": "single_source",
            "type": "number",
            "topic": f"how many boats burned {HOSTILE}",
            "severity": "high",
            "confidence": 0.5,
            "story": "s1",
            "explanation": f"@SUM(1+1) {HOSTILE_TEXTAREA}",
            "positions": [
                {
                    "value": "+12 boats",
                    "articles": [aid],
                    "evidence": [{"article": aid, "start": s, "end": e, "text": text[s:e], "highlight": None}],
                }
            ],
        }
    )
    return data
