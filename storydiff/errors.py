"""Messages a person can act on, kept in one table (in the manner of spaCy's errors.py)."""


class Skip:
    """Reasons an input is skipped; each names what was wrong so the reader can fix it."""

    EMPTY = "file is empty"
    NO_TEXT = "no article text found"
    BAD_HTML = "could not parse HTML: {error}"
    TOO_SHORT = "no article text found ({words} words on the page, fewer than {minimum})"
    BINARY = "looks like a binary file, not text"
    UNDECODABLE = "could not decode the text (tried UTF-8 and detected encodings)"
    UNKNOWN_KIND = "unsupported file type {suffix!r} (expected .txt, .md, .html, .htm, .jsonl, .csv, .xml, .rss, .atom, .warc, .warc.gz)"
    BAD_JSON = "line {line}: malformed JSON ({error})"
    NO_FIELD = "line {line}: record has no {field!r} field"
    NOT_FOUND = "no such file or folder"
    UNREADABLE = "could not read: {error}"
    READER_FAILED = "could not read (the reader failed): {error}"
    DANGLING_LINK = "symbolic link to a file that does not exist ({target})"
    LINK_LOOP = "symbolic link that leads back to itself"
    DUPLICATE = "same text as article {other!r}; read once"
    DUPLICATE_URL = "same URL as article {other!r}; read once"
    LANGUAGE = "language {lang} is not supported yet"
    BAD_DATE = "header 'Published:' is not a date (YYYY-MM-DD): {value!r}"
    BAD_BYTES = "{n} invalid {encoding} byte sequence{s} replaced with U+FFFD (the rest read as {encoding})"
    ANALYSIS_FAILED = "could not analyze this article: {error}"
    LANGUAGE_UNKNOWN = "does not look like English (language not identified); only English is supported yet"

    # web pages (ingest/fetch.py, ingest/web.py)
    BAD_URL = "not an http(s) link: {url!r}"
    URLS_LINE = "line {line}: not an http(s) link: {value!r}"
    HTTP_ERROR = "HTTP {status} {phrase}"
    CONNECT = "could not connect: {error}"
    BROKEN = "connection broken while reading: {error}"
    BAD_RESPONSE = "bad HTTP response: {error}"
    TIMEOUT = "timed out after {seconds:g} s"
    TOO_LARGE = "page larger than {limit}"
    NOT_HTML = "not an HTML page or feed (content type {content_type!r})"
    REDIRECT_LOOP = "redirect loop: {chain}"
    TOO_MANY_REDIRECTS = "more than {limit} redirects: {chain}"
    PRIVATE_ADDRESS = (
        "refused to fetch from {host}: it resolves to {address}, {why} (--allow-private-network permits it)"
    )
    BAD_REDIRECT = "redirected to an address that is not an http(s) link: {url!r}"

    # feeds (ingest/feed.py)
    BAD_FEED = "malformed feed: {error}"
    EMPTY_FEED = "feed has no entries"
    ENTRY_EMPTY = "feed entry {n} has neither a link nor any content"
    FEED_ENTITY = "feed entry {n} holds only an entity reference ({ref}), which is never expanded: no article text"
    FEED_IN_FEED = "feed entry links to another feed, not to an article"

    # web archives (ingest/warc.py)
    BAD_WARC = "malformed WARC record at offset {offset}: {error}"
    NOT_WARC = "not a WARC file (a WARC record starts with 'WARC/')"
    WARC_NO_HTML = "no HTML pages in the archive ({records} records read)"
    WARC_HTTP = "archived response was HTTP {status}"

    # CSV / JSONL exports (ingest/export.py)
    NO_TEXT_VALUE = "{where}: no text {kind} (looked for: {names})"
    NO_TEXT_HEADER = "no text column in the header (looked for: {names}; found: {found})"
    BAD_CSV = "row {row}: malformed CSV ({error})"
    BAD_DATE_VALUE = "{where}: {field!r} is not a date: {value!r}"
    AMBIGUOUS_DATE = (
        "{where}: {field!r} {value!r} could be day first or month first, and no date in the column has a day "
        "above 12 to tell: left unset (give --dayfirst, or --monthfirst, to read it)"
    )


class StorydiffError(Exception):
    """An error the CLI shows as a clear message, without a traceback."""


class NothingToAnalyze(StorydiffError):
    pass
