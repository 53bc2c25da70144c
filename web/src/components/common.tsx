// Small pieces every view uses: a day picker, an error notice, links to entities, the coverage
// colour scale.
import type { ApiError } from "../api/client";
import { useLocale } from "../i18n/locale";
import { entityHref } from "../router";

/** Today in the organisation's time zone (the API's default day), as YYYY-MM-DD. */
export function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

export function DayPicker({
  label,
  value,
  onChange,
  testId,
  optional = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  optional?: boolean;
}) {
  const { t } = useLocale();
  return (
    <span className="day-picker">
      <label>
        {label}{" "}
        <input type="date" value={value} data-testid={testId} onChange={(event) => onChange(event.target.value)} />
      </label>
      {optional && value && (
        <button type="button" className="link-button" onClick={() => onChange("")} data-testid={`${testId}-clear`}>
          {t("clear")}
        </button>
      )}
    </span>
  );
}

export function ErrorNotice({ error }: { error: ApiError | null }) {
  const { t } = useLocale();
  if (!error) return null;
  return (
    <p className="notice error" role="alert" data-testid="error">
      {t("errorPrefix")} {error.message}
      {error.code && <span className="muted"> ({error.code})</span>}
    </p>
  );
}

export function Loading() {
  const { t } = useLocale();
  return (
    <p className="muted" role="status">
      {t("loading")}
    </p>
  );
}

export function EntityLink({ entity, asOf }: { entity: { id: string; kind?: string; label?: string; name: string }; asOf?: string | null }) {
  return <a href={entityHref(entity.kind ?? entity.label ?? "", entity.id, asOf)}>{entity.name}</a>;
}

/** The colour class of a coverage ratio: the text beside it always says the number too. */
export function ratioClass(ratio: number | null | undefined): string {
  if (ratio == null) return "ratio-none";
  if (ratio >= 1) return "ratio-full";
  if (ratio >= 0.9) return "ratio-high";
  if (ratio >= 0.75) return "ratio-mid";
  return "ratio-low";
}

export function RatioBar({ ratio }: { ratio: number | null | undefined }) {
  const { percent } = useLocale();
  return (
    <span className={`ratio ${ratioClass(ratio)}`}>
      <span className="ratio-bar" aria-hidden="true">
        <span style={{ width: `${Math.round((ratio ?? 0) * 100)}%` }} />
      </span>
      <span className="ratio-text">{percent(ratio)}</span>
    </span>
  );
}
