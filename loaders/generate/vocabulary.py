"""The words a generated organisation is made of: domains, names of people, places, units,
teams and projects, visit notes and benchmark categories. Data only, no randomness."""

from __future__ import annotations

from dataclasses import dataclass

#: (id, name, English name) of each domain (专业领域); the English name is an extra column.
DOMAINS: tuple[tuple[str, str, str], ...] = (
    ("d-safety", "安全生产", "Production & safety"),
    ("d-build", "电网建设", "Grid construction"),
    ("d-market", "市场营销", "Marketing & service"),
    ("d-finance", "财务管理", "Finance"),
    ("d-hr", "人力资源", "Human resources"),
    ("d-party", "党的建设", "Party building"),
    ("d-digital", "数字化", "Digitalisation"),
    ("d-audit", "审计监督", "Audit & supervision"),
    ("d-dispatch", "调度运行", "System operation"),
    ("d-plan", "计划发展", "Planning & development"),
    ("d-supply", "物资供应", "Materials & procurement"),
    ("d-newbiz", "新兴业务", "Emerging business"),
)
#: Domains one of which is left with no leader in charge (rule R08's planted gap).
UNCHARGED_CANDIDATES = ("d-newbiz", "d-supply", "d-digital", "d-audit")
PARTY_DOMAIN = "d-party"

#: Benchmark branch categories by domain: 10 categories in 3 domains, as in the article.
BENCHMARK_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("d-safety", "党员安全示范岗"),
    ("d-safety", "党员安全责任区"),
    ("d-safety", "党员突击队"),
    ("d-build", "党建促基建"),
    ("d-build", "支部建在项目上"),
    ("d-build", "党员攻坚队"),
    ("d-market", "党员服务示范岗"),
    ("d-market", "党员服务队"),
    ("d-market", "红色营业厅"),
    ("d-market", "党员责任区"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱覃农蒙莫"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华文辉建国志红玉梅春林海燕宏斌鹏飞波宁"
    "东峰晓亮俊丹琳雪凯婷欣怡浩宇涵博睿思源嘉诚晨阳振兴德永胜利安庆荣光辰瑞"
)

#: Two-character place names are one character of each.
PLACE_FIRST = (
    "青白云清金马石平南北东西龙凤桂梧柳榕宁安永长新上下大高黄红"
    "三六八太文武德福兴泉江河湖岭林溪川丰华富乐"
)
PLACE_SECOND = "山江州城源田坪垌圩塘陂寨湾岭冲溪口门坡阳水林桥庄洲岗峰岩滩浦河头"

COMPANY_NAME = "华联电网有限责任公司"
CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals: 1 一, 10 十, 12 十二, 20 二十, 35 三十五."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True, slots=True)
class TeamType:
    """A kind of work team: its name without 班, and its domain."""

    name: str
    domain_id: str


def _teams(domain: str, *names: str) -> tuple[TeamType, ...]:
    return tuple(TeamType(n, domain) for n in names)


@dataclass(frozen=True, slots=True)
class StationType:
    """A kind of station or support unit: its name suffix, domains and the teams it has."""

    suffix: str
    domain_ids: tuple[str, ...]
    teams: tuple[TeamType, ...]


SUPPLY_STATION = StationType(
    "供电所",
    ("d-market", "d-safety"),
    _teams("d-market", "营业", "台区经理", "计量")
    + _teams("d-safety", "配电运维", "抢修", "线路巡视"),
)
SUBSTATION = StationType("变电站", ("d-safety",), _teams("d-safety", "运维", "值班", "检修"))
COUNTY_TEAMS = (
    _teams("d-dispatch", "调度")
    + _teams("d-market", "营销管理", "客户服务")
    + _teams("d-safety", "运维检修")
)

#: Stations a prefecture bureau runs itself (directly under the bureau).
BUREAU_STATIONS: tuple[StationType, ...] = (
    StationType(
        "变电管理所",
        ("d-safety",),
        _teams("d-safety", "变电运维", "变电检修", "继电保护", "高压试验"),
    ),
    StationType(
        "输电管理所", ("d-safety",), _teams("d-safety", "线路运维", "带电作业", "线路检修")
    ),
    StationType(
        "配电管理所", ("d-safety",), _teams("d-safety", "配电运维", "配网抢修", "电缆运维")
    ),
    StationType(
        "电力调度控制中心",
        ("d-dispatch",),
        _teams("d-dispatch", "调度", "自动化", "运行方式"),
    ),
    StationType(
        "客户服务中心", ("d-market",), _teams("d-market", "客户服务", "营业厅", "用电检查")
    ),
    StationType(
        "建设项目管理中心", ("d-build",), _teams("d-build", "项目管理", "安全质量", "技经")
    ),
    StationType("计量中心", ("d-market",), _teams("d-market", "计量检定", "装表接电")),
    StationType("信息通信所", ("d-digital",), _teams("d-digital", "信息运维", "通信运维")),
)
CONSTRUCTION_CENTRE = "建设项目管理中心"


@dataclass(frozen=True, slots=True)
class SupportType:
    """A business-support organisation (业务支撑机构) and what its stations are called."""

    name: str
    domain_id: str
    station: str
    teams: tuple[TeamType, ...]


COMPANY_SUPPORT: tuple[SupportType, ...] = (
    SupportType(
        "超高压输电公司",
        "d-safety",
        "输电分局",
        _teams("d-safety", "线路运维", "换流站运维", "检修"),
    ),
    SupportType(
        "电网建设分公司", "d-build", "项目部", _teams("d-build", "土建施工", "电气安装", "调试")
    ),
    SupportType(
        "电力科学研究院", "d-digital", "研究所", _teams("d-digital", "试验研究", "技术监督")
    ),
    SupportType(
        "信息通信分公司",
        "d-digital",
        "运维中心",
        _teams("d-digital", "通信运维", "信息运维", "网络安全"),
    ),
    SupportType("物资公司", "d-supply", "配送中心", _teams("d-supply", "仓储", "配送", "质量检测")),
    SupportType("培训与评价中心", "d-hr", "培训基地", _teams("d-hr", "培训", "技能鉴定")),
    SupportType("调峰调频发电公司", "d-dispatch", "电厂", _teams("d-dispatch", "运行", "检修")),
)
PROVINCE_SUPPORT: tuple[SupportType, ...] = (
    SupportType(
        "电网建设分公司", "d-build", "项目部", _teams("d-build", "土建施工", "电气安装", "调试")
    ),
    SupportType(
        "电力科学研究院", "d-digital", "研究所", _teams("d-digital", "试验研究", "技术监督")
    ),
    SupportType(
        "信息通信分公司", "d-digital", "运维中心", _teams("d-digital", "通信运维", "信息运维")
    ),
    SupportType("物资分公司", "d-supply", "配送中心", _teams("d-supply", "仓储", "配送")),
    SupportType("计量中心", "d-market", "检定所", _teams("d-market", "计量检定", "表计配送")),
    SupportType("培训中心", "d-hr", "培训基地", _teams("d-hr", "培训", "技能鉴定")),
)

#: (name, domain or "") of headquarters departments, in the order they are set up.
COMPANY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("办公室", ""),
    ("党建工作部", "d-party"),
    ("人力资源部", "d-hr"),
    ("财务部", "d-finance"),
    ("计划发展部", "d-plan"),
    ("基建部", "d-build"),
    ("生产技术部", "d-safety"),
    ("安全监管部", "d-safety"),
    ("市场营销部", "d-market"),
    ("系统运行部", "d-dispatch"),
    ("数字化部", "d-digital"),
    ("审计部", "d-audit"),
    ("供应链管理部", "d-supply"),
    ("纪检监察部", "d-audit"),
    ("战略投资部", "d-newbiz"),
    ("法规部", ""),
)
PROVINCE_DEPARTMENTS = COMPANY_DEPARTMENTS[:14]
BUREAU_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("办公室", ""),
    ("党建工作部", "d-party"),
    ("人力资源部", "d-hr"),
    ("财务部", "d-finance"),
    ("计划与基建部", "d-build"),
    ("生产技术部", "d-safety"),
    ("安全监管部", "d-safety"),
    ("市场营销部", "d-market"),
    ("纪检监察室", "d-audit"),
    ("数字化部", "d-digital"),
)

#: Project names: (template over a place name, domain); major works first.
MAJOR_PROJECTS: tuple[tuple[str, str], ...] = (
    ("{}500千伏输变电工程", "d-build"),
    ("{}±800千伏特高压直流配套工程", "d-build"),
    ("{}220千伏输变电工程", "d-build"),
    ("{}海上风电送出工程", "d-build"),
    ("{}抽水蓄能电站接入工程", "d-build"),
    ("{}数字电网示范区建设", "d-digital"),
)
MINOR_PROJECTS: tuple[tuple[str, str], ...] = (
    ("{}110千伏变电站扩建工程", "d-build"),
    ("{}10千伏配网改造工程", "d-build"),
    ("{}农网升级改造项目", "d-build"),
    ("{}智能电表更换项目", "d-market"),
    ("{}营销系统升级项目", "d-digital"),
    ("{}充电基础设施建设项目", "d-newbiz"),
    ("{}输电线路防风加固项目", "d-safety"),
)

#: Visit notes by visit kind, as the sample writes them.
VISIT_NOTES: dict[str, tuple[str, ...]] = {
    "research": (
        "调研深度融合工作推进情况",
        "调研安全生产责任落实",
        "调研优质服务与营商环境",
        "调研班组建设与党小组建设",
        "调研重点工程建设进度",
    ),
    "guidance": (
        "指导专题组织生活会",
        "指导支部标准化规范化建设",
        "指导“一区两岗两队”建设",
        "指导“书记项目”落实",
    ),
    "dual_life": ("参加支部组织生活会", "参加党小组学习", "以普通党员身份参加主题党日"),
}
