"""How good is the catalogue? Completeness, places, freshness and likely duplicates.

Each check is a plain function over the database that returns plain rows,
so the editors' dashboard and any later report read the same answers.
Closed associations are left out of completeness, places and freshness:
nobody is looking for them.
"""

import itertools
import re
from datetime import date
from difflib import SequenceMatcher

from . import geo, linkcheck
from .catalogue import slugify

# (key, Danish label, weight): what an entry should have, and how much it matters.
CHECKS = [
    ("short_description", "kort beskrivelse", 2),
    ("description", "beskrivelse", 1),
    ("category", "kategori", 2),
    ("activity", "aktiviteter", 2),
    ("contact", "kontaktvej (telefon, e-mail eller hjemmeside)", 2),
    ("target_group", "målgruppe", 1),
    ("venue", "mødested", 1),
    ("coordinates", "mødested med koordinater", 1),
]
TOTAL_WEIGHT = sum(weight for _, _, weight in CHECKS)
NAME_SIMILARITY = 0.85
WORD_SIMILARITY = 0.85
VERIFIED_MONTHS = 12


def _grouped(db, sql: str) -> dict[int, set]:
    grouped: dict[int, set] = {}
    for key, value in db.execute(sql).fetchall():
        grouped.setdefault(key, set()).add(value)
    return grouped


def _open_associations(db) -> list[dict]:
    return list(
        db.query("SELECT * FROM associations WHERE status != 'closed' ORDER BY name COLLATE NOCASE")
    )


def _venues_by_association(db) -> dict[int, set[int]]:
    """Where each association meets: its own venues and its activities' venues."""
    return _grouped(
        db,
        "SELECT association_id, venue_id FROM association_venues UNION "
        "SELECT association_id, venue_id FROM activities WHERE venue_id IS NOT NULL",
    )


def _placed_venue_ids(db) -> set[int]:
    return {
        venue["id"]
        for venue in db.query("SELECT id, latitude, longitude FROM venues")
        if geo.is_valid_point(venue["latitude"], venue["longitude"])
    }


def _facts(db) -> dict:
    """Everything completeness needs, read in a few bulk queries."""
    return {
        "categories": _grouped(
            db, "SELECT association_id, category_id FROM association_categories"
        ),
        "activities": _grouped(db, "SELECT association_id, id FROM activities"),
        "venues": _venues_by_association(db),
        "placed": _placed_venue_ids(db),
    }


def _present(association: dict, facts: dict) -> dict[str, bool]:
    """Which of CHECKS an association satisfies."""
    association_id = association["id"]
    venues = facts["venues"].get(association_id, set())
    return {
        "short_description": bool(association["short_description"].strip()),
        "description": bool(association["description"].strip()),
        "category": association_id in facts["categories"],
        "activity": association_id in facts["activities"],
        "contact": any(association[f].strip() for f in ("phone", "email", "website")),
        "target_group": association["target_groups"] not in ("", "[]"),
        "venue": bool(venues),
        "coordinates": bool(venues & facts["placed"]),
    }


def assess(association: dict, facts: dict) -> dict:
    """One association's score (0-100) and the Danish labels of what it lacks."""
    present = _present(association, facts)
    have = sum(weight for key, _, weight in CHECKS if present[key])
    return {
        "id": association["id"],
        "slug": association["slug"],
        "name": association["name"],
        "status": association["status"],
        "score": round(100 * have / TOTAL_WEIGHT),
        "missing": [label for key, label, _ in CHECKS if not present[key]],
    }


def completeness(db) -> list[dict]:
    """Every open association with its score and what it lacks, worst first."""
    facts = _facts(db)
    rated = [assess(association, facts) for association in _open_associations(db)]
    return sorted(rated, key=lambda entry: (entry["score"], entry["name"].casefold()))


def unplaced_associations(db) -> list[dict]:
    """Open associations that cannot be shown on the map, with the reason."""
    venues_of = _venues_by_association(db)
    placed = _placed_venue_ids(db)
    names = {row["id"]: row["name"] for row in db.query("SELECT id, name FROM venues")}
    found = []
    for association in _open_associations(db):
        venues = venues_of.get(association["id"], set())
        if venues & placed:
            continue
        if venues:
            listed = ", ".join(sorted(names[v] for v in venues))
            reason = f"mødested uden koordinater: {listed}"
        else:
            reason = "intet mødested"
        found.append(_brief(association, reason=reason))
    return found


def _brief(association: dict, **extra) -> dict:
    return {"id": association["id"], "slug": association["slug"],
            "name": association["name"], **extra}  # fmt: skip


def year_before(day: date) -> date:
    """The same date a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _verified_on(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def unverified(db, today: date | None = None) -> list[dict]:
    """Open associations not confirmed in the last 12 months: never confirmed first, then oldest."""
    cutoff = year_before(today or date.today())
    found = []
    for association in _open_associations(db):
        verified = _verified_on(association["last_verified"])
        if verified is None or verified < cutoff:
            found.append(_brief(association, last_verified=verified))
    return sorted(
        found,
        key=lambda e: (
            e["last_verified"] is not None,
            e["last_verified"] or date.min,
            e["name"].casefold(),
        ),
    )


# Likely duplicates -----------------------------------------------------------


def fold_name(name: str) -> str:
    """A name reduced for comparison: 'Børneklubben Ådalen!' -> 'boerneklubben aadalen'."""
    return slugify(name).replace("-", " ")


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _own_words_match(a: str, b: str) -> bool:
    """Every word only one name has is a near-spelling of a word only the other has.

    'Afdelingsbestyrelsen i Kildeparken' and '… i Sundparken' are alike letter
    by letter, yet name two places: a whole different word tells them apart.
    A name whose words all occur in the other (an added word) passes.
    """
    only_a, only_b = set(a.split()) - set(b.split()), set(b.split()) - set(a.split())
    if not only_a or not only_b:
        return True
    return all(any(_ratio(w, v) >= WORD_SIMILARITY for v in only_b) for w in only_a) and all(
        any(_ratio(w, v) >= WORD_SIMILARITY for v in only_a) for w in only_b
    )


def name_similarity(a: str, b: str, at_least: float = 0.0) -> float:
    """How alike two folded names are (0-1), also with their words sorted.

    Names that differ only in spacing count as equal; names with a word of
    their own each count as different (0). Pairs that cannot reach
    `at_least` are cut short by cheap upper bounds (the answer is then
    below it, but not exact).
    """
    if a.replace(" ", "") == b.replace(" ", ""):
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # Both bounds depend only on the letters, so they hold for the sorted words too.
    if matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least:
        return 0.0
    if not _own_words_match(a, b):
        return 0.0
    return max(matcher.ratio(), _ratio(_sorted_words(a), _sorted_words(b)))


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _website_key(url: str) -> str:
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().casefold())
    return url.removeprefix("www.").rstrip("/")


def _phone_key(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-8:]


SHARED_FIELDS = [
    ("website", _website_key, "samme hjemmeside"),
    ("phone", _phone_key, "samme telefonnummer"),
    ("email", lambda value: value.strip().casefold(), "samme e-mail"),
]


def _shared_contact_pairs(associations: list[dict]) -> dict[tuple[int, int], list[str]]:
    reasons: dict[tuple[int, int], list[str]] = {}
    for field, key_of, reason in SHARED_FIELDS:
        groups: dict[str, list[int]] = {}
        for association in associations:
            key = key_of(association[field]) if association[field].strip() else ""
            if key:
                groups.setdefault(key, []).append(association["id"])
        for ids in groups.values():
            for pair in itertools.combinations(sorted(ids), 2):
                reasons.setdefault(pair, []).append(reason)
    return reasons


def _similar_name_pairs(associations: list[dict], threshold: float):
    """Pairs of ids whose folded names are at least `threshold` alike, with the similarity.

    Names are compared shortest first against one matcher per longer name
    (SequenceMatcher caches what it learns about its second sequence), and
    a name far shorter than the other cannot reach the threshold at all.
    """
    folded = sorted(((len(n), n, a["id"]) for a in associations
                     for n in [fold_name(a["name"])]), reverse=True)  # fmt: skip
    matcher = SequenceMatcher(autojunk=False)
    for position, (length_b, name_b, id_b) in enumerate(folded):
        matcher.set_seq2(name_b)
        for length_a, name_a, id_a in folded[position + 1 :]:
            if 2 * length_a < threshold * (length_a + length_b):
                break  # every later name is shorter still
            matcher.set_seq1(name_a)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            similarity = name_similarity(name_a, name_b, threshold)
            if similarity >= threshold:
                yield tuple(sorted((id_a, id_b))), similarity


def duplicates(db, threshold: float = NAME_SIMILARITY) -> list[dict]:
    """Pairs of associations that may be the same one, each with the reasons.

    Reasons are a similar name (folded: case, æøå, accents and punctuation
    ignored; word order too) or a shared website, phone number or e-mail.
    Closed associations are included: a new entry may duplicate a closed one.
    """
    associations = list(db.query("SELECT * FROM associations ORDER BY id"))
    by_id = {a["id"]: a for a in associations}
    reasons = _shared_contact_pairs(associations)
    similarities = {}
    for pair, similarity in _similar_name_pairs(associations, threshold):
        similarities[pair] = similarity
        reasons.setdefault(pair, []).insert(0, f"lignende navn ({round(similarity * 100)} %)")
    pairs = [
        {"a": _brief(by_id[a], status=by_id[a]["status"]),
         "b": _brief(by_id[b], status=by_id[b]["status"]),
         "reasons": found, "similarity": similarities.get((a, b), 0.0)}
        for (a, b), found in reasons.items()
    ]  # fmt: skip
    return sorted(pairs, key=lambda p: (-len(p["reasons"]), -p["similarity"], p["a"]["name"]))


# The dashboard ---------------------------------------------------------------


def overview(db, today: date | None = None) -> dict:
    """Everything the data-quality dashboard shows."""
    rated = completeness(db)
    links = linkcheck.latest_results(db)
    return {
        "completeness": [entry for entry in rated if entry["score"] < 100],
        "complete_count": sum(entry["score"] == 100 for entry in rated),
        "open_count": len(rated),
        "average_score": round(sum(e["score"] for e in rated) / len(rated)) if rated else 100,
        "unplaced_venues": geo.unplaced_venues(db),
        "unplaced_associations": unplaced_associations(db),
        "unverified": unverified(db, today),
        "duplicates": duplicates(db),
        "links": links,
        "link_problems": [row for row in links if row["outcome"] != "ok"],
        "last_link_check": max((row["checked_at"] for row in links), default=""),
    }
