"""ASGI middleware that declares the page language: <html> becomes <html lang="en">.

Datasette 0.65's base.html has no lang attribute, which screen readers need. Rewriting the
start of HTML responses covers every page, ours and Datasette's, without copying its template.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]

_OLD, _NEW = b"<html>", b'<html lang="en">'


def add_html_lang(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so its HTML responses open with <html lang="en">."""

    async def wrapped(scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        state = {"html": False, "done": False}

        async def patched_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers") or []
                state["html"] = any(
                    k.lower() == b"content-type" and v.startswith(b"text/html")
                    for k, v in headers
                )
                if state["html"]:
                    message["headers"] = [
                        (k, v) for k, v in headers if k.lower() != b"content-length"
                    ]
            elif (message["type"] == "http.response.body" and state["html"]
                  and not state["done"] and message.get("body")):
                state["done"] = True
                head, sep, rest = message["body"].partition(_OLD)
                if sep and len(head) < 200:
                    message["body"] = head + _NEW + rest
            await send(message)

        await app(scope, receive, patched_send)

    return wrapped
