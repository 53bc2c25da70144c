"""What the HTTP edge says when it refuses a request, in the caller's language.

GraphQL errors are said again in Chinese from their English text (api/schema/error_texts.py).
A refusal sent before GraphQL runs — a body too large or not UTF-8 (api/http/body_limit.py,
body_check.py), a token refused (api/auth.py), an upload or an import refused (api/http/
uploads.py, imports.py), the last resort's 500 (api/http/last_resort.py) — is built as a
``Text`` instead: a name in ``REFUSAL_TEXTS`` and the values it is written with, said in either
language when the response is written. Its English is the text the tests, the docs and the logs
quote; ``str()`` gives it. A value may be a ``Text`` itself (what a refused file turned out to
be), said in the same language. A refusal written as a plain string (a store's own words, a
library's) keeps its English after the Chinese name of its code, as GraphQL errors do.

>>> too_large = Text.of("body_too_large", limit=1000)
>>> str(too_large), too_large.said("zh")
('request body too large: the limit is 1000 bytes', '请求体过大：上限为 1000 字节')
>>> not_zip = Text.of("file_is_not", claimed=Text.of("claimed_zip"), found=Text.of("found_html"))
>>> not_zip.said("zh")
'文件不是 zip 压缩包：它是文本或 HTML 文档'
>>> said(Text.of("import_expired"), "IMPORT_EXPIRED", "en")
'the import expired: upload the file again'
>>> said("Neo4j is away", "BACKEND_UNAVAILABLE", "zh")
'数据存储暂不可用：Neo4j is away'
"""

from __future__ import annotations

from dataclasses import dataclass

from api.schema.error_texts import message_zh
from loaders.messages import Lang, Message

#: Every refusal the HTTP edge writes, by a stable name: English as sent, and Chinese.
REFUSAL_TEXTS: dict[str, Message] = {
    # the body, before any route (api/http/body_limit.py, body_check.py)
    "body_too_large": Message(
        "request body too large: the limit is {limit} bytes", "请求体过大：上限为 {limit} 字节"
    ),
    "body_not_utf8": Message(
        "the request body is not UTF-8: byte {offset} is {byte}",
        "请求体不是 UTF-8 文本：第 {offset} 个字节为 {byte}",
    ),
    "body_too_deep": Message(
        "the request body nests deeper than {max} levels", "请求体的嵌套超过 {max} 层"
    ),
    "body_lone_surrogate": Message(
        "a string in the request holds a lone surrogate (not a character)",
        "请求中有字符串含孤立的代理码元（不是字符）",
    ),
    # anything else that failed (api/http/last_resort.py): 500
    "internal_error": Message("internal error", "服务器内部错误"),
    # the token (api/auth.py): 401
    "token_required": Message(
        "a bearer token is required: send 'Authorization: Bearer <token>'",
        "需要持有者令牌：请发送 'Authorization: Bearer <token>'",
    ),
    "header_not_bearer": Message(
        "the Authorization header must be 'Bearer <token>'",
        "Authorization 请求头应为 'Bearer <token>'",
    ),
    "dev_cannot_check": Message(
        "dev mode has no ORGRAPH_JWT_SECRET to check a token with",
        "开发模式没有可用于校验令牌的 ORGRAPH_JWT_SECRET",
    ),
    "token_expired": Message("the token has expired", "令牌已过期"),
    "token_lacks_claim": Message("the token has no {claim} claim", "令牌缺少 {claim} 声明"),
    "token_audience": Message(
        "the token is not meant for this service (audience)", "令牌不是签发给本服务的（audience）"
    ),
    "token_issuer": Message(
        "the token comes from an issuer this service does not trust",
        "令牌的签发者不受本服务信任",
    ),
    "token_not_yet_valid": Message("the token is not valid yet", "令牌尚未生效"),
    "token_algorithm": Message(
        "the token is signed with an algorithm this service does not accept",
        "令牌的签名算法不被本服务接受",
    ),
    "token_signature": Message("the token's signature does not verify", "令牌签名校验失败"),
    "token_malformed": Message("the token is not a well-formed JWT", "令牌不是格式正确的 JWT"),
    "claim_sub": Message(
        "the token's 'sub' claim must be a non-empty string", "令牌的 'sub' 声明应为非空字符串"
    ),
    "claim_role": Message(
        "the token's 'role' claim must be viewer, editor or admin",
        "令牌的 'role' 声明应为 viewer、editor 或 admin",
    ),
    "claim_scope": Message(
        "the token's 'scope' claim must be a unit id", "令牌的 'scope' 声明应为单位编号"
    ),
    "claim_scope_needed": Message(
        "a viewer or editor token needs a 'scope' claim: a unit id",
        "查看者或编辑者的令牌需要 'scope' 声明：一个单位编号",
    ),
    # an upload (api/http/uploads.py)
    "media_type": Message(
        "send a workbook as {workbook} or a zipped CSV folder as application/zip, not {media}",
        "请以 {workbook} 发送工作簿，或以 application/zip 发送压缩的 CSV 文件夹，而不是 {media}",
    ),
    "no_content_type": Message("no content type", "未声明内容类型"),
    "upload_empty": Message(
        "the request body is empty: send the file as the body", "请求体为空：请将文件作为请求体发送"
    ),
    "file_is_not": Message(
        "the file is not {claimed}: it is {found}", "文件不是 {claimed}：{found}"
    ),
    "file_unreadable": Message(
        "the file is not {claimed}: {reason}", "文件不是 {claimed}：{reason}"
    ),
    "claimed_workbook": Message("an .xlsx workbook", ".xlsx 工作簿"),
    "claimed_zip": Message("a zip archive", "zip 压缩包"),
    "found_xls": Message(
        "an old Excel .xls (or other OLE) file; save as .xlsx",
        "它是旧版 Excel .xls（或其他 OLE）文件；请另存为 .xlsx",
    ),
    "found_html": Message("a text or HTML document", "它是文本或 HTML 文档"),
    "found_text": Message("a text file", "它是文本文件"),
    "found_not_zip": Message("not a zip", "它根本不是 zip 文件"),
    "zip_not_workbook": Message(
        "the zip is not an Excel workbook: it has no xl/workbook.xml",
        "该 zip 不是 Excel 工作簿：其中没有 xl/workbook.xml",
    ),
    "too_many_members": Message(
        "the archive holds {count} files; at most {max}", "压缩包内有 {count} 个文件；最多 {max} 个"
    ),
    "member_encrypted": Message("{name} is encrypted", "{name} 已加密"),
    "member_outside": Message(
        "the archive names a file outside it: {name}", "压缩包指向包外的文件：{name}"
    ),
    "member_ratio": Message(
        "{name} is compressed more than {ratio}:1 (a zip bomb?)",
        "{name} 的压缩比超过 {ratio}:1（疑似 zip 炸弹）",
    ),
    "archive_too_large": Message(
        "the archive unpacks to more than {max} bytes", "压缩包解压后超过 {max} 字节"
    ),
    "member_unreadable": Message(
        "{name} cannot be unpacked: {reason}", "{name} 无法解压：{reason}"
    ),
    "csv_only": Message(
        "a zipped CSV folder holds only .csv files, not {name}",
        "压缩的 CSV 文件夹只能包含 .csv 文件，不能包含 {name}",
    ),
    "no_csv": Message("the zip holds no .csv file", "该 zip 中没有 .csv 文件"),
    "csv_one_folder": Message(
        "the .csv files must all be in one folder", ".csv 文件必须都在同一个文件夹中"
    ),
    # an import (api/http/imports.py)
    "imports_admin_only": Message(
        "imports replace the whole graph: an unscoped admin only",
        "导入会替换整个图：仅限不限范围的管理员",
    ),
    "bundle_rejected": Message(
        "bundle rejected: {count} problem(s)", "数据包未通过校验：共 {count} 个问题"
    ),
    "keep_failed": Message(
        "cannot keep the import: the server's imports folder cannot be written",
        "无法保存本次导入：服务器的导入文件夹不可写",
    ),
    "overwrite_flag": Message(
        "overwriteChanges is true or false, not {value}",
        "overwriteChanges 应为 true 或 false，而不是 {value}",
    ),
    "import_not_found": Message("no pending import {id}", "没有待应用的导入 {id}"),
    "import_expired": Message(
        "the import expired: upload the file again", "本次导入已过期：请重新上传文件"
    ),
    "import_conflicts": Message(
        "the import would undo {count} change(s) made through the API since the last load; "
        "apply with overwriteChanges=true to load anyway",
        "本次导入将撤销上次加载以来通过接口做出的 {count} 项修改；如仍要加载，请以 "
        "overwriteChanges=true 应用",
    ),
    "graph_changed_since_plan": Message(
        "the graph changed after the import was planned", "图在生成导入计划之后已变更"
    ),
    "nothing_written": Message(
        "{why}; nothing was written: upload the file again for a new plan",
        "{why}；未写入任何内容：请重新上传文件以生成新的计划",
    ),
}


@dataclass(frozen=True, slots=True)
class Text:
    """A refusal's text: its name in ``REFUSAL_TEXTS`` and the values it is written with."""

    name: str
    values: tuple[tuple[str, str | Text], ...] = ()

    @classmethod
    def of(cls, name: str, /, **values: str | int | Text) -> Text:
        """The text ``name`` written with ``values`` (a number as its digits)."""
        if name not in REFUSAL_TEXTS:
            raise KeyError(f"no refusal text {name!r}")
        written = tuple((k, v if isinstance(v, Text) else str(v)) for k, v in values.items())
        return cls(name, written)

    def said(self, lang: Lang) -> str:
        """The text in ``lang``, its values in the same language."""
        message = REFUSAL_TEXTS[self.name]
        template = message.zh if lang == "zh" else message.en
        return template.format_map(
            {k: v.said(lang) if isinstance(v, Text) else v for k, v in self.values}
        )

    def __str__(self) -> str:
        return self.said("en")


def said(message: str | Text, code: str, lang: Lang) -> str:
    """A refusal's message in ``lang``: a ``Text`` in its words, a plain English string (a
    store's, a library's) as GraphQL errors are said (after the name of ``code``)."""
    if isinstance(message, Text):
        return message.said(lang)
    return message if lang == "en" else message_zh(message, code)


__all__ = ["REFUSAL_TEXTS", "Text", "said"]
