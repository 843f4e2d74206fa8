#!/usr/bin/env bash
# Install nginx from Debian's packages for `bench/fanout.py --instances N` (a load balancer in
# front of the webhook instances). Idempotent: does nothing when nginx is already there. The
# bench runs nginx itself, as a child process with its own prefix on 127.0.0.1; the system
# service is not started (and is stopped if the package started it).
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \
  || apt-get install -y -qq --no-install-recommends nginx >/dev/null
# Debian starts the packaged service on port 80; the bench does not need it.
if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
/usr/sbin/nginx -v
