"""The data-quality dashboard and data-subject requests."""

from flask import Blueprint

bp = Blueprint("quality", __name__)


def init_app(app):
    app.register_blueprint(bp)
