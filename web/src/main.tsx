// The dashboard's entry: mount the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { currentLocale } from "./i18n/locale";
import "./styles.css";

document.documentElement.lang = currentLocale();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
