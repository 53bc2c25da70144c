// The unit tree as an ARIA tree: arrow keys move and open, Enter opens a branch's page. Units
// are fetched one level at a time as they are opened.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { request } from "../../api/client";
import { UnitChildren } from "../../api/operations";
import type { UnitRowFieldsFragment } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import { entityHref, href } from "../../router";
import { RatioBar } from "../../components/common";

interface BranchRow {
  id: string;
  name: string;
  branchKind: string | null | undefined;
}

interface Level {
  units: UnitRowFieldsFragment[];
  branches: BranchRow[];
  branchTotal: number;
  uncovered: Set<string>;
  hasMoreUnits: boolean;
  endCursor: string | null;
}

type Row =
  | { type: "unit"; key: string; level: number; parentKey: string | null; unit: UnitRowFieldsFragment }
  | { type: "branch"; key: string; level: number; parentKey: string; branch: BranchRow; covered: boolean }
  | { type: "note"; key: string; level: number; parentKey: string; text: string };

export function UnitTree({
  roots,
  asOf,
  findings,
  autoExpand,
  onFirstRows,
}: {
  roots: UnitRowFieldsFragment[];
  asOf: string;
  findings: Map<string, number> | null;
  autoExpand: boolean;
  /** Called once the rows shown at first are all in (the roots, and their children if open). */
  onFirstRows: () => void;
}) {
  const { t, number } = useLocale();
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(autoExpand ? roots.map((r) => r.id) : []));
  const [levels, setLevels] = useState<Map<string, Level | "loading" | Error>>(new Map());
  const [focusKey, setFocusKey] = useState<string>(roots[0]?.id ?? "");
  const tree = useRef<HTMLUListElement>(null);
  const moveFocus = useRef(false);

  // A new day: what was fetched no longer holds.
  useEffect(() => setLevels(new Map()), [asOf]);

  const load = useCallback(
    (unitId: string, after: string | null = null) => {
      setLevels((current) => (after ? current : new Map(current).set(unitId, "loading")));
      request(UnitChildren, { unitId, asOf, after }).then(
        (data) => {
          const node = data.node && "children" in data.node ? data.node : null;
          if (!node) return;
          setLevels((current) => {
            const previous = current.get(unitId);
            const earlier = after && previous && typeof previous === "object" && !(previous instanceof Error) ? previous.units : [];
            return new Map(current).set(unitId, {
              units: [...earlier, ...node.children.nodes],
              branches: node.branches.nodes,
              branchTotal: node.branches.totalCount,
              uncovered: new Set(data.uncoveredBranches.map((branch) => branch.id)),
              hasMoreUnits: node.children.pageInfo.hasNextPage,
              endCursor: node.children.pageInfo.endCursor ?? null,
            });
          });
        },
        (error: unknown) => setLevels((current) => new Map(current).set(unitId, error instanceof Error ? error : new Error(String(error)))),
      );
    },
    [asOf],
  );

  useEffect(() => {
    for (const unitId of expanded) if (!levels.has(unitId)) load(unitId);
  }, [expanded, levels, load]);

  const firstRowsIn = !autoExpand || roots.every((root) => {
    const level = levels.get(root.id);
    return level !== undefined && level !== "loading";
  });
  useEffect(() => {
    if (firstRowsIn) onFirstRows();
  }, [firstRowsIn, onFirstRows]);

  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (unit: UnitRowFieldsFragment, level: number, parentKey: string | null) => {
      out.push({ type: "unit", key: unit.id, level, parentKey, unit });
      if (!expanded.has(unit.id)) return;
      const below = levels.get(unit.id);
      if (below === undefined || below === "loading") {
        out.push({ type: "note", key: `${unit.id}/loading`, level: level + 1, parentKey: unit.id, text: t("loading") });
        return;
      }
      if (below instanceof Error) {
        out.push({ type: "note", key: `${unit.id}/error`, level: level + 1, parentKey: unit.id, text: below.message });
        return;
      }
      for (const child of below.units) walk(child, level + 1, unit.id);
      if (below.hasMoreUnits) {
        out.push({ type: "note", key: `${unit.id}/more`, level: level + 1, parentKey: unit.id, text: t("moreUnits") });
      }
      for (const branch of below.branches) {
        out.push({ type: "branch", key: `${unit.id}/${branch.id}`, level: level + 1, parentKey: unit.id, branch, covered: !below.uncovered.has(branch.id) });
      }
      if (below.branchTotal > below.branches.length) {
        out.push({ type: "note", key: `${unit.id}/more-branches`, level: level + 1, parentKey: unit.id, text: t("moreBranches", { count: below.branchTotal - below.branches.length }) });
      }
    };
    roots.forEach((root) => walk(root, 1, null));
    return out;
  }, [roots, expanded, levels, t]);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    tree.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }, [focusKey]);

  function focusRow(key: string) {
    moveFocus.current = true;
    setFocusKey(key);
  }

  function toggle(unitId: string, open?: boolean) {
    setExpanded((current) => {
      const next = new Set(current);
      const shouldOpen = open ?? !next.has(unitId);
      if (shouldOpen) next.add(unitId);
      else next.delete(unitId);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const index = rows.findIndex((row) => row.key === focusKey);
    if (index < 0) return;
    const row = rows[index];
    const handled = (() => {
      switch (event.key) {
        case "ArrowDown":
          if (index + 1 < rows.length) focusRow(rows[index + 1].key);
          return true;
        case "ArrowUp":
          if (index > 0) focusRow(rows[index - 1].key);
          return true;
        case "Home":
          focusRow(rows[0].key);
          return true;
        case "End":
          focusRow(rows[rows.length - 1].key);
          return true;
        case "ArrowRight":
          if (row.type === "unit" && expandable(row.unit)) {
            if (!expanded.has(row.unit.id)) toggle(row.unit.id, true);
            else if (rows[index + 1]?.parentKey === row.key) focusRow(rows[index + 1].key);
          }
          return true;
        case "ArrowLeft":
          if (row.type === "unit" && expanded.has(row.unit.id)) toggle(row.unit.id, false);
          else if (row.parentKey) focusRow(row.parentKey);
          return true;
        case "Enter":
        case " ":
          if (row.type === "unit") toggle(row.unit.id);
          if (row.type === "branch") window.location.hash = entityHref("PARTY_ORG", row.branch.id, asOf);
          return true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  }

  return (
    <div className="tree-wrap">
      <div className="tree-head" aria-hidden="true">
        <span>{t("colUnit")}</span>
        <span>{t("colCoverage")}</span>
        <span>{t("colCovered")}</span>
        <span>{t("colUncovered")}</span>
        <span>{t("colFindings")}</span>
      </div>
      <ul role="tree" aria-label={t("unitTree")} className="tree" ref={tree} onKeyDown={onKeyDown} data-testid="map-tree">
        {rows.map((row) => {
          const common = {
            key: row.key,
            "data-key": row.key,
            tabIndex: row.key === focusKey ? 0 : -1,
            onFocus: () => setFocusKey(row.key),
            style: { paddingInlineStart: `${(row.level - 1) * 1.25 + 0.25}rem` },
          };
          if (row.type === "note") {
            return (
              <li {...common} role="treeitem" aria-level={row.level} className="tree-row note" aria-selected={false}>
                <span className="muted">{row.text}</span>
              </li>
            );
          }
          if (row.type === "branch") {
            return (
              <li
                {...common}
                role="treeitem"
                aria-level={row.level}
                aria-selected={false}
                className={`tree-row branch ${row.covered ? "covered" : "uncovered"}`}
                data-testid="map-branch-row"
                data-id={row.branch.id}
              >
                <span className="cell-name">
                  <span className="twisty" aria-hidden="true">•</span>
                  <a href={entityHref("PARTY_ORG", row.branch.id, asOf)} tabIndex={-1}>
                    {row.branch.name}
                  </a>
                </span>
                <span className={`status ${row.covered ? "ok" : "bad"}`}>{row.covered ? t("covered") : t("uncovered")}</span>
              </li>
            );
          }
          const unit = row.unit;
          const open = expanded.has(unit.id);
          const canOpen = expandable(unit);
          const count = findings?.get(unit.id);
          return (
            <li
              {...common}
              role="treeitem"
              aria-level={row.level}
              aria-expanded={canOpen ? open : undefined}
              aria-selected={false}
              className="tree-row unit"
              data-testid="map-unit-row"
              data-id={unit.id}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest("a")) return;
                if (canOpen) toggle(unit.id);
              }}
            >
              <span className="cell-name">
                <span className="twisty" aria-hidden="true">{canOpen ? (open ? "▾" : "▸") : " "}</span>
                <span className="unit-name">{unit.name}</span>
                <span className="kind-tag">{t(`unitKind_${unit.kind}`)}</span>
                <a className="drill" href={href("/", { asOf, unit: unit.id })} tabIndex={-1} aria-label={t("drillInto", { name: unit.name })}>
                  ⤢
                </a>
              </span>
              <RatioBar ratio={unit.coverage.ratio} />
              <span className="num">
                {number(unit.coverage.covered)} / {number(unit.coverage.branches)}
              </span>
              <span className={`num ${unit.coverage.uncovered ? "bad" : ""}`}>{number(unit.coverage.uncovered)}</span>
              <span className={`num findings ${count ? "has-findings" : ""}`} data-testid="map-findings">
                {findings === null ? "…" : number(count ?? 0)}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function expandable(unit: UnitRowFieldsFragment): boolean {
  return unit.children.totalCount > 0 || unit.branches.totalCount > 0;
}
