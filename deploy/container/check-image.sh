#!/usr/bin/env bash
# Builds the image from Containerfile and runs it for real: podman builds it (chroot isolation, on base
# images made from Debian packages by base-images.sh), then the image's own entrypoint runs in a chroot of
# its filesystem (podman run needs cgroups, which this machine lacks), as the image's user, with the data
# directory and the secrets mounted. It checks /health and the image's HEALTHCHECK, a quote, `tai verify`
# on worker threads, that SIGTERM exits within 10 s, and the image's size. Run as root (CI runs it from .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."

CACHE=${TAI_IMAGE_CACHE:-/var/cache/tai-container}
IMAGE=localhost/tai:check
MAX_IMAGE_GZ_MB=150
MAX_ADDED_MB=80
ADMIN=check-image-admin-token-0123456789abcdef
SIM_KEY=check-image-insurer-key

fail() { echo "check-image: FAILED: $*" >&2; exit 1; }
mib() { echo $(($1 / 1024 / 1024)); }

bash deploy/container/base-images.sh

# A download during the build may fail for reasons of the network; retry those, never anything else.
echo "== podman build"
mkdir -p "$CACHE/npm"
for attempt in 1 2 3; do
  if podman build --isolation chroot --format docker --build-arg BASE=localhost/tai-base \
    --build-arg BUILD_BASE=localhost/tai-build-base --volume "$CACHE/npm:/root/.npm" \
    -f Containerfile -t "$IMAGE" . >"$CACHE/build.log" 2>&1; then
    break
  fi
  tail -30 "$CACHE/build.log" >&2
  grep -qE 'ECONNRESET|ETIMEDOUT|EAI_AGAIN|ECONNREFUSED|socket hang up|network|Temporary failure' "$CACHE/build.log" &&
    [ "$attempt" -lt 3 ] || fail "podman build (log: $CACHE/build.log)"
  echo "== the build failed on the network; retrying" >&2
done

W=$(mktemp -d /tmp/tai-image-check.XXXXXX)
ROOT=$W/root
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for m in "$ROOT/run/secrets/tai" "$ROOT/data" "$ROOT/dev" "$ROOT/proc" "$ROOT"; do
    mountpoint -q "$m" && umount -l "$m"
  done
  podman image unmount "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT

# The image's own configuration: what a container runtime would run, as whom, where, with what.
config() { podman image inspect "$IMAGE" --format json | node -e "
  let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => {
    const c = JSON.parse(s)[0].Config; const f = process.argv[1];
    const v = f === 'Healthcheck' ? (JSON.parse(s)[0].Healthcheck ?? c.Healthcheck ?? {}).Test : c[f];
    console.log(Array.isArray(v) ? v.join('\n') : (v ?? ''));
  });" "$1"; }
mapfile -t ENTRYPOINT < <(config Entrypoint)
mapfile -t CMD < <(config Cmd)
mapfile -t ENVIRONMENT < <(config Env)
mapfile -t HEALTHCHECK < <(config Healthcheck)
USER_SPEC=$(config User)
WORKDIR=$(config WorkingDir)
[[ "$USER_SPEC" =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] || fail "the image must run as a numeric non-root user:group (got '$USER_SPEC')"
[ "${HEALTHCHECK[0]:-}" = CMD ] || fail "the image has no HEALTHCHECK (got '${HEALTHCHECK[*]}')"
printf '%s\n' "${ENVIRONMENT[@]}" | grep -qx 'NODE_ENV=production' || fail "the image does not set NODE_ENV=production"
if podman image inspect "$IMAGE" --format '{{json .Config.Env}}' | grep -qiE 'TOKEN=|PASSWORD=|API_KEY=|SECRET='; then
  fail "the image's environment carries a secret"
fi

# A writable overlay on the image's (read-only) filesystem, then the mounts a deployment provides.
MNT=$(podman image mount "$IMAGE")
mkdir -p "$W/upper" "$W/work" "$ROOT" "$W/data" "$W/secrets"
mount -t overlay overlay -o "lowerdir=$MNT,upperdir=$W/upper,workdir=$W/work" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount --rbind /dev "$ROOT/dev"
chown "${USER_SPEC/:/:}" "$W/data" "$W/secrets"
chmod 0700 "$W/data" "$W/secrets"
mount --bind "$W/data" "$ROOT/data"
mkdir -p "$ROOT/run/secrets/tai"
mount --bind "$W/secrets" "$ROOT/run/secrets/tai"

# image_cmd ENV... -- ARGV...: sets CMDLINE to run ARGV inside the image as its user, in its working
# directory, with its environment plus ENV (like `podman run -e`). chroot and env exec, so a background
# CMDLINE's $! is the process itself, and a signal sent to it reaches node.
image_cmd() {
  local env=("${ENVIRONMENT[@]}")
  while [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  CMDLINE=(chroot --userspec="$USER_SPEC" "$ROOT" /usr/bin/env -i -C "$WORKDIR" "${env[@]}" "$@")
}
in_image() { image_cmd "$@" && "${CMDLINE[@]}"; }

await_line() { # file pattern seconds
  for _ in $(seq 1 $(($3 * 10))); do
    grep -m1 -E "$2" "$1" && return 0
    sleep 0.1
  done
  cat "$1" >&2
  return 1
}

echo "== secrets: tai keys init inside the image, then mounted read-only"
in_image -- "${ENTRYPOINT[@]}" keys init --receipt-keys /run/secrets/tai/receipt-keys.json \
  --audit-secret /run/secrets/tai/audit-secret
mount -o remount,bind,ro "$ROOT/run/secrets/tai"

echo "== the insurer simulator, from the same image"
image_cmd -- "${ENTRYPOINT[@]}" insurer-sim --host 127.0.0.1 --port 0 --control-port 0 --api-key "$SIM_KEY" \
  --issuance-delay-seconds 0
"${CMDLINE[@]}" >"$W/sim.log" 2>&1 &
SIMULATOR=$!
PIDS+=("$SIMULATOR")
SIM=$(await_line "$W/sim.log" 'Provider API:' 60 | grep -oE 'http://[0-9.]+:[0-9]+')
CONTROL=$(await_line "$W/sim.log" 'Control API:' 10 | grep -oE 'http://[0-9.]+:[0-9]+')

echo "== the service: the image's entrypoint and command, on SQLite in the data mount"
image_cmd PORT=0 HOST=127.0.0.1 TAI_DB_URL=sqlite:/data/tai.db TAI_ADMIN_TOKEN="$ADMIN" \
  TAI_INSURER_URL="$SIM" TAI_INSURER_API_KEY="$SIM_KEY" -- "${ENTRYPOINT[@]}" "${CMD[@]}"
"${CMDLINE[@]}" >"$W/service.log" 2>&1 &
SERVICE=$!
PIDS+=("$SERVICE")
API=$(await_line "$W/service.log" '"tai serving"' 120 | grep -oE '"address":"[^"]+"' | cut -d'"' -f4)
PORT=${API##*:}
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health")" = 200 ] || fail "/health is not 200"
echo "/health 200 at $API"
in_image PORT="$PORT" -- "${HEALTHCHECK[@]:1}" || fail "the image's HEALTHCHECK command fails against a healthy service"
echo "HEALTHCHECK passes"

json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log($1)})"; }
call() { # token method path [body]
  curl -sS -X "$2" "$API$3" -H "authorization: Bearer $1" -H 'content-type: application/json' ${4:+-d "$4"}
}
CUS=$(call "$ADMIN" POST /v1/admin/customers '{"name":"Image Check","contactEmail":"ops@image.example","mode":"prod"}' | json v.id)
KEY=$(call "$ADMIN" POST "/v1/admin/customers/$CUS/api-keys" '{"scopes":["pricing:read","receipts:read"]}' | json v.secret)
call "$ADMIN" PUT "/v1/admin/customers/$CUS/pricing" '{"currency":"USD","effectiveFrom":"2026-01-01","skus":[
  {"sku":"platform","model":"flat","amount":"99.00"},{"sku":"seat","model":"per_unit","unitPrice":"10.00"},
  {"sku":"api","model":"graduated","tiers":[{"upTo":"1000","unitPrice":"0.01"},{"upTo":null,"unitPrice":"0.008"}]}]}' >/dev/null
CERT=$(curl -sS -X POST "$CONTROL/_sim/certificates" -H 'content-type: application/json' \
  -d "{\"insured\":{\"name\":\"Image Check\",\"reference\":\"$CUS\"}}" | json v.certificateId)
call "$ADMIN" PUT "/v1/admin/customers/$CUS/insurance" "{\"certificateId\":\"$CERT\"}" >/dev/null
TOTAL=$(call "$KEY" POST /v1/pricing/calculate \
  '{"items":[{"sku":"platform","quantity":"1"},{"sku":"seat","quantity":"12"},{"sku":"api","quantity":"2500"}],"receipt":true}' | json v.total)
[ "$TOTAL" = 241.00 ] || fail "the quote's total is '$TOTAL', not 241.00"
echo "quote: total $TOTAL"
call "$KEY" GET /v1/ledger/export >"$W/data/bundle.json"
in_image -- "${ENTRYPOINT[@]}" verify /data/bundle.json --workers 2 || fail "tai verify in the image"

echo "== SIGTERM"
started=$(date +%s%N)
kill -TERM "$SERVICE"
code=0
wait "$SERVICE" || code=$?
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
[ "$code" = 0 ] || { tail -5 "$W/service.log" >&2; fail "the service exited with $code after SIGTERM"; }
[ "$elapsed_ms" -lt 10000 ] || fail "the service took ${elapsed_ms} ms to exit after SIGTERM"
echo "exited 0, ${elapsed_ms} ms after SIGTERM"
kill -TERM "$SIMULATOR" && wait "$SIMULATOR" || true

echo "== size"
gz=$(podman save "$IMAGE" | gzip -c | wc -c)
# What the Containerfile adds: the image's size less its base's (both uncompressed, as podman stores them).
added=$(($(podman image inspect "$IMAGE" --format '{{.Size}}') - $(podman image inspect localhost/tai-base --format '{{.Size}}')))
echo "whole image, podman save | gzip: $(mib "$gz") MiB (limit $MAX_IMAGE_GZ_MB MB); layers the Containerfile adds: $(mib "$added") MiB uncompressed (limit $MAX_ADDED_MB MB)"
[ "$gz" -lt $((MAX_IMAGE_GZ_MB * 1000 * 1000)) ] || fail "the compressed image is over $MAX_IMAGE_GZ_MB MB"
[ "$added" -lt $((MAX_ADDED_MB * 1000 * 1000)) ] || fail "the layers the Containerfile adds are over $MAX_ADDED_MB MB"
echo "check-image: OK"
