"""The synonym list in the editors' workspace (/redaktion/synonymer): list, add, change, delete.

Thin wrappers around directory/synonyms.py; search picks up every change at
once (see search.SearchIndex.current_synonyms).
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField

from . import catalogue, editor, synonyms
from .auth import editor_required
from .db import get_db

bp = Blueprint("synonyms", __name__, url_prefix="/redaktion/synonymer")


def _category_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", lazy_gettext("(ingen kategori)")),
        *(SelectChoice(c["slug"], c["label"]) for c in catalogue.categories(get_db())),
    ]


class SynonymForm(FlaskForm):
    phrase = StringField(lazy_gettext("Ord eller udtryk, som nogen søger på"))
    terms = StringField(lazy_gettext("Danske søgeord (adskilt af komma)"))
    category = SelectField(lazy_gettext("Kategori"), choices=_category_choices,
                           validate_choice=False)  # fmt: skip


class DeleteForm(FlaskForm):
    """No fields: only the CSRF token."""


def _synonym_or_404(synonym_id: int) -> dict:
    try:
        return synonyms.get_synonym(get_db(), synonym_id)
    except synonyms.SynonymNotFound:
        abort(404)


def _save(form: SynonymForm, synonym_id: int | None) -> str:
    """Save the form; returns an error message ("" when saved)."""
    if not form.validate_on_submit():
        return _("Formularen er udløbet. Prøv igen.")
    try:
        synonyms.save_synonym(
            get_db(), form.phrase.data, form.terms.data, form.category.data or "",
            synonym_id=synonym_id, user_id=current_user.id,
        )  # fmt: skip
    except synonyms.InvalidSynonym as error:
        return str(error)
    except synonyms.SynonymNotFound:
        abort(404)
    return ""


@bp.get("", strict_slashes=False)
@editor_required
def list_synonyms():
    return render_template(
        "editor/synonyms/list.html", synonyms=synonyms.all_synonyms(get_db()),
        form=SynonymForm(formdata=None), delete_form=DeleteForm(),
    )  # fmt: skip


@bp.post("/ny")
@editor_required
def create_synonym():
    form = SynonymForm()
    error = _save(form, None)
    if error:
        return render_template(
            "editor/synonyms/list.html", synonyms=synonyms.all_synonyms(get_db()), form=form,
            delete_form=DeleteForm(), error=error,
        ), 400  # fmt: skip
    flash(_("“%(phrase)s” er tilføjet til synonymlisten.", phrase=form.phrase.data.strip()))
    return redirect(url_for(".list_synonyms"))


@bp.route("/<int:synonym_id>", methods=["GET", "POST"])
@editor_required
def edit_synonym(synonym_id: int):
    synonym = _synonym_or_404(synonym_id)
    if request.method == "GET":
        data = {key: synonym[key] for key in ("phrase", "terms", "category")}
        form = SynonymForm(formdata=None, data=data)
        return render_template("editor/synonyms/edit.html", synonym=synonym, form=form)
    form = SynonymForm()
    error = _save(form, synonym_id)
    if error:
        return render_template(
            "editor/synonyms/edit.html", synonym=synonym, form=form, error=error
        ), 400  # fmt: skip
    flash(_("Synonymet er gemt."))
    return redirect(url_for(".list_synonyms"))


@bp.post("/<int:synonym_id>/slet")
@editor_required
def delete_synonym(synonym_id: int):
    synonym = _synonym_or_404(synonym_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    synonyms.delete_synonym(get_db(), synonym_id)
    flash(_("“%(phrase)s” er fjernet fra synonymlisten.", phrase=synonym["phrase"]))
    return redirect(url_for(".list_synonyms"))


def init_app(app):
    editor.add_menu_item(app, "synonyms.list_synonyms", lazy_gettext("Synonymer"))
    app.register_blueprint(bp)
