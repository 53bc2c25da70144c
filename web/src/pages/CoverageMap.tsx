// 1 · The coverage map: the unit tree with each unit's coverage and findings, a day to show and
// a second day to compare with (coverageDiff).
import { useEffect, useMemo, useState } from "react";
import { ApiError, request } from "../api/client";
import { FindingCounts, TopUnits, UnitById } from "../api/operations";
import { useQuery } from "../api/useQuery";
import type { UnitRowFieldsFragment } from "../gql/graphql";
import { useLocale } from "../i18n/locale";
import { href, setParam, useRoute } from "../router";
import { DayPicker, ErrorNotice, Loading, today } from "../components/common";
import { UnitTree } from "./map/UnitTree";
import { DiffPanel } from "./map/DiffPanel";

export function CoverageMap() {
  const { t, date } = useLocale();
  const { params } = useRoute();
  const asOf = params.get("asOf") || today();
  const compareWith = params.get("compare") ?? "";
  const unitId = params.get("unit");

  const top = useQuery(TopUnits, {}, unitId !== null);
  const rootIds = useMemo(() => {
    if (unitId !== null) return [unitId];
    if (!top.data) return [];
    // The units whose parent the caller cannot see: the company, or the scope's unit.
    const all = [...top.data.company.nodes, ...top.data.others.nodes];
    const found = all.filter((unit) => unit.parent === null).map((unit) => unit.id);
    return found.length ? found : all.slice(0, 1).map((unit) => unit.id);
  }, [unitId, top.data]);
  const roots = useUnits(rootIds, asOf);
  // The audit behind the finding counts is the heaviest question of the page: asked once the
  // tree's first rows are in, so it does not hold them up on a one-process server.
  const [treeReady, setTreeReady] = useState(false);
  const findings = useFindingCounts(asOf, treeReady);
  const error = top.error ?? roots.error;
  const parent = unitId !== null ? (roots.parents.get(unitId) ?? null) : null;

  return (
    <section aria-labelledby="map-title" data-testid="coverage-map">
      <div className="page-head">
        <h1 id="map-title">{t("mapTitle")}</h1>
        <div className="controls" role="group" aria-label={t("daysLabel")}>
          <DayPicker label={t("day")} value={asOf} onChange={(value) => setParam("asOf", value)} testId="map-as-of" />
          <DayPicker
            label={t("compareWith")}
            value={compareWith}
            onChange={(value) => setParam("compare", value)}
            testId="map-compare-day"
            optional
          />
        </div>
      </div>
      {unitId !== null && (
        <nav aria-label={t("breadcrumb")} className="breadcrumb">
          <a href={href("/", { asOf: params.get("asOf") })}>{t("wholeOrganisation")}</a>
          {parent && (
            <>
              {" › "}
              <a href={href("/", { asOf: params.get("asOf"), unit: parent.id })}>{parent.name}</a>
            </>
          )}
        </nav>
      )}
      <p className="muted">{t("mapIntro", { day: date(asOf) })}</p>
      <Legend />
      <ErrorNotice error={error} />
      {!error && !roots.loaded && !roots.units.length ? <Loading /> : null}
      {roots.loaded && !roots.error && !roots.units.length && <p className="notice">{t("notFound")}</p>}
      <div className="map-layout">
        {roots.units.length > 0 && (
          <UnitTree
            key={rootIds.join(",")}
            roots={roots.units}
            asOf={asOf}
            findings={findings}
            autoExpand={roots.units.length === 1}
            onFirstRows={() => setTreeReady(true)}
          />
        )}
        {compareWith && <DiffPanel from={compareWith} to={asOf} underUnitId={unitId} />}
      </div>
    </section>
  );
}

interface Units {
  units: UnitRowFieldsFragment[];
  parents: Map<string, { id: string; name: string } | null>;
  error: ApiError | null;
  loaded: boolean;
}

/** The tree's top rows with their coverage that day, one request per unit (usually one). */
function useUnits(ids: string[], asOf: string): Units {
  const [state, setState] = useState<Units>({ units: [], parents: new Map(), error: null, loaded: false });
  const key = ids.join(",");
  useEffect(() => {
    let live = true;
    if (!key) return;
    setState((previous) => ({ ...previous, loaded: false }));
    Promise.all(key.split(",").map((unitId) => request(UnitById, { unitId, asOf }))).then(
      (answers) => {
        if (!live) return;
        const units = answers.map((answer) => answer.node).filter((node) => node && "coverage" in node) as (UnitRowFieldsFragment & {
          parent: { id: string; name: string } | null;
        })[];
        setState({ units, parents: new Map(units.map((unit) => [unit.id, unit.parent])), error: null, loaded: true });
      },
      (error: unknown) => live && setState({ units: [], parents: new Map(), error: error instanceof ApiError ? error : new ApiError(String(error), null, 0), loaded: true }),
    );
    return () => {
      live = false;
    };
  }, [key, asOf]);
  return state;
}

/** Findings per unit subtree, asked after the tree so the map paints first. */
function useFindingCounts(asOf: string, enabled: boolean): Map<string, number> | null {
  const [counts, setCounts] = useState<Map<string, number> | null>(null);
  useEffect(() => {
    let live = true;
    setCounts(null);
    if (!enabled) return;
    request(FindingCounts, { asOf }).then(
      (data) => live && setCounts(new Map(data.audit.countsByUnit.map((entry) => [entry.unit.id, entry.count]))),
      () => live && setCounts(new Map()),
    );
    return () => {
      live = false;
    };
  }, [asOf, enabled]);
  return counts;
}

function Legend() {
  const { t } = useLocale();
  const items: [string, string][] = [
    ["ratio-full", t("legendFull")],
    ["ratio-high", t("legendHigh")],
    ["ratio-mid", t("legendMid")],
    ["ratio-low", t("legendLow")],
    ["ratio-none", t("legendNone")],
  ];
  return (
    <ul className="legend" aria-label={t("legend")}>
      {items.map(([className, label]) => (
        <li key={className}>
          <span className={`swatch ${className}`} aria-hidden="true" /> {label}
        </li>
      ))}
    </ul>
  );
}
