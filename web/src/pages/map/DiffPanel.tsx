// What changed between two days (coverageDiff): branches gained, lost, or covered differently.
import { CoverageDiff } from "../../api/operations";
import { useQuery } from "../../api/useQuery";
import type { CoverageChangeKind } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
import { EntityLink, ErrorNotice, Loading } from "../../components/common";

const KINDS: CoverageChangeKind[] = ["GAINED", "LOST", "CHANGED"];

export function DiffPanel({ from, to, underUnitId }: { from: string; to: string; underUnitId: string | null }) {
  const { t, date, number } = useLocale();
  const { data, error, loading } = useQuery(CoverageDiff, { from, to, underUnitId });
  return (
    <section className="panel diff" aria-labelledby="diff-title" data-testid="map-diff">
      <h2 id="diff-title">{t("diffTitle", { from: date(from), to: date(to) })}</h2>
      <ErrorNotice error={error} />
      {loading && <Loading />}
      {data && (
        <>
          <ul className="diff-counts">
            {KINDS.map((kind) => (
              <li key={kind} className={`change-${kind}`} data-testid={`diff-count-${kind}`}>
                <strong>{number(data.coverageDiff.filter((c) => c.change === kind).length)}</strong> {t(`change_${kind}` as MessageKey)}
              </li>
            ))}
          </ul>
          {data.coverageDiff.length === 0 ? (
            <p className="muted">{t("diffNone")}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t("diffTitle", { from: date(from), to: date(to) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("colBranch")}</th>
                  <th scope="col">{t("colChange")}</th>
                  <th scope="col">{t("colAdded")}</th>
                  <th scope="col">{t("colRemoved")}</th>
                </tr>
              </thead>
              <tbody>
                {data.coverageDiff.map((change) => (
                  <tr key={change.branch.id} data-testid="diff-row">
                    <td>
                      <EntityLink entity={change.branch} asOf={to} />
                    </td>
                    <td>
                      <span className={`change-tag change-${change.change}`}>{t(`change_${change.change}` as MessageKey)}</span>
                    </td>
                    <td>{change.added.map((point) => `${point.leader.name} (${point.liaisonPoint.id})`).join("、") || "—"}</td>
                    <td>{change.removed.map((point) => `${point.leader.name} (${point.liaisonPoint.id})`).join("、") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
