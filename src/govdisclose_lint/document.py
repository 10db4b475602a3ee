"""The document model every reader produces and everything downstream reads.

A reader turns a file into a :class:`Document`: a title, paragraphs in reading
order (each with a :class:`Locator`), and tables as rectangular grids of
:class:`Cell`.  Spans are resolved: a cell merged over several grid positions
appears at each of them, and every copy points at its *origin* position, so a
number merged over two rows is never counted twice.  Nothing downstream knows
which file type the document came from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Locator:
    """Where something sits in the source file.

    ``page`` is 1-based and set for PDF; ``table``/``row``/``col`` are 0-based
    indexes into the document's tables; ``paragraph`` is the 0-based index into
    :attr:`Document.paragraphs`; ``line`` is 1-based for text files.
    """

    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    paragraph: int | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Cell:
    """One grid position of a table.

    ``text`` is the cell text with internal line breaks kept as ``\\n``.
    ``origin`` is the (row, col) of the top-left position of the merged cell
    this position belongs to; for an unmerged cell it is ``(row, col)``.
    """

    text: str
    row: int
    col: int
    origin: tuple[int, int]
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None

    @property
    def is_origin(self) -> bool:
        return self.origin == (self.row, self.col)


@dataclass
class Table:
    """A rectangular grid of cells (``rows`` × ``ncols``).

    ``spans_known`` is False for tables read from plain text, where merged
    cells collapse to one tab-separated field and grid columns do not line up
    between rows; recognition then maps values by order rather than position.
    """

    index: int
    grid: list[list[Cell]]
    locator: Locator = field(default_factory=Locator)
    spans_known: bool = True
    caption: str = ""

    @property
    def nrows(self) -> int:
        return len(self.grid)

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.grid]

    def page_of_row(self, r: int) -> int | None:
        for c in self.grid[r]:
            if c.page is not None:
                return c.page
        return self.locator.page

    @classmethod
    def from_rows(cls, index: int, rows: list[list[str]], *, spans_known: bool = False,
                  locator: Locator | None = None, page: int | None = None) -> "Table":
        """Build a table from plain rows of text (no merges); pads to a rectangle."""
        width = max((len(r) for r in rows), default=0)
        grid = []
        for r, texts in enumerate(rows):
            padded = list(texts) + [""] * (width - len(texts))
            grid.append([Cell(t, r, c, (r, c), page=page) for c, t in enumerate(padded)])
        return cls(index, grid, locator or Locator(table=index, page=page), spans_known=spans_known)


@dataclass
class Paragraph:
    """A block of running text outside tables (a heading is a paragraph too)."""

    text: str
    locator: Locator = field(default_factory=Locator)
    # position among all blocks (paragraphs and tables) in reading order
    order: int = 0
    # "heading" when the source marks it (HTML <h1-6>, DOCX heading style); else ""
    style: str = ""
    # font size in points of its first line, where the reader knows it (PDF); the title is
    # the largest text on the first page
    size: float | None = None


@dataclass
class Document:
    """What a reader produces."""

    path: str
    kind: str  # "html", "text", "markdown", "docx", "pdf", …
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    title: str = ""
    # position of each table among all blocks, parallel to ``tables``
    table_order: list[int] = field(default_factory=list)
    # notes from the reader that become findings (code, message-key, params)
    notes: list["ReaderNote"] = field(default_factory=list)
    pages: int | None = None
    # when the report was published, if the file says so (HTML PubDate, DOCX core properties)
    published: "Published | None" = None


@dataclass(frozen=True)
class Published:
    """A publication date and where it came from: ``option`` (--published), ``meta`` (the page's
    PubDate), ``page`` (发布时间 in the text) or ``docx-core`` (the file's last-saved date: a weaker
    hint).  Parsed by :mod:`govdisclose_lint.crossdoc.published`."""

    date: datetime.date
    source: str


@dataclass
class ReaderNote:
    """Something a reader noticed that the user must hear about.

    ``code`` is a rule code (e.g. ``S109`` for a renamed file read as what it
    really is, ``C202`` style notes are not produced by readers).  ``key``
    selects a message template; ``params`` fill it.
    """

    code: str
    key: str
    params: dict = field(default_factory=dict)
    locator: Locator = field(default_factory=Locator)


class ReadError(Exception):
    """A file that cannot be read into a :class:`Document`.

    ``code`` is the E-code (E001 unreadable, E002 encrypted, E003 no text
    layer, E005 limit hit); ``status`` the document status it implies.
    """

    def __init__(self, code: str, key: str, status: str = "unreadable", **params):
        super().__init__(f"{code} {key} {params}")
        self.code = code
        self.key = key
        self.status = status
        self.params = params
