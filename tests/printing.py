"""Print the corpus's web reports to PDF the two ways they reach auditors.

* **Chromium** (headless, A4, default margins, no header/footer):
  ``chromium --headless --print-to-pdf=OUT --no-pdf-header-footer file:///…``.
* **LibreOffice**: the HTML opened by Writer, saved as DOCX, the DOCX exported as PDF
  (one ``soffice`` call per step for all files).

Used by tests/test_printed_pdfs.py; run directly to print somewhere:
``python tests/printing.py OUTDIR`` (writes ``chromium/`` and ``libreoffice/`` there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.crossformat import convert, soffice

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str | None:
    return next((p for name in CHROMIUM_NAMES if (p := shutil.which(name))), None)


def print_chromium(html: Path, pdf: Path) -> Path:
    """One HTML page printed by headless Chromium (fresh profile, nothing fetched in the background)."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        html.resolve().as_uri()], capture_output=True, timeout=180, check=False)
    if not pdf.exists():
        raise RuntimeError(f"chromium did not print {html.name}")
    return pdf


def print_libreoffice(htmls: list[Path], outdir: Path) -> list[Path]:
    """HTML → DOCX → PDF through LibreOffice, all files in one call per step."""
    outdir.mkdir(parents=True, exist_ok=True)
    docx = convert(htmls, "docx", outdir)
    return convert(docx, "pdf", outdir)


def mutate(html: Path, dest: Path, changes: list[tuple[str, str, str]]) -> Path:
    """Copy a report changing cells: for each (anchor, old, new) the first cell reading ``old``
    after the text ``anchor`` reads ``new``."""
    text = html.read_text(encoding="utf-8")
    for anchor, old, new in changes:
        start = text.index(anchor)
        m = re.compile(r">(\s*)" + re.escape(old) + r"(\s*)<").search(text, start)
        if m is None:
            raise ValueError(f"no cell {old!r} after {anchor!r} in {html.name}")
        text = text[:m.start()] + f">{m.group(1)}{new}{m.group(2)}<" + text[m.end():]
    dest.write_text(text, encoding="utf-8")
    return dest


if __name__ == "__main__":  # pragma: no cover - manual use
    out = Path(sys.argv[1])
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    pages = sorted(corpus.glob("*.html"))
    (out / "chromium").mkdir(parents=True, exist_ok=True)
    for page in pages:
        print(print_chromium(page, out / "chromium" / (page.stem + ".pdf")))
    print(*print_libreoffice(pages, out / "libreoffice"), sep="\n")
    if soffice() is None:
        print("LibreOffice not found")
