"""The link checker against a real HTTP server on 127.0.0.1 (never the internet)."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from directory import catalogue, linkcheck

TIMEOUT = 0.4


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /missing 404, /moved 301 -> /ok, /slow answers too late, /no-head refuses HEAD."""

    def _answer(self, with_body: bool):
        self.server.requests.append((self.command, self.path))
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(TIMEOUT * 3)
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/ok", "/slow", "/no-head"):
            self.send_response(200)
        else:
            self.send_response(404)
        body = b"hej" if with_body else b""
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):  # noqa: N802 (the name http.server calls)
        self._answer(with_body=False)

    def do_GET(self):  # noqa: N802
        self._answer(with_body=True)

    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the slow handler writes to a socket the checker gave up on


@pytest.fixture
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused_url():
    """An address on a port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize(
    ("path", "outcome", "status", "final_path", "message"),
    [
        ("/ok", "ok", 200, "", ""),
        ("/missing", "broken", 404, "", "Svarer med fejl 404"),
        ("/moved", "ok", 200, "/ok", ""),
        ("/slow", "timeout", None, "", "Svarede ikke inden for 0.4 sekunder"),
        ("/no-head", "ok", 200, "", ""),
    ],
)
def test_check_url_outcomes(server, path, outcome, status, final_path, message):
    result = linkcheck.check_url(server.base + path, timeout=TIMEOUT)
    assert (result.outcome, result.status_code, result.message) == (outcome, status, message)
    assert result.redirected == bool(final_path)
    if final_path:
        assert result.final_url == server.base + final_path


def test_refused_connection_is_an_error(refused_url):
    result = linkcheck.check_url(refused_url, timeout=TIMEOUT)
    assert (result.outcome, result.status_code) == ("error", None)
    assert result.message == "Serveren afviser forbindelsen"


def test_head_first_and_get_only_when_head_fails(server):
    linkcheck.check_url(server.base + "/ok", timeout=TIMEOUT)
    linkcheck.check_url(server.base + "/no-head", timeout=TIMEOUT)
    linkcheck.check_url(server.base + "/moved", timeout=TIMEOUT)
    assert server.requests == [
        ("HEAD", "/ok"),
        ("HEAD", "/no-head"), ("GET", "/no-head"),
        ("HEAD", "/moved"), ("HEAD", "/ok"),
    ]  # fmt: skip


def test_a_timeout_is_not_retried(server):
    linkcheck.check_url(server.base + "/slow", timeout=TIMEOUT)
    assert server.requests == [("HEAD", "/slow")]


def test_checks_run_concurrently(server):
    urls = [f"{server.base}/slow?{n}" for n in range(4)]
    started = time.monotonic()
    results = linkcheck.check_urls(urls, timeout=TIMEOUT, workers=4)
    assert time.monotonic() - started < TIMEOUT * 3
    assert {r.outcome for r in results.values()} == {"timeout"} and len(results) == 4


def _save(db, name, website, **fields):
    return catalogue.save_association(db, {"name": name, "website": website, **fields})


def test_check_links_stores_one_result_per_association(db, server, refused_url):
    ok = _save(db, "Klubben", server.base + "/ok")
    twin = _save(db, "Tvillingen", server.base + "/ok")
    gone = _save(db, "Væk", server.base + "/missing")
    dead = _save(db, "Død", refused_url)
    _save(db, "Lukket", server.base + "/missing", status="closed")
    _save(db, "Uden hjemmeside", "")
    seen = []
    rows = linkcheck.check_links(db, timeout=TIMEOUT, on_result=seen.append)
    assert {row["association_id"]: row["outcome"] for row in rows} == {
        ok: "ok", twin: "ok", gone: "broken", dead: "error"}  # fmt: skip
    assert server.requests.count(("HEAD", "/ok")) == 1  # a shared address is asked once
    assert len(seen) == 3
    stored = {row["association_id"]: row for row in db["link_checks"].rows}
    assert set(stored) == {ok, twin, gone, dead}
    assert stored[gone]["status_code"] == 404 and stored[gone]["checked_at"]


def test_results_for_changed_or_removed_websites_disappear(db, server):
    changed = _save(db, "Flyttet", server.base + "/missing")
    removed = _save(db, "Lukker siden", server.base + "/missing")
    linkcheck.check_links(db, timeout=TIMEOUT)
    assert len(linkcheck.latest_results(db)) == 2
    catalogue.save_association(db, {"id": changed, "website": server.base + "/ok"})
    catalogue.save_association(db, {"id": removed, "website": ""})
    assert linkcheck.latest_results(db) == []  # the old results say nothing about the new address
    linkcheck.check_links(db, timeout=TIMEOUT)
    assert [(r["association_id"], r["outcome"]) for r in linkcheck.latest_results(db)] == [
        (changed, "ok")]  # fmt: skip


def test_latest_results_put_problems_first(db, server):
    _save(db, "Aaa virker", server.base + "/ok")
    _save(db, "Bbb flyttet", server.base + "/moved")
    _save(db, "Ccc væk", server.base + "/missing")
    linkcheck.check_links(db, timeout=TIMEOUT)
    rows = linkcheck.latest_results(db)
    assert [r["name"] for r in rows] == ["Ccc væk", "Bbb flyttet", "Aaa virker"]
    assert rows[0]["outcome_label"] == "Fejl" and rows[1]["final_url"] == server.base + "/ok"


def test_check_links_command(runner, db, server):
    _save(db, "Klubben", server.base + "/ok")
    _save(db, "Væk", server.base + "/missing")
    result = runner.invoke(args=["check-links", "--timeout", str(TIMEOUT), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"{server.base}/missing" in result.output and "Svarer med fejl 404" in result.output
    assert "Checked 2 website(s); 1 with problems" in result.output
    assert db["link_checks"].count == 2


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--workers", "0"], ["--timeout", "x"]])
def test_check_links_command_refuses_bad_options(runner, db, args):
    result = runner.invoke(args=["check-links", *args])
    assert result.exit_code == 2
    assert db["link_checks"].count == 0
