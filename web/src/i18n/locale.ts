// The chosen language: Chinese by default, English on request, kept in localStorage.
import { useSyncExternalStore } from "react";
import { messages, type MessageKey } from "./messages";

export type Locale = "zh-CN" | "en";
const KEY = "orgraph.locale";
const listeners = new Set<() => void>();

function stored(): Locale {
  try {
    return localStorage.getItem(KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

let locale: Locale = stored();

export function currentLocale(): Locale {
  return locale;
}

export function setLocale(next: Locale): void {
  locale = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
  document.documentElement.lang = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface I18n {
  locale: Locale;
  /** A message of the page, with {name} placeholders filled. */
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A number in the locale's digits and grouping. */
  number: (value: number) => string;
  /** A ratio as a percentage, one decimal. */
  percent: (value: number | null | undefined) => string;
  /** An ISO day (YYYY-MM-DD) as the locale writes a date. */
  date: (iso: string | null | undefined) => string;
}

const formatters = new Map<Locale, { number: Intl.NumberFormat; percent: Intl.NumberFormat; date: Intl.DateTimeFormat }>();

function formattersOf(chosen: Locale) {
  let found = formatters.get(chosen);
  if (!found) {
    found = {
      number: new Intl.NumberFormat(chosen),
      percent: new Intl.NumberFormat(chosen, { style: "percent", maximumFractionDigits: 1 }),
      // The API's days are calendar days: format them in UTC so no time zone shifts them.
      date: new Intl.DateTimeFormat(chosen, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }),
    };
    formatters.set(chosen, found);
  }
  return found;
}

export function i18nOf(chosen: Locale): I18n {
  const format = formattersOf(chosen);
  const table = messages[chosen];
  return {
    locale: chosen,
    t: (key, values) => {
      let text: string = table[key];
      for (const [name, value] of Object.entries(values ?? {})) {
        text = text.replaceAll(`{${name}}`, typeof value === "number" ? format.number.format(value) : value);
      }
      return text;
    },
    number: (value) => format.number.format(value),
    percent: (value) => (value == null ? "—" : format.percent.format(value)),
    date: (iso) => (iso ? format.date.format(new Date(`${iso}T00:00:00Z`)) : "—"),
  };
}

/** The current language's helpers; re-renders the caller when the language changes. */
export function useLocale(): I18n {
  const chosen = useSyncExternalStore(subscribe, currentLocale);
  return i18nOf(chosen);
}
