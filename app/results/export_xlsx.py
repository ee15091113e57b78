"""An XLSX workbook written as a stream: its bytes leave while the rows are still being read.

openpyxl's write-only mode keeps memory flat but writes each sheet to a temporary file and zips
the workbook only when it is saved, so nothing could be sent before the last row. Here the zip is
written by the standard library straight into the response (an unseekable stream: sizes follow
each part in a data descriptor, zip64 so a sheet may pass 4 GB), and the sheet XML is the same
SpreadsheetML openpyxl writes in write-only mode (inline strings, numbers as values), without the
optional cell references. Two sheets, like the export before: Summary, then Responses; the
Summary's part is written last.
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 cannot hold C0 controls but tab and line breaks; a carriage return is kept as &#13;
# (a raw one would be read back as a line feed).
_ESCAPE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", 13: "&#13;",
           **{c: None for c in range(32) if c not in (9, 10, 13)}, 0xFFFE: None, 0xFFFF: None}
_BLANK = frozenset(" \t\n\r")
_KEEP = ' xml:space="preserve"'  # only where a reader would otherwise trim the text


def _static(sheets: list[str]) -> list[tuple[str, str]]:
    """The parts every workbook has besides its sheets."""
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                        f'ContentType="{_CT}.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    types = (f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Default Extension="rels" '
             f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
             f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}</Types>')
    rels = (f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{_REL}/officeDocument"/></Relationships>')
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(sheets, 1))
    workbook = f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'
    links = "".join(f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{_REL}/worksheet"/>'
                    for i in range(1, len(sheets) + 1))
    book_rels = (f'<Relationships xmlns="{_PKG}">{links}<Relationship Id="rId{len(sheets) + 1}" '
                 f'Target="styles.xml" Type="{_REL}/styles"/></Relationships>')
    styles = (f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
              '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
              'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
              '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
              'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
              'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
              'xfId="0" builtinId="0"/></cellStyles></styleSheet>')
    return [("[Content_Types].xml", types), ("_rels/.rels", rels), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", book_rels), ("xl/styles.xml", styles)]


class _Pipe(io.RawIOBase):
    """Collects what the zip writer writes, for the generator to hand on (not seekable)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def,override]
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


class _Sheet:
    """Rows as SpreadsheetML, one `<row>` per list of cells. Cells carry no reference (it is
    optional: each cell is the next column), so an empty cell is just `<c/>` and a row keeps its
    full width; that halves the XML to write and to deflate."""

    def __init__(self) -> None:
        self.number = 0
        # Scores, flags, areas, modes and profile options repeat on every row: their XML is made once.
        self.memo: dict[object, str] = {None: "<c/>", "": "<c/>"}

    def rows(self, rows: Iterable[list[object]]) -> str:
        out = []
        memo = self.memo
        for row in rows:
            self.number += 1
            cells = [f'<row r="{self.number}">']
            for value in row:
                xml = memo.get(value)
                if xml is None:
                    xml = _cell(value)
                    if len(memo) < 4096 and not (isinstance(value, str) and len(value) > 24):
                        memo[value] = xml
                cells.append(xml)
            cells.append("</row>")
            out.append("".join(cells))
        return "".join(out)


def _cell(value: object) -> str:
    if isinstance(value, str):
        space = _KEEP if value[0] in _BLANK or value[-1] in _BLANK else ""
        return f'<c t="inlineStr"><is><t{space}>{value.translate(_ESCAPE)}</t></is></c>'
    return f"<c><v>{int(value) if isinstance(value, bool) else value!r}</v></c>"


Rows = list[list[object]]
Source = Callable[[], AbstractContextManager[tuple[list[object], Iterable[Rows], Callable[[], Rows]]]]


def stream(source: Source, level: int = 1) -> Iterator[bytes]:
    """The workbook's bytes: the fixed parts at once, before `source` is opened (it reads the
    database: the header, the batches of rows, and a callable for the Summary sheet's rows); then
    the Responses sheet batch by batch, and last the Summary sheet (first in the workbook, but a
    zip's parts may come in any order, so working out the summary never delays the first byte).
    Deflate level 1: the network, not the CPU, should be the limit."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, xml in _static(["Summary", "Responses"]):
            z.writestr(name, _HEAD + xml)
        yield pipe.take()
        with source() as (header, batches, summary):
            sheet = _Sheet()
            with z.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as part:
                part.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{sheet.rows([header])}'.encode())
                for batch in batches:
                    part.write(sheet.rows(batch).encode())
                    if chunk := pipe.take():
                        yield chunk
                part.write(b"</sheetData></worksheet>")
            z.writestr("xl/worksheets/sheet1.xml", _HEAD + f'<worksheet xmlns="{_MAIN}"><sheetData>'
                       + _Sheet().rows(summary()) + "</sheetData></worksheet>")
    yield pipe.take()
