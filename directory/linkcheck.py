"""Checking the associations' websites: does each address still answer?

`directory check-links` asks every distinct website at once through a small
thread pool: a HEAD request first (cheap), a GET when HEAD fails (some
servers refuse or mishandle HEAD), redirects followed. Only the latest
result per association is kept, in `link_checks`; the data-quality
dashboard shows it. This is the one place the program goes on the network
by itself, and only when an editor runs the command.
"""

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime

from .db import write_transaction

DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8
USER_AGENT = "Foreningsguiden-linktjek/1.0 (+kvartervaerkstedet)"
OUTCOMES = {
    "ok": "Virker",
    "broken": "Fejl",
    "timeout": "Svarer ikke",
    "error": "Kan ikke nås",
}


@dataclass(frozen=True)
class LinkResult:
    url: str
    outcome: str  # a key of OUTCOMES
    status_code: int | None = None
    final_url: str = ""
    message: str = ""

    @property
    def redirected(self) -> bool:
        return bool(self.final_url) and self.final_url != self.url


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """urllib turns a redirected HEAD into a GET; keep it a HEAD."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


_opener = urllib.request.build_opener(_KeepMethodRedirects())


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """(status, final URL); raises HTTPError for 4xx/5xx and OSError for the network."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with _opener.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)  # enough to know the server really answers
        return response.status, response.geturl()


def _failure(url: str, error: Exception, timeout: float) -> LinkResult:
    """The Danish explanation of why a website could not be reached."""
    if isinstance(error, urllib.error.HTTPError):
        return LinkResult(url, "broken", error.code, error.geturl() or "",
                          f"Svarer med fejl {error.code}")  # fmt: skip
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError):
        return LinkResult(url, "timeout", message=f"Svarede ikke inden for {timeout:g} sekunder")
    if isinstance(reason, socket.gaierror):
        return LinkResult(url, "error", message="Domænet findes ikke")
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return LinkResult(url, "error", message="Fejl i sidens sikkerhedscertifikat")
    if isinstance(reason, ConnectionRefusedError):
        return LinkResult(url, "error", message="Serveren afviser forbindelsen")
    return LinkResult(url, "error", message=f"Kan ikke nås ({type(reason).__name__})")


def check_url(url: str, timeout: float = DEFAULT_TIMEOUT) -> LinkResult:
    """Check one address: HEAD, then GET when HEAD gets an error status or a garbled answer.

    Network failures (refused, unknown host, timeout) are not retried with
    GET: they would fail the same way and only double the wait.
    """
    try:
        status, final = _request(url, "HEAD", timeout)
        return LinkResult(url, "ok", status, final)
    except (urllib.error.HTTPError, http.client.HTTPException):
        pass
    except (OSError, ValueError) as error:
        return _failure(url, error, timeout)
    try:
        status, final = _request(url, "GET", timeout)
        return LinkResult(url, "ok", status, final)
    except (OSError, ValueError, http.client.HTTPException) as error:
        return _failure(url, error, timeout)


def check_urls(
    urls, timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS, on_result=None
) -> dict[str, LinkResult]:
    """Check distinct addresses concurrently; `on_result(result)` is called as each finishes."""
    results = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(check_url, url, timeout) for url in dict.fromkeys(urls)]
        for future in as_completed(futures):
            result = future.result()
            results[result.url] = result
            if on_result is not None:
                on_result(result)
    return results


def websites(db) -> list[dict]:
    """Associations with a website (closed ones left out: nobody looks them up)."""
    return list(
        db.query(
            "SELECT id, name, website FROM associations "
            "WHERE website != '' AND status != 'closed' ORDER BY name COLLATE NOCASE"
        )
    )


def check_links(
    db, timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS, on_result=None
) -> list[dict]:
    """Check every association's website and store the results; returns the stored rows.

    The network part runs without holding the database; the results are
    written at the end in one transaction. A shared website is asked once.
    """
    entries = websites(db)
    results = check_urls([e["website"] for e in entries], timeout, workers, on_result)
    checked_at = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [_row(entry, results[entry["website"]], checked_at) for entry in entries]
    with write_transaction(db):
        db.execute(
            "DELETE FROM link_checks WHERE association_id NOT IN "
            "(SELECT id FROM associations WHERE website != '' AND status != 'closed')"
        )
        if rows:
            db["link_checks"].upsert_all(rows, pk="association_id")
    return rows


def _row(entry: dict, result: LinkResult, checked_at: str) -> dict:
    return {
        "association_id": entry["id"],
        "url": result.url,
        "outcome": result.outcome,
        "status_code": result.status_code,
        "final_url": result.final_url if result.redirected else "",
        "message": result.message,
        "checked_at": checked_at,
    }


def latest_results(db) -> list[dict]:
    """The stored results for the websites as they are now, problems first.

    A result for an address that has since been changed is left out: it
    says nothing about the new one.
    """
    rows = db.query(
        "SELECT lc.*, a.name, a.slug FROM link_checks lc "
        "JOIN associations a ON a.id = lc.association_id AND a.website = lc.url "
        "ORDER BY lc.outcome = 'ok', lc.final_url = '', a.name COLLATE NOCASE"
    )
    return [dict(row, outcome_label=OUTCOMES[row["outcome"]]) for row in rows]
