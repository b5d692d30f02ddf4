"""What an uploaded file really is, decided from its bytes, never from its name.

Accepted: PDF, Word (.docx, and .doc without macros), images (PNG, JPEG, GIF, WebP), email (.eml and
Outlook .msg). Refused: anything else, and in particular SVG and HTML (they run script in a
browser), macro-enabled Office files, and zip-based files that unpack to more than the limit
(``opencsc.safe_zip`` counts the bytes each part really inflates to). No virus scan yet
(docs/operations.md says where one plugs in: ``scan`` below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _refuse(why: str):
    raise ValidationError({"file": f"{why}. Upload {ACCEPTED}."})


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


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
        # Compound files (old Word, Outlook .msg) name their streams in UTF-16; macros live in these.
        if _utf16("_VBA_PROJECT") in data or _utf16("Macros") in data:
            _refuse("The Word file contains macros, which can run code")
        if _utf16("__substg1.0_") in data:
            return MSG
        if _utf16("WordDocument") in data:
            return DOC
        _refuse("The file is an Office file of a kind not accepted (only Word documents and Outlook emails)")
    if _MARKUP.search(head.lstrip()[:200]):
        _refuse("The file is a web page or SVG image, which can run script")
    if len(_EMAIL_HEADER.findall(head)) >= 2 and b"\n\n" in data.replace(b"\r\n", b"\n")[:65536]:
        if _MARKUP.match(data.replace(b"\r\n", b"\n").split(b"\n\n", 1)[1].lstrip()[:50]):
            _refuse("The email's body is a bare web page")
        return EML
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
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if b"macroEnabled" in content_types:
        _refuse("The Word file is macro-enabled, which can run code (save it as .docx without macros)")
    if "word/document.xml" in names:
        return DOCX
    _refuse("The zip file is not a Word document")
    raise AssertionError


def scan(data: bytes) -> None:
    """Where a virus scanner would be called (ClamAV's clamd, or the storage provider's). None yet."""
