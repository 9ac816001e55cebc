"""Security headers, request size limits, the reverse proxy, and production settings checks.

Every response carries a Content-Security-Policy whose scripts are our own
static files plus inline scripts that carry this request's nonce (folium's
generated map code: templates add `nonce="{{ csp_nonce() }}"`). Images may
come from the basemap tile server (MAP_TILE_URL's origin) and data: URLs
(QR codes, Leaflet's images); nothing else is loaded from elsewhere.
"""

import re
import secrets
from urllib.parse import urlsplit

from flask import current_app, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

DEVELOPMENT_SECRET_KEYS = {"", "dev"}
MIN_SECRET_KEY_LENGTH = 16

# "Tæt på mig" asks for the position on our own pages; nothing else is used.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"


class InsecureConfig(Exception):
    """A setting that must not be used when serving the public."""


def csp_nonce() -> str:
    """This request's script nonce (a Jinja global): the same for every tag on the page."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def tile_origin(tile_url: str) -> str:
    """The CSP source for a Leaflet tile URL template; '' when there are no tiles.

    'https://{s}.tile.example/{z}/{x}/{y}.png' -> 'https://*.tile.example'.
    """
    parts = urlsplit(tile_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = re.sub(r"^\{[a-z]+\}", "*", parts.netloc)
    if re.search(r"[{}\s;,']", host):  # a placeholder elsewhere: not a host CSP can name
        return ""
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str, tile_url: str) -> str:
    """The policy for one response.

    Styles stay 'self' only: no template has inline styles, and Leaflet sets
    its element styles through the DOM (not governed by style-src).
    """
    images = " ".join(filter(None, ["'self'", "data:", tile_origin(tile_url)]))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        f"img-src {images}",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])  # fmt: skip


def set_security_headers(response):
    headers = response.headers
    tile_url = current_app.config.get("MAP_TILE_URL", "")
    headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce(), tile_url))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # OpenStreetMap's tile policy asks for a Referer; the origin is all it gets.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def limit_plain_bodies():
    """Hold bodies other than uploads (url-encoded forms) to MAX_FORM_MEMORY_SIZE.

    werkzeug applies MAX_FORM_MEMORY_SIZE and MAX_FORM_PARTS to multipart
    forms only; a url-encoded form is read whole, so its length is the limit.
    """
    config = current_app.config
    if request.mimetype != "multipart/form-data" and config.get("MAX_FORM_MEMORY_SIZE"):
        limits = [config["MAX_FORM_MEMORY_SIZE"], config.get("MAX_CONTENT_LENGTH")]
        request.max_content_length = min(limit for limit in limits if limit)


def check_production(app):
    """Raise InsecureConfig if the app must not serve the public as configured.

    Called by `directory serve` and the WSGI entry (directory.wsgi), never by
    create_app: development commands and tests keep working with the default.
    """
    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY")
    if not isinstance(key, (str, bytes)) or key in DEVELOPMENT_SECRET_KEYS:
        raise InsecureConfig(
            "DIRECTORY_SECRET_KEY is not set (the development key 'dev' is in use): set a long "
            'random one, e.g. DIRECTORY_SECRET_KEY="$(python3 -c '
            "'import secrets; print(secrets.token_hex(32))')\""
        )
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise InsecureConfig(
            f"DIRECTORY_SECRET_KEY is too short: use at least {MIN_SECRET_KEY_LENGTH} "
            "random characters"
        )


def trust_proxies(app):
    """Behind PROXY_FIX reverse proxies, take the client's address and scheme from them.

    Only X-Forwarded-For and X-Forwarded-Proto are trusted (the proxy must set
    them, and pass the Host header on): then request.is_secure is true behind
    HTTPS, so session cookies are Secure and HSTS is sent, and rate limits
    count per visitor rather than per proxy.
    """
    try:
        count = int(app.config.get("PROXY_FIX") or 0)
    except (TypeError, ValueError):
        raise InsecureConfig("DIRECTORY_PROXY_FIX must be a number of proxies, e.g. 1") from None
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def init_app(app):
    trust_proxies(app)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.before_request(limit_plain_bodies)
    app.after_request(set_security_headers)
