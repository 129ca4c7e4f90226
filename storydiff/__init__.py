__version__ = "0.1.0"


def _spacy_without_its_cli() -> None:
    """Let ``import spacy`` skip its command line (``spacy.cli``: typer, weasel, httpx, requests; 0.15-0.2 s of
    every run's start, half a second on a busy machine), which storydiff never uses.

    spaCy's ``__init__`` runs ``from .cli.info import info`` only to offer ``spacy.info``. Until then,
    ``spacy.cli`` and ``spacy.cli.info`` are stand-ins in ``sys.modules``; the moment spaCy takes ``info`` from
    the second, both are taken out again, so any later ``import spacy.cli`` imports the real one, and
    ``spacy.info`` imports the real ``info`` when called. Nothing is done when spaCy is imported already or
    cannot be found."""
    import importlib.util
    import sys
    import types

    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [f"{path}/cli" for path in spec.submodule_search_locations]
    info = types.ModuleType("spacy.cli.info")

    def spacy_info(*args, **kwargs):  # type: ignore[no-untyped-def]
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    def taken(name: str):  # type: ignore[no-untyped-def]
        if name != "info":
            raise AttributeError(name)
        for key, module in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(key) is module:
                del sys.modules[key]
        return spacy_info

    info.__getattr__ = taken  # type: ignore[method-assign]
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info


_spacy_without_its_cli()
