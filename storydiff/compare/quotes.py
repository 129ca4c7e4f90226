"""Quote discrepancy: one speaker's one remark quoted with different words by different outlets.

Two quotes are taken to be versions of one remark when they come from the same speaker and
either both say what the speaker called the same thing ("calling the claims '...'") or their
words overlap enough (rapidfuzz) without being the same. Different remarks by one person are
not a discrepancy; a shorter, verbatim excerpt of a longer quote is not one either.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Callable

from rapidfuzz import fuzz

from ..groups import group
from ..model import Evidence, Finding, Position, Quote
from ..resolve.entities import norm_name

SAME_REMARK = 70  # similarity (rapidfuzz ratio) from which two quotes count as versions of one remark
VERBATIM = 96  # from here on they are the same words
SAME_WORDS = 85  # long quotes this alike are one remark, whoever each outlet says said it
SPELLING = 60  # letters alike from which two capitalised words are one name spelled two ways
SHORT_QUOTE = 6  # words from which the same words credited to two people are compared (seven or fewer: verbatim)
CHANGED_WORDS = 2  # words of a long quote that may differ in another version of the same remark
SAME_PART = 92  # the same for a quote found almost word for word inside a longer one (rapidfuzz partial ratio)
PARAPHRASE = 0.8  # cosine similarity (all-MiniLM-L6-v2) from which two quotes may be one remark reworded
PARAPHRASE_SAME_DAY = 0.6  # the same, when both outlets date the remark to the same day


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[^\w' -]", "", text.lower()).strip()


Occasion = Callable[[Quote], set[str]]
Similarity = Callable[[Quote, Quote], float]


def _same_remark(a: Quote, b: Quote, occasion: Occasion | None = None, similar: Similarity | None = None) -> bool:
    """Versions of one remark: both say what the speaker called something, or their words are close, or
    (with embeddings) they mean nearly the same and nothing says they were said on different days."""
    if a.article == b.article:
        return False
    same_day = False
    if occasion is not None:
        da, db = occasion(a), occasion(b)
        if da and db and not da & db:
            return False  # said on different days: different remarks
        same_day = bool(da & db)
    if (
        a.frame == "characterisation"
        and b.frame == "characterisation"
        and max(len(a.text.split()), len(b.text.split())) <= 8
        and not _other_targets(a, b)
        and not (a.cue == b.cue == "said" and not a.target and not b.target)
    ):
        # what the speaker called one thing ("called the raid 'an attack on our heritage'"); not two things
        # ("the raid" / "night-time staffing"), nor two "said it was '...'" remarks with nothing to tie them
        return True
    if fuzz.ratio(_norm(a.text), _norm(b.text)) >= SAME_REMARK:
        return True
    if similar is None or min(len(a.text.split()), len(b.text.split())) < 6:
        return False
    # a paraphrase: "went towards danger so that others could get away" / "ran towards the flames so his
    # neighbours could run": close in meaning and sharing some words
    overlap = fuzz.token_set_ratio(_norm(a.text), _norm(b.text))
    if same_day:  # both outlets date it to that day: a looser paraphrase with the same opening is one remark
        same_opening = _norm(a.text).split()[:2] == _norm(b.text).split()[:2]
        cos = similar(a, b)
        return overlap >= 50 and (cos >= 0.7 or (same_opening and cos >= PARAPHRASE_SAME_DAY))
    return similar(a, b) >= PARAPHRASE and overlap >= 45


def _other_targets(a: Quote, b: Quote) -> bool:
    """Did the speaker characterise two different things ("the raid" / "night-time staffing")?"""
    if not a.target or not b.target:
        return False
    words_a, words_b = (
        {w for w in re.findall(r"[a-z]+", target.lower()) if len(w) > 2 and w not in {"the", "its", "his", "her"}}
        for target in (a.target, b.target)
    )
    return bool(words_a) and bool(words_b) and not words_a & words_b


def _speaker_key(q: Quote, entity_of) -> str | None:
    if not q.speaker:
        return None
    return entity_of(q.speaker) or norm_name(q.speaker)


def quote_position(value: str, quotes: list[Quote], texts: dict[str, str]) -> Position:
    """One side of a quote finding: its value, the articles that hold it and each quote as evidence."""
    return Position(
        value=value,
        articles=sorted({q.article for q in quotes}),
        evidence=[
            Evidence(q.article, q.start, q.end, texts[q.article][q.start : q.end], highlight=[q.start, q.end])
            for q in quotes
        ],
    )


def version_positions(versions: list[list[Quote]], texts: dict[str, str]) -> list[Position]:
    """One position per version of a remark, the version most outlets give first."""
    ordered = sorted(versions, key=lambda v: (-len({q.article for q in v}), v[0].article))
    return [quote_position(v[0].text.strip(" ,.'\""), v, texts) for v in ordered]


def quote_discrepancies(
    quotes: list[Quote],
    texts: dict[str, str],
    outlets: dict[str, str | None],
    entity_of,
    independent,
    occasion: Occasion | None = None,
    similar: Similarity | None = None,
) -> list[Finding]:
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if q.kind != "direct":
            continue
        key = _speaker_key(q, entity_of)
        if key:
            by_speaker[key].append(q)
    findings = []
    for speaker, qs in by_speaker.items():
        if len({q.article for q in qs}) < 2:
            continue
        # remarks: groups of quotes that are versions of one remark
        remarks = group(qs, lambda a, b: _same_remark(a, b, occasion, similar))
        for remark in remarks:
            if len({q.article for q in remark}) < 2:
                continue
            # versions: identical wording (or one a verbatim excerpt of the other) are one version
            versions: list[list[Quote]] = []
            for q in sorted(remark, key=lambda q: -len(q.text)):
                for v in versions:
                    if _same_version(q.text, v[0].text, VERBATIM):
                        v.append(q)
                        break
                else:
                    versions.append([q])
            if len(versions) < 2:
                continue
            arts = [{q.article for q in v} for v in versions]
            if not any(
                independent(a, b)
                for i in range(len(arts))
                for j in range(i + 1, len(arts))
                for a in arts[i] - arts[j]
                for b in arts[j] - arts[i]
            ):
                continue
            positions = version_positions(versions, texts)
            name = remark[0].speaker or speaker
            edit = classify_edit(positions[0].value, positions[1].value)
            characterise = all(q.frame == "characterisation" for q in remark)
            target = next((q.target for q in remark if q.target), None)
            if characterise:
                what = re.sub(r"^(?:the|them|it)\b\s*", "", target or "").strip()
                topic = f"{name}'s words for the {what}" if what else f"what {name} called it"
            else:
                topic = f"what {name} said"
            parts = "; ".join(
                f"{', '.join(p.articles)} {'quotes' if len(p.articles) == 1 else 'quote'} “{p.value}”"
                for p in positions
            )
            both = len(positions) == 2 and writes_both(positions[0], positions[1], texts)
            findings.append(
                Finding(
                    id="",
                    kind="quote_discrepancy",
                    type="quote",
                    topic=topic,
                    severity="medium" if (edit == "substantive" or characterise) and not both else "low",
                    confidence=0.75 if characterise else 0.6,
                    explanation=(
                        f"The outlets quote {name} differently for what looks like the same remark ({edit} edit: "
                        f"{describe_edit(positions[0].value, positions[1].value)}): {parts}."
                        + (BOTH_WORDS if both else "")
                    ),
                    positions=positions,
                )
            )
    return findings


BOTH_WORDS = " Each changed word also appears in an article of the other side: the speaker may have said both."


def writes_both(a: Position, b: Position, texts: dict[str, str]) -> bool:
    """Does every word one version has in place of the other's also appear in an article of the other version
    ("what they're talking" quoted by one outlet, which quotes "what they're finding" a moment later)? Then the
    speaker said both, or the outlet gives both: the outlets do not disagree. The words are looked for with the
    words either side of them in the quote (a counterfactual edit that puts in a word the other article uses
    elsewhere is not explained away)."""
    wa, wb = _words(a.value), _words(b.value)
    ops = [op for op in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes() if op[0] == "replace"]
    if not ops:
        return False

    # an article on both sides (it quotes the remark twice, two ways) explains nothing
    only_a, only_b = sorted(set(a.articles) - set(b.articles)), sorted(set(b.articles) - set(a.articles))
    article_words = {art: " " + " ".join(_words(texts[art])) + " " for art in only_a + only_b}

    def written(words: list[str], i: int, j: int, arts: list[str]) -> bool:
        # with the words either side of it in the quote: "are finding", not "finding" anywhere in the article
        phrase = " " + " ".join(words[max(0, i - 1) : j + 1]) + " "
        return any(phrase in article_words[art] for art in arts)

    return all(written(wb, j1, j2, only_a) or written(wa, i1, i2, only_b) for _, i1, i2, j1, j2 in ops)


# words whose loss or change leaves a remark's meaning as it was
FILLERS = {
    "um",
    "uh",
    "er",
    "well",
    "so",
    "just",
    "really",
    "very",
    "and",
    "but",
    "oh",
    "you",
    "know",
    "like",
    "the",
    "a",
    "an",
}
CONTRACTIONS = {"n't": "not", "'re": "are", "'s": "is", "'ve": "have", "'ll": "will", "'m": "am", "'d": "would"}


def _words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'").lower()
    for short, full in CONTRACTIONS.items():
        text = text.replace(short, " " + full)
    return [w.strip("'") for w in re.findall(r"[\w']+|…|\.\.\.", text) if w.strip("'")]


def word_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """The word-level edits from one version of a quote to the other: (operation, a's words, b's words)."""
    wa, wb = _words(a), _words(b)
    out: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op != "equal":
            out.append((op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return out


def classify_edit(a: str, b: str) -> str:
    """ "trivial" (punctuation, contractions, fillers and function words, an editor's [bracketed] words, a cut
    marked with an ellipsis or at either end) or "substantive" (a number, a negation, a substituted content
    word, an unmarked cut inside the remark)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    a, b = (re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", t) for t in (a, b))
    marked_cut = "…" in a + b or "..." in a + b
    names = {w.lower() for w in re.findall(r"\b[A-Z][\w']+", a + " " + b)}
    wa, wb = _words(a), _words(b)
    ops = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        x, y = wa[i1:i2], wb[j1:j2]
        if op in {"delete", "insert"} and (marked_cut or n == 0 or n == len(ops) - 1):
            continue  # quoting less of the remark, at its start or end or with a marked cut
        if op == "replace" and [w.rstrip("s") for w in x] == [w.rstrip("s") for w in y]:
            continue  # "pew" and "pews"
        if (
            op == "replace"
            and len(x) == len(y)
            and all(p.startswith(q) or q.startswith(p) for p, q in zip(x, y, strict=True))
        ):
            continue  # "Sen." and "Senator": an abbreviation
        if op == "replace" and _spelled_two_ways(x, y, names):
            continue  # "al-Qaddafi" and "Gadhafi": one name in two spellings
        if op == "replace" and len(x) == len(y) and all(map(_one_spelling, x, y)):
            continue  # "realised" and "realized", "neighbourhood" and "neighborhood": British and American
        if op == "replace" and "".join(x) == "".join(y):
            continue  # "e-mail" and "email", "healthcare" and "health care": one word written two ways
        if op == "replace" and len(x) == len(y) and all(map(_one_stem, x, y)):
            continue  # "damages" and "damaged", "walked" and "walking": one word in another form, or a typo
        words = set(x) | set(y)
        if "not" in words or "no" in words or "never" in words or any(w.isdigit() for w in words):
            return "substantive"
        if words <= FILLERS | STOP_WORDS | {"…", "..."}:
            continue
        return "substantive"
    return "trivial"


def _spelled_two_ways(x: list[str], y: list[str], names: set[str]) -> bool:
    """Are two runs of words one name spelled two ways? Each side holds a capitalised word, its other words are
    particles of three letters or fewer ("al", "de", "van"), and the letters are alike (rapidfuzz ratio 60) without
    one holding the other ("legal" / "illegal" is no spelling)."""
    for side in (x, y):
        if not any(w in names for w in side) or any(w not in names and len(w) > 3 for w in side):
            return False
    jx, jy = "".join(x), "".join(y)
    return jx not in jy and jy not in jx and fuzz.ratio(jx, jy) >= SPELLING


def describe_edit(a: str, b: str) -> str:
    """ "“rewrites” for “changes”": the changed words, for the explanation."""
    parts = []
    for op, x, y in word_diff(a, b)[:3]:
        if op == "replace":
            parts.append(f"“{x}” / “{y}”")
        elif op == "delete":
            parts.append(f"“{x}” only in one")
        else:
            parts.append(f"“{y}” only in one")
    return "; ".join(parts) or "punctuation"


# British and American spellings of one word, reduced to one form ("realise"/"realize", "colour"/"color",
# "centre"/"center", "travelled"/"traveled", "analyse"/"analyze")
SPELLINGS = ((re.compile(r"is(e|ed|es|ing|ation)$"), r"iz\1"), (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
             (re.compile(r"our"), "or"), (re.compile(r"tre(s?)$"), r"ter\1"), (re.compile(r"ll(ed|ing|er)$"), r"l\1"))  # fmt: skip


def _one_spelling(x: str, y: str) -> bool:
    """Are two words one word spelt the British and the American way?"""
    if x == y:
        return True
    if len(x) < 4 or len(y) < 4:
        return False
    for pattern, repl in SPELLINGS:
        x, y = pattern.sub(repl, x), pattern.sub(repl, y)
    return x == y


def _one_stem(x: str, y: str) -> bool:
    """Are two words one word with another ending ("damages" / "damaged")? Five letters or more in common from the
    start, and at most two more on either side."""
    n = len(os.path.commonprefix([x, y]))
    return x == y or (n >= 5 and len(x) - n <= 2 and len(y) - n <= 2)


def _same_person(x: str, y: str) -> bool:
    """ "Dirk Kempthorne" and "Dirk A. Kempthorne"; "Halcyon" and "Halcyon's Priya Raman"; "Vincent DelGiudice"
    and "Vincent Del Giudice": one voice."""
    if x in y or y in x or x.replace(" ", "") == y.replace(" ", ""):
        return True
    wx, wy = x.split(), y.split()
    return len(wx) >= 2 and len(wy) >= 2 and wx[0] == wy[0] and wx[-1] == wy[-1]


def quote_speaker_conflicts(
    quotes: list[Quote],
    texts: dict[str, str],
    entity_of: Callable[[str], str | None],
    independent: Callable[[str, str], bool],
    person: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """The same words (a direct quote of six words or more; under eight, verbatim, and only between two people:
    ``person`` says whether a speaker's name is a person's) credited to different named speakers."""
    # only speakers with a name ("Jack Ketsoyan", "Halcyon"), not descriptions ("her rep", "a reporter")
    qs = [
        q
        for q in quotes
        if q.kind == "direct" and q.speaker and len(q.text.split()) >= SHORT_QUOTE and q.speaker[:1].isupper()
        and entity_of(q.speaker) is not None and not re.fullmatch(r"[A-Z]{1,4}", q.speaker)
    ]  # fmt: skip
    if person is not None:
        # a remark credited to a person by one outlet and to an organisation by another ("Senate", "ABC
        # Entertainment Group" for its president) is one voice speaking for a body far more often than a
        # misattribution: only people are compared (2026-12-07: long remarks too; two such findings on real
        # coverage, both one voice)
        qs = [q for q in qs if person(q.speaker or "")]
    same = group(qs, lambda a, b: a.article != b.article and _same_words(a.text, b.text))
    findings = []
    for remark in same:
        by_speaker: dict[str, list[Quote]] = defaultdict(list)
        for q in remark:
            by_speaker[_speaker_key(q, entity_of) or ""].append(q)
        by_speaker.pop("", None)
        if len(by_speaker) < 2:
            continue
        keys = sorted(by_speaker, key=lambda k: (-len(by_speaker[k]), k))
        named = {k: {norm_name(q.speaker or "") for q in by_speaker[k]} for k in keys}
        # "Halcyon" and "Priya Raman, Halcyon's spokeswoman": one voice if a name holds the other
        if any(_same_person(x, y) for x in named[keys[0]] for j in keys[1:] for y in named[j]):
            continue
        if not any(
            independent(a.article, b.article) for a in by_speaker[keys[0]] for k in keys[1:] for b in by_speaker[k]
        ):
            continue
        positions = [quote_position(by_speaker[k][0].speaker or k, by_speaker[k], texts) for k in keys]
        # an article that names the other outlet's speaker in the quote's own paragraph ("Vieira asked Trump,
        # '...?' His response: '...'") may have the speaker wrong itself: a discrepancy to check, not a conflict
        beside = any(
            _named_in_paragraph(q, by_speaker[k][0].speaker or "", texts[q.article])
            for k in keys
            for j in keys
            if j != k
            for q in by_speaker[j]
        )
        words = remark[0].text.strip(" ,.'\"")
        short = " ".join(words.split()[:12]) + ("…" if len(words.split()) > 12 else "")
        findings.append(
            Finding(
                id="",
                kind="quote_discrepancy",
                type="quote_speaker",
                topic=f"who said “{short}”",
                severity="low" if beside else "medium",
                confidence=0.5 if beside else 0.7,
                explanation="The outlets credit the same words to different people: "
                + "; ".join(f"{', '.join(p.articles)}: {p.value}" for p in positions)
                + "."
                + (" One article also names the other speaker next to the quote: check who spoke." if beside else ""),
                positions=positions,
            )
        )
    return findings


def _named_in_paragraph(q: Quote, name: str, text: str) -> bool:
    """Is ``name`` (or its last word, a surname) written in the paragraph of quote ``q``, outside the quote?"""
    words = name.split()
    if not words:
        return False
    start = text.rfind("\n", 0, q.start) + 1
    end = text.find("\n", q.end)
    paragraph = text[start : q.start] + " " + text[q.end : end if end >= 0 else len(text)]
    return re.search(r"\b" + re.escape(words[-1]) + r"\b", paragraph) is not None


def _same_version(shorter: str, longer: str, letters: float = SAME_REMARK) -> bool:
    """One version of a remark: a verbatim excerpt, or letters alike from ``letters`` (rapidfuzz ratio) with only
    trivial edits between them (punctuation, a contraction, a filler, a cut at either end or marked with an
    ellipsis). A single content word, number or negation changed in a long quote makes another version, however
    alike the two are letter by letter ("campaigns for public office" / "for private office"). The report's
    versions use ``VERBATIM``, so that a trivially reworded remark is still shown, at low severity."""
    ns, nl = _norm(shorter), _norm(longer)
    return ns in nl or (fuzz.ratio(ns, nl) >= letters and classify_edit(shorter, longer) == "trivial")


def _same_words(a: str, b: str) -> bool:
    """The same words, near enough: a long quote with a letter or two changed, a short one (``SHORT_QUOTE`` to
    seven words) verbatim."""
    ratio = fuzz.ratio(_norm(a), _norm(b))
    if min(len(a.split()), len(b.split())) < 8:
        return ratio >= VERBATIM
    return ratio >= VERBATIM - 6


def _one_remark(a: str, b: str) -> bool:
    """Nearly all the words of one quote, or of the shorter quote inside the longer one (an outlet that quotes
    more of the remark, or runs two sentences into one quote): letter by letter (rapidfuzz), or word by word,
    all but ``CHANGED_WORDS`` of the shorter quote's words found in order in one stretch of the longer."""
    na, nb = _norm(a), _norm(b)
    if fuzz.ratio(na, nb) >= SAME_WORDS:
        return True
    shorter = min(na, nb, key=len)
    if len(shorter.split()) < 8:
        return False
    if fuzz.partial_ratio(na, nb) >= SAME_PART:
        return True
    ws, wl = sorted((_words(a), _words(b)), key=len)
    blocks = [m for m in difflib.SequenceMatcher(a=ws, b=wl, autojunk=False).get_matching_blocks() if m.size]
    matched = sum(m.size for m in blocks)
    if not blocks or matched < len(ws) - CHANGED_WORDS or matched < 0.8 * len(ws):
        return False
    return blocks[-1].b + blocks[-1].size - blocks[0].b <= len(ws) + CHANGED_WORDS


def quote_wording_by_words(
    quotes: list[Quote],
    texts: dict[str, str],
    independent: Callable[[str, str], bool],
    covered: set[tuple[str, int]],
) -> list[Finding]:
    """One remark quoted with a word changed, whoever each outlet says spoke: long direct quotes (eight words
    or more) of two independent outlets that share nearly all their words (rapidfuzz ratio from
    ``SAME_WORDS``) but are not verbatim. ``covered``: quotes (article, start) already in a finding."""
    qs = [q for q in quotes if q.kind == "direct" and len(q.text.split()) >= 8 and (q.article, q.start) not in covered]
    remarks = group(
        qs,
        lambda a, b: a.article != b.article and independent(a.article, b.article) and _one_remark(a.text, b.text),
    )
    findings = []
    for remark in remarks:
        versions: list[list[Quote]] = []
        for q in sorted(remark, key=lambda q: -len(q.text)):
            for v in versions:
                if _same_version(q.text, v[0].text):
                    v.append(q)
                    break
            else:
                versions.append([q])
        if len(versions) != 2:
            continue  # more than two versions: the words of different remarks have been chained together
        edit = classify_edit(versions[0][0].text, versions[1][0].text)
        if edit != "substantive":
            continue
        positions = version_positions(versions, texts)
        both = writes_both(positions[0], positions[1], texts)
        speakers = sorted({q.speaker for q in remark if q.speaker})
        who = " or ".join(speakers) if speakers else "the speaker"
        findings.append(
            Finding(
                id="",
                kind="quote_discrepancy",
                type="quote",
                topic=f"what {who} said",
                severity="low" if both else "medium",
                confidence=0.6,
                explanation=(
                    f"The outlets quote one remark with different words ({edit} edit: "
                    f"{describe_edit(positions[0].value, positions[1].value)})." + (BOTH_WORDS if both else "")
                ),
                positions=positions,
            )
        )
    return findings
