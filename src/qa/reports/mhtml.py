"""Web archives (`.mht`, `.mhtml`, what Chrome and Edge save as "single file"): the page inside, read as a web page.

An MHTML file is a MIME message (RFC 2557); its first text/html part is the page, usually
quoted-printable, with the charset in the part's header. The stdlib's email parser unpacks it.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from qa.models import SkipReason
from qa.reports.document import Document, UnreadableReport
from qa.reports.web import read_web_page


def read_web_archive(data: bytes) -> Document:
    """The archived page's article, as read_web_page reads a saved page; UnreadableReport without one."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    page = _html_part(message) if isinstance(message, EmailMessage) else None
    if page is None:
        raise UnreadableReport(SkipReason.CORRUPT, "not a web archive: no HTML page inside")
    payload = page.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise UnreadableReport(SkipReason.NO_TEXT, "the web archive's page is empty")
    charset = page.get_content_charset()
    if charset:
        try:
            # Re-encoded as UTF-8 with a matching meta tag, so the page reader needs no hint.
            text = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            payload = ('<meta charset="utf-8">' + text).encode("utf-8")
    return read_web_page(payload)


def _html_part(message: EmailMessage) -> EmailMessage | None:
    for part in message.walk():
        if isinstance(part, EmailMessage) and part.get_content_type() == "text/html":
            return part
    return None
