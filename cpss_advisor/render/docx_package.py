"""A Word document's package (a zip of XML parts) made byte-stable: the same parts give the same bytes.

python-docx writes each part with the time of writing as its zip entry's date; `normalised` rewrites the package
with every entry dated 1980-01-01 (the earliest a zip can hold), the same compression and attributes on every
platform, in the order python-docx wrote them.
"""

from __future__ import annotations

import io
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)


def normalised(data: bytes) -> bytes:
    """The package `data` with fixed entry dates, compression and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename), compresslevel=6)
    return out.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    """The package's parts by name (for tests and comparisons)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}
