"""An editor's day in a real browser: log in, edit, meet a conflict, resolve it, restore."""

import re

import pytest
from playwright.sync_api import expect

from directory import catalogue
from directory.search import get_index
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def choir(live_app, live_db):
    """An association of its own, removed afterwards so the other browser tests see the
    catalogue of conftest.py unchanged."""
    venue = catalogue.find_venue(live_db, "Smedegård Beboerhus")
    with live_app.app_context():
        index = get_index()
        association_id = catalogue.save_association(live_db, {
            "name": "Sangkoret Smedegård", "short_description": "Vi synger sammen",
            "categories": ["kultur-og-kreativitet"], "venue_ids": [venue["id"]],
            "activities": [{"title": "Korprøve", "weekdays": [2], "start_time": "19:00"}],
        }, index=index)  # fmt: skip
        yield association_id
        if catalogue.association_record(live_db, association_id):
            catalogue.delete_association(live_db, association_id, index)


def save_behind_the_editors_back(live_app, db, association_id: int, **changes):
    """Another editor's save, straight into the server's database and index."""
    with live_app.app_context():
        catalogue.save_association(db, {"id": association_id, **changes}, index=get_index())


def test_edit_conflict_history_restore(page, live_server, live_app, live_db, editing_editor,
                                       choir, watch):  # fmt: skip
    email, password, _ = editing_editor
    log_in(page, live_server, live_db, email, password)
    page.get_by_role("navigation", name="Redaktion").get_by_role("link", name="Foreninger").click()
    page.get_by_label("Navn").fill("sangkor")
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("link", name="Sangkoret Smedegård").click()

    # An ordinary edit.
    page.get_by_label("Kort beskrivelse").fill("Vi synger hver onsdag")
    page.get_by_role("button", name="Gem ændringerne").click()
    expect(page.get_by_role("status")).to_contain_text("Ændringerne er gemt.")

    # Someone else saves while this editor types.
    page.get_by_label("Telefon", exact=True).fill("98 76 54 32")
    save_behind_the_editors_back(live_app, live_db, choir, name="Smedegårdskoret")
    page.get_by_role("button", name="Gem ændringerne").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("vælg mellem to udgaver")
    name_row = page.get_by_role("row", name=re.compile("^Navn"))
    expect(name_row.get_by_label("brug den nye")).to_be_checked()
    expect(page.get_by_role("row", name=re.compile("^Telefon")).get_by_label("behold min")
           ).to_be_checked()  # fmt: skip
    page.get_by_role("button", name="Gem med mine valg").click()
    expect(page.get_by_role("status")).to_contain_text("Ændringerne er gemt.")
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Smedegårdskoret")
    expect(page.get_by_label("Telefon", exact=True)).to_have_value("98 76 54 32")

    # The history names the editor and the changes; the first version comes back.
    page.get_by_role("link", name="Historik").click()
    newest = page.locator(".revision").first
    expect(newest).to_contain_text(editing_editor[2])
    expect(newest).to_contain_text("98 76 54 32")
    page.locator(".revision").last.get_by_role("button", name="Gendan denne udgave").click()
    expect(page.get_by_role("status")).to_contain_text("Foreningen er gendannet")
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Sangkoret Smedegård")
    expect(page.get_by_label("Kort beskrivelse")).to_have_value("Vi synger sammen")

    # The public page shows the restored entry and links back to editing.
    page.get_by_role("link", name="Se den offentlige side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sangkoret Smedegård")
    page.get_by_role("link", name="Rediger").click()
    expect(page).to_have_url(re.compile(rf"/redaktion/foreninger/{choir}$"))
    # Chromium logs every document answered with an error status; the conflict page is
    # answered with 409 Conflict by design (the save was refused). Nothing else may appear.
    assert watch.errors() == [
        "Failed to load resource: the server responded with a status of 409 (CONFLICT)"
    ]
