// 2 · A branch: who covers it and how (with the evidence drawn), why not when it is uncovered,
// its responsibility chain as a ladder, and its party groups, teams and members.
import { BranchPage as BranchQuery, ExplainUncovered } from "../api/operations";
import { useQuery } from "../api/useQuery";
import type { BranchPageQuery } from "../gql/graphql";
import { useLocale } from "../i18n/locale";
import type { MessageKey } from "../i18n/messages";
import { setParam, useRoute } from "../router";
import { DayPicker, EntityLink, ErrorNotice, Loading, today } from "../components/common";
import { EvidenceGraph, mergeEvidence } from "../components/EvidenceGraph";
import { ChainLadder } from "./branch/ChainLadder";
import { Explanation } from "./branch/Explanation";
import { Groups } from "./branch/Groups";

type Org = Extract<NonNullable<BranchPageQuery["node"]>, { kind: unknown }>;

export default function BranchPage({ branchId }: { branchId: string }) {
  const { t, date } = useLocale();
  const { params } = useRoute();
  const asOf = params.get("asOf") || today();
  const { data, error, loading } = useQuery(BranchQuery, { branchId, asOf });
  const covered = data ? data.branchCoverage.length > 0 : null;
  const explanation = useQuery(ExplainUncovered, { branchId, asOf }, covered !== false);

  const org = data?.node && "kind" in data.node ? (data.node as Org) : null;
  return (
    <article aria-labelledby="branch-title" data-testid="branch-page">
      <div className="page-head">
        <h1 id="branch-title">
          <span className="muted">{t("branchTitle")} · </span>
          {data?.node?.name ?? branchId}
        </h1>
        <div className="controls">
          <DayPicker label={t("day")} value={asOf} onChange={(value) => setParam("asOf", value)} testId="branch-as-of" />
        </div>
      </div>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && !data.node && <p className="notice">{t("notFound")}</p>}
      {data && data.node && !org && <p className="notice">{t("notABranch")}</p>}
      {data && org && (
        <>
          <section className="panel" aria-labelledby="facts-title" data-testid="branch-facts">
            <h2 id="facts-title">{t("branchFacts")}</h2>
            <dl className="facts">
              <dt>{t("unit")}</dt>
              <dd>{org.unit ? <EntityLink entity={{ ...org.unit, kind: "UNIT" }} asOf={asOf} /> : t("none")}</dd>
              <dt>{t("parentOrg")}</dt>
              <dd>{org.parent ? <EntityLink entity={{ ...org.parent, kind: "PARTY_ORG" }} asOf={asOf} /> : t("none")}</dd>
              <dt>{t("secretary")}</dt>
              <dd>{org.secretary ? <EntityLink entity={{ ...org.secretary, kind: "PERSON" }} asOf={asOf} /> : <span className="status bad">{t("none")}</span>}</dd>
              <dt>{t("established")}</dt>
              <dd>{date(org.establishedOn)}</dd>
              {org.dissolvedOn && (
                <>
                  <dt>{t("dissolved")}</dt>
                  <dd>{date(org.dissolvedOn)}</dd>
                </>
              )}
              <dt>{t("colCoverage")}</dt>
              <dd data-testid="branch-status" className={`status ${covered ? "ok" : "bad"}`}>
                {covered ? t("covered") : t("uncovered")}
              </dd>
            </dl>
          </section>
          <div className="grid-2">
            <section className="panel" aria-labelledby="coverage-title" data-testid="branch-coverage">
              <h2 id="coverage-title">{t("coverageTitle")}</h2>
              {data.branchCoverage.length === 0 ? (
                <p className="status bad">{t("coverageNone")}</p>
              ) : (
                <>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("colLeader")}</th>
                        <th scope="col">{t("colHow")}</th>
                        <th scope="col">{t("colPoint")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.branchCoverage.map((coverage) => (
                        <tr key={`${coverage.liaisonPoint.id}-${coverage.kind}`} data-testid="branch-coverage-row">
                          <td>
                            <EntityLink entity={coverage.leader} asOf={asOf} />
                          </td>
                          <td>{t(`kind_${coverage.kind}` as MessageKey)}</td>
                          <td>
                            <EntityLink entity={coverage.liaisonPoint} asOf={asOf} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <h3>{t("evidenceTitle")}</h3>
                  <EvidenceGraph evidence={mergeEvidence(data.branchCoverage.map((coverage) => coverage.evidence))} testId="branch-evidence" />
                </>
              )}
              {covered === false && (
                <>
                  <ErrorNotice error={explanation.error} />
                  {explanation.loading && <Loading />}
                  {explanation.data && <Explanation explanation={explanation.data.explainUncovered} asOf={asOf} />}
                </>
              )}
            </section>
            <section className="panel" aria-labelledby="chain-title">
              <h2 id="chain-title">{t("chainTitle")}</h2>
              <ChainLadder links={data.responsibilityChain.links} asOf={asOf} />
            </section>
          </div>
          <Groups org={org} asOf={asOf} />
        </>
      )}
    </article>
  );
}
