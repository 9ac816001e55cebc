"""Admins manage the editors' accounts."""

from flask import Blueprint

bp = Blueprint("users", __name__)


def init_app(app):
    app.register_blueprint(bp)
