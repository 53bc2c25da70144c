// Any other entity a search or a link leads to: a team, project, party group or liaison point,
// with its links to the views that say more.
import type { ReactNode } from "react";
import { EntityPage as EntityQuery } from "../api/operations";
import { useQuery } from "../api/useQuery";
import { useLocale } from "../i18n/locale";
import type { MessageKey } from "../i18n/messages";
import { href, useRoute } from "../router";
import { EntityLink, ErrorNotice, Loading } from "../components/common";

type Named = { id: string; name: string };

export default function EntityPage({ entityId }: { entityId: string }) {
  const { t, date } = useLocale();
  const { params } = useRoute();
  const asOf = params.get("asOf");
  const { data, error, loading } = useQuery(EntityQuery, { id: entityId });
  const node = data?.node ?? null;
  const link = (entity: Named | null | undefined, kind: string) =>
    entity ? <EntityLink entity={{ ...entity, kind }} asOf={asOf} /> : t("none");
  const facts: [string, ReactNode][] = [];
  if (node?.__typename === "Team") {
    facts.push([t("unit"), link(node.unit, "UNIT")], [t("teamLeader"), link(node.leader, "PERSON")]);
    facts.push([t("members", { count: node.members.totalCount }), node.members.nodes.map((m, i) => <span key={m.id}>{i > 0 && "、"}{link(m, "PERSON")}</span>)]);
    facts.push([t("groupsTitle"), node.partyGroups.nodes.map((g, i) => <span key={g.id}>{i > 0 && "、"}{g.name}{g.branch && <> · {link(g.branch, "PARTY_ORG")}</>}</span>)]);
  } else if (node?.__typename === "Project") {
    facts.push([t("unit"), link(node.unit, "UNIT")], [t("colPeriod"), `${date(node.startOn)} – ${date(node.endOn)}`]);
    facts.push([t("search_partyOrgs"), node.partyOrgs.nodes.map((o, i) => <span key={o.id}>{i > 0 && "、"}{link(o, "PARTY_ORG")}</span>)]);
  } else if (node?.__typename === "PartyGroup") {
    facts.push([t("colBranch"), link(node.branch, "PARTY_ORG")], [t("team"), link(node.team, "TEAM")]);
  } else if (node?.__typename === "LiaisonPoint") {
    facts.push([t("colLeader"), link(node.leader, "PERSON")]);
    facts.push([t("colTarget"), node.target ? <EntityLink entity={node.target} asOf={asOf} /> : t("none")]);
  } else if (node?.__typename === "Unit") {
    facts.push([t("unit"), <a key="map" href={href("/", { asOf, unit: node.id })}>{t("openOnMap")}</a>]);
  }
  return (
    <article aria-labelledby="entity-title" data-testid="entity-page">
      <h1 id="entity-title">
        <span className="muted">{t(node ? kindKey(node.label) : "entityTitle")} · </span>
        {node?.name ?? entityId}
      </h1>
      <ErrorNotice error={error} />
      {loading && <Loading />}
      {data && !node && <p className="notice">{t("notFound")}</p>}
      {node && (
        <section className="panel">
          <dl className="facts">
            <dt>id</dt>
            <dd>{node.id}</dd>
            {facts.map(([label, value]) => (
              <div key={label} style={{ display: "contents" }}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </article>
  );
}

function kindKey(label: string): MessageKey {
  const keys: Record<string, MessageKey> = {
    TEAM: "search_teams",
    PROJECT: "search_projects",
    UNIT: "search_units",
    PERSON: "search_people",
    PARTY_ORG: "search_partyOrgs",
    PARTY_GROUP: "level_PARTY_GROUP",
    DOMAIN: "level_DOMAIN",
    LIAISON_POINT: "colPoint",
  };
  return keys[label] ?? "entityTitle";
}
