"""Security headers on every response: pages, JSON, downloads, static files, error pages.

No script runs but the site's own files (no inline <script>, no onclick=): an injected tag
cannot run. Styles may be inline (Bootstrap and a few templates set them). No site may frame
these pages (clickjacking); HSTS only where production serves HTTPS.
"""
from flask import Flask

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def for_app(app: Flask) -> dict[str, str]:
    """The headers every response of `app` carries (also the autosave's, app/exams/autosave.py)."""
    headers = dict(HEADERS)
    if app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = HSTS
    return headers


def install(app: Flask) -> None:
    headers = for_app(app)

    @app.after_request
    def _secure(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
