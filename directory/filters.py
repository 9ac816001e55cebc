"""Turning query-string parameters into a search Query.

The public pages use Danish parameter names, the API English ones; both
go through `parse_query`, so a filter means the same thing everywhere.
"""

from flask_babel import gettext

from .search import Query
from .vocabulary import N_, WEEKDAYS

PUBLIC_NAMES = {
    "text": "q", "category": "kategori", "target": "maalgruppe", "weekday": "dag",
    "age": "alder", "area": "omraade", "page": "side",
}  # fmt: skip
API_NAMES = {
    "text": "q", "category": "category", "target": "target", "weekday": "weekday",
    "age": "age", "area": "area", "page": "page", "per_page": "per_page",
}  # fmt: skip
MAX_PAGE = 10_000
MAX_PER_PAGE = 100
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "aa"})


class BadParameter(Exception):
    """A query-string parameter has a value we cannot use."""


def parse_weekday(value: str) -> int:
    """'tirsdag', 'Tirsdag', 'tir', 'lordag' or '1' -> 1 (0 = Monday)."""
    text = value.strip().casefold()
    # Not "²" (isdigit, but int() refuses) nor 5,000 digits (int() refuses those too).
    if text.isascii() and text.isdigit() and len(text) <= 2 and int(text) < 7:
        return int(text)
    if len(text) >= 3:  # 'to' could be tirsdag or torsdag
        for number, name in enumerate(WEEKDAYS):
            if name.translate(_FOLD).startswith(text.translate(_FOLD)):
                return number
    raise BadParameter(gettext("ukendt ugedag: %(value)s", value=repr(value[:40])))


def parse_int(value: str, low: int, high: int, what: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise BadParameter(gettext("%(what)s skal være et tal", what=gettext(what))) from None
    if not low <= number <= high:
        raise BadParameter(gettext("%(what)s skal være mellem %(low)s og %(high)s",
                                   what=gettext(what), low=low, high=high))
    return number


_PARSERS = {
    "weekday": parse_weekday,
    "age": lambda v: parse_int(v, 0, 120, N_("alder")),
    "page": lambda v: parse_int(v, 1, MAX_PAGE, N_("side")),
    "per_page": lambda v: parse_int(v, 1, MAX_PER_PAGE, "per_page"),
}


def parse_query(args, names: dict, per_page: int = 20) -> tuple[Query, dict[str, str]]:
    """A Query from request args, and the problems found (parameter -> message).

    A parameter with a bad value is left out of the query, so a page can
    still show results while an API reports the problem.
    """
    query, problems = Query(per_page=per_page), {}
    for field, name in names.items():
        value = args.get(name, "")
        if not value.strip():
            continue
        try:
            parsed = _PARSERS.get(field, str.strip)(value)
        except BadParameter as error:
            problems[name] = str(error)
            continue
        setattr(query, field, parsed)
    return query, problems
