"""The neighbourhood catalogue of associations: a Flask application."""

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the application; reads configuration only, touches no files."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    from . import (
        api,
        area_views,
        auth,
        backup,
        cli,
        db,
        editing,
        editor,
        errors,
        feeds,
        health,
        hsds_views,
        i18n,
        logs,
        maps,
        place_views,
        print_views,
        public,
        quality_views,
        round_views,
        search,
        security,
        suggestion_views,
        synonym_views,
        translations_content,
        user_views,
        web,
    )  # fmt: skip

    data_dir = Path(os.environ.get("DIRECTORY_DATA", "instance")).resolve()
    app.config.from_mapping(
        SECRET_KEY="dev",
        DATA_DIR=str(data_dir),
        SITE_NAME="Foreningsguiden Aalborg Øst",
        PAGE_SIZE=20,
        MAX_QUERY_LENGTH=200,
        # Basemap tiles are the only thing a page loads from another host; "" turns them off.
        MAP_TILE_URL=maps.DEFAULT_TILE_URL,
        MAP_TILE_ATTRIBUTION=maps.DEFAULT_TILE_ATTRIBUTION,
        # Request size limits: the largest upload (an editor's GeoJSON area or spreadsheet)
        # is a few MB; a form field is text (Flask 3.1's limits, stated here to be seen).
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=500_000,
        MAX_FORM_PARTS=1_000,
        # Number of reverse proxies in front (X-Forwarded-For/-Proto trusted); 0: none.
        PROXY_FIX=0,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        # Rate limits are kept in memory per process unless a shared store is given.
        RATELIMIT_STORAGE_URI="memory://",
        # Outgoing mail for the update round.
        MAIL_SERVER="localhost",
        MAIL_PORT=25,
        MAIL_USE_TLS=False,
        MAIL_USERNAME="",
        MAIL_PASSWORD="",
        MAIL_FROM="Kvarterværkstedet <kvartervaerkstedet@localhost>",
        # The public address used in links sent by e-mail and printed letters.
        PUBLIC_URL="http://127.0.0.1:5000",
        # The neighbourhood office on the printed catalogue's back cover ("" leaves a line out).
        OFFICE_NAME="Kvarterværkstedet",
        OFFICE_ADDRESS="",
        OFFICE_PHONE="",
        OFFICE_EMAIL="",
        OFFICE_WEBSITE="",
        # The region of the catalogue's addresses; Open Referral (HSDS) requires one.
        REGION="Region Nordjylland",
        # Logs: JSON lines on stderr ("text" for plain lines); never personal data.
        LOG_LEVEL="INFO",
        LOG_FORMAT="json",
    )
    if test_config is None:
        app.config.from_prefixed_env("DIRECTORY")
    else:
        app.config.from_mapping(test_config)

    logs.init_app(app)
    db.init_app(app)
    search.init_app(app)
    web.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    public.init_app(app)
    api.init_app(app)
    maps.init_app(app)
    auth.init_app(app)
    editor.init_app(app)
    editing.init_app(app)
    place_views.init_app(app)
    area_views.init_app(app)
    suggestion_views.init_app(app)
    round_views.init_app(app)
    quality_views.init_app(app)
    synonym_views.init_app(app)
    translations_content.init_app(app)
    user_views.init_app(app)
    print_views.init_app(app)
    feeds.init_app(app)
    hsds_views.init_app(app)
    health.init_app(app)
    backup.init_app(app)
    cli.init_app(app)
    return app
