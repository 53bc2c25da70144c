// The banner on every view: where you are, the views, search, language and sign-out.
import type { Route } from "../router";
import { href } from "../router";
import { useLocale } from "../i18n/locale";
import { LanguageSwitch } from "./LanguageSwitch";
import { SearchBox } from "./SearchBox";

export function Header({ anonymous, onSignOut, route }: { anonymous: boolean; onSignOut: () => void; route: Route }) {
  const { t } = useLocale();
  const asOf = route.params.get("asOf");
  const section = route.path.split("/")[1] ?? "";
  const links = [
    { key: "", label: t("navMap"), to: href("/", { asOf }) },
    { key: "audit", label: t("navAudit"), to: href("/audit", { asOf }) },
    { key: "import", label: t("navImport"), to: href("/import") },
  ];
  return (
    <header className="app-header">
      <a className="brand" href={href("/")}>
        {t("appTitle")}
      </a>
      <nav aria-label={t("navLabel")}>
        <ul>
          {links.map((link) => (
            <li key={link.key}>
              <a href={link.to} aria-current={section === link.key ? "page" : undefined} data-testid={`nav-${link.key || "map"}`}>
                {link.label}
              </a>
            </li>
          ))}
          <li>
            <a href="/graphql">GraphiQL</a>
          </li>
        </ul>
      </nav>
      <SearchBox asOf={asOf} />
      <div className="header-tools">
        <LanguageSwitch />
        {anonymous ? (
          <>
            <span className="badge" title={t("devModeHelp")} data-testid="dev-mode">
              {t("devMode")}
            </span>
            <button type="button" className="link-button" onClick={onSignOut} data-testid="sign-in-open">
              {t("signInWithToken")}
            </button>
          </>
        ) : (
          <button type="button" className="link-button" onClick={onSignOut} data-testid="sign-out">
            {t("signOut")}
          </button>
        )}
      </div>
    </header>
  );
}
