// The audit's tallies as the API counts them: by severity, by rule and by unit subtree.
import type { AuditPageQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
import type { ReactNode } from "react";
import { href, setParam } from "../../router";

type Report = AuditPageQuery["audit"];

export function AuditCounts({ report, titles }: { report: Report; titles: Map<string, string> }) {
  const { t, number } = useLocale();
  return (
    <section className="panel counts" aria-label={t("auditTitle")} data-testid="audit-counts">
      <table>
        <caption>{t("bySeverity")}</caption>
        <tbody>
          {report.countsBySeverity.map((entry) => (
            <CountRow
              key={entry.severity}
              label={t(`severity_${entry.severity}` as MessageKey)}
              labelClass={`sev sev-${entry.severity}`}
              count={number(entry.count)}
              onPick={() => setParam("severity", entry.severity)}
            />
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t("byRule")}</caption>
        <tbody>
          {report.countsByRule
            .filter((entry) => entry.count > 0)
            .map((entry) => (
              <CountRow
                key={entry.ruleId}
                label={
                  <>
                    {entry.ruleId} <span className="muted">{titles.get(entry.ruleId)}</span>
                  </>
                }
                count={number(entry.count)}
                onPick={() => setParam("rule", entry.ruleId)}
              />
            ))}
        </tbody>
      </table>
      <div className="by-unit" tabIndex={0} role="region" aria-label={t("byUnit")}>
      <table>
        <caption>{t("byUnit")}</caption>
        <tbody>
          {report.countsByUnit.map((entry) => (
            <tr key={entry.unit.id}>
              <th scope="row">
                <a href={href("/audit", { asOf: report.asOf, unit: entry.unit.id })}>{entry.unit.name}</a>
              </th>
              <td className="num">{number(entry.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}

/** One tally: what is counted, and its count as a button that filters the findings by it. */
function CountRow(props: { label: ReactNode; labelClass?: string; count: string; onPick: () => void }) {
  return (
    <tr>
      <th scope="row" className={props.labelClass}>
        {props.label}
      </th>
      <td className="num">
        <button type="button" className="link-button" onClick={props.onPick}>
          {props.count}
        </button>
      </td>
    </tr>
  );
}
