// 中文 / English: one button that names the other language, in that language.
import { setLocale, useLocale } from "../i18n/locale";

export function LanguageSwitch() {
  const { locale, t } = useLocale();
  const next = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      className="link-button"
      data-testid="language-switch"
      lang={next}
      title={t("switchLanguage")}
      onClick={() => setLocale(next)}
    >
      {next === "en" ? "English" : "中文"}
    </button>
  );
}
