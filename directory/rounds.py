"""The annual update round: every association checks its own entry.

An editor opens a round with a deadline. Each active or paused association
gets a personal secret link (by e-mail, or in a printed letter) to a page
where it confirms its entry or proposes changes; proposals go to the
editors' queue as suggestions of kind "round".

The link is `PUBLIC_URL/opdater/<token>`, where the token is 32 random bytes
(secrets.token_urlsafe). Only its SHA-256 hash is stored, so the database
alone never gives anyone a working link. Because the token itself is not
kept, every e-mail, reminder or letter carries a freshly issued token and
the earlier one for that association stops working. A link works until the
round closes, and never later than GRACE_DAYS after the deadline.

When the round closes, entries that never answered get status no_answer,
are flagged for the print decision, and their contact person is hidden on
the public pages: publishing personal details needs consent, and consent
is reconfirmed each year by answering the round.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import segno

from . import catalogue, mail, suggestions, validation
from .db import write_transaction
from .vocabulary import CONTACT_FIELDS, FLAGS, N_

log = logging.getLogger(__name__)

STATUSES = {
    "not_sent": N_("Ikke sendt"),
    "sent": N_("Sendt"),
    "opened": N_("Åbnet"),
    "confirmed": N_("Bekræftet"),
    "changed": N_("Ændringer foreslået"),
    "no_answer": N_("Intet svar"),
}
UNANSWERED = ("not_sent", "sent", "opened")
ANSWERED = ("confirmed", "changed")
# Links keep working this long after the deadline (unless the round is closed
# first), so a late answer that arrives while the editors wrap up still counts.
GRACE_DAYS = 14
LINK_PATH = "/opdater/"
TOKEN_MAX_LENGTH = 100
PUBLIC_FLAGS = [f"contact_{field}_public" for field in CONTACT_FIELDS]
# What an association may propose to change through its link.
PROPOSAL_FIELDS = [
    "name", "short_description", "description", "website", "email", "phone",
    "target_groups", "languages",
    *[f"contact_{field}" for field in CONTACT_FIELDS], *PUBLIC_FLAGS,
    *FLAGS, "status",
]  # fmt: skip
BOOLEAN_FIELDS = {*PUBLIC_FLAGS, *FLAGS}
LIST_FIELDS = {"target_groups", "languages"}
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december"]  # fmt: skip
TIME_ZONE = ZoneInfo("Europe/Copenhagen")


class RoundNotFound(Exception):
    """No such update round."""


class RoundClosed(Exception):
    """The round is closed: nothing can be sent or answered any more."""


class RoundInvalid(Exception):
    """The round cannot be opened; args[0] is {field: Danish message}."""


class LinkNotFound(Exception):
    """No round entry has this token (mistyped, or replaced by a newer link)."""


class LinkExpired(Exception):
    """The link's round has closed, or its deadline and grace period have passed."""


class ProposalInvalid(Exception):
    """A proposed change cannot be used; args[0] is {field: Danish message}."""


class NothingProposed(Exception):
    """The proposal changes nothing and has no message."""


@dataclass(frozen=True)
class Settings:
    """What sending needs: where links point, who signs, who to contact, the mail server."""

    public_url: str
    site_name: str
    contact: str
    mail: mail.MailSettings


def settings_from(config) -> Settings:
    """Settings from the app config; ROUND_CONTACT (optional) says who answers questions."""
    sender = config["MAIL_FROM"]
    return Settings(
        public_url=config["PUBLIC_URL"].rstrip("/"),
        site_name=config["SITE_NAME"],
        contact=config.get("ROUND_CONTACT") or sender,
        mail=mail.settings_from(config),
    )


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    without_email: int = 0


@dataclass
class CloseReport:
    no_answer: int = 0
    hidden: int = 0


def today() -> date:
    return datetime.now(TIME_ZONE).date()


def danish_date(iso: str) -> str:
    """'2027-01-31' -> '31. januar 2027'."""
    day = date.fromisoformat(iso[:10])
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


# Tokens and links ---------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(settings: Settings, token: str) -> str:
    return f"{settings.public_url}{LINK_PATH}{token}"


def qr_svg(url: str) -> str:
    """The link as a QR code: inline SVG, sized by CSS (viewBox, no width/height)."""
    code = segno.make(url, error="m")
    return code.svg_inline(omitsize=True, svgclass="qr", lineclass=None,
                           title="QR-kode med linket")  # fmt: skip


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _store_token(db, round_id: int, association_id: int, token: str):
    """Make `token` the entry's link (call in a transaction); the previous one stops working."""
    db.execute(
        "UPDATE round_entries SET token_hash = ? WHERE round_id = ? AND association_id = ?",
        [hash_token(token), round_id, association_id],
    )


def link_expires(deadline: str) -> date:
    """The last day a link of a round works (unless the round is closed before)."""
    return date.fromisoformat(deadline) + timedelta(days=GRACE_DAYS)


def entry_for_token(db, token: str, on: date | None = None) -> dict:
    """The entry (with its round's name, deadline and status) a token opens.

    Raises LinkNotFound or LinkExpired.
    """
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise LinkNotFound
    rows = list(db.query(
        "SELECT e.*, r.name AS round_name, r.deadline, r.status AS round_status "
        "FROM round_entries e JOIN rounds r ON r.id = e.round_id WHERE e.token_hash = ?",
        [hash_token(token)],
    ))  # fmt: skip
    if not rows:
        raise LinkNotFound
    entry = rows[0]
    if entry["round_status"] == "closed" or (on or today()) > link_expires(entry["deadline"]):
        raise LinkExpired
    return entry


# Opening and reading rounds ------------------------------------------------------


def open_round(db, name: str, deadline: str, user_id: int | None = None,
               on: date | None = None) -> int:
    """Open a round for every active or paused association; returns its id.

    Raises RoundInvalid for a missing name, a bad or past deadline, or when
    another round is still open (one round at a time keeps the links clear).
    """
    name, deadline = _checked_round(db, name, deadline, on or today())
    with write_transaction(db):
        round_id = db["rounds"].insert({
            "name": name, "deadline": deadline, "status": "open", "created_by": user_id,
            "created_at": catalogue.now(),
        }).last_pk  # fmt: skip
        add_missing_entries(db, round_id)
    return round_id


def _checked_round(db, name: str, deadline: str, on: date) -> tuple[str, str]:
    errors = {}
    try:
        name = validation.name(name, "navn på runden")
    except validation.Invalid as error:
        errors["name"] = str(error)
    try:
        deadline = validation.day(deadline, "frist")
        if not deadline:
            errors["deadline"] = "frist mangler"
        elif deadline < on.isoformat():
            errors["deadline"] = f"fristen {danish_date(deadline)} er allerede overskredet"
    except validation.Invalid as error:
        errors["deadline"] = str(error)
    if open_rounds(db):
        errors["name"] = "der er allerede en åben opdateringsrunde; luk den først"
    if errors:
        raise RoundInvalid(errors)
    return name, deadline


def open_rounds(db) -> list[dict]:
    return list(db.query("SELECT * FROM rounds WHERE status = 'open' ORDER BY id"))


def add_missing_entries(db, round_id: int) -> int:
    """Add active or paused associations that are not in the round yet (call in a transaction).

    Each gets a placeholder token hash nobody holds, until a link is issued.
    """
    missing = [r[0] for r in db.execute(
        "SELECT id FROM associations WHERE status IN ('active', 'paused') AND id NOT IN "
        "(SELECT association_id FROM round_entries WHERE round_id = ?) ORDER BY id", [round_id],
    ).fetchall()]  # fmt: skip
    for association_id in missing:
        db.execute(
            "INSERT INTO round_entries (round_id, association_id, token_hash) VALUES (?, ?, ?)",
            [round_id, association_id, hash_token(new_token())],
        )
    return len(missing)


def get_round(db, round_id: int) -> dict:
    rows = list(db.query("SELECT * FROM rounds WHERE id = ?", [round_id]))
    if not rows:
        raise RoundNotFound(round_id)
    return rows[0]


def list_rounds(db) -> list[dict]:
    """Every round, newest first, with how many entries it has and how many answered."""
    return list(db.query(
        "SELECT r.*, count(e.association_id) AS total, "
        "coalesce(sum(e.status IN ('confirmed', 'changed')), 0) AS answered "
        "FROM rounds r LEFT JOIN round_entries e ON e.round_id = r.id "
        "GROUP BY r.id ORDER BY r.id DESC"
    ))  # fmt: skip


def status_counts(db, round_id: int) -> dict[str, int]:
    """Entries per status, every status present (0 when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in db.execute(
        "SELECT status, count(*) FROM round_entries WHERE round_id = ? GROUP BY status",
        [round_id],
    ).fetchall():
        counts[status] = n
    return counts


def progress(counts: dict[str, int]) -> dict:
    """How far the round is: answered out of total, and the percentage (rounded down)."""
    total = sum(counts.values())
    answered = sum(counts[status] for status in ANSWERED)
    return {"answered": answered, "total": total,
            "percent": answered * 100 // total if total else 0}  # fmt: skip


def entries(db, round_id: int, status: str = "") -> list[dict]:
    """The round's entries with their association's name and addresses, by name."""
    where, params = "e.round_id = ?", [round_id]
    if status:
        where, params = where + " AND e.status = ?", [*params, status]
    rows = db.query(
        "SELECT e.round_id, e.association_id, e.status, e.email AS sent_to, e.sent_at, "
        "e.opened_at, e.answered_at, e.reminders, e.last_reminded_at, a.name, a.slug, "
        "a.email, a.contact_email, a.contact_name, a.status AS association_status "
        f"FROM round_entries e JOIN associations a ON a.id = e.association_id WHERE {where} "
        "ORDER BY a.name COLLATE NOCASE",
        params,
    )
    return [{**row, "recipient": recipient(row)} for row in rows]


def recipient(association: dict) -> str:
    """Where the round's e-mail goes: the association's address, else its contact person's."""
    return (association.get("email") or association.get("contact_email") or "").strip()


def flagged_for_print(db) -> list[dict]:
    """Associations waiting for the editors' decision about the printed catalogue."""
    return list(db.query(
        "SELECT id, name, slug, status, include_in_print FROM associations "
        "WHERE needs_print_decision = 1 ORDER BY name COLLATE NOCASE"
    ))  # fmt: skip


def open_round_or_raise(db, round_id: int) -> dict:
    round_ = get_round(db, round_id)
    if round_["status"] != "open":
        raise RoundClosed(round_id)
    return round_


# Sending ---------------------------------------------------------------------------


def invitation_text(settings: Settings, round_: dict, entry: dict, url: str,
                    reminder: bool = False) -> tuple[str, str]:
    """(subject, body) of the round's e-mail: plain Danish text with the link."""
    deadline = danish_date(round_["deadline"])
    if reminder:
        subject = f"Påmindelse: Er oplysningerne om {entry['name']} stadig rigtige?"
        opening = ("Vi har endnu ikke hørt fra jer, så vi minder lige om det. Linket herunder "
                   "er nyt; brug det i stedet for linket i vores første e-mail.")  # fmt: skip
    else:
        subject = f"Er oplysningerne om {entry['name']} stadig rigtige? ({round_['name']})"
        opening = (f"Vi er ved at opdatere {settings.site_name} ({round_['name']}). "
                   "Vil I hjælpe os med at se jeres oplysninger igennem?")  # fmt: skip
    subject = " ".join(subject.split())  # a header must not contain a line break
    body = f"""Kære {entry['contact_name'] or entry['name']}

{opening}

Åbn dette link for at se, hvad vi har skrevet om {entry['name']}:

{url}

Hvis alt er rigtigt, trykker I på "Oplysningerne er korrekte". Hvis noget skal
ændres, kan I skrive det på samme side. Det kræver ingen konto eller adgangskode.

Svar gerne senest {deadline}.

Bemærk: Hvis I ikke svarer, skjuler vi kontaktpersonens navn, telefon og e-mail
på hjemmesiden, fordi vi kun må vise dem, når I har bekræftet det.

Linket er personligt for jeres forening; del det ikke med andre.

Har I spørgsmål, så kontakt os: {settings.contact}

Venlig hilsen
{settings.site_name}
"""
    return subject, body


def send_round(db, round_id: int, settings: Settings, association_id: int | None = None
               ) -> SendReport:
    """E-mail the link to every entry not sent yet (or to one association, again).

    Associations that joined the catalogue since the round opened are added
    first. Entries without any address are counted, for printed letters.
    Raises RoundClosed, or mail.MailError when the server cannot be reached.
    """
    round_ = open_round_or_raise(db, round_id)
    with write_transaction(db):
        add_missing_entries(db, round_id)
    if association_id is None:
        targets = [e for e in entries(db, round_id, "not_sent")
                   if e["association_status"] != "closed"]  # fmt: skip
    else:
        targets = [e for e in entries(db, round_id) if e["association_id"] == association_id]
    return _mail_all(db, round_, targets, settings, reminder=False)


def remind_round(db, round_id: int, settings: Settings) -> SendReport:
    """E-mail a reminder (with a new link) to every entry sent or opened but not answered."""
    round_ = open_round_or_raise(db, round_id)
    targets = [e for e in entries(db, round_id) if e["status"] in ("sent", "opened")]
    return _mail_all(db, round_, targets, settings, reminder=True)


def _mail_all(db, round_: dict, targets: list[dict], settings: Settings,
              reminder: bool) -> SendReport:
    report = SendReport(without_email=sum(1 for e in targets if not e["recipient"]))
    targets = [e for e in targets if e["recipient"]]
    if not targets:
        return report
    with mail.connect(settings.mail) as connection:
        for entry in targets:
            if _mail_one(db, connection, round_, entry, settings, reminder):
                report.sent += 1
            else:
                report.failed += 1
    log.info("round %s: %s %d e-mails, %d failed, %d without address", round_["id"],
             "reminded with" if reminder else "sent", report.sent, report.failed,
             report.without_email)  # fmt: skip
    return report


def _mail_one(db, connection, round_: dict, entry: dict, settings: Settings,
              reminder: bool) -> bool:
    # The new token replaces the old one only once the message is out: a failed
    # reminder must not break the link the association already has.
    token = new_token()
    subject, body = invitation_text(settings, round_, entry, link(settings, token), reminder)
    try:
        connection.send(entry["recipient"], subject, body)
    except mail.MailError as error:
        # Only the entry's id: the address is personal data.
        log.warning("round %s: mail for association %s failed: %s",
                    round_["id"], entry["association_id"], error)  # fmt: skip
        return False
    with write_transaction(db):
        _store_token(db, round_["id"], entry["association_id"], token)
        if reminder:
            _mark_reminded(db, round_["id"], entry["association_id"])
        else:
            _mark_sent(db, round_["id"], entry["association_id"], entry["recipient"])
    return True


def _mark_sent(db, round_id: int, association_id: int, address: str):
    """Record a sent link (call in a transaction); answered entries keep their status."""
    db.execute(
        "UPDATE round_entries SET email = ?, sent_at = ?, "
        "status = CASE status WHEN 'not_sent' THEN 'sent' ELSE status END "
        "WHERE round_id = ? AND association_id = ?",
        [address, catalogue.now(), round_id, association_id],
    )


def _mark_reminded(db, round_id: int, association_id: int):
    db.execute(
        "UPDATE round_entries SET reminders = reminders + 1, last_reminded_at = ? "
        "WHERE round_id = ? AND association_id = ?",
        [catalogue.now(), round_id, association_id],
    )


def letters(db, round_id: int, settings: Settings, association_id: int | None = None
            ) -> list[dict]:
    """Printable letters with fresh links: for one association, or for all without e-mail.

    "All" means every entry not sent yet that has no address. Each letter
    issues a new link (an earlier e-mail or letter to the same association
    stops working) and counts as sent.
    """
    open_round_or_raise(db, round_id)
    if association_id is None:
        with write_transaction(db):
            add_missing_entries(db, round_id)
        targets = [e for e in entries(db, round_id, "not_sent")
                   if not e["recipient"] and e["association_status"] != "closed"]  # fmt: skip
    else:
        targets = [e for e in entries(db, round_id) if e["association_id"] == association_id]
    made = []
    for entry in targets:
        token = new_token()
        with write_transaction(db):
            _store_token(db, round_id, entry["association_id"], token)
            _mark_sent(db, round_id, entry["association_id"], "")
        url = link(settings, token)
        made.append({**entry, "link": url, "qr_svg": qr_svg(url)})
    return made


# Answering ----------------------------------------------------------------------------


def mark_opened(db, entry: dict):
    """The first visit to the page marks the entry opened (answered ones stay answered)."""
    with write_transaction(db):
        db.execute(
            "UPDATE round_entries SET opened_at = CASE opened_at WHEN '' THEN ? "
            "ELSE opened_at END, status = CASE WHEN status IN ('not_sent', 'sent') "
            "THEN 'opened' ELSE status END WHERE round_id = ? AND association_id = ?",
            [catalogue.now(), entry["round_id"], entry["association_id"]],
        )


def _mark_answered(db, entry: dict, status: str):
    with write_transaction(db):
        db.execute(
            "UPDATE round_entries SET status = ?, answered_at = ?, "
            "opened_at = CASE opened_at WHEN '' THEN ? ELSE opened_at END "
            "WHERE round_id = ? AND association_id = ?",
            [status, catalogue.now(), catalogue.now(), entry["round_id"],
             entry["association_id"]],
        )  # fmt: skip


def confirm(db, token: str, index=None, on: date | None = None) -> dict:
    """The association says its entry is correct: last_verified is today.

    A contact person who stays published has thereby reconfirmed consent.
    Returns the entry; raises LinkNotFound or LinkExpired.
    """
    on = on or today()
    entry = entry_for_token(db, token, on)
    record = catalogue.association_record(db, entry["association_id"])
    update = {"id": record["id"], "last_verified": on.isoformat()}
    if any(record[flag] for flag in PUBLIC_FLAGS):
        update.update(consent_date=on.isoformat(), consent_source=entry["round_name"])
    catalogue.save_association(db, update, index,
                               source=f"opdateringsrunde: {entry['round_name']}: bekræftet")
    _mark_answered(db, entry, "confirmed")
    return entry


def propose(db, token: str, proposed: dict, message: str = "", submitter_name: str = "",
            submitter_email: str = "", on: date | None = None) -> int:
    """The association proposes changes: queued as a suggestion of kind "round".

    `proposed` holds PROPOSAL_FIELDS as typed (booleans for check boxes,
    lists for target groups and languages); only fields that differ from the
    entry are queued. Raises ProposalInvalid, NothingProposed, LinkNotFound,
    LinkExpired. Returns the suggestion's id.
    """
    on = on or today()
    entry = entry_for_token(db, token, on)
    record = catalogue.association_record(db, entry["association_id"])
    cleaned, errors = _cleaned_proposal(record, proposed, submitter_name, submitter_email)
    if errors:
        raise ProposalInvalid(errors)
    data = changed_fields(record, cleaned)
    message = validation.text(message)
    if not data and not message:
        raise NothingProposed
    if any(cleaned.get(flag, record[flag]) for flag in PUBLIC_FLAGS):
        # Keeping the contact person published in the answer is the yearly consent.
        data.update(consent_date=on.isoformat(), consent_source=entry["round_name"])
    suggestion_id = suggestions.submit(
        db, "round", data, association_id=record["id"], base_version=record["version"],
        source=f"opdateringsrunde: {entry['round_name']}", message=message,
        submitter_name=cleaned["submitter_name"], submitter_email=cleaned["submitter_email"],
    )  # fmt: skip
    _mark_answered(db, entry, "changed")
    return suggestion_id


def _cleaned_proposal(record: dict, proposed: dict, name: str, email: str
                      ) -> tuple[dict, dict]:
    fields = {field: proposed[field] for field in PROPOSAL_FIELDS if field in proposed}
    cleaned, errors = validation.clean_association({"name": record["name"], **fields})
    try:
        cleaned["submitter_name"] = validation.name(name, "dit navn")
    except validation.Invalid as error:
        errors["submitter_name"] = str(error)
    try:
        cleaned["submitter_email"] = validation.email(email, "din e-mail")
    except validation.Invalid as error:
        errors["submitter_email"] = str(error)
    return cleaned, errors


def changed_fields(record: dict, cleaned: dict) -> dict:
    """The proposal's values that differ from the record, in the record's form."""
    data = {}
    for field in PROPOSAL_FIELDS:
        if field not in cleaned:
            continue
        new, old = cleaned[field], record[field]
        if field in BOOLEAN_FIELDS:
            new, old = int(bool(new)), int(bool(old))
        if (sorted(new) != sorted(old)) if field in LIST_FIELDS else new != old:
            data[field] = new
    return data


# Closing ------------------------------------------------------------------------------


def close_round(db, round_id: int, index=None, user_id: int | None = None) -> CloseReport:
    """Close the round (any time, before or after the deadline).

    Entries that never answered get no_answer; their association is flagged
    for the print decision (unless it is closed), and its contact person is
    hidden on the public pages until consent is given again.
    """
    round_ = open_round_or_raise(db, round_id)
    report, hidden_ids = CloseReport(), []
    with write_transaction(db):
        for entry in [e for e in entries(db, round_id) if e["status"] in UNANSWERED]:
            report.no_answer += 1
            _give_up_on(db, round_, entry)
            if _hide_contact(db, round_, entry["association_id"], user_id):
                hidden_ids.append(entry["association_id"])
        if hidden_ids:
            catalogue.bump_version(db)
        db.execute("UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ?",
                   [catalogue.now(), round_id])  # fmt: skip
    if index is not None and hidden_ids:
        index.update(db, hidden_ids)
    report.hidden = len(hidden_ids)
    log.info("round %s closed: %d without answer, %d contact persons hidden",
             round_id, report.no_answer, report.hidden)  # fmt: skip
    return report


def _give_up_on(db, round_: dict, entry: dict):
    db.execute(
        "UPDATE round_entries SET status = 'no_answer' WHERE round_id = ? AND association_id = ?",
        [round_["id"], entry["association_id"]],
    )
    db.execute(
        "UPDATE associations SET needs_print_decision = 1 WHERE id = ? AND status != 'closed'",
        [entry["association_id"]],
    )


def _hide_contact(db, round_: dict, association_id: int, user_id: int | None) -> bool:
    """Unpublish the contact person's details (a revision naming the round); True if any were."""
    record = catalogue.association_record(db, association_id)
    if not any(record[flag] for flag in PUBLIC_FLAGS):
        return False
    # write_association is save_association's bulk form: one transaction for the
    # whole close. Contact fields do not move the entry, so its areas stay as they are.
    catalogue.write_association(
        db, {"id": association_id, **dict.fromkeys(PUBLIC_FLAGS, 0)}, user_id=user_id,
        source=f"kontaktperson skjult: ikke genbekræftet i {round_['name']}",
    )  # fmt: skip
    return True


def decide_print(db, association_id: int, include: bool, index=None,
                 user_id: int | None = None):
    """The editors' print decision for a flagged association; clears the flag."""
    if catalogue.association_record(db, association_id) is None:
        raise catalogue.NotFound(association_id)
    catalogue.save_association(
        db, {"id": association_id, "include_in_print": int(include)}, index, user_id=user_id,
        source="trykt udgave: afgjort efter opdateringsrunde",
    )  # fmt: skip
    with write_transaction(db):
        db.execute("UPDATE associations SET needs_print_decision = 0 WHERE id = ?",
                   [association_id])  # fmt: skip
