"""The annual update round: editors' pages and the associations' secret links.

Editors run the round under /redaktion/runder; an association answers at
/opdater/<token> without an account. The work is done by directory/rounds.py;
these views and the two CLI commands only translate requests and results.
"""

import click
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
from flask.cli import with_appcontext
from flask_babel import gettext, lazy_gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import EmailField, TelField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from . import catalogue, editor, forms, mail, rounds, validation
from .auth import editor_required
from .db import get_db
from .i18n import format_day, lazy_labels
from .search import get_index
from .vocabulary import CONTACT_FIELDS, FLAGS, LANGUAGES, STATUSES, TARGET_GROUPS

bp = Blueprint("rounds", __name__)
MAIL_DOWN = _l("Mailserveren kunne ikke nås, så intet blev sendt. Prøv igen senere, "
               "eller kontakt den, der driver siden.")  # fmt: skip


@bp.after_request
def keep_private(response):
    """Pages with secret links: never cached, never passed on as a referrer, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _settings() -> rounds.Settings:
    return rounds.settings_from(current_app.config)


def _round_or_404(round_id: int) -> dict:
    try:
        return rounds.get_round(get_db(), round_id)
    except rounds.RoundNotFound:
        abort(404)


def _posted_association_id() -> int | None:
    """The optional association_id of an action form: None for "all"; 400 if garbled."""
    raw = request.form.get("association_id", "")
    if not raw:
        return None
    if not raw.isdigit():
        abort(400)
    return int(raw)


# Editors: the list of rounds and opening one ---------------------------------------


class RoundForm(FlaskForm):
    name = StringField(_l("Navn på runden"))
    deadline = StringField(_l("Frist for svar"))


@bp.route("/redaktion/runder", methods=["GET", "POST"])
@editor_required
def list_rounds():
    db = get_db()
    form = RoundForm()
    if form.validate_on_submit():
        try:
            round_id = rounds.open_round(db, form.name.data, form.deadline.data,
                                         user_id=current_user.id)  # fmt: skip
        except rounds.RoundInvalid as error:
            for field, message in error.args[0].items():
                form[field].errors = [forms.sentence(message)]
        else:
            flash(gettext("Runden er åbnet. Send nu linkene med e-mail, "
                          "og udskriv breve til resten."))
            return redirect(url_for("rounds.round_page", round_id=round_id))
    return render_template(
        "editor/rounds/list.html", form=form, rounds=rounds.list_rounds(db),
        flagged=rounds.flagged_for_print(db), open_rounds=rounds.open_rounds(db),
        grace_days=rounds.GRACE_DAYS,
    ), 400 if form.errors else 200  # fmt: skip


# Editors: one round's dashboard and its actions -------------------------------------


@bp.get("/redaktion/runder/<int:round_id>")
@editor_required
def round_page(round_id):
    db = get_db()
    round_ = _round_or_404(round_id)
    status = request.args.get("status", "")
    if status not in rounds.STATUSES:
        status = ""
    counts = rounds.status_counts(db, round_id)
    return render_template(
        "editor/rounds/round.html", round=round_, counts=counts, status=status,
        progress=rounds.progress(counts), entries=rounds.entries(db, round_id, status),
        flagged=rounds.flagged_for_print(db), statuses=rounds.STATUSES,
        expires=rounds.link_expires(round_["deadline"]).isoformat(),
    )  # fmt: skip


def _report_sending(report: rounds.SendReport, what: str):
    flash(gettext("%(what)s: %(sent)s sendt.", what=what, sent=report.sent))
    if report.failed:
        flash(gettext("%(failed)s kunne ikke sendes; prøv igen senere.", failed=report.failed))
    if report.without_email:
        flash(gettext("%(without_email)s har ingen e-mailadresse – udskriv breve til dem.",
            without_email=report.without_email))


@bp.post("/redaktion/runder/<int:round_id>/send")
@editor_required
def send(round_id):
    _round_or_404(round_id)
    try:
        report = rounds.send_round(get_db(), round_id, _settings(), _posted_association_id())
        _report_sending(report, _l("E-mails med link"))
    except rounds.RoundClosed:
        flash(gettext("Runden er lukket; der kan ikke sendes mere."))
    except mail.MailError:
        flash(str(MAIL_DOWN))
    return redirect(url_for("rounds.round_page", round_id=round_id))


@bp.post("/redaktion/runder/<int:round_id>/paamind")
@editor_required
def remind(round_id):
    _round_or_404(round_id)
    try:
        _report_sending(rounds.remind_round(get_db(), round_id, _settings()),
                        _l("Påmindelser"))
    except rounds.RoundClosed:
        flash(gettext("Runden er lukket; der kan ikke sendes påmindelser."))
    except mail.MailError:
        flash(str(MAIL_DOWN))
    return redirect(url_for("rounds.round_page", round_id=round_id))


@bp.post("/redaktion/runder/<int:round_id>/breve")
@editor_required
def letters(round_id):
    """Printable letters; made on POST because each one issues a new link."""
    round_ = _round_or_404(round_id)
    try:
        made = rounds.letters(get_db(), round_id, _settings(), _posted_association_id())
    except rounds.RoundClosed:
        flash(gettext("Runden er lukket; der kan ikke laves breve."))
        return redirect(url_for("rounds.round_page", round_id=round_id))
    if not made:
        flash(gettext("Der er ingen breve at udskrive: alle har fået deres link."))
        return redirect(url_for("rounds.round_page", round_id=round_id))
    return render_template(
        "editor/rounds/letters.html", round=round_, letters=made, settings=_settings(),
        deadline=rounds.danish_date(round_["deadline"]),
        today=rounds.danish_date(rounds.today().isoformat()),
    )  # fmt: skip


@bp.route("/redaktion/runder/<int:round_id>/luk", methods=["GET", "POST"])
@editor_required
def close(round_id):
    db = get_db()
    round_ = _round_or_404(round_id)
    if round_["status"] != "open":
        flash(gettext("Runden er allerede lukket."))
        return redirect(url_for("rounds.round_page", round_id=round_id))
    if request.method == "POST":
        report = rounds.close_round(db, round_id, get_index(), user_id=current_user.id)
        flash(gettext("Runden er lukket. %(no_answer)s svarede ikke; kontaktpersonen er skjult "
                      "hos %(hidden)s af dem. De står nu under \"Afgør trykt udgave\".",
                      no_answer=report.no_answer, hidden=report.hidden))
        return redirect(url_for("rounds.round_page", round_id=round_id))
    counts = rounds.status_counts(db, round_id)
    unanswered = sum(counts[status] for status in rounds.UNANSWERED)
    return render_template("editor/rounds/close.html", round=round_, unanswered=unanswered)


@bp.post("/redaktion/runder/tryk/<int:association_id>")
@editor_required
def decide_print(association_id):
    include = request.form.get("include")
    if include not in ("0", "1"):
        abort(400)
    try:
        rounds.decide_print(get_db(), association_id, include == "1", get_index(),
                            user_id=current_user.id)  # fmt: skip
    except catalogue.NotFound:
        abort(404)
    flash(gettext("Med i den trykte udgave.") if include == "1"
          else gettext("Ikke med i den trykte udgave."))
    back = request.form.get("round_id", "")
    if back.isdigit():
        return redirect(url_for("rounds.round_page", round_id=int(back), _anchor="tryk"))
    return redirect(url_for("rounds.list_rounds", _anchor="tryk"))


# The association's page behind its secret link ------------------------------------


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes; unknown codes are refused by the field's cleaner."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(vocabulary: dict) -> list[SelectChoice]:
    """A vocabulary's choices, labelled in the reader's language when shown."""
    return [SelectChoice(code, label) for code, label in lazy_labels(vocabulary.items())]


class ProposalForm(FlaskForm):
    """The entry as the association may change it, prefilled (like the correction form)."""

    name = StringField(_l("Foreningens navn"), [forms.cleans("name")])
    short_description = TextAreaField(_l("Kort beskrivelse (højst 200 tegn)"),
                                      [forms.cleans("short_description")])  # fmt: skip
    description = TextAreaField(_l("Beskrivelse"), [forms.cleans("description")])
    website = URLField(_l("Hjemmeside"), [forms.cleans("website")])
    email = EmailField(_l("Foreningens e-mail"), [forms.cleans("email")])
    phone = TelField(_l("Foreningens telefon"), [forms.cleans("phone")])
    # Choices as SelectChoice lists with lazily translated labels; validate_choice is
    # off because the cleaners give the Danish message for an unknown code.
    target_groups = CheckboxList(_l("Målgrupper"), [forms.cleans("target_groups")],
                                 choices=_choices(TARGET_GROUPS),
                                 validate_choice=False)
    languages = CheckboxList(_l("Sprog"), [forms.cleans("languages")],
                             choices=_choices(LANGUAGES),
                             validate_choice=False)  # fmt: skip
    status = SelectField(_l("Status"), [forms.cleans("status")],
                         choices=_choices(STATUSES),
                         validate_choice=False)  # fmt: skip
    contact_name = StringField(_l("Kontaktpersonens navn"), [forms.cleans("contact_name")])
    contact_role = StringField(_l("Kontaktpersonens rolle"), [forms.cleans("contact_role")])
    contact_phone = TelField(_l("Kontaktpersonens telefon"), [forms.cleans("contact_phone")])
    contact_email = EmailField(_l("Kontaktpersonens e-mail"), [forms.cleans("contact_email")])
    message = TextAreaField(_l("Andet, der skal rettes (fx tider og steder for aktiviteterne)"))
    submitter_name = StringField(
        _l("Dit navn"), [forms.Cleaned(lambda value: validation.name(value, gettext("dit navn")))]
    )
    submitter_email = EmailField(
        _l("Din e-mail (hvis vi har spørgsmål)"),
        [forms.Cleaned(lambda value: validation.email(value, gettext("din e-mail")))],
    )


for _flag, _label in FLAGS.items():
    setattr(ProposalForm, _flag, BooleanField(lazy_gettext(_label), [forms.cleans(_flag)]))
for _field in CONTACT_FIELDS:
    setattr(ProposalForm, f"contact_{_field}_public",
            BooleanField(_l("Må vises på hjemmesiden"), [forms.cleans(f"contact_{_field}_public")]))


def _prefill(record: dict) -> dict:
    data = {field: record[field] for field in rounds.PROPOSAL_FIELDS}
    for field in rounds.BOOLEAN_FIELDS:
        data[field] = bool(record[field])
    data["submitter_name"] = record["contact_name"]
    data["submitter_email"] = rounds.recipient(record)
    return data


LINK_ERRORS = (rounds.LinkNotFound, rounds.LinkExpired)


def _link_error(error: Exception):
    """The friendly page for a wrong (404) or expired (410) link."""
    expired = isinstance(error, rounds.LinkExpired)
    page = render_template("rounds/link_error.html", expired=expired,
                           contact=_settings().contact)  # fmt: skip
    return page, 410 if expired else 404


def _review_page(entry: dict, form: ProposalForm, status_code: int = 200):
    association = catalogue.get_association_by_id(get_db(), entry["association_id"])
    return render_template(
        "rounds/review.html", entry=entry, association=association, form=form,
        deadline=format_day(entry["deadline"]), contact=_settings().contact,
        contact_fields=CONTACT_FIELDS,
    ), status_code  # fmt: skip


@bp.get(f"{rounds.LINK_PATH}<token>")
def review(token):
    try:
        entry = rounds.entry_for_token(get_db(), token)
    except LINK_ERRORS as error:
        return _link_error(error)
    rounds.mark_opened(get_db(), entry)
    record = catalogue.association_record(get_db(), entry["association_id"])
    return _review_page(entry, ProposalForm(data=_prefill(record)))


@bp.post(f"{rounds.LINK_PATH}<token>/bekraeft")
def confirm(token):
    try:
        rounds.confirm(get_db(), token, get_index())
    except LINK_ERRORS as error:
        return _link_error(error)
    return redirect(url_for("rounds.review", token=token, _anchor="svar"))


@bp.post(f"{rounds.LINK_PATH}<token>")
def propose(token):
    try:
        entry = rounds.entry_for_token(get_db(), token)
    except LINK_ERRORS as error:
        return _link_error(error)
    form = ProposalForm()
    if not form.validate_on_submit():
        return _review_page(entry, form, 400)
    proposed = {field: form[field].data for field in rounds.PROPOSAL_FIELDS}
    try:
        rounds.propose(get_db(), token, proposed, form.message.data, form.submitter_name.data,
                       form.submitter_email.data)  # fmt: skip
    except rounds.ProposalInvalid as error:
        for field, message in error.args[0].items():
            form[field].errors = [forms.sentence(message)]
        return _review_page(entry, form, 400)
    except LINK_ERRORS as error:
        return _link_error(error)
    except rounds.NothingProposed:
        form.message.errors = [gettext(
            "Du har ikke ændret noget. Tryk på \"Oplysningerne er korrekte\", "
            "hvis alt passer, eller skriv, hvad der skal rettes.")]  # fmt: skip
        return _review_page(entry, form, 400)
    return redirect(url_for("rounds.review", token=token, _anchor="svar"))


# Command line -----------------------------------------------------------------------


def _cli_run(action, round_id: int) -> rounds.SendReport:
    from .cli import open_db  # the CLI module builds on every blueprint module

    db = open_db()
    try:
        return action(db, round_id, _settings())
    except rounds.RoundNotFound:
        raise click.ClickException(f"There is no update round {round_id}.") from None
    except rounds.RoundClosed:
        raise click.ClickException(f"Update round {round_id} is closed.") from None
    except mail.MailError as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.conn.close()


def _echo_report(report: rounds.SendReport, round_id: int):
    click.echo(f"Sent {report.sent} e-mails; {report.failed} failed.")
    if report.without_email:
        click.echo(f"{report.without_email} associations have no e-mail address: print letters "
                   f"for them at /redaktion/runder/{round_id}.")  # fmt: skip


@click.command("round-send")
@click.argument("round_id", type=int)
@with_appcontext
def round_send_command(round_id):
    """E-mail the update round's secret links to every association not sent yet.

    Uses the MAIL_* settings (DIRECTORY_MAIL_SERVER, ...) and PUBLIC_URL for
    the links. Associations without an e-mail address are counted; print
    letters for them in the editors' workspace.

    Example: directory round-send 1
    """
    _echo_report(_cli_run(rounds.send_round, round_id), round_id)


@click.command("round-remind")
@click.argument("round_id", type=int)
@with_appcontext
def round_remind_command(round_id):
    """E-mail a reminder with a new link to associations that have not answered.

    Goes to entries that were sent or opened but neither confirmed nor
    changed; each reminder is counted on the round's dashboard.

    Example: directory round-remind 1
    """
    _echo_report(_cli_run(rounds.remind_round, round_id), round_id)


def init_app(app):
    app.register_blueprint(bp)
    editor.add_menu_item(app, "rounds.list_rounds", _l("Opdateringsrunde"))
    app.cli.add_command(round_send_command)
    app.cli.add_command(round_remind_command)
