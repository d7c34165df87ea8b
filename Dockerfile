# syntax=docker/dockerfile:1
# paperboy: multi-stage image. Build:  docker build -t paperboy .
# Run:    docker run --env-file .env -v paperboy-data:/data paperboy
# Config: mount a TOML file and point PAPERBOY_CONFIG at it (compose.yaml does).

ARG PYTHON_VERSION=3.11

# --- build: install the package and its extras into a virtualenv -----------------------
# at the versions the test suite passed with (constraints.txt, from .ci/constraints.py)
FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md paperboy.example.toml constraints.txt ./
COPY bot ./bot
COPY adapters ./adapters
COPY storage ./storage
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -c constraints.txt ".[discord,slack,postgres]"

# --- runtime: the virtualenv only, as a non-root user -----------------------------------
FROM python:${PYTHON_VERSION}-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PAPERBOY_STORAGE__URL=sqlite:////data/paperboy.db \
    PAPERBOY_HEALTH__PORT=8080 \
    PAPERBOY_HEALTH__HOST=0.0.0.0
RUN groupadd --system --gid 10001 paperboy \
 && useradd --system --uid 10001 --gid paperboy --home-dir /data --shell /usr/sbin/nologin paperboy \
 && mkdir -p /data \
 && chown paperboy:paperboy /data
COPY --from=build /opt/venv /opt/venv
USER paperboy
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# Liveness (/livez: the process answers and its event loop turns), not readiness: during a
# Discord or Slack outage /readyz is 503, and restarting the bot would not help.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PAPERBOY_HEALTH__PORT', '8080') + '/livez', timeout=4)"]
CMD ["paperboy", "--log-format", "json", "run"]
