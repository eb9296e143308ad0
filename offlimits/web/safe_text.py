"""Text made safe for what we emit: XML (feeds), spreadsheets (CSV) and links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Not allowed in XML 1.0 (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) and
# C1 controls / DEL, which no reader wants either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: What a spreadsheet reads as the start of a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def xml_text(value: object) -> str:
    """`value` as text without the characters XML cannot carry ('' for None)."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a ' first.

    Numbers (and None) pass unchanged, so -3 stays a number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def is_web_link(url: object) -> bool:
    """True for an absolute http(s) URL with a host: the only links we render."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
