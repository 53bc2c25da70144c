"""Step 5: each bureau's projects, the teams assigned to them and their temporary branches.

A bureau runs about one project per 110 people: some ended, some under way, a few planned;
about a third are major works, and every bureau has a few major works completed and a few
under way. A major project gets a temporary branch (支部建在项目上) from its start, made of the
party members of one to three teams, dissolved the day after the project ends; so does a
running minor project that has teams assigned. The branch and its one party group live only as
long as the project."""

from __future__ import annotations

from datetime import date

from graph_model import records as r
from graph_model.kinds import BranchKind, OrgKind
from loaders.generate.party import seat_branch
from loaders.generate.plan import (
    AS_OF,
    FORMAL,
    NO_EXTRA,
    Draft,
    OrgPlan,
    ProjectPlan,
    Role,
    TeamPlan,
    UnitPlan,
    shift,
)
from loaders.generate.vocabulary import MAJOR_PROJECTS, MINOR_PROJECTS

PEOPLE_PER_PROJECT = 110
RUNNING_MAJOR = 3  # major works under way in every bureau
ENDED_MAJOR = 3  # and completed
MAJOR_SHARE = 0.35
MINOR_WITH_TEAMS = 0.3  # running minor projects with teams assigned (and so a branch)
RATES = {
    "no_temporary_branch": 0.03,  # R07: running major projects
    "project_without_branch": 0.03,  # R09: running minor projects with teams
    "not_dissolved": 0.04,  # R13: temporary branches of ended projects
}
_ENDED, _RUNNING, _PLANNED = "ended", "running", "planned"


def build_projects(d: Draft) -> None:
    states: dict[int, str] = {}
    for bureau in (u for u in d.units if u.role is Role.BUREAU):
        _projects_of(d, bureau, states)
    running_major = [p for p in d.projects if p.major and states[id(p)] == _RUNNING]
    no_branch = {id(p) for p in d.plant(running_major, RATES["no_temporary_branch"])}
    minor = [p for p in d.projects if not p.major and p.teams and states[id(p)] == _RUNNING]
    long_enough = [p for p in minor if _long(p) and sum(t.formal for t in p.teams) >= 3]
    no_branch |= {id(p) for p in d.plant(long_enough, RATES["project_without_branch"], len(minor))}
    with_branch = [
        p
        for p in d.projects
        if p.teams and id(p) not in no_branch and (p.major or states[id(p)] == _RUNNING)
    ]
    ended = [p for p in with_branch if states[id(p)] == _ENDED]
    open_after_end = {id(p) for p in d.plant(ended, RATES["not_dissolved"])}
    for project in with_branch:
        _temporary_branch(d, project, id(project) in open_after_end)


def _long(project: ProjectPlan) -> bool:
    """Planned to run six months or more (R09 asks for a branch then)."""
    end = project.end_on
    return end is None or (end - project.start_on).days >= 186


def _projects_of(d: Draft, bureau: UnitPlan, states: dict[int, str]) -> None:
    rng = d.rng
    units = bureau.subtree()
    people = sum(u.headcount for u in units)
    teams = [t for u in units for t in u.teams if t.party]
    places = [u.place for u in units if u.place]
    for i in range(1, max(6, round(people / PEOPLE_PER_PROJECT)) + 1):
        if i <= RUNNING_MAJOR:
            state, major = _RUNNING, True
        elif i <= RUNNING_MAJOR + ENDED_MAJOR:
            state, major = _ENDED, True
        else:
            x = rng.random()
            state = _ENDED if x < 0.55 else _RUNNING if x < 0.88 else _PLANNED
            major = rng.random() < MAJOR_SHARE
        if state == _ENDED:
            end: date | None = d.day(date(2019, 3, 1), shift(AS_OF, -2))
            assert end is not None
            start = shift(end, -rng.randint(180, 1100))
        elif state == _RUNNING:
            start = d.day(shift(AS_OF, -900), shift(AS_OF, -20))
            end = None if rng.random() < 0.1 else d.day(shift(AS_OF, 30), shift(AS_OF, 800))
        else:
            start = d.day(shift(AS_OF, 15), shift(AS_OF, 365))
            end = shift(start, rng.randint(180, 1100))
        template, domain = rng.choice(MAJOR_PROJECTS if major else MINOR_PROJECTS)
        code = f"{bureau.code}-{i:03d}"
        project = ProjectPlan(
            f"pr-{code}", code, template.format(d.pick(places)), bureau, domain, major, start, end
        )
        d.projects.append(project)
        states[id(project)] = state
        running = state == _RUNNING
        if (major and state != _PLANNED) or (running and rng.random() < MINOR_WITH_TEAMS):
            project.teams = _pick_teams(d, teams, running)
            for team in project.teams if running else ():
                team.project_id = project.id


def _pick_teams(d: Draft, teams: list[TeamPlan], running: bool) -> list[TeamPlan]:
    """One to three teams with three or more party members between them, one formal; a team
    works on one running project at a time."""
    chosen: list[TeamPlan] = []
    for _ in range(40):
        if len(chosen) == 3 or (
            sum(len(t.party) for t in chosen) >= 3 and any(t.formal for t in chosen)
        ):
            break
        team = d.pick(teams)
        if not any(team is t for t in chosen) and not (running and team.project_id):
            chosen.append(team)
    return chosen


def _temporary_branch(d: Draft, project: ProjectPlan, open_after_end: bool) -> None:
    rng = d.rng
    bureau = project.unit
    assert bureau.committee is not None and bureau.scope is not None
    established = shift(project.start_on, -rng.randint(0, 20))
    ended = project.end_on is not None and project.end_on < AS_OF
    dissolved = (
        shift(project.end_on, 1) if ended and project.end_on and not open_after_end else None
    )
    branch = d.org(
        OrgPlan(
            f"br-{project.id}",
            f"{project.name}临时党支部",
            OrgKind.BRANCH,
            bureau,
            bureau.committee,
            BranchKind.TEMPORARY,
            project,
            established,
            dissolved,
        )
    )
    branch.teams = list(project.teams)
    project.branch = branch
    members = branch.members()
    if len(members) < 3 or not any(p.party_status is FORMAL for p in members):
        d.orgs.remove(branch)  # too few to set a branch up after all
        project.branch = None
        return
    seat_branch(d, branch, established, shift(dissolved, -1) if dissolved else None)
    secretary = branch.officers[0]
    d.groups.append(
        r.PartyGroup(
            f"pg-{project.id}",
            f"{project.name}临时党支部党小组",
            branch.id,
            None,
            secretary.id,
            tuple(p.id for p in members),
            NO_EXTRA,
        )
    )
    scope = bureau.scope
    (scope.direct if dissolved is None else scope.ended_branches).append(branch)
