"""E-mail of one-time password links, when SMTP is configured (MEDVIRK_SMTP_*); without it the
links are printed as before.

Sending talks to another server and may take seconds or fail, so callers send after their write
transaction has committed, never inside it: a failure then costs nothing but the e-mail, and the
link shown on the page still works.
"""

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.admin.forms import N_
from app.i18n.catalogs import translations

ADDRESS = re.compile(r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


class MailSettings(BaseSettings):
    """Where and how to send: MEDVIRK_SMTP_HOST/PORT/USER/PASSWORD/FROM/STARTTLS/TIMEOUT."""

    model_config = SettingsConfigDict(env_prefix="MEDVIRK_SMTP_", env_file=".env", extra="ignore")

    host: str = ""
    port: int = Field(default=587, ge=1, le=65535)
    user: str = ""
    password: str = ""
    sender: str = Field(default="", validation_alias="MEDVIRK_SMTP_FROM")
    starttls: bool = True
    timeout: float = 15.0


class MailError(Exception):
    """The link could not be e-mailed; the message is a msgid for staff."""


def settings() -> MailSettings:
    """Read afresh each time: the few pages that send are rare, and tests start their own server."""
    return MailSettings()


def enabled() -> bool:
    """Whether one-time links may be e-mailed (an SMTP host and a sender are set)."""
    found = settings()
    return bool(found.host and found.sender)


def valid_address(address: str) -> bool:
    """A plausible single e-mail address (the server has the last word)."""
    return len(address) <= 254 and ADDRESS.match(address) is not None


BAD_ADDRESS = N_("Write one e-mail address, such as name@kommune.no, or leave it empty to print the link.")


def wanted(raw: str) -> str | None:
    """The address a form asks a link to be e-mailed to: '' for none (or no SMTP), None when the
    text is not one address."""
    address = raw.strip()
    if not address or not enabled():
        return ""
    return address if valid_address(address) else None


def deliver(address: str, username: str, link: str, purpose: str, lang: str) -> tuple[str, str | None]:
    """Send the link if there is an address: (the address it went to or '', the msgid of a failure)."""
    if not address:
        return "", None
    try:
        send_link(address, username, link, purpose, lang)
    except MailError as error:
        return "", str(error)
    return address, None


def send_link(address: str, username: str, link: str, purpose: str, lang: str) -> None:
    """E-mail a one-time link to set a password; raises MailError when it cannot be sent."""
    config = settings()
    _ = translations(lang).gettext
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = address
    message["Message-ID"] = make_msgid(domain=config.sender.rpartition("@")[2] or None)
    if purpose == "reset":
        message["Subject"] = _("A new password for Medvirk")
        first = _("Someone at your municipality asked for a new password for your Medvirk user %(name)s.")
    else:
        message["Subject"] = _("Your Medvirk user")
        first = _("You have a new Medvirk user: %(name)s.")
    message.set_content(
        "\n\n".join(
            [
                first % {"name": username},
                _("Open this link to set your password. It works once and stops working after "
                  "7 days (a reset link after 24 hours):"),
                link,
                _("If you did not expect this e-mail, ignore it."),
            ]
        )
        + "\n"
    )
    try:
        with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.user:
                smtp.login(config.user, config.password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(
            N_("The e-mail could not be sent. Print the link below or send it another safe way.")
        ) from error
