"""What recognition produces: the report mapped onto its template."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..document import Locator
from ..templates import Template


@dataclass
class CellValue:
    """One template cell as read from the report.

    ``state``: number, blank, dash (``- — / 无``), invalid (text that is not a
    number) or unattributable (the row's values could not be assigned to
    columns; the value must not be used).
    """

    table: str
    row: str
    col: str
    raw: str
    state: str
    value: Decimal | None
    unit: str = ""
    header_unit: str = ""
    locator: Locator = field(default_factory=Locator)
    doc_row_label: str = ""

    @property
    def usable(self) -> bool:
        return self.value is not None and self.state != "unattributable"


@dataclass
class Issue:
    """A structural fact recognition noticed (checks turn these into findings).

    kind: unattributable_row, ambiguous_columns, extra_row, extra_column,
    missing_row, missing_column, row_label_typo, column_label_typo.
    ``readings`` (ambiguous_columns): (value number, column by the header,
    column by position) where the two disagree.
    """

    kind: str
    table: str
    row: str = ""
    col: str = ""
    doc_label: str = ""
    expected_label: str = ""
    count: int | None = None
    expected_count: int | None = None
    locator: Locator = field(default_factory=Locator)
    readings: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class HeadingHit:
    """A paragraph recognised as one of the six section headings."""

    key: str  # s1 … s6
    text: str  # as written
    expected: str  # template heading
    match: str  # exact | variant | typo
    similarity: float
    paragraph: int
    locator: Locator = field(default_factory=Locator)


@dataclass
class Recognition:
    """The report mapped onto its template: format version, title, year and agency, section headings,
    the template cells read and the structural issues noticed."""

    template: Template | None
    version: str | None
    version_votes: dict[str, int] = field(default_factory=dict)
    mixed_versions: bool = False
    title: str = ""
    year: int | None = None
    year_source: str = ""
    agency: str = ""
    headings: list[HeadingHit] = field(default_factory=list)
    cells: dict[tuple[str, str, str], CellValue] = field(default_factory=dict)
    tables_found: dict[str, list[int]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    # tables whose cells ran together in the source (flattened text): names of T2/T3/T4
    flattened_tables: list[str] = field(default_factory=list)
    # for each heading key, the index of the first paragraph after it (section bodies)
    section_paragraphs: dict[str, list[int]] = field(default_factory=dict)
    # the sections found under other numbers (recognize.sections.Outline), if the report numbers its own way
    outline: object = None

    def value(self, table: str, row: str, col: str) -> CellValue | None:
        return self.cells.get((table, row, col))

    def section_text(self, key: str, paragraphs) -> str:
        return "\n".join(paragraphs[i].text for i in self.section_paragraphs.get(key, []))
