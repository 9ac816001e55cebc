"""The annual update round: editors' pages and the associations' secret links."""

from flask import Blueprint

bp = Blueprint("rounds", __name__)


def init_app(app):
    app.register_blueprint(bp)
