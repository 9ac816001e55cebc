"""Editing associations in the editors' workspace: list, create, edit, conflicts, history.

Every save goes through catalogue.save_association with the version the
editor's form was loaded from; a save from an older version is refused and the
editor chooses, field by field, between their values and the newer ones.
Every change is a revision, so the history page can show and restore any
earlier state, and deleted associations wait in the wastebasket.
"""

import difflib
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from . import catalogue, editor, forms, revisions, translations_content
from .activity_text import format_activity
from .auth import editor_required
from .db import get_db
from .i18n import format_moment, translated
from .search import fold, get_index, sort_key
from .vocabulary import FLAGS, LANGUAGES, N_, STATUSES, TARGET_GROUPS

bp = Blueprint("editing", __name__, url_prefix="/redaktion/foreninger")

SOURCE = "redigeret af redaktionen"
PAGE_SIZE = 50
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")
VERIFY_EVERY = timedelta(days=365)
ACTIONS = {"create": N_("Oprettet"), "update": N_("Ændret"), "delete": N_("Slettet"),
           "restore": N_("Gendannet")}  # fmt: skip
STATUS_DONE = {
    "active": N_("Foreningen er aktiv igen."),
    "paused": N_("Foreningen holder nu pause."),
    "closed": N_("Foreningen er lukket. Den vises ikke længere i søgningen."),
}
STALE_MESSAGE = N_(
    "Foreningen er blevet ændret af en anden, siden du åbnede den. Se den nye udgave, og "
    "prøv igen."
)
BLANK = {"status": "active", "include_in_print": True}  # a new association's form
# The choices on the conflict page: keep the editor's value or take the newer one.
MINE, THEIRS = "min", "ny"


# The list ------------------------------------------------------------------------

ATTENTION = {
    "unverified": "Ikke bekræftet det seneste år",
    "no_contact": "Mangler kontaktoplysninger",
    "no_category": "Mangler kategori",
    "consent": "Kontaktperson vist uden registreret samtykke",
    "suggestions": "Forslag venter",
    "print": "Skal med i tryk? Afgør",
}


def list_rows(db) -> list[dict]:
    """Every association with what the list shows and what its markers need."""
    public = " OR ".join(f"contact_{f}_public" for f in ("name", "role", "phone", "email"))
    rows = list(
        db.query(
            "SELECT a.id, a.slug, a.name, a.status, a.last_verified, a.needs_print_decision, "
            "a.phone, a.email, a.website, a.consent_date, a.consent_source, "
            f"({public}) AS shows_contact, "
            "(SELECT count(*) FROM association_categories ac WHERE ac.association_id = a.id) "
            "AS n_categories, "
            "(SELECT count(*) FROM suggestions s WHERE s.association_id = a.id "
            "AND s.status = 'pending') AS n_suggestions "
            "FROM associations a"
        )
    )
    return sorted(rows, key=lambda row: (sort_key(row["name"]), row["id"]))


def attention_markers(row: dict, today: date) -> list[str]:
    """Why an association needs an editor's attention (empty: it does not)."""
    oldest = (today - VERIFY_EVERY).isoformat()
    reasons = {
        "unverified": row["status"] != "closed" and (row["last_verified"] or "") < oldest,
        "no_contact": not (row["phone"] or row["email"] or row["website"] or row["shows_contact"]),
        "no_category": row["n_categories"] == 0,
        "consent": bool(row["shows_contact"])
        and not (row["consent_date"] and row["consent_source"]),
        "suggestions": row["n_suggestions"] > 0,
        "print": bool(row["needs_print_decision"]),
    }
    return [ATTENTION[key] for key, applies in reasons.items() if applies]


def _in_category(db, slug: str) -> set[int]:
    return {
        r[0] for r in db.execute(
            "SELECT ac.association_id FROM association_categories ac JOIN categories c "
            "ON c.id = ac.category_id WHERE c.slug = ?", [slug],
        ).fetchall()
    }  # fmt: skip


def filtered_rows(db, text: str, status: str, category: str, attention_only: bool) -> list[dict]:
    """The list's rows after the search box and filters, each with its markers."""
    wanted = fold(" ".join(text.split()))
    in_category = _in_category(db, category) if category else None
    today = date.today()
    rows = []
    for row in list_rows(db):
        if wanted and wanted not in fold(row["name"]):
            continue
        if (status and row["status"] != status) or (
            in_category is not None and row["id"] not in in_category
        ):
            continue
        row["markers"] = attention_markers(row, today)
        if not attention_only or row["markers"]:
            rows.append(row)
    return rows


def _page_number() -> int:
    value = request.args.get("side", "1")
    return max(1, int(value)) if value.isdigit() else 1


@bp.get("/")
@editor_required
def list_associations():
    db = get_db()
    text = request.args.get("q", "")[:200]
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    category = request.args.get("kategori", "")
    attention_only = request.args.get("opmaerksomhed") == "1"
    rows = filtered_rows(db, text, status, category, attention_only)
    page = _page_number()
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages)
    return render_template(
        "editor/associations/list.html", rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(rows), page=page, pages=pages, text=text, status=status, category=category,
        attention_only=attention_only, categories=catalogue.categories(db),
    )  # fmt: skip


# Creating and editing -------------------------------------------------------------


def _record_or_404(db, association_id: int) -> dict:
    record = catalogue.association_record(db, association_id)
    if record is None:
        abort(404)
    return record


def venue_edit_url(venue_id: int) -> str:
    """The venue's page in the places section (by path until that section exists)."""
    try:
        return url_for("places.edit_venue", venue_id=venue_id)
    except BuildError:
        return f"/redaktion/steder/{venue_id}"


def _render_form(form, current: dict | None, status: int = 200):
    names = Names(get_db())
    venue_links = [
        (venue_edit_url(venue_id), names.venue(venue_id))
        for venue_id in (current or {}).get("venue_ids", [])
    ]
    return render_template(
        "editor/associations/form.html", form=form, current=current, venue_links=venue_links,
        consent_note=forms.CONSENT_NOTE,
    ), status  # fmt: skip


def _add_row(form, current: dict | None):
    """The "add a row" button works without JavaScript: the same form, one row longer."""
    form.add_blank_row()
    return _render_form(form, current)


@bp.route("/ny", methods=["GET", "POST"])
@editor_required
def new_association():
    form = forms.association_form(None if request.method == "POST" else BLANK)
    if request.method == "GET":
        return _render_form(form, None)
    if form.add_activity.data:
        return _add_row(form, None)
    if not form.validate():
        return _render_form(form, None, 400)
    record = forms.record_from_form(form)
    association_id = catalogue.save_association(
        get_db(), record, get_index(), user_id=current_user.id, source=SOURCE
    )
    _save_translations(get_db(), association_id, form)
    flash(gettext("%(name)s er oprettet.", name=record['name']))
    return redirect(url_for(".edit_association", association_id=association_id))


@bp.route("/<int:association_id>", methods=["GET", "POST"])
@editor_required
def edit_association(association_id: int):
    db = get_db()
    current = catalogue.association_record(db, association_id)
    if current is None:
        return _deleted_meanwhile(db, association_id)
    if request.method == "GET":
        form = forms.association_form(translations_content.with_translations(db, current))
        form.add_blank_row()  # for a new activity
        return _render_form(form, current)
    form = forms.association_form(existing=True)
    if form.add_activity.data:
        return _add_row(form, current)
    if not form.validate():
        return _render_form(form, current, 400)
    mine = forms.record_from_form(form, keep_venue_order=current["venue_ids"])
    record = _with_choices(mine, current, form.base_version())
    record.update(id=association_id, slug=current["slug"])  # addresses stay when renamed
    try:
        catalogue.save_association(
            db, record, get_index(), expected_version=form.base_version(),
            user_id=current_user.id, source=SOURCE,
        )  # fmt: skip
    except catalogue.StaleVersion as stale:
        return _conflict(db, mine, stale.current, form.base_version())
    except catalogue.NotFound:
        return _deleted_meanwhile(db, association_id)
    _save_translations(db, association_id, form)
    flash(gettext("Ændringerne er gemt."))
    return redirect(url_for(".edit_association", association_id=association_id))


def _save_translations(db, association_id: int, form):
    """The form's English and Arabic texts, saved after the Danish record they translate."""
    shorts, titles = forms.translations_from_form(form)
    translations_content.save_translations(
        db, association_id, shorts, titles, user_id=current_user.id, source=SOURCE
    )


def _deleted_meanwhile(db, association_id: int):
    """A save for an association someone deleted: say so, and show where to restore it."""
    if request.method == "GET" or not revisions.history(db, "association", association_id):
        abort(404)
    flash(gettext("Foreningen blev slettet, mens du redigerede, så dine ændringer er ikke gemt. "
                  "Gendan den herunder, hvis den skal bevares."))
    return redirect(url_for(".history", association_id=association_id))


# Conflicts -----------------------------------------------------------------------


def _with_choices(mine: dict, current: dict, base_version: int | None) -> dict:
    """The editor's record with the newer values they chose on the conflict page.

    Choices only count against the version they were made on; if it moved on
    again, the save is refused and the editor chooses anew.
    """
    record = dict(mine)
    if request.form.get("konflikt") != "1" or current["version"] != base_version:
        return record
    for field in forms.EDITABLE_FIELDS:
        if request.form.get(f"valg-{field}") == THEIRS:
            record[field] = current[field]
    return record


def snapshot_at(db, association_id: int, version: int | None) -> dict | None:
    """The association as it was at `version` (from its revisions), if known."""
    for revision in revisions.history(db, "association", association_id):
        if revision["action"] != "delete" and revision["snapshot"].get("version") == version:
            return revision["snapshot"]
    return None


def conflict_rows(db, mine: dict, current: dict, base: dict | None) -> list[dict]:
    """One row per field where the editor's value and the current one differ.

    The suggested choice keeps what the editor changed and takes what the
    other person changed.
    """
    names = Names(db)
    rows = []
    for field in forms.EDITABLE_FIELDS:
        if mine[field] == current[field]:
            continue
        edited_here = base is None or mine[field] != base.get(field)
        rows.append({
            "field": field, "label": forms.field_label(field),
            "mine": value_markup(field, mine[field], names),
            "theirs": value_markup(field, current[field], names),
            "choice": MINE if edited_here else THEIRS,
        })  # fmt: skip
    return rows


def _conflict(db, mine: dict, current: dict, base_version: int | None):
    """The editor's version and the current one side by side, status 409."""
    hidden = [
        (key, value) for key, value in request.form.items(multi=True)
        if key not in ("csrf_token", "version", "konflikt", "add_activity")
        and not key.startswith("valg-")
    ]  # fmt: skip
    last = revisions.history(db, "association", current["id"])[:1]
    return render_template(
        "editor/associations/conflict.html", current=current, hidden=hidden,
        rows=conflict_rows(db, mine, current, snapshot_at(db, current["id"], base_version)),
        last=present_revision(last[0], Names(db)) if last else None, MINE=MINE, THEIRS=THEIRS,
    ), 409  # fmt: skip


# Pause, close, delete --------------------------------------------------------------


@bp.post("/<int:association_id>/status")
@editor_required
def set_status(association_id: int):
    db = get_db()
    _record_or_404(db, association_id)
    status, version = request.form.get("status", ""), request.form.get("version", "")
    if status not in STATUSES:
        abort(400)
    try:
        catalogue.save_association(
            db, {"id": association_id, "status": status}, get_index(),
            expected_version=int(version) if version.isdigit() else -1,
            user_id=current_user.id, source=SOURCE,
        )  # fmt: skip
    except catalogue.StaleVersion:
        flash(gettext(STALE_MESSAGE))
    else:
        flash(gettext(STATUS_DONE[status]))
    return redirect(url_for(".edit_association", association_id=association_id))


@bp.route("/<int:association_id>/slet", methods=["GET", "POST"])
@editor_required
def delete_association(association_id: int):
    db = get_db()
    current = _record_or_404(db, association_id)
    if request.method == "GET":
        return render_template("editor/associations/delete.html", current=current)
    catalogue.delete_association(
        db, association_id, get_index(), user_id=current_user.id, source=SOURCE
    )
    flash(gettext("%(name)s er lagt i papirkurven. Du kan gendanne den derfra.",
        name=current['name']))
    return redirect(url_for(".list_associations"))


# History, restore, wastebasket ------------------------------------------------------


@bp.get("/<int:association_id>/historik")
@editor_required
def history(association_id: int):
    db = get_db()
    entries = revisions.history(db, "association", association_id)
    current = catalogue.association_record(db, association_id)
    if not entries and current is None:
        abort(404)
    names = Names(db)
    shown = [present_revision(revision, names) for revision in entries]
    for position, revision in enumerate(shown):
        # Restoring the newest state of a live entry would change nothing.
        revision["restorable"] = not (position == 0 and current is not None)
    name = current["name"] if current else entries[0]["snapshot"].get("name", "")
    return render_template(
        "editor/associations/history.html", revisions=shown, current=current, name=name,
        association_id=association_id,
    )  # fmt: skip


@bp.post("/revision/<int:revision_id>/gendan")
@editor_required
def restore_revision(revision_id: int):
    db = get_db()
    try:
        association_id = catalogue.restore_association(
            db, revision_id, get_index(), user_id=current_user.id
        )
    except (revisions.RevisionNotFound, catalogue.NotFound):
        abort(404)
    flash(gettext("Foreningen er gendannet. Det er gemt som en ny ændring i historikken."))
    return redirect(url_for(".edit_association", association_id=association_id))


@bp.get("/papirkurv")
@editor_required
def wastebasket():
    db = get_db()
    users = {r["id"]: r["name"] or r["email"] for r in db.query("SELECT * FROM users")}
    entries = [
        {"revision_id": r["id"], "association_id": r["entity_id"],
         "name": r["snapshot"].get("name", ""), "when": local_time(r["created_at"]),
         "who": users.get(r["user_id"], "ukendt")}
        for r in revisions.deleted_entries(db, "association")
    ]  # fmt: skip
    return render_template("editor/associations/wastebasket.html", entries=entries)


# Showing values and changes -----------------------------------------------------------


class Names:
    """Readable names for the codes and ids a record holds."""

    def __init__(self, db):
        self.categories = {c["slug"]: c["label"] for c in catalogue.categories(db)}
        self.venues = {r[0]: r[1] for r in db.execute("SELECT id, name FROM venues").fetchall()}

    def venue(self, venue_id) -> str:
        return self.venues.get(venue_id) or gettext(
            "sted nr. %(number)s (findes ikke længere)", number=venue_id)

    def items(self, field: str, value) -> list[str]:
        """A list field's items as readable lines."""
        labels = {"categories": self.categories, "target_groups": TARGET_GROUPS,
                  "languages": LANGUAGES}  # fmt: skip
        if field in labels:
            return [translated(labels[field].get(item, item)) for item in value or []]
        if field == "venue_ids":
            return [self.venue(item) for item in value or []]
        return [
            format_activity({**a, "venue_name": self.venue(a["venue_id"]) if a.get("venue_id")
                             else ""}) for a in value or []
        ]  # fmt: skip


LIST_FIELDS = {"categories", "target_groups", "languages", "venue_ids", "activities"}
BOOLEAN_FIELDS = {
    *FLAGS, "include_in_print", "is_demo", "needs_print_decision",
    *(f"contact_{f}_public" for f in ("name", "role", "phone", "email")),
}  # fmt: skip
LONG_TEXT = 80


def _is_empty(value) -> bool:
    return value in (None, "", [], False, 0)


def show_value(field: str, value) -> str:
    """A single (non-list) value as a reader wants to see it."""
    if field in BOOLEAN_FIELDS:
        return gettext("ja") if value else gettext("nej")
    if value in (None, ""):
        return gettext("(tom)")
    if field == "status":
        return translated(STATUSES.get(value, value))
    return str(value)


def value_markup(field: str, value, names: Names) -> Markup:
    if field in LIST_FIELDS:
        items = names.items(field, value)
        if not items:
            return Markup('<span class="empty">{}</span>').format(gettext("(ingen)"))
        return Markup('<ul class="value-list">{}</ul>').format(
            Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
        )
    return Markup('<span class="value">{}</span>').format(show_value(field, value))


def inline_diff(old: str, new: str) -> Markup:
    """Word by word: removed words in <del>, added ones in <ins>; everything escaped."""
    # Words with their following space, so a changed phrase reads as one change.
    before, after = re.findall(r"\S+\s*|\s+", old), re.findall(r"\S+\s*|\s+", new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(before[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(Markup("<del>{}</del>").format("".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(Markup("<ins>{}</ins>").format("".join(after[j1:j2])))
    return Markup('<div class="text-diff">{}</div>').format(Markup("").join(parts))


def list_diff(field: str, old, new, names: Names) -> Markup:
    """What was removed from and added to a list; unchanged items are only counted."""
    before, after = names.items(field, old), names.items(field, new)
    removed = [item for item in before if item not in after]
    added = [item for item in after if item not in before]
    lines = [Markup('<li class="removed"><del>{}</del></li>').format(i) for i in removed]
    lines += [Markup('<li class="added"><ins>{}</ins></li>').format(i) for i in added]
    kept = len([item for item in after if item in before])
    if not lines:
        lines.append(Markup("<li>Rækkefølgen er ændret</li>"))
    elif kept:
        lines.append(Markup('<li class="kept">{} uændret</li>').format(kept))
    return Markup('<ul class="list-diff">{}</ul>').format(Markup("").join(lines))


def describe_change(field: str, old, new, names: Names) -> dict:
    """One row of a revision's table: old and new value, or one merged diff."""
    row = {"label": forms.field_label(field), "old": None, "new": None, "diff": None}
    if field in LIST_FIELDS:
        row["diff"] = list_diff(field, old, new, names)
    elif isinstance(old, str) and isinstance(new, str) and old and new and (
        "\n" in old + new or max(len(old), len(new)) > LONG_TEXT
    ):
        row["diff"] = inline_diff(old, new)
    else:
        row["old"], row["new"] = value_markup(field, old, names), value_markup(field, new, names)
    return row


def _field_order(field: str) -> int:
    fields = forms.EDITABLE_FIELDS
    return fields.index(field) if field in fields else len(fields)


def present_revision(revision: dict, names: Names) -> dict:
    """A revision as the history page shows it."""
    changes = revision["changes"]
    shown = [] if revision["action"] == "delete" else [
        describe_change(field, change["old"], change["new"], names)
        for field, change in sorted(changes.items(), key=lambda item: _field_order(item[0]))
        if not (_is_empty(change["old"]) and _is_empty(change["new"]))
    ]  # fmt: skip
    return {
        "id": revision["id"], "when": local_time(revision["created_at"]),
        "who": revision.get("user_name") or gettext("ukendt (import eller system)"),
        "source": revision["source"], "action": translated(ACTIONS.get(revision["action"], "")),
        "kind": revision["action"], "changes": shown, "restorable": True,
    }  # fmt: skip


def local_time(iso: str) -> str:
    """'2025-03-01T13:05:00+00:00' -> '1. marts 2025 kl. 14:05' (Danish time)."""
    try:
        moment = datetime.fromisoformat(iso).astimezone(LOCAL_TIME)
    except (TypeError, ValueError):
        return iso or ""
    return format_moment(moment, "long")


def init_app(app):
    app.register_blueprint(bp)
    editor.add_menu_item(app, "editing.list_associations", N_("Foreninger"))
    editor.add_menu_item(app, "editing.wastebasket", N_("Papirkurv"))
