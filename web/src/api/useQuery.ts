// A small hook running one typed operation per change of its variables (no cache library:
// the page's few views re-ask the API, which answers each in milliseconds on the sample).
import { useEffect, useState } from "react";
import type { TypedDocumentString } from "../gql/graphql";
import { ApiError, request } from "./client";
import { useLocale } from "../i18n/locale";

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  skip = false,
): QueryState<TResult> {
  const [state, setState] = useState<QueryState<TResult>>({ data: null, error: null, loading: !skip });
  const key = JSON.stringify(variables);
  // The API may answer in the chosen language: ask again when it changes.
  const locale = useLocale().locale;
  useEffect(() => {
    if (skip) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    request(document, JSON.parse(key) as TVariables).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          data: null,
          error: error instanceof ApiError ? error : new ApiError(String(error), null, 0),
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [document, key, skip, locale]);
  return state;
}
