"""The public pages residents use: search, entries, categories, venues, week."""

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext

from . import catalogue, geo, maps, schedule
from .db import get_db
from .filters import PUBLIC_NAMES, BadParameter, parse_query
from .search import get_index

bp = Blueprint("public", __name__)


def get_or_404(getter, slug: str):
    """Call a catalogue getter; a missing record is a 404, not an error."""
    try:
        return getter(get_db(), slug)
    except catalogue.NotFound:
        abort(404)


@bp.get("/")
def index():
    db = get_db()
    return render_template(
        "index.html",
        categories=catalogue.categories(db),
        counts=catalogue.category_counts(db),
        today=date.today().weekday(),
    )


def _search_page(template: str, fixed: dict | None = None, **context):
    """Results for the query string; sorted by walking distance when "near" is given."""
    query, problems = parse_query(request.args, PUBLIC_NAMES)
    for field, value in (fixed or {}).items():
        setattr(query, field, value)
    near, near_problems = maps.resolve_near(
        request.args, maps.PUBLIC_NEAR, current_app.config["DATA_DIR"]
    )
    problems.update(near_problems)
    listing = None
    if near:
        listing, results = maps.map_listing(get_db(), query, near, maps.map_now())
    else:
        results = get_index().search(query)
    return render_template(
        template, results=results, listing=listing, near=near, radii=maps.RADII, query=query,
        problems=problems, **context,
    )  # fmt: skip


@bp.get("/soeg")
def search():
    return _search_page("results.html")


@bp.get("/kategori/<slug>")
def category(slug):
    found = get_or_404(catalogue.get_category, slug)
    return _search_page("results.html", fixed={"category": slug}, category=found)


@bp.get("/forening/<slug>")
def association(slug):
    found = get_or_404(catalogue.get_association, slug)
    home = geo.home_area(get_db()) or {}
    relation = next((a["relation"] for a in found["areas"] if a["slug"] == home.get("slug")), "")
    return render_template("association.html", association=found, home=home, home_relation=relation)


@bp.get("/sted/<slug>")
def venue(slug):
    found = get_or_404(catalogue.get_venue, slug)
    meeting_here = catalogue.associations_at_venue(get_db(), found["id"])
    return render_template("venue.html", venue=found, associations=meeting_here)


@bp.get("/uge")
def week():
    query, problems = parse_query(request.args, PUBLIC_NAMES)
    day = query.weekday if query.weekday is not None else date.today().weekday()
    after = request.args.get("efter", "")
    try:
        after = _clock(after) if after else ""
    except BadParameter as error:
        problems["efter"], after = str(error), ""
    db = get_db()
    activities = schedule.activities_on(db, day, query.age, query.category, after)
    listing = WeekPage(len(activities), -(-len(activities) // WEEK_PAGE_SIZE) or 1)
    query.page = min(query.page, listing.pages)
    shown = activities[(query.page - 1) * WEEK_PAGE_SIZE : query.page * WEEK_PAGE_SIZE]
    return render_template(
        "week.html", day=day, activities=shown, listing=listing, query=query, after=after,
        problems=problems, categories=catalogue.categories(db),
    )  # fmt: skip


# A weekday at 10,000 associations has ~3,000 activities: 640 KB of HTML and ~200 ms
# to render in one page (scripts/bench_load), so the week view is paged like results.
WEEK_PAGE_SIZE = 50


@dataclass
class WeekPage:
    total: int
    pages: int


def _clock(value: str) -> str:
    """'16', '16:00' or '16.00' -> '16:00'."""
    hours, _, minutes = value.strip().replace(".", ":").partition(":")
    try:
        hour, minute = int(hours), int(minutes or 0)
    except ValueError:
        raise BadParameter(gettext("tidspunkt skal skrives som TT:MM, fx 16:00")) from None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise BadParameter(gettext("tidspunkt skal skrives som TT:MM, fx 16:00"))
    return f"{hour:02d}:{minute:02d}"


def init_app(app):
    app.register_blueprint(bp)
