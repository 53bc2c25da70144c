// The one way the page talks to the API: POST /graphql with the session's token and language.
// Nothing is filtered here: the page shows what the API returns for the caller's scope.
import type { TypedDocumentString } from "../gql/graphql";
import { currentToken } from "../auth/session";
import { currentLocale } from "../i18n/locale";

/** An error the API returned, with its code (UNAUTHENTICATED, NOT_FOUND, …) when it gave one. */
export class ApiError extends Error {
  readonly code: string | null;
  readonly status: number;
  readonly body: unknown;

  constructor(message: string, code: string | null, status: number, body: unknown = null) {
    super(message);
    this.code = code;
    this.status = status;
    this.body = body;
  }
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request is refused for its token, so the app can return to sign-in. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** The headers every request carries: language always, the bearer token when signed in. */
export function apiHeaders(token: string | null = currentToken()): Record<string, string> {
  const headers: Record<string, string> = {
    "Accept-Language": currentLocale() === "zh-CN" ? "zh-CN,zh;q=0.9,en;q=0.5" : "en,zh;q=0.5",
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

interface ErrorBody {
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/** The first error of an API answer as an ApiError; when the token sent was refused (expired,
 * revoked), listeners hear of it so the user is sent back to sign in. */
export function apiErrorOf(status: number, body: unknown, tokenSent: boolean): ApiError {
  const first = (body as ErrorBody | null)?.errors?.[0];
  const code = first?.extensions?.code ?? (status === 401 ? "UNAUTHENTICATED" : null);
  const error = new ApiError(first?.message ?? `HTTP ${status}`, code, status, body);
  if (code === "UNAUTHENTICATED" && tokenSent) unauthenticatedListeners.forEach((listener) => listener(error));
  return error;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { errors: [{ message: text.slice(0, 200) || `HTTP ${response.status}` }] };
  }
}

/** Run a typed operation; its data, or an ApiError. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string | null = currentToken(),
): Promise<TResult> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...apiHeaders(token) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await readJson(response)) as { data?: TResult | null } & ErrorBody;
  if (!response.ok || body.errors?.length || body.data == null) {
    throw apiErrorOf(response.status, body, token !== null && token === currentToken());
  }
  return body.data;
}
