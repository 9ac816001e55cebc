"""The `directory` command-line tool (also `flask --app directory ...`).

Each command is a thin wrapper around a plain function, so what the CLI
does, the web app and the tests can do the same way.
"""

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import auth, catalogue, create_app, demo, geo, migrations, security, spreadsheet, validation
from .db import connect, database_path, init_db, write_transaction
from .search import get_index


def open_db():
    """The database, which commands other than init need up to date."""
    path = database_path(current_app)
    if not path.exists():
        raise click.ClickException(f"There is no database at {path}: run `directory init`.")
    db = connect(path)
    if migrations.pending(db):
        raise click.ClickException("The database schema is outdated: run `directory init`.")
    return db


@click.command("init")
@with_appcontext
def init_command():
    """Create the database, or bring its schema up to date.

    Safe to run again; only pending migrations are applied.

    Example: directory init
    """
    applied = init_db(current_app)
    where = database_path(current_app)
    if applied:
        click.echo(f"Applied {', '.join(applied)} to {where}")
    else:
        click.echo(f"{where} is up to date")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the catalogue is empty.")
@click.option("--force", is_flag=True, help="Load even though real entries exist.")
@click.option("--remove", is_flag=True, help="Remove the demo entries instead.")
@with_appcontext
def demo_command(if_empty, force, remove):
    """Load the demo catalogue of Aalborg Øst (about 150 associations).

    Every page says "demo" while it is loaded; `--remove` takes it out again.

    Example: directory demo --if-empty
    """
    db = open_db()
    if remove:
        click.echo(f"Removed {demo.remove_demo(db, index=get_index())} demo associations")
        return
    if if_empty and not demo.is_empty(db):
        return
    if demo.has_real_data(db) and not force:
        raise click.ClickException(
            "The catalogue has real entries; use --force to add the demo entries beside them."
        )
    click.echo(f"Loaded {demo.load_demo(db, index=get_index())} demo associations")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows, report the rest.")
@with_appcontext
def import_command(path, dry_run, skip_invalid):
    """Import associations from a CSV or XLSX file.

    CSV may be UTF-8 (with or without BOM) or Windows-1252, separated by
    commas or semicolons. Nothing is written unless every row is valid,
    unless --skip-invalid is given. The columns are in docs/import-format.md.

    Example: directory import foreninger.xlsx --dry-run
    """
    db = open_db()
    try:
        report = spreadsheet.import_file(
            db, path, dry_run=dry_run, skip_invalid=skip_invalid, index=get_index(),
            gazetteer=geo.load_gazetteer(current_app.config["DATA_DIR"]),
        )  # fmt: skip
    except spreadsheet.ImportFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(str(report))
    if report.failed and not skip_invalid:
        raise SystemExit(1)


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_command(path):
    """Export every association to a CSV or XLSX file (by the file's ending).

    The file can be imported again unchanged: export and import round-trip.

    Example: directory export foreninger-2027.xlsx
    """
    db = open_db()
    try:
        count = spreadsheet.export_file(db, path)
    except spreadsheet.ExportFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Exported {count} associations to {path}")


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the search index from the database.

    Safe while the site is serving: searches use the old index until the new
    one is complete.

    Example: directory reindex
    """
    db = open_db()
    count = get_index().rebuild(db)
    click.echo(f"Indexed {count} associations")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, help="Worker threads.")
@with_appcontext
def serve_command(host, port, threads):
    """Serve the site with waitress (a production WSGI server).

    Rebuilds the search index first if it is missing or stale.

    Example: directory serve --port 8000
    """
    import waitress

    try:
        security.check_production(current_app)
    except security.InsecureConfig as error:
        raise click.ClickException(str(error)) from None
    db = open_db()
    if get_index().ensure_current(db):
        click.echo("Rebuilt the search index")
    click.echo(f"Serving on http://{host}:{port}")
    waitress.serve(current_app._get_current_object(), host=host, port=port, threads=threads)


def _after_area_change(db):
    geo.after_area_change(db, get_index())


@click.command("areas")
@with_appcontext
def areas_command():
    """List the areas entries are assigned to, with how many lie inside each.

    Example: directory areas
    """
    db = open_db()
    counts = geo.inside_counts(db)
    for area in geo.list_areas(db):
        inside = counts.get(area["id"], 0)
        click.echo(f"{area['slug']}\t{area['name']}\t{area['kind']}\t{inside} inside")


@click.command("area-add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", default=None, help="Kind of area (default: the file's, else custom).")
@click.option("--source", default=None, help="Where the boundary comes from.")
@with_appcontext
def area_add_command(path, kind, source):
    """Add the polygons of a GeoJSON file as areas and assign every entry to them.

    Each feature needs a `name` property. Use it for a neighbourhood with no
    published boundary: draw it in any GeoJSON editor and load it here.

    Example: directory area-add tornhoej.geojson --source "Kvarterværkstedet 2026"
    """
    db = open_db()
    try:
        ids = geo.load_areas(db, path, kind=kind, source=source)
    except geo.GeoError as error:
        raise click.ClickException(str(error)) from None
    _after_area_change(db)
    click.echo(f"Added {len(ids)} area(s)")


@click.command("area-remove")
@click.argument("slug")
@with_appcontext
def area_remove_command(slug):
    """Remove an area; entries keep their other areas.

    Example: directory area-remove tornhoej
    """
    db = open_db()
    try:
        geo.delete_area(db, slug)
    except geo.GeoError as error:
        raise click.ClickException(str(error)) from None
    _after_area_change(db)
    click.echo(f"Removed {slug}")


@click.command("geocode")
@click.option("--force", is_flag=True, help="Place again venues placed from the gazetteer before.")
@with_appcontext
def geocode_command(force):
    """Place venues without coordinates from the gazetteer; list those that cannot be placed.

    Venues that cannot be placed are still listed everywhere but left off the
    map. Add their address to DATA_DIR/gazetteer.csv (same columns as
    geodata/gazetteer.csv) and run this again.

    Example: directory geocode
    """
    db = open_db()
    gazetteer = geo.load_gazetteer(current_app.config["DATA_DIR"])
    affected = geo.geocode_venues(db, gazetteer, force=force)
    with write_transaction(db):
        catalogue.bump_version(db)
    if affected is None:
        get_index().rebuild(db)
    else:
        get_index().update(db, sorted(affected))
    unplaced = geo.unplaced_venues(db)
    for venue in unplaced:
        click.echo(f"Cannot place: {venue['name']} ({venue['address'] or 'no address'})")
    click.echo(f"{len(unplaced)} venue(s) without coordinates")


@click.command("add-user")
@click.argument("email")
@click.option("--name", default="", help="The person's name, shown in the revision history.")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor",
              show_default=True, help="Admins also manage users.")  # fmt: skip
@click.password_option(help=f"At least {auth.MIN_PASSWORD_LENGTH} characters (asked if left out).")
@with_appcontext
def add_user_command(email, name, role, password):
    """Create an editor or admin account.

    Example: directory add-user anna@kvarter.example --name "Anna Holm" --role admin
    """
    db = open_db()
    try:
        auth.create_user(db, email, password, name=name, role=role)
    except (validation.Invalid, auth.BadPassword, auth.UserExists) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {role} {email}")


COMMANDS = [
    init_command, demo_command, import_command, export_command, reindex_command, serve_command,
    areas_command, area_add_command, area_remove_command, geocode_command, add_user_command,
]  # fmt: skip


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)


def main():
    """Entry point of the `directory` console script."""
    cli = FlaskGroup(
        create_app=create_app,
        add_default_commands=False,
        add_version_option=False,
        load_dotenv=False,
        help="Manage the catalogue of associations. Example: directory init && directory demo",
    )
    cli.main(prog_name="directory")
