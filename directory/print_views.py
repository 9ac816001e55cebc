"""The printed catalogue in the editors' workspace (/redaktion/katalog) and on the public site.

Editors freeze an edition, read the proof report (as a page or a PDF), settle
the entries the update round flagged, and build the booklet: a button starts
a background thread whose progress is kept in the print_jobs table, and the
job's page shows a progress bar that refreshes itself (no JavaScript). The
public site links the latest edition's PDF at /katalog/<year>.pdf.
"""

import io
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask.cli import with_appcontext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from werkzeug.security import safe_join
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from . import booklet, catalogue, editions, rounds
from .auth import editor_required
from .db import connect, database_path, get_db
from .search import get_index

bp = Blueprint("printing", __name__)
STALE_AFTER = timedelta(minutes=15)
COVER_MAX_BYTES = 5 * 1024 * 1024
COVER_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
PUBLIC_VARIANTS = {"web": "", "large": "-stor-skrift"}  # variant -> suffix of the public file


# Print jobs ----------------------------------------------------------------


class JobRefused(Exception):
    """A build cannot start now; the message is Danish."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def output_dir(app) -> Path:
    return Path(app.config["DATA_DIR"]) / "print"


def output_name(year: int, variant: str, imposed: bool) -> str:
    return f"katalog-{year}-{variant}{'-ark' if imposed else ''}.pdf"


def is_stale(job: dict) -> bool:
    """A job that stopped reporting: the server was restarted while it ran."""
    if job["status"] not in ("queued", "running"):
        return False
    updated = datetime.fromisoformat(job["updated_at"])
    return datetime.now(UTC) - updated > STALE_AFTER


def get_job(db, job_id: int) -> dict:
    rows = list(
        db.query(
            "SELECT j.*, e.year FROM print_jobs j JOIN editions e ON e.id = j.edition_id "
            "WHERE j.id = ?",
            [job_id],
        )
    )
    if not rows:
        raise editions.EditionNotFound(f"Der er intet job {job_id}.")
    job = rows[0]
    if is_stale(job):
        job.update(status="failed", message="Afbrudt: serveren blev genstartet undervejs.")
    return job


def jobs_for(db, edition_id: int) -> list[dict]:
    return [get_job(db, row[0]) for row in db.execute(
        "SELECT id FROM print_jobs WHERE edition_id = ? ORDER BY id DESC LIMIT 20", [edition_id]
    ).fetchall()]  # fmt: skip


def create_job(db, year: int, variant: str, imposed: bool, user_id: int | None = None) -> int:
    """Queue a build; refused while another one runs (the machine has two cores)."""
    booklet.variant_for(variant)
    edition = editions.get_edition(db, year)
    unfinished = db.execute(
        "SELECT id FROM print_jobs WHERE status IN ('queued', 'running')").fetchall()
    if any(get_job(db, row[0])["status"] != "failed" for row in unfinished):
        raise JobRefused("Der bygges allerede et katalog. Vent, til det er færdigt.")
    return db["print_jobs"].insert(
        {"edition_id": edition["id"], "variant": variant, "imposed": int(imposed),
         "status": "queued", "created_by": user_id, "created_at": _now(), "updated_at": _now()}
    ).last_pk  # fmt: skip


def update_job(db, job_id: int, **fields):
    db["print_jobs"].update(job_id, {**fields, "updated_at": _now()})


def run_job(app, job_id: int):
    """Build the PDF of a queued job, reporting progress; the thread's target."""
    with app.app_context():
        db = connect(database_path(app))
        try:
            job = get_job(db, job_id)
            update_job(db, job_id, status="running", progress=1, message="Starter")
            pdf = booklet.build_pdf(
                db, job["year"], job["variant"], imposed=bool(job["imposed"]),
                progress=lambda percent, message: update_job(
                    db, job_id, progress=percent, message=message),
            )  # fmt: skip
            name = output_name(job["year"], job["variant"], bool(job["imposed"]))
            write_atomically(output_dir(app) / name, pdf)
            update_job(db, job_id, status="done", progress=100, message="Færdig",
                       filename=name, finished_at=_now())  # fmt: skip
        except Exception as error:  # the job page must say what went wrong
            app.logger.exception("print job %s failed", job_id)
            update_job(db, job_id, status="failed", message=f"Fejl: {error}", finished_at=_now())
        finally:
            db.conn.close()


def write_atomically(path: Path, data: bytes):
    """Readers never see half a file: write beside it, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)


def start_job(db, year: int, variant: str, imposed: bool, user_id: int | None = None) -> int:
    job_id = create_job(db, year, variant, imposed, user_id)
    app = current_app._get_current_object()
    threading.Thread(target=run_job, args=(app, job_id), daemon=True).start()
    return job_id


def published_pdf(db, year: int, variant: str = "web") -> Path | None:
    """The newest finished single-page PDF of an edition in a variant, if its file exists."""
    row = db.execute(
        "SELECT j.filename FROM print_jobs j JOIN editions e ON e.id = j.edition_id "
        "WHERE e.year = ? AND j.variant = ? AND j.imposed = 0 AND j.status = 'done' "
        "ORDER BY j.id DESC LIMIT 1",
        [year, variant],
    ).fetchone()
    return built_file(row[0]) if row else None


def built_file(name: str) -> Path | None:
    """A built PDF in the print folder; None if missing or if the name would leave the folder."""
    joined = safe_join(str(output_dir(current_app)), name) if name else None
    return Path(joined) if joined and Path(joined).is_file() else None


def output_files(db, year: int) -> list[Path]:
    """The built files of an edition (outdated once it is frozen again)."""
    return [
        output_dir(current_app) / name
        for (name,) in db.execute(
            "SELECT j.filename FROM print_jobs j JOIN editions e ON e.id = j.edition_id "
            "WHERE e.year = ? AND j.filename != ''",
            [year],
        ).fetchall()
    ]


# Template helpers ------------------------------------------------------------


def latest_catalogue() -> dict | None:
    """{"year", "url"} of the newest edition with a public PDF, for the site's footer."""
    if "latest_catalogue" not in g:
        g.latest_catalogue = None
        try:
            db = get_db()
            for (year,) in db.execute("SELECT year FROM editions ORDER BY year DESC").fetchall():
                if published_pdf(db, year):
                    g.latest_catalogue = {"year": year,
                                          "url": url_for("printing.public_pdf", year=year)}
                    break
        except Exception:  # the footer must render even when the database is unusable
            current_app.logger.warning("could not look up the latest catalogue")
    return g.latest_catalogue


def printed_number(association_id: int) -> dict | None:
    """The number an entry has in the newest edition that printed it ("nr. 42 i kataloget 2027")."""
    return editions.printed_number(get_db(), association_id)


# Forms ---------------------------------------------------------------------


class FreezeForm(FlaskForm):
    year = StringField("Årstal", validators=[DataRequired("Skriv årstallet, fx 2027.")])
    title = StringField("Titel på forsiden", validators=[
        Optional(), Length(max=120, message="Titlen må højst være 120 tegn.")])  # fmt: skip
    replace = BooleanField("Frys igen, hvis året allerede er frosset (erstatter udgaven)")


class FrontMatterForm(FlaskForm):
    title = StringField("Titel på forsiden", validators=[
        DataRequired("Titlen mangler."), Length(max=120, message="Højst 120 tegn.")])  # fmt: skip
    foreword = TextAreaField("Forord", validators=[
        Length(max=4000, message="Forordet må højst være 4000 tegn.")])  # fmt: skip
    cover = FileField("Forsidebillede (JPEG eller PNG, højst 5 MB)", validators=[
        FileAllowed(["jpg", "jpeg", "png"], "Billedet skal være JPEG eller PNG.")])  # fmt: skip
    remove_cover = BooleanField("Fjern forsidebilledet")


class BuildForm(FlaskForm):
    variant = SelectField("Udgave", choices=[SelectChoice(v.name, v.label)
                                             for v in booklet.VARIANTS.values()],
                          validators=[InputRequired("Vælg en udgave.")])  # fmt: skip
    imposed = BooleanField("Som trykark (A4 på tværs, to sider pr. side, til hæftning)")


class DecisionForm(FlaskForm):
    decision = RadioField("Beslutning", choices=[SelectChoice("include", "Tag med i kataloget"),
                                                 SelectChoice("exclude", "Udelad af kataloget")],
                          validators=[InputRequired("Vælg, om foreningen skal med.")])  # fmt: skip


# Editors' pages ------------------------------------------------------------


def _edition_or_404(db, year: int) -> dict:
    try:
        return editions.get_edition(db, year)
    except editions.EditionNotFound:
        abort(404)


@bp.get("/redaktion/katalog/")
@editor_required
def index(form=None):
    db = get_db()
    return render_template(
        "print/index.html", editions=editions.list_editions(db), form=form or FreezeForm(),
        flagged=editions.flagged_entries(db),
    )  # fmt: skip


@bp.post("/redaktion/katalog/frys")
@editor_required
def freeze():
    form = FreezeForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            year = editions.check_year(form.year.data)
            outdated = output_files(db, year)
            editions.freeze_edition(db, year, title=form.title.data or "",
                                    user_id=current_user.id, replace=form.replace.data)  # fmt: skip
        except editions.EditionError as error:
            form.year.errors.append(str(error))
        else:
            for path in outdated:
                path.unlink(missing_ok=True)
            flash(f"Udgaven {year} er frosset.")
            return redirect(url_for(".edition", year=year))
    return index(form), 400


@bp.get("/redaktion/katalog/<int:year>")
@editor_required
def edition(year, front_form=None, build_form=None):
    db = get_db()
    found = _edition_or_404(db, year)
    front_form = front_form or FrontMatterForm(
        data={"title": found["title"], "foreword": found["foreword"]})
    return render_template(
        "print/edition.html", edition=found, front_form=front_form,
        build_form=build_form or BuildForm(), jobs=jobs_for(db, found["id"]),
    )  # fmt: skip


@bp.post("/redaktion/katalog/<int:year>/forside")
@editor_required
def front_matter(year):
    db = get_db()
    _edition_or_404(db, year)
    form = FrontMatterForm()
    if form.validate_on_submit():
        cover = _read_cover(form)
        if not form.cover.errors:
            editions.update_front_matter(
                db, year, title=form.title.data, foreword=form.foreword.data, cover=cover,
                remove_cover=form.remove_cover.data,
            )  # fmt: skip
            flash("Forside og forord er gemt. Byg kataloget igen for at få ændringerne med.")
            return redirect(url_for(".edition", year=year))
    return edition(year, front_form=form), 400


def _read_cover(form) -> tuple[bytes, str] | None:
    """The uploaded cover image checked with Pillow, or None; errors go on the field."""
    upload = form.cover.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    data = upload.read(COVER_MAX_BYTES + 1)
    if len(data) > COVER_MAX_BYTES:
        form.cover.errors.append("Billedet må højst fylde 5 MB.")
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = COVER_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind is None:
        form.cover.errors.append("Filen er ikke et JPEG- eller PNG-billede.")
        return None
    return data, kind


@bp.post("/redaktion/katalog/<int:year>/byg")
@editor_required
def build(year):
    db = get_db()
    _edition_or_404(db, year)
    form = BuildForm()
    if form.validate_on_submit():
        try:
            job_id = start_job(db, year, form.variant.data, form.imposed.data, current_user.id)
        except JobRefused as error:
            form.variant.errors.append(str(error))
        else:
            return redirect(url_for(".job", job_id=job_id))
    return edition(year, build_form=form), 400


@bp.get("/redaktion/katalog/job/<int:job_id>")
@editor_required
def job(job_id):
    try:
        found = get_job(get_db(), job_id)
    except editions.EditionNotFound:
        abort(404)
    return render_template("print/job.html", job=found, variant=booklet.VARIANTS[found["variant"]])


@bp.get("/redaktion/katalog/job/<int:job_id>/pdf")
@editor_required
def job_pdf(job_id):
    try:
        found = get_job(get_db(), job_id)
    except editions.EditionNotFound:
        abort(404)
    path = built_file(found["filename"])
    if found["status"] != "done" or path is None:
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name=found["filename"])


def _report(year: int | None) -> dict:
    try:
        return editions.proof_report(get_db(), year)
    except editions.EditionNotFound:
        abort(404)


@bp.get("/redaktion/katalog/korrektur", defaults={"year": None})
@bp.get("/redaktion/katalog/<int:year>/korrektur")
@editor_required
def proof(year):
    return render_template("print/proof.html", report=_report(year), decision_form=DecisionForm())


@bp.get("/redaktion/katalog/korrektur.pdf", defaults={"year": None})
@bp.get("/redaktion/katalog/<int:year>/korrektur.pdf")
@editor_required
def proof_pdf(year):
    pdf = booklet.proof_pdf(_report(year))
    name = f"korrektur-{year or 'kladde'}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=name)


@bp.post("/redaktion/katalog/beslutning/<int:association_id>")
@editor_required
def decide(association_id):
    form = DecisionForm()
    if not form.validate_on_submit():
        page = render_template("print/proof.html", report=_report(None), decision_form=form,
                               rejected=association_id)  # fmt: skip
        return page, 400
    db = get_db()
    try:
        rounds.decide_print(db, association_id, form.decision.data == "include",
                            index=get_index(), user_id=current_user.id)  # fmt: skip
    except catalogue.NotFound:
        abort(404)
    name = catalogue.get_association_by_id(db, association_id)["name"]
    verdict = "kommer med i" if form.decision.data == "include" else "er taget ud af"
    flash(f"{name} {verdict} kataloget. Frys udgaven (igen), når alle er afgjort.")
    return redirect(url_for(".proof"))


# Public --------------------------------------------------------------------


@bp.get("/katalog/<int:year>.pdf", defaults={"variant": "web"})
@bp.get("/katalog/<int:year>-stor-skrift.pdf", defaults={"variant": "large"})
def public_pdf(year, variant):
    path = published_pdf(get_db(), year, variant)
    if path is None:
        abort(404)
    name = f"foreningskatalog-{year}{PUBLIC_VARIANTS[variant]}.pdf"
    return send_file(path, mimetype="application/pdf", download_name=name, max_age=3600)


@bp.get("/f/<int:association_id>")
def short_link(association_id):
    """Where the printed catalogue's QR codes lead: to the entry's page.

    Short, so the code has fewer, larger modules (easier to scan at 16 mm),
    and by id, so a code printed for a year still works after a rename.
    A temporary redirect, as the page's address may change.
    """
    row = get_db().execute("SELECT slug FROM associations WHERE id = ?",
                           [association_id]).fetchone()  # fmt: skip
    if row is None:
        abort(404)
    return redirect(url_for("public.association", slug=row[0]))


# Command line --------------------------------------------------------------


@click.command("freeze")
@click.argument("year")
@click.option("--title", default="", help="The title on the cover (default: Foreningskataloget).")
@click.option("--replace", is_flag=True, help="Freeze again if the year is frozen already.")
@with_appcontext
def freeze_command(year, title, replace):
    """Freeze the entries marked for print as the edition of YEAR.

    The edition keeps a snapshot with entry numbers 1..N in print order;
    later edits change the live site, never the edition.

    Example: directory freeze 2027
    """
    from .cli import open_db

    db = open_db()
    try:
        editions.freeze_edition(db, year, title=title, replace=replace)
        found = editions.get_edition(db, year)
    except editions.EditionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Froze edition {found['year']}: {len(found['entries'])} entries")


@click.command("print")
@click.argument("year")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@click.option("--variant", type=click.Choice(list(booklet.VARIANTS)), default="print",
              show_default=True, help="print: PDF/X-4 with bleed; web: PDF/UA; large: A4.")
@click.option("--imposed", is_flag=True, help="Saddle-stitch sheets: A4 landscape, 2 pages a side.")
@click.option("--bleed/--no-bleed", default=None, help="3 mm bleed with crop marks "
              "(default: on for print, off otherwise).")  # fmt: skip
@with_appcontext
def print_command(year, out, variant, imposed, bleed):
    """Write the booklet PDF of the frozen edition YEAR.

    Example: directory print 2027 --out katalog-2027.pdf --variant print
    """
    from .cli import open_db

    db = open_db()
    try:
        pdf = booklet.build_pdf(db, year, variant, imposed=imposed, bleed=bleed)
    except (editions.EditionError, booklet.BookletError) as error:
        raise click.ClickException(str(error)) from None
    write_atomically(Path(out), pdf)
    click.echo(f"Wrote {out} ({len(pdf) // 1024} KB)")


def init_app(app):
    from .editor import add_menu_item

    app.register_blueprint(bp)
    app.jinja_env.globals.update(latest_catalogue=latest_catalogue, printed_number=printed_number)
    add_menu_item(app, "printing.index", "Trykt katalog")
    app.cli.add_command(freeze_command)
    app.cli.add_command(print_command)
