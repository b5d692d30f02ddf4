"""A minimal OLE compound file (CFB version 3) written from named streams, for the upload tests: the
real structure Word, Excel and Outlook files have, so the checks are tried against what a parser reads.
Every stream is padded to the 4096-byte cut-off, so all live in ordinary sectors (no mini stream)."""

import math
import struct

SECTOR = 512
FREE, END, FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _entry(name: str, kind: int, start: int = END, size: int = 0, child: int = FREE, right: int = FREE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1) + struct.pack("<III", FREE, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """The bytes of a compound file whose root holds these streams (names as a parser lists them)."""
    padded = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    entries = 1 + len(padded)
    dir_sectors = math.ceil(entries * 128 / SECTOR)
    data_sectors = [math.ceil(len(d) / SECTOR) for d in padded.values()]
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + dir_sectors + sum(data_sectors):
        fat_sectors += 1
    fat = [FAT] * fat_sectors
    chain = lambda n: [len(fat) + i + 1 for i in range(n - 1)] + [END]  # noqa: E731
    dir_start = len(fat)
    fat += chain(dir_sectors)
    starts = []
    for n in data_sectors:
        starts.append(len(fat))
        fat += chain(n)
    fat += [FREE] * (fat_sectors * 128 - len(fat))
    names = list(padded)
    directory = _entry("Root Entry", 5, child=1 if names else FREE)
    for i, name in enumerate(names):
        directory += _entry(name, 2, start=starts[i], size=len(padded[name]), right=i + 2 if i + 1 < len(names) else FREE)
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, 4096, END, 0, END, 0) + struct.pack("<109I", *difat))
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(d.ljust(n * SECTOR, b"\0") for d, n in zip(padded.values(), data_sectors, strict=True))
    return header + body
