"""Public suggestion forms and the editors' queue.

Residents propose corrections ("Ret oplysninger" on every association page)
and new associations ("Tilmeld en ny forening"); both only queue a
suggestion. Editors decide at /redaktion/forslag, field by field.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from . import catalogue, geo, suggestions, validation
from .auth import editor_required, limiter
from .db import get_db
from .editor import add_menu_item
from .i18n import format_moment, lazy_labels, translated
from .search import get_index
from .validation import Invalid
from .vocabulary import FLAGS, LANGUAGES, N_, STATUSES, TARGET_GROUPS

bp = Blueprint("suggest", __name__)
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")
ACTIVITY_HINT = _l(
    "Én aktivitet pr. linje: navn, kolon, og så dag og tid, alder, sted og pris adskilt "
    "af semikolon. Fx: Fodbold U10: tirsdag 16:30-18:00; 8-11 år; sted: Tornhøjhallen; "
    "pris: 300 kr. pr. halvår"
)  # the activity format is Danish; the hint explains it in the reader's language


def sentence(message: str) -> str:
    """Validation messages start in lower case (they are also used mid-sentence)."""
    return message[:1].upper() + message[1:]


# Public forms --------------------------------------------------------------------------


class Clean:
    """A WTForms validator that cleans the field's value; the result goes to form.cleaned."""

    def __init__(self, key: str, cleaner=None):
        self.key = key
        self.cleaner = cleaner

    def __call__(self, form, field):
        try:
            if self.cleaner:
                form.cleaned[self.key] = self.cleaner(field.data)
            else:
                form.cleaned[self.key] = suggestions.clean_field(get_db(), self.key, field.data)
        except Invalid as error:
            raise ValidationError(sentence(str(error))) from None


def _limited(limit: int, what: str):
    def clean(value) -> str:
        text = validation.text(value)
        if len(text) > limit:
            raise Invalid(gettext("%(what)s er %(length)s tegn; højst %(limit)s",
                                  what=gettext(what), length=len(text), limit=limit))
        return text

    return clean


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _choices(key: str) -> list[SelectChoice]:
    if key == "categories":
        return options((c["slug"], translated(c["label"])) for c in catalogue.categories(get_db()))
    vocabulary = {"target_groups": TARGET_GROUPS, "languages": LANGUAGES}[key]
    return options((code, translated(label)) for code, label in vocabulary.items())


class AssociationForm(FlaskForm):
    """The fields residents may fill in about an association."""

    name = StringField(_l("Foreningens navn"), validators=[Clean("name")],
                       description=_l("Skal udfyldes."))  # fmt: skip
    short_description = TextAreaField(
        _l("Kort beskrivelse"), validators=[Clean("short_description")],
        description=_l("Én eller to sætninger, højst 200 tegn. Vises i søgeresultaterne."),
    )  # fmt: skip
    description = TextAreaField(
        _l("Beskrivelse"), validators=[Clean("description")],
        description=_l("Hvad laver foreningen, og hvem kan være med?"),
    )  # fmt: skip
    categories = MultiCheckboxField(_l("Kategorier"), validators=[Clean("categories")],
                                    validate_choice=False)  # fmt: skip
    target_groups = MultiCheckboxField(_l("Hvem er det for?"), validators=[Clean("target_groups")],
                                       validate_choice=False)  # fmt: skip
    languages = MultiCheckboxField(_l("Sprog, man kan tale med foreningen på"),
                                   validators=[Clean("languages")], validate_choice=False)
    flags = MultiCheckboxField(_l("Godt at vide"), choices=options(lazy_labels(FLAGS.items())),
                               validate_choice=False)  # fmt: skip
    website = URLField(_l("Hjemmeside"), validators=[Clean("website")],
                       description=_l("Fx www.forening.dk"))  # fmt: skip
    email = EmailField(_l("Foreningens e-mail"), validators=[Clean("email")])
    phone = TelField(_l("Foreningens telefon"), validators=[Clean("phone")],
                     description=_l("8 cifre, fx 12 34 56 78"))  # fmt: skip
    venue_name = StringField(_l("Hvor mødes I?"), description=_l("Stedets navn, fx Tornhøjhallen"))
    venue_address = StringField(_l("Adresse"), description=_l("Fx Tornhøjgårdvej 1"))
    venue_postcode = StringField(_l("Postnummer"))
    activities = TextAreaField(_l("Aktiviteter"), validators=[Clean("activities")],
                               description=ACTIVITY_HINT)  # fmt: skip
    message = TextAreaField(_l("Besked til redaktionen"),
                            validators=[Clean("message", _limited(suggestions.MESSAGE_MAX,
                                                                  N_("beskeden")))])  # fmt: skip
    sender_name = StringField(
        _l("Dit navn (frivilligt)"),
        validators=[Clean("sender_name", _limited(suggestions.SENDER_NAME_MAX, N_("navnet")))],
    )  # fmt: skip
    sender_email = EmailField(
        _l("Din e-mail (frivilligt)"),
        validators=[Clean("sender_email",
                          lambda value: validation.email(value, gettext("din e-mail")))],
    )  # fmt: skip
    # The honeypot: hidden from people and screen readers; only robots fill it in.
    kontrolfelt = StringField(_l("Lad dette felt være tomt"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in ("categories", "target_groups", "languages"):
            self[key].choices = _choices(key)
        self.cleaned: dict = {}

    def validate(self, extra_validators=None) -> bool:
        self.cleaned = {}
        valid = super().validate(extra_validators)
        self.cleaned.update({flag: flag in (self.flags.data or []) for flag in FLAGS})
        return self._clean_venue() and valid

    def _clean_venue(self) -> bool:
        try:
            postcode = validation.postcode(self.venue_postcode.data)
        except Invalid as error:
            self.venue_postcode.errors.append(sentence(str(error)))
            return False
        raw = {"name": self.venue_name.data, "address": self.venue_address.data,
               "postcode": postcode}  # fmt: skip
        try:
            self.cleaned["venue"] = suggestions.clean_venue(raw)
        except Invalid as error:
            self.venue_name.errors.append(sentence(str(error)))
            return False
        return True

    def proposed(self) -> dict:
        """The association fields in suggestion shape (after validate)."""
        return {key: self.cleaned[key] for key in suggestions.PUBLIC_FIELDS if key in self.cleaned}

    def sender(self) -> dict:
        return {
            "message": self.cleaned["message"],
            "submitter_name": self.cleaned["sender_name"],
            "submitter_email": self.cleaned["sender_email"],
        }


class NewAssociationForm(AssociationForm):
    pass


class CorrectionForm(AssociationForm):
    status = SelectField(_l("Er foreningen aktiv?"), choices=options(lazy_labels(STATUSES.items())),
                         validators=[Clean("status")], validate_choice=False)  # fmt: skip
    base_version = HiddenField()


def form_data(db, values: dict) -> dict:
    """Suggestion-shape values as the public form's fields (for prefilling)."""
    data = {key: values.get(key) for key in suggestions.PUBLIC_FIELDS if key in values}
    data["flags"] = [flag for flag in FLAGS if values.get(flag)]
    venue = values.get("venue") or {}
    data.update({f"venue_{part}": venue.get(part, "") for part in suggestions.VENUE_PARTS})
    data["activities"] = suggestions.display(db, "activities", values.get("activities"))
    return data


def _number(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _submission_limit() -> str:
    return current_app.config.get("SUGGESTION_RATE_LIMIT", "5 per hour")


# Counted only when a suggestion was stored (or a robot was told so): a person who
# mistypes a few times is not locked out; every attempt still counts towards the
# looser second limit.
_stored_limit = limiter.shared_limit(
    _submission_limit, scope="suggestions", methods=["POST"],
    deduct_when=lambda response: response.status_code == 302,
)  # fmt: skip
_attempt_limit = limiter.shared_limit("60 per hour", scope="suggestion-attempts",
                                      methods=["POST"])  # fmt: skip


@bp.route("/forening/<slug>/ret", methods=["GET", "POST"])
@_stored_limit
@_attempt_limit
def correct(slug):
    db = get_db()
    try:
        association = catalogue.get_association(db, slug)
    except catalogue.NotFound:
        abort(404)
    record = catalogue.association_record(db, association["id"])
    if request.method == "GET":
        data = {**form_data(db, suggestions.public_values(db, record)),
                "base_version": record["version"]}  # fmt: skip
        form = CorrectionForm(data=data)
        return render_template("suggest/correct.html", form=form, association=association)
    form = CorrectionForm()
    if form.kontrolfelt.data:
        return redirect(url_for(".thanks", forening=slug))
    general = []
    if form.validate():
        try:
            suggestions.submit_correction(
                db, record["id"], form.proposed(), base_version=_number(form.base_version.data),
                **form.sender(),
            )  # fmt: skip
            return redirect(url_for(".thanks", forening=slug))
        except suggestions.NothingChanged as error:
            general.append(str(error))
    return render_template("suggest/correct.html", form=form, association=association,
                           general_errors=general), 400  # fmt: skip


@bp.route("/tilmeld", methods=["GET", "POST"])
@_stored_limit
@_attempt_limit
def new():
    form = NewAssociationForm()
    if request.method == "GET":
        return render_template("suggest/new.html", form=form)
    if form.kontrolfelt.data:
        return redirect(url_for(".thanks"))
    if form.validate():
        suggestions.submit_new(get_db(), form.proposed(), **form.sender())
        return redirect(url_for(".thanks"))
    return render_template("suggest/new.html", form=form), 400


@bp.get("/forslag/tak")
def thanks():
    association = None
    slug = request.args.get("forening", "")
    if slug:
        try:
            association = catalogue.get_association(get_db(), slug)
        except catalogue.NotFound:
            association = None
    return render_template("suggest/thanks.html", association=association)


# The editors' queue --------------------------------------------------------------------


@bp.get("/redaktion/forslag")
@editor_required
def queue():
    db = get_db()
    pending, decided = suggestions.queue(db)
    reviews = {s["id"]: suggestions.review(db, s)[1] for s in pending}
    return render_template("editor/suggestions/queue.html", pending=pending, decided=decided,
                           reviews=reviews, kinds=suggestions.KINDS,
                           decisions=suggestions.DECISIONS)  # fmt: skip


def _value_fields(key: str, label: str) -> list[tuple[str, object]]:
    """The inputs in which an editor may adjust a proposed value before accepting it."""
    text = gettext("%(label)s: værdi der gemmes", label=translated(label))
    if key == "venue":
        return [("value_venue_name", StringField(_l("Stedets navn"))),
                ("value_venue_address", StringField(_l("Adresse"))),
                ("value_venue_postcode", StringField(_l("Postnummer")))]  # fmt: skip
    if key == "venue_ids":
        return []
    if key in suggestions.CHOICE_FIELDS:
        field = MultiCheckboxField(text, choices=_choices(key), validate_choice=False)
    elif key in suggestions.BOOLEAN_FIELDS:
        yes_no = options([("ja", "Ja"), ("nej", "Nej")])
        field = SelectField(text, choices=yes_no, validate_choice=False)
    elif key == "status":
        field = SelectField(text, choices=options(STATUSES.items()), validate_choice=False)
    elif key in ("short_description", "description", "activities"):
        field = TextAreaField(text)
    else:
        field = StringField(text)
    return [(f"value_{key}", field)]


def decision_form(rows: list[suggestions.FieldReview]) -> type[FlaskForm]:
    """A form with, per proposed field, an accept checkbox and the value to save."""

    class DecisionForm(FlaskForm):
        version = HiddenField()

    for row in rows:
        if row.applicable:
            setattr(DecisionForm, f"accept_{row.key}", BooleanField(f"Godkend {row.label}"))
            for name, field in _value_fields(row.key, row.label):
                setattr(DecisionForm, name, field)
    return DecisionForm


def _decision_data(db, current: dict | None, rows: list[suggestions.FieldReview]) -> dict:
    """The form as first shown: fields changed meanwhile or already so are not ticked."""
    data = {"version": current["version"] if current else ""}
    for row in rows:
        data[f"accept_{row.key}"] = not (row.changed_meanwhile or row.already_current)
        value = suggestions.form_value(db, row.key, row.proposed)
        if row.key == "venue":
            for part in suggestions.VENUE_PARTS:
                data[f"value_venue_{part}"] = (value or {}).get(part, "")
        else:
            data[f"value_{row.key}"] = value
    return data


def _chosen(db, form, rows) -> tuple[dict, dict[str, str]]:
    """(cleaned values of the ticked fields, {field: Danish message})."""
    values, errors = {}, {}
    for row in rows:
        if not (row.applicable and form[f"accept_{row.key}"].data):
            continue
        if row.key == "venue":
            raw = {part: form[f"value_venue_{part}"].data for part in suggestions.VENUE_PARTS}
        elif row.key == "venue_ids":
            raw = row.proposed
        else:
            raw = form[f"value_{row.key}"].data
        try:
            values[row.key] = suggestions.clean_field(db, row.key, raw)
        except Invalid as error:
            errors[row.key] = sentence(str(error))
    return values, errors


def _suggestion_or_404(db, suggestion_id: int) -> dict:
    try:
        return suggestions.get_suggestion(db, suggestion_id)
    except suggestions.SuggestionNotFound:
        abort(404)


def _detail_page(suggestion, current, rows, form, status=200, **context):
    similar = []
    if suggestion["kind"] == "new" and suggestion["status"] == "pending":
        similar = suggestions.similar_names(get_db(), suggestion["data"].get("name", ""))
    return render_template(
        "editor/suggestions/detail.html", suggestion=suggestion, current=current, rows=rows,
        form=form, similar=similar, kinds=suggestions.KINDS, decisions=suggestions.DECISIONS,
        errors=context.pop("errors", {}), general_errors=context.pop("general_errors", []),
        **context,
    ), status  # fmt: skip


@bp.route("/redaktion/forslag/<int:suggestion_id>", methods=["GET", "POST"])
@editor_required
def detail(suggestion_id):
    db = get_db()
    suggestion = _suggestion_or_404(db, suggestion_id)
    current, rows = suggestions.review(db, suggestion)
    form_class = decision_form(rows)
    if request.method == "GET":
        form = form_class(formdata=None, data=_decision_data(db, current, rows))
        return _detail_page(suggestion, current, rows, form)
    form = form_class()
    if not form.validate():  # only the CSRF token is checked here
        abort(400)
    try:
        if request.form.get("action") == "reject":
            suggestions.reject(db, suggestion_id, user_id=current_user.id)
            flash(gettext("Forslag #%(suggestion_id)s er afvist. Intet er ændret.",
                suggestion_id=suggestion_id))
            return redirect(url_for(".queue"))
        return _accept(db, suggestion, current, rows, form)
    except suggestions.AlreadyDecided:
        flash(gettext("Forslag #%(suggestion_id)s er allerede behandlet af en anden.",
            suggestion_id=suggestion_id))
        return redirect(url_for(".detail", suggestion_id=suggestion_id))
    except suggestions.SuggestionNotFound:  # its association was deleted meanwhile
        abort(404)


def _accept(db, suggestion, current, rows, form):
    values, errors = _chosen(db, form, rows)
    if errors:
        return _detail_page(suggestion, current, rows, form, 400, errors=errors)
    # A correction is compared against the version shown; a missing one never matches.
    expected = (_number(form.version.data) or 0) if current else None
    try:
        association_id = suggestions.accept(
            db, suggestion["id"], values, user_id=current_user.id, expected_version=expected,
            index=get_index(), gazetteer=geo.load_gazetteer(current_app.config["DATA_DIR"]),
        )  # fmt: skip
    except catalogue.StaleVersion:
        current, rows = suggestions.review(db, suggestion)
        form.version.data = current["version"]
        message = ("Foreningen er blevet ændret, mens du så på forslaget. Sammenlign med de "
                   "nuværende værdier herunder, og vælg igen.")  # fmt: skip
        return _detail_page(suggestion, current, rows, form, 409, general_errors=[message])
    except (Invalid, catalogue.NotFound) as error:
        return _detail_page(suggestion, current, rows, form, 400,
                            general_errors=[sentence(str(error))])  # fmt: skip
    decided = suggestions.get_suggestion(db, suggestion["id"])
    flash(gettext("Forslag #%(id)s: %(status)s.", id=suggestion["id"],
                  status=gettext(suggestions.DECISIONS[decided["status"]]).lower()))
    if association_id and suggestion["kind"] == "new":
        flash(gettext("Foreningen %(association_name)s er oprettet.",
            association_name=decided['association_name']))
    return redirect(url_for(".queue"))


@bp.post("/redaktion/forslag/<int:suggestion_id>/glem-afsender")
@editor_required
def forget_submitter(suggestion_id):
    db = get_db()
    _suggestion_or_404(db, suggestion_id)
    suggestions.forget_submitter(db, suggestion_id)
    flash(gettext("Afsenderens navn og e-mail er slettet."))
    return redirect(url_for(".detail", suggestion_id=suggestion_id))


def local_time(iso: str) -> str:
    """'2025-03-12T13:05:00+00:00' -> '12.03.2025 kl. 14:05' (Danish time)."""
    try:
        moment = datetime.fromisoformat(iso).astimezone(LOCAL_TIME)
    except (TypeError, ValueError):
        return iso or ""
    return format_moment(moment)


class QueueLabel:
    """The menu label, with the number of suggestions waiting when a page shows it."""

    def __str__(self) -> str:
        waiting = suggestions.pending_count(get_db())
        if waiting:
            return gettext("Forslag (%(waiting)s venter)", waiting=waiting)
        return gettext("Forslag")


@click.command("forget-submitters")
@click.option("--days", type=click.IntRange(min=0), default=90, show_default=True,
              help="Keep senders of suggestions decided fewer days ago than this.")  # fmt: skip
@with_appcontext
def forget_submitters_command(days):
    """Erase the names and e-mails of people who sent suggestions decided long ago.

    The forms promise to keep them only while the editors may need to ask
    back; run this regularly (e.g. from cron) to keep that promise.

    Example: directory forget-submitters --days 90
    """
    from .cli import open_db

    cleared = suggestions.forget_old_submitters(open_db(), days)
    click.echo(f"Erased the sender of {cleared} suggestions decided more than {days} days ago")


def init_app(app):
    app.register_blueprint(bp)
    app.add_template_filter(local_time, "suggest_time")
    add_menu_item(app, "suggest.queue", QueueLabel())
    app.cli.add_command(forget_submitters_command)
