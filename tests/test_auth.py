import re

import pytest

from directory import auth
from tests.conftest import EDITOR_PASSWORD


def test_login_and_logout(client, make_user, login, csrf):
    make_user()
    assert client.get("/redaktion/").status_code == 302
    login()
    page = client.get("/redaktion/")
    assert page.status_code == 200 and "Rie Redaktør" in page.get_data(as_text=True)
    token = csrf("/redaktion/")
    assert client.post("/redaktion/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/redaktion/").status_code == 302


def test_wrong_password_is_refused_with_one_message(client, make_user, csrf):
    make_user()
    for email in ("redaktor@kvarter.example", "ingen@kvarter.example"):
        response = client.post("/redaktion/login", data={
            "email": email, "password": "forkert forkert", "csrf_token": csrf()})  # fmt: skip
        assert response.status_code == 400
        assert "Forkert e-mail eller adgangskode." in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user()
    response = client.post("/redaktion/login", data={
        "email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD})  # fmt: skip
    assert response.status_code == 400
    assert client.get("/redaktion/").status_code == 302


def test_login_is_rate_limited(client, make_user, csrf):
    make_user()
    token = csrf()
    codes = [
        client.post("/redaktion/login", data={
            "email": "x@kvarter.example", "password": "gæt gæt gæt", "csrf_token": token,
        }).status_code  # fmt: skip
        for _ in range(12)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10:] == [429, 429]


def test_inactive_user_cannot_log_in(client, db, make_user, csrf):
    user_id = make_user()
    db["users"].update(user_id, {"active": 0})
    response = client.post("/redaktion/login", data={
        "email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD,
        "csrf_token": csrf()})  # fmt: skip
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/redaktion/", "/redaktion/"),
        ("https://evil.example/", "/redaktion/"),
        ("//evil.example/", "/redaktion/"),
        ("/\\\\evil.example", "/redaktion/"),
        ("javascript:alert(1)", "/redaktion/"),
    ],
)
def test_no_open_redirect_after_login(client, make_user, csrf, target, landing):
    make_user()
    response = client.post(
        "/redaktion/login", query_string={"next": target},
        data={"email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD,
              "csrf_token": csrf()},
    )  # fmt: skip
    assert response.headers["Location"] == landing


def test_passwords_are_hashed(db, make_user):
    user_id = make_user()
    stored = db["users"].get(user_id)["password_hash"]
    assert EDITOR_PASSWORD not in stored
    assert stored.startswith("scrypt:")


@pytest.mark.parametrize(
    ("email", "password", "error"),
    [
        ("ikke-en-mail", EDITOR_PASSWORD, "e-mail"),
        ("ny@kvarter.example", "kort", "mindst 12 tegn"),
        ("redaktor@kvarter.example", EDITOR_PASSWORD, "findes allerede"),
    ],
)
def test_add_user_command_refuses_bad_input(runner, make_user, email, password, error):
    make_user()
    result = runner.invoke(args=["add-user", email, "--password", password])
    assert result.exit_code != 0
    assert error in result.output


def test_add_user_command_creates_a_working_account(runner, client, login):
    result = runner.invoke(args=["add-user", "anna@kvarter.example", "--name", "Anna",
                                 "--role", "admin", "--password", EDITOR_PASSWORD])  # fmt: skip
    assert result.exit_code == 0, result.output
    login("anna@kvarter.example")
    assert client.get("/redaktion/").status_code == 200


def test_session_cookie_flags(client, make_user, login):
    make_user()
    response = login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client, make_user):
    make_user()
    html = client.get("/redaktion/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(
        "/redaktion/login", base_url="https://localhost",
        headers={"Referer": "https://localhost/redaktion/login"},
        data={"email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD,
              "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_admin_required_refuses_editors(app, client, make_user, login):
    @app.get("/redaktion/kun-admin")
    @auth.admin_required
    def only_admins():
        return "ok"

    make_user()
    login()
    assert client.get("/redaktion/kun-admin").status_code == 403


def test_editor_api_refuses_anonymous_with_401(app, client):
    @app.get("/redaktion/api/test")
    @auth.editor_required
    def editor_api():
        return {"ok": True}

    assert client.get("/redaktion/api/test").status_code == 401
