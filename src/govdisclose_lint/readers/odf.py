"""OpenDocument text (.odt): the package is checked here, then LibreOffice converts it (:mod:`.convert`).

LibreOffice "repairs" a damaged package into whatever it can salvage, which would then be checked
as the whole report.  So a package that is not a valid ZIP, lacks ``content.xml``, has a member
whose data fails its CRC, or whose ``content.xml`` is not well-formed XML is E001 ``corrupt_odt``
(a corrupt file, not an unsupported type); the size limits of DOCX packages apply (E005).
"""

from __future__ import annotations

import zipfile

import lxml.etree as etree

from ..document import Document, ReadError
from .docx import check_zip

CONTENT = "content.xml"
CHUNK = 1 << 20


def check_package(path: str) -> None:
    """Raise :class:`ReadError` unless ``path`` is a whole ODF package with a readable ``content.xml``."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError("E001", "corrupt_odt", reason=f"not a valid ZIP package ({exc})"[:200]) from None
    with zf:
        if CONTENT not in zf.namelist():
            raise ReadError("E001", "corrupt_odt", reason=f"no {CONTENT}")
        infos = check_zip(zf, CONTENT, "corrupt_odt")
        content = b""
        for info in infos.values():
            try:
                with zf.open(info) as fh:  # reading to the end checks the CRC
                    while chunk := fh.read(CHUNK):
                        if info.filename == CONTENT:
                            content += chunk
            except Exception as exc:  # bad CRC, truncated member, zlib.error, encrypted member, …
                raise ReadError("E001", "corrupt_odt",
                                reason=f"{info.filename}: {exc or type(exc).__name__}"[:200]) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        etree.fromstring(content, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError("E001", "corrupt_odt", reason=f"{CONTENT}: {exc}"[:200]) from None


def read(path: str) -> Document:
    check_package(path)
    from .convert import read as convert

    return convert(path)
