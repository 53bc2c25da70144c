# The API with the dashboard, in two stages: Node builds web/ (as scripts/build-web does), and
# the Python image serves the build. No Docker engine was at hand where this was written: the
# web stage's commands were run by hand in a copy laid out as below (web/ and api/schema.graphql).

# 1. The dashboard and GraphiQL: web/ → web/dist. `npm run build` types the page's operations
#    from ../api/schema.graphql (web/codegen.ts), so a schema the page does not fit fails here.
FROM node:20-slim AS web
WORKDIR /src/web
# The packages first, so that a change to the page's sources reuses the installed layer.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
COPY api/schema.graphql /src/api/schema.graphql
RUN npm run build

# 2. The API. It serves /app/web/dist, where api/http/web_app.py looks (DEFAULT_WEB_DIST); with no
#    web/package.json in the image, `orgraph serve` never tries to build the pages itself.
FROM python:3.11-slim
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY graph_model graph_model
COPY loaders loaders
COPY queries queries
COPY api api
RUN uv sync --frozen --no-dev
COPY --from=web /src/web/dist web/dist
EXPOSE 8000
CMD ["uv", "run", "--no-dev", "orgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
