"""Editing venues and categories in the editors' workspace."""

from flask import Blueprint

bp = Blueprint("places", __name__)


def init_app(app):
    app.register_blueprint(bp)
