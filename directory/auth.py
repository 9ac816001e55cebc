"""Editor accounts: login, logout, roles, CSRF and rate limits.

Flask-Login keeps the session, Flask-WTF protects every form against CSRF,
Flask-Limiter slows down password guessing; passwords are hashed with
werkzeug's scrypt.
"""

import functools
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import CSRFProtect, FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from . import validation
from .db import get_db
from .vocabulary import N_

bp = Blueprint("auth", __name__, url_prefix="/redaktion")
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
ROLES = {"editor": N_("Redaktør"), "admin": N_("Administrator")}
MIN_PASSWORD_LENGTH = 12


class UserExists(Exception):
    """An account with that e-mail address exists already."""


class BadPassword(Exception):
    """The password is too weak to be accepted."""


class User(UserMixin):
    def __init__(self, row: dict):
        self.id = row["id"]
        self.email = row["email"]
        self.name = row["name"] or row["email"]
        self.role = row["role"]
        self.active = bool(row["active"])

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_password(password: str):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadPassword(f"Adgangskoden skal være mindst {MIN_PASSWORD_LENGTH} tegn.")


def create_user(db, email: str, password: str, name: str = "", role: str = "editor") -> int:
    """Add an account; raises validation.Invalid, BadPassword or UserExists."""
    email = validation.email(email)
    check_password(password)
    if role not in ROLES:
        raise validation.Invalid(f"Ukendt rolle: {role}")
    if db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
        raise UserExists(f"Der findes allerede en bruger med {email}.")
    return db["users"].insert(
        {"email": email, "name": name.strip(), "role": role, "active": 1, "created_at": _now(),
         "password_hash": generate_password_hash(password)}  # fmt: skip
    ).last_pk


def set_password(db, user_id: int, password: str):
    check_password(password)
    db["users"].update(user_id, {"password_hash": generate_password_hash(password)})


def authenticate(db, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same answer for both)."""
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [email.strip()]))
    if not rows or not check_password_hash(rows[0]["password_hash"], password):
        return None
    user = User(rows[0])
    return user if user.is_active else None


def get_user(db, user_id: int) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return User(rows[0]) if rows else None


@login_manager.user_loader
def load_user(user_id: str):
    try:
        return get_user(get_db(), int(user_id))
    except ValueError:
        return None


@login_manager.unauthorized_handler
def unauthorized():
    """Pages send anonymous visitors to the login; API calls get a 401."""
    if _wants_json():
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _wants_json() -> bool:
    return "/api/" in request.path or request.accept_mimetypes.best == "application/json"


def editor_required(view):
    """Any logged-in editor or admin."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    """Only admins; other editors get 403."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirects)."""
    return validation.local_path(target) or url_for("editor.dashboard")


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Skriv din e-mail."))])
    password = PasswordField(_l("Adgangskode"),
                             validators=[DataRequired(_l("Skriv din adgangskode."))])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_db()
        user = authenticate(db, form.email.data, form.password.data)
        if user:
            login_user(user)
            db["users"].update(user.id, {"last_login_at": _now()})
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("Forkert e-mail eller adgangskode.")
    return render_template("editor/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
def logout():
    logout_user()
    flash(gettext("Du er logget ud."))
    return redirect(url_for("public.index"))


class SessionInterface(SecureCookieSessionInterface):
    """Session cookies are Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def init_app(app):
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    login_manager.login_message = "Log ind for at se den side."
    csrf.init_app(app)
    limiter.init_app(app)
    app.register_blueprint(bp)
