"""Extraction on small texts with the real model (textacy style: one case per text → expected records).

All names and events are invented.
"""

from __future__ import annotations

import pytest

from storydiff.extract.claims import extract_claims
from storydiff.extract.entities import extract_mentions
from storydiff.extract.quotes import extract_quotes
from storydiff.model import Article
from storydiff.nlp.pipeline import parse_texts
from storydiff.pipeline import Settings, analyze


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=False)


def extracted(text: str):
    doc = parse_texts([text])[0]
    mentions = extract_mentions(doc, "a1")
    return doc, mentions, extract_quotes(doc, "a1", mentions)


def direct_quotes(text: str) -> list[tuple[str, str | None]]:
    _, _, quotes = extracted(text)
    return [(q.text.strip(" ,.!?"), q.speaker) for q in quotes if q.kind == "direct"]


# -- direct quotes: (text, [(quote words, speaker)]) -------------------------------------------------

QUOTE_CASES = [
    pytest.param(
        "“We will rebuild the depot,” said Karen Vell, the chief executive of Orlan Freight.",
        [("We will rebuild the depot", "Karen Vell")],
        id="curly-double",
    ),
    pytest.param(
        "Karen Vell said: ‘We will rebuild the depot.’",
        [("We will rebuild the depot", "Karen Vell")],
        id="curly-single",
    ),
    pytest.param(
        "Karen Vell said: 'We will rebuild the depot.'",
        [("We will rebuild the depot", "Karen Vell")],
        id="straight-single",
    ),
    pytest.param(
        'Karen Vell said: "We will rebuild the depot."',
        [("We will rebuild the depot", "Karen Vell")],
        id="straight-double",
    ),
    pytest.param(
        "“It was a tragedy,” Karen Vell said, “and we are heartbroken.”",
        [("It was a tragedy", "Karen Vell"), ("and we are heartbroken", "Karen Vell")],
        id="split-around-said-X",
    ),
    pytest.param(
        "“It was a tragedy,” said Karen Vell, “and we are heartbroken.”",
        [("It was a tragedy", "Karen Vell"), ("and we are heartbroken", "Karen Vell")],
        id="split-around-said-X-inverted",
    ),
    pytest.param(
        "“The fire is out,” said Karen Vell. “Nobody is missing,” she added. “We were lucky.”",
        [("The fire is out", "Karen Vell"), ("Nobody is missing", "Karen Vell"), ("We were lucky", "Karen Vell")],
        id="continuation-after-she-added",
    ),
    pytest.param(
        "“The depot met every standard,” said Karen Vell. “We had passed every inspection.”",
        [("The depot met every standard", "Karen Vell"), ("We had passed every inspection", "Karen Vell")],
        id="continuation-unattributed",
    ),
    pytest.param(
        "Karen Vell spoke to reporters at the gate. “We are devastated,” she said.",
        [("We are devastated", "Karen Vell")],
        id="pronoun-speaker",
    ),
    pytest.param(
        "Orlan Freight issued a statement on Monday. “We are cooperating fully with investigators,” the company said.",
        [("We are cooperating fully with investigators", "Orlan Freight")],
        id="the-company-speaker",
    ),
    pytest.param(
        "A senior official said: “The warning signs were ignored for years.”",
        [("The warning signs were ignored for years", "senior official")],
        id="anonymous-before",
    ),
    pytest.param(
        "“The warning signs were ignored for years,” said a senior fire service official, who asked not to be named.",
        [("The warning signs were ignored for years", "senior fire service official")],
        id="anonymous-after-said",
    ),
    pytest.param(
        "The blaze spread quickly through the warehouse. “The warning signs were ignored for years,” a senior official said.",
        [("The warning signs were ignored for years", "senior official")],
        id="anonymous-quote-first",
    ),
    pytest.param(
        "“We have nothing to hide,” a spokesperson for Orlan Freight said.",
        [("We have nothing to hide", "spokesperson for Orlan Freight")],
        id="anonymous-spokesperson-quote-first",
    ),
    pytest.param(
        "Brontex‘s chief executive, Karen Vell, said on Monday: ‘We will appeal the ruling.’ The company‘s shares fell.",
        [("We will appeal the ruling", "Karen Vell")],
        id="apostrophe-then-speaker-in-apposition",
    ),
    pytest.param(
        "A spokesperson for the drugmaker, Dana Orloff, said: “The claims are baseless.”",
        [("The claims are baseless", "Dana Orloff")],
        id="name-in-apposition-after-role",
    ),
    pytest.param(
        "The minister was blunt. ''We will not reopen the depot,'' said Karen Vell on Monday.",
        [("We will not reopen the depot", "Karen Vell")],
        id="archive-double-apostrophes",
    ),
    pytest.param(
        "Readers sent their verdicts.\n”The depot should never have reopened. Nobody listened to the crews.”\u00a0― Dana Orloff\n",
        [("The depot should never have reopened. Nobody listened to the crews", "Dana Orloff")],
        id="closing-mark-opens-paragraph-signed-after-nbsp",
    ),
    pytest.param(
        'Karen Vell said the depot would reopen. "We have checked every tank on the site and every valve,'
        '\n"and the inspectors agree with us," she said.',
        [
            ("We have checked every tank on the site and every valve", "Karen Vell"),
            ("and the inspectors agree with us", "Karen Vell"),
        ],
        id="quote-running-over-two-paragraphs",
    ),
    pytest.param(
        "Senator Dana Orloff dismissed the inspectors as a “bunch of amateurs” on Monday.",
        [("bunch of amateurs", "Dana Orloff")],
        id="characterised-as",
    ),
    pytest.param(
        '"VELL: We will rebuild the depot and we will do it this year.\n\n"ORLOFF: Will the crews be paid?"',
        [("We will rebuild the depot and we will do it this year", "Vell"), ("Will the crews be paid", "Orloff")],
        id="transcript-turns-in-quotes",
    ),
    pytest.param(
        "Karen Vell treated the remark as a compliment -- “That makes me smart” -- and moved on.",
        [("That makes me smart", "Karen Vell")],
        id="short-quote-that-is-a-sentence",
    ),
    pytest.param(
        "The crowd outside the depot gates was chanting “We want answers” as Karen Vell arrived.",
        [("We want answers", "crowd")],
        id="chanted",
    ),
]


@pytest.mark.parametrize("text, expected", QUOTE_CASES)
def test_direct_quotes_and_speakers(nlp, text, expected):
    found = direct_quotes(text)
    assert [q for q, _ in found] == [q for q, _ in expected], found
    for (quote, speaker), (_, got) in zip(expected, found, strict=True):
        assert got is not None and (speaker == got or speaker in got), (quote, got)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Brontex‘s shares fell on Monday after the report, and Quillon‘s rose.", id="left-mark-as-apostrophe"
        ),
        pytest.param("Brontex’s shares fell on Monday after Quillon’s report.", id="right-mark-as-apostrophe"),
        pytest.param("The depot was classed as a so-called ‘upper tier’ site under the rules.", id="so-called-single"),
        pytest.param(
            "The so-called “safety culture” at the depot was criticised in the report.", id="so-called-double"
        ),
        pytest.param(
            "The inspectors' report and the workers' union disagreed about the depot's records.",
            id="plural-possessives",
        ),
        pytest.param(
            "The studio released films such as “Harbour Lights” and “The Depot” that year.", id="such-as-titles"
        ),
        pytest.param("Karen Vell is known as “the iron lady” of the port.", id="known-as-nickname"),
    ],
)
def test_no_direct_quote(nlp, text):
    assert direct_quotes(text) == []


def test_apostrophe_does_not_swallow_the_real_quote(nlp):
    found = direct_quotes("Brontex‘s shares fell on Monday. Karen Vell said: ‘We will appeal the ruling.’")
    assert [q for q, _ in found] == ["We will appeal the ruling"]


def test_scare_quote_inside_indirect_speech_is_not_a_direct_quote(nlp):
    _, _, quotes = extracted("Critics said the firm's 'safety culture' existed only on paper.")
    assert not [q for q in quotes if q.kind == "direct"]


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        pytest.param(
            "Dana Holt said that the council's plans for the harbour were its “most reckless idea” in a decade of bad"
            " ideas.",
            "most reckless idea",
            "Dana Holt",
            id="far-from-the-verb",
        ),
        pytest.param(
            "The mayor has repeatedly wondered whether the inspectors will be “fair” to the city.",
            "fair",
            "mayor",
            id="learned-cue",
        ),
        pytest.param(
            "Karen Vell, despite admitting that she had “serious doubts” about the schedule, backed the plan.",
            "serious doubts",
            "Karen Vell",
            id="speaker-above-the-cue",
        ),
    ],
)
def test_quoted_words_inside_reported_speech_are_a_direct_quote(nlp, text, quoted, speaker):
    """PolNeAR counts reported speech with quoted words in it as a direct quote: the quoted words are the speaker's."""
    _, _, quotes = extracted(text)
    direct = [(q.text, q.speaker) for q in quotes if q.kind == "direct"]
    assert direct == [(quoted, speaker)]
    assert any(q.kind == "indirect" and quoted in q.text for q in quotes)  # the reported speech is kept too


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        pytest.param(
            "Dana Holt likened the new harbour fees to “robbing the fishermen blind” at a meeting on Monday.",
            "robbing the fishermen blind",
            "Dana Holt",
            id="likened-to",
        ),
        pytest.param(
            "Councillor Amir Haddad compared the council to a captain who is “steering onto the rocks” with open eyes.",
            "steering onto the rocks",
            "Amir Haddad",
            id="compared-to",
        ),
    ],
)
def test_quoted_words_of_a_comparison(nlp, text, quoted, speaker):
    """Quoted words in what someone likened or compared something to are theirs."""
    assert direct_quotes(text) == [(quoted, speaker)]


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        pytest.param(
            'The harbour master said there was “no sign" of damage to the pier.',
            "no sign",
            "harbour master",
            id="curly-closed-straight",
        ),
        pytest.param(
            'Karen Vell said the repairs would take "several more weeks” at the least.',
            "several more weeks",
            "Karen Vell",
            id="straight-closed-curly",
        ),
        pytest.param(
            "\"I never liked the phrase 'harbour of hope,' \" Karen Vell told the crowd.",
            "I never liked the phrase 'harbour of hope,'",
            "Karen Vell",
            id="space-after-single-mark",
        ),
        pytest.param(
            "In an interview on Monday, Tom Reyes blasted the port authority for being “hopelessly slow.”",
            "hopelessly slow",
            "Tom Reyes",
            id="blasted-for",
        ),
        pytest.param(
            "Dockers said the ferry was late.\n“The fees must go,” Harbour Chairman Tom Reyes (D-Maine) said.",
            "The fees must go",
            "Tom Reyes",
            id="name-with-party-and-state",
        ),
    ],
)
def test_quote_marks_as_typed_and_speakers_around_them(nlp, text, quoted, speaker):
    assert direct_quotes(text) == [(quoted, speaker)]


@pytest.mark.parametrize("mark", ["”", "“", '"'])
def test_a_paragraph_that_opens_a_quote_with_an_ellipsis(nlp, mark):
    text = f"The harbour reopened in May.\n{mark} … the port has never been busier,” Karen Vell wrote."
    doc = parse_texts([text])[0]
    quotes = extract_quotes(doc, "a1", extract_mentions(doc, "a1", text), text)
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [
        ("direct", "… the port has never been busier", "Karen Vell")
    ]


def test_a_quote_whose_marks_are_mixed_does_not_swallow_another():
    spans = [text for text in _quoted('She said “no" and left. He called it "a bad day" at work.')]
    assert spans == ["no", "a bad day"]
    # a straight opener is closed by its own mark when it comes, not by a curly one before it
    assert _quoted('He said "a “long” day" again.') == ["a “long” day"]


@pytest.mark.parametrize(
    "text, quote",
    [
        pytest.param(  # tokenized text (ECB+): curly marks set apart by spaces
            "Lee said, “ It is an honor to welcome her back as host of the year's biggest show, ” said Lee.",
            " It is an honor to welcome her back as host of the year's biggest show, ",
            id="spaced-curly",
        ),
        pytest.param(  # a space before the straight closing mark, after the quote's own comma
            "\"They're taking everything from me, I don't know how I'm going to get by, \" said Anargyros Bizianis.",
            "They're taking everything from me, I don't know how I'm going to get by, ",
            id="space-before-closer",
        ),
        pytest.param(  # an archive's doubled mark
            '""We have learned something important since those days," Mr. Blumenthal said.',
            "We have learned something important since those days,",
            id="doubled-opener",
        ),
    ],
)
def test_quotation_marks_in_messy_text(text, quote):
    assert _quoted(text) == [quote]


def _quoted(text: str) -> list[str]:
    from storydiff.extract.quotes import find_quoted_spans

    return [text[q.start : q.end] for q in find_quoted_spans(text)]


def test_a_misparsed_that_is_never_a_speaker(nlp):
    found = direct_quotes(
        'Karen Vell\'s lawyer said that was not her view and dismissed the reports as "wild and baseless rumours."'
    )
    assert [q for q, _ in found] == ["wild and baseless rumours"]
    assert found[0][1] != "that"


def test_according_to_a_speech_names_who_gave_it(nlp):
    _, _, quotes = extracted(
        "The fees will rise next year, according to a speech Dana Holt delivered in Leeds on Monday."
    )
    assert [(q.kind, q.speaker) for q in quotes] == [("indirect", "Dana Holt")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Tom Reyes said the singer's appearance on “The Late Show” had helped the campaign.", id="title"),
        pytest.param("Tom Reyes said the so-called “harbour tax” would be dropped next year.", id="so-called"),
        pytest.param("Tom Reyes said the union's “fair pay pledge” would be signed next year.", id="possessive"),
    ],
)
def test_names_and_terms_inside_reported_speech_are_not_direct_quotes(nlp, text):
    _, _, quotes = extracted(text)
    assert [q.kind for q in quotes] == ["indirect"]


@pytest.mark.parametrize(
    "text, speaker, role",
    [
        pytest.param(
            "“We will rebuild,” said Karen Vell, the chief executive of Orlan Freight.",
            "Karen Vell",
            "chief executive of Orlan Freight",
            id="role-after-name",
        ),
        pytest.param(
            "Brontex‘s chief executive, Karen Vell, said on Monday: ‘We will appeal the ruling.’",
            "Karen Vell",
            "Brontex's chief executive",
            id="role-before-name",
        ),
        pytest.param(
            "A spokesperson for the drugmaker, Dana Orloff, said: “The claims are baseless.”",
            "Dana Orloff",
            "spokesperson for the drugmaker",
            id="role-before-name-indefinite",
        ),
    ],
)
def test_speaker_roles(nlp, text, speaker, role):
    _, _, quotes = extracted(text)
    [q] = [q for q in quotes if q.kind == "direct"]
    assert q.speaker == speaker
    assert q.speaker_role is not None and q.speaker_role.replace("‘", "'").replace("’", "'") == role, q.speaker_role


def test_characterisation_names_its_target(nlp):
    _, _, quotes = extracted(
        "Dana Orloff, a spokesperson for Tarvex Pharma, called the allegations “baseless and misleading”."
    )
    [q] = [q for q in quotes if q.kind == "direct"]
    assert (q.text, q.speaker, q.frame, q.target) == (
        "baseless and misleading",
        "Dana Orloff",
        "characterisation",
        "the allegations",
    )


def test_quote_offsets_index_the_text(nlp):
    text = "“The fire is out,” said Karen Vell. ‘Nobody is missing,’ she added. She said the depot would reopen."
    _, _, quotes = extracted(text)
    assert len(quotes) >= 3
    for q in quotes:
        assert text[q.start : q.end] == q.text or q.kind == "indirect"


# -- entities: (text, type, acceptable names) ------------------------------------------------------

ENTITY_CASES = [
    pytest.param(
        "Officials said the release may have breached the state's Spills Law.",
        "LAW",
        {"Spills Law"},
        id="law-named-x-law",
    ),
    pytest.param(
        "The residents are represented by Delaney Hart LLP, a firm in Madison.",
        "ORG",
        {"Delaney Hart LLP"},
        id="law-firm-llp",
    ),
    pytest.param(
        "In a blog post on Monday, CTO Priya Raman said the files had been copied.",
        "PERSON",
        {"Priya Raman"},
        id="person-after-abbreviated-title",
    ),
    pytest.param(
        "The complaint was filed in the High Court in London on Tuesday.",
        "COURT",
        {"High Court", "High Court in London"},
        id="court-high-court",
    ),
    pytest.param(
        "The complaint was filed in the US District Court for the Southern District of New York.",
        "COURT",
        {"US District Court for the Southern District of New York"},
        id="court-us-district",
    ),
    pytest.param(
        "The lawsuit was filed in the US District Court for the Southern District of New York on Tuesday.",
        "COURT",
        {"US District Court for the Southern District of New York"},
        id="court-followed-by-date",
    ),
    pytest.param(
        "He appealed to the Court of Arbitration for Sport in Lausanne.",
        "COURT",
        {"Court of Arbitration for Sport"},
        id="court-cas",
    ),
    pytest.param(
        "The Maritime Safety Authority said it would review the case.",
        "AGENCY",
        {"Maritime Safety Authority"},
        id="agency-by-shape",
    ),
    pytest.param(
        "The Federal Aviation Administration grounded the jets.",
        "AGENCY",
        {"Federal Aviation Administration"},
        id="agency-administration",
    ),
    pytest.param("The FAA grounded the jets on Friday.", "AGENCY", {"FAA"}, id="agency-abbreviation"),
    pytest.param(
        "The Health and Safety Executive (HSE) is investigating the blast.",
        "AGENCY",
        {"HSE"},
        id="agency-abbreviation-defined",
    ),
    pytest.param(
        "The Data Protection Authority (DPA) opened an inquiry. The DPA said the breach was serious.",
        "AGENCY",
        {"DPA"},
        id="agency-abbreviation-defined-invented",
    ),
    pytest.param(
        "The inquiry is being run by the Coastal Police and the Maritime Safety Authority.",
        "AGENCY",
        {"Coastal Police"},
        id="agency-police",
    ),
    pytest.param(
        "The blaze broke out near Kessington in England. Northshire Fire and Rescue Service said crews were still there.",
        "AGENCY",
        {"Northshire Fire and Rescue Service"},
        id="agency-after-sentence-end",
    ),
    pytest.param(
        "Officers arrived on Monday. The Environment Agency said the river was not polluted.",
        "AGENCY",
        {"Environment Agency"},
        id="agency-after-date-sentence",
    ),
    pytest.param(
        "A complaint was filed with the Maritime Safety Authority on Thursday, the union said.",
        "AGENCY",
        {"Maritime Safety Authority"},
        id="agency-followed-by-date",
    ),
    pytest.param(
        "Prosecutors cited Section 12 of the Fire Safety Act.",
        "LAW",
        {"Section 12 of the Fire Safety Act"},
        id="law-section",
    ),
    pytest.param("The clinic group also breached GDPR, the regulator said.", "LAW", {"GDPR"}, id="law-abbreviation"),
    pytest.param(
        "The breach may violate Article 5 of the Data Protection Regulation, lawyers said.",
        "LAW",
        {"Article 5 of the Data Protection Regulation"},
        id="law-article",
    ),
    pytest.param("The satellite was launched on a Falcon 9 rocket.", "PRODUCT", {"Falcon 9"}, id="product-number"),
    pytest.param("The chatbot runs on GPT-4o.", "PRODUCT", {"GPT-4o"}, id="product-hyphen-version"),
    pytest.param("The Kestrel 7 rocket carried the probe.", "PRODUCT", {"Kestrel 7"}, id="product-invented-number"),
    pytest.param("The assistant runs on the Orion-4o model.", "PRODUCT", {"Orion-4o"}, id="product-invented-hyphen"),
    pytest.param(
        "The airline's Skyrunner 900 jets were grounded.", "PRODUCT", {"Skyrunner 900"}, id="product-before-head"
    ),
]


@pytest.mark.parametrize("text, etype, names", ENTITY_CASES)
def test_entity_mentions(nlp, text, etype, names):
    doc, mentions, _ = extracted(text)
    found = [(m.type, m.name) for m in mentions]
    assert any(m.type == etype and m.name in names for m in mentions), found
    for m in mentions:
        assert text[m.start : m.end] == m.text


def story(*texts: str):
    arts = [Article(id=f"a{i}", text=t, source=f"a{i}.txt", outlet=f"Outlet {i}") for i, t in enumerate(texts, start=1)]
    return analyze(arts, Settings(embeddings=False))


@pytest.mark.parametrize(
    "texts, names",
    [
        pytest.param(
            (
                "The Health and Safety Executive opened an inquiry into the blast on Monday.",
                "The HSE said the inquiry would take a year.",
            ),
            {"Health and Safety Executive", "HSE"},
            id="known-abbreviation",
        ),
        pytest.param(
            ("The Federal Aviation Administration grounded the jets.", "The FAA said the jets would stay grounded."),
            {"Federal Aviation Administration", "FAA"},
            id="faa",
        ),
        pytest.param(
            (
                "The Maritime Safety Authority (MSA) opened an investigation into the collision.",
                "The MSA is investigating the collision between the two ferries.",
            ),
            {"Maritime Safety Authority", "MSA"},
            id="invented-abbreviation",
        ),
        pytest.param(
            ("Karen Vell, the chief executive of Orlan Freight, visited the site.", "“We are devastated,” Vell said."),
            {"Karen Vell", "Vell"},
            id="surname",
        ),
    ],
)
def test_names_of_one_thing_resolve_to_one_entity(nlp, texts, names):
    report = story(*texts)
    holders = [e for e in report.entities if names & ({e.name} | set(e.aliases))]
    assert len(holders) == 1, [(e.type, e.name, e.aliases) for e in holders]
    assert names <= {holders[0].name} | set(holders[0].aliases)


# -- claims: slots with values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slot, slot_text, value",
    [
        pytest.param(
            "A bus plunged into a ravine near Lyon on Friday, and 12 people died, police said.",
            "count",
            "12",
            [12.0, 12.0, True],
            id="count-exact",
        ),
        pytest.param(
            "More than 10 people were injured when a crane collapsed, officials said.",
            "count",
            "More than 10",
            [10.0, float("inf"), False],
            id="count-more-than",
        ),
        pytest.param(
            "Brontex agreed to buy Quillon in a deal worth $2.4bn.",
            "amount",
            "$2.4bn",
            [2.4e9, 2.4e9, True, "USD"],
            id="money-bn",
        ),
        pytest.param(
            "A chemical leak forced the evacuation of a school in Lyon on Monday.", "place", "Lyon", "Lyon", id="place"
        ),
        pytest.param(
            "The lawsuit against Tarvex Pharma was filed in the High Court in London.",
            "venue",
            "High Court",
            "High Court",
            id="venue",
        ),
    ],
)
def test_claim_slots(nlp, text, slot, slot_text, value):
    doc = parse_texts([text])[0]
    mentions = extract_mentions(doc, "a1")
    claims = extract_claims(doc, "a1", mentions, None)
    slots = [(s.slot, s.text, s.value) for c in claims for s in c.slots]
    assert (slot, slot_text, value) in slots, slots
    for c in claims:
        for s in c.slots:
            assert text[s.start : s.end] == s.text


# ── indirect speech: cue words learned from PolNeAR (extract/attribution.json); sentences written here ──


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        pytest.param(
            "The harbour authority said the quay would reopen in May.",
            "the quay would reopen in May",
            "harbour authority",
            id="said-that-clause",
        ),
        pytest.param(
            "According to the fire brigade, the blaze started in a storage shed.",
            "the blaze started in a storage shed",
            "fire brigade",
            id="according-to",
        ),
        pytest.param(
            "The blaze started in a storage shed, investigators said on Tuesday.",
            "The blaze started in a storage shed",
            "investigators",
            id="cue-after-content",
        ),
        pytest.param(
            "Marta Olsen told reporters that the ferry had been overloaded.",
            "the ferry had been overloaded",
            "Marta Olsen",
            id="told-reporters",
        ),
    ],
)
def test_indirect_speech(nlp, text, content, speaker):
    _, _, quotes = extracted(text)
    indirect = [q for q in quotes if q.kind == "indirect"]
    assert indirect, quotes
    assert content in indirect[0].text
    assert indirect[0].speaker and speaker.lower() in indirect[0].speaker.lower()


@pytest.mark.parametrize(
    "text",
    [
        "The crew repaired the quay before the storm reached the coast.",
        "The ferry carried 40 cars and two lorries across the strait.",
    ],
)
def test_no_indirect_speech_without_a_cue(nlp, text):
    _, _, quotes = extracted(text)
    assert [q for q in quotes if q.kind == "indirect"] == []


def test_cue_model_was_evaluated_with_outlets_held_out():
    """The shipped cue model's own record: leave-one-outlet-out figures on PolNeAR dev at its threshold."""
    import json
    from importlib import resources

    record = json.loads(resources.files("storydiff.extract").joinpath("attribution.json").read_text("utf-8"))
    cv = record["cv"][str(record["chosen_threshold"])]
    assert cv["speech_cue_recall"] >= 0.9 and cv["precision"] >= 0.9 and cv["indirect_recall"] >= 0.5
    assert record["model"]["threshold"] == record["chosen_threshold"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param(
            "The mayor dismissed the report, saying anyone who complains about the delays “has not ridden the old ferry.”",
            "mayor",
            id="participle-governing-the-quote",
        ),
        pytest.param(
            "The ferry sailed at dawn. “We were never told the engine had failed,” Aoife Brennan, a nurse from Galway"
            " who was travelling with her two children and her mother, told the Harbour Gazette.",
            "Aoife Brennan",
            id="name-then-a-long-apposition-then-the-verb",
        ),
        pytest.param(
            "According to the harbour master, “the crane was never inspected after the storm.”",
            "harbour master",
            id="according-to-before-the-quote",
        ),
        pytest.param(
            "“The ferry was overloaded,” said Ines Brandt, a former Rotterdam port official who now runs a consultancy.",
            "Ines Brandt",
            id="name-not-the-name-inside-its-apposition",
        ),
        # issue 13, 2026-12-07: each rule below was measured on PolNeAR dev outlets it was not written for
        # (docs/evaluation.md); the sentences are new
        pytest.param(
            "Bemoaning the “rigged referee,” Coach Dana Whitlock accused the league of favouring the visitors.",
            "Dana Whitlock",
            id="learned-cue-verb-holding-the-quote-participle",
        ),
        pytest.param(
            "In a radio interview, Senator Maria Ostrova attacked “the cowardice of a council that hides behind its"
            " lawyers.”",
            "Maria Ostrova",
            id="learned-cue-verb-holding-the-quote-object",
        ),
        pytest.param(
            "Over the past decade, Ms. Varga said, a majority of the islanders have come to believe “that the ferry is"
            " the only lifeline we have.”",
            "Varga",
            id="named-speaker-of-an-enclosing-said",
        ),
        pytest.param(
            "Ferry operator Lars Holm spoke to reporters on Monday. He said Mark Dunne was wrong. “The route stays"
            " open,” he added.",
            "Lars Holm",
            id="he-added-is-not-the-man-he-reported-on",
        ),
        pytest.param(
            "As Petra Lindqvist put it in a letter to the board, the plan is “a gift to the developers and nothing for"
            " the tenants.”",
            "Petra Lindqvist",
            id="as-someone-put-it",
        ),
        pytest.param(
            "The advert uses footage of Greta Holm asking, “Why am I not fifty points ahead?”",
            "Greta Holm",
            id="name-then-speech-participle",
        ),
        pytest.param(
            "Norway accused the harbour authority of “reckless neglect.” Sweden's fisheries minister said the report"
            " came too late.",
            "Norway",
            id="quote-ending-its-sentence-is-not-the-next-sentence-speakers",
        ),
        pytest.param(
            "In a speech on Friday, Ines Brandt proclaimed a goal of “Ferries For Everyone.” She told the crowd that"
            " fares would fall.",
            "Ines Brandt",
            id="quote-ending-its-sentence-takes-its-clause-subject",
        ),
        pytest.param(
            "Few people were convinced by the promise. Said Okafor: “I do not think she cares about ferry fares at all.”",
            "Okafor",
            id="said-then-the-name",
        ),
        pytest.param(
            "Coach Ben Ortiz was just as blunt when asked about benching a striker who said he was injured before the"
            " final, saying, “The boy needs rest, and the team needs goals.”",
            "Ben Ortiz",
            id="participle-after-a-relative-clause-is-the-main-clauses",
        ),
    ],
)
def test_quote_speaker_on_new_sentences(nlp, text, speaker):
    found = direct_quotes(text)
    assert found and found[0][1] and speaker.lower() in found[0][1].lower(), found


def test_a_quote_inside_a_quote_of_the_same_style(nlp):
    """“... what he calls “a wasteland” than ...”: the inner curly pair does not close the outer quote, whose
    signature then names the speaker."""
    text = "“I would rather live in what he calls “a wasteland” than live under his rules.” ― Marisol Vega"
    doc = parse_texts([text])[0]  # parsed with straight marks: the quotes are read on the text itself
    quotes = extract_quotes(doc, "a1", extract_mentions(doc, "a1", text), text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("I would rather live in what he calls “a wasteland” than live under his rules.", "Marisol Vega")
    ]


def hand_parsed(nlp, rows, people=()):
    """A Doc with an exact parse (spaCy's ``Doc(vocab, words=..., heads=...)``), for rules about parses the model
    gives real sentences but not short made-up ones. ``rows``: (word, space after, pos, dep, head[, lemma])."""
    from spacy.tokens import Doc, Span

    doc = Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        spaces=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
        lemmas=[r[5] if len(r) > 5 else r[0].lower() for r in rows],
    )
    doc.ents = [Span(doc, i, i + 1, label="PERSON") for i in people]
    return doc


def test_a_name_and_its_apposition_between_the_quote_and_said(nlp):
    """ "“...,” Hollis, a senior union steward, said Monday." parsed with "said" lacking a subject (the name hangs
    off a word inside the quote): the speaker is the name, not the end of its apposition."""
    rows = [
        ('"', False, "PUNCT", "punct", 2), ("We", True, "PRON", "nsubj", 2), ("are", True, "AUX", "ccomp", 13, "be"),
        ("right", False, "ADJ", "acomp", 2), (",", False, "PUNCT", "punct", 2), ('"', True, "PUNCT", "punct", 2),
        ("Hollis", False, "PROPN", "appos", 3), (",", True, "PUNCT", "punct", 6), ("a", True, "DET", "det", 11),
        ("senior", True, "ADJ", "amod", 11), ("union", True, "NOUN", "compound", 11),
        ("steward", False, "NOUN", "appos", 6), (",", True, "PUNCT", "punct", 13),
        ("said", True, "VERB", "ROOT", 13, "say"), ("Monday", False, "PROPN", "npadvmod", 13),
        (".", False, "PUNCT", "punct", 13),
    ]  # fmt: skip
    doc = hand_parsed(nlp, rows, people=[6])
    quotes = extract_quotes(doc, "a1", extract_mentions(doc, "a1"))
    assert [(q.text, q.speaker) for q in quotes] == [("We are right", "Hollis")]


def test_a_quotes_own_words_are_never_its_speaker(nlp):
    """The parser may hang the sentence on a verb inside a quote ("That proves me right"), whose subject a speech verb
    outside it then borrows: no speaker is better than "That"."""
    rows = [
        ("Holm", True, "PROPN", "nsubj", 1), ("hedged", True, "VERB", "ccomp", 5, "hedge"),
        ("--", True, "PUNCT", "punct", 5), ('"', False, "PUNCT", "punct", 5), ("That", True, "PRON", "nsubj", 5),
        ("proves", True, "VERB", "ROOT", 5, "prove"), ("me", True, "PRON", "nsubj", 7, "I"),
        ("right", False, "ADJ", "ccomp", 5), ('"', True, "PUNCT", "punct", 5), ("--", True, "PUNCT", "punct", 5),
        ("and", False, "CCONJ", "cc", 5), (",", True, "PUNCT", "punct", 12),
        ("insisting", False, "VERB", "conj", 5, "insist"), (",", True, "PUNCT", "punct", 12),
        ('"', False, "PUNCT", "punct", 12), ("I", True, "PRON", "nsubj", 16, "I"),
        ("broke", True, "VERB", "ccomp", 12, "break"), ("no", True, "DET", "det", 18),
        ("rule", False, "NOUN", "dobj", 16), (".", False, "PUNCT", "punct", 5), ('"', False, "PUNCT", "punct", 5),
    ]  # fmt: skip
    doc = hand_parsed(nlp, rows, people=[0])
    quotes = extract_quotes(doc, "a1", extract_mentions(doc, "a1"))
    assert len(quotes) == 2
    for q in quotes:
        assert q.speaker is None or q.speaker.lower() not in q.text.lower().split(), (q.text, q.speaker)


def test_a_cue_word_reports_only_where_polnear_saw_it():
    """``CueModel.reports``: a word never seen as a cue does not get its shape's rate (high for a clause); outside
    the model's shapes ("criticized X *as* ..."), the word's best shape decides."""
    from storydiff.extract.attribution import CueModel

    model = CueModel({"say|ccomp": (9, 10), "bemoan|dobj": (3, 3)}, {"ccomp": (60, 100), "dobj": (5, 100)}, 2.0, 0.25)
    assert model.reports("say", "ccomp") and model.reports("bemoan", "dobj")
    assert not model.reports("make", "ccomp")  # unseen: the clause rate (0.6) would keep it
    assert model.reports("bemoan", "prep") and not model.reports("make", "prep")
    assert not model.reports("say", "dobj")  # seen, but never in that shape
    assert not model.reports("bemoan", "dobj", threshold=0.95)


def test_the_town_that_opens_an_agency_name_is_a_place(nlp):
    text = "Officers from the Sacramento Police Department and the Nevada Highway Patrol closed the road."
    doc = parse_texts([text])[0]
    places = {m.name for m in extract_mentions(doc, "a1") if m.type == "PLACE"}
    assert {"Sacramento", "Nevada"} <= places


def test_a_name_given_with_an_age_is_a_person(nlp):
    from storydiff.model import Article
    from storydiff.pipeline import Settings, analyze

    text = "The coroner identified the victim as 26-year-old Jaquez Talley. A neighbour, Odile Marsh, 64, called 911."
    report = analyze([Article(id="a1", text=text, source="t")], Settings(embeddings=False))
    people = {e.name for e in report.entities if e.type == "PERSON"}
    assert {"Jaquez Talley", "Odile Marsh"} <= people, {(e.name, e.type) for e in report.entities}


@pytest.mark.parametrize(
    "text",
    [
        "Forecasters gave the storm a one-in-three chance of reaching the coast on Friday.",
        "Two out of five voters backed the plan on Friday, the poll found.",
    ],
)
def test_odds_and_ratios_are_not_counts(nlp, text):
    from storydiff.model import Article
    from storydiff.pipeline import read_mentions, read_statements

    doc = parse_texts([text])[0]
    aa = read_mentions(Article(id="a1", text=text, source="t", published="2026-06-09"), doc)
    read_statements(aa, doc)
    assert not [v for st in aa.statements for v in st.values if v.kind == "count"]


# -- towns the text places: with their state, or in a dateline (resolve/places.py: town_in_state) ----------


def place_names(text: str) -> set[str]:
    doc = parse_texts([text])[0]
    return {m.name for m in extract_mentions(doc, "a1") if m.type == "PLACE"}


@pytest.mark.parametrize(
    "text, town",
    [
        pytest.param(
            "Barn fire kills six horses | KOINMOLALLA, Ore. — A barn fire killed six horses overnight.",
            "Molalla",
            id="call-sign-glued-to-a-small-town-with-its-state",
        ),
        pytest.param(
            "Deputies seize stolen tractor « CBS DenverBOULDER COUNTY, Colo. (CBS4) – Deputies found it on Sunday.",
            "Boulder County",
            id="county-with-its-state-after-a-site-name",
        ),
        pytest.param(
            "Water main bursts on north side | Fox 12SPOKANE (May 3, 2026) — Crews worked through the night.",
            "Spokane",
            id="dateline-glued-to-a-station-name",
        ),
        pytest.param("SPOKANE — Crews worked through the night after a water main burst.", "Spokane", id="dateline"),
    ],
)
def test_a_town_placed_by_its_state_or_a_dateline(nlp, text, town):
    assert town in place_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE — The road has reopened, police said.",
        "BREAKING - Police are at the scene of a crash.",
        "Senator Mara Lewistown, Pennsylvania Democrat, voted against the bill.",  # a surname that is a town
    ],
)
def test_no_town_from_capitals_or_a_surname(nlp, text):
    assert not place_names(text) - {"Pennsylvania"}


def test_a_state_abbreviation_needs_its_full_stop(nlp):
    assert "Mississippi" in place_names("A barn burned in Greenville, Miss., on Friday.")
    assert "Mississippi" not in place_names("In Greenville, Miss Harper taught for forty years.")


def test_a_town_the_model_types_as_an_organisation_is_a_place_story_wide(nlp):
    text = "A man was hurt | Local News - KOINMOLALLA, Ore. - Molalla police say a man was hurt on Friday."
    report = analyze([Article(id="a1", text=text, source="t")], Settings(embeddings=False))
    assert "Molalla" in {e.name for e in report.entities if e.type == "PLACE"}, [
        (e.name, e.type) for e in report.entities
    ]


def test_words_run_together_by_a_scraper_are_split(nlp):
    doc = parse_texts(["Woman hurt on east sideDETROIT (WJBK) - | 6abc.comPhiladelphia police and Fox 59INDIANAPOLIS"])[
        0
    ]
    words = [t.text for t in doc]
    assert {"side", "DETROIT", "6abc.com", "Philadelphia", "59", "INDIANAPOLIS"} <= set(words), words
    kept = [t.text for t in parse_texts(["McDONALD'S sells mRNA kits for the iPhone on YouTube."])[0]]
    assert {"McDONALD", "mRNA", "iPhone", "YouTube"} <= set(kept), kept


@pytest.mark.parametrize(
    "text, town",
    [
        pytest.param(
            "An 18-year-old Tuskegee man was charged with arson on Friday, Alabama fire officials said.",
            "Tuskegee",
            id="a-town-before-a-resident-noun-with-an-age",
        ),
        pytest.param(
            "Deputies found the stolen truck south of Heflin on Tuesday, the Alabama sheriff's office said.",
            "Heflin",
            id="south-of-a-town",
        ),
    ],
)
def test_a_small_town_of_the_state_the_article_names(nlp, text, town):
    report = analyze([Article(id="a1", text=text, source="t")], Settings(embeddings=False))
    assert town in {e.name for e in report.entities if e.type == "PLACE"}, [(e.name, e.type) for e in report.entities]


def test_a_surname_that_is_a_town_of_the_state_stays_a_person(nlp):
    text = "Sheriff Dale Heflin said the chase ended in Anniston, Alabama."
    report = analyze([Article(id="a1", text=text, source="t")], Settings(embeddings=False))
    assert "Heflin" not in {e.name for e in report.entities if e.type == "PLACE"}


@pytest.mark.parametrize(
    "text, word",
    [
        ("The Fresno County sheriff said the California burglary happened in August.", "August"),
        ("The Arizona senator said the bill would pass in Congress.", "Congress"),
    ],
)
def test_a_month_or_a_body_named_like_a_small_town_is_no_place(nlp, text, word):
    report = analyze([Article(id="a1", text=text, source="t")], Settings(embeddings=False))
    assert word not in {e.name for e in report.entities if e.type == "PLACE"}, [
        (e.name, e.type) for e in report.entities
    ]


def test_an_amount_with_its_scale_after_a_hyphen_is_one_amount():
    """ "$5.4-billion": the scale word after the hyphen belongs to the amount (not $5.40)."""
    _, mentions, _ = extracted("AMD agreed to pay $5.4-billion for ATI, the company said on Monday.")
    money = [m.text for m in mentions if m.type == "MONEY"]
    assert money == ["$5.4-billion"]


def test_a_page_label_in_capitals_is_no_transcript_turn():
    """ "PUBLISHED: WEDNESDAY, MARCH 13, 2013, 2:29 PM" is a page's metadata line, not words spoken by "Published";
    "PENCE: Well, look, we are going to win" is a transcript turn."""
    _, _, quotes = extracted(
        "Police struggled to control the crowd.\nPUBLISHED: WEDNESDAY, MARCH 13, 2013, 2: 29 PM\n"
        "PENCE: Well, look, we are going to win this state.\n"
    )
    assert [(q.speaker, q.text) for q in quotes if q.cue == "transcript"] == [
        ("Pence", "Well, look, we are going to win this state.")
    ]
