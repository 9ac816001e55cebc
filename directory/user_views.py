"""Admins manage the editors' accounts: create, change role, deactivate, reset password.

The rule that matters: there is always at least one active admin, so
nobody can lock the office out of its own user administration.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, ValidationError

from . import auth, editor, validation
from .auth import admin_required
from .db import get_db
from .i18n import lazy_labels, translated
from .vocabulary import N_

bp = Blueprint("users", __name__, url_prefix="/redaktion/brugere")
USER_COLUMNS = "id, email, name, role, active, created_at, last_login_at"
LAST_ADMIN_MESSAGE = (
    "Der skal være mindst én aktiv administrator. Giv en anden administratorrollen først."
)


class LastAdmin(Exception):
    """The change would leave no active admin."""


class UserNotFound(Exception):
    """No such account."""


# Operations ------------------------------------------------------------------


def all_users(db) -> list[dict]:
    """Every account (never the password hash): active first, then by name."""
    return list(
        db.query(
            f"SELECT {USER_COLUMNS} FROM users ORDER BY active DESC, "
            "coalesce(nullif(name, ''), email) COLLATE NOCASE"
        )  # fmt: skip
    )


def get_user(db, user_id: int) -> dict:
    rows = list(db.query(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", [user_id]))
    if not rows:
        raise UserNotFound(user_id)
    return rows[0]


def _check_admins_remain(db, user: dict):
    """Refuse to take away the last active admin (raises LastAdmin)."""
    if user["role"] != "admin" or not user["active"]:
        return
    others = db.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?",
        [user["id"]],
    ).fetchone()[0]
    if not others:
        raise LastAdmin(LAST_ADMIN_MESSAGE)


def set_role(db, user_id: int, role: str):
    """Make an account editor or admin; raises validation.Invalid, UserNotFound, LastAdmin."""
    if role not in auth.ROLES:
        raise validation.Invalid(f"Ukendt rolle: {role}")
    user = get_user(db, user_id)
    if role != "admin":
        _check_admins_remain(db, user)
    db["users"].update(user_id, {"role": role})


def set_active(db, user_id: int, active: bool):
    """Deactivate (cannot log in) or reactivate an account; raises UserNotFound, LastAdmin."""
    user = get_user(db, user_id)
    if not active:
        _check_admins_remain(db, user)
    db["users"].update(user_id, {"active": int(active)})


# Forms -----------------------------------------------------------------------

ROLE_CHOICES = [SelectChoice(role, label) for role, label in lazy_labels(auth.ROLES.items())]
ROLE_VALIDATOR = AnyOf(list(auth.ROLES), message=_l("Vælg en af rollerne."))
PASSWORD_VALIDATORS = [
    DataRequired(_l("Skriv en adgangskode.")),
    Length(min=auth.MIN_PASSWORD_LENGTH,
           message=f"Adgangskoden skal være mindst {auth.MIN_PASSWORD_LENGTH} tegn."),
]  # fmt: skip


def _valid_email(form, field):
    try:
        field.data = validation.email(field.data)
    except validation.Invalid as error:
        raise ValidationError(f"{str(error)[:1].upper()}{str(error)[1:]}.") from None


class NewUserForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv personens navn.")),
                                               Length(max=200, message=_l("Højst 200 tegn."))])
    email = EmailField(_l("E-mail"),
                       validators=[DataRequired(_l("Skriv personens e-mail.")), _valid_email])
    role = SelectField(_l("Rolle"), choices=ROLE_CHOICES, validate_choice=False,
                       validators=[ROLE_VALIDATOR])  # fmt: skip
    password = PasswordField(_l("Første adgangskode"), validators=PASSWORD_VALIDATORS)


class RoleForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=ROLE_CHOICES, validate_choice=False,
                       validators=[ROLE_VALIDATOR])  # fmt: skip


class PasswordForm(FlaskForm):
    password = PasswordField(_l("Ny adgangskode"), validators=PASSWORD_VALIDATORS)
    confirm = PasswordField(_l("Gentag den nye adgangskode"), validators=[
        DataRequired(_l("Skriv adgangskoden igen.")),
        EqualTo("password", message=_l("De to adgangskoder er ikke ens."))])  # fmt: skip


class ConfirmForm(FlaskForm):
    """No fields: only the CSRF token, for the activate/deactivate buttons."""


# Views -----------------------------------------------------------------------


def _user_or_404(user_id: int) -> dict:
    try:
        return get_user(get_db(), user_id)
    except UserNotFound:
        abort(404)


def _user_page(user: dict, role_form=None, password_form=None, error: str = "", status: int = 200):
    role_form = role_form or RoleForm(data={"role": user["role"]})
    return render_template(
        "editor/users/user.html", user=user, role_form=role_form,
        password_form=password_form or PasswordForm(), confirm_form=ConfirmForm(),
        roles=auth.ROLES, error=error,
    ), status  # fmt: skip


@bp.get("", strict_slashes=False)
@admin_required
def list_users():
    return render_template("editor/users/list.html", users=all_users(get_db()), roles=auth.ROLES)


@bp.route("/ny", methods=["GET", "POST"])
@admin_required
def create_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user_id = auth.create_user(get_db(), form.email.data, form.password.data,
                                       name=form.name.data, role=form.role.data)  # fmt: skip
        except (auth.UserExists, validation.Invalid) as error:
            form.email.errors.append(str(error))
        except auth.BadPassword as error:
            form.password.errors.append(str(error))
        else:
            flash(gettext("Brugeren %(name)s er oprettet.", name=form.name.data.strip()))
            return redirect(url_for("users.show_user", user_id=user_id))
    status = 400 if any(field.errors for field in form) else 200
    return render_template("editor/users/new.html", form=form), status


@bp.get("/<int:user_id>")
@admin_required
def show_user(user_id: int):
    return _user_page(_user_or_404(user_id))


@bp.post("/<int:user_id>/rolle")
@admin_required
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(user, role_form=form, status=400)
    try:
        set_role(get_db(), user_id, form.role.data)
    except LastAdmin as error:
        return _user_page(user, role_form=form, error=str(error), status=400)
    flash(gettext("%(email)s er nu %(role)s.",
        email=user['name'] or user['email'], role=translated(auth.ROLES[form.role.data]).lower()))
    return redirect(url_for("users.show_user", user_id=user_id))


def _change_active(user_id: int, active: bool, done: str):
    user = _user_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        set_active(get_db(), user_id, active)
    except LastAdmin as error:
        return _user_page(user, error=str(error), status=400)
    flash(gettext(done).format(name=user["name"] or user["email"]))
    return redirect(url_for("users.show_user", user_id=user_id))


@bp.post("/<int:user_id>/deaktiver")
@admin_required
def deactivate(user_id: int):
    return _change_active(user_id, False,
                          N_("{name} er deaktiveret og kan ikke længere logge ind."))


@bp.post("/<int:user_id>/aktiver")
@admin_required
def reactivate(user_id: int):
    return _change_active(user_id, True, N_("{name} er aktiv igen og kan logge ind."))


@bp.post("/<int:user_id>/adgangskode")
@admin_required
def reset_password(user_id: int):
    user = _user_or_404(user_id)
    form = PasswordForm()
    if not form.validate_on_submit():
        return _user_page(user, password_form=form, status=400)
    auth.set_password(get_db(), user_id, form.password.data)
    flash(gettext("Adgangskoden for %(email)s er skiftet.", email=user['name'] or user['email']))
    return redirect(url_for("users.show_user", user_id=user_id))


def init_app(app):
    editor.add_menu_item(app, "users.list_users", _l("Brugere"), admin_only=True)
    app.register_blueprint(bp)
