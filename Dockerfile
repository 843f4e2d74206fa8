# syntax=docker/dockerfile:1
# The check-in bot. `checkin-bot run` (long polling) by default; BOT_MODE=webhook serves the
# webhook (port 8080; /healthz and /metrics on 127.0.0.1:9090) instead. See README "Deploying".
#   docker build -t checkin-bot .        hadolint Dockerfile (part of `make lint`)

# ---- builder: the project and its pinned runtime dependencies in a virtualenv -------------
FROM python:3.11.14-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv

WORKDIR /src

# Dependencies first, so their layer outlives code changes: only the runtime requirements from
# pyproject.toml, at the versions requirements.lock pins (its dev tools are never installed).
COPY pyproject.toml requirements.lock ./
RUN python -c "import tomllib as t; print(*t.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > runtime.txt \
    && pip install --constraint requirements.lock --requirement runtime.txt

# Then the code, installed (not editable) into the same virtualenv.
COPY README.md ./
COPY i18n ./i18n
COPY engine ./engine
COPY bot ./bot
COPY handlers ./handlers
COPY reminders ./reminders
COPY inbox ./inbox
COPY service ./service
COPY storage ./storage
COPY delivery ./delivery
COPY telemetry ./telemetry
RUN pip install --no-deps . \
    && pip check

# ---- runtime: the virtualenv and two small scripts, run as an unprivileged user -----------
FROM python:3.11.14-slim-bookworm AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BOT_MODE=polling \
    WEBHOOK_PORT=8080 \
    MPLCONFIGDIR=/tmp/matplotlib

RUN groupadd --system --gid 10001 checkin \
    && useradd --system --uid 10001 --gid checkin --home-dir /app --shell /usr/sbin/nologin checkin \
    && mkdir -p /app/data \
    && chown checkin:checkin /app/data

COPY --from=builder /opt/venv /opt/venv
COPY --chmod=0755 docker/entrypoint.sh /app/docker/entrypoint.sh
COPY --chmod=0644 docker/healthcheck.py /app/docker/healthcheck.py

WORKDIR /app
# The default SQLite database (DATABASE_URL unset) lives here; PostgreSQL needs no volume.
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 8080

# Webhook mode: the app's /healthz (200 only while the database answers); long polling: the
# database itself. Start-up applies migrations, hence the start period.
HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["checkin-bot", "run"]
