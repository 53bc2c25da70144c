// A leader's visits on a timeline, newest first, with what each was for.
import type { LeaderPageQuery } from "../../gql/graphql";
import { useLocale } from "../../i18n/locale";
import type { MessageKey } from "../../i18n/messages";

type Person = Extract<NonNullable<LeaderPageQuery["node"]>, { partyStatus: unknown }>;
type Visit = Person["visits"]["nodes"][number];

export function VisitsTimeline({ visits, total }: { visits: Visit[]; total: number }) {
  const { t, date } = useLocale();
  const newestFirst = [...visits].sort((a, b) => b.date.localeCompare(a.date));
  return (
    <section className="panel" aria-labelledby="leader-visits" data-testid="leader-visits">
      <h2 id="leader-visits">{t("visitsTitle")}</h2>
      {visits.length === 0 ? (
        <p className="muted">{t("visitsNone")}</p>
      ) : (
        <>
          <p className="muted">{t("visitsShown", { shown: visits.length, total })}</p>
          <ol className="timeline" tabIndex={0} aria-label={t("visitsTitle")}>
            {newestFirst.map((visit, index) => (
              <li key={`${visit.date}-${visit.liaisonPoint.id}-${index}`} data-testid="leader-visit">
                <time dateTime={visit.date}>{date(visit.date)}</time> · {visit.liaisonPoint.id}
                {visit.kind && <> · {t(`visitKind_${visit.kind}` as MessageKey)}</>}
                {visit.note && <span className="muted"> · {visit.note}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
