"""The Open Referral HSDS 3.0 API under /api/hsds (read-only) and `directory export-hsds`.

Paths follow the HSDS 3.0 API specification: /services, /services/<id>,
/organizations, /service_at_locations, /taxonomies, /taxonomy_terms (each
paginated with the specification's Page fields, and each with /<id>), the
API's description at /, and the tabular data package as one zip file.
"""

from datetime import date
from math import ceil

import click
from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask.cli import with_appcontext

from . import hsds
from .db import get_db
from .feeds import attachment
from .filters import MAX_PAGE, MAX_PER_PAGE, BadParameter, parse_int

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")
DEFAULT_PER_PAGE = 50


@bp.get("/")
def about():
    """What this API is (the HSDS 3.0 "/" endpoint)."""
    return jsonify({
        "version": hsds.HSDS_VERSION,
        "description": f"{current_app.config['SITE_NAME']}: foreninger, aktiviteter og steder "
                       "som Open Referral HSDS 3.0.",
        "publisher": {"name": current_app.config["SITE_NAME"],
                      "website": url_for("public.index", _external=True)},
        "datapackage_url": url_for("hsds.datapackage_zip", _external=True),
    })  # fmt: skip


def _page_numbers() -> tuple[int, int]:
    problems = {}
    numbers = {"page": 1, "per_page": DEFAULT_PER_PAGE}
    for name, high in (("page", MAX_PAGE), ("per_page", MAX_PER_PAGE)):
        value = request.args.get(name, "").strip()
        try:
            numbers[name] = parse_int(value, 1, high, name) if value else numbers[name]
        except BadParameter as error:
            problems[name] = str(error)
    if problems:
        abort(Response(_problem_body(problems), status=400, mimetype="application/json"))
    return numbers["page"], numbers["per_page"]


def _problem_body(problems: dict) -> str:
    return current_app.json.dumps({"error": "bad_request", "problems": problems})


def paged(items: list[dict]):
    """One page of `items` with HSDS's Page fields (page and per_page from the query)."""
    page, per_page = _page_numbers()
    total_pages = max(1, ceil(len(items) / per_page))
    contents = items[(page - 1) * per_page : page * per_page]
    return jsonify({
        "total_items": len(items), "total_pages": total_pages, "page_number": page,
        "size": len(contents), "first_page": page == 1, "last_page": page >= total_pages,
        "empty": not contents, "contents": contents,
    })  # fmt: skip


def _flag(name: str) -> bool:
    return request.args.get(name, "").strip().lower() in ("1", "true", "yes")


def _has_term(service: dict, term_id: str, taxonomy_id: str) -> bool:
    terms = [a["taxonomy_term"] for a in service.get("attributes", [])]
    return any(
        (not term_id or t["id"] == term_id) and (not taxonomy_id or t["taxonomy_id"] == taxonomy_id)
        for t in terms
    )


@bp.get("/services")
def services():
    found = hsds.services(get_db())
    organization_id = request.args.get("organization_id", "").strip()
    term_id = request.args.get("taxonomy_term_id", "").strip()
    taxonomy_id = request.args.get("taxonomy_id", "").strip()
    if organization_id:
        found = [s for s in found if s["organization_id"] == organization_id]
    if term_id or taxonomy_id:
        found = [s for s in found if _has_term(s, term_id, taxonomy_id)]
    return paged(found if _flag("full") else [hsds.one_to_one(s) for s in found])


def _service_of(association_id: int | None) -> dict:
    if association_id is None:
        abort(404)
    return hsds.services(get_db(), ids=[association_id])[0]


@bp.get("/services/<service_id>")
def service(service_id):
    return jsonify(_service_of(hsds.service_ids(get_db()).get(service_id)))


@bp.get("/organizations")
def organizations():
    found = [s["organization"] for s in hsds.services(get_db())]
    return paged(found if _flag("full") else [hsds.one_to_one(o) for o in found])


@bp.get("/organizations/<organization_id>")
def organization(organization_id):
    found = _service_of(hsds.organization_ids(get_db()).get(organization_id))
    return jsonify(found["organization"] | {"services": [hsds.one_to_one(found)]})


def _service_at_locations() -> list[dict]:
    return [sal for s in hsds.services(get_db()) for sal in s.get("service_at_locations", [])]


@bp.get("/service_at_locations")
def service_at_locations():
    found = _service_at_locations()
    return paged(found if _flag("full") else [hsds.one_to_one(sal) for sal in found])


@bp.get("/service_at_locations/<record_id>")
def service_at_location(record_id):
    return jsonify(_one(_service_at_locations(), record_id))


def _one(records: list[dict], record_id: str) -> dict:
    found = next((r for r in records if r["id"] == record_id), None)
    if found is None:
        abort(404)
    return found


@bp.get("/taxonomies")
def taxonomies():
    return paged(hsds.taxonomies())


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id):
    return jsonify(_one(hsds.taxonomies(), taxonomy_id))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    terms = list(hsds.taxonomy_terms(get_db()).values())
    taxonomy_id = request.args.get("taxonomy_id", "").strip()
    return paged([t for t in terms if not taxonomy_id or t["taxonomy_id"] == taxonomy_id])


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id):
    return jsonify(_one(list(hsds.taxonomy_terms(get_db()).values()), term_id))


@bp.get("/datapackage.zip")
def datapackage_zip():
    body = hsds.datapackage_zip(get_db(), current_app.config["SITE_NAME"])
    filename = f"foreningsguiden-hsds-{date.today().isoformat()}.zip"
    return Response(body, mimetype="application/zip", headers=attachment(filename))


@click.command("export-hsds")
@click.argument("directory", type=click.Path(file_okay=False, writable=True))
@with_appcontext
def export_hsds_command(directory):
    """Write the catalogue as Open Referral HSDS 3.0 into DIRECTORY.

    Writes services.json (fully nested), organizations.json, taxonomies.json,
    taxonomy_terms.json and the tabular data package: datapackage.json with one
    CSV per table. Contact persons appear only as far as they consented. Links
    point at PUBLIC_URL.

    Example: directory export-hsds hsds-2027
    """
    from .cli import open_db

    db = open_db()
    public_url = current_app.config["PUBLIC_URL"].rstrip("/") + "/"
    try:
        with current_app.test_request_context("/", base_url=public_url):
            count = hsds.write_export(db, directory, current_app.config["SITE_NAME"])
    except OSError as error:
        raise click.ClickException(f"Cannot write {directory}: {error.strerror or error}") from None
    click.echo(f"Exported {count} services to {directory}")


def init_app(app):
    app.register_blueprint(bp)
    app.cli.add_command(export_hsds_command)
