"""A Content-Security-Policy for the app and the workshop: only scripts the server sent run.

User text that slipped into a page as HTML could still run nothing.

Solara's page has inline scripts, so the policy works with a nonce: every HTML page gets a fresh
random nonce, written into each of its ``<script>`` tags and into the header
``script-src 'nonce-…' 'strict-dynamic' 'unsafe-eval'``. Scripts those scripts load (the widget
bundles through require.js) are trusted in turn (``strict-dynamic``); inline event handlers
(``<img onerror>``, ``<svg onload>``) and ``javascript:`` links are refused by the browser.
``'unsafe-eval'`` stays because Vue compiles the widgets' templates in the browser; no HTML can
call it. Assets keep their compression; only HTML pages are rewritten (sent uncompressed).

The policy wraps Solara's ASGI app as plain ASGI middleware (see ``app/serve.py``).
"""

from __future__ import annotations

import re
import secrets

SCRIPT_TAG = re.compile(rb"<script(?=[\s>])", re.IGNORECASE)
POLICY = ("script-src 'nonce-{nonce}' 'strict-dynamic' 'unsafe-eval'; object-src 'none'; "
          "base-uri 'self'; frame-ancestors 'self'")


def policy(nonce: str) -> str:
    """The Content-Security-Policy header value for one page."""
    return POLICY.format(nonce=nonce)


def with_nonce(html: bytes, nonce: str) -> bytes:
    """The page with the nonce in every ``<script>`` tag."""
    return SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', html)


def _is_page(path: str) -> bool:
    """A request for an HTML page (a route), not for an asset with a file extension."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "." not in last


class ContentSecurityPolicy:
    """ASGI middleware: HTML pages get a nonce in their scripts and the policy header."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        """Pass everything through; buffer and rewrite HTML page responses only."""
        if scope["type"] != "http" or not _is_page(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        # ask for an uncompressed page, so it can be rewritten
        headers = [(k, v) for k, v in scope.get("headers", [])
                   if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        nonce = secrets.token_urlsafe(18)
        start: dict = {}
        body: list[bytes] = []

        async def rewrite(message):
            if message["type"] == "http.response.start":
                start.update(message)
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    start["passthrough"] = True
                    await send(message)
                return
            if start.get("passthrough"):
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = with_nonce(b"".join(body), nonce)
            response_headers = [(k, v) for k, v in start.get("headers", [])
                                if k.lower() not in (b"content-length",
                                                     b"content-security-policy")]
            response_headers += [(b"content-length", str(len(page)).encode()),
                                 (b"content-security-policy", policy(nonce).encode())]
            await send({"type": "http.response.start", "status": start["status"],
                        "headers": response_headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, rewrite)
