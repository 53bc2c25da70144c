// 3 · A leader: seats, domains in charge, liaison points with their last visit, branches
// covered, visits on a timeline, and workload beside the same committee's other leaders.
import { LeaderPage as LeaderQuery, Workload } from "../api/operations";
import { useQuery } from "../api/useQuery";
import type { LeaderPageQuery } from "../gql/graphql";
import { useLocale } from "../i18n/locale";
import type { MessageKey } from "../i18n/messages";
import { setParam, useRoute } from "../router";
import { DayPicker, EntityLink, ErrorNotice, Loading, today } from "../components/common";
import { VisitsTimeline } from "./leader/VisitsTimeline";
import { WorkloadTable } from "./leader/WorkloadTable";

type Person = Extract<NonNullable<LeaderPageQuery["node"]>, { partyStatus: unknown }>;
const LEADER_ROLES = new Set(["SECRETARY", "DEPUTY_SECRETARY", "COMMITTEE_MEMBER"]);

export default function LeaderPage({ leaderId }: { leaderId: string }) {
  const { t, date, number } = useLocale();
  const { params } = useRoute();
  const asOf = params.get("asOf") || today();
  const { data, error, loading } = useQuery(LeaderQuery, { leaderId, asOf });
  const person = data?.node && "partyStatus" in data.node ? (data.node as Person) : null;
  // The committee the leader sits on that day: its unit bounds the workload question.
  const committeeSeat = person?.seats.nodes.find((seat) => seat.partyOrg.kind === "COMMITTEE" && LEADER_ROLES.has(seat.role));
  const workload = useQuery(Workload, { asOf, underUnitId: committeeSeat?.partyOrg.unit?.id ?? null }, !committeeSeat);

  return (
    <article aria-labelledby="leader-title" data-testid="leader-page">
      <div className="page-head">
        <h1 id="leader-title">
          <span className="muted">{t("leaderTitle")} · </span>
          {data?.node?.name ?? leaderId}
        </h1>
        <div className="controls">
          <DayPicker label={t("day")} value={asOf} onChange={(value) => setParam("asOf", value)} testId="leader-as-of" />
        </div>
      </div>
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && !data.node && <p className="notice">{t("notFound")}</p>}
      {data && data.node && !person && <p className="notice">{t("notAPerson")}</p>}
      {data && person && (
        <>
          <div className="grid-2">
            <section className="panel" aria-labelledby="leader-facts" data-testid="leader-facts">
              <h2 id="leader-facts">{t("branchFacts")}</h2>
              <dl className="facts">
                <dt>{t("unit")}</dt>
                <dd>{person.unit ? <EntityLink entity={{ ...person.unit, kind: "UNIT" }} asOf={asOf} /> : t("none")}</dd>
                <dt>{t("leaderSeats")}</dt>
                <dd>
                  {person.seats.nodes.length === 0
                    ? t("none")
                    : person.seats.nodes.map((seat, index) => (
                        <span key={`${seat.partyOrg.id}-${seat.role}`}>
                          {index > 0 && "；"}
                          <EntityLink entity={{ ...seat.partyOrg, kind: "PARTY_ORG" }} asOf={asOf} /> {t(`seatRole_${seat.role}` as MessageKey)}
                        </span>
                      ))}
                </dd>
                <dt>{t("domainsTitle")}</dt>
                <dd data-testid="leader-domains">
                  {person.charges.nodes.length === 0
                    ? t("domainsNone")
                    : person.charges.nodes.map((charge, index) => (
                        <span key={charge.domain.id}>
                          {index > 0 && "、"}
                          {charge.domain.name}
                        </span>
                      ))}
                </dd>
              </dl>
            </section>
            <section className="panel" aria-labelledby="leader-branches" data-testid="leader-branches">
              <h2 id="leader-branches">
                {t("branchesCoveredTitle")} ({number(data.leaderCoverage.length)})
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("colBranch")}</th>
                    <th scope="col">{t("colHow")}</th>
                    <th scope="col">{t("colPoint")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.leaderCoverage.map((coverage) => (
                    <tr key={`${coverage.branch.id}-${coverage.liaisonPoint.id}-${coverage.kind}`}>
                      <td>
                        <EntityLink entity={coverage.branch} asOf={asOf} />
                      </td>
                      <td>{t(`kind_${coverage.kind}` as MessageKey)}</td>
                      <td>{coverage.liaisonPoint.id}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <section className="panel" aria-labelledby="leader-points" data-testid="leader-points">
            <h2 id="leader-points">{t("pointsTitle")}</h2>
            {person.liaisonPoints.nodes.length === 0 ? (
              <p className="muted">{t("pointsNone")}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("colPoint")}</th>
                    <th scope="col">{t("colKind")}</th>
                    <th scope="col">{t("colTarget")}</th>
                    <th scope="col">{t("colPeriod")}</th>
                    <th scope="col">{t("colVisits")}</th>
                    <th scope="col">{t("colLastVisit")}</th>
                  </tr>
                </thead>
                <tbody>
                  {person.liaisonPoints.nodes.map((point) => (
                    <tr key={point.id} data-testid="leader-point-row">
                      <td>
                        <EntityLink entity={{ id: point.id, name: point.id, kind: "LIAISON_POINT" }} asOf={asOf} />
                      </td>
                      <td>{t(`liaison_${point.kind}` as MessageKey)}</td>
                      <td>{point.target ? <EntityLink entity={point.target} asOf={asOf} /> : "—"}</td>
                      <td>
                        {date(point.from)} – {date(point.to)}
                      </td>
                      <td className="num">{number(point.visits.totalCount)}</td>
                      <td>{date(point.visits.nodes[0]?.date)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <div className="grid-2">
            <VisitsTimeline visits={person.visits.nodes} total={person.visits.totalCount} />
            <section className="panel" aria-labelledby="leader-workload" data-testid="leader-workload">
              <h2 id="leader-workload">{t("workloadTitle")}</h2>
              {!committeeSeat && <p className="muted">{t("none")}</p>}
              {committeeSeat && <p>{t("workloadCommittee", { name: committeeSeat.partyOrg.name })}</p>}
              <ErrorNotice error={workload.error} />
              {workload.loading && <Loading />}
              {workload.data && committeeSeat && (
                <WorkloadTable rows={workload.data.leaderWorkload} committeeId={committeeSeat.partyOrg.id} leaderId={leaderId} asOf={asOf} />
              )}
            </section>
          </div>
        </>
      )}
    </article>
  );
}
