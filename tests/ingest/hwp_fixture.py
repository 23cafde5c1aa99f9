"""HWP 5 files built in memory for tests: a minimal OLE2 compound file (olefile reads but cannot write them).

Every stream is padded to at least 4096 bytes so it lives in the regular FAT and no mini stream is needed;
the HWP reader ignores what follows a section's deflate stream or a FileHeader's first 256 bytes.
"""

from __future__ import annotations

import struct
import zlib

_SECTOR = 512
_MINI_CUTOFF = 4096
_END, _FREE, _FAT_SECTOR, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_ROOT, _STORAGE, _STREAM = 5, 1, 2
_PARA_HEADER, _PARA_TEXT = 66, 67


def _padded(data: bytes) -> bytes:
    data = data.ljust(_MINI_CUTOFF, b"\0")
    return data.ljust(-(-len(data) // _SECTOR) * _SECTOR, b"\0")


def _entry(name: str, kind: int, left=_NONE, right=_NONE, child=_NONE, start=_END, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, left, right, child, b"", 0, 0, 0,
                       start, size)


def _tree(ids: list[int], names: dict[int, str], links: dict[int, list[int]]) -> int:
    """A balanced binary tree of sibling entries, ordered as the format wants (length, then name)."""
    if not ids:
        return _NONE
    ids = sorted(ids, key=lambda i: (len(names[i]), names[i].upper()))
    middle = len(ids) // 2
    links[ids[middle]][0] = _tree(ids[:middle], names, links)
    links[ids[middle]][1] = _tree(ids[middle + 1 :], names, links)
    return ids[middle]


def compound_file(streams: dict[str, bytes]) -> bytes:
    """``{"FileHeader": …, "BodyText/Section0": …}`` → the bytes of an OLE2 file holding those streams."""
    names, kinds, parents = {0: "Root Entry"}, {0: _ROOT}, {0: None}
    storages: dict[str, int] = {}
    for path in streams:
        *folders, leaf = path.split("/")
        parent = 0
        for folder in folders:
            if folder not in storages:
                storages[folder] = len(names)
                names[storages[folder]], kinds[storages[folder]], parents[storages[folder]] = folder, _STORAGE, parent
            parent = storages[folder]
        index = len(names)
        names[index], kinds[index], parents[index] = leaf, _STREAM, parent
    ids_of_path = dict(zip(streams, [i for i in names if kinds[i] == _STREAM], strict=True))
    links = {i: [_NONE, _NONE, _NONE] for i in names}  # left, right, child
    for parent in [i for i in names if kinds[i] != _STREAM]:
        links[parent][2] = _tree([i for i in names if parents[i] == parent], names, links)

    body, fat, starts = b"", [], {}
    for path, data in streams.items():
        data = _padded(data)
        first, count = len(fat), len(data) // _SECTOR
        fat += [first + n + 1 for n in range(count - 1)] + [_END]
        starts[ids_of_path[path]] = (first, len(data))
        body += data
    directory = b"".join(
        _entry(names[i], kinds[i], *links[i], *(starts.get(i, (_END, 0)))) for i in sorted(names)
    )
    directory = directory.ljust(-(-len(directory) // _SECTOR) * _SECTOR, b"\0")
    dir_start, dir_count = len(fat), len(directory) // _SECTOR
    fat += [dir_start + n + 1 for n in range(dir_count - 1)] + [_END]
    fat_count = -(-(len(fat) + 1) // 127)  # each FAT sector maps 128 sectors, itself among them
    fat_start = len(fat)
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * 128 - len(fat))
    assert fat_count <= 109, "fixture too large for a header-only DIFAT"
    difat = [fat_start + n for n in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII109I", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"", 0x3E, 3, 0xFFFE,
                         9, 6, b"", 0, fat_count, dir_start, 0, _MINI_CUTOFF, _END, 0, _END, 0, *difat)
    return header + body + directory + struct.pack(f"<{len(fat)}I", *fat)


def _record(tag: int, level: int, body: bytes) -> bytes:
    if len(body) >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(body)) + body
    return struct.pack("<I", tag | level << 10 | len(body) << 20) + body


def section(paragraphs: list[str]) -> bytes:
    """Uncompressed records of a BodyText section: one top-level paragraph per string."""
    records = b""
    for text in paragraphs:
        records += _record(_PARA_HEADER, 0, b"\0" * 22)
        records += _record(_PARA_TEXT, 1, (text + "\r").encode("utf-16-le"))
    return records


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def file_header(compressed: bool = True) -> bytes:
    return b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05000300, int(compressed))


def hwp_file(sections: list[bytes], compressed: bool = True) -> bytes:
    """An HWP document whose BodyText holds these section streams (already deflated when compressed)."""
    streams = {"FileHeader": file_header(compressed)}
    streams |= {f"BodyText/Section{n}": data for n, data in enumerate(sections)}
    return compound_file(streams)


def zero_bomb(megabytes: int) -> bytes:
    """A deflate stream of that many MiB of zero bytes, built without holding them in memory (~1 KB per MiB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
