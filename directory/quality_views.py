"""The data-quality dashboard, the link checker and data-subject requests (CLI).

Also installs the log filter that keeps e-mail addresses and phone numbers
out of every log line the application and its web servers write.
"""

import json
import logging
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import Blueprint, render_template, url_for
from flask.cli import with_appcontext
from flask.logging import default_handler

from . import editor, linkcheck, privacy, quality, translations_content, validation
from .auth import editor_required
from .db import get_db
from .i18n import format_moment
from .search import get_index
from .vocabulary import N_

bp = Blueprint("quality", __name__, url_prefix="/redaktion/kvalitet")
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")


def edit_url(association_id: int) -> str:
    """The association's page in the editors' workspace."""
    return url_for("editing.edit_association", association_id=association_id)


def local_time(iso: str) -> str:
    """'2026-03-01T09:05:00+00:00' -> '01.03.2026 kl. 10:05' (Danish time)."""
    try:
        moment = datetime.fromisoformat(iso).astimezone(LOCAL_TIME)
    except ValueError:
        return iso
    return format_moment(moment)


@bp.get("", strict_slashes=False)
@editor_required
def dashboard():
    return render_template(
        "editor/quality/dashboard.html", **quality.overview(get_db()),
        edit_url=edit_url, local_time=local_time,
        untranslated=translations_content.missing_translations(get_db()),
    )  # fmt: skip


# Commands --------------------------------------------------------------------


def _open_db():
    from .cli import open_db  # cli imports the app factory, which imports this module

    return open_db()


def _echo_result(result: linkcheck.LinkResult):
    status = result.status_code or "-"
    moved = f" -> {result.final_url}" if result.redirected else ""
    detail = f"  ({result.message})" if result.message else ""
    click.echo(f"{result.outcome:8} {status:>4}  {result.url}{moved}{detail}")


@click.command("check-links")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=linkcheck.DEFAULT_TIMEOUT,
              show_default=True, help="Seconds to wait for each request.")  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 32), default=linkcheck.DEFAULT_WORKERS,
              show_default=True, help="Websites asked at the same time.")  # fmt: skip
@with_appcontext
def check_links_command(timeout, workers):
    """Check every association's website and keep the results for the data-quality page.

    Each address is asked with HEAD (GET when HEAD fails), redirects are
    followed, and no request waits longer than --timeout. Closed
    associations are skipped. This is the only command that uses the network.

    Example: directory check-links --timeout 5
    """
    rows = linkcheck.check_links(_open_db(), timeout, workers, on_result=_echo_result)
    problems = sum(row["outcome"] != "ok" for row in rows)
    click.echo(f"Checked {len(rows)} website(s); {problems} with problems")


def _write_private(path: str, text: str):
    """Write a file only its owner can read: it holds personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


@click.command("person-export")
@click.argument("email")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Write the JSON to this file (only you can read it), not stdout.")  # fmt: skip
@with_appcontext
def person_export_command(email, out):
    """Export everything held about the person with this e-mail address, as JSON.

    Covers contact-person fields on associations, suggestions they sent,
    update-round letters to them, their editor account and the revision
    history. For a data-subject access request.

    Example: directory person-export anna@example.dk --out anna.json
    """
    try:
        data = privacy.person_data(_open_db(), email)
    except validation.Invalid as error:
        raise click.ClickException(str(error)) from None
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if out:
        _write_private(out, text)
        click.echo(f"Wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


def _summary(data: dict) -> list[str]:
    counts = [
        ("association(s)", len(data["associations"])),
        ("suggestion(s)", len(data["suggestions"])),
        ("update-round letter(s)", len(data["round_entries"])),
        ("editor account", 1 if data["user_account"] else 0),
        ("revision(s)", len(data["revisions"])),
        ("other place(s)", len(data["other"])),
    ]
    return [f"{count} {what}" for what, count in counts if count]


@click.command("person-delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def person_delete_command(email, yes):
    """Erase everything held about the person with this e-mail address.

    Contact-person fields and consents are blanked on their associations
    (saved as a revision with source "slettet efter anmodning"), their name
    and address removed from suggestions and update-round letters, their
    editor account deleted, and the revision history rewritten so no earlier
    version keeps their data. Cannot be undone: export first if needed.

    Example: directory person-delete anna@example.dk --yes
    """
    db = _open_db()
    try:
        found = _summary(privacy.person_data(db, email))
    except validation.Invalid as error:
        raise click.ClickException(str(error)) from None
    if not found:
        click.echo(f"Nothing is held about {email}")
        return
    click.echo(f"Held about {email}: {', '.join(found)}")
    if not yes:
        click.confirm("Erase all of it? This cannot be undone", abort=True)
    try:
        report = privacy.delete_person(db, email, index=get_index())
    except privacy.PersonIsLastAdmin as error:
        raise click.ClickException(str(error)) from None
    _echo_report(report)


def _echo_report(report: dict):
    for association in report["associations"]:
        click.echo(f"Erased from association {association['id']} ({association['name']})")
    click.echo(f"Suggestions changed: {report['suggestions']}")
    click.echo(f"Update-round letters changed: {report['round_entries']}")
    click.echo(f"Editor account deleted: {'yes' if report['user_account'] else 'no'}")
    click.echo(f"Revisions rewritten: {report['revisions']}")
    click.echo(f"Other cells cleaned: {report['other_cells']}")
    if not report["checkpointed"]:
        click.echo("Note: the database was busy, so old values stay in its write-ahead log "
                   "until the next checkpoint; run this again when it is quiet.")  # fmt: skip


COMMANDS = [check_links_command, person_export_command, person_delete_command]


def _loggers(app) -> list:
    """The loggers that may see what people type: the app's, its modules', the servers'."""
    names = [name for name in logging.root.manager.loggerDict if name.startswith(f"{app.name}.")]
    return [app.logger, *(logging.getLogger(n) for n in [*names, "werkzeug", "waitress"])]


def init_app(app):
    privacy.install_log_redaction(*_loggers(app), default_handler)
    for command in COMMANDS:
        app.cli.add_command(command)
    editor.add_menu_item(app, "quality.dashboard", N_("Datakvalitet"))
    app.register_blueprint(bp)
