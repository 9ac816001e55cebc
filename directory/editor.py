"""The editors' workspace at /redaktion: the dashboard and its navigation.

Each part of the workspace (entries, suggestions, the update round, data
quality, users) is its own blueprint module; this one holds the start page.
"""

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from .auth import editor_required

bp = Blueprint("editor", __name__, url_prefix="/redaktion")


@bp.get("/")
@editor_required
def dashboard():
    return render_template("editor/dashboard.html")


def add_menu_item(app, endpoint: str, label: str, admin_only: bool = False):
    """Each workspace section adds itself to the editors' navigation."""
    app.extensions.setdefault("directory.editor_menu", []).append((endpoint, label, admin_only))


def editor_menu() -> list[tuple[str, str]]:
    """The sections the current user may open."""
    is_admin = getattr(current_user, "is_admin", False)
    return [
        (endpoint, label)
        for endpoint, label, admin_only in current_app.extensions.get("directory.editor_menu", [])
        if is_admin or not admin_only
    ]


def init_app(app):
    app.jinja_env.globals["editor_menu"] = editor_menu
    app.register_blueprint(bp)
