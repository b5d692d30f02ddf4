"""Reading a CIN census XML file safely: a plain refusal for anything that is not one."""

from __future__ import annotations

from lxml import etree

from .safe_xml import MAX_BYTES, Refused, declares_entities, safe_parser


def read(data: bytes):
    if len(data) > MAX_BYTES:
        raise Refused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it or ask an administrator.")
    if declares_entities(data):
        raise Refused("The file declares a document type or entities, which a census file never needs. "
                      "It was refused to keep the system safe; export it again from the source system.")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise Refused(f"The file is not readable XML ({error.msg}, line {error.lineno}). "
                      "Check it is the CIN census file and not, for example, a spreadsheet.") from None
    if root.tag != "Message" or root.find("Children") is None:
        raise Refused("This is XML but not a CIN census file: it has no <Message> with <Children>.")
    return root
