"""The read-only JSON API, described by /api/openapi.json."""

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from . import catalogue, maps, openapi, vocabulary
from .db import get_db
from .filters import API_NAMES, parse_query
from .search import get_index

bp = Blueprint("api", __name__, url_prefix="/api")


def summary_json(entry) -> dict:
    """The short form of an association in result lists (a search Hit or a list entry)."""
    get = entry.get if isinstance(entry, dict) else lambda key: getattr(entry, key)
    return {
        "id": get("id"),
        "slug": get("slug"),
        "name": get("name"),
        "url": url_for("public.association", slug=get("slug"), _external=True),
        "categories": get("categories"),
        "short_description": get("short_description"),
    }


def facets_json(facets) -> dict:
    return {
        name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
        for name, values in facets.items()
    }


def near_json(entry: dict) -> dict:
    """A result sorted by distance: the summary plus metres and walking minutes."""
    return {
        **summary_json(entry),
        "distance_m": entry.get("distance_m"),
        "walking_minutes": entry.get("walking_minutes"),
    }


@bp.get("/associations")
def associations():
    query, problems = parse_query(request.args, API_NAMES)
    near, near_problems = maps.resolve_near(
        request.args, maps.API_NEAR, current_app.config["DATA_DIR"]
    )
    problems.update(near_problems)
    if problems:
        return jsonify({"error": "bad_request", "problems": problems}), 400
    if near:
        listing, results = maps.map_listing(get_db(), query, near, maps.map_now())
        total, pages, found = listing.total, listing.pages, map(near_json, listing.entries)
    else:
        results = get_index().search(query)
        total, pages, found = results.total, results.pages, map(summary_json, results.hits)
    return jsonify(
        {
            "total": total,
            "page": query.page,
            "per_page": query.per_page,
            "pages": pages,
            "results": list(found),
            "facets": facets_json(results.facets),
            "suggestion": results.suggestion,
        }
    )


@bp.get("/associations/<slug>")
def association(slug):
    try:
        found = catalogue.get_association(get_db(), slug)
    except catalogue.NotFound:
        abort(404)
    return jsonify(association_json(found))


def association_json(association: dict) -> dict:
    """Everything public about an association: no unconsented personal data."""
    return {
        "id": association["id"],
        "slug": association["slug"],
        "name": association["name"],
        "url": url_for("public.association", slug=association["slug"], _external=True),
        "status": association["status"],
        "short_description": association["short_description"],
        "description": association["description"],
        "categories": [c["slug"] for c in association["categories"]],
        "target_groups": association["target_groups"],
        "languages": association["languages"],
        "website": association["website"],
        "email": association["email"],
        "phone": association["phone"],
        "contact": catalogue.public_contact(association),
        "flags": {flag: bool(association[flag]) for flag in vocabulary.FLAGS},
        "areas": association["areas"],
        "venues": [venue_json(v) for v in association["venues"]],
        "activities": [activity_json(a) for a in association["activities"]],
        "last_verified": association["last_verified"] or None,
        "updated_at": association["updated_at"],
    }


def venue_json(venue: dict) -> dict:
    return {
        key: venue[key]
        for key in ("slug", "name", "address", "postcode", "city", "latitude", "longitude")
    }


def activity_json(activity: dict) -> dict:
    fields = ("title", "weekdays", "start_time", "end_time", "frequency", "season_start",
              "season_end", "target_group", "min_age", "max_age", "price", "note")  # fmt: skip
    result = {key: activity[key] for key in fields}
    result["venue"] = activity["venue"]["slug"] if activity["venue"] else None
    return result


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document(request.host_url.rstrip("/")))


def init_app(app):
    app.register_blueprint(bp)
