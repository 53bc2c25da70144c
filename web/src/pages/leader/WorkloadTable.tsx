// Workload of the leaders seated on one committee (leaderWorkload), the leader shown highlighted.
import type { WorkloadQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
import { EntityLink } from "../../components/common";

type Row = WorkloadQuery["leaderWorkload"][number];

export function WorkloadTable({ rows, committeeId, leaderId, asOf }: { rows: Row[]; committeeId: string; leaderId: string; asOf: string }) {
  const { t, date, number } = useLocale();
  // leaderWorkload answers for the committee's unit and below: keep this committee's seats.
  const sameCommittee = rows.filter((row) => row.seats.some((seat) => seat.committee.id === committeeId));
  return (
    <table data-testid="leader-workload-table">
      <thead>
        <tr>
          <th scope="col">{t("colLeader")}</th>
          <th scope="col">{t("colRole")}</th>
          <th scope="col">{t("colPbPoints")}</th>
          <th scope="col">{t("colBranchPoints")}</th>
          <th scope="col">{t("colBranchesCovered")}</th>
          <th scope="col">{t("colVisits")}</th>
          <th scope="col">{t("colLastVisit")}</th>
        </tr>
      </thead>
      <tbody>
        {sameCommittee.map((row) => {
          const seat = row.seats.find((candidate) => candidate.committee.id === committeeId);
          return (
            <tr key={row.leader.id} className={row.leader.id === leaderId ? "current" : undefined} aria-current={row.leader.id === leaderId ? "true" : undefined}>
              <td>
                <EntityLink entity={row.leader} asOf={asOf} />
              </td>
              <td>{seat ? t(`seatRole_${seat.role.toUpperCase()}` as MessageKey) : "—"}</td>
              <td className="num">{number(row.partyBuildingPoints)}</td>
              <td className="num">{number(row.branchPoints)}</td>
              <td className="num">{number(row.branchesCovered)}</td>
              <td className="num">{number(row.visits)}</td>
              <td>{date(row.lastVisit)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
