"""The Dask runner gives the very report the single-process run gives (a real 2-worker LocalCluster)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from storydiff.compare.stories import DEFAULT_THRESHOLD  # noqa: E402
from storydiff.ingest import read_paths  # noqa: E402
from storydiff.model import Article  # noqa: E402
from storydiff.pipeline import Settings, analyze  # noqa: E402
from storydiff.scale.dask_runner import analyze_on_dask, connect  # noqa: E402
from storydiff.scale.parquet import SCHEMAS, write_parquet  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-fire"

# a second, unrelated story, so that grouping and the per-story map both have work
OTHER = [
    (
        "The Valley Times",
        "Regional rail strike called off",
        "2026-03-03",
        "A rail strike planned for Friday by the Transport Workers Union was called off on Tuesday after "
        "Northline Rail offered drivers a 6% pay rise. Union leader Dana Price said members would vote on the "
        'offer next week. "This is a fair deal for drivers," Price said.',
    ),
    (
        "Metro Post",
        "Rail strike suspended as Northline makes new pay offer",
        "2026-03-03",
        "The Transport Workers Union suspended Friday's strike at Northline Rail after the operator offered a "
        "5% pay rise, union leader Dana Price said. Northline Rail said the offer was its final one. "
        '"We are pleased the strike will not go ahead," a Northline spokesperson said.',
    ),
]


def articles() -> list[Article]:
    arts = [a for a in read_paths([str(EXAMPLE)]) if a.status == "analyzed"]
    for n, (outlet, title, published, text) in enumerate(OTHER):
        arts.append(
            Article(id=f"rail-{n}", text=text, source=f"rail-{n}.txt", outlet=outlet, title=title, published=published)
        )
    return arts


@pytest.fixture(scope="module")
def client():
    client, cluster = connect("local:2")
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_dask_report_equals_single_process(client):
    from storydiff.scale.dask_runner import analyze_with_client

    settings = Settings(story_threshold=DEFAULT_THRESHOLD)
    pile = articles()
    expected = json.dumps(analyze(pile, settings).to_dict(), sort_keys=True)
    got = json.dumps(analyze_with_client(client, articles(), settings).to_dict(), sort_keys=True)
    assert got == expected
    assert len(json.loads(got)["stories"]) == 2


@pytest.mark.slow
def test_analyze_on_dask_starts_and_stops_a_local_cluster():
    settings = Settings(embeddings=False)
    pile = articles()[:3]
    expected = analyze(pile, settings).to_dict()
    assert analyze_on_dask(pile, settings, "local:1").to_dict() == expected


def test_bad_address_is_refused():
    from storydiff.errors import StorydiffError

    with pytest.raises(StorydiffError, match="local:N"):
        connect("local:many")


def test_parquet_tables_read_back(tmp_path):
    import pyarrow.parquet as pq
    from report_sample import sample_report  # a realistic report (format version 1)

    data = sample_report()
    paths = write_parquet(data, tmp_path / "tables")
    assert set(paths) == set(SCHEMAS)
    findings = pq.read_table(paths["findings"]).to_pylist()
    assert [f["id"] for f in findings] == [f["id"] for f in data["findings"]]
    positions = pq.read_table(paths["positions"]).to_pylist()
    evidence = sum(max(1, len(p["evidence"])) for f in data["findings"] for p in f["positions"])
    assert len(positions) == evidence
    articles = pq.read_table(paths["articles"]).to_pylist()
    for row in positions:
        if row["article"] is not None:
            text = next(a["text"] for a in articles if a["id"] == row["article"])
            assert text[row["start"] : row["end"]] == row["text"]
    assert pq.read_table(paths["claims"]).num_rows == len(data["claims"])


def test_parquet_is_queryable_with_duckdb(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from report_sample import sample_report

    data = sample_report()
    write_parquet(data, tmp_path)
    rows = duckdb.sql(
        f"select f.id, count(*) from '{tmp_path}/findings.parquet' f join '{tmp_path}/positions.parquet' p "
        "on p.finding = f.id group by f.id order by f.id"
    ).fetchall()
    assert [r[0] for r in rows] == sorted(f["id"] for f in data["findings"])
