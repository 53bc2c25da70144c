// GraphiQL served by the project (no CDN): it talks to /graphql with the dashboard's token.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { GraphiQL } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { ExecutionResult } from "graphql";
import { apiHeaders } from "../api/client";

interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/** POST the operation to /graphql, with the token the dashboard signed in with (if any) and any
 * headers typed in GraphiQL's headers pane (which win). */
async function fetcher(params: FetcherParams, options?: { headers?: Record<string, unknown> }): Promise<ExecutionResult> {
  const typed = Object.fromEntries(Object.entries(options?.headers ?? {}).map(([name, value]) => [name, String(value)]));
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...apiHeaders(), ...typed },
    body: JSON.stringify(params),
  });
  return (await response.json()) as ExecutionResult;
}

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultEditorToolsVisibility />
  </StrictMode>,
);
