"""Bad input never stops a run: each bad file is listed as skipped, with a reason, and named on stderr."""

from __future__ import annotations

import json
import random

import pytest
from conftest import run_cli, run_cli_subprocess

FERRY = """\
Title: Ferry runs aground off Carrow Point
Outlet: The Tidewater Post
Published: 2026-02-11

A passenger ferry operated by Solvik Lines ran aground off Carrow Point on Tuesday evening, and 40 passengers
were taken off by lifeboat crews. The coastguard said nobody was seriously hurt. "The crew did everything right,"
said Ingrid Halvorsen, a spokesperson for Solvik Lines. The Maritime Safety Authority has opened an inquiry.
"""

BRIDGE = """\
Title: Carrow bridge closed after ferry grounding
Outlet: Harbour Evening News
Published: 2026-02-12

Road traffic was diverted on Wednesday after a ferry ran aground near the Carrow bridge late on Tuesday. Solvik
Lines said 38 passengers had been brought ashore and that engineers were inspecting the hull. Local councillor
Owen Pryce said residents had been told to avoid the harbour road until the ferry was refloated.
"""

# cp1252: curly quotes are bytes 0x93/0x94 and é is 0xE9, none of them valid UTF-8 here
CP1252 = (
    "Title: Café owners count the cost\n"
    "Outlet: Le Petit Quai\n\n"
    "The owner of the harbour café, Renée Marchal, said the grounding had emptied her terrace for a second day. "
    "\u201cWe lost a whole week of trade,\u201d said Renée Marchal, who has run the café near Carrow Point for "
    "eleven years. Other traders on the quay said the closure of the bridge had kept visitors away from the "
    "harbour since Tuesday night, and the council promised to review its support for small businesses.\n"
)

JSONL_GOOD_1 = {
    "id": "wire-1",
    "outlet": "Coast Wire",
    "text": "Solvik Lines said on Wednesday that the grounded ferry would be towed to dry dock at Brennholm once "
    "the tide allowed. Divers found a gash in the hull below the waterline, the company said.",
}
JSONL_GOOD_3 = {
    "id": "wire-3",
    "outlet": "Coast Wire",
    "text": "Passengers from the grounded Solvik Lines ferry described a sudden jolt and a slow list to port. "
    "The coastguard said lifeboat crews from two stations had helped bring them ashore on Tuesday night.",
}


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    rng = random.Random(7)
    (folder / "noise.txt").write_bytes(bytes(rng.randrange(256) for _ in range(2048)) + b"\x00\x00\x00")
    (folder / "cafe.txt").write_bytes(CP1252.encode("cp1252"))
    lines = [json.dumps(JSONL_GOOD_1), '{"id": "wire-2", "text": "an unterminated', json.dumps(JSONL_GOOD_3)]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mixed_run(mixed_folder, tmp_path_factory):
    """The installed command on the mixed folder plus a path that does not exist."""
    out = tmp_path_factory.mktemp("mixed-out") / "report.json"
    missing = mixed_folder.parent / "no-such-article.txt"
    result = run_cli_subprocess(["analyze", mixed_folder, missing, "--json", out, "--no-embeddings"])
    report = json.loads(out.read_text("utf-8")) if out.exists() else None
    return result, report


def test_mixed_folder_exits_0(mixed_run):
    result, report = mixed_run
    assert result.code == 0, result.output
    assert report is not None


@pytest.mark.parametrize("article_id", ["ferry", "bridge", "cafe", "wire-1", "wire-3"])
def test_every_good_article_is_analyzed(mixed_run, article_id):
    _, report = mixed_run
    by_id = {a["id"]: a for a in report["articles"]}
    assert article_id in by_id, sorted(by_id)
    assert by_id[article_id]["status"] == "analyzed", by_id[article_id]["reason"]
    assert by_id[article_id]["words"] > 20


def test_cp1252_file_is_decoded(mixed_run):
    _, report = mixed_run
    cafe = next(a for a in report["articles"] if a["id"] == "cafe")
    assert "Renée Marchal" in cafe["text"]
    assert "café" in cafe["text"]
    assert "\u201cWe lost a whole week of trade,\u201d" in cafe["text"]
    assert "\ufffd" not in cafe["text"]
    assert cafe["outlet"] == "Le Petit Quai"
    assert any(q["article"] == "cafe" and q["text"].startswith("We lost a whole week") for q in report["quotes"])


@pytest.mark.parametrize(
    "source_end, reason_words, stderr_names",
    [
        pytest.param("empty.txt", "empty", "empty.txt", id="empty"),
        pytest.param("noise.txt", "binary", "noise.txt", id="binary"),
        pytest.param("wire.jsonl:2", "line 2", "wire.jsonl:2", id="jsonl-malformed-line"),
        pytest.param("no-such-article.txt", "no such file", "no-such-article.txt", id="nonexistent"),
    ],
)
def test_bad_input_is_listed_as_skipped_and_named_on_stderr(mixed_run, source_end, reason_words, stderr_names):
    result, report = mixed_run
    skipped = [a for a in report["articles"] if a["source"].endswith(source_end)]
    assert len(skipped) == 1, [a["source"] for a in report["articles"]]
    art = skipped[0]
    assert art["status"] == "skipped"
    assert art["reason"] and reason_words in art["reason"].lower()
    lines = [line for line in result.stderr.splitlines() if stderr_names in line]
    assert lines, result.stderr
    assert "skipped" in lines[0].lower()
    assert art["reason"] in " ".join(result.stderr.split())


def test_jsonl_good_lines_around_a_bad_one_are_kept(mixed_run):
    _, report = mixed_run
    from_jsonl = [a for a in report["articles"] if ".jsonl:" in a["source"]]
    assert [a["status"] for a in from_jsonl] == ["analyzed", "skipped", "analyzed"]
    assert "malformed JSON" in from_jsonl[1]["reason"]


def test_skipped_inputs_carry_no_analysis(mixed_run):
    _, report = mixed_run
    skipped = {a["id"] for a in report["articles"] if a["status"] == "skipped"}
    assert len(skipped) == 4
    assert not [q for q in report["quotes"] if q["article"] in skipped]
    assert not [c for c in report["claims"] if c["article"] in skipped]


def test_only_bad_inputs_exit_2_with_a_clear_message(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(b"\x00\x01\x02\xff" * 300)
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    result = run_cli(["analyze", tmp_path, "--no-embeddings"])
    assert result.code == 2
    assert "no article could be analyzed" in result.stderr
    for name in ("empty.txt", "noise.txt", "bad.jsonl:1"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_only_bad_inputs_exit_2_from_the_installed_command(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli_subprocess(["analyze", tmp_path, tmp_path / "missing.html"])
    assert result.code == 2, result.output
    assert "storydiff: no article could be analyzed" in result.stderr
    assert "missing.html" in result.stderr and "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_given_exits_2(tmp_path):
    result = run_cli(["analyze"])
    assert result.code == 2
    assert "nothing to analyze" in result.stderr


def test_nonexistent_path_alone_is_skipped_with_reason():
    from storydiff.ingest import read_paths

    [art] = read_paths(["/nonexistent/story/article.txt"])
    assert art.status == "skipped"
    assert art.reason == "no such file or folder"
    assert art.source == "/nonexistent/story/article.txt"
