"""A filter for uvicorn's own access log, for when the app is served by plain `uvicorn` (`medvirk
serve` turns that log off and writes its own, by route pattern): the query string is dropped and
secret path segments are hidden, so no resume token, invitation or workshop code is written."""

import logging
import re

# Paths that carry a secret in a segment: /k/<survey>/fortsett/<token>, /v/<workshop code>.
_SECRET_SEGMENT = re.compile(r"^(/k/[^/?]+/fortsett/|/v/)[^/?]+")


def redact(path: str) -> str:
    """The path without its query string and with secret segments hidden."""
    bare = path.split("?", 1)[0]
    return _SECRET_SEGMENT.sub(r"\1[hidden]", bare) + ("?[hidden]" if "?" in path else "")


class HideSecrets(logging.Filter):
    """Rewrite the path argument of uvicorn's access records (client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def install() -> None:
    """Attach the filter to uvicorn's access logger (once; uvicorn configures logging before it
    imports the app, and a logger's filters survive that)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideSecrets) for f in logger.filters):
        logger.addFilter(HideSecrets())
