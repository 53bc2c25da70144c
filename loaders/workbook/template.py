"""The workbook template: an empty workbook to fill, one sheet per table.

Each sheet has two header rows, both frozen: the Chinese label (required columns marked ``*``,
in red) above the format's column name; the reader takes the second as the header. An
enumeration or a boolean offers its values as a drop-down list; a column naming ids of one
other table offers that sheet's ids (a warning, not a refusal, for an id not there yet: rows may
come in any order); a column naming two kinds, or a list of ids, gets none, as an Excel list
cannot say either. Date columns are formatted as dates, text columns as text (so that an id
such as ``007`` keeps its zeros). A first sheet explains each table, in Chinese and English.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.labels import (
    COLUMN_LABELS,
    REQUIRED_MARK,
    TABLE_LABELS,
    TABLE_NOTES,
    VALUE_LABELS,
)
from loaders.schema import TABLES, Column, allowed_values, parse_bool, parse_date, parse_list
from loaders.workbook.cells import EXCEL_ROWS, column_letters
from loaders.workbook.reader import NOTES_SHEET
from loaders.workbook.saving import save_whole

#: The first row of data: below the Chinese labels and the column names.
FIRST_ROW = 3
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
REQUIRED_FONT = Font(bold=True, color="FFC00000")
HEADER_FONT = Font(bold=True)

#: The rules of every table, for the notes sheet: Chinese, English.
RULES = (
    (
        "第 1 行是中文列名，第 2 行是英文列名（读取时以第 2 行为准）；从第 3 行起每行一条记录。",
        "Row 1 holds the Chinese labels, row 2 the column names (the header read); "
        "one record a row from row 3.",
    ),
    (
        f"列名前有 {REQUIRED_MARK} 的是必填列。",
        f"A label marked {REQUIRED_MARK} is a required column.",
    ),
    (
        "日期可写作 2020-01-01、2020/1/1、2020年1月1日，或 Excel 日期。",
        "Dates: 2020-01-01, 2020/1/1, 2020年1月1日, or an Excel date.",
    ),
    (
        "一个单元格中的多个编号用英文分号 ; 分隔。",
        "Several ids in one cell are separated by ;.",
    ),
    (
        "编号在整个工作簿中唯一；引用的编号必须在对应工作表中存在。",
        "Ids are unique across the workbook; a reference names an id of the sheet it refers to.",
    ),
    ("不要合并单元格、隐藏工作表或使用公式。", "Do not merge cells, hide sheets or use formulas."),
)
TYPE_WORDS = {
    "text": "文本",
    "date": "日期",
    "boolean": "是/否",
    "list": "编号列表",
    "enumeration": "枚举",
}


def write_template(out: Path) -> None:
    """Write the empty template to ``out``."""
    book = Workbook()
    _write_notes(book.active)  # type: ignore[arg-type]
    for stem, (_, columns) in TABLES.items():
        _write_sheet(book.create_sheet(stem), stem, columns)
    save_whole(book, out)


def _write_sheet(sheet: Worksheet, stem: str, columns: tuple[Column, ...]) -> None:
    labels = COLUMN_LABELS[stem]
    sheet.append(
        [f"{REQUIRED_MARK}{labels[c.name]}" if c.required else labels[c.name] for c in columns]
    )
    sheet.append([c.name for c in columns])
    for column, label, name in zip(columns, sheet[1], sheet[2], strict=True):
        label.font = REQUIRED_FONT if column.required else HEADER_FONT
        name.font = HEADER_FONT
    sheet.freeze_panes = f"A{FIRST_ROW}"
    for index, column in enumerate(columns):
        letter = column_letters(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(14, 2 * len(labels[column.name]) + 4, len(column.name) + 4)
        dimension.number_format = DATE_FORMAT if column.parse is parse_date else TEXT_FORMAT
        validation = _validation(column)
        if validation is not None:
            validation.add(f"{letter}{FIRST_ROW}:{letter}{EXCEL_ROWS}")
            sheet.add_data_validation(validation)


def _validation(column: Column) -> DataValidation | None:
    """A drop-down of the column's values or of the ids it names, where Excel can offer one."""
    values = allowed_values(column)
    if values:
        return DataValidation(
            type="list",
            formula1=f'"{",".join(values)}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="值不在列表中 / not in the list",
            error=f"可选值 / one of: {', '.join(values)}",
        )
    if len(column.refers_to) != 1 or column.parse is parse_list:
        return None
    (kind,) = column.refers_to
    (sheet,) = [stem for stem, (defines, _) in TABLES.items() if defines is kind]
    return DataValidation(
        type="list",
        formula1=f"{sheet}!$A${FIRST_ROW}:$A${EXCEL_ROWS}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="编号不在列表中 / id not listed",
        error=f"{sheet} 工作表中尚无此编号 / not an id of sheet {sheet} yet",
    )


def _write_notes(sheet: Worksheet) -> None:
    sheet.title = NOTES_SHEET
    sheet.append(["orgraph 数据模板 / orgraph data template"])
    sheet["A1"].font = Font(bold=True, size=14)
    for zh, en in RULES:
        sheet.append([zh, en])
    sheet.append([])
    heading = ["工作表 / sheet", "列 / column", "中文名", "必填 / required", "类型 / type"]
    heading += ["可选值 / values", "说明", "description"]
    sheet.append(heading)
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
    for stem, (_, columns) in TABLES.items():
        zh, en = TABLE_NOTES[stem]
        sheet.append([stem, "", TABLE_LABELS[stem], "", "", "", zh, en])
        sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
        for column in columns:
            kind = _type_word(column)
            values = "; ".join(
                f"{v} {VALUE_LABELS.get(v, '')}".strip() for v in allowed_values(column)
            )
            refers = ", ".join(sorted(str(k) for k in column.refers_to))
            sheet.append(
                [
                    "",
                    column.name,
                    COLUMN_LABELS[stem][column.name],
                    "是 / yes" if column.required else "否 / no",
                    f"{TYPE_WORDS[kind]} / {kind}",
                    values,
                    f"引用 {refers}" if refers else "",
                    f"refers to {refers}" if refers else "",
                ]
            )
    for letter, width in zip("ABCDEFGH", (18, 22, 18, 14, 18, 40, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_row=len(RULES) + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _type_word(column: Column) -> str:
    if allowed_values(column) and column.parse is not parse_bool:
        return "enumeration"
    if column.parse is parse_bool:
        return "boolean"
    if column.parse is parse_date:
        return "date"
    return "list" if column.parse is parse_list else "text"
