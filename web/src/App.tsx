// The shell: sign-in first when the API wants a token, then the header and the current view.
import { Suspense, lazy, useEffect, useState } from "react";
import { onUnauthenticated } from "./api/client";
import { useSession } from "./auth/useSession";
import { SignIn } from "./auth/SignIn";
import { Header } from "./components/Header";
import { useLocale } from "./i18n/locale";
import { useRoute } from "./router";
import { CoverageMap } from "./pages/CoverageMap";

const BranchPage = lazy(() => import("./pages/BranchPage"));
const LeaderPage = lazy(() => import("./pages/LeaderPage"));
const AuditPage = lazy(() => import("./pages/AuditPage"));
const ImportPage = lazy(() => import("./pages/ImportPage"));
const EntityPage = lazy(() => import("./pages/EntityPage"));

export function App() {
  const { t } = useLocale();
  const session = useSession();
  const route = useRoute();
  const [expiredMessage, setExpiredMessage] = useState<string | null>(null);

  useEffect(
    () =>
      onUnauthenticated((error) => {
        setExpiredMessage(error.message);
        session.signOut();
      }),
    [session],
  );

  if (session.state === "checking") {
    return <p className="centered" role="status">{t("loading")}</p>;
  }
  if (session.state === "signedOut") {
    return (
      <SignIn
        message={expiredMessage}
        onSignedIn={(token) => {
          setExpiredMessage(null);
          session.signIn(token);
        }}
        onAnonymous={() => {
          setExpiredMessage(null);
          session.continueAnonymously();
        }}
      />
    );
  }
  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById("main")?.focus(); }}>
        {t("skipToContent")}
      </a>
      <Header anonymous={session.state === "anonymous"} onSignOut={() => session.signOut()} route={route} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t("loading")}</p>}>{view(route.path)}</Suspense>
      </main>
    </>
  );
}

function view(path: string) {
  const [, first, second] = path.split("/");
  const id = second ? decodeURIComponent(second) : "";
  switch (first) {
    case "branch":
      return <BranchPage key={id} branchId={id} />;
    case "leader":
      return <LeaderPage key={id} leaderId={id} />;
    case "audit":
      return <AuditPage />;
    case "import":
      return <ImportPage />;
    case "entity":
      return <EntityPage key={id} entityId={id} />;
    default:
      return <CoverageMap />;
  }
}
