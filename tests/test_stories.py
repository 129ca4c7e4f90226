"""Grouping a mixed pile of articles into stories (no model needed: mentions and embeddings made by hand)."""

from __future__ import annotations

import numpy as np
import pytest

from storydiff.compare.stories import (
    DEFAULT_THRESHOLD,
    average_linkage,
    entity_key,
    group_stories,
    story_title,
)
from storydiff.model import AnalyzedArticle, Article, Mention, Sentence


def _vec(*hot: int) -> np.ndarray:
    v = np.full(384, 0.01, dtype=np.float32)
    for h in hot:
        v[h] = 1.0
    return v / np.linalg.norm(v)


def make(
    id: str, names: list[tuple[str, str]], topic: int, title: str | None = None, published: str | None = None
) -> AnalyzedArticle:
    text = f"{title or id}. " + " ".join(n for n, _ in names) + "."
    mentions = [Mention(article=id, start=0, end=len(n), text=n, type=t, name=n) for n, t in names]
    art = Article(id=id, text=text, source=f"{id}.txt", title=title, published=published)
    # two claims per article, both near the story's direction
    emb = np.vstack([_vec(topic), _vec(topic, topic + 1)])
    return AnalyzedArticle(article=art, sentences=[Sentence(id, 0, len(text), text)], mentions=mentions, embeddings=emb)


FIRE = [("Immingham", "PLACE"), ("Humber Bulk Liquids", "ORG"), ("Helen Ashworth", "PERSON")]
APPEAL = [("Court of Arbitration for Sport", "COURT"), ("Mia Torres", "PERSON"), ("Swimming Australia", "ORG")]


def pile() -> list[AnalyzedArticle]:
    return [
        make("a1", FIRE, 10, "Blast at Immingham depot kills four", "2026-03-02"),
        make("b1", APPEAL, 50, "Torres appeal heard", "2026-03-03"),
        make("a2", FIRE[:2], 10, "Four dead in Immingham port explosion", "2026-03-02"),
        make("b2", APPEAL[:2], 50, "Swimmer's doping appeal", "2026-03-04"),
        make("a3", FIRE, 10, "Immingham fire", "2026-03-03"),
        make("b3", APPEAL, 50, None, None),
    ]


def test_two_stories_in_order_of_first_article():
    stories = group_stories(pile(), DEFAULT_THRESHOLD)
    assert [(s.id, s.articles) for s in stories] == [("s1", ["a1", "a2", "a3"]), ("s2", ["b1", "b2", "b3"])]
    assert stories[0].title == "Immingham fire"  # the shortest title
    assert stories[1].title == "Torres appeal heard"


def test_higher_threshold_splits_and_zero_merges_linked_ones():
    strict = group_stories(pile(), 1.0)  # only articles with the same names and direction stay together
    assert ["a2"] in [s.articles for s in strict] and len(strict) > 2
    assert len(group_stories(pile(), 0.0)) <= 2


def test_articles_far_apart_in_time_are_not_one_story():
    arts = [make("x1", FIRE, 10, "Fire", "2026-03-02"), make("x2", FIRE, 10, "Fire again", "2026-09-02")]
    assert [s.articles for s in group_stories(arts, DEFAULT_THRESHOLD)] == [["x1"], ["x2"]]


def test_without_embeddings_title_and_lead_are_embedded(monkeypatch):
    calls = []

    def fake_embed(texts):
        calls.append(texts)
        return np.vstack([_vec(10) if "Immingham" in t else _vec(50) for t in texts])

    monkeypatch.setattr("storydiff.nlp.embed.embed", fake_embed)
    arts = pile()
    for aa in arts:
        aa.embeddings = None
    stories = group_stories(arts, DEFAULT_THRESHOLD)
    assert len(calls) == 1 and len(calls[0]) == 6
    assert [s.articles for s in stories] == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]


def test_bad_threshold_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        group_stories(pile(), 1.5)


def test_small_piles():
    assert group_stories([], 0.3) == []
    (one,) = group_stories(pile()[:1], 0.3)
    assert one.articles == ["a1"] and one.id == "s1"


def test_average_linkage_does_not_chain():
    # 0-1 and 1-2 are close, 0-2 unrelated: average linkage keeps 2 out at a threshold above the mean
    scores = {(0, 1): 0.9, (1, 2): 0.6}
    assert sorted(map(sorted, average_linkage(3, scores, 0.5))) == [[0, 1], [2]]
    assert sorted(map(sorted, average_linkage(3, scores, 0.25))) == [[0, 1, 2]]


def test_entity_key():
    assert entity_key("The  High Court") == "high court"
    assert entity_key("Alibaba's") == "alibaba"


def test_story_title_falls_back_to_first_sentence():
    aa = AnalyzedArticle(article=Article(id="x", text="A fire broke out. More later.", source="x"))
    assert story_title([aa]) == "A fire broke out"
