"""Editing associations in the editors' workspace."""

from flask import Blueprint

bp = Blueprint("editing", __name__)


def init_app(app):
    app.register_blueprint(bp)
