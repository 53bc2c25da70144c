// Why a branch is uncovered (explainUncovered): the points that reach it and why each does not
// count (the API's words, in the page's language), with its evidence, and the near misses next
// to it.
import type { ExplainUncoveredQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
import { EntityLink } from "../../components/common";
import { EvidenceGraph, mergeEvidence } from "../../components/EvidenceGraph";

type Explanation = ExplainUncoveredQuery["explainUncovered"];

export function Explanation({ explanation, asOf }: { explanation: Explanation; asOf: string }) {
  const { t, date } = useLocale();
  return (
    <div data-testid="branch-explain">
      <h3>{t("explainTitle")}</h3>
      {!explanation.exists && (
        <p className="notice">
          {t("explainNotExisting", { established: date(explanation.establishedOn), dissolved: date(explanation.dissolvedOn) })}
        </p>
      )}
      <h4>{t("candidatesTitle")}</h4>
      {explanation.candidates.length === 0 ? (
        <p className="muted">{t("candidatesNone")}</p>
      ) : (
        <>
          <table data-testid="branch-candidates">
            <thead>
              <tr>
                <th scope="col">{t("colPoint")}</th>
                <th scope="col">{t("colLeader")}</th>
                <th scope="col">{t("colHow")}</th>
                <th scope="col">{t("colPeriod")}</th>
                <th scope="col">{t("colReasons")}</th>
              </tr>
            </thead>
            <tbody>
              {explanation.candidates.map((candidate) => (
                <tr key={`${candidate.liaisonPoint.id}-${candidate.kind}`}>
                  <td>
                    <EntityLink entity={candidate.liaisonPoint} asOf={asOf} />
                  </td>
                  <td>
                    <EntityLink entity={candidate.leader} asOf={asOf} />
                  </td>
                  <td>{t(`kind_${candidate.kind}` as MessageKey)}</td>
                  <td>
                    {date(candidate.from)} – {date(candidate.to)}
                  </td>
                  <td>
                    <ul className="reasons">
                      {candidate.reasons.map((reason) => (
                        <li key={`${reason.code}-${reason.day ?? ""}`} data-code={reason.code}>
                          {reason.message}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <EvidenceGraph evidence={mergeEvidence(explanation.candidates.map((candidate) => candidate.evidence))} testId="branch-candidate-evidence" />
        </>
      )}
      <h4>{t("nearMissTitle")}</h4>
      {explanation.nearMisses.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <table data-testid="branch-near-misses">
          <thead>
            <tr>
              <th scope="col">{t("colPoint")}</th>
              <th scope="col">{t("colLeader")}</th>
              <th scope="col">{t("colTarget")}</th>
              <th scope="col">{t("colRelation")}</th>
            </tr>
          </thead>
          <tbody>
            {explanation.nearMisses.map((miss) => (
              <tr key={miss.liaisonPoint.id}>
                <td>
                  <EntityLink entity={miss.liaisonPoint} asOf={asOf} />
                </td>
                <td>
                  <EntityLink entity={miss.leader} asOf={asOf} />
                </td>
                <td>
                  <EntityLink entity={miss.target} asOf={asOf} />
                </td>
                <td>{t(`relation_${miss.relation}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
