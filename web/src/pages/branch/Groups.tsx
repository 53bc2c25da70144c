// A branch's people: its seats that day, and its party groups with their teams and members.
import type { BranchPageQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
import { EntityLink } from "../../components/common";

type Org = Extract<NonNullable<BranchPageQuery["node"]>, { kind: unknown }>;

export function Groups({ org, asOf }: { org: Org; asOf: string }) {
  const { t, date } = useLocale();
  return (
    <div className="grid-2">
      <section className="panel" aria-labelledby="groups-title" data-testid="branch-groups">
        <h2 id="groups-title">{t("groupsTitle")}</h2>
        {org.partyGroups.nodes.length === 0 && <p className="muted">{t("groupsNone")}</p>}
        {org.partyGroups.nodes.map((group) => (
          <div key={group.id} className="group" data-testid="branch-group">
            <h3>
              <EntityLink entity={{ ...group, kind: "PARTY_GROUP" }} asOf={asOf} />
            </h3>
            <p>
              {t("groupLeader")}：{group.leader ? <EntityLink entity={{ ...group.leader, kind: "PERSON" }} asOf={asOf} /> : t("none")}
              {group.team && (
                <>
                  {" · "}
                  {t("team")}：<EntityLink entity={{ ...group.team, kind: "TEAM" }} asOf={asOf} />
                  {" · "}
                  {t("teamLeader")}：{group.team.leader ? <EntityLink entity={{ ...group.team.leader, kind: "PERSON" }} asOf={asOf} /> : t("none")}
                </>
              )}
            </p>
            <p className="muted">
              {t("members", { count: group.members.totalCount })}：
              {group.members.nodes.map((member, index) => (
                <span key={member.id}>
                  {index > 0 && "、"}
                  <EntityLink entity={{ ...member, kind: "PERSON" }} asOf={asOf} />
                </span>
              ))}
            </p>
          </div>
        ))}
      </section>
      <section className="panel" aria-labelledby="seats-title" data-testid="branch-seats">
        <h2 id="seats-title">{t("seatsTitle")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("colPerson")}</th>
              <th scope="col">{t("colRole")}</th>
              <th scope="col">{t("colFrom")}</th>
              <th scope="col">{t("colTo")}</th>
            </tr>
          </thead>
          <tbody>
            {org.seats.nodes.map((seat) => (
              <tr key={`${seat.person.id}-${seat.role}-${seat.from ?? ""}`}>
                <td>
                  <EntityLink entity={{ ...seat.person, kind: "PERSON" }} asOf={asOf} />
                  <span className="muted"> · {t(`partyStatus_${seat.person.partyStatus}` as MessageKey)}</span>
                </td>
                <td>{t(`seatRole_${seat.role}` as MessageKey)}</td>
                <td>{date(seat.from)}</td>
                <td>{date(seat.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
