// 4 · The audit: findings by rule, severity and unit, filtered and sorted in the view; a finding
// opens its evidence; the current view exports to CSV and xlsx and prints on A4.
import { useMemo, useRef, useState } from "react";
import { AuditPage as AuditQuery } from "../api/operations";
import { useQuery } from "../api/useQuery";
import type { AuditPageQuery } from "../gql/graphql";
import { useLocale, type I18n } from "../i18n/locale";
import type { MessageKey } from "../i18n/messages";
import { setParam, useRoute } from "../router";
import { DayPicker, EntityLink, ErrorNotice, Loading, today } from "../components/common";
import { EvidenceGraph } from "../components/EvidenceGraph";
import { download, type Sheet } from "../export/download";
import { toCsv } from "../export/csv";
import { AuditCounts } from "./audit/AuditCounts";

type Report = AuditPageQuery["audit"];
export type Finding = Report["findings"][number];
type SortKey = "rule" | "severity" | "entity" | "unit" | "message";

const SEVERITY_ORDER: Record<string, number> = { ERROR: 0, WARNING: 1, INFO: 2 };

const SORTERS: Record<SortKey, (a: Finding, b: Finding) => number> = {
  rule: (a, b) => a.ruleId.localeCompare(b.ruleId),
  severity: (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  entity: (a, b) => a.entity.name.localeCompare(b.entity.name, "zh-CN"),
  unit: (a, b) => (a.unit?.name ?? "").localeCompare(b.unit?.name ?? "", "zh-CN"),
  message: (a, b) => a.message.localeCompare(b.message),
};

export default function AuditPage() {
  const i18n = useLocale();
  const { t, date } = i18n;
  const { params } = useRoute();
  const asOf = params.get("asOf") || today();
  const underUnitId = params.get("unit");
  const rule = params.get("rule") ?? "";
  const severity = params.get("severity") ?? "";
  const unitFilter = params.get("findingUnit") ?? "";
  const [text, setText] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "rule", descending: false });
  const [opened, setOpened] = useState<Finding | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const { data, error, loading } = useQuery(AuditQuery, { asOf, underUnitId });
  const report = data?.audit ?? null;

  const shown = useMemo(() => {
    if (!report) return [];
    const wanted = text.trim();
    const kept = report.findings.filter(
      (finding) =>
        (!rule || finding.ruleId === rule) &&
        (!severity || finding.severity === severity) &&
        (!unitFilter || finding.unit?.id === unitFilter) &&
        (!wanted || `${finding.message} ${finding.entity.name} ${finding.entity.id}`.includes(wanted)),
    );
    // Stable sort: equal keys keep the API's order (rule, entity, check).
    const sorter = SORTERS[sort.key];
    return kept.sort((a, b) => (sort.descending ? -sorter(a, b) : sorter(a, b)));
  }, [report, rule, severity, unitFilter, text, sort]);

  const units = useMemo(() => {
    const seen = new Map<string, string>();
    report?.findings.forEach((finding) => finding.unit && seen.set(finding.unit.id, finding.unit.name));
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1], "zh-CN"));
  }, [report]);

  const scopeName = report?.underUnit?.name ?? t("wholeOrganisation");
  const titles = new Map(report?.rules.map((r) => [r.id, i18n.locale === "en" ? r.titleEn : r.titleZh]) ?? []);

  function open(finding: Finding) {
    setOpened(finding);
    dialog.current?.showModal();
  }

  async function exportAs(kind: "csv" | "xlsx") {
    if (!report) return;
    const sheet = sheetOf(shown, titles, i18n);
    const name = `orgraph-audit-${report.asOf}${underUnitId ? `-${underUnitId}` : ""}`;
    if (kind === "csv") {
      download(`${name}.csv`, "text/csv;charset=utf-8", toCsv(sheet));
    } else {
      const { toXlsx } = await import("../export/xlsx");
      download(`${name}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", toXlsx(sheet) as BlobPart);
    }
  }

  function sortButton(key: SortKey, label: string) {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
        <button
          type="button"
          className="sort"
          data-testid={`audit-sort-${key}`}
          onClick={() => setSort({ key, descending: active ? !sort.descending : false })}
          aria-label={t("sortBy", { column: label })}
        >
          {label} {active ? (sort.descending ? "▼" : "▲") : ""}
        </button>
      </th>
    );
  }

  return (
    <article aria-labelledby="audit-title" data-testid="audit-page">
      <header className="print-only print-head">
        <h1>{t("printHeading")}</h1>
        <p>
          {t("printDay", { day: date(report?.asOf ?? asOf) })} · {t("printScope", { scope: scopeName })}
        </p>
      </header>
      <div className="page-head no-print">
        <h1 id="audit-title">{t("auditTitle")}</h1>
        <div className="controls">
          <DayPicker label={t("day")} value={asOf} onChange={(value) => setParam("asOf", value)} testId="audit-as-of" />
          <span>
            {t("auditScope")}：<strong data-testid="audit-scope">{scopeName}</strong>
          </span>
        </div>
      </div>
      <ErrorNotice error={error} />
      {loading && !report && <Loading />}
      {report && (
        <>
          <AuditCounts report={report} titles={titles} />
          <section className="panel" aria-labelledby="findings-title">
            <h2 id="findings-title">{t("colMessage")}</h2>
            <div className="filters" role="group" aria-label={t("filterRule")}>
              <label>
                {t("filterRule")}
                <select value={rule} onChange={(event) => setParam("rule", event.target.value)} data-testid="audit-filter-rule">
                  <option value="">{t("all")}</option>
                  {report.rules.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.id} {titles.get(r.id)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("filterSeverity")}
                <select value={severity} onChange={(event) => setParam("severity", event.target.value)} data-testid="audit-filter-severity">
                  <option value="">{t("all")}</option>
                  {["ERROR", "WARNING", "INFO"].map((level) => (
                    <option key={level} value={level}>
                      {t(`severity_${level}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("filterUnit")}
                <select value={unitFilter} onChange={(event) => setParam("findingUnit", event.target.value)} data-testid="audit-filter-unit">
                  <option value="">{t("all")}</option>
                  {units.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("filterText")}
                <input type="search" value={text} onChange={(event) => setText(event.target.value)} data-testid="audit-filter-text" />
              </label>
            </div>
            <div className="toolbar">
              <span role="status" data-testid="audit-shown">
                {t("findingsShown", { shown: shown.length, total: report.findings.length })}
              </span>
              <span className="spacer" />
              <button type="button" onClick={() => exportAs("csv")} data-testid="audit-export-csv">
                {t("exportCsv")}
              </button>
              <button type="button" onClick={() => exportAs("xlsx")} data-testid="audit-export-xlsx">
                {t("exportXlsx")}
              </button>
              <button type="button" onClick={() => window.print()} data-testid="audit-print">
                {t("print")}
              </button>
            </div>
            {shown.length === 0 ? (
              <p className="muted">{t("noFindings")}</p>
            ) : (
              <table data-testid="audit-table">
                <thead>
                  <tr>
                    {sortButton("rule", t("colRule"))}
                    {sortButton("severity", t("colSeverity"))}
                    {sortButton("entity", t("colEntity"))}
                    {sortButton("unit", t("filterUnit"))}
                    {sortButton("message", t("colMessage"))}
                    <th scope="col" className="no-print">
                      {t("evidenceTitle")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((finding, index) => (
                    <tr key={`${finding.ruleId}-${finding.entity.id}-${finding.check}-${index}`} data-testid="audit-row" data-rule={finding.ruleId}>
                      <td>
                        <abbr title={titles.get(finding.ruleId)}>{finding.ruleId}</abbr>
                      </td>
                      <td className={`sev sev-${finding.severity}`}>{t(`severity_${finding.severity}` as MessageKey)}</td>
                      <td>
                        <EntityLink entity={finding.entity} asOf={asOf} />
                      </td>
                      <td>{finding.unit ? finding.unit.name : "—"}</td>
                      <td>
                        {finding.message}
                        {finding.missing && <div className="muted">{t("missingLink", { missing: finding.missing })}</div>}
                      </td>
                      <td className="no-print">
                        <button type="button" onClick={() => open(finding)} data-testid="audit-open-evidence">
                          {t("evidenceTitle")}
                          <span className="visually-hidden"> {finding.entity.name}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <dialog ref={dialog} aria-labelledby="evidence-title" data-testid="audit-evidence" onClose={() => setOpened(null)}>
        {opened && (
          <>
            <h2 id="evidence-title">{t("evidenceOf", { entity: opened.entity.name })}</h2>
            <p>
              {opened.ruleId} · {opened.message}
            </p>
            <EvidenceGraph evidence={opened.evidence} testId="audit-evidence-graph" />
          </>
        )}
        <form method="dialog">
          <button type="submit" data-testid="audit-evidence-close">
            {t("close")}
          </button>
        </form>
      </dialog>
    </article>
  );
}

/** The findings shown, as the table to export: the view's rows in the view's order. */
function sheetOf(findings: Finding[], titles: Map<string, string>, { t }: I18n): Sheet {
  return {
    name: t("auditTitle"),
    header: [t("colRule"), t("filterRule"), t("colSeverity"), "check", "entity id", t("colEntity"), "unit id", t("filterUnit"), t("colMessage"), "missing"],
    rows: findings.map((finding) => [
      finding.ruleId,
      titles.get(finding.ruleId) ?? "",
      finding.severity,
      finding.check,
      finding.entity.id,
      finding.entity.name,
      finding.unit?.id ?? "",
      finding.unit?.name ?? "",
      finding.message,
      finding.missing ?? "",
    ]),
  };
}
