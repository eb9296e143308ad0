"""Reading a response body within limits: a wire-size cap and a decompressed-size cap."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable


class BodyRefused(Exception):
    """A body we will not keep: a decompression bomb or an encoding we cannot decode."""


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than `limit` bytes."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._obj = self._new()
        self._first = True

    def _new(self, raw: bool = False):
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def feed(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        while data:
            try:
                out += self._obj.decompress(data, limit - len(out) + 1)
            except zlib.error:
                if self._first and self.encoding == "deflate":  # raw deflate without header
                    self._obj, self._first = self._new(raw=True), False
                    continue
                raise BodyRefused(f"corrupt {self.encoding} body") from None
            self._first = False
            if len(out) > limit:
                raise _LimitExceeded
            data = self._obj.unconsumed_tail
            if self._obj.eof and self._obj.unused_data:  # a further gzip member
                data, self._obj = self._obj.unused_data, self._new()
        return bytes(out)


class _LimitExceeded(Exception):
    pass


def read_capped(
    chunks: Iterable[bytes],
    content_encoding: str,
    max_wire_bytes: int,
    max_decoded_bytes: int,
    check: Callable[[], None] | None = None,
) -> tuple[bytes, bool, int]:
    """Read raw (still encoded) chunks; return (decoded body, truncated, wire bytes read).

    More than `max_wire_bytes` on the wire: reading stops and `truncated` is True.
    More than `max_decoded_bytes` after decompression: `BodyRefused` (a likely bomb).
    `check` is called between chunks (to enforce a total deadline).
    """
    encoding = (content_encoding or "identity").strip().lower()
    encodings = [e.strip() for e in encoding.split(",") if e.strip() not in ("", "identity")]
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
        raise BodyRefused(f"unsupported Content-Encoding {content_encoding!r}")
    inflater = _Inflater(encodings[0]) if encodings else None
    body = bytearray()
    wire = 0
    truncated = False
    for chunk in chunks:
        if check is not None:
            check()
        room = max_wire_bytes - wire
        if len(chunk) > room:
            chunk, truncated = chunk[:room], True
        wire += len(chunk)
        if inflater is None:
            body += chunk
        else:
            try:
                body += inflater.feed(chunk, max_decoded_bytes - len(body))
            except _LimitExceeded:
                raise BodyRefused(
                    f"refused: body decompresses to more than {max_decoded_bytes:,} bytes "
                    f"from {wire:,} compressed bytes (decompression bomb?)"
                ) from None
        if truncated:
            break
    return bytes(body), truncated, wire
