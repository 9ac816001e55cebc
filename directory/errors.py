"""Friendly error pages in Danish; JSON errors under /api."""

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Forkert forespørgsel", "Siden kunne ikke forstå forespørgslen."),
    404: ("Siden findes ikke", "Vi kunne ikke finde den side, du leder efter."),
    405: ("Ikke tilladt", "Den handling er ikke tilladt her."),
    401: ("Log ind", "Du skal være logget ind for at se den side."),
    403: ("Ingen adgang", "Du har ikke adgang til den side."),
    413: ("For stor", "Det, du sendte, er for stort."),
    429: ("For mange forsøg", "Vent lidt, og prøv så igen."),
    500: ("Noget gik galt", "Der skete en fejl hos os. Prøv igen om lidt."),
}


def handle_http_error(error: HTTPException):
    code = error.code or 500
    title, text = MESSAGES.get(code, (error.name, error.description))
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
