"""Friendly error pages in Danish; JSON errors under /api."""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, InternalServerError

from .vocabulary import N_

MESSAGES = {
    400: (N_("Forkert forespørgsel"), N_("Siden kunne ikke forstå forespørgslen.")),
    404: (N_("Siden findes ikke"), N_("Vi kunne ikke finde den side, du leder efter.")),
    405: (N_("Ikke tilladt"), N_("Den handling er ikke tilladt her.")),
    401: (N_("Log ind"), N_("Du skal være logget ind for at se den side.")),
    403: (N_("Ingen adgang"), N_("Du har ikke adgang til den side.")),
    413: (N_("For stor"), N_("Det, du sendte, er for stort til at blive modtaget: en fil må højst "
                        "fylde {file_mb} MB. Prøv med en mindre fil eller en kortere tekst.")),
    429: (N_("For mange forsøg"), N_("Vent lidt, og prøv så igen.")),
    500: (N_("Noget gik galt"), N_("Der skete en fejl hos os. Prøv igen om lidt.")),
}


def handle_http_error(error: HTTPException):
    code = error.code or 500
    title, text = (gettext(t) for t in MESSAGES.get(code, (error.name, error.description)))
    if code == 413:
        text = text.format(file_mb=(current_app.config["MAX_CONTENT_LENGTH"] or 0) // 2**20)
    if request.path.startswith("/api/"):
        return jsonify({"error": error.name.lower().replace(" ", "_"), "message": title}), code
    return render_template("error.html", code=code, title=title, text=text), code


def handle_unexpected(error: Exception):
    """Log the traceback for the operator; the visitor gets a calm page."""
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
