# The Nexus API. Neo4j runs as its own service (see docker-compose.yml).

# The console and the docs pages' assets, from console/package-lock.json (vite 7 needs Node 20.19+).
FROM node:20-slim AS console
WORKDIR /console
COPY console/package.json console/package-lock.json console/.npmrc ./
RUN npm ci
COPY console/index.html console/vite.config.js ./
COPY console/src src
COPY console/scripts scripts
RUN npm run build

FROM python:3.11-slim
WORKDIR /app
COPY requirements-pip.lock requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir --require-hashes -r requirements-pip.lock \
 && pip install --no-cache-dir --require-hashes -r requirements.lock
COPY graph_service graph_service
COPY ingest ingest
COPY queries queries
COPY bench bench
COPY --from=console /console/dist console/dist
RUN pip install --no-cache-dir --no-deps -e . && useradd --system nexus && mkdir -p /app/var && chown nexus /app/var
USER nexus
EXPOSE 8000
HEALTHCHECK CMD python -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:8000/healthz').status_code != 200)"
CMD ["nexus", "serve", "--host", "0.0.0.0", "--port", "8000"]
