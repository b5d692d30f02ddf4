"""What an uploaded file really is, decided from its bytes, never from its name.

Accepted: PDF, Word (.docx, and .doc without macros), images (PNG, JPEG, GIF, WebP), email (.eml and
Outlook .msg). Refused: anything else, and in particular SVG and HTML (they run script in a
browser), macro-enabled Office files, and zip-based files that unpack to more than the limit
(``opencsc.safe_zip`` counts the bytes each part really inflates to). Each is judged by its structure,
case-blind: an email by its parsed parts, a zip by its parts and what they declare, a compound file
(old Word, Outlook) by the streams olefile lists. No virus scan yet
(docs/operations.md says where one plugs in: ``scan`` below).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from typing import NoReturn

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError

from opencsc import safe_zip

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EMAIL_HEADER = re.compile(rb"^(Received|Return-Path|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|X-[\w-]+):", re.I | re.M)
_MARKUP = re.compile(rb"<\s*(svg|html|!doctype|script|body|head|\?xml)", re.I)


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    label: str


PDF = Sniffed("application/pdf", "pdf", "PDF")
DOCX = Sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word document")
DOC = Sniffed("application/msword", "doc", "Word document (older format)")
MSG = Sniffed("application/vnd.ms-outlook", "msg", "Outlook email")
EML = Sniffed("message/rfc822", "eml", "Email")
IMAGES = {b"\x89PNG\r\n\x1a\n": Sniffed("image/png", "png", "PNG image"), b"\xff\xd8\xff": Sniffed("image/jpeg", "jpg", "JPEG image"),
          b"GIF87a": Sniffed("image/gif", "gif", "GIF image"), b"GIF89a": Sniffed("image/gif", "gif", "GIF image")}

ACCEPTED = "PDF, Word (.docx or .doc), an image (PNG, JPEG, GIF, WebP) or an email (.eml or .msg)"


def _refuse(why: str) -> NoReturn:
    raise ValidationError({"file": f"{why}. Upload {ACCEPTED}."})


def sniff(data: bytes) -> Sniffed:
    """What the file is, from its bytes; a ValidationError (on ``file``) says why it is refused."""
    if not data:
        _refuse("The file is empty")
    if len(data) > settings.DOCUMENT_MAX_BYTES:
        _refuse(f"The file is larger than {settings.DOCUMENT_MAX_BYTES // (1 << 20)} MB")
    head = data[:1024]
    if head.startswith(b"%PDF-"):
        return PDF
    for magic, kind in IMAGES.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "webp", "WebP image")
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(data)
    if head.startswith(OLE):
        return _compound_file(data)
    if _MARKUP.search(head.lstrip()[:200]):
        _refuse("The file is a web page or SVG image, which can run script")
    if len(_EMAIL_HEADER.findall(head)) >= 2 and b"\n\n" in data.replace(b"\r\n", b"\n")[:65536]:
        return _email(data)
    _refuse("The file is not a kind that can be attached")
    raise AssertionError  # unreachable: _refuse raises


def _office_zip(data: bytes) -> Sniffed:
    try:
        archive = safe_zip.open_checked(data, settings.DOCUMENT_MAX_UNPACKED_BYTES)
    except safe_zip.TooLarge:
        _refuse(f"The file unpacks to more than {settings.DOCUMENT_MAX_UNPACKED_BYTES // (1 << 20)} MB")
    except safe_zip.NotAZip:
        _refuse("The file is damaged (it is not a whole zip-based Office file)")
    names = set(archive.namelist())
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        _refuse("The Word file contains macros, which can run code (save it as .docx without macros)")
    content_types = (archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b"").lower()
    if b"macroenabled" in content_types:
        _refuse("The Word file is macro-enabled, which can run code (save it as .docx without macros)")
    # A macro part keeps its type whatever it is called: declared in the content types or a relationship,
    # or a part that is itself a compound file holding a VBA project.
    declares_macros = b"vbaproject" in content_types or any(
        b"vbaproject" in archive.read(name).lower() for name in names if name.lower().endswith(".rels"))
    if declares_macros or any(_holds_macros(archive.read(name)) for name in names
                              if archive.open(name).read(len(OLE)) == OLE):
        _refuse("The Word file contains macros, which can run code (save it as .docx without macros)")
    if "word/document.xml" in names:
        return DOCX
    _refuse("The zip file is not a Word document")
    raise AssertionError


# Where a VBA project or Word macros live in a compound file; stream and storage names are case-blind.
MACRO_STREAMS = frozenset({"vba", "_vba_project", "_vba_project_cur", "macros"})
NOT_ACCEPTED_OFFICE = frozenset({"workbook", "book", "powerpoint document", "visio document"})


def _streams(data: bytes) -> list[list[str]]:
    """Every stream's and storage's path in a compound file, in lower case; refused if it cannot be read."""
    try:
        with olefile.OleFileIO(data) as ole:
            return [[part.lower() for part in path] for path in ole.listdir(streams=True, storages=True)]
    except Exception:  # olefile raises several kinds for a damaged file; all mean the same here
        _refuse("The file is damaged (it is not a whole Office file)")
        raise AssertionError from None


def _holds_macros(data: bytes) -> bool:
    return any(part in MACRO_STREAMS for path in _streams(data) for part in path)


def _compound_file(data: bytes) -> Sniffed:
    """An old Word document or an Outlook email, told by the streams at its root (not by a name
    appearing somewhere in its bytes: an Excel workbook can hold the words "WordDocument")."""
    paths = _streams(data)
    if any(part in MACRO_STREAMS for path in paths for part in path):
        _refuse("The Word file contains macros, which can run code")
    root = {path[0] for path in paths if len(path) == 1}
    if not root & NOT_ACCEPTED_OFFICE:
        if "__properties_version1.0" in root and any(name.startswith("__substg1.0_") for name in root):
            return MSG
        if "worddocument" in root:
            return DOC
    _refuse("The file is an Office file of a kind not accepted (only Word documents and Outlook emails)")
    raise AssertionError


_SCRIPTABLE = re.compile(rb"<\s*(script|html|body|svg|iframe|object|embed|!doctype|\?xml)\b", re.I)
_WEB_PAGE_EMAIL = ("The email's body is a web page, which can run script (forward it as plain text, or save it from "
                   "Outlook as .msg or as a PDF)")


def _email(data: bytes) -> Sniffed:
    """An email, from its parsed parts: one whose only body is HTML, or whose text hides a web page
    anywhere in it (not only in its first bytes), is refused."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    types = [part.get_content_type() for part in message.walk()]
    if "text/html" in types and "text/plain" not in types:
        _refuse(_WEB_PAGE_EMAIL)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            body = part.get_payload(decode=True)
            if isinstance(body, bytes) and _SCRIPTABLE.search(body):
                _refuse(_WEB_PAGE_EMAIL)
    return EML


def scan(data: bytes) -> None:
    """Where a virus scanner would be called (ClamAV's clamd, or the storage provider's). None yet."""
