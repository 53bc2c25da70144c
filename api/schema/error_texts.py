"""GraphQL error messages in the caller's language.

The errors leave in English, coded (api/schema/errors.py). For a Chinese caller each message is
said again: a message the API writes itself is matched against its English template (below) and
said from the same values; any other (graphql-core's wording of a bad document, a store's own
words) gets the Chinese name of its code before the English text, so nothing is lost. The code,
path and extensions never change.

>>> from graphql import GraphQLError
>>> found = GraphQLError("no team or project with id 'tm-x'", extensions={"code": "NOT_FOUND"})
>>> said_in([found], "zh")[0].message
"没有编号为 'tm-x' 的班组或项目"
>>> away = GraphQLError("the store is away", extensions={"code": "BACKEND_UNAVAILABLE"})
>>> said_in([away], "zh")[0].message
'数据存储暂不可用：the store is away'
>>> said_in([found], "en")[0] is found
True
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter

from graphql import GraphQLError

from api.schema.errors import code_of
from loaders.messages import TERMS_ZH, Lang, Message

#: The messages the API writes, by a stable name: English exactly as raised, and Chinese.
ERROR_MESSAGES: dict[str, Message] = {
    # NOT_FOUND (graph_model.errors.NotFound)
    "not_found": Message("no {kinds} with id {id}", "没有编号为 {id} 的{kinds}"),
    # INVALID_REQUEST
    "no_such_rule": Message(
        "no audit rule {rule}; the rules are {known}", "没有审计规则 {rule}；现有规则为 {known}"
    ),
    "not_a_cursor": Message("{cursor} is not a cursor of this list", "{cursor} 不是本列表的游标"),
    "page_negative": Message(
        "{name} must not be negative, got {size}", "{name} 不能为负数，收到的是 {size}"
    ),
    "page_too_large": Message(
        "{name} is {size}, more than the {max} items a page may hold; page through the list "
        "with the cursors",
        "{name} 为 {size}，超过每页最多 {max} 项；请用游标分页读取",
    ),
    "filter_not_applicable": Message(
        "the filter {filter} does not apply to {kind}", "筛选条件 {filter} 不适用于 {kind}"
    ),
    "not_countable": Message(
        "{kind} cannot be counted by {group}", "{kind} 不能按 {group} 分组计数"
    ),
    "offset_negative": Message(
        "offset and limit must not be negative", "offset 和 limit 不能为负数"
    ),
    "year_out_of_range": Message("year {year} is out of range", "年份 {year} 超出范围"),
    "period_reversed": Message(
        "the period ends ({end}) before it starts ({start})",
        "时段的结束日期（{end}）早于开始日期（{start}）",
    ),
    # INVALID_REQUEST: X-Orgraph-Bookmark (queries/neo4j/bookmarks.py)
    "bookmark_not_given": Message(
        "{header} names no transaction of this database", "{header} 指向的事务不属于本数据库"
    ),
    "bookmark_not_reached": Message(
        "{header} names a transaction this database has not reached in time: send back only the "
        "bookmark a response gave; if one did, retry shortly",
        "{header} 指向的事务本数据库在等待时限内仍未达到：请只回传响应给出的书签；"
        "若确是响应给出的，请稍后重试",
    ),
    # FORBIDDEN and UNAUTHENTICATED (queries/scope/adapter.py, api/auth.py)
    "scope_names_no_unit": Message(
        "the token's scope {scope} names no unit of this organisation",
        "令牌的范围 {scope} 不是本组织的任何单位",
    ),
    "nobody_authenticated": Message("nobody is authenticated", "未认证身份"),
    "not_for_scoped": Message(
        "{name} is not available to a caller scoped to a unit",
        "限定单位范围的调用者不能使用 {name}",
    ),
    "replace_needs_admin": Message(
        "replacing the whole organisation needs an unscoped admin",
        "替换整个组织需要不限范围的管理员",
    ),
    "export_needs_admin": Message(
        "exporting the whole organisation needs an unscoped admin",
        "导出整个组织需要不限范围的管理员",
    ),
    "viewer_no_change": Message(
        "a viewer may not change anything: changes need the editor or admin role",
        "查看者不能修改数据：修改需要编辑者或管理员角色",
    ),
    "authentication_required": Message("authentication required", "需要身份认证"),
    # QUERY_TOO_COMPLEX (api/schema/guards.py, api/schema/cost.py)
    "too_many_aliases": Message(
        "{count} aliases found. Allowed: {max}", "查询使用了 {count} 个别名，最多允许 {max} 个"
    ),
    "too_deep": Message(
        "{operation} exceeds maximum operation depth of {max}",
        "操作 {operation} 的嵌套深度超过上限 {max}",
    ),
    "too_costly": Message(
        "{operation} costs {cost}, more than the {max} allowed (a page counts its size, any "
        "other list {weight} items)",
        "操作 {operation} 的开销为 {cost}，超过允许的 {max}（分页按页大小计，其他列表按 {weight} "
        "项计）",
    ),
    "too_many_tokens": Message(
        "Syntax Error: Document contains more than {max} tokens. Parsing aborted.",
        "查询文档超过 {max} 个词法单元，已停止解析",
    ),
    # BACKEND_UNAVAILABLE: what callers are told instead of the store's words (api/schema/errors.py)
    "store_cannot_save": Message(
        "the store cannot save changes now; retry later, or give the administrator the request id",
        "数据存储暂时无法保存修改；请稍后重试，或将请求编号告知管理员",
    ),
    "database_unreachable": Message(
        "the database is unavailable: it cannot be reached now; retry later, or give the "
        "administrator the request id",
        "数据库暂不可用：现在无法连接；请稍后重试，或将请求编号告知管理员",
    ),
    "store_unavailable": Message(
        "the store is unavailable now; retry later, or give the administrator the request id",
        "数据存储暂不可用；请稍后重试，或将请求编号告知管理员",
    ),
    "commit_uncertain": Message(
        "the store was lost after the change was sent to be committed: it may have been "
        "applied; look at the trail (the changes query) before sending it again, or give the "
        "administrator the request id",
        "修改已提交给数据存储，但在确认前与其失去联系：修改可能已经生效；再次提交前请先查看修改记录"
        "（changes 查询），或将请求编号告知管理员",
    ),
    # INTERNAL (api/schema/errors.py)
    "internal": Message("Internal server error", "服务器内部错误"),
}

#: What each code means, in Chinese: said before a message no template above matches.
CODE_NAMES_ZH: dict[str, str] = {
    "NOT_FOUND": "未找到",
    "INVALID_REQUEST": "请求无法回答",
    "FORBIDDEN": "无权执行此操作",
    "UNAUTHENTICATED": "需要身份认证",
    "BACKEND_UNAVAILABLE": "数据存储暂不可用",
    "RESOURCE_LIMIT": "超出数据存储的资源限制",
    "GRAPH_CHANGED": "图已变更",
    "INVALID_BUNDLE": "数据包未通过校验",
    "INVALID_RULES": "规则文件有误",
    "QUERY_TOO_COMPLEX": "查询过于复杂",
    "GRAPHQL_PARSE_FAILED": "查询语句无法解析",
    "GRAPHQL_VALIDATION_FAILED": "查询不符合接口定义",
    "INTERNAL": "服务器内部错误",
    # refused at the HTTP edge (api/http/, api/schema/refusal_texts.py)
    "REQUEST_TOO_LARGE": "请求体过大",
    "UNSUPPORTED_MEDIA_TYPE": "不支持的内容类型",
    "NOT_WHAT_IT_CLAIMS": "文件与声明的类型不符",
    "UNSAFE_ARCHIVE": "压缩包不安全",
    "EMPTY_UPLOAD": "上传内容为空",
    "IMPORT_NOT_FOUND": "没有该导入",
    "IMPORT_EXPIRED": "导入已过期",
    "CONFLICTS": "与接口所做的修改冲突",
    "IMPORTS_FOLDER_UNAVAILABLE": "导入文件夹不可用",
}
_UNKNOWN_CODE_ZH = "出错"

#: Kinds an error names in English ("team or project"): said word by word.
_KINDS_ZH = {**TERMS_ZH, "entity": "对象"}


def said_in(errors: list[GraphQLError], lang: Lang) -> list[GraphQLError]:
    """The errors with their messages in ``lang`` (the same errors for English)."""
    if lang == "en":
        return errors
    return [_with_message(error, message_zh(error.message, code_of(error))) for error in errors]


def message_zh(message: str, code: str) -> str:
    """``message``, an error's of ``code``, in Chinese."""
    for name, pattern in _patterns():
        found = pattern.fullmatch(message)
        if found:
            values = {key: _value_zh(key, value) for key, value in found.groupdict().items()}
            return ERROR_MESSAGES[name].zh.format_map(values)
    return f"{CODE_NAMES_ZH.get(code, _UNKNOWN_CODE_ZH)}：{message}"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each English template as a pattern matching the messages it writes."""
    return tuple((name, _pattern(message.en)) for name, message in ERROR_MESSAGES.items())


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _, _ in Formatter().parse(template):
        parts.append(re.escape(literal))
        if field:
            parts.append(f"(?P<{field}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


def _value_zh(name: str, value: str) -> str:
    if name != "kinds":
        return value
    return "或".join(_KINDS_ZH.get(word, word) for word in value.split(" or "))


def _with_message(error: GraphQLError, message: str) -> GraphQLError:
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        error.extensions,
    )


__all__ = ["CODE_NAMES_ZH", "ERROR_MESSAGES", "message_zh", "said_in"]
