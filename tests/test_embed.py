"""Sentence embeddings (the real MiniLM model): a text's vector is the same bit for bit whatever else is
embedded with it, so texts may be embedded once each, in any batches, and in any order."""

from __future__ import annotations

import random

import numpy as np

from storydiff.nlp import embed as embed_module
from storydiff.nlp.embed import embed

TEXTS = [
    "Eight cars plunged into the water when the quay collapsed on Tuesday night.",
    "The quay collapsed, sending five cars into the harbour.",
    "Unions said the strike would last 48 hours.",
    "A 24-hour strike",
    "home",
    "house",
    "The court fined the company £2.4m under section 3 of the Health and Safety at Work Act.",
    "“We will appeal,” the club's chairman told reporters after the hearing in Lausanne.",
    "Police said 14 people were taken to hospital, two of them in a critical condition, after the fire "
    "spread from a warehouse to three neighbouring buildings in the early hours of Sunday morning.",
    "",
    "Officials did not confirm the figure.",
]


def test_a_vector_does_not_depend_on_its_batch():
    whole = embed(TEXTS)
    assert whole.shape == (len(TEXTS), 384)
    alone = np.stack([embed([t])[0] for t in TEXTS])
    assert np.array_equal(whole, alone)
    for size in (1, 2, 3, 64):
        assert np.array_equal(embed_module._embed(TEXTS, size), whole)
    order = list(range(len(TEXTS)))
    random.Random(0).shuffle(order)
    assert np.array_equal(embed([TEXTS[i] for i in order]), whole[order])


def test_a_text_given_twice_is_embedded_once_with_the_same_vector(monkeypatch):
    seen: list[list[str]] = []
    real = embed_module._embed

    def spy(texts, batch_size):
        seen.append(list(texts))
        return real(texts, batch_size)

    monkeypatch.setattr(embed_module, "_embed", spy)
    texts = [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[2], TEXTS[1]]
    vecs = embed(texts)
    assert seen == [[TEXTS[0], TEXTS[1], TEXTS[2]]]
    assert np.array_equal(vecs[0], vecs[2]) and np.array_equal(vecs[1], vecs[4])
    assert np.array_equal(vecs, real(texts, 32))


def test_the_model_loaded_in_a_thread_is_the_one_used():
    embed_module.preload()
    session, _ = embed_module._model()
    embed_module.preload()  # loaded already: nothing more
    assert embed_module._model()[0] is session
    assert len(embed_module._LOADED) == 1


def test_claims_are_embedded_once_each_and_get_the_rows_of_their_sentences():
    """``embed_claims``: one call, each distinct sentence worth embedding once; a claim without a comparable
    value gets a zero row; a sentence two articles share gets the same row in both (no model: a fake embed)."""
    from storydiff.model import AnalyzedArticle, Article, Claim, Slot
    from storydiff.pipeline import embed_claims

    def claim(article: str, n: int, text: str, slot: bool) -> Claim:
        slots = [Slot(slot="count", value="5", text="five", start=0, end=4)] if slot else []
        return Claim(id=f"{article}-{n}", article=article, text=text, start=0, end=len(text), slots=slots)

    shared = "Five cars fell into the harbour."
    a = AnalyzedArticle(article=Article(id="a", text=shared, source="a.txt"))
    a.claims = [claim("a", 0, shared, True), claim("a", 1, "It rained.", False), claim("a", 2, "Two died.", True)]
    b = AnalyzedArticle(article=Article(id="b", text=shared, source="b.txt"))
    b.claims = [claim("b", 0, "Two died.", True), claim("b", 1, shared, True)]
    calls: list[list[str]] = []

    def fake(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.stack([np.full(384, float(len(t)), dtype=np.float32) for t in texts])

    embed_claims([a, b], fake)
    assert calls == [[shared, "Two died."]]
    assert a.embeddings.shape == (3, 384) and b.embeddings.shape == (2, 384)
    assert not a.embeddings[1].any()
    assert np.array_equal(a.embeddings[0], b.embeddings[1]) and a.embeddings[0][0] == len(shared)
    assert np.array_equal(a.embeddings[2], b.embeddings[0]) and b.embeddings[0][0] == len("Two died.")


def test_a_small_pile_embedded_beside_its_statements_gets_the_rows_of_embed_claims():
    """A small pile's claims are embedded article by article in a thread while the statements are read
    (``extract_each`` with ``preload``): the rows are bit for bit those of one ``embed_claims`` after them."""
    from pathlib import Path

    from storydiff.ingest import read_paths
    from storydiff.pipeline import Settings, embed_claims, extract_each, iter_parse_each

    folder = Path(__file__).resolve().parent.parent / "examples" / "harbour-fire"
    articles = [a for a in read_paths([folder]) if a.status == "analyzed"]
    settings = Settings(n_process=1)
    beside = extract_each(iter_parse_each(articles, settings), settings, preload=True)
    after = extract_each(iter_parse_each(articles, settings), settings, preload=False)
    assert [aa.embeddings.shape for aa in beside] == [aa.embeddings.shape for aa in after]
    assert sum(int(aa.embeddings.any(axis=1).sum()) for aa in beside) > 10
    for x, y in zip(beside, after, strict=True):
        assert np.array_equal(x.embeddings, y.embeddings)
    rows = [aa.embeddings for aa in after]
    embed_claims(after)
    assert all(np.array_equal(x, aa.embeddings) for x, aa in zip(rows, after, strict=True))
