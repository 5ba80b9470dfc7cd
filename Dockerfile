# cagbot's container image: `docker build -t cagbot .` (or `docker compose build`).
# Installs the exact versions of constraints.txt into a virtualenv, runs as a non-root user,
# keeps its state in the /data volume and reports its health with `cagbot health`.
# docs/deploy.md explains running it; compose.yaml runs it with a nightly backup.

# The base image, pinned by digest so that a rebuild of the same tag is the same image.
# UNVERIFIED HERE: this digest of python:3.11-slim was taken from public Dockerfiles (no
# registry was reachable where it was written). Check and update it as docs/releasing.md
# says: `docker buildx imagetools inspect python:3.11-slim` prints the current one.
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python3 -m venv /opt/cagbot
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when constraints.txt
# changes, not at every change of cagbot's code. (constraints.txt pins every dependency,
# so it serves as the requirements list; tests/test_deploy.py keeps it complete.)
COPY constraints.txt ./
RUN /opt/cagbot/bin/pip install --requirement constraints.txt
COPY pyproject.toml README.md LICENSE ./
COPY cagbot ./cagbot
COPY data ./data
COPY locales ./locales
# A regular (not editable) install: the wheel carries the bundled data and catalogs.
# --no-deps: everything it needs is installed above, at the versions of constraints.txt.
RUN /opt/cagbot/bin/pip install --no-deps --constraint constraints.txt .

FROM ${PYTHON_IMAGE}
COPY --from=build /opt/cagbot /opt/cagbot
COPY deploy/backup.sh /usr/local/bin/cagbot-backup
# A fixed uid/gid, so that volumes and backups keep their owner across rebuilds.
RUN groupadd --system --gid 10001 cagbot \
    && useradd --system --uid 10001 --gid cagbot --home-dir /data --shell /usr/sbin/nologin cagbot \
    && mkdir -p /data /backups \
    && chown cagbot:cagbot /data /backups \
    && chmod 0700 /data /backups \
    && chmod 0755 /usr/local/bin/cagbot-backup
ENV PATH=/opt/cagbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    CAGBOT_DATABASE=/data/cagbot.db
# Numeric, so that runtimes can tell it is not root (Kubernetes runAsNonRoot).
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# The webhook server (`cagbot run --webhook`); polling needs no port.
EXPOSE 8080
# The running bot writes a heartbeat every 10 s; start-up (migrate, index) gets a minute.
# Podman keeps a HEALTHCHECK only in Docker's image format: `podman build --format docker`.
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 CMD ["cagbot", "health"]
# The Procfile's worker line (tests/test_deploy.py keeps them the same). `exec`, so that
# SIGTERM from `docker stop` reaches the bot (a shell as PID 1 would not pass it on) and
# it stops cleanly within CAGBOT_SHUTDOWN_TIMEOUT.
CMD ["sh", "-c", "cagbot migrate && exec cagbot run"]
