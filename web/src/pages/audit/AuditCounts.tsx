// The audit's tallies as the API counts them: by severity, by rule and by unit subtree.
import type { AuditPageQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
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
            <tr key={entry.severity}>
              <th scope="row" className={`sev sev-${entry.severity}`}>
                {t(`severity_${entry.severity}` as MessageKey)}
              </th>
              <td className="num">
                <button type="button" className="link-button" onClick={() => setParam("severity", entry.severity)}>
                  {number(entry.count)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t("byRule")}</caption>
        <tbody>
          {report.countsByRule
            .filter((entry) => entry.count > 0)
            .map((entry) => (
              <tr key={entry.ruleId}>
                <th scope="row">
                  {entry.ruleId} <span className="muted">{titles.get(entry.ruleId)}</span>
                </th>
                <td className="num">
                  <button type="button" className="link-button" onClick={() => setParam("rule", entry.ruleId)}>
                    {number(entry.count)}
                  </button>
                </td>
              </tr>
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
