"""What guards the app: it handles government data on a shared laptop.

- Host: a request whose Host header is not the address the app is bound to is refused (DNS rebinding: a page
  on another site whose name resolves to 127.0.0.1 cannot talk to the app).
- Access token: when the app listens beyond this machine, every request carries the token printed in the
  terminal (once in the address, `?token=`, which sets a cookie; or as `Authorization: Bearer TOKEN`).
- Origin: a state-changing request that names another origin (Origin, or Sec-Fetch-Site cross-site) is refused;
  every form and htmx request also carries the session's CSRF token (`require_csrf`).
- Size: a request body larger than the largest upload the command line reads is refused before it is read.
- Headers on every response: a strict Content-Security-Policy (scripts only from the app itself, never inline),
  X-Frame-Options DENY, nosniff, no referrer, nothing cached.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from cpss_advisor import api

from .language import negotiate
from .settings import Settings

ACCESS_COOKIE = "cpss_access"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
#: the largest request body: the largest workbook the command line reads (20 MB) and room for the form around it
MAX_BODY = 21 * 1024 * 1024
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

CSP = ("default-src 'self'; script-src 'self'; "
       # Inline styles, never inline scripts: the brief's charts are SVG drawn by matplotlib, whose shapes carry
       # their colours in style attributes and a <style> element, and each figure's width is a style attribute.
       "style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def refusal(status: int, text: str) -> Response:
    return PlainTextResponse(text + "\n", status_code=status)


def check_request(request: Request, settings: Settings) -> Response | None:
    """The refusal of a request the app must not serve, or None; said in the browser's language (no session is
    known yet)."""
    _ = api.translator(negotiate(request.headers.get("accept-language"), api.languages(), settings.language)).gettext
    host = request.headers.get("host", "")
    if not settings.host_allowed(host):
        return refusal(400, _("This address is not the one cpss serve listens on; open the address it printed."))
    if settings.token is not None:
        denied = _check_token(request, settings.token, _)
        if denied is not None:
            return denied
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        return refusal(413, _("The request is larger than {n} MB, more than any upload cpss reads.").format(
            n=MAX_BODY // (1024 * 1024)))
    if request.method in UNSAFE:
        # A browser names the origin of a request (Origin) and how it relates to the app (Sec-Fetch-Site); under
        # Referrer-Policy no-referrer it sends "Origin: null" for the app's own forms, so "null" is not refused
        # here (the CSRF token and the SameSite=Strict cookie still are required). Another port of this machine
        # is "same-site" but another origin: refused too.
        origin = request.headers.get("origin")
        if origin is not None and origin != "null" and not settings.origin_allowed(origin):
            return refusal(403, _("Refused: this request comes from another site."))
        if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            return refusal(403, _("Refused: this request comes from another site."))
    return None


def _check_token(request: Request, token: str, _) -> Response | None:
    given = request.query_params.get("token")
    if given is not None:
        if not secrets.compare_digest(given, token):
            return refusal(401, _("Wrong access token: open the address cpss serve printed in its terminal."))
        rest = {k: v for k, v in request.query_params.items() if k != "token"}
        target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(ACCESS_COOKIE, token, httponly=True, samesite="strict")
        return response
    cookie = request.cookies.get(ACCESS_COOKIE, "")
    bearer = request.headers.get("authorization", "")
    bearer = bearer[7:] if bearer.lower().startswith("bearer ") else ""
    if secrets.compare_digest(cookie, token) or secrets.compare_digest(bearer, token):
        return None
    return refusal(401, _("This app needs its access token: open the address cpss serve printed in its terminal."))


def add_headers(response: Response) -> Response:
    for k, v in HEADERS.items():
        response.headers.setdefault(k, v)
    return response


def csrf_ok(request: Request, form, expected: str) -> bool:
    """Whether a state-changing request carries the session's CSRF token (header or form field)."""
    given = request.headers.get(CSRF_HEADER) or (form.get(CSRF_FIELD) if form is not None else None) or ""
    return isinstance(given, str) and secrets.compare_digest(given, expected)
