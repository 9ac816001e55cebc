"""Forms for associations and their activities (Flask-WTF), with Danish messages.

Every field is cleaned by the same rules as the import (directory/validation.py):
a validator runs the cleaner and keeps the cleaned value on the field as
`field.cleaned`, while `field.data` keeps exactly what the editor typed, so a
rejected form shows it again. `record_from_form` turns a validated form into
the record catalogue.save_association takes; `form_data` does the reverse.
"""

from flask import g
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import EmailField, TelField, URLField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from . import catalogue, validation
from .activity_text import _format_season, _season  # the import's season format "1/8-30/6"
from .db import get_db
from .i18n import lazy_label, lazy_labels, translated, weekday_name
from .vocabulary import (
    CONTACT_FIELDS,
    FLAGS,
    FREQUENCIES,
    LANGUAGES,
    N_,
    STATUSES,
    TARGET_GROUPS,
)

MAX_ACTIVITIES = 50  # far more than any association has; keeps a form within MAX_FORM_PARTS
CONSENT_NOTE = _l(
    "Kontaktpersoner er privatpersoner. Deres oplysninger vises kun, når samtykket er "
    "registreret (dato og kilde)."
)
# The association fields the form edits one to one (cleaned by validation.clean_value).
PLAIN_FIELDS = [
    "name", "short_description", "description", "website", "email", "phone",
    "target_groups", "languages",
    *[f"contact_{field}" for field in CONTACT_FIELDS],
    *[f"contact_{field}_public" for field in CONTACT_FIELDS],
    "consent_date", "consent_source", *FLAGS, "status", "include_in_print", "last_verified",
]  # fmt: skip
# Everything an editor can change in the form; the fields a conflict is resolved over.
EDITABLE_FIELDS = [*PLAIN_FIELDS, "categories", "venue_ids", "activities"]
FIELD_LABELS = {
    **{field: label[0].upper() + label[1:] for field, label in validation.LABELS.items()},
    **FLAGS,
    "categories": N_("Kategorier"),
    "venue_ids": N_("Steder"),
    "activities": N_("Aktiviteter"),
    "slug": N_("Adresse (slug)"),
    "is_demo": N_("Demo"),
}


def sentence(message: str) -> str:
    """'navn mangler' -> 'Navn mangler.' (the cleaners' messages, shown next to a field)."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


class Cleaned:
    """Validator: clean the typed value; keep the result as field.cleaned."""

    def __init__(self, clean):
        self.clean = clean

    def __call__(self, form, field):
        try:
            field.cleaned = self.clean(field.data)
        except validation.Invalid as error:
            raise StopValidation(sentence(str(error))) from None


def cleans(association_field: str) -> Cleaned:
    """The import's cleaner for one association field."""
    return Cleaned(lambda value: validation.clean_value(association_field, value))


def choice_is_known(form, field):
    """Only values the form offered (the message names what was sent)."""
    offered = {str(choice.value) for choice in field.choices}
    sent = field.data if isinstance(field.data, list) else [field.data]
    unknown = [str(value) for value in sent if value is not None and str(value) not in offered]
    if unknown:
        raise StopValidation(gettext("Vælg blandt mulighederne (%(unknown)s findes ikke).",
                                     unknown=", ".join(unknown)))


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes; choices are checked by choice_is_known."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [choice_is_known, *(validators or [])], validate_choice=False,
                         **kwargs)  # fmt: skip


def options(pairs) -> list[SelectChoice]:
    """Choices from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def _cached(key: str, load):
    """Choices read once per request (each activity row asks for the venues)."""
    if key not in g:
        setattr(g, key, load(get_db()))
    return getattr(g, key)


def category_choices() -> list[SelectChoice]:
    return _cached("form_categories", lambda db: options(
        (c["slug"], translated(c["label"])) for c in catalogue.categories(db)))  # fmt: skip


def venue_choices() -> list[SelectChoice]:
    return _cached("form_venues", lambda db: options(
        (v["id"], v["name"] + (f", {v['address']}" if v["address"] else ""))
        for v in db.query("SELECT id, name, address FROM venues ORDER BY name COLLATE NOCASE")
    ))  # fmt: skip


def activity_venue_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("(foreningens sted)")), *venue_choices()]


def _frequency_choices() -> list[SelectChoice]:
    return options((code, LazyString(_frequency_label, label))
                   for code, label in FREQUENCIES.items())  # fmt: skip


def _frequency_label(label: str) -> str:
    """A frequency as a choice, in the reader's language ("første valgte ugedag i måneden")."""
    return gettext(label).format(weekday=gettext("valgte ugedag"))


def _season_value(value) -> tuple[str, str]:
    text = validation.text(value)
    return _season(text) if text else ("", "")


class ActivityForm(Form):
    """One activity row; a row left blank (or marked "fjern") is not saved."""

    title = StringField(_l("Titel"), [Cleaned(lambda v: validation.name(v, "aktivitetens titel"))])
    weekdays = MultiCheckboxField(
        _l("Ugedage"), choices=options((day, LazyString(weekday_name, day)) for day in range(7))
    )
    start_time = StringField(_l("Fra kl."),
                             [Cleaned(lambda v: validation.time(v, "starttidspunkt"))])
    end_time = StringField(_l("Til kl."), [Cleaned(lambda v: validation.time(v, "sluttidspunkt"))])
    frequency = SelectField(_l("Hvor tit"), [choice_is_known], choices=_frequency_choices(),
                            default="weekly", validate_choice=False)  # fmt: skip
    season = StringField(_l("Sæson"), [Cleaned(_season_value)])
    target_group = SelectField(
        _l("Målgruppe"), [choice_is_known], validate_choice=False,
        choices=options(lazy_labels([("", N_("(alle)")), *TARGET_GROUPS.items()])),
    )  # fmt: skip
    min_age = StringField(_l("Alder fra"), [Cleaned(lambda v: validation.age(v, "alder fra"))])
    max_age = StringField(_l("Alder til"), [Cleaned(lambda v: validation.age(v, "alder til"))])
    price = StringField(_l("Pris"), [Cleaned(validation.text)])
    venue_id = SelectField(_l("Sted"), [choice_is_known], choices=activity_venue_choices,
                           validate_choice=False)  # fmt: skip
    note = StringField(_l("Bemærkning"), [Cleaned(validation.text)])
    # Content translations (directory/translations_content.py); not part of the record.
    title_en = StringField(_l("Titel på engelsk"), [Cleaned(lambda v: _translation(v, 200))])
    title_ar = StringField(_l("Titel på arabisk"), [Cleaned(lambda v: _translation(v, 200))])
    remove = BooleanField(_l("Fjern aktiviteten"))

    TEXT_FIELDS = ("title", "start_time", "end_time", "season", "min_age", "max_age", "price",
                   "note", "target_group", "venue_id")  # fmt: skip

    def is_blank(self) -> bool:
        typed = [validation.text(self[name].data) for name in self.TEXT_FIELDS]
        return not any(typed) and not self.weekdays.data

    def is_kept(self) -> bool:
        return not (self.remove.data or self.is_blank())

    def validate(self, extra_validators=None) -> bool:
        if not self.is_kept():
            return True
        if not super().validate(extra_validators):
            return False
        return self._check_order()

    def _check_order(self) -> bool:
        start, end = self.start_time.cleaned, self.end_time.cleaned
        if start and end and end <= start:
            self.end_time.errors.append(
                gettext("Sluttidspunktet skal ligge efter %(start)s.", start=start))
        low, high = self.min_age.cleaned, self.max_age.cleaned
        if low is not None and high is not None and low > high:
            self.max_age.errors.append(f"'Alder til' skal være mindst {low}.")
        return not (self.end_time.errors or self.max_age.errors)


class AssociationForm(FlaskForm):
    """An association with its activities, as editors edit it."""

    editing_existing = False

    version = HiddenField()
    name = StringField(_l("Navn"), [cleans("name")])
    short_description = TextAreaField(_l("Kort beskrivelse"), [cleans("short_description")])
    description = TextAreaField(_l("Beskrivelse"), [cleans("description")])
    website = URLField(_l("Hjemmeside"), [cleans("website")])
    email = EmailField(_l("E-mail"), [cleans("email")])
    phone = TelField(_l("Telefon"), [cleans("phone")])
    categories = MultiCheckboxField(_l("Kategorier"), choices=category_choices)
    target_groups = MultiCheckboxField(_l("Målgrupper"), [cleans("target_groups")],
                                       choices=options(lazy_labels(TARGET_GROUPS.items())))
    languages = MultiCheckboxField(_l("Sprog"), [cleans("languages")],
                                   choices=options(lazy_labels(LANGUAGES.items())))  # fmt: skip
    status = SelectField(_l("Status"), [choice_is_known, cleans("status")],
                         choices=options(lazy_labels(STATUSES.items())), validate_choice=False)
    include_in_print = BooleanField(_l("Med i den trykte udgave"), [cleans("include_in_print")],
                                    default=True)  # fmt: skip
    last_verified = StringField(_l("Senest bekræftet"), [cleans("last_verified")])
    venue_ids = MultiCheckboxField(_l("Vælg et eller flere steder"), choices=venue_choices)
    contact_name = StringField(_l("Kontaktpersonens navn"), [cleans("contact_name")])
    contact_role = StringField(_l("Kontaktpersonens rolle"), [cleans("contact_role")])
    contact_phone = TelField(_l("Kontaktpersonens telefon"), [cleans("contact_phone")])
    contact_email = EmailField(_l("Kontaktpersonens e-mail"), [cleans("contact_email")])
    consent_date = StringField(_l("Samtykke givet den"), [cleans("consent_date")])
    consent_source = StringField(_l("Samtykke givet via"), [cleans("consent_source")])
    # Content translations (directory/translations_content.py); not part of the record.
    short_description_en = TextAreaField(_l("Engelsk"),
                                         [Cleaned(lambda v: _translation(v, 200))])  # fmt: skip
    short_description_ar = TextAreaField(_l("Arabisk"),
                                         [Cleaned(lambda v: _translation(v, 200))])  # fmt: skip
    activities = FieldList(FormField(ActivityForm), min_entries=1)
    add_activity = SubmitField(_l("Tilføj en aktivitet mere"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        checks = [self._check_consent(), self._check_version(), self._check_activity_count()]
        return all(checks) and valid

    def _check_consent(self) -> bool:
        """Contact persons are private people: publishing needs a recorded consent."""
        if not any(self[f"contact_{field}_public"].data for field in CONTACT_FIELDS):
            return True
        missing = {
            "consent_date": gettext(
                "Skriv datoen for samtykket – ellers må kontaktpersonen ikke vises."),
            "consent_source": gettext("Skriv, hvordan samtykket blev givet (fx e-mail, telefon, "
                                      "skema) – ellers må kontaktpersonen ikke vises."),
        }
        for name, message in missing.items():
            if not validation.text(self[name].data) and not self[name].errors:
                self[name].errors.append(message)
        return not (self.consent_date.errors or self.consent_source.errors)

    def _check_activity_count(self) -> bool:
        kept = [row for row in self.activities if row.form.is_kept()]
        if len(kept) > MAX_ACTIVITIES:
            self.form_errors.append(gettext("En forening kan højst have %(most)s aktiviteter.",
                                            most=MAX_ACTIVITIES))
            return False
        return True

    def add_blank_row(self):
        """One more empty activity row (the "add a row" button, and below existing ones)."""
        if len(self.activities.entries) < MAX_ACTIVITIES + 1:
            self.activities.append_entry()

    def _check_version(self) -> bool:
        """An edit must say which version it was made from (new entries have none)."""
        if (self.version.data or self.editing_existing) and self.base_version() is None:
            self.form_errors.append(gettext("Formularen er beskadiget. Åbn foreningen igen."))
            return False
        return True

    def base_version(self) -> int | None:
        return int(self.version.data) if str(self.version.data or "").isdigit() else None

    def field_ids(self):
        """(id, label, errors) of every field with an error, for the summary at the top."""
        for field in self:
            if field.name == "activities":
                for number, row in enumerate(field, start=1):
                    for sub in row.form:
                        if sub.errors:
                            label = gettext("Aktivitet %(number)s: %(field)s", number=number,
                                            field=sub.label.text)
                            yield sub.id, label, sub.errors
            elif field.errors:
                yield field.id, field.label.text, field.errors


def field_label(field: str) -> str:
    """FIELD_LABELS[field] in the reader's language ('Vis kontaktpersonens navn')."""
    if field in FLAGS or field not in validation.LABELS:
        return translated(FIELD_LABELS.get(field, field))
    label = translated(validation.LABELS[field])
    return label[:1].upper() + label[1:]


for _flag, _label in FLAGS.items():
    setattr(AssociationForm, _flag, BooleanField(lazy_label(_label), [cleans(_flag)]))
for _field in CONTACT_FIELDS:
    setattr(AssociationForm, f"contact_{_field}_public", BooleanField(
        LazyString(field_label, f"contact_{_field}_public"),
        [cleans(f"contact_{_field}_public")]))


# Form <-> record ----------------------------------------------------------------


def activity_record(row: ActivityForm) -> dict:
    """A validated, kept activity row as catalogue.ACTIVITY_COLUMNS."""
    season_start, season_end = row.season.cleaned
    return {
        "title": row.title.cleaned,
        "weekdays": sorted({int(day) for day in row.weekdays.data or []}),
        "start_time": row.start_time.cleaned,
        "end_time": row.end_time.cleaned,
        "frequency": row.frequency.data or "weekly",
        "season_start": season_start,
        "season_end": season_end,
        "target_group": row.target_group.data or "",
        "min_age": row.min_age.cleaned,
        "max_age": row.max_age.cleaned,
        "price": row.price.cleaned,
        "venue_id": int(row.venue_id.data) if row.venue_id.data else None,
        "note": row.note.cleaned,
    }


def record_from_form(form: AssociationForm, keep_venue_order: list[int] = ()) -> dict:
    """The record for catalogue.save_association from a validated form.

    Venues keep their old order (the first is the main venue); new ones follow.
    """
    record = {field: form[field].cleaned for field in PLAIN_FIELDS}
    record["categories"] = list(dict.fromkeys(form.categories.data or []))
    chosen = [int(v) for v in form.venue_ids.data or []]
    record["venue_ids"] = [v for v in keep_venue_order if v in chosen] + [
        v for v in chosen if v not in keep_venue_order
    ]
    record["activities"] = [
        activity_record(row.form) for row in form.activities if row.form.is_kept()
    ]
    return record


def _text(value) -> str:
    return "" if value is None else str(value)


def activity_data(activity: dict) -> dict:
    return {
        **{column: _text(activity.get(column)) for column in
           ("title", "start_time", "end_time", "price", "note", "target_group")},
        "weekdays": [str(day) for day in activity.get("weekdays") or []],
        "frequency": activity.get("frequency") or "weekly",
        "season": _format_season(activity.get("season_start"), activity.get("season_end")),
        "min_age": _text(activity.get("min_age")),
        "max_age": _text(activity.get("max_age")),
        "venue_id": _text(activity.get("venue_id")),
        "remove": False,
        **{f"title_{lang}": text
           for lang, text in (activity.get("title_translations") or {}).items()},
    }  # fmt: skip


def form_data(record: dict) -> dict:
    """Keyword data for AssociationForm from a catalogue.association_record."""
    data = {field: record.get(field) for field in PLAIN_FIELDS}
    for field in PLAIN_FIELDS:
        if field.endswith("_public") or field in FLAGS or field == "include_in_print":
            data[field] = bool(record.get(field))
        elif data[field] is None:
            data[field] = ""
    data["categories"] = list(record.get("categories") or [])
    data["venue_ids"] = [str(v) for v in record.get("venue_ids") or []]
    data["activities"] = [activity_data(a) for a in record.get("activities") or []]
    data["version"] = _text(record.get("version"))
    for language, text in (record.get("translations") or {}).items():
        data[f"short_description_{language}"] = text
    return data


def association_form(record: dict | None = None, *, existing: bool = False,
                     **kwargs) -> AssociationForm:
    """The form: from the request on POST, else filled from `record` (or blank).

    `existing`: the form edits a saved association, so it must carry its version.
    """
    if record is not None:
        kwargs["data"] = form_data(record)
    form = AssociationForm(**kwargs)
    form.editing_existing = existing
    return form


# Content translations (stored by directory/translations_content.py) -------------

TRANSLATED = ("en", "ar")


def _translation(value, limit: int) -> str:
    text = " ".join(validation.text(value).split())
    if len(text) > limit:
        raise validation.Invalid(f"højst {limit} tegn")
    return text


def translations_from_form(form: AssociationForm) -> tuple[dict, dict]:
    """({language: short description}, {language: {Danish title: title}}) of a validated form."""
    shorts = {lang: form[f"short_description_{lang}"].cleaned for lang in TRANSLATED}
    titles = {lang: {} for lang in TRANSLATED}
    for row in form.activities:
        if row.form.is_kept():
            for lang in TRANSLATED:
                titles[lang][row.form.title.cleaned] = row.form[f"title_{lang}"].cleaned
    return shorts, titles
