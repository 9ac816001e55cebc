"""Admins manage accounts; nobody else may, and the last active admin stays."""

import re

import pytest

from directory import user_views
from tests.conftest import EDITOR_PASSWORD

ADMIN = "chef@kvarter.example"
NEW_PASSWORD = "en helt ny og lang kode"
ROUTES = [
    ("get", "/redaktion/brugere"),
    ("get", "/redaktion/brugere/ny"),
    ("post", "/redaktion/brugere/ny"),
    ("get", "/redaktion/brugere/1"),
    ("post", "/redaktion/brugere/1/rolle"),
    ("post", "/redaktion/brugere/1/deaktiver"),
    ("post", "/redaktion/brugere/1/aktiver"),
    ("post", "/redaktion/brugere/1/adgangskode"),
]


@pytest.fixture
def admin(client, make_user, login):
    """The client logged in as an admin; returns the admin's id."""
    admin_id = make_user(ADMIN, role="admin", name="Chefen")
    login(ADMIN)
    return admin_id


def token(client, path="/redaktion/brugere/ny"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post(client, path, **data):
    return client.post(path, data={"csrf_token": token(client), **data})


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_login(client, make_user, csrf, method, path):
    make_user(ADMIN, role="admin")
    data = {"csrf_token": csrf(), "role": "editor"} if method == "post" else None
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 302 and "/redaktion/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_editors_are_refused(editor_client, db, make_user, csrf, method, path):
    make_user(ADMIN, role="admin")
    data = {"csrf_token": csrf("/redaktion/"), "role": "admin", "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD}  # fmt: skip
    response = getattr(editor_client, method)(path, data=data if method == "post" else None)
    assert response.status_code == 403
    assert [u["role"] for u in db["users"].rows] == ["editor", "admin"]


def test_the_menu_shows_users_to_admins_only(client, make_user, login):
    make_user()
    make_user(ADMIN, role="admin")
    login()
    assert "Brugere" not in client.get("/redaktion/").get_data(as_text=True)
    other = client.application.test_client()
    login(ADMIN, test_client=other)
    assert 'href="/redaktion/brugere"' in other.get("/redaktion/").get_data(as_text=True)


def test_list_shows_every_account(client, admin, make_user, db):
    make_user("rie@kvarter.example", name="Rie Redaktør")
    rie = db["users"].get(2)
    db["users"].update(rie["id"], {"active": 0})
    html = client.get("/redaktion/brugere").get_data(as_text=True)
    assert "Chefen" in html and "rie@kvarter.example" in html
    assert "Deaktiveret" in html and "Administrator" in html and "scrypt" not in html


def test_create_a_user_who_can_then_log_in(client, admin, db, login):
    response = post(client, "/redaktion/brugere/ny", name="Nina Ny", email="nina@kvarter.example",
                    role="editor", password=NEW_PASSWORD)  # fmt: skip
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Brugeren Nina Ny er oprettet." in page
    created = next(u for u in db["users"].rows if u["email"] == "nina@kvarter.example")
    assert (created["name"], created["role"], created["active"]) == ("Nina Ny", "editor", 1)
    fresh = client.application.test_client()
    login("nina@kvarter.example", NEW_PASSWORD, test_client=fresh)
    assert fresh.get("/redaktion/brugere").status_code == 403


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "kort kode"}, "Adgangskoden skal være mindst 12 tegn."),
        ({"password": ""}, "Skriv en adgangskode."),
        ({"email": "nina@"}, "E-mail &#39;nina@&#39; er ikke gyldig."),
        ({"email": ADMIN}, "Der findes allerede en bruger med chef@kvarter.example."),
        ({"name": " "}, "Skriv personens navn."),
        ({"role": "superuser"}, "Vælg en af rollerne."),
    ],
)
def test_create_refuses_bad_input_and_keeps_what_was_typed(client, admin, db, fields, message):
    form = {"name": "Nina Ny", "email": "nina@kvarter.example", "role": "admin",
            "password": NEW_PASSWORD, **fields}  # fmt: skip
    response = post(client, "/redaktion/brugere/ny", **form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="field-error"' in html and message in html and 'aria-invalid="true"' in html
    if fields.get("name") is None:
        assert 'value="Nina Ny"' in html
    assert NEW_PASSWORD not in html  # passwords are never sent back
    assert db["users"].count == 1


def test_create_without_csrf_token_is_refused(client, admin, db):
    response = client.post("/redaktion/brugere/ny", data={
        "name": "Nina", "email": "nina@kvarter.example", "role": "admin",
        "password": NEW_PASSWORD})  # fmt: skip
    assert response.status_code == 400
    assert db["users"].count == 1


def test_change_role(client, admin, make_user, db):
    rie = make_user("rie@kvarter.example")
    response = post(client, f"/redaktion/brugere/{rie}/rolle", role="admin")
    assert response.status_code == 302
    assert db["users"].get(rie)["role"] == "admin"
    assert "Rie Redaktør er nu administrator." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_role_change_without_csrf_token_is_refused(client, admin, make_user, db):
    rie = make_user("rie@kvarter.example")
    response = client.post(f"/redaktion/brugere/{rie}/rolle", data={"role": "admin"})
    assert response.status_code == 400
    assert db["users"].get(rie)["role"] == "editor"


def test_unknown_role_is_refused(client, admin, make_user, db):
    rie = make_user("rie@kvarter.example")
    response = post(client, f"/redaktion/brugere/{rie}/rolle", role="gud")
    assert response.status_code == 400 and "Vælg en af rollerne." in response.get_data(as_text=True)
    assert db["users"].get(rie)["role"] == "editor"


@pytest.mark.parametrize("action", ["rolle", "deaktiver"])
def test_the_last_active_admin_cannot_demote_or_deactivate_themself(client, admin, db, action):
    response = post(client, f"/redaktion/brugere/{admin}/{action}", role="editor")
    assert response.status_code == 400
    assert user_views.LAST_ADMIN_MESSAGE in response.get_data(as_text=True)
    assert (db["users"].get(admin)["role"], db["users"].get(admin)["active"]) == ("admin", 1)


def test_an_inactive_admin_does_not_count(client, admin, make_user, db):
    other = make_user("gammel@kvarter.example", role="admin")
    db["users"].update(other, {"active": 0})
    response = post(client, f"/redaktion/brugere/{admin}/rolle", role="editor")
    assert response.status_code == 400
    assert db["users"].get(admin)["role"] == "admin"


def test_with_another_admin_an_admin_may_step_down(client, admin, make_user, db):
    make_user("nummer2@kvarter.example", role="admin")
    response = post(client, f"/redaktion/brugere/{admin}/rolle", role="editor")
    assert response.status_code == 302
    assert db["users"].get(admin)["role"] == "editor"
    assert client.get("/redaktion/brugere").status_code == 403  # takes effect at once


def test_deactivate_and_reactivate(client, admin, make_user, db, login):
    rie = make_user("rie@kvarter.example")
    assert post(client, f"/redaktion/brugere/{rie}/deaktiver").status_code == 302
    assert db["users"].get(rie)["active"] == 0
    outsider = client.application.test_client()
    html = outsider.get("/redaktion/login").get_data(as_text=True)
    csrf_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    refused = outsider.post(
        "/redaktion/login",
        data={
            "email": "rie@kvarter.example",
            "password": EDITOR_PASSWORD,
            "csrf_token": csrf_token,
        },
    )
    assert refused.status_code == 400
    assert post(client, f"/redaktion/brugere/{rie}/aktiver").status_code == 302
    login("rie@kvarter.example", test_client=outsider)


def test_deactivated_users_are_logged_out(client, admin, make_user, db, login):
    rie = make_user("rie@kvarter.example")
    rie_client = client.application.test_client()
    login("rie@kvarter.example", test_client=rie_client)
    assert rie_client.get("/redaktion/").status_code == 200
    post(client, f"/redaktion/brugere/{rie}/deaktiver")
    assert rie_client.get("/redaktion/").status_code == 302


def test_deactivate_without_csrf_token_is_refused(client, admin, make_user, db):
    rie = make_user("rie@kvarter.example")
    assert client.post(f"/redaktion/brugere/{rie}/deaktiver").status_code == 400
    assert db["users"].get(rie)["active"] == 1


def test_reset_password(client, admin, make_user, login):
    rie = make_user("rie@kvarter.example")
    response = post(client, f"/redaktion/brugere/{rie}/adgangskode", password=NEW_PASSWORD,
                    confirm=NEW_PASSWORD)  # fmt: skip
    assert response.status_code == 302
    fresh = client.application.test_client()
    login("rie@kvarter.example", NEW_PASSWORD, test_client=fresh)
    html = fresh.get("/redaktion/login").get_data(as_text=True)
    csrf_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    old = client.application.test_client().post(
        "/redaktion/login",
        data={
            "email": "rie@kvarter.example",
            "password": EDITOR_PASSWORD,
            "csrf_token": csrf_token,
        },
    )
    assert old.status_code == 400


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("kort", "kort", "Adgangskoden skal være mindst 12 tegn."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "De to adgangskoder er ikke ens."),
        ("", "", "Skriv en adgangskode."),
    ],
)
def test_reset_password_refuses_bad_input(client, admin, make_user, db, password, confirm, message):
    rie = make_user("rie@kvarter.example")
    before = db["users"].get(rie)["password_hash"]
    response = post(client, f"/redaktion/brugere/{rie}/adgangskode", password=password,
                    confirm=confirm)  # fmt: skip
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db["users"].get(rie)["password_hash"] == before


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("post", "/rolle")])
def test_unknown_user_is_404(client, admin, method, suffix):
    path = f"/redaktion/brugere/999{suffix}"
    response = post(client, path, role="editor") if method == "post" else client.get(path)
    assert response.status_code == 404


def test_operations_refuse_to_leave_no_admin(db, make_user):
    only = make_user(ADMIN, role="admin")
    with pytest.raises(user_views.LastAdmin):
        user_views.set_active(db, only, False)
    with pytest.raises(user_views.LastAdmin):
        user_views.set_role(db, only, "editor")
    user_views.set_role(db, only, "admin")  # staying admin is fine
    assert user_views.all_users(db)[0]["role"] == "admin"
