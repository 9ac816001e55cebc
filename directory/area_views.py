"""The areas entries are labelled with, in the editors' workspace (/redaktion/omraader).

We never invent a boundary: where a neighbourhood has no published polygon,
an editor adds one, either as a GeoJSON file or by drawing it on a map
(static/js/draw-area.js writes the drawing as GeoJSON into the form's
`geometry` textarea; without JavaScript the editor pastes GeoJSON there).
Thin views over directory.geo; after every change the entries are reassigned,
the catalogue version bumped and the search index rebuilt, as the CLI does.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from . import editor, geo, maps
from .auth import editor_required
from .db import get_db
from .i18n import lazy_labels
from .search import get_index
from .vocabulary import N_

bp = Blueprint("areas", __name__, url_prefix="/redaktion/omraader")
MAX_FILE_BYTES = 2 * 1024 * 1024
KIND_LABELS = {"custom": N_("Eget område"), "parish": N_("Sogn"), "postcode": N_("Postnummer")}
DRAWN_SOURCE = "Tegnet i redaktionen"


class UploadForm(FlaskForm):
    name = StringField(_l("Navn"))
    kind = SelectField(
        _l("Slags"), choices=[SelectChoice(k, v) for k, v in lazy_labels(KIND_LABELS.items())],
        default="custom",
    )
    source = StringField(_l("Kilde"))
    file = FileField(_l("GeoJSON-fil"))


class DrawForm(FlaskForm):
    name = StringField(_l("Navn"))
    source = StringField(_l("Kilde"))
    geometry = TextAreaField(_l("Området som GeoJSON"))


class ConfirmForm(FlaskForm):
    """The delete button: only the CSRF token."""


def _sentence(text: str) -> str:
    text = str(text).strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def _read_upload(storage) -> bytes:
    """The uploaded file's bytes, or AreaError (no file, empty, over the size limit)."""
    if storage is None or not getattr(storage, "filename", ""):
        raise geo.AreaError("Vælg en GeoJSON-fil.")
    data = storage.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise geo.AreaError("Filen er for stor (højst 2 MB). Forenkl polygonen, og prøv igen.")
    if not data.strip():
        raise geo.AreaError("Filen er tom.")
    return data


def _name_error(name) -> dict:
    return {} if " ".join((name or "").split()) else {"name": "Skriv et navn til området."}


def _add(name: str, geojson, kind: str, source: str, geometry_field: str) -> dict:
    """Add the area and make it visible at once; {} or {field: Danish message}."""
    errors = _name_error(name)
    try:
        geo.validate_polygon(geojson)
    except geo.AreaError as error:
        errors[geometry_field] = _sentence(error)
    if errors:
        return errors
    db = get_db()
    try:
        geo.add_area(db, name, geojson, kind=kind, source=source)
    except geo.AreaError as error:  # the polygon is fine, so it is the name (taken)
        return {"name": _sentence(error)}
    geo.after_area_change(db, get_index())
    flash(gettext("Området »%(name)s« er tilføjet, og foreningerne i det er fundet.",
        name=' '.join(name.split())))
    return {}


@bp.get("/")
@editor_required
def list_areas():
    db = get_db()
    counts = geo.inside_counts(db)
    areas = [{**area, "inside": counts.get(area["id"], 0)} for area in geo.list_areas(db)]
    home = geo.home_area(db)
    return render_template(
        "editor/areas/list.html", areas=areas, kind_labels=KIND_LABELS,
        home_slug=home["slug"] if home else None,
    )  # fmt: skip


@bp.route("/ny/fil", methods=["GET", "POST"])
@editor_required
def upload_area():
    form = UploadForm()
    errors, status = {}, 200
    if form.validate_on_submit():
        try:
            data = _read_upload(form.file.data)
        except geo.AreaError as error:
            errors = {"file": str(error), **_name_error(form.name.data)}
        else:
            source = (form.source.data or "").strip() or form.file.data.filename
            errors = _add(form.name.data, data, form.kind.data, source, "file")
        if not errors:
            return redirect(url_for(".list_areas"))
        status = 400
    elif form.is_submitted():
        status, errors = 400, {"kind": "Vælg en slags område fra listen."}
    return render_template("editor/areas/upload.html", form=form, errors=errors), status


@bp.route("/ny/tegn", methods=["GET", "POST"])
@editor_required
def draw_area():
    form = DrawForm()
    errors, status = {}, 200
    if form.validate_on_submit():
        geometry = (form.geometry.data or "").strip()
        if not geometry:
            errors = {"geometry": "Tegn området på kortet (mindst tre hjørner), "
                                  "eller indsæt det som GeoJSON."}  # fmt: skip
        else:
            source = (form.source.data or "").strip() or DRAWN_SOURCE
            errors = _add(form.name.data, geometry, "custom", source, "geometry")
        if not errors:
            return redirect(url_for(".list_areas"))
        status = 400
    return render_template(
        "editor/areas/draw.html", form=form, errors=errors, draw_map=_draw_map()
    ), status


def _draw_map():
    """The map drawn on: the district's boundary for reference, no markers."""
    boundary, _ = maps.area_layers(get_db())
    return maps.map_parts(maps.build_map(boundary, small=True))


@bp.route("/<slug>/slet", methods=["GET", "POST"])
@editor_required
def delete_area(slug):
    db = get_db()
    area = next((a for a in geo.list_areas(db) if a["slug"] == slug), None)
    if area is None:
        abort(404)
    home = geo.home_area(db)
    is_home = home is not None and home["slug"] == slug
    form = ConfirmForm()
    if form.validate_on_submit() and not is_home:
        geo.delete_area(db, slug)
        geo.after_area_change(db, get_index())
        flash(gettext("Området »%(name)s« er slettet.", name=area['name']))
        return redirect(url_for(".list_areas"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "editor/areas/delete.html", area=area, form=form, is_home=is_home,
        inside=geo.inside_counts(db).get(area["id"], 0),
    ), status  # fmt: skip


def init_app(app):
    editor.add_menu_item(app, "areas.list_areas", _l("Områder"))
    app.register_blueprint(bp)
