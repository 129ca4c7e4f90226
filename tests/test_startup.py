"""What a run imports at start-up (``storydiff/__init__.py``): spaCy without its command line."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import storydiff.pipeline
assert "spacy" in sys.modules
assert "spacy.cli" not in sys.modules and "typer" not in sys.modules, "spaCy's command line was imported"
import spacy
assert callable(spacy.info) and spacy.info()["spacy_version"] == spacy.__version__
from spacy.cli import download  # the real command line is still there when asked for
assert sys.modules["spacy.cli.info"].__file__.endswith("info.py")
print("ok")
"""


def test_spacy_is_imported_without_its_command_line_which_stays_importable():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_spacy_imported_first_is_left_alone():
    code = "import spacy, sys; import storydiff; assert 'spacy.cli' in sys.modules; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
