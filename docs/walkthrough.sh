#!/usr/bin/env bash
# The README walkthrough as a script: run it against `npm start` (development, the simulator beside it).
# Usage: ADMIN=<admin token npm start printed> WITNESS_KEY=<witness key file> \
#          [API=http://localhost:8080] [SIM=http://localhost:8091] [WITNESS_PORT=7380] bash docs/walkthrough.sh
# where npm start ran with TAI_WITNESSES="http://127.0.0.1:7380 $(node bin/tai.mjs witness vkey --key <that file>)".
# API is the service, SIM the simulator's control API (TAI_SIM_PORT + 1). Needs curl and node. Each step
# checks what the README says it shows, and the first that does not stops the script with the server's answer.
set -euo pipefail
API=${API:-http://localhost:8080}
SIM=${SIM:-http://localhost:8091}
WITNESS_PORT=${WITNESS_PORT:-7380}
: "${ADMIN:?set ADMIN to the admin token npm start printed}"
: "${WITNESS_KEY:?set WITNESS_KEY to the witness key file whose vkey is in TAI_WITNESSES of the service}"
WITNESS_KEY=$(cd "$(dirname "$WITNESS_KEY")" && pwd)/$(basename "$WITNESS_KEY")
TAI="node $(cd "$(dirname "$0")/.." && pwd)/bin/tai.mjs"
# Where npm start (development, no TAI_SMTP_URL) writes the email it sends.
MAIL_DIR=${MAIL_DIR:-$(cd "$(dirname "$0")/.." && pwd)/data/mail}
WORK=$(mktemp -d) && cd "$WORK" && echo "files in $WORK"
STEP=start

# json EXPR: evaluates EXPR over the JSON on stdin as v, and prints it (strings bare).
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);const r=($1);console.log(typeof r==='string'?r:JSON.stringify(r))})"; }
# must BODY EXPR WHAT: stops the walkthrough unless EXPR holds over BODY (as v); prints BODY's summary.
must() {
  if ! printf '%s' "$1" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{let ok=false;try{const v=JSON.parse(s);ok=Boolean($2)}catch{}process.exit(ok?0:1)})"; then
    printf '\nSTEP %s FAILED: expected %s\nthe server answered: %s\n' "$STEP" "$3" "$1" >&2
    exit 1
  fi
  printf '  ok: %s\n' "$3"
}
admin() { curl -sS -X "$1" "$API$2" -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' ${3:+-d "$3"}; }
customer() { curl -sS -X "$1" "$API$2" -H "authorization: Bearer $KEY" -H 'content-type: application/json' ${3:+-d "$3"}; }
sim() { curl -sS -X POST "$SIM$1" -H 'content-type: application/json' -d "$2"; }
step() {
  STEP=$1
  shift
  printf '\n== %s. %s\n' "$STEP" "$*"
}
verify() { # verify WHAT ARGS...: stops unless tai verify says OK
  local out
  if ! out=$($TAI verify "${@:2}" 2>&1); then
    printf '\nSTEP %s FAILED: expected tai verify to say OK (%s)\n%s\n' "$STEP" "$1" "$out" >&2
    exit 1
  fi
  printf '  ok: %s\n' "$out"
}

step 0 "run a witness beside the service (it trusts the service's published keys)"
curl -sS "$API/.well-known/tai-receipt-keys.json" > log-keys.json
must "$(cat log-keys.json)" 'Array.isArray(v.keys) && v.keys.length > 0' 'the published receipt keys'
$TAI witness serve --key "$WITNESS_KEY" --state witness-state --log-keys log-keys.json --port "$WITNESS_PORT" > witness.log 2>&1 &
WITNESS_PID=$!
trap 'kill $WITNESS_PID 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q '^listening' witness.log && break; sleep 0.1; done
grep -q '^listening' witness.log || { printf '\nSTEP 0 FAILED: the witness did not start\n%s\n' "$(cat witness.log)" >&2; exit 1; }
cat witness.log
VKEY=$(sed -n 's/^witness //p' witness.log) # what `tai witness vkey --key "$WITNESS_KEY"` prints

step 1 "onboard a customer in prod mode, with a key, a contract and pricing"
R=$(admin POST /v1/admin/customers '{"name":"Acme Robotics","contactEmail":"ops@acme.example","mode":"prod"}')
must "$R" 'v.id.startsWith("cus_") && v.mode === "prod"' 'a customer in prod mode'
CUS=$(printf '%s' "$R" | json v.id)
R=$(admin POST "/v1/admin/customers/$CUS/api-keys" '{"scopes":["account:read","pricing:read","marketplace:publish","deploy:write","receipts:read"]}')
must "$R" 'typeof v.secret === "string" && v.secret.length > 0' 'an API key, shown once'
KEY=$(printf '%s' "$R" | json v.secret)
R=$(admin PUT "/v1/admin/customers/$CUS/contract" '{"reference":"MSA-1","startsOn":"2026-01-01","endsOn":"2030-12-31","currency":"USD","monthlyFee":"1500.00","features":["publish","deploy"],"limits":{"maxActiveDeployments":3,"capacityUnits":100},"cancellationTerms":"30 days","signature":{"signedBy":"Dana Buyer","signedAt":"2026-01-01T10:00:00Z"}}')
must "$R" '/^[0-9a-f]{64}$/.test(v.signature.documentSha256)' 'a signed contract with its document hash'
R=$(admin PUT "/v1/admin/customers/$CUS/pricing" '{"currency":"USD","effectiveFrom":"2026-01-01","skus":[{"sku":"platform","model":"flat","amount":"99.00"},{"sku":"seat","model":"per_unit","unitPrice":"10.00"},{"sku":"api","model":"graduated","tiers":[{"upTo":"1000","unitPrice":"0.01"},{"upTo":null,"unitPrice":"0.008"}]}]}')
must "$R" 'v.version === 1' 'pricing version 1'
echo "customer $CUS"

step 2 "create its certificate in the simulator and link it"
R=$(sim /_sim/certificates "{\"insured\":{\"name\":\"Acme Robotics\",\"reference\":\"$CUS\"}}")
must "$R" 'typeof v.certificateId === "string"' 'a certificate from the simulator'
CERT=$(printf '%s' "$R" | json v.certificateId)
R=$(admin PUT "/v1/admin/customers/$CUS/insurance" "{\"certificateId\":\"$CERT\"}")
must "$R" 'v.state === "active" && v.writable === true' 'state "active", writable'

step 3 "quote (with a receipt)"
R=$(customer POST /v1/pricing/calculate '{"items":[{"sku":"platform","quantity":"1"},{"sku":"seat","quantity":"12"},{"sku":"api","quantity":"2500"}],"receipt":true}')
must "$R" 'v.total === "241.00" && v.receipt.body.kind === "quote"' '"total": "241.00" with a quote receipt'

step 4 "publish, contractually"
R=$(customer POST /v1/marketplace/publish '{"segment":"robotics","visibility":"public"}')
must "$R" "v.listingId.startsWith('lst_') && v.receipt.body.authority === 'contractual' && v.receipt.body.insurance.certificateId === '$CERT'" \
  'authority "contractual", the receipt stamped with the certificate'

step 5 "deploy (record target)"
R=$(customer POST /v1/customer/deploy '{"contractReference":"MSA-1","target":"record","capacityUnits":10,"artifact":"registry.example/acme:1.0"}')
must "$R" 'v.state === "succeeded" && v.receipt.body.authority === "contractual"' 'a succeeded contractual deployment'

step 6 "export the receipts and verify them offline"
customer GET /v1/ledger/checkpoint > checkpoint-before.json
must "$(cat checkpoint-before.json)" 'v.treeSize === 5' 'a checkpoint of 5 receipts'
customer GET /v1/ledger/export > bundle.json
verify 'the exported bundle' bundle.json

step 7 "revoke the certificate in the simulator: the customer degrades to read-only"
sim "/_sim/certificates/$CERT/scenario" '{"scenario":"revoked"}' > /dev/null
R=$(admin POST "/v1/admin/customers/$CUS/insurance/check")
must "$R" 'v.state === "revoked" && v.writable === false && v.readOnlyReason === "revoked"' '"revoked", read-only'
R=$(customer POST /v1/marketplace/publish '{"segment":"robotics","visibility":"public"}')
must "$R" 'v.error.code === "TAI-READONLY-CUSTOMER"' 'publish refused with TAI-READONLY-CUSTOMER'
HEADER=$(curl -sS -D - -o /dev/null "$API/v1/me" -H "authorization: Bearer $KEY" | tr -d '\r' | grep -i '^tai-read-only:' || true)
[ "$HEADER" = 'tai-read-only: customer; reason=revoked' ] || {
  printf '\nSTEP 7 FAILED: expected "tai-read-only: customer; reason=revoked" on every answer, got "%s"\n' "$HEADER" >&2
  exit 1
}
printf '  ok: %s\n' "$HEADER"
MAIL=""
for _ in $(seq 100); do
  MAIL=$(grep -l "^X-Tai-Notification-Type: certificate.revoked" "$MAIL_DIR"/*.eml 2>/dev/null | xargs -r grep -l '^To: ops@acme.example' | tail -1 || true)
  [ -n "$MAIL" ] && break
  sleep 0.1
done
[ -n "$MAIL" ] || {
  printf '\nSTEP 7 FAILED: expected the customer revocation email in %s (set MAIL_DIR to <data dir>/mail)\n' "$MAIL_DIR" >&2
  exit 1
}
printf '  ok: customer email %s (%s)\n' "$MAIL" "$(grep -m1 '^Subject:' "$MAIL")"

step 8 "restore: a new certificate, good checks, the operator's verification"
R=$(sim /_sim/certificates "{\"insured\":{\"name\":\"Acme Robotics\",\"reference\":\"$CUS\"}}")
must "$R" 'typeof v.certificateId === "string"' 'a new certificate from the simulator'
NEW=$(printf '%s' "$R" | json v.certificateId)
R=$(admin POST "/v1/admin/customers/$CUS/insurance/rotate" "{\"certificateId\":\"$NEW\"}")
must "$R" 'v.state === "active" && v.readOnlyReason === "awaiting_good_checks"' 'active, awaiting_good_checks'
R=$(admin POST "/v1/admin/customers/$CUS/insurance/check")
must "$R" 'v.state === "active" && v.readOnlyReason === "awaiting_operator"' 'active, awaiting_operator'
R=$(admin POST "/v1/admin/customers/$CUS/insurance/recover")
must "$R" 'v.state === "active" && v.writable === true' 'writable again'
R=$(customer POST /v1/marketplace/publish '{"segment":"robotics","visibility":"public"}')
must "$R" "v.listingId.startsWith('lst_') && v.receipt.body.insurance.certificateId === '$NEW'" 'published under the new certificate'

step 9 "verify again, and prove the log only grew since the first export"
customer GET /v1/ledger/export > bundle.json
verify 'consistent with the first checkpoint' bundle.json --previous-checkpoint checkpoint-before.json

step 10 "the latest cosigned checkpoint, and the bundle verified against the witness, fresh within the hour"
for _ in $(seq 60); do
  [ "$(customer GET /v1/ledger/checkpoint | json 'v.witnessedAt !== null')" = true ] && break
  sleep 1
done
R=$(customer GET /v1/ledger/checkpoint)
must "$R" 'v.treeSize === 10 && typeof v.witnessedAt === "string"' 'a checkpoint of 10 receipts, cosigned by the witness'
customer GET /v1/ledger/export > bundle.json
verify 'cosigned by the pinned witness' bundle.json --witness "$VKEY" --max-age 1h --origin "tai-autonomics.example/receipts/$CUS"

step 11 "revenue: terms from the first of this month, the month closed, its schedule with usage entries, verified against the receipts"
FIRST=$(node -e 'const d=new Date();console.log(new Date(Date.UTC(d.getUTCFullYear(),d.getUTCMonth(),1)).toISOString().slice(0,10))')
NEXT=$(node -e 'const d=new Date();console.log(new Date(Date.UTC(d.getUTCFullYear(),d.getUTCMonth()+1,1)).toISOString().slice(0,10))')
LAST=$(node -e "console.log(new Date(Date.parse('${NEXT}T00:00:00Z')-864e5).toISOString().slice(0,10))")
END=$(node -e "console.log('$((${FIRST:0:4} + 1))'+'$FIRST'.slice(4))")
R=$(admin PUT "/v1/admin/customers/$CUS/revenue-terms" "{\"contractReference\":\"MSA-1\",\"currency\":\"USD\",\"serviceStart\":\"$FIRST\",\"serviceEnd\":\"$END\",\"effectiveFrom\":\"$FIRST\",\"billing\":{\"kind\":\"monthly_in_advance\",\"billingDay\":1},\"obligations\":[{\"id\":\"platform\",\"kind\":\"platform_access\",\"price\":\"18000.00\",\"standaloneSellingPrice\":\"18000.00\",\"method\":\"monthly\"},{\"id\":\"publishes\",\"kind\":\"usage\",\"meter\":\"publish\",\"includedPerMonth\":\"1\",\"unitPrice\":\"0.50\"},{\"id\":\"capacity\",\"kind\":\"usage\",\"meter\":\"capacity_unit_day\",\"includedPerMonth\":\"0\",\"unitPrice\":\"0.02\"}]}")
must "$R" 'v.version === 1' 'revenue terms version 1'
# The month's receipts, exported now: moved a month on, the service finds the insurer silent that long and
# answers read-only (with a banner) until it is re-verified.
customer GET /v1/ledger/export > bundle.json
# In development the service runs on the simulator's clock: move it past the month's end to close the month.
R=$(sim /_sim/clock "{\"now\":\"${NEXT}T00:10:00.000Z\"}")
must "$R" "v.now.startsWith('$NEXT')" "the simulated clock (and the service's) at $NEXT 00:10 UTC"
R=$(admin POST /v1/admin/revenue/close "{\"day\":\"$LAST\"}")
must "$R" 'v.appended >= 3 && v.failed.length === 0' "the close of $LAST"
R=$(admin PUT /v1/admin/revenue/closed-through "{\"period\":\"${FIRST:0:7}\"}")
must "$R" "v.closedThrough === '${FIRST:0:7}' && v.lastClosedDay === '$LAST'" "finance's period closed through ${FIRST:0:7}"
admin GET "/v1/admin/customers/$CUS/revenue" > revenue.json
must "$(cat revenue.json)" "v.waterfall[0].period === '${FIRST:0:7}' && v.waterfall[0].billed === v.waterfall[0].recognized && v.waterfall[0].deferredClosing === '0.00'" 'the first month billed as much as it recognized, nothing deferred'
must "$(cat revenue.json)" "v.entries.filter(e => e.meter === 'publish').map(e => e.amount).join() === '0.50'" 'one usage entry: the second publish, beyond the one included, 0.50'
must "$(cat revenue.json)" "v.entries.filter(e => e.meter === 'capacity_unit_day').length >= 1 && v.entries.filter(e => e.meter === 'capacity_unit_day').every(e => e.amount === '0.20') && v.entries.filter(e => e.meter === 'capacity_unit_day').at(-1).occurredOn === '$LAST'" \
  'a unit-day entry (10 units x 0.02) for each day the deployment of step 5 held capacity, through the month end'
if ! out=$($TAI revenue verify --bundle bundle.json --revenue revenue.json 2>&1); then
  printf '\nSTEP %s FAILED: expected tai revenue verify to say OK\n%s\n' "$STEP" "$out" >&2
  exit 1
fi
printf '  ok: %s\n' "$out"
printf '\nwalkthrough: every step showed what the README says\n'
