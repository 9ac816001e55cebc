"""Sending plain-text e-mail over SMTP.

Settings come from the app's config (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM). MAIL_USE_TLS upgrades the
connection with STARTTLS; a username logs in after that. Recipients'
addresses are personal data: nothing here logs them.
"""

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

SMTP_TIMEOUT = 30


class MailError(Exception):
    """The mail server could not be reached or refused the message."""


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    use_tls: bool
    username: str
    password: str
    sender: str


def settings_from(config) -> MailSettings:
    """The mail settings of a Flask config (or any mapping with the same keys)."""
    return MailSettings(
        server=config["MAIL_SERVER"],
        port=int(config["MAIL_PORT"]),
        use_tls=bool(config["MAIL_USE_TLS"]),
        username=config["MAIL_USERNAME"],
        password=config["MAIL_PASSWORD"],
        sender=config["MAIL_FROM"],
    )


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body)  # utf-8, quoted-printable or base64 as needed
    return message


class Connection:
    """One open SMTP session; send() may be called many times."""

    def __init__(self, smtp: smtplib.SMTP, sender: str):
        self._smtp = smtp
        self._sender = sender

    def send(self, to: str, subject: str, body: str):
        """Hand one message to the server; MailError if it is refused."""
        try:
            self._smtp.send_message(build_message(self._sender, to, subject, body))
        except (smtplib.SMTPException, OSError, ValueError) as error:
            # ValueError: a header (address or subject) that cannot be written.
            # The exception text can quote the address; only its type is passed on.
            kind = type(error).__name__
            raise MailError(f"the mail server refused the message ({kind})") from None


@contextlib.contextmanager
def connect(settings: MailSettings):
    """An SMTP session for sending several messages: `with connect(s) as c: c.send(…)`."""
    try:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=SMTP_TIMEOUT)
    except OSError as error:
        raise MailError(
            f"cannot reach the mail server {settings.server}:{settings.port} "
            f"({type(error).__name__})"
        ) from None
    try:
        _start_session(smtp, settings)
        yield Connection(smtp, settings.sender)
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()


def _start_session(smtp: smtplib.SMTP, settings: MailSettings):
    try:
        if settings.use_tls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"the mail server refused the session ({type(error).__name__})") from None


def send(settings: MailSettings, to: str, subject: str, body: str):
    """Send a single message."""
    with connect(settings) as connection:
        connection.send(to, subject, body)
