"""Messages a person can act on, kept in one table (in the manner of spaCy's errors.py)."""


class Skip:
    """Reasons an input is skipped; each names what was wrong so the reader can fix it."""

    EMPTY = "file is empty"
    NO_TEXT = "no article text found"
    BINARY = "looks like a binary file, not text"
    UNDECODABLE = "could not decode the text (tried UTF-8 and detected encodings)"
    UNKNOWN_KIND = "unsupported file type {suffix!r} (expected .txt, .md, .html, .htm, .jsonl, .csv, .xml, .rss, .atom, .warc, .warc.gz)"
    BAD_JSON = "line {line}: malformed JSON ({error})"
    NO_FIELD = "line {line}: record has no {field!r} field"
    NOT_FOUND = "no such file or folder"
    UNREADABLE = "could not read: {error}"
    DUPLICATE = "same text as article {other!r}; read once"
    DUPLICATE_URL = "same URL as article {other!r}; read once"
    LANGUAGE = "language {lang} is not supported yet"
    BAD_DATE = "header 'Published:' is not a date (YYYY-MM-DD): {value!r}"


class StorydiffError(Exception):
    """An error the CLI shows as a clear message, without a traceback."""


class NothingToAnalyze(StorydiffError):
    pass
