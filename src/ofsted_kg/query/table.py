"""Analysts' tables: one row per authority (latest inspection) or per inspection (history).

Each table is a stored query (``queries/latest-inspections.rq``,
``queries/inspection-history.rq``) whose header names its columns and their headings
(``# column: var — Heading``), so the shape lives in the query files, not here. This
module runs the query, types the cells (dates as dates, links as links) and writes the
result as CSV, as an xlsx workbook, or as a table for the terminal. Files are written
atomically and are byte-identical for the same store.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..store.atomic import atomic_write
from ..store.terms import Value
from .catalogue import find_query, run_query

#: Table name -> stored query.
TABLES = {"latest": "latest-inspections", "history": "inspection-history"}
_COLUMN = re.compile(r"^#\s*column\s*:\s*([A-Za-z_]\w*)\s*(?:—|–|--|-|:)\s*(.+?)\s*$", re.I | re.M)
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
#: Columns the terminal view leaves out (long links; the files keep them).
TERMINAL_HIDDEN = ("source", "inspection", "authority")

Cell = str | date | None


@dataclass(frozen=True)
class Column:
    var: str
    heading: str
    link: bool = False  # cells are URLs


@dataclass(frozen=True)
class Sheet:
    """A typed table: its title, columns and rows (cells: text, date or None)."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


def declared_columns(text: str) -> list[tuple[str, str]]:
    """``(variable, heading)`` pairs of a query's ``# column:`` header lines, in order."""
    header = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        header.append(line)
    return _COLUMN.findall("\n".join(header))


def build_sheet(store, name: str, params: dict[str, str] | None = None) -> Sheet:
    """Run the table's stored query (``TABLES[name]``) and type its cells."""
    query = find_query(TABLES.get(name, name))
    result = run_query(store, query, params or {})
    declared = declared_columns(query.text) or [(c, c) for c in result.columns]
    index = {c: i for i, c in enumerate(result.columns)}
    kept = [(var, heading) for var, heading in declared if var in index]
    links = {var for var, _ in kept if any(_is_link(row[index[var]]) for row in result.rows)}
    columns = tuple(Column(var, heading, var in links) for var, heading in kept)
    rows = tuple(tuple(_cell(row[index[c.var]]) for c in columns) for row in result.rows)
    return Sheet(query.title, columns, rows)


def _is_link(value: Value | None) -> bool:
    return value is not None and value.kind == "uri"


def _cell(value: Value | None) -> Cell:
    if value is None:
        return None
    if value.kind == "literal" and value.datatype == _XSD_DATE:
        try:
            return date.fromisoformat(value.value)
        except ValueError:
            pass
    return " ".join(value.value.split())


def _text(cell: Cell) -> str:
    return "" if cell is None else cell.isoformat() if isinstance(cell, date) else cell


# -- CSV ---------------------------------------------------------------------------------
def to_csv(sheet: Sheet) -> str:
    """Headings then rows; dates ISO; whitespace collapsed; CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.heading for c in sheet.columns])
    writer.writerows([_text(cell) for cell in row] for row in sheet.rows)
    return buffer.getvalue()


def write_csv(sheet: Sheet, path: str | os.PathLike[str]) -> None:
    atomic_write(path, to_csv(sheet))


# -- xlsx --------------------------------------------------------------------------------
#: Fixed workbook timestamps (or ``SOURCE_DATE_EPOCH``), so the same table gives the same bytes.
_EPOCH = datetime(2000, 1, 1)


def _timestamp() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.utcfromtimestamp(int(epoch)) if epoch and epoch.isdigit() else _EPOCH


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry the same timestamp (openpyxl stamps the clock time)."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # noqa: D102
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=_timestamp().timetuple()[:6])
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return super().writestr(info, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # noqa: D102 (worksheets come from temp files)
        return self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def to_xlsx(sheet: Sheet) -> bytes:
    """The sheet as an xlsx workbook: bold frozen headings, a filter, dates as dates, links."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    page = book.active
    page.title = re.sub(r"[\[\]:*?/\\]", " ", sheet.title)[:31]
    page.append([c.heading for c in sheet.columns])
    for cell in page[1]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        page.append(list(row))
    for n, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(n)
        for cell in page[letter][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif column.link and cell.value:
                cell.hyperlink = cell.value
                cell.style = "Hyperlink"
        width = max([len(column.heading)] + [len(_text(row[n - 1])) for row in sheet.rows])
        page.column_dimensions[letter].width = min(max(width, 8) + 2, 60)
    page.freeze_panes = "A2"
    if sheet.columns:
        page.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(sheet.rows) + 1}"
    book.properties.creator = "ofsted-kg"
    book.properties.title = sheet.title
    book.properties.created = book.properties.modified = _timestamp()
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return buffer.getvalue()


def write_xlsx(sheet: Sheet, path: str | os.PathLike[str]) -> None:
    atomic_write(path, to_xlsx(sheet))


# -- terminal -----------------------------------------------------------------------------
def to_terminal(sheet: Sheet, width: int | None = None) -> str:
    """A readable table: columns empty in every row and long links left out; cells wrap at spaces."""
    from .terminal import render_table

    shown = [i for i, c in enumerate(sheet.columns)
             if c.var not in TERMINAL_HIDDEN and any(row[i] is not None for row in sheet.rows)]
    return render_table([sheet.columns[i].heading for i in shown],
                        [[_text(row[i]) for i in shown] for row in sheet.rows],
                        width=width or 160, title=sheet.title, caption=f"{len(sheet.rows)} rows", lines=True)
