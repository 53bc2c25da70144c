// The documented /imports routes (api/http/imports.py): upload a bundle for a plan, then apply
// exactly that plan. Answers are JSON; refusals carry `errors` and, for a bad bundle, `problems`.
import { currentToken } from "../auth/session";
import { apiErrorOf, apiHeaders } from "./client";

export interface ImportProblem {
  file: string;
  sheet: string | null;
  row: number | null;
  cell: string | null;
  column: string | null;
  code: string | null;
  severity: string;
  message: string;
}

export interface TablePlan {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export interface ImportPlan {
  importId: string;
  expiresAt: string;
  warnings: ImportProblem[];
  plan: { totals: TablePlan; tables: Record<string, TablePlan> };
  conflicts: unknown[];
}

export interface AppliedImport {
  applied: boolean;
  change_id: string | null;
  importId: string;
}

/** The content type the API expects for a file, by its name. */
export function uploadType(file: File): string {
  return file.name.toLowerCase().endsWith(".zip")
    ? "application/zip"
    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

async function post<T>(url: string, body: BodyInit | null, contentType?: string): Promise<T> {
  const token = currentToken();
  const response = await fetch(url, {
    method: "POST",
    headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...apiHeaders(token) },
    body,
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { errors: [{ message: text.slice(0, 200) || `HTTP ${response.status}` }] };
  }
  if (!response.ok) throw apiErrorOf(response.status, parsed, token !== null);
  return parsed as T;
}

export function planImport(file: File): Promise<ImportPlan> {
  return post<ImportPlan>("/imports", file, uploadType(file));
}

export function applyImport(importId: string, overwriteChanges: boolean): Promise<AppliedImport> {
  const query = overwriteChanges ? "?overwriteChanges=true" : "";
  return post<AppliedImport>(`/imports/${encodeURIComponent(importId)}/apply${query}`, null);
}

/** The problems a refusal listed, if any. */
export function problemsOf(body: unknown): ImportProblem[] {
  const problems = (body as { problems?: ImportProblem[] } | null)?.problems;
  return Array.isArray(problems) ? problems : [];
}
