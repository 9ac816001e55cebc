"""Public suggestion forms and the editors' queue."""

from flask import Blueprint

bp = Blueprint("suggest", __name__)


def init_app(app):
    app.register_blueprint(bp)
