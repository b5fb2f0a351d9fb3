# The Nexus API. Neo4j runs as its own service (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY requirements-pip.lock requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir --require-hashes -r requirements-pip.lock \
 && pip install --no-cache-dir --require-hashes -r requirements.lock
COPY graph_service graph_service
COPY ingest ingest
COPY queries queries
COPY bench bench
RUN pip install --no-cache-dir --no-deps -e . && useradd --system nexus && mkdir -p /app/var && chown nexus /app/var
USER nexus
EXPOSE 8000
HEALTHCHECK CMD python -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:8000/healthz').status_code != 200)"
CMD ["nexus", "serve", "--host", "0.0.0.0", "--port", "8000"]
