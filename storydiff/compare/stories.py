"""Group a pile of articles into stories, so that comparison stays within one story."""

from __future__ import annotations

from ..model import AnalyzedArticle, Story


def group_stories(arts: list[AnalyzedArticle], threshold: float) -> list[Story]:
    """Stories of the given articles (placeholder: one story holding every article)."""
    return [Story(id="s1", title=story_title(arts), articles=[aa.article.id for aa in arts])]


def story_title(arts: list[AnalyzedArticle]) -> str:
    titles = [aa.article.title for aa in arts if aa.article.title]
    if titles:
        return min(titles, key=len)
    return arts[0].article.text.split(".")[0][:100] if arts else ""
