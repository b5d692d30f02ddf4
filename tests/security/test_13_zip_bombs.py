"""Item 13: a zip-based upload is measured by the bytes it really unpacks to, not what it declares."""

import io
import struct
import zipfile

import pytest

from opencsc.exchange.ofsted_providers import read_provider_lists
from opencsc.returns.formats.safe_xml import Refused


def lying_xlsx(real_bytes: int) -> bytes:
    """A workbook whose sheet really unpacks to ``real_bytes`` but says it is 100 bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * real_bytes)
    data = bytearray(out.getvalue())
    # Rewrite the sheet's uncompressed size in its local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            name = data[at + (30 if signature == b"PK\x03\x04" else 46):][:name_length]
            if name == b"xl/worksheets/sheet1.xml":
                struct.pack_into("<I", data, at + offset, 100)
            start = at + 4
    return bytes(data)


def test_a_workbook_that_lies_about_its_unpacked_size_is_refused_by_what_it_really_unpacks_to():
    with pytest.raises(Refused) as refused:
        read_provider_lists([("lists.xlsx", lying_xlsx(210 * 1024 * 1024))])
    assert "unpacks to more than" in str(refused.value)
