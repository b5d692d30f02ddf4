"""Second attack report, item 15: an upload is judged by its real structure (an email's parsed parts,
a zip's parts and what they declare, an OLE file's streams), case-blind — never by a substring or the
first 200 bytes."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from opencsc.recording import uploads
from tests.security.ole import compound_file

HEADERS = b"From: a.worker@school.example\r\nTo: duty@la.example\r\nSubject: Concern\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n"


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


VBA = compound_file({"VBA": b"Attribute VB_Name", "_VBA_PROJECT": b"\xcc\x61", "dir": b"x"})
MACRO_PART_RENAMED = zipped({
    "[Content_Types].xml": b'<Types><Default Extension="xml" ContentType="application/xml"/>'
                           b'<Override PartName="/word/settings2.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    "word/document.xml": b"<w:document/>",
    "word/_rels/document.xml.rels": b'<Relationships><Relationship Id="rId9" '
                                    b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="settings2.bin"/></Relationships>',
    "word/settings2.bin": VBA,
})
AN_OLE_PART_WITH_MACROS = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                                  "word/media/image1.bin": VBA})


@pytest.mark.parametrize("data,why", [
    (HEADERS + b"Content-Type: text/html\r\n\r\n<p>Please see below</p><img src=x onerror=alert(1)>", "web page"),
    (HEADERS + b"X-Padding: " + b"a" * 220 + b"\r\n\r\n<p>Hello</p><script>alert(1)</script>", "web page"),
    (HEADERS + b"\r\n" + b"Dear duty team, " * 20 + b"<html><body><script>alert(1)</script></body></html>", "web page"),
], ids=["an HTML body", "HTML after headers past 200 bytes", "HTML after plain text"])
def test_an_email_whose_body_is_a_web_page_is_refused(data, why):
    with pytest.raises(ValidationError) as refused:
        uploads.sniff(data)
    assert why in str(refused.value)


def test_an_ordinary_email_with_a_plain_text_and_an_html_alternative_is_accepted():
    mail = (HEADERS + b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n'
            b"--b1\r\nContent-Type: text/plain\r\n\r\nDear duty team, Sam was upset today.\r\n"
            b"--b1\r\nContent-Type: text/html\r\n\r\n<p>Dear duty team, Sam was upset today.</p>\r\n--b1--\r\n")
    assert uploads.sniff(mail) == uploads.EML


@pytest.mark.parametrize("data", [MACRO_PART_RENAMED, AN_OLE_PART_WITH_MACROS], ids=["declared by its type", "an OLE part holding VBA"])
def test_a_docx_with_its_macro_part_renamed_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        uploads.sniff(data)
    assert "macros" in str(refused.value)


@pytest.mark.parametrize("name", ["_vba_project", "Macros", "MACROS", "vba"])
def test_an_old_word_file_naming_its_macros_in_any_case_is_refused(name):
    data = compound_file({"WordDocument": b"\xec\xa5", "1Table": b"t", name: b"code"})
    with pytest.raises(ValidationError) as refused:
        uploads.sniff(data)
    assert "macros" in str(refused.value)


def test_an_excel_workbook_served_as_a_word_file_is_refused():
    data = compound_file({"Workbook": b"\x09\x08" + "WordDocument".encode("utf-16-le"), "SummaryInformation": b"s"})
    with pytest.raises(ValidationError) as refused:
        uploads.sniff(data)
    assert "not accepted" in str(refused.value)


def test_a_real_old_word_file_and_an_outlook_email_are_accepted():
    assert uploads.sniff(compound_file({"WordDocument": b"\xec\xa5", "1Table": b"t"})) == uploads.DOC
    assert uploads.sniff(compound_file({"__properties_version1.0": b"p", "__substg1.0_0037001F": "Hi".encode("utf-16-le")})) == uploads.MSG
