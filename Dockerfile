# Medvirk as a container, built from the same wheel `pip install .` makes: templates, static files,
# surveys, catalogs and migrations are package data, so nothing is copied beside the code.
# SQLite under /data by default (one container, one worker); PostgreSQL when DATABASE_URL says so
# (deploy/compose.yaml: two app containers behind Caddy).

FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
RUN pip install --no-cache-dir "hatchling>=1.21"
COPY pyproject.toml README.md ./
COPY app ./app
COPY static ./static
COPY locales ./locales
COPY surveys ./surveys
COPY migrations ./migrations
RUN pip wheel --no-cache-dir --no-deps --no-build-isolation -w /dist .

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango and fonts for WeasyPrint (the workshop report as PDF), Cairo for CairoSVG (compass as PNG),
# postgresql-client for `medvirk backup` on PostgreSQL (pg_dump 15: use a server of 15 or older,
# or run pg_dump from the database's own image). Abyssinica SIL: Ge'ez script for Tigrinya PDFs.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 libcairo2 fonts-dejavu-core fonts-sil-abyssinica postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist/ /tmp/dist/
RUN pip install /tmp/dist/*.whl && rm -rf /tmp/dist
RUN useradd --system --uid 10001 --home-dir /data --create-home medvirk
USER medvirk
WORKDIR /data
# Production unless told otherwise: it refuses to start without MEDVIRK_SECRET_KEY (32+ characters,
# the same on every container) and MEDVIRK_BASE_URL (the address on posters and QR codes).
ENV MEDVIRK_ENV=production MEDVIRK_VAR_DIR=/data DATABASE_URL=sqlite:////data/medvirk.db
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# SIGTERM: stop listening, finish the requests in flight (MEDVIRK_SHUTDOWN_GRACE_SECONDS, 30), exit.
STOPSIGNAL SIGTERM
# setup migrates (PostgreSQL: one container at a time, under an advisory lock) and loads the surveys.
CMD ["sh", "-c", "medvirk setup --no-demo-data && exec medvirk serve --host 0.0.0.0 --port 8000"]
