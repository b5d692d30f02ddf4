"""Zip-based uploads (xlsx today; docx and bundles later) measured by what they really unpack to.

A zip's sizes are the sender's word: an archive can say a part is 100 bytes and inflate to
gigabytes. Before any reader (openpyxl, a DOCTYPE scan) opens a part, every part is inflated here
in small steps, counting the bytes that come out, and the archive is refused as soon as the count
passes the limit, whatever the headers say.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

LOCAL_HEADER = struct.Struct("<4s5H3I2H")
STEP = 1 << 20  # inflate a megabyte at a time


class TooLarge(ValueError):
    pass


class NotAZip(ValueError):
    pass


def _inflated_size(raw: bytes, method: int, room: int) -> int:
    """How many bytes this part really inflates to, counting no further than ``room`` + 1."""
    if method == zipfile.ZIP_STORED:
        return len(raw)
    if method != zipfile.ZIP_DEFLATED:
        raise NotAZip(f"compression method {method} is not used by office files")
    inflater, total, pending = zlib.decompressobj(-zlib.MAX_WBITS), 0, raw
    while pending and total <= room:
        total += len(inflater.decompress(pending, STEP))
        pending = inflater.unconsumed_tail
    if total <= room:
        total += len(inflater.flush())
    return total


def open_checked(data: bytes, max_unpacked: int) -> zipfile.ZipFile:
    """The archive, once its parts have been inflated and counted; ``TooLarge`` past the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except zipfile.BadZipFile as error:
        raise NotAZip(str(error)) from None
    total = 0
    for part in parts:
        header = data[part.header_offset:part.header_offset + LOCAL_HEADER.size]
        if len(header) < LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise NotAZip(f"{part.filename}: no local header where the directory says")
        name_length, extra_length = LOCAL_HEADER.unpack(header)[-2:]
        start = part.header_offset + LOCAL_HEADER.size + name_length + extra_length
        raw = data[start:start + part.compress_size]
        try:
            total += _inflated_size(raw, part.compress_type, max_unpacked - total)
        except zlib.error as error:
            raise NotAZip(f"{part.filename}: {error}") from None
        if total > max_unpacked:
            raise TooLarge(part.filename)
    return archive
