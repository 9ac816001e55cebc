"""Editing venues and categories in the editors' workspace (/redaktion/steder, /kategorier).

Thin views over directory.places. A save made from an older version is
refused (409) and the form comes back with both versions side by side, one
choice per field, so nobody's change is lost unseen. A venue's point can be
typed, found from the address in the gazetteer, or set by dragging the pin on
the map (static/js/pin.js; without JavaScript the editor types coordinates).
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from . import editor, geo, maps, places, revisions
from .auth import editor_required
from .catalogue import NotFound, StaleVersion
from .db import get_db
from .i18n import translated
from .search import get_index
from .vocabulary import N_

bp = Blueprint("places", __name__, url_prefix="/redaktion")
SOURCE = "redaktion"
ACTIONS = {"create": N_("Oprettet"), "update": N_("Ændret"), "delete": N_("Slettet"),
           "restore": N_("Gendannet")}  # fmt: skip
# Fields the conflict view offers as one choice each (a point is one choice, not two numbers).
VENUE_CHOICES = {
    "name": ("name",), "address": ("address",), "postcode": ("postcode",), "city": ("city",),
    "coordinates": ("latitude", "longitude"),
}  # fmt: skip
CATEGORY_CHOICES = {"label": ("label",), "description": ("description",)}


class VenueForm(FlaskForm):
    name = StringField(_l("Navn"))
    address = StringField(_l("Adresse"))
    postcode = StringField(_l("Postnummer"))
    city = StringField(_l("By"))
    latitude = StringField(_l("Breddegrad"))
    longitude = StringField(_l("Længdegrad"))
    version = HiddenField()
    # Set by "Find fra adressen": the point found and its name in the gazetteer.
    geocode_point = HiddenField()
    geocode_note = HiddenField()


class CategoryForm(FlaskForm):
    label = StringField(_l("Navn"))
    description = TextAreaField(_l("Beskrivelse"))
    version = HiddenField()


class ConfirmForm(FlaskForm):
    """Delete, restore and move buttons: only the CSRF token."""


# Helpers ------------------------------------------------------------------------------


def message(text: str) -> str:
    """A domain message ('postnummer '92' skal …') as a sentence for the page."""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def show(field: str, value) -> str:
    """A stored value as the history and the conflict view show it."""
    if value is None or value == "":
        return "–"
    if field == "geocode_status":
        return translated(places.GEOCODE_STATUS_LABELS.get(value, value))
    if field == "sort_order" and isinstance(value, int):
        return str(value + 1)
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").replace(".", ",")
    if isinstance(value, list):
        return str(len(value))
    return str(value)


def form_text(value) -> str:
    """A stored value as a form input holds it (coordinates with a decimal point)."""
    return "" if value is None else str(value)


def _version(text) -> int:
    """The version a form was loaded at; unreadable counts as stale (never as 'any')."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def _user_id():
    return current_user.id


def _apply_saved_choices(form, choices: dict, current: dict):
    """After a conflict: put the stored value in each field the editor chose to keep."""
    for group, columns in choices.items():
        if request.form.get(f"valg-{group}") == "saved":
            for column in columns:
                getattr(form, column).data = form_text(current[column])


def _conflict(entity: str, current: dict, mine: dict, expected: int, choices: dict) -> dict:
    """Both versions, field by field, for the editor to choose from.

    A field the editor left as it was when they loaded the form defaults to
    the stored value (someone else's change); a field both changed defaults
    to the editor's.
    """
    db = get_db()
    base = places.snapshot_at_version(db, entity, current["id"], expected)
    rows = []
    for group, columns in choices.items():
        mine_values = [mine.get(c) for c in columns]
        saved_values = [current[c] for c in columns]
        if mine_values == saved_values:
            continue
        untouched = base is not None and [base.get(c) for c in columns] == mine_values
        rows.append({
            "group": group, "label": places.LABELS[group].capitalize(),
            "mine": ", ".join(show(c, v) for c, v in zip(columns, mine_values, strict=True)),
            "saved": ", ".join(show(c, v) for c, v in zip(columns, saved_values, strict=True)),
            "default": "saved" if untouched else "mine",
        })  # fmt: skip
    latest = revisions.history(db, entity, current["id"])
    return {"rows": rows, "by": latest[0] if latest else None}


def _render_history(entity: str, entry: dict, restore_endpoint: str, back_url: str):
    entries = revisions.history(get_db(), entity, entry["id"])
    return render_template(
        "editor/places/history.html", entity=entity, entry=entry, revisions=entries,
        restore_endpoint=restore_endpoint, back_url=back_url, actions=ACTIONS,
        labels=places.LABELS, show=show, form=ConfirmForm(),
    )  # fmt: skip


# Venues -------------------------------------------------------------------------------


@bp.get("/steder")
@editor_required
def list_venues():
    db = get_db()
    only_unplaced = request.args.get("vis") == "uplacerede"
    venues = places.list_venues(db)
    unplaced = [v for v in venues if not v["placed"]]
    return render_template(
        "editor/places/venue_list.html", venues=unplaced if only_unplaced else venues,
        unplaced_count=len(unplaced), only_unplaced=only_unplaced,
        deleted=revisions.deleted_entries(db, "venue"), form=ConfirmForm(),
    )  # fmt: skip


@bp.route("/steder/ny", methods=["GET", "POST"])
@editor_required
def new_venue():
    return _venue_editor(None)


@bp.route("/steder/<int:venue_id>", methods=["GET", "POST"])
@editor_required
def edit_venue(venue_id):
    venue = places.venue_record(get_db(), venue_id)
    if venue is None:
        abort(404)
    return _venue_editor(venue)


def _venue_editor(venue: dict | None):
    """The venue form: GET shows it; POST saves, or finds the point from the address."""
    data = None
    if venue and request.method == "GET":
        data = {k: form_text(venue[k]) for k in places.VENUE_FIELDS}
        data["version"] = venue["version"]
    form = VenueForm(data=data)
    errors, conflict, found, status = {}, None, None, 200
    if form.validate_on_submit():
        if request.form.get("action") == "find":
            found, errors = _find_from_address(form)
        else:
            saved, errors, conflict = _save_venue(form, venue)
            if saved is not None:
                return saved
        status = 409 if conflict else 400 if errors else 200
    return render_template(
        "editor/places/venue_form.html", form=form, venue=venue, errors=errors,
        conflict=conflict, found=found, pin_map=_pin_map(),
        placed=places.is_placed(venue) if venue else True,
        users=places.venue_users(get_db(), venue["id"]) if venue else [],
    ), status  # fmt: skip


def _venue_record(form, venue: dict | None) -> dict:
    record = {field: getattr(form, field).data for field in places.VENUE_FIELDS}
    if venue:
        record["id"] = venue["id"]
    # Placed from the gazetteer only if the point is still the one "Find" gave.
    point = form.geocode_point.data or ""
    typed = f"{record['latitude'] or ''},{record['longitude'] or ''}".replace(" ", "")
    if point and point == typed:
        record.update(geocode_status="gazetteer", geocode_note=form.geocode_note.data)
    return record


def _save_venue(form, venue: dict | None):
    """(redirect, {}, None) when saved, else (None, field errors, conflict)."""
    db = get_db()
    if venue:
        _apply_saved_choices(form, VENUE_CHOICES, places.venue_record(db, venue["id"]) or venue)
    record = _venue_record(form, venue)
    expected = _version(form.version.data) if venue else None
    try:
        venue_id = places.save_venue(db, record, expected_version=expected, user_id=_user_id(),
                                     source=SOURCE, index=get_index())  # fmt: skip
    except places.InvalidRecord as error:
        return None, {k: message(v) for k, v in error.errors.items()}, None
    except StaleVersion as stale:
        mine = places.clean_venue(record)[0]
        form.version.data = str(stale.current["version"])
        return None, {}, _conflict("venue", stale.current, mine, expected, VENUE_CHOICES)
    except NotFound:
        abort(404)
    flash(gettext("Stedet »%(name)s« er gemt.", name=record['name'].strip()))
    return redirect(url_for(".edit_venue", venue_id=venue_id)), {}, None


def _find_from_address(form) -> tuple[str | None, dict]:
    """Fill in the point for the typed address from the gazetteer (nothing is saved)."""
    address = " ".join((form.address.data or "").split())
    if not address:
        return None, {"address": "Skriv adressen først, så kan vi finde den."}
    gazetteer = geo.load_gazetteer(current_app.config["DATA_DIR"])
    match, _ = geo.geocode(get_db(), gazetteer, address, (form.postcode.data or "").strip())
    if match is None:
        return None, {"address": (
            f"Vi kunne ikke finde »{address}« i stednavnelisten. Tjek adressen og postnummeret, "
            "eller sæt nålen på kortet eller skriv koordinaterne."
        )}  # fmt: skip
    form.latitude.data, form.longitude.data = f"{match.lat:.6f}", f"{match.lon:.6f}"
    form.geocode_point.data = f"{form.latitude.data},{form.longitude.data}"
    form.geocode_note.data = match.matched_name
    return match.matched_name, {}


def _pin_map():
    """The small map the pin is dragged on: the district's boundary, no markers."""
    boundary, _ = maps.area_layers(get_db())
    return maps.map_parts(maps.build_map(boundary, small=True))


@bp.route("/steder/<int:venue_id>/slet", methods=["GET", "POST"])
@editor_required
def delete_venue(venue_id):
    db = get_db()
    venue = places.venue_record(db, venue_id)
    if venue is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        places.delete_venue(db, venue_id, user_id=_user_id(), source=SOURCE, index=get_index())
        flash(gettext("Stedet »%(name)s« er slettet. Du kan gendanne det nederst på siden.",
            name=venue['name']))
        return redirect(url_for(".list_venues"))
    return render_template("editor/places/venue_delete.html", venue=venue, form=form,
                           users=places.venue_users(db, venue_id))  # fmt: skip


@bp.get("/steder/<int:venue_id>/historik")
@editor_required
def venue_history(venue_id):
    db = get_db()
    venue = places.venue_record(db, venue_id) or places.last_deletion(db, "venue", venue_id)
    if not venue:
        abort(404)
    return _render_history("venue", venue, ".restore_venue", url_for(".list_venues"))


@bp.post("/steder/gendan/<int:revision_id>")
@editor_required
def restore_venue(revision_id):
    db = get_db()
    try:
        venue_id = places.restore_venue(db, revision_id, user_id=_user_id(), index=get_index())
    except (NotFound, revisions.RevisionNotFound):
        abort(404)
    flash(gettext("Stedet er gendannet."))
    return redirect(url_for(".edit_venue", venue_id=venue_id))


# Categories ---------------------------------------------------------------------------


@bp.get("/kategorier")
@editor_required
def list_categories():
    db = get_db()
    return render_template(
        "editor/places/category_list.html", categories=places.list_categories(db),
        deleted=revisions.deleted_entries(db, "category"), form=ConfirmForm(),
    )  # fmt: skip


@bp.route("/kategorier/ny", methods=["GET", "POST"])
@editor_required
def new_category():
    return _category_editor(None)


@bp.route("/kategorier/<int:category_id>", methods=["GET", "POST"])
@editor_required
def edit_category(category_id):
    category = places.category_record(get_db(), category_id)
    if category is None:
        abort(404)
    return _category_editor(category)


def _category_editor(category: dict | None):
    data = None
    if category and request.method == "GET":
        data = {"label": category["label"], "description": category["description"],
                "version": category["version"]}  # fmt: skip
    form = CategoryForm(data=data)
    errors, conflict, status = {}, None, 200
    if form.validate_on_submit():
        saved, errors, conflict = _save_category(form, category)
        if saved is not None:
            return saved
        status = 409 if conflict else 400
    return render_template("editor/places/category_form.html", form=form, category=category,
                           errors=errors, conflict=conflict), status  # fmt: skip


def _save_category(form, category: dict | None):
    db = get_db()
    if category:
        current = places.category_record(db, category["id"]) or category
        _apply_saved_choices(form, CATEGORY_CHOICES, current)
    record = {"label": form.label.data, "description": form.description.data}
    if category:
        record["id"] = category["id"]
    expected = _version(form.version.data) if category else None
    try:
        places.save_category(db, record, expected_version=expected, user_id=_user_id(),
                             source=SOURCE, index=get_index())
    except places.InvalidRecord as error:
        return None, {k: message(v) for k, v in error.errors.items()}, None
    except StaleVersion as stale:
        mine = places.clean_category(record)[0]
        form.version.data = str(stale.current["version"])
        return None, {}, _conflict("category", stale.current, mine, expected, CATEGORY_CHOICES)
    except NotFound:
        abort(404)
    flash(gettext("Kategorien »%(label)s« er gemt.", label=' '.join(record['label'].split())))
    return redirect(url_for(".list_categories")), {}, None


@bp.post("/kategorier/<int:category_id>/flyt")
@editor_required
def move_category(category_id):
    step = {"op": -1, "ned": 1}.get(request.form.get("retning", ""))
    if step is None:
        abort(400)
    try:
        places.move_category(get_db(), category_id, step, user_id=_user_id(), source=SOURCE)
    except NotFound:
        abort(404)
    return redirect(url_for(".list_categories") + f"#kategori-{category_id}")


@bp.route("/kategorier/<int:category_id>/slet", methods=["GET", "POST"])
@editor_required
def delete_category(category_id):
    db = get_db()
    category = places.category_record(db, category_id)
    if category is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        places.delete_category(db, category_id, user_id=_user_id(), source=SOURCE,
                               index=get_index())  # fmt: skip
        flash(gettext("Kategorien »%(label)s« er slettet. Du kan gendanne den nederst på siden.",
                      label=category["label"]))
        return redirect(url_for(".list_categories"))
    uses = next(c["uses"] for c in places.list_categories(db) if c["id"] == category_id)
    return render_template("editor/places/category_delete.html", category=category, form=form,
                           uses=uses)  # fmt: skip


@bp.get("/kategorier/<int:category_id>/historik")
@editor_required
def category_history(category_id):
    db = get_db()
    category = places.category_record(db, category_id) or places.last_deletion(
        db, "category", category_id
    )
    if not category:
        abort(404)
    return _render_history("category", category, ".restore_category",
                           url_for(".list_categories"))  # fmt: skip


@bp.post("/kategorier/gendan/<int:revision_id>")
@editor_required
def restore_category(revision_id):
    db = get_db()
    try:
        places.restore_category(db, revision_id, user_id=_user_id(), index=get_index())
    except (NotFound, revisions.RevisionNotFound):
        abort(404)
    except places.InvalidRecord as error:
        flash(message(str(error)) + " " + gettext("Omdøb den anden kategori først."))
        return redirect(url_for(".list_categories"))
    flash(gettext("Kategorien er gendannet."))
    return redirect(url_for(".list_categories"))


def init_app(app):
    editor.add_menu_item(app, "places.list_venues", _l("Steder"))
    editor.add_menu_item(app, "places.list_categories", _l("Kategorier"))
    app.register_blueprint(bp)
