"""Blind story clusters: written by helpers who never saw the code, scored with the shared scorer.

    python benchmarks/blind.py [dev|sealed] [--json out.json]

``blind/dev`` (six clusters) was used for development; ``blind/sealed`` (six more) was first scored when the
comparison rebuild was thought done; ``blind/sealed2`` (six more, written while the work went on) was scored once,
at the end; ``blind/sealed3`` (six more, written in the second session on 2026-12-07 in new domains) was scored
once, at the end of that session; ``blind/sealed4`` (six more, written at the start of the third session, 2026-12-07)
was scored once, at its end; ``blind/sealed5`` (six more, written at the start of the fourth session) is scored at
that session's start and once at its end; ``blind/sealed6`` (six more, written at the start of the sixth session)
likewise; ``blind/sealed7`` (six more, written at the start of the seventh session) was that session's held-out set;
``blind/sealed8`` (six more, written at the start of the eighth) was that session's held-out set, ``blind/sealed9``
(six more, written at the start of the ninth) the ninth's, ``blind/sealed10`` the tenth's, ``blind/sealed11``
the eleventh's, and ``blind/sealed12`` (written at the end of the eleventh, first-run scored there) is sealed for the
next session's end. The sets up to
sealed6 train the learned pair model (``storydiff/align/train_pairer.py``), the sets up to sealed9 the verifier
(``storydiff/align/train_verifier.py``): ``--held-out-pairer`` scores each of them with the weights fitted without
its fold (docs/evaluation.md has them all, with the first-run scores of every
cluster). ``--reports DIR`` keeps each cluster's report.
Each cluster is a folder of articles beside a gold file in the format of ``shared/corpus/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORER = HERE.parent.parent / "shared" / "tools" / "score_report.py"


def score(cluster: Path, workdir: Path, pair_weights: list[float] | None = None, verifier: dict | None = None) -> dict:
    """Analyze one cluster and score its report. ``pair_weights``, ``verifier``: analyze in this process with the
    learned pair model's weights and the verifier replaced by these (the ones fitted without the cluster's fold)."""
    report = workdir / f"{cluster.name}.json"
    if pair_weights is None and verifier is None:
        subprocess.run(
            [sys.executable, "-m", "storydiff.cli", "analyze", str(cluster), "--json", str(report)],
            check=True,
            capture_output=True,
        )
    else:
        from storydiff import cli
        from storydiff.align import pairer
        from storydiff.compare import aligned, verify

        shipped = pairer()
        assert shipped is not None, "no pair model is shipped"
        if pair_weights is not None:
            aligned.pairer = lambda: (pair_weights, shipped[1])
        model = verify.model
        if verifier is not None:
            verify.model = lambda: verifier  # type: ignore[assignment]
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                cli.main(["analyze", str(cluster), "--json", str(report)])
        finally:
            aligned.pairer = pairer
            verify.model = model  # type: ignore[assignment]
    out = subprocess.run(
        [sys.executable, str(SCORER), str(report), str(cluster.with_suffix(".gold.json")), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def held_out_weights(cluster: str) -> list[float] | None:
    """The pair model's weights fitted without the cluster's fold, or None where it was never trained on it."""
    from importlib import resources

    shipped = json.loads(resources.files("storydiff.align").joinpath("pairer.json").read_text("utf-8"))
    folds = shipped["evaluation"]["folds"]
    fold = folds["of_story"].get(cluster)
    return None if fold is None else [float(w) for w in folds["weights"][fold]]


def held_out_verifier(cluster: str) -> dict | None:
    """The verifier fitted without the cluster's fold, or None where it was never trained on it."""
    from storydiff.compare import verify

    return verify.held_out_model(cluster)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", choices=sorted(p.name for p in (HERE / "blind").iterdir() if p.is_dir()))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--reports", type=Path, help="keep each cluster's report here (default: a temporary folder)")
    ap.add_argument(
        "--held-out-pairer",
        action="store_true",
        help="score each cluster the learned models (pair model, verifier) were trained on with the weights fitted "
        "without it",
    )
    args = ap.parse_args(argv)
    clusters = sorted(p for p in (HERE / "blind" / args.split).iterdir() if p.is_dir())
    totals = {"recall": [0, 0], "traps": [0, 0], "precision": [0, 0], "single_source": [0, 0]}
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.reports:
            args.reports.mkdir(parents=True, exist_ok=True)
            workdir = args.reports
        for c in clusters:
            held = args.held_out_pairer
            s = score(
                c, workdir, held_out_weights(c.name) if held else None, held_out_verifier(c.name) if held else None
            )
            rows[c.name] = {
                k: s[k] for k in ("recall", "traps", "precision", "single_source", "missed", "traps_flagged")
            }
            for k in totals:
                totals[k][0] += s[k][0]
                totals[k][1] += s[k][1]
            print(
                f"{c.name}: recall {s['recall']} traps {s['traps']} precision {s['precision']} "
                f"single {s['single_source']}",
                flush=True,
            )
    r, t, p = totals["recall"], totals["traps"], totals["precision"]
    print(
        f"{args.split}: recall {r[0]}/{r[1]} = {r[0] / max(r[1], 1):.2f}, precision {p[0]}/{p[1]} = "
        f"{p[0] / max(p[1], 1):.2f}, traps at high or medium {t[0]}/{t[1]}"
    )
    if args.json:
        args.json.write_text(json.dumps({"clusters": rows, "totals": totals}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
