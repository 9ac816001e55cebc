"""What every page's templates share: filters, globals and the demo banner."""

import re
import sqlite3

from flask import current_app, g, request, url_for
from markupsafe import Markup, escape

from . import schedule, vocabulary
from .catalogue import is_demo, public_contact
from .db import get_db
from .i18n import translated


def tel_href(phone: str) -> str:
    """'+45 12 34 56 78' -> 'tel:+4512345678' (digits and a leading plus only)."""
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}"


def paragraphs(text: str) -> Markup:
    """Plain text with blank lines between paragraphs, as escaped <p> elements."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.splitlines()))
        for b in blocks
    )


def url_with(**changes) -> str:
    """The current page's URL with some query parameters changed (None removes one).

    Changing a filter goes back to the first page of results.
    """
    args = request.args.to_dict()
    if "side" not in changes:
        args.pop("side", None)
    for key, value in changes.items():
        if value in (None, ""):
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def demo_banner() -> dict:
    if "is_demo" not in g:
        try:
            g.is_demo = is_demo(get_db())
        except sqlite3.Error:
            # Error pages must render even when the database is unusable.
            g.is_demo = False
    return {"demo_loaded": g.is_demo}


def init_app(app):
    app.jinja_env.filters.update(
        tel_href=tel_href,
        paragraphs=paragraphs,
        weekday_list=schedule.weekday_list,
        time_range=schedule.time_range,
        age_range=schedule.age_range,
        when=schedule.when,
        season=schedule.season,
        public_contact=public_contact,
        target_label=lambda code: translated(vocabulary.TARGET_GROUPS.get(code, code)),
        language_label=lambda code: translated(vocabulary.LANGUAGES.get(code, code)),
    )
    app.jinja_env.globals.update(
        url_with=url_with,
        vocabulary=vocabulary,
        site_name=lambda: current_app.config["SITE_NAME"],
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(demo_banner)
