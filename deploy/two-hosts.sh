#!/usr/bin/env bash
# Two Medvirk "hosts" on one machine without Docker: two `medvirk serve` processes that share
# nothing but a PostgreSQL database, behind Debian's nginx (round robin). Then deploy/check_two_hosts.py
# logs staff in on one and posts their form through the other, runs a workshop vote round and an idea
# board from many phones, and sends 2,000 survey submissions spread over both, checking every count.
#
#   deploy/two-hosts.sh            (from the checkout, after `make` made .venv; root installs nginx)
#
# Settings: PG_ADMIN_URL (postgresql://postgres@127.0.0.1:5432), DB_NAME (medvirk_deploy),
# KEEP=1 keeps the database afterwards. Exit status 0 means every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${MEDVIRK_PYTHON:-$PWD/.venv/bin/python}"
MEDVIRK=("$PY" -c "from app.cli import main; main()")
PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432}"
DB_NAME="${DB_NAME:-medvirk_deploy}"
started=$(date +%s)

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's nginx"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  else
    echo "nginx is missing: run  sudo apt-get install -y nginx  and start this script again" >&2
    exit 1
  fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT_A=$(free_port); PORT_B=$(free_port); PORT_LB=$(free_port)
WORK="$(mktemp -d /tmp/medvirk-two-hosts.XXXXXX)"
pids=()
cleanup() {
  status=$?
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-0}" != 1 ]; then
    psql -q "$PG_ADMIN_URL/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null || true
  fi
  if [ $status -ne 0 ]; then
    echo "== FAILED; logs:" >&2
    tail -n 30 "$WORK"/*.log >&2 || true
  fi
  rm -rf "$WORK"
  echo "== two-hosts took $(( $(date +%s) - started )) s"
  exit $status
}
trap cleanup EXIT

echo "== a fresh PostgreSQL database $DB_NAME"
psql -q "$PG_ADMIN_URL/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
psql -q "$PG_ADMIN_URL/postgres" -c "CREATE DATABASE $DB_NAME" >/dev/null

# What both hosts share: the database URL, one secret, one public address. Nothing else.
export DATABASE_URL="postgresql+psycopg://${PG_ADMIN_URL#postgresql://}/$DB_NAME"
export MEDVIRK_ENV=production
export MEDVIRK_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export MEDVIRK_BASE_URL="http://127.0.0.1:$PORT_LB"
export MEDVIRK_TRUSTED_PROXIES=127.0.0.1
export MEDVIRK_LOG_FORMAT=json MEDVIRK_DB_POOL_SIZE=8 MEDVIRK_DB_MAX_OVERFLOW=4

echo "== both hosts run setup at the same moment (the advisory lock lets one migrate)"
for host in a b; do
  mkdir -p "$WORK/$host"
  (cd "$WORK/$host" && MEDVIRK_VAR_DIR="$WORK/$host/var" PYTHONPATH="$OLDPWD" \
     "${MEDVIRK[@]}" setup --no-demo-data >"$WORK/setup-$host.log" 2>&1) &
  pids+=($!)
done
wait "${pids[@]}"; pids=()

echo "== host a on :$PORT_A, host b on :$PORT_B"
for host in a b; do
  port=$PORT_A; [ $host = b ] && port=$PORT_B
  (cd "$WORK/$host" && exec env MEDVIRK_VAR_DIR="$WORK/$host/var" PYTHONPATH="$OLDPWD" \
     "${MEDVIRK[@]}" serve --host 127.0.0.1 --port "$port" >"$WORK/host-$host.log" 2>&1) &
  pids+=($!)
done

echo "== nginx on :$PORT_LB, round robin over both"
mkdir -p "$WORK/nginx/tmp"
chmod 0777 "$WORK/nginx/tmp"
sed -e "s/@APP_A@/127.0.0.1:$PORT_A/" -e "s/@APP_B@/127.0.0.1:$PORT_B/" -e "s/@LISTEN@/127.0.0.1:$PORT_LB/" \
    -e 's/@DEBUG_HEADER@/add_header X-Upstream $upstream_addr always;  # this check only/' \
    deploy/nginx/medvirk.conf.template >"$WORK/nginx/medvirk.conf"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx.log warn;
$( [ "$(id -u)" = 0 ] && echo "user nobody nogroup;" )
events { worker_connections 1024; }
http {
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/medvirk.conf;
}
EOF
"$NGINX" -t -q -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/nginx.log"
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/nginx.log"

for port in "$PORT_A" "$PORT_B" "$PORT_LB"; do
  for _ in $(seq 300); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null
done

echo "== checks"
PYTHONPATH="$PWD" "$PY" deploy/check_two_hosts.py "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "http://127.0.0.1:$PORT_LB"

echo "== graceful stop of both hosts"
for pid in "${pids[@]}"; do kill -TERM "$pid"; done
for pid in "${pids[@]}"; do wait "$pid" || [ $? = 143 ]; done
pids=()
if grep -h -E '203\.0\.113|127\.0\.0\.1:[0-9]+/k/|Bearer [A-Za-z0-9]' "$WORK"/host-*.log; then
  echo "a log holds an address, a link or a token" >&2; exit 1
fi
echo "== two hosts: all checks passed"
