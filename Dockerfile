# Medvirk as a container: SQLite under /data by default, PostgreSQL when DATABASE_URL is set.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# Pango and fonts for WeasyPrint (the workshop report as PDF), Cairo for CairoSVG (compass as PNG).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 libcairo2 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/medvirk
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install .
COPY alembic.ini ./
COPY migrations ./migrations
COPY surveys ./surveys
COPY static ./static
COPY locales ./locales
RUN useradd --system --uid 10001 --home /data medvirk && mkdir -p /data && chown medvirk /data
USER medvirk
ENV DATABASE_URL=sqlite:////data/medvirk.db
# Set MEDVIRK_SECRET_KEY to a long random value when you run it.
EXPOSE 8000
CMD ["sh", "-c", "medvirk setup --no-demo-data && exec uvicorn app.main:app --host 0.0.0.0 --port 8000 --no-proxy-headers"]
