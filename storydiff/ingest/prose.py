"""Is this text a news article? Topic pages of teasers, a reporter's notes, README files and one-liners are not.

The signal is the text's own shape, not its words: an article is mostly running sentences. Each line
(paragraph) counts as prose when it has several words and ends as a sentence ends; headings, teasers,
bullet points, code and link lists do not. ``why_not_an_article`` gives the reason to list a skip with,
or ``None``. The thresholds live in ``ArticleShape``; their effect on real articles and on non-articles
is measured in ``benchmarks/non_articles.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article

SENTENCE_END = re.compile(r"[.!?…:][\s\"'”’»)\]]*$")
LIST_MARK = re.compile(r"^\s*(?:[-*•#>|]|\d+[.)]\s|```)")
LINK = re.compile(r"^(?:https?\s*:|www\s*\.)", re.IGNORECASE)  # a line that starts with a link
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"'“‘(]?[A-Z0-9]")


@dataclass(frozen=True)
class ArticleShape:
    min_words: int = 20  # fewer words than this is a menu, a caption or an error page
    min_sentences: int = 2
    min_prose_share: float = 0.5  # of the text's words, in lines that read as sentences
    prose_line_words: int = 8


def unwrap(text: str) -> list[str]:
    """The text's lines, with hard-wrapped paragraphs (lines cut near one width) joined again."""
    lines = [ln.strip() for ln in text.split("\n")]
    lengths = sorted(len(ln) for ln in lines if ln)
    width = (
        lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    )  # where most lines are cut (a longer one may stick out)
    full = [n for n in lengths if n >= 0.75 * width]
    if width > 120 or len(full) < 0.5 * len(lengths):
        return lines  # paragraphs are lines already
    out: list[str] = []
    joining = False
    for ln in lines:
        if joining and ln and not LIST_MARK.match(ln):
            out[-1] += " " + ln
        else:
            out.append(ln)
        joining = bool(ln) and len(ln) >= 0.75 * width and not SENTENCE_END.search(ln)
    return out


def prose_share(text: str, shape: ArticleShape = ArticleShape()) -> float:
    """The share of the text's words in lines that read as running sentences."""
    total = prose = 0
    for line in unwrap(text):
        if not line or LINK.match(line):
            continue  # a source link is metadata, neither prose nor clutter
        words = len(line.split())  # by words: one long token (an inline image, a URL) weighs one word
        total += words
        if LIST_MARK.match(line):
            continue
        if len(line.split()) >= shape.prose_line_words and (
            SENTENCE_END.search(line) or len(SENTENCE_BREAK.findall(line)) >= 2
        ):
            prose += words
    return prose / total if total else 0.0


def why_not_an_article(text: str, shape: ArticleShape = ArticleShape()) -> str | None:
    """A reason this text is not a news article, or None when it reads as one."""
    words = len(text.split())
    if words < shape.min_words:
        return f"too short for an article ({words} words, fewer than {shape.min_words})"
    lines = [ln for ln in text.split("\n") if ln.strip() and not LINK.match(ln.strip())]
    sentences = len(SENTENCE_BREAK.findall(text)) + 1
    if len(lines) < 2 and sentences < shape.min_sentences:
        return f"one line of {words} words, not an article"
    share = prose_share(text, shape)
    if share < shape.min_prose_share:
        return (
            f"mostly headings, lists or fragments ({share:.0%} of its text is running sentences): "
            "an index page, notes, a table or a README, not an article"
        )
    return None


def mark_non_articles(articles: list[Article], shape: ArticleShape = ArticleShape()) -> list[Article]:
    """Texts that are not news articles are skipped, with the reason (HTML pages are judged as extracted)."""
    for a in articles:
        if a.status != "analyzed":
            continue
        why = why_not_an_article(a.text, shape)
        if why is not None:
            a.status = "skipped"
            a.reason = why
    return articles
