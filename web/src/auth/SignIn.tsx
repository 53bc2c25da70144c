// Sign in by pasting a bearer token; it is tried once before it is kept.
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, request } from "../api/client";
import { Probe } from "../api/operations";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useLocale } from "../i18n/locale";
import { answersAnonymously } from "./useSession";

export function SignIn({
  message,
  onSignedIn,
  onAnonymous,
}: {
  message: string | null;
  onSignedIn: (token: string) => void;
  onAnonymous: () => void;
}) {
  const { t } = useLocale();
  // In dev mode the API answers without a token too: offer to go on without one.
  const [anonymousAllowed, setAnonymousAllowed] = useState(false);
  useEffect(() => {
    let live = true;
    answersAnonymously().then((allowed) => live && setAnonymousAllowed(allowed));
    return () => {
      live = false;
    };
  }, []);
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = token.trim().replace(/^Bearer\s+/i, "");
    if (!trimmed) {
      setError(t("signInEmpty"));
      return;
    }
    setBusy(true);
    try {
      await request(Probe, {}, trimmed);
      onSignedIn(trimmed);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-top">
        <LanguageSwitch />
      </div>
      <h1>{t("appTitle")}</h1>
      <form onSubmit={submit} data-testid="sign-in-form" aria-describedby="sign-in-help">
        {message && (
          <p className="notice error" role="alert" data-testid="sign-in-message">
            {t("signInExpired")} {message}
          </p>
        )}
        <p id="sign-in-help">{t("signInHelp")}</p>
        <label htmlFor="token">{t("token")}</label>
        <textarea
          id="token"
          data-testid="sign-in-token"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          rows={4}
          autoComplete="off"
          spellCheck={false}
        />
        {error && (
          <p className="notice error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
            {t("signIn")}
          </button>
          {anonymousAllowed && (
            <button type="button" onClick={onAnonymous} data-testid="sign-in-anonymous">
              {t("continueAnonymously")}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
