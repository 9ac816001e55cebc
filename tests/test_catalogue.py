"""The catalogue's own operations: save, versions, revisions, delete, restore."""

import pytest

from directory import catalogue, revisions
from directory.search import Query


def names(index, text):
    return [hit.name for hit in index.search(Query(text=text)).hits]


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Børne- og Ungeklubben Ådalen", "boerne-og-ungeklubben-aadalen"),
     ("Café Ünïcode!", "cafe-unicode"), ("   ", "forening"), ("---", "forening")],
)  # fmt: skip
def test_slugify(name, slug):
    assert catalogue.slugify(name) == slug


def test_slugs_stay_unique(db):
    first = catalogue.save_association(db, {"name": "Skakklubben"})
    second = catalogue.save_association(db, {"name": "Skakklubben"})
    slugs = {catalogue.get_association_by_id(db, i)["slug"] for i in (first, second)}
    assert slugs == {"skakklubben", "skakklubben-2"}


def test_a_save_records_a_revision_with_old_and_new_values(db, index, make_user):
    user = make_user()
    association_id = catalogue.save_association(db, {"name": "Løbeklubben"}, index=index)
    catalogue.save_association(
        db, {"id": association_id, "short_description": "Vi løber"}, index=index,
        user_id=user, source="test",
    )  # fmt: skip
    newest, created = revisions.history(db, "association", association_id)
    assert created["action"] == "create"
    assert newest["action"] == "update" and newest["user_name"] == "Rie Redaktør"
    assert newest["source"] == "test"
    assert newest["changes"] == {"short_description": {"old": "", "new": "Vi løber"}}
    assert newest["snapshot"]["short_description"] == "Vi løber"


def test_a_save_that_changes_nothing_writes_nothing(db):
    association_id = catalogue.save_association(db, {"name": "Koret"})
    version = catalogue.association_record(db, association_id)["version"]
    catalogue.save_association(db, {"id": association_id, "name": "Koret"})
    assert catalogue.association_record(db, association_id)["version"] == version
    assert len(revisions.history(db, "association", association_id)) == 1


def test_a_stale_save_is_refused_and_changes_nothing(db):
    association_id = catalogue.save_association(db, {"name": "Koret"})
    seen = catalogue.association_record(db, association_id)["version"]
    catalogue.save_association(db, {"id": association_id, "description": "Nyt"},
                               expected_version=seen)  # fmt: skip
    with pytest.raises(catalogue.StaleVersion) as stale:
        catalogue.save_association(db, {"id": association_id, "description": "Gammelt"},
                                   expected_version=seen)  # fmt: skip
    assert stale.value.current["description"] == "Nyt"
    assert catalogue.association_record(db, association_id)["description"] == "Nyt"


def test_saving_a_missing_association_is_refused(db):
    with pytest.raises(catalogue.NotFound):
        catalogue.save_association(db, {"id": 999, "name": "Spøgelse"})


def test_delete_and_restore_bring_everything_back(db, index):
    with db.atomic():
        venue = catalogue.save_venue(db, {"name": "Trekanten"})
    association_id = catalogue.save_association(
        db, {"name": "Strikkecaféen", "categories": ["faellesskab-og-samvaer"],
             "venue_ids": [venue], "activities": [{"title": "Strik", "weekdays": [2]}]},
        index=index,
    )  # fmt: skip
    before = catalogue.association_record(db, association_id)
    catalogue.delete_association(db, association_id, index=index)
    assert catalogue.association_record(db, association_id) is None
    assert names(index, "strikkecafeen") == []
    deleted = revisions.deleted_entries(db, "association")
    assert [r["entity_id"] for r in deleted] == [association_id]
    catalogue.restore_association(db, deleted[0]["id"], index=index)
    after = catalogue.association_record(db, association_id)
    assert revisions.diff(before, after) == {}
    assert names(index, "strikkecafeen") == ["Strikkecaféen"]
    assert revisions.history(db, "association", association_id)[0]["action"] == "restore"
    assert revisions.deleted_entries(db, "association") == []


def test_restoring_an_old_revision_is_a_new_revision(db):
    association_id = catalogue.save_association(db, {"name": "Koret", "description": "Først"})
    catalogue.save_association(db, {"id": association_id, "description": "Siden"})
    first = revisions.history(db, "association", association_id)[-1]
    catalogue.restore_association(db, first["id"])
    assert catalogue.association_record(db, association_id)["description"] == "Først"
    assert len(revisions.history(db, "association", association_id)) == 3


def test_restore_leaves_out_venues_that_are_gone(db):
    with db.atomic():
        venue = catalogue.save_venue(db, {"name": "Revet ned"})
    association_id = catalogue.save_association(db, {"name": "Klubben", "venue_ids": [venue]})
    created = revisions.history(db, "association", association_id)[-1]
    db.execute("DELETE FROM venues WHERE id = ?", [venue])
    db.conn.commit()
    catalogue.restore_association(db, created["id"])
    assert catalogue.association_record(db, association_id)["venue_ids"] == []


def test_public_contact_needs_consent_per_field():
    association = {"contact_name": "Anna", "contact_name_public": 1,
                   "contact_phone": "12 34 56 78", "contact_phone_public": 0,
                   "contact_email": "", "contact_email_public": 1,
                   "contact_role": "Formand", "contact_role_public": 1}  # fmt: skip
    assert catalogue.public_contact(association) == {"name": "Anna", "role": "Formand"}


def test_index_documents_carry_areas_and_activities(db):
    with db.atomic():
        venue = catalogue.save_venue(db, {"name": "Trekanten", "latitude": 57.02765,
                                          "longitude": 10.00087})  # fmt: skip
    association_id = catalogue.save_association(
        db, {"name": "Læseklubben", "venue_ids": [venue],
             "activities": [{"title": "Læsning", "weekdays": [1]}]},
    )  # fmt: skip
    (document,) = catalogue.index_documents(db, [association_id])
    assert "aalborg-oest-9220" in document["areas"]
    assert document["venue_names"] == ["Trekanten"]
    assert document["activities"][0]["title"] == "Læsning"
