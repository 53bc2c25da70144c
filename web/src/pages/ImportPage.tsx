// 5 · Import (admins): upload a workbook or zipped CSV folder, read the plan or the problems by
// sheet and cell, then apply the plan, all through the /imports routes.
import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { applyImport, planImport, problemsOf, type AppliedImport, type ImportPlan, type ImportProblem } from "../api/imports";
import { useLocale } from "../i18n/locale";
import { ErrorNotice } from "../components/common";
import { ProblemsBySheet } from "./import/ProblemsBySheet";

export default function ImportPage() {
  const { t, number } = useLocale();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [applied, setApplied] = useState<AppliedImport | null>(null);
  const [overwrite, setOverwrite] = useState(false);

  function fail(caught: unknown) {
    const apiError = caught instanceof ApiError ? caught : new ApiError(String(caught), null, 0);
    setError(apiError);
    setProblems(problemsOf(apiError.body));
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    setPlan(null);
    setProblems([]);
    setApplied(null);
    setError(null);
    if (!file) {
      setError(new ApiError(t("importNothing"), null, 0));
      return;
    }
    setBusy(true);
    try {
      setPlan(await planImport(file));
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      setApplied(await applyImport(plan.importId, overwrite));
      setPlan(null);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  }

  const tables = plan ? Object.entries(plan.plan.tables) : [];
  return (
    <article aria-labelledby="import-title" data-testid="import-page">
      <h1 id="import-title">{t("importTitle")}</h1>
      <p className="muted">{t("importHelp")}</p>
      <form className="panel toolbar" onSubmit={upload}>
        <label>
          {t("importFile")}{" "}
          <input
            type="file"
            accept=".xlsx,.zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/zip"
            data-testid="import-file"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="import-upload">
          {t("importUpload")}
        </button>
      </form>
      {busy && <p role="status">{t("loading")}</p>}
      <ErrorNotice error={error} />
      {applied && (
        <p className="notice ok" role="status" data-testid="import-applied">
          {t("importApplied", { id: applied.importId })}
        </p>
      )}
      {problems.length > 0 && <ProblemsBySheet problems={problems} title={t("importProblems", { count: problems.length })} testId="import-problems" />}
      {plan && (
        <section className="panel" aria-labelledby="plan-title" data-testid="import-plan">
          <h2 id="plan-title">{t("importPlan")}</h2>
          <p className="muted">{t("importExpires", { at: new Date(plan.expiresAt).toLocaleString() })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("planTable")}</th>
                <th scope="col">{t("planAdded")}</th>
                <th scope="col">{t("planChanged")}</th>
                <th scope="col">{t("planRemoved")}</th>
                <th scope="col">{t("planUnchanged")}</th>
              </tr>
            </thead>
            <tbody>
              {tables.map(([name, counts]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="num">{number(counts.added)}</td>
                  <td className="num">{number(counts.changed)}</td>
                  <td className="num">{number(counts.removed)}</td>
                  <td className="num">{number(counts.unchanged)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t("planTotal")}</th>
                <td className="num">{number(plan.plan.totals.added)}</td>
                <td className="num">{number(plan.plan.totals.changed)}</td>
                <td className="num">{number(plan.plan.totals.removed)}</td>
                <td className="num">{number(plan.plan.totals.unchanged)}</td>
              </tr>
            </tbody>
          </table>
          {plan.warnings.length > 0 && <ProblemsBySheet problems={plan.warnings} title={t("importWarnings", { count: plan.warnings.length })} testId="import-warnings" />}
          {plan.conflicts.length > 0 && (
            <>
              <h3>{t("importConflicts", { count: plan.conflicts.length })}</h3>
              <pre className="conflicts">{JSON.stringify(plan.conflicts, null, 2)}</pre>
              <label>
                <input type="checkbox" checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)} data-testid="import-overwrite" />{" "}
                {t("importOverwrite")}
              </label>
            </>
          )}
          <div className="toolbar">
            <button type="button" className="primary" onClick={apply} disabled={busy} data-testid="import-apply">
              {t("importApply")}
            </button>
          </div>
        </section>
      )}
    </article>
  );
}
