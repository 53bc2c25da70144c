// Two pages: the dashboard (index.html) and an offline GraphiQL (graphiql.html), both built to
// dist/ with every asset local (no CDN): the API serves them on intranets without internet.
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";
import { defineConfig } from "vite";

const api = process.env.ORGRAPH_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      // GraphiQL's packages carry React-compiler directives the bundler drops, harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        index: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  // `npm run dev` / `npm run preview` talk to a running `orgraph serve` (ORGRAPH_API).
  server: { proxy: { "/graphql": api, "/imports": api } },
  preview: { proxy: { "/graphql": api, "/imports": api } },
});
