"""Sentence embeddings (the real MiniLM model): a text's vector is the same bit for bit whatever else is
embedded with it, so texts may be embedded once each, in any batches, and in any order."""

from __future__ import annotations

import random
import threading

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


def test_every_embedding_runs_in_the_one_embedding_thread(monkeypatch):
    threads = []
    real = embed_module._embed

    def spy(texts, batch_size):
        threads.append(threading.get_ident())
        return real(texts, batch_size)

    monkeypatch.setattr(embed_module, "_embed", spy)
    first = embed(TEXTS[:3])
    later = embed_module.embed_later(TEXTS[3:6])
    assert np.array_equal(embed(TEXTS[:6])[3:], later.result())
    assert np.array_equal(embed(TEXTS[:3]), first)
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()


def test_claims_embedded_while_read_get_the_rows_of_one_call(monkeypatch):
    """``extract_each`` embeds each article's claims in a thread as they are read, a few sentences at a time
    here (``EMBED_CHUNK``): every article's rows are those one ``embed_claims`` call over all of them gives."""
    from conftest import EXAMPLES

    from storydiff import pipeline
    from storydiff.ingest import read_paths

    articles = [a for a in read_paths([EXAMPLES / "harbour-fire"]) if a.status == "analyzed"]
    settings = pipeline.Settings(n_process=1)
    docs = pipeline.parse(articles, settings)
    monkeypatch.setattr(pipeline, "EMBED_CHUNK", 7)
    submitted: list[list[str]] = []
    real = embed_module.embed_later
    monkeypatch.setattr(embed_module, "embed_later", lambda texts: submitted.append(texts) or real(texts))
    arts = pipeline.extract(articles, docs, settings)
    assert len(submitted) > 3  # several chunks, the first while later articles were still being read
    assert len({t for chunk in submitted for t in chunk}) == sum(map(len, submitted))  # each sentence once
    monkeypatch.undo()
    kept = [aa.embeddings.copy() for aa in arts]
    pipeline.embed_claims(arts)
    assert all(np.array_equal(a, aa.embeddings) for a, aa in zip(kept, arts, strict=True))
    assert any(aa.embeddings.any() for aa in arts)
