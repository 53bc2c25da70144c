// The responsibility chain as an ordered ladder, bottom rung first; missing and ambiguous links
// are marked by colour, by word and by the API's note.
import type { BranchPageQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";
import { EntityLink } from "../../components/common";

type Link = BranchPageQuery["responsibilityChain"]["links"][number];

export function ChainLadder({ links, asOf }: { links: Link[]; asOf: string }) {
  const { t } = useLocale();
  return (
    <ol className="ladder" aria-label={t("chainLabel")} data-testid="chain-ladder">
      {links.map((link, index) => (
        <li key={`${link.level}-${index}`} className={link.status} data-testid="chain-link" data-level={link.level} data-status={link.status}>
          <div>
            <strong>{t(`level_${link.level}` as MessageKey)}</strong>{" "}
            <span className="link-status">[{t(`status_${link.status}` as MessageKey)}]</span>{" "}
            {link.entities.map((entity, position) => (
              <span key={entity.id}>
                {position > 0 && "、"}
                <EntityLink entity={entity} asOf={asOf} />
              </span>
            ))}
          </div>
          {link.people.length > 0 && (
            <div className="muted">
              {link.people.map((inRole, position) => (
                <span key={`${inRole.person.id}-${inRole.role}-${inRole.liaisonPointId ?? ""}`}>
                  {position > 0 && "；"}
                  {roleName(inRole.role, t)}：<EntityLink entity={inRole.person} asOf={asOf} />
                  {inRole.via && ` (${t(`kind_${inRole.via}` as MessageKey)}${inRole.liaisonPointId ? `, ${inRole.liaisonPointId}` : ""})`}
                </span>
              ))}
            </div>
          )}
          {link.note && <div className="note" data-testid="chain-note">{link.note}</div>}
        </li>
      ))}
    </ol>
  );
}

function roleName(role: string, t: (key: MessageKey) => string): string {
  const key = `role_${role}`;
  return key in ROLE_KEYS ? t(key as MessageKey) : role;
}

const ROLE_KEYS = { role_team_leader: 1, role_group_leader: 1, role_secretary: 1, role_covering_leader: 1, role_leader_in_charge: 1 };
