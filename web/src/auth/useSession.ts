// Who the page speaks as: a pasted token, the dev mode's anonymous admin, or nobody yet.
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, request } from "../api/client";
import { Probe } from "../api/operations";
import { currentToken, saveToken } from "./session";

export type SessionState = "checking" | "signedIn" | "anonymous" | "signedOut";

export interface Session {
  state: SessionState;
  signIn: (token: string) => void;
  signOut: () => void;
  continueAnonymously: () => void;
}

/** Whether the API answers without a token (dev mode): null while asking or when it fails. */
export async function answersAnonymously(): Promise<boolean> {
  try {
    await request(Probe, {}, null);
    return true;
  } catch (error) {
    return !(error instanceof ApiError && error.code === "UNAUTHENTICATED");
  }
}

export function useSession(): Session {
  const [state, setState] = useState<SessionState>(currentToken() ? "signedIn" : "checking");

  useEffect(() => {
    if (state !== "checking") return;
    // No token: does the API answer anyway (dev mode)? Then no sign-in is needed.
    let live = true;
    answersAnonymously().then((anonymous) => live && setState(anonymous ? "anonymous" : "signedOut"));
    return () => {
      live = false;
    };
  }, [state]);

  const signIn = useCallback((token: string) => {
    saveToken(token);
    setState("signedIn");
  }, []);
  const signOut = useCallback(() => {
    saveToken(null);
    setState("signedOut");
  }, []);
  const continueAnonymously = useCallback(() => {
    saveToken(null);
    setState("anonymous");
  }, []);
  return useMemo(() => ({ state, signIn, signOut, continueAnonymously }), [state, signIn, signOut, continueAnonymously]);
}
