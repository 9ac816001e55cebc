"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from .vocabulary import TARGET_GROUPS

_STRING = {"type": "string"}
_NULLABLE_INT = {"type": ["integer", "null"]}


def _parameter(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False,
            "description": description, "schema": schema}  # fmt: skip


SEARCH_PARAMETERS = [
    _parameter("q", "Free text, Danish. Any text is accepted; there is no query syntax.",
               {"type": "string", "maxLength": 10000}),
    _parameter("category", "Category slug, e.g. sport-og-motion.", _STRING),
    _parameter("target", "Target group code.", {"type": "string", "enum": list(TARGET_GROUPS)}),
    _parameter("weekday", "Has an activity on this weekday: 0 (Monday) to 6, or a Danish name.",
               _STRING),
    _parameter("age", "Has an activity open to this age.",
               {"type": "integer", "minimum": 0, "maximum": 120}),
    _parameter("area", "Area slug.", _STRING),
    _parameter("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": 10000}),
    _parameter("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
]  # fmt: skip

NEAR_PARAMETERS = [
    _parameter("near", "Measure walking distances from this point: 'latitude,longitude' in WGS84 "
               "degrees, e.g. 57.0276,10.0009. Must lie in Denmark.", _STRING),
    _parameter("near_address", "Measure from an address or named place in the area, looked up "
               "in the offline gazetteer (e.g. 'Trekanten', 'Sebbersundvej 2A'). Ignored when "
               "near is given.", {"type": "string", "maxLength": 300}),
    _parameter("radius", "With near or near_address: keep only associations with a venue within "
               "this many metres (straight line, EPSG:25832).",
               {"type": "integer", "minimum": 1, "maximum": 50000}),
]  # fmt: skip
MARKER_PARAMETERS = [p for p in SEARCH_PARAMETERS if p["name"] not in ("page", "per_page")]

SUMMARY = {
    "type": "object",
    "required": ["id", "slug", "name", "url", "categories", "short_description"],
    "properties": {
        "id": {"type": "integer"},
        "slug": _STRING,
        "name": _STRING,
        "url": {"type": "string", "format": "uri"},
        "categories": {"type": "array", "items": _STRING},
        "short_description": _STRING,
        "distance_m": {"type": ["integer", "null"], "description": "Only when near is given"},
        "walking_minutes": {"type": ["integer", "null"], "description": "Only when near is given"},
    },
}
FACET_VALUE = {
    "type": "object",
    "required": ["value", "label", "count"],
    "properties": {"value": _STRING, "label": _STRING, "count": {"type": "integer"}},
}
SEARCH_RESULT = {
    "type": "object",
    "required": ["total", "page", "per_page", "pages", "results", "facets"],
    "properties": {
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "pages": {"type": "integer"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Summary"}},
        "facets": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": FACET_VALUE},
        },
        "suggestion": {"type": ["string", "null"]},
    },
}
VENUE = {
    "type": "object",
    "properties": {
        "slug": _STRING, "name": _STRING, "address": _STRING, "postcode": _STRING,
        "city": _STRING, "latitude": {"type": ["number", "null"]},
        "longitude": {"type": ["number", "null"]},
    },
}  # fmt: skip
ACTIVITY = {
    "type": "object",
    "properties": {
        "title": _STRING,
        "weekdays": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}},
        "start_time": _STRING, "end_time": _STRING, "frequency": _STRING,
        "season_start": _STRING, "season_end": _STRING, "target_group": _STRING,
        "min_age": _NULLABLE_INT, "max_age": _NULLABLE_INT, "price": _STRING, "note": _STRING,
        "venue": {"type": ["string", "null"], "description": "Venue slug"},
    },
}  # fmt: skip
ASSOCIATION = {
    "type": "object",
    "required": ["id", "slug", "name", "url", "status", "categories", "activities"],
    "properties": {
        "id": {"type": "integer"},
        "slug": _STRING,
        "name": _STRING,
        "url": {"type": "string", "format": "uri"},
        "status": {"type": "string", "enum": ["active", "paused", "closed"]},
        "short_description": _STRING,
        "description": _STRING,
        "categories": {"type": "array", "items": _STRING},
        "target_groups": {"type": "array", "items": _STRING},
        "languages": {"type": "array", "items": _STRING},
        "website": _STRING,
        "email": _STRING,
        "phone": _STRING,
        "contact": {
            "type": "object",
            "description": "Only the contact person's fields published with consent.",
            "properties": {"name": _STRING, "role": _STRING, "phone": _STRING, "email": _STRING},
        },
        "flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "areas": {
            "type": "array",
            "description": "Areas the association meets inside or within 1 km of.",
            "items": {
                "type": "object",
                "properties": {
                    "slug": _STRING,
                    "name": _STRING,
                    "relation": {"type": "string", "enum": ["inside", "near"]},
                },
            },
        },
        "venues": {"type": "array", "items": {"$ref": "#/components/schemas/Venue"}},
        "activities": {"type": "array", "items": {"$ref": "#/components/schemas/Activity"}},
        "last_verified": {"type": ["string", "null"]},
        "updated_at": _STRING,
    },
}
MARKER_PROPERTIES = {
    "type": "object",
    "required": ["slug", "name"],
    "properties": {
        "kind": {"const": "venue", "description": "Present on venues only; absent: association"},
        "slug": _STRING,
        "name": _STRING,
        "categories": {"type": "array", "items": {"type": "integer", "minimum": 0},
                       "description": "Associations: positions in the collection's categories"},
        "next": {"type": "string", "description": "Associations: the next activity, e.g. "
                 "'tirsdag 16:30–18:00: U10 træning' (Europe/Copenhagen time); absent if unknown"},
        "relation": {"type": "string", "enum": ["i bydelen", "tæt på"],
                     "description": "Associations: inside or near the district; absent: elsewhere"},
        "count": {"type": "integer", "description": "Venues: associations of the set meeting here"},
    },
}  # fmt: skip
MARKER_COLLECTION = {
    "type": "object",
    "description": (
        "GeoJSON (RFC 7946) FeatureCollection of Points, WGS84 [longitude, latitude] rounded to "
        "5 decimals, with two foreign members that keep it small: `urls` (an entry's page, "
        "with {slug} to fill in) and `categories` (the labels that associations' categories "
        "number)."
    ),
    "required": ["type", "urls", "categories", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "urls": {
            "type": "object",
            "required": ["association", "venue"],
            "properties": {"association": _STRING, "venue": _STRING},
        },
        "categories": {"type": "array", "items": _STRING},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {"type": "array", "items": {"type": "number"},
                                            "minItems": 2, "maxItems": 2},
                        },
                    },
                    "properties": {"$ref": "#/components/schemas/MarkerProperties"},
                },
            },
        },
    },
}  # fmt: skip
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": _STRING,
        "problems": {"type": "object", "additionalProperties": _STRING},
    },
}


def _json_response(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Foreningsguiden API",
            "version": "1.0.0",
            "description": "Read-only access to the neighbourhood's catalogue of associations.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/associations": {
                "get": {
                    "operationId": "searchAssociations",
                    "summary": "Search and filter associations",
                    "description": "With near or near_address, results are sorted by "
                    "walking distance and carry distance_m and walking_minutes.",
                    "parameters": SEARCH_PARAMETERS + NEAR_PARAMETERS,
                    "responses": {
                        "200": _json_response("A page of results with facets", "SearchResult"),
                        "400": _json_response("A parameter has a bad value", "Error"),
                    },
                }
            },
            "/api/associations.geojson": {
                "get": {
                    "operationId": "associationMarkers",
                    "summary": "The map's markers: every matching association and its venues",
                    "description": (
                        "Takes the same filters as /api/associations (without paging) and "
                        "returns all matches that can be placed: one Point per association "
                        "(at its first venue with coordinates, or with near at the nearest) "
                        "and one per venue they meet at. Associations without a placed venue "
                        "are left out. Cacheable: ETag (If-None-Match gives 304) and "
                        "Cache-Control: public, max-age=60; gzip-compressed when the client "
                        "sends Accept-Encoding: gzip."
                    ),
                    "parameters": MARKER_PARAMETERS + NEAR_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "A GeoJSON FeatureCollection",
                            "headers": {
                                "ETag": {"schema": _STRING},
                                "Cache-Control": {"schema": _STRING},
                            },
                            "content": {"application/geo+json": {
                                "schema": {"$ref": "#/components/schemas/MarkerCollection"}}},
                        },
                        "304": {"description": "Not modified since the ETag sent"},
                        "400": _json_response("A parameter has a bad value", "Error"),
                    },
                }
            },
            "/api/associations/{slug}": {
                "get": {
                    "operationId": "getAssociation",
                    "summary": "One association with its activities and venues",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": _STRING}
                    ],
                    "responses": {
                        "200": _json_response("The association", "Association"),
                        "404": _json_response("No such association", "Error"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Summary": SUMMARY,
                "SearchResult": SEARCH_RESULT,
                "Association": ASSOCIATION,
                "Venue": VENUE,
                "Activity": ACTIVITY,
                "MarkerCollection": MARKER_COLLECTION,
                "MarkerProperties": MARKER_PROPERTIES,
                "Error": ERROR,
            }
        },
    }
