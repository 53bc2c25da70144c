"""Every message a bundle's reader, its validation and the command line say, in English and
Chinese, by a stable code.

A problem is built once, in English (``problem``), keeping its code and the values its message
was written with; ``message_of`` says it again in Chinese. The English text is the one the
format's documentation and the tests quote: change it only with them.

>>> p = problem("units.csv", 3, "parent_id", "reference_missing", ref="'u-x'", expected="unit")
>>> str(p)
"units.csv:3: parent_id: 'u-x' names no unit"
>>> message_of(p, "zh")
"'u-x' 不是任何单位的编号"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from graph_model.errors import Problem, Severity
from loaders.labels import TABLE_LABELS

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Message:
    """One message in both languages: ``str.format`` templates over the same fields."""

    en: str
    zh: str


MESSAGES: dict[str, Message] = {
    # reading a CSV folder or a JSON document
    "no_such_path": Message("no such file or folder", "文件或文件夹不存在"),
    "not_a_bundle": Message(
        "a bundle is a folder of CSV files, a .json or an .xlsx workbook",
        "数据包应为 CSV 文件夹、.json 文件或 .xlsx 工作簿",
    ),
    "no_tables": Message(
        "no bundle files found; expected some of: {expected}",
        "未找到任何数据表；应包含以下部分：{expected}",
    ),
    "too_many_cells": Message(
        "{cells} cells but {columns} columns", "该行有 {cells} 个单元格，但表头只有 {columns} 列"
    ),
    "not_utf8": Message("not UTF-8 text ({reason})", "不是 UTF-8 文本（{reason}）"),
    "not_csv": Message("not valid CSV ({reason})", "不是有效的 CSV（{reason}）"),
    "not_json": Message("not valid JSON ({reason})", "不是有效的 JSON（{reason}）"),
    "json_not_tables": Message("expected an object of arrays by table", "应为按表名组织的数组对象"),
    "json_not_array": Message("expected an array of objects", "应为对象数组"),
    "json_not_object": Message("expected an object", "应为对象"),
    "table_ignored": Message("not a bundle table; ignored", "不是数据表，已忽略"),
    "table_missing": Message(
        "{table} is missing from the bundle {bundle}; {referrers} refer to its ids",
        "数据包 {bundle} 缺少 {table}；{referrers} 引用了其中的编号",
    ),
    "table_absent": Message(
        "{table} absent: the graph will hold no {things}",
        "缺少 {table}：图中将没有{things}",
    ),
    "not_utf8_at": Message(
        "not UTF-8 text: byte {byte} at line {line}, byte {place} of the line (byte {offset} "
        "of the file); save the file as UTF-8",
        "不是 UTF-8 文本：第 {line} 行第 {place} 个字节（文件第 {offset} 个字节）为 {byte}；"
        "请将文件另存为 UTF-8",
    ),
    "not_utf8_gbk": Message(
        "not UTF-8 text: byte {byte} at line {line}, byte {place} of the line (byte {offset} "
        "of the file); saved as GBK? Read as GB18030 the line says {text}: save the file as "
        "UTF-8",
        "不是 UTF-8 文本：第 {line} 行第 {place} 个字节（文件第 {offset} 个字节）为 {byte}；"
        "是否保存成了 GBK？按 GB18030 读，该行为 {text}：请将文件另存为 UTF-8",
    ),
    "quote_unclosed": Message(
        "the quote at line {line}, column {place} is never closed: the rest of the file "
        'was read as one cell; close it, or write a quote inside a cell as two ("")',
        "第 {line} 行第 {place} 列的引号没有闭合，文件余下部分被读成了一个单元格；"
        '请补上引号，单元格内的引号应写成两个（""）',
    ),
    "quote_misplaced": Message(
        "the quote at line {line}, column {place} closes a quoted cell but {after} follows "
        'it, not a comma; write a quote inside a quoted cell as two ("")',
        "第 {line} 行第 {place} 列的引号结束了带引号的单元格，但其后是 {after} 而不是逗号；"
        '带引号单元格内的引号应写成两个（""）',
    ),
    "not_csv_at": Message(
        "not valid CSV at line {line} ({reason})", "第 {line} 行不是有效的 CSV（{reason}）"
    ),
    "nul_bytes": Message(
        "{count} NUL byte(s), the first at line {line}; text never holds one: check how the "
        "file was exported",
        "含 {count} 个 NUL 字节，第一个在第 {line} 行；文本中不应有 NUL：请检查文件的导出方式",
    ),
    "rows_repeat": Message(
        "{count} row(s) repeat an earlier row exactly; the first is this one, a copy of "
        "{first}; every copy is loaded",
        "有 {count} 行与前面某行完全相同；第一处是本行，与 {first} 相同；每一行都会导入",
    ),
    # reading a workbook
    "not_a_workbook": Message(
        "not an Excel workbook (.xlsx): {reason}", "不是 Excel 工作簿（.xlsx）：{reason}"
    ),
    "xls_workbook": Message(
        "an Excel 97-2003 workbook (.xls) is not read; save it as an Excel Workbook (.xlsx)",
        "不支持 Excel 97-2003 工作簿（.xls）；请另存为 Excel 工作簿（.xlsx）",
    ),
    "no_sheets": Message(
        "no sheet is named as a table; expected some of: {expected}",
        "没有以数据表命名的工作表；应包含以下部分：{expected}",
    ),
    "sheet_missing": Message(
        "sheet {sheet} is missing, but {referrers} refer to its ids",
        "缺少工作表 {sheet}，但 {referrers} 引用了其中的编号",
    ),
    "sheet_absent": Message(
        "sheet {sheet} absent: the graph will hold no {things}",
        "缺少工作表 {sheet}：图中将没有{things}",
    ),
    "sheet_hidden": Message(
        "the sheet is hidden; unhide or delete it, so that what is loaded is what people see",
        "该工作表被隐藏；请取消隐藏或删除，确保导入的内容就是看到的内容",
    ),
    "sheet_full": Message(
        "the sheet reaches Excel's last row ({rows}); it was probably cut off",
        "该工作表已到 Excel 的最后一行（{rows}），数据可能被截断",
    ),
    "merged_cells": Message(
        "cells {cells} are merged; unmerge them and fill each cell",
        "单元格 {cells} 被合并；请取消合并并逐格填写",
    ),
    "column_repeats": Message(
        "the column is named twice; first in {first}", "该列重复出现；首次出现在 {first}"
    ),
    "formula": Message(
        "the cell holds a formula; paste its value instead",
        "该单元格是公式；请改为粘贴数值",
    ),
    "external_links": Message(
        "the workbook links to other workbooks; break the links and save it again",
        "该工作簿链接了其他工作簿；请断开链接后重新保存",
    ),
    "spaces_trimmed": Message("spaces around {value} trimmed", "已去掉 {value} 前后的空格"),
    "full_width_converted": Message(
        "full-width characters converted: {before} -> {after}",
        "已将全角字符转换为半角：{before} -> {after}",
    ),
    # validating rows
    "column_missing": Message("required column is missing", "缺少必填列"),
    "column_misnamed": Message(
        "column {found} in {table}: did you mean {expected}? (a required column)",
        "{table} 中的列 {found}：是否应为 {expected}？（必填列）",
    ),
    "column_misnamed_optional": Message(
        "column {found} in {table}: did you mean {expected}? It is not in the format, so it "
        "is kept as an extra column and {expected} reads as empty",
        "{table} 中的列 {found}：是否应为 {expected}？该列不在格式中，将作为附加列保留，"
        "{expected} 按空值读取",
    ),
    "value_missing": Message("required value is missing", "必填值为空"),
    "not_a_date": Message(
        "{value} is not an ISO date (YYYY-MM-DD)", "{value} 不是日期（应为 YYYY-MM-DD）"
    ),
    "not_a_boolean": Message(
        "{value} is not a boolean (true or false)", "{value} 不是布尔值（应为 true 或 false）"
    ),
    "not_in_enumeration": Message(
        "{value} is not one of: {allowed}", "{value} 不在可选值中：{allowed}"
    ),
    "bad_value": Message("{reason}", "{reason}"),
    "id_repeats": Message("id {id} repeats {first}", "编号 {id} 与 {first} 重复"),
    "reference_missing": Message("{ref} names no {expected}", "{ref} 不是任何{expected}的编号"),
    "reference_wrong_kind": Message(
        "{ref} is a {found}, expected a {expected}", "{ref} 是{found}，应为{expected}"
    ),
    "period_reversed": Message(
        "{end} precedes {start_column} {start}", "{end} 早于 {start_column} {start}"
    ),
    "not_a_branch": Message("{ref} is a {found}, not a branch", "{ref} 是{found}，不是党支部"),
    "liaison_not_at_branch": Message(
        "a branch liaison point must be at a branch; {ref} is a {found}",
        "党支部联系点必须设在党支部；{ref} 是{found}",
    ),
    "branch_kind_ignored": Message(
        "set on a party org that is not a branch; ignored", "该党组织不是党支部，此值已忽略"
    ),
    "tree_cycle": Message("parent_id chain forms a cycle: {cycle}", "parent_id 形成循环：{cycle}"),
    "tree_too_deep": Message(
        "tree is {depth} levels deep here; at most {limit} are supported",
        "此处树深 {depth} 层；最多支持 {limit} 层",
    ),
    "member_elsewhere": Message(
        "{member} is seated in {elsewhere}, not in this group's branch",
        "{member} 在 {elsewhere} 任职，不在本党小组所在的党支部",
    ),
    # the command line and the errors workbook
    "cli_valid": Message("{bundle}: valid ({counts})", "{bundle}：校验通过（{counts}）"),
    "cli_rejected": Message(
        "{bundle}: rejected, {count} problem(s); nothing was written",
        "{bundle}：未通过，共 {count} 个问题；未写入任何数据",
    ),
    "cli_warning": Message("warning: {problem}", "警告：{problem}"),
    "table_emptied": Message(
        "the load removes every row of {table} ({rows}): the graph holds them and the bundle "
        "has none",
        "此次导入将删除 {table} 的全部 {rows} 行：图中现有这些数据，而数据包中没有",
    ),
    "cli_errors_written": Message("the problems are marked in {path}", "问题已在 {path} 中标出"),
    "cli_errors_not_written": Message(
        "error: could not write {path}: {reason}", "错误：无法写入 {path}：{reason}"
    ),
    "cli_template_written": Message(
        "{path}: a template with {sheets} sheets; fill it and run `orgraph check {path}`",
        "{path}：模板含 {sheets} 个工作表；填写后运行 `orgraph check {path}`",
    ),
    "severity_error": Message("error", "错误"),
    "severity_warning": Message("warning", "警告"),
    "report_sheet": Message("problems", "问题清单"),
    "report_heading": Message(
        "{count} problem(s) in {bundle}; click a cell to go to it",
        "{bundle} 中有 {count} 个问题；点击单元格可跳转",
    ),
    "report_columns": Message(
        "no.|severity|sheet|cell|column|code|message", "序号|级别|工作表|单元格|列|代码|说明"
    ),
}

#: Words a message's values may hold that Chinese says otherwise: the kinds of thing (a
#: reference's expected kind) and the kinds of party org.
TERMS_ZH = {
    "unit": "单位",
    "domain": "专业领域",
    "person": "人员",
    "party org": "党组织",
    "party group": "党小组",
    "team": "班组",
    "project": "项目",
    "liaison point": "联系点",
    "committee": "党委",
    "general_branch": "党总支",
    "branch": "党支部",
}
#: What a table holds, as ``table_absent`` says it ("party roles"), in Chinese.
TERMS_ZH.update({stem.replace("_", " "): label for stem, label in TABLE_LABELS.items()})
#: The values of a message that name kinds, and so are translated word by word.
_KIND_FIELDS = frozenset({"expected", "found", "things"})


def problem(
    file: str,
    row: int,
    column: str,
    code: str,
    *,
    severity: Severity = Severity.ERROR,
    cell: str | None = None,
    **params: object,
) -> Problem:
    """A problem of a known code, its message written in English from ``params``."""
    values = tuple((name, str(value)) for name, value in params.items())
    message = MESSAGES[code].en.format_map(dict(values))
    return Problem(file, row, column, message, severity, cell, code, values)


def say(code: str, lang: Lang, **params: object) -> str:
    """The message ``code`` in ``lang``, written with ``params``."""
    message = MESSAGES[code]
    return (message.zh if lang == "zh" else message.en).format_map(params)


def message_of(found: Problem, lang: Lang) -> str:
    """The problem's message in ``lang``; a problem of no known code keeps its own text."""
    if lang == "en" or found.code not in MESSAGES:
        return found.message
    values = {name: _zh_value(name, value) for name, value in found.params}
    return MESSAGES[found.code].zh.format_map(values)


def located(found: Problem, lang: Lang) -> str:
    """``str(problem)``, its message in ``lang``."""
    return f"{found.where}: {found.column}: {message_of(found, lang)}"


def severity_word(severity: Severity, lang: Lang) -> str:
    return say(f"severity_{severity.value}", lang)


def lang_from_locale(environ: Mapping[str, str]) -> Lang:
    """Chinese when the locale (``LC_ALL``, ``LC_MESSAGES`` or ``LANG``, the first set) is,
    else English.

    >>> lang_from_locale({"LANG": "zh_CN.UTF-8"}), lang_from_locale({"LANG": "C.UTF-8"})
    ('zh', 'en')
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _zh_value(name: str, value: str) -> str:
    if name not in _KIND_FIELDS:
        return value
    return "或".join(TERMS_ZH.get(word, word) for word in value.split(" or "))


__all__ = [
    "LANGS",
    "MESSAGES",
    "Lang",
    "Message",
    "lang_from_locale",
    "located",
    "message_of",
    "problem",
    "say",
    "severity_word",
]
