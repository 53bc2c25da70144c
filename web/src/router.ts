// Hash routing (#/branch/br-1?asOf=…): the server needs no fallback route, and a link to any view
// can be pasted into a meeting's notes.
import { useSyncExternalStore } from "react";

export interface Route {
  /** The path after '#', e.g. "/branch/br-b09-s1". */
  path: string;
  /** The part after '?'. */
  params: URLSearchParams;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

function currentHash(): string {
  return window.location.hash;
}

export function parseHash(hash: string): Route {
  const [path, query] = hash.replace(/^#/, "").split("?", 2);
  return { path: path || "/", params: new URLSearchParams(query ?? "") };
}

export function useRoute(): Route {
  return parseHash(useSyncExternalStore(subscribe, currentHash));
}

/** The href of a view, with its query parameters (empty ones dropped). */
export function href(path: string, params: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

export function navigate(path: string, params: Record<string, string | null | undefined> = {}): void {
  window.location.hash = href(path, params);
}

/** Replace one query parameter of the current view, keeping the others. */
export function setParam(name: string, value: string | null): void {
  const route = parseHash(window.location.hash);
  const params = Object.fromEntries(route.params.entries());
  params[name] = value ?? "";
  window.location.hash = href(route.path, params);
}

/** Where an entity of a kind is shown. */
export function entityHref(kind: string, id: string, asOf?: string | null): string {
  switch (kind) {
    case "PARTY_ORG":
      return href(`/branch/${encodeURIComponent(id)}`, { asOf });
    case "PERSON":
      return href(`/leader/${encodeURIComponent(id)}`, { asOf });
    case "UNIT":
      return href("/", { asOf, unit: id });
    default:
      return href(`/entity/${encodeURIComponent(id)}`, { asOf });
  }
}
