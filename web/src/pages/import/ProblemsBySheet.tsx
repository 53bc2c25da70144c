// An import's problems grouped by sheet (or file), each with its cell marked, as the API located
// it, in the API's words.
import type { ImportProblem } from "../../api/imports";
import { useLocale } from "../../i18n/locale";

export function ProblemsBySheet({ problems, title, testId }: { problems: ImportProblem[]; title: string; testId: string }) {
  const { t } = useLocale();
  const bySheet = new Map<string, ImportProblem[]>();
  problems.forEach((problem) => {
    const sheet = problem.sheet ?? problem.file;
    bySheet.set(sheet, [...(bySheet.get(sheet) ?? []), problem]);
  });
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {[...bySheet.entries()].map(([sheet, found]) => (
        <div key={sheet} data-testid="import-sheet" data-sheet={sheet}>
          <h3>
            {t("colSheet")}：{sheet} <span className="muted">({found.length})</span>
          </h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("colCell")}</th>
                <th scope="col">{t("colRow")}</th>
                <th scope="col">{t("colColumn")}</th>
                <th scope="col">{t("colCode")}</th>
                <th scope="col">{t("colMessage")}</th>
              </tr>
            </thead>
            <tbody>
              {found.map((problem, index) => (
                <tr key={`${problem.cell ?? problem.row ?? ""}-${index}`} data-testid="import-problem" data-cell={problem.cell ?? ""} className={`sev-row-${problem.severity}`}>
                  <td className="cell-ref">
                    <mark>{problem.cell ?? "—"}</mark>
                  </td>
                  <td className="num">{problem.row ?? "—"}</td>
                  <td>{problem.column ?? "—"}</td>
                  <td className="cell-ref">{problem.code ?? "—"}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
