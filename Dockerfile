FROM python:3.11-slim
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY graph_model graph_model
COPY loaders loaders
COPY queries queries
COPY api api
RUN uv sync --frozen --no-dev
EXPOSE 8000
CMD ["uv", "run", "--no-dev", "orgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
