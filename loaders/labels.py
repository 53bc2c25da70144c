"""The Chinese names of the bundle's tables, columns and enumeration values, and what each table
holds in Chinese and English: defined once for the workbook template, the workbook reader
(which accepts a Chinese header) and the errors workbook.

>>> COLUMN_LABELS["people"]["party_status"]
'政治面貌'
>>> column_of_label("people", "*政治面貌")
'party_status'
"""

from __future__ import annotations

from loaders.schema import TABLES

#: A table's name in Chinese.
TABLE_LABELS: dict[str, str] = {
    "domains": "专业领域",
    "units": "单位",
    "people": "人员",
    "party_orgs": "党组织",
    "party_roles": "党内职务",
    "leader_domains": "分管领域",
    "teams": "班组",
    "party_groups": "党小组",
    "projects": "项目",
    "liaison_points": "联系点",
    "visits": "调研指导",
}

_PERIOD = {"from": "开始日期", "to": "结束日期"}

#: Each table's columns in Chinese, by the format's column name.
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "domains": {"id": "领域编号", "name": "领域名称"},
    "units": {
        "id": "单位编号",
        "name": "单位名称",
        "kind": "单位类型",
        "parent_id": "上级单位编号",
        "domain_ids": "专业领域编号",
    },
    "people": {
        "id": "人员编号",
        "name": "姓名",
        "party_status": "政治面貌",
        "unit_id": "所在单位编号",
        "team_id": "所在班组编号",
    },
    "party_orgs": {
        "id": "党组织编号",
        "name": "党组织名称",
        "kind": "党组织类型",
        "parent_id": "上级党组织编号",
        "unit_id": "所在单位编号",
        "branch_kind": "党支部类型",
        "project_id": "依托项目编号",
        "established_on": "成立日期",
        "dissolved_on": "撤销日期",
        "elected_on": "换届日期",
        "benchmark_domain_id": "标杆领域编号",
        "benchmark_category": "标杆类别",
    },
    "party_roles": {
        "person_id": "人员编号",
        "org_id": "党组织编号",
        "role": "职务",
        **_PERIOD,
    },
    "leader_domains": {"person_id": "领导人员编号", "domain_id": "领域编号", **_PERIOD},
    "teams": {
        "id": "班组编号",
        "name": "班组名称",
        "unit_id": "所属单位编号",
        "leader_id": "班组长人员编号",
        "domain_id": "专业领域编号",
        "project_id": "承担项目编号",
    },
    "party_groups": {
        "id": "党小组编号",
        "name": "党小组名称",
        "branch_id": "所属党支部编号",
        "team_id": "依托班组编号",
        "leader_id": "党小组长人员编号",
        "member_ids": "成员人员编号",
    },
    "projects": {
        "id": "项目编号",
        "name": "项目名称",
        "unit_id": "所属单位编号",
        "domain_id": "专业领域编号",
        "major": "是否重大项目",
        "start_on": "开始日期",
        "end_on": "结束日期",
    },
    "liaison_points": {
        "id": "联系点编号",
        "leader_id": "领导人员编号",
        "kind": "联系点类型",
        "target_id": "联系对象编号",
        **_PERIOD,
    },
    "visits": {
        "liaison_point_id": "联系点编号",
        "date": "日期",
        "kind": "方式",
        "note": "备注",
    },
}

#: What an enumeration value means, in Chinese, for the template's notes.
VALUE_LABELS: dict[str, str] = {
    "company": "公司",
    "bureau": "地市供电局",
    "county": "县供电公司",
    "department": "职能部门",
    "support": "业务支撑机构",
    "station": "站所",
    "formal": "正式党员",
    "probationary": "预备党员",
    "none": "非党员",
    "committee": "党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "organ": "机关",
    "grassroots": "基层",
    "temporary": "临时",
    "joint": "联合",
    "member": "党员",
    "secretary": "书记",
    "deputy_secretary": "副书记",
    "committee_member": "委员",
    "party_building": "党建联系点",
    "research": "调研",
    "guidance": "指导",
    "dual_life": "双重组织生活",
    "true": "是",
    "false": "否",
}

#: What one row of each table is, in Chinese and in English (docs/format.md).
TABLE_NOTES: dict[str, tuple[str, str]] = {
    "domains": ("一行是一个专业领域，如安全生产、电网建设。", "A professional domain."),
    "units": (
        "一行是一个单位；单位通过上级单位编号组成一棵树。",
        "An organisational unit; units form one tree through parent_id.",
    ),
    "people": ("一行是一名人员：领导、书记、班组长、党员等。", "An employee."),
    "party_orgs": (
        "一行是一个党委、党总支或党支部；通过上级党组织编号组成一棵树。",
        "A party committee, general branch or branch; they form one tree through parent_id.",
    ),
    "party_roles": (
        "一行是一名人员在一个党组织中的一段任职。",
        "A person's seat in a party org over a period.",
    ),
    "leader_domains": (
        "一行是一名领导在一段时间内分管的一个专业领域（一岗双责）。",
        "A leader in charge of a domain over a period.",
    ),
    "teams": ("一行是单位的一个班组，可承担项目。", "A work team of a unit."),
    "party_groups": (
        "一行是党支部内的一个党小组，通常建在班组上。",
        "A party group inside a branch, normally built on one team.",
    ),
    "projects": ("一行是一个建设项目或重大任务。", "A construction project or major task."),
    "liaison_points": (
        "一行是一名领导设立的一个联系点。",
        "A liaison point a leader sets up to guide a place.",
    ),
    "visits": (
        "一行是领导到其联系点的一次调研指导。",
        "One visit by a leader to his or her liaison point.",
    ),
}

#: The mark before a required column's label in the template; the reader ignores it.
REQUIRED_MARK = "*"


def column_of_label(stem: str, label: str) -> str | None:
    """The column of table ``stem`` whose Chinese label is ``label`` (a required mark allowed),
    else None."""
    wanted = label.strip().lstrip(REQUIRED_MARK).strip()
    for column, text in COLUMN_LABELS[stem].items():
        if text == wanted:
            return column
    return None


def _check_complete() -> None:
    """Every table and column of the format has a label: a column added to loaders/schema.py
    without one fails at import, not in a user's template."""
    for stem, (_, columns) in TABLES.items():
        missing = {c.name for c in columns} - set(COLUMN_LABELS[stem])
        if missing or stem not in TABLE_LABELS or stem not in TABLE_NOTES:
            raise RuntimeError(f"loaders/labels.py: {stem} lacks labels for {sorted(missing)}")


_check_complete()
