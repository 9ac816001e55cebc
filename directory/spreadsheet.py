"""Import and export of the catalogue as a spreadsheet (CSV or XLSX).

One row per association (plus "venue rows" that fill only venue columns);
the columns and value formats are documented in docs/import-format.md.
An import is planned first (plan_import: per row create / update /
unchanged / errors, no writes) and then applied in one transaction
(apply_import), so a bad file or a crash leaves the database as it was.
Export writes every column an import needs, so export followed by import
reproduces the catalogue and a second import changes nothing. Geocoding
new venues is left to the caller (ImportReport.changed_venue_ids).
"""

import csv
import io
import os
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

from . import catalogue, geo, validation
from .activity_text import format_activities, parse_activities
from .db import write_transaction
from .validation import Invalid, quoted
from .vocabulary import CONTACT_FIELDS, FLAGS, LANGUAGES, STATUSES, TARGET_GROUPS


class ImportFailed(Exception):
    """The file cannot be read as a catalogue spreadsheet (message in Danish)."""


class ExportFailed(Exception):
    """The export file cannot be written (message in Danish)."""


VENUE_FIELDS = {  # column -> venue table column
    "venue": "name",
    "address": "address",
    "postcode": "postcode",
    "city": "city",
    "latitude": "latitude",
    "longitude": "longitude",
}
BOOLEAN_COLUMNS = [
    *[f"contact_{field}_public" for field in CONTACT_FIELDS],
    *FLAGS,
    "include_in_print",
]
COLUMNS = [
    "slug", "name", "categories", "short_description", "description", "activities",
    *VENUE_FIELDS, "other_venues", "website", "email", "phone", "target_groups", "languages",
    *[f"contact_{field}" for field in CONTACT_FIELDS],
    *[f"contact_{field}_public" for field in CONTACT_FIELDS],
    "consent_date", "consent_source", *FLAGS, "status", "include_in_print", "last_verified",
]  # fmt: skip

# Other spellings of column names, after lower-casing and turning spaces and
# hyphens into "_". Documented in docs/import-format.md.
ALIASES = {
    "navn": "name",
    "forening": "name",
    "foreningens_navn": "name",
    "kategori": "categories",
    "kategorier": "categories",
    "kort_beskrivelse": "short_description",
    "beskrivelse": "description",
    "lang_beskrivelse": "description",
    "aktivitet": "activities",
    "aktiviteter": "activities",
    "sted": "venue",
    "mødested": "venue",
    "stednavn": "venue",
    "adresse": "address",
    "postnummer": "postcode",
    "postnr": "postcode",
    "by": "city",
    "breddegrad": "latitude",
    "lat": "latitude",
    "længdegrad": "longitude",
    "lon": "longitude",
    "lng": "longitude",
    "andre_steder": "other_venues",
    "hjemmeside": "website",
    "web": "website",
    "websted": "website",
    "url": "website",
    "e_mail": "email",
    "mail": "email",
    "telefon": "phone",
    "tlf": "phone",
    "telefonnummer": "phone",
    "målgruppe": "target_groups",
    "målgrupper": "target_groups",
    "sprog": "languages",
    "kontaktperson": "contact_name",
}


def normalise_header(header: str) -> str:
    """'  E-mail ' -> 'email', 'Postnr.' -> 'postcode'; unknown names come back cleaned."""
    key = str(header).replace("\ufeff", "").strip().strip(".:").strip().casefold()
    key = re.sub(r"[\s\-]+", "_", key)
    return ALIASES.get(key, key)


# Reading files -------------------------------------------------------------------


def read_rows(path) -> list[dict[str, str]]:
    """The data rows of a CSV or XLSX file as {column: text}, in file order.

    Known columns are keyed by their canonical name (aliases resolved),
    unknown ones by the header as written. Blank rows are kept as rows of
    empty strings, so list index + 2 is the row number a spreadsheet shows.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportFailed(f"{path.name}: kan kun importere .csv- og .xlsx-filer")
    if not path.is_file():
        raise ImportFailed(f"filen {path} findes ikke")
    try:
        table = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except OSError as error:
        raise ImportFailed(f"kan ikke læse {path.name}: {error.strerror or error}") from None
    return _rows_from_table(table, path.name)


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    if b"\x00" in data:
        raise ImportFailed(f"{path.name} er ikke en CSV-tekstfil (gem den som 'CSV UTF-8')")
    text = _decode(data, path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    if re.fullmatch(r"sep=.\r?", first_line):  # Excel's hint line, not shown as a row
        delimiter, text = first_line[4], text.split("\n", 1)[1] if "\n" in text else ""
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [[formula_restored(cell) for cell in row] for row in rows]
    except csv.Error as error:
        raise ImportFailed(f"{path.name} kan ikke læses som CSV: {error}") from None


def _decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older Danish Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{filename}: tegnsættet kendes ikke (gem filen som 'CSV UTF-8')")


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; not the editor's problem
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        raise ImportFailed(f"{path.name} er ikke en gyldig XLSX-fil") from None
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def cell_text(value) -> str:
    """An XLSX cell value as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == clock() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, clock):
        return value.strftime("%H:%M")
    return str(value)


def _rows_from_table(table: list[list[str]], filename: str) -> list[dict[str, str]]:
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    if not table:
        raise ImportFailed(f"{filename} er tom")
    width = max(len(row) for row in table)
    padded = [row + [""] * (width - len(row)) for row in table]
    headers = _headers(padded, filename)
    return [
        {headers[i]: row[i] for i in range(width) if headers[i] is not None} for row in padded[1:]
    ]


def _headers(table: list[list[str]], filename: str) -> list[str | None]:
    """Canonical names for the header row; None for an empty column without a header."""
    headers: list[str | None] = []
    seen: dict[str, str] = {}
    for number, raw in enumerate(table[0], start=1):
        key = normalise_header(raw)
        if not key:
            has_data = any(row[number - 1].strip() for row in table[1:])
            headers.append(f"kolonne {number}" if has_data else None)
            continue
        if key not in COLUMNS:
            key = raw.strip()
            while key in seen:  # unknown columns are only reported, so any name will do
                key += " (2)"
        if key in seen:
            raise ImportFailed(
                f"{filename}: kolonnen {key!r} står to gange ({quoted(seen[key])} og {quoted(raw)})"
            )
        seen[key] = raw
        headers.append(key)
    if "name" not in seen:
        found = ", ".join(repr(h) for h in headers if h) or "ingen"
        raise ImportFailed(
            f"{filename}: første række skal have kolonnen 'name' (eller 'navn'); fandt: {found}"
        )
    return headers


# Planning an import --------------------------------------------------------------


@dataclass
class RowPlan:
    """What importing one spreadsheet row would do."""

    row: int  # as the spreadsheet shows it: the header is row 1
    name: str
    kind: str = "association"  # or "venue": a row with only venue columns filled
    action: str = "error"  # "create", "update", "unchanged" or "error"
    changed: list[str] = field(default_factory=list)  # columns that differ, for updates
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    association_id: int | None = None
    record: dict = field(default_factory=dict, repr=False)  # for catalogue, venues by key


@dataclass
class VenuePlan:
    """A venue the import uses: an existing one (maybe with changes) or a new one."""

    name: str
    venue_id: int | None = None
    current: dict | None = None  # the stored venue, for existing ones
    values: dict = field(default_factory=dict)  # venue table columns the file gives
    changes: dict = field(default_factory=dict)  # what to write
    row: int = 0  # the row that described it (0: only named in activities/other_venues)


@dataclass
class ImportPlan:
    """What importing a file would do, row by row; apply_import carries it out."""

    rows: list[dict]  # as read, so the plan can be made again when applied
    results: list[RowPlan]
    warnings: list[str]  # about the whole file, e.g. unknown columns
    venues: dict[str, VenuePlan]

    @property
    def errors(self) -> list[str]:
        return [f"række {r.row}: {message}" for r in self.results for message in r.errors]

    def count(self, action: str, kind: str | None = None) -> int:
        return sum(
            1 for result in self.results
            if result.action == action and kind in (None, result.kind)
        )  # fmt: skip


@dataclass
class _Context:
    """What planning looks things up in, loaded once, plus what earlier rows decided."""

    categories: dict[str, str]  # casefolded slug or label -> slug
    category_labels: list[str]
    by_slug: dict[str, dict]
    by_name: dict[str, list[dict]]
    venues_by_name: dict[str, dict]
    venues_by_address: dict[tuple[str, str], dict]
    venues: dict[str, VenuePlan] = field(default_factory=dict)  # key: casefolded name
    claimed: dict[str, int] = field(default_factory=dict)  # association key -> row


def _load_context(db) -> _Context:
    categories, labels = {}, []
    for category in catalogue.categories(db):
        categories[category["slug"].casefold()] = category["slug"]
        categories[category["label"].casefold()] = category["slug"]
        labels.append(category["label"])
    by_slug, by_name = {}, {}
    for row in db.query("SELECT id, slug, name FROM associations ORDER BY id"):
        by_slug[row["slug"]] = row
        by_name.setdefault(row["name"].casefold(), []).append(row)
    venues_by_name, venues_by_address = {}, {}
    for venue in db.query("SELECT * FROM venues ORDER BY id"):
        venues_by_name.setdefault(_venue_key(venue["name"]), venue)
        venues_by_address.setdefault((venue["address"].casefold(), venue["postcode"]), venue)
    return _Context(categories, labels, by_slug, by_name, venues_by_name, venues_by_address)


def plan_import(db, rows: list[dict]) -> ImportPlan:
    """What importing `rows` (as from read_rows) would do; reads the database, writes nothing."""
    columns = list(dict.fromkeys(column for row in rows for column in row))
    if "name" not in columns:
        raise ImportFailed("filen mangler kolonnen 'name' (eller 'navn')")
    file_warnings = [
        f"ukendt kolonne {quoted(column)} bliver ikke importeret" for column in columns
        if column not in COLUMNS
    ]  # fmt: skip
    known = [column for column in columns if column in COLUMNS]
    context = _load_context(db)
    cleaned = []
    for number, row in enumerate(rows, start=2):
        if _is_venue_row(row, known):
            cleaned.append(_clean_venue_row(number, row, known))
        elif any(str(value).strip() for value in row.values()):
            cleaned.append(_clean_row(number, row, known, context))
    # Venues described by rows first, so an activity can name a venue a later row describes.
    for plan, values in cleaned:
        if not plan.errors:
            _plan_main_venue(plan, values, context)
    for plan, values in cleaned:
        if not plan.errors and plan.kind == "association":
            _resolve_named_venues(plan, values, context)
            _decide(plan, values, known, context, db)
    return ImportPlan(rows, [plan for plan, _ in cleaned], file_warnings, context.venues)


def _clean_row(number: int, row: dict, columns: list[str], context: _Context):
    """The row's values, cleaned column by column, and a RowPlan holding any errors."""
    plan = RowPlan(row=number, name=validation.text(row.get("name", "")))
    values = {}
    for column in columns:
        if column in VENUE_FIELDS:
            continue
        try:
            values[column] = _clean_cell(column, row.get(column, ""), context)
        except Invalid as error:
            plan.errors.append(str(error))
    if any(column in VENUE_FIELDS for column in columns):
        try:
            values["main_venue"] = _clean_venue(row, columns)
        except Invalid as error:
            plan.errors.append(str(error))
    if not plan.errors:
        try:
            values["existing"] = _match(number, values, context)
        except Invalid as error:
            plan.errors.append(str(error))
    return plan, values


def _is_venue_row(row: dict, columns: list[str]) -> bool:
    """A row that fills only venue columns (with a venue name or address) describes a venue."""
    filled = {column for column in columns if str(row.get(column, "")).strip()}
    return bool(filled & {"venue", "address"}) and filled <= set(VENUE_FIELDS)


def _clean_venue_row(number: int, row: dict, columns: list[str]):
    plan = RowPlan(row=number, name="", kind="venue")
    values = {}
    try:
        values["main_venue"] = _clean_venue(row, columns)
        plan.name = values["main_venue"].get("name") or values["main_venue"]["address"]
    except Invalid as error:
        plan.errors.append(str(error))
    return plan, values


def _clean_cell(column: str, value: str, context: _Context):
    if column == "slug":
        return _clean_slug(value)
    if column == "categories":
        return _category_slugs(value, context)
    if column == "activities":
        return parse_activities(value)
    if column == "other_venues":
        return validation.split_list(value)
    return validation.clean_value(column, value)


def _clean_slug(value: str) -> str:
    slug = validation.text(value)
    if slug and catalogue.slugify(slug) != slug:
        raise Invalid(f"slug {quoted(slug)} må kun indeholde a-z, 0-9 og bindestreg")
    return slug


def _category_slugs(value: str, context: _Context) -> list[str]:
    slugs = []
    for item in validation.split_list(value):
        slug = context.categories.get(item.casefold())
        if slug is None:
            valid = "; ".join(context.category_labels)
            raise Invalid(f"kategori {quoted(item)} kendes ikke; brug en af: {valid}")
        slugs.append(slug)
    return list(dict.fromkeys(slugs))


def _clean_venue(row: dict, columns: list[str]) -> dict | None:
    """The row's main venue as venue table columns (only non-empty ones), or None.

    Empty venue cells mean "not given": an import never erases a venue's details.
    """
    present = {column: row.get(column, "") for column in VENUE_FIELDS if column in columns}
    venue = {}
    for column in ("venue", "address", "city"):
        if column in present:
            venue[VENUE_FIELDS[column]] = " ".join(validation.text(present[column]).split())
    if "postcode" in present:
        venue["postcode"] = validation.postcode(present["postcode"])
    if "latitude" in present or "longitude" in present:
        latitude, longitude = validation.coordinates(
            present.get("latitude", ""), present.get("longitude", "")
        )
        venue.update(latitude=latitude, longitude=longitude)
    venue = {key: value for key, value in venue.items() if value not in ("", None)}
    if venue.get("name") or venue.get("address"):
        return venue
    if venue:
        raise Invalid(
            "postnummer, by og koordinater kræver et sted (kolonnen venue) eller en adresse"
        )
    return None


def _match(number: int, values: dict, context: _Context) -> dict | None:
    """The stored association this row describes (by slug, else by name), or None."""
    name, slug = values.get("name", ""), values.get("slug", "")
    if slug:
        existing, key = context.by_slug.get(slug), slug
    else:
        same_name = context.by_name.get(name.casefold(), [])
        if len(same_name) > 1:
            raise Invalid(f"flere foreninger hedder {quoted(name)}; udfyld kolonnen slug")
        existing = same_name[0] if same_name else context.by_slug.get(catalogue.slugify(name))
        key = existing["slug"] if existing else catalogue.slugify(name)
    if key in context.claimed:
        raise Invalid(f"{quoted(name)} står også i række {context.claimed[key]}")
    context.claimed[key] = number
    return existing


# Venues -----------------------------------------------------------------------------


def _venue_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _plan_main_venue(plan: RowPlan, values: dict, context: _Context):
    """Find or plan the venue the row's venue columns describe; a conflict is a row error.

    Sets values["venue_key"] and values["venue_changes"] (what this row changes
    about a stored venue); a venue row gets its action here.
    """
    venue = values.get("main_venue")
    if not venue:
        return
    if venue.get("name"):
        stored = context.venues_by_name.get(_venue_key(venue["name"]))
    else:
        address_key = (venue["address"].casefold(), venue.get("postcode", ""))
        stored = context.venues_by_address.get(address_key)
    name = stored["name"] if stored else venue.get("name") or venue["address"]
    key = _venue_key(name)
    planned = context.venues.get(key)
    if planned is None:
        planned = VenuePlan(name, stored and stored["id"], stored, row=plan.row)
        context.venues[key] = planned
    differing = [
        column for column, field_name in VENUE_FIELDS.items()
        if field_name in venue and field_name in planned.values
        and not _same(field_name, venue[field_name], planned.values[field_name])
    ]  # fmt: skip
    if differing:
        plan.errors.append(
            f"stedet {quoted(name)} har andre oplysninger ({', '.join(differing)}) "
            f"end i række {planned.row}"
        )
        return
    # Rows may each give part of a venue's details; together they describe it.
    changes = {
        field_name: value
        for field_name, value in venue.items()
        if stored is None or not _same(field_name, value, stored.get(field_name))
    }
    if "name" in planned.values:  # the first row's spelling of the name wins
        venue, changes = _without_name(venue), _without_name(changes)
    planned.values.update(venue)
    planned.changes.update(changes)
    values.update(venue_key=key, venue_changes=changes)
    if plan.kind == "venue":
        plan.action = "create" if stored is None else "update" if changes else "unchanged"
        plan.changed = [c for c, f in VENUE_FIELDS.items() if f in changes and stored]


def _without_name(venue: dict) -> dict:
    return {key: value for key, value in venue.items() if key != "name"}


def _same(field_name: str, a, b) -> bool:
    """Equal venue details; names are matched ignoring case, so case alone is no change."""
    if field_name == "name":
        return _venue_key(a or "") == _venue_key(b or "")
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and round(a, 7) == round(b, 7)
    return (a or "") == (b or "")


def _resolve_named_venues(plan: RowPlan, values: dict, context: _Context):
    """Venues named in activities and other_venues: stored, planned or new (bare, warned)."""
    for activity in values.get("activities", []):
        if activity["venue_name"]:
            activity["venue_key"] = _venue_by_name(plan, activity["venue_name"], context)
            activity["venue_name"] = context.venues[activity["venue_key"]].name
    if "other_venues" in values:
        values["other_venue_keys"] = [
            _venue_by_name(plan, name, context) for name in values["other_venues"]
        ]


def _venue_by_name(plan: RowPlan, name: str, context: _Context) -> str:
    key = _venue_key(name)
    if key in context.venues:
        return key
    stored = context.venues_by_name.get(key)
    if stored:
        context.venues[key] = VenuePlan(stored["name"], stored["id"], stored)
    else:
        name = " ".join(name.split())
        context.venues[key] = VenuePlan(name, values={"name": name}, changes={"name": name})
        plan.warnings.append(f"stedet {quoted(name)} findes ikke og oprettes kun med navnet")
    return key


# Deciding create / update / unchanged ------------------------------------------------


def _decide(plan: RowPlan, values: dict, columns: list[str], context: _Context, db):
    existing = values.get("existing")
    current = catalogue.get_association_by_id(db, existing["id"]) if existing else None
    record = {
        column: values[column] for column in columns
        if column in values and column in catalogue.ASSOCIATION_COLUMNS
    }  # fmt: skip
    if "categories" in values:
        record["categories"] = values["categories"]
    if "activities" in values:
        record["activities"] = values["activities"]
    venue_refs = _venue_refs(values, columns, current, context)
    if venue_refs is not None:
        record["venue_refs"] = venue_refs
    if current is None:
        plan.action, plan.record = "create", record
        return
    record.update(id=current["id"], slug=record.get("slug") or current["slug"])
    plan.association_id, plan.record = current["id"], record
    plan.changed = _changed_columns(values, columns, current)
    plan.changed += _venue_changes(values, venue_refs, current, context)
    plan.action = "update" if plan.changed else "unchanged"


def _venue_refs(values: dict, columns: list[str], current: dict | None, context) -> list | None:
    """The association's venues as stored ids or (new venues) planned keys, main venue first.

    None when the file has no venue columns (the links stay as they are).
    """
    has_main = any(column in VENUE_FIELDS for column in columns)
    if not has_main and "other_venues" not in columns:
        return None
    stored = [venue["id"] for venue in current["venues"]] if current else []
    main = stored[:1]
    if has_main:
        main = [values["venue_key"]] if values.get("venue_key") else []
    others = values["other_venue_keys"] if "other_venues" in columns else stored[1:]
    refs = [
        context.venues[ref].venue_id or ref if isinstance(ref, str) else ref
        for ref in main + others
    ]
    return list(dict.fromkeys(refs))


def _comparable(column: str, value):
    if column == "activities":
        return format_activities(value)
    if column == "categories":
        return sorted(value)
    if column in BOOLEAN_COLUMNS:
        return bool(value)
    return value if value is not None else ""


def _changed_columns(values: dict, columns: list[str], current: dict) -> list[str]:
    stored = {
        **current,
        "categories": [category["slug"] for category in current["categories"]],
    }
    return [
        column for column in columns
        if column in values and column not in ("slug", "other_venues")
        and _comparable(column, values[column]) != _comparable(column, stored.get(column))
    ]  # fmt: skip


def _venue_changes(values: dict, refs: list | None, current: dict, context) -> list[str]:
    if refs is None:
        return []
    changed = []
    main = context.venues.get(values.get("venue_key", ""))
    if main is not None and main.venue_id:
        changed += [c for c, f in VENUE_FIELDS.items() if f in values["venue_changes"]]
    wanted = [context.venues[ref].venue_id if isinstance(ref, str) else ref for ref in refs]
    stored = [venue["id"] for venue in current["venues"]]
    if wanted[:1] != stored[:1] and "venue" not in changed:
        changed.append("venue")
    if wanted[1:] != stored[1:]:
        changed.append("other_venues")
    return changed


# Applying an import ----------------------------------------------------------------


@dataclass
class ImportReport:
    """The outcome of an import (or of a dry run), printable for editors in Danish."""

    plan: ImportPlan
    dry_run: bool = False
    written: bool = False
    changed_ids: list[int] = field(default_factory=list)  # associations written or affected
    changed_venue_ids: list[int] = field(default_factory=list)  # venues created or changed

    @property
    def created(self) -> int:
        return self.plan.count("create", "association")

    @property
    def updated(self) -> int:
        return self.plan.count("update", "association")

    @property
    def unchanged(self) -> int:
        return self.plan.count("unchanged", "association")

    @property
    def failed(self) -> int:
        return self.plan.count("error")

    @property
    def ok(self) -> bool:
        """True when every row could be imported."""
        return self.failed == 0

    def lines(self) -> list[str]:
        lines = ["Prøvekørsel: intet er gemt."] if self.dry_run else []
        lines += [f"advarsel: {warning}" for warning in self.plan.warnings]
        for result in self.plan.results:
            lines += _row_lines(result)
        lines.append(
            f"oprettet: {self.created}, opdateret: {self.updated}, "
            f"uændret: {self.unchanged}, fejl: {self.failed}"
        )
        if any(result.kind == "venue" for result in self.plan.results):
            venues = [self.plan.count(action, "venue") for action in _ACTION_WORDS]
            lines.append("steder: oprettet: {}, opdateret: {}, uændret: {}".format(*venues))
        if self.failed and not self.dry_run:
            lines.append(
                "De gyldige rækker er gemt; rækkerne med fejl er sprunget over."
                if self.written
                else "Intet er gemt, fordi filen har fejl. Ret dem og importér igen."
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


_ACTION_WORDS = {"create": "opret", "update": "opdatér", "unchanged": "uændret"}


def _row_lines(result: RowPlan) -> list[str]:
    prefix = f"række {result.row}:"
    lines = [f"{prefix} {message}" for message in result.errors]
    if result.action in _ACTION_WORDS:
        what = "sted " if result.kind == "venue" else ""
        details = f" ({', '.join(result.changed)})" if result.changed else ""
        action = _ACTION_WORDS[result.action]
        lines.append(f"{prefix} {action} {what}{quoted(result.name)}{details}")
    lines += [f"{prefix} advarsel: {warning}" for warning in result.warnings]
    return lines


def apply_import(
    db, plan: ImportPlan, index=None, skip_invalid: bool = False, gazetteer=None
) -> ImportReport:
    """Write a planned import in one transaction; nothing if a row is bad (unless skip_invalid).

    The plan is made again inside the transaction, so changes made since it
    was first shown are taken into account. Venues written without
    coordinates are placed from the gazetteer, if given. The catalogue
    version goes up once, and the search index (if given) is updated after
    the commit.
    """
    with write_transaction(db):
        plan = plan_import(db, plan.rows)
        if plan.count("error") and not skip_invalid:
            return ImportReport(plan)
        changed_ids, venue_ids = _write(db, plan)
        if gazetteer is not None and venue_ids:
            placed = geo.geocode_venues(db, gazetteer, venue_ids) or set()
            changed_ids = sorted(set(changed_ids) | placed)
        written = bool(changed_ids or venue_ids)
        if written:
            catalogue.bump_version(db)
    if index is not None and changed_ids:
        index.update(db, changed_ids)
    return ImportReport(plan, False, written, changed_ids, venue_ids)


def _write(db, plan: ImportPlan) -> tuple[list[int], list[int]]:
    """Write venues, then associations; returns (associations to reindex, venues written).

    Map areas are recomputed as catalogue.save_association does, for the
    written associations and for everything at a venue whose details changed.
    """
    venue_ids, changed_venues = _write_venues(db, plan.venues)
    written = []
    for result in plan.results:
        if result.kind == "association" and result.action in ("create", "update"):
            record = _resolved(result.record, venue_ids)
            written.append(catalogue.write_association(db, record, source="import"))
    affected = set(written)
    if changed_venues:
        affected |= geo.assign_venue_areas(db, changed_venues)
    if written:
        affected |= geo.assign_areas(db, written)
    return sorted(affected), changed_venues


def _write_venues(db, venues: dict[str, VenuePlan]) -> tuple[dict[str, int], list[int]]:
    ids, changed = {}, []
    for key, venue in venues.items():
        if venue.changes:
            merged = {**(venue.current or {}), **venue.changes}
            merged.setdefault("name", venue.name)
            ids[key] = catalogue.save_venue(db, merged)
            changed.append(ids[key])
        else:
            ids[key] = venue.venue_id
    return ids, changed


def _resolved(record: dict, venue_ids: dict[str, int]) -> dict:
    """A record for catalogue: venue keys replaced by the ids the venues now have."""
    record = dict(record)
    refs = record.pop("venue_refs", None)
    if refs is not None:
        record["venue_ids"] = [venue_ids[r] if isinstance(r, str) else r for r in refs]
    if "activities" in record:
        record["activities"] = [
            {**activity, "venue_id": venue_ids.get(activity.get("venue_key"))}
            for activity in record["activities"]
        ]
    return record


def import_file(
    db, path, *, dry_run=False, skip_invalid=False, index=None, gazetteer=None
) -> ImportReport:
    """Read, plan and (unless dry_run) apply an import; raises ImportFailed for unreadable files."""
    plan = plan_import(db, read_rows(path))
    if dry_run:
        return ImportReport(plan, dry_run=True)
    return apply_import(db, plan, index=index, skip_invalid=skip_invalid, gazetteer=gazetteer)


# Export ------------------------------------------------------------------------------


def _yes_no(value) -> str:
    return "ja" if value else "nej"


def _number(value) -> str:
    return "" if value is None else repr(float(value))


def export_row(association: dict) -> dict[str, str]:
    """One association (as catalogue.get_association returns it) as spreadsheet cells."""
    venues = association["venues"]
    main = venues[0] if venues else {}
    row = {column: str(association.get(column) or "") for column in COLUMNS}
    row.update(
        categories="; ".join(category["label"] for category in association["categories"]),
        activities=format_activities(association["activities"]),
        venue=main.get("name", ""),
        address=main.get("address", ""),
        postcode=main.get("postcode", ""),
        city=main.get("city", ""),
        latitude=_number(main.get("latitude")),
        longitude=_number(main.get("longitude")),
        other_venues="; ".join(venue["name"] for venue in venues[1:]),
        target_groups="; ".join(TARGET_GROUPS.get(c, c) for c in association["target_groups"]),
        languages="; ".join(LANGUAGES.get(c, c) for c in association["languages"]),
        status=STATUSES.get(association["status"], association["status"]),
    )
    row.update({column: _yes_no(association[column]) for column in BOOLEAN_COLUMNS})
    return row


def venue_row(venue: dict) -> dict[str, str]:
    """A venue on a row of its own: only the venue columns filled."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {column: str(venue[field_name] or "") for column, field_name in VENUE_FIELDS.items()}
    )
    row.update(latitude=_number(venue["latitude"]), longitude=_number(venue["longitude"]))
    return row


def export_rows(db) -> list[dict[str, str]]:
    """Every association (closed ones too) by name, then the venues no row describes.

    A venue is described by a row when it is that association's main venue;
    the others (used only in other_venues or activities, or not at all) get
    a venue row at the end, so their details survive a round trip.
    """
    ids = [
        row[0] for row in db.execute(
            "SELECT id FROM associations ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
    ]  # fmt: skip
    associations = [catalogue.get_association_by_id(db, i) for i in ids]
    described = {a["venues"][0]["id"] for a in associations if a["venues"]}
    venues = db.query("SELECT * FROM venues ORDER BY name COLLATE NOCASE, id")
    return [export_row(association) for association in associations] + [
        venue_row(venue) for venue in venues if venue["id"] not in described
    ]


def export_file(db, path) -> int:
    """Write the catalogue to .csv (UTF-8 with BOM, ';') or .xlsx; returns the association count.

    The file is written next to its destination and moved into place, so a
    failed export never leaves half a file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportFailed(f"{path.name}: kan kun eksportere til .csv eller .xlsx")
    rows = export_rows(db)
    try:
        handle, temporary = tempfile.mkstemp(suffix=suffix, dir=path.parent or None)
        os.close(handle)
        try:
            (_write_csv if suffix == ".csv" else _write_xlsx)(Path(temporary), rows)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as error:
        raise ExportFailed(f"kan ikke skrive {path}: {error.strerror or error}") from None
    return sum(1 for row in rows if row["name"])


# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_neutralised(value: str) -> str:
    """A CSV cell that Excel shows as text: "'" before a cell that would be a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def formula_restored(value: str) -> str:
    """Undo formula_neutralised on import, so export then import is a round trip."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _write_csv(path: Path, rows: list[dict[str, str]]):
    # A BOM and ";" are what Danish Excel needs to open the file with æøå and columns intact.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(
            {column: formula_neutralised(value) for column, value in row.items()} for row in rows
        )


def _write_xlsx(path: Path, rows: list[dict[str, str]]):
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Foreninger"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row[column]) for column in COLUMNS])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            # Text, always: "=..." stays text, and Excel keeps "0800" and phone numbers as typed.
            cell.data_type, cell.number_format = "s", "@"
    sheet.freeze_panes = "A2"
    workbook.save(path)
