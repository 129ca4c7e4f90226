"""Is a text a news article? ``storydiff.ingest.prose`` judged on text it was not written for.

    .venv/bin/python benchmarks/non_articles.py

Two measures:
* real articles wrongly skipped: every dev article of ECB+, BASIL triplets 0-19, GVDB dev and PolNeAR dev
  (read where they lie in ../shared/evaldata), with the reason each was skipped for;
* the blind samples in ``benchmarks/non_articles/`` (18 non-articles, 8 short or unusual articles, written
  by a helper who never saw the code; see its README): how many are judged right.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpora  # noqa: E402

from storydiff.evaluate import DEFAULT_DATA, read_polnear  # noqa: E402
from storydiff.ingest.prose import why_not_an_article  # noqa: E402


def main() -> int:
    real = {
        "ecbplus": [d.article for d in corpora.read_ecbplus()],
        "basil 0-19": [a for _, arts in corpora.basil_dev_triplets() for a in arts],
        "gvdb dev": [d.article for d in corpora.read_gvdb()],
        "polnear dev": [it.article for it in read_polnear(DEFAULT_DATA, None)],
    }
    print("real articles skipped as not articles:")
    for name, arts in real.items():
        reasons = Counter((why_not_an_article(a.text) or "").split(" (")[0].split(" of ")[0] for a in arts)
        skipped = sum(n for r, n in reasons.items() if r)
        detail = ", ".join(f"{r}: {n}" for r, n in reasons.most_common() if r)
        print(f"  {name:12} {skipped:4} / {len(arts):4}  {detail}")
    right = Counter()
    print("blind samples (benchmarks/non_articles):")
    for path in sorted((HERE / "non_articles").glob("*.txt")):
        is_article = path.name.startswith("art-")
        why = why_not_an_article(path.read_text(encoding="utf-8"))
        ok = (why is None) == is_article
        right["article" if is_article else "not"] += ok
        right["article_n" if is_article else "not_n"] += 1
        if not ok:
            print(f"  wrong: {path.name}: {why or 'read as an article'}")
    print(
        f"  non-articles skipped {right['not']} / {right['not_n']}; articles kept {right['article']} / {right['article_n']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
