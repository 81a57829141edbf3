#!/usr/bin/env bash
# The README walkthrough as a script: run it against `npm start` (development, simulator on :8090/:8091).
# Usage: ADMIN=<admin token printed by npm start> WITNESS_KEY=<witness key file> bash docs/walkthrough.sh
# where npm start ran with TAI_WITNESSES="http://127.0.0.1:7380 $(node bin/tai.mjs witness vkey --key <that file>)".
# Needs curl and node. Stops at the first step that does not do what the README says.
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
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);const r=($1);console.log(typeof r==='string'?r:JSON.stringify(r))})"; }
admin() { curl -sS -X "$1" "$API$2" -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' ${3:+-d "$3"}; }
customer() { curl -sS -X "$1" "$API$2" -H "authorization: Bearer $KEY" -H 'content-type: application/json' ${3:+-d "$3"}; }
step() { printf '\n== %s\n' "$*"; }

step "0. run a witness beside the service (it trusts the service's published keys)"
curl -sS "$API/.well-known/tai-receipt-keys.json" > log-keys.json
VKEY=$($TAI witness vkey --key "$WITNESS_KEY")
$TAI witness serve --key "$WITNESS_KEY" --state witness-state --log-keys log-keys.json --port "$WITNESS_PORT" > witness.log &
WITNESS_PID=$!
trap 'kill $WITNESS_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q '^listening' witness.log && break; sleep 0.1; done
cat witness.log

step "1. onboard a customer in prod mode, with a key, a contract and pricing"
CUS=$(admin POST /v1/admin/customers '{"name":"Acme Robotics","contactEmail":"ops@acme.example","mode":"prod"}' | json v.id)
KEY=$(admin POST "/v1/admin/customers/$CUS/api-keys" '{"scopes":["account:read","pricing:read","marketplace:publish","deploy:write","receipts:read"]}' | json v.secret)
admin PUT "/v1/admin/customers/$CUS/contract" '{"reference":"MSA-1","startsOn":"2026-01-01","endsOn":"2030-12-31","currency":"USD","monthlyFee":"1500.00","features":["publish","deploy"],"limits":{"maxActiveDeployments":3,"capacityUnits":100},"cancellationTerms":"30 days","signature":{"signedBy":"Dana Buyer","signedAt":"2026-01-01T10:00:00Z"}}' | json v.signature.documentSha256
admin PUT "/v1/admin/customers/$CUS/pricing" '{"currency":"USD","effectiveFrom":"2026-01-01","skus":[{"sku":"platform","model":"flat","amount":"99.00"},{"sku":"seat","model":"per_unit","unitPrice":"10.00"},{"sku":"api","model":"graduated","tiers":[{"upTo":"1000","unitPrice":"0.01"},{"upTo":null,"unitPrice":"0.008"}]}]}' | json v.version
echo "customer $CUS"

step "2. create its certificate in the simulator and link it"
CERT=$(curl -sS -X POST "$SIM/_sim/certificates" -H 'content-type: application/json' -d "{\"insured\":{\"name\":\"Acme Robotics\",\"reference\":\"$CUS\"}}" | json v.certificateId)
admin PUT "/v1/admin/customers/$CUS/insurance" "{\"certificateId\":\"$CERT\"}" | json '[v.state, v.writable]'

step "3. quote (with a receipt)"
customer POST /v1/pricing/calculate '{"items":[{"sku":"platform","quantity":"1"},{"sku":"seat","quantity":"12"},{"sku":"api","quantity":"2500"}],"receipt":true}' | json '[v.total, v.receipt.body.kind]'

step "4. publish, contractually"
customer POST /v1/marketplace/publish '{"segment":"robotics","visibility":"public"}' | json '[v.listingId, v.receipt.body.authority, v.receipt.body.insurance.certificateId]'

step "5. deploy (record target)"
customer POST /v1/customer/deploy '{"contractReference":"MSA-1","target":"record","capacityUnits":10,"artifact":"registry.example/acme:1.0"}' | json '[v.state, v.receipt.body.authority]'

step "6. export the receipts and verify them offline"
customer GET /v1/ledger/checkpoint > checkpoint-before.json
customer GET /v1/ledger/export > bundle.json
$TAI verify bundle.json

step "7. revoke the certificate in the simulator: the customer degrades to read-only"
curl -sS -X POST "$SIM/_sim/certificates/$CERT/scenario" -H 'content-type: application/json' -d '{"scenario":"revoked"}' > /dev/null
admin POST "/v1/admin/customers/$CUS/insurance/check" | json "[v.state, v.writable, v.readOnlyReason]"
customer POST /v1/marketplace/publish '{"segment":"robotics","visibility":"public"}' | json 'v.error.code'
curl -sS -D - -o /dev/null "$API/v1/me" -H "authorization: Bearer $KEY" | grep -i '^tai-read-only'
MAIL=""
for _ in $(seq 50); do
  MAIL=$(grep -l "^X-Tai-Notification-Type: certificate.revoked" "$MAIL_DIR"/*.eml 2>/dev/null | xargs -r grep -l '^To: ops@acme.example' | tail -1 || true)
  [ -n "$MAIL" ] && break
  sleep 0.1
done
[ -n "$MAIL" ] || { echo "no revocation email in $MAIL_DIR"; exit 1; }
echo "customer email: $MAIL"
grep '^Subject:' "$MAIL"

step "8. restore: a new certificate, good checks, the operator's verification"
NEW=$(curl -sS -X POST "$SIM/_sim/certificates" -H 'content-type: application/json' -d "{\"insured\":{\"name\":\"Acme Robotics\",\"reference\":\"$CUS\"}}" | json v.certificateId)
admin POST "/v1/admin/customers/$CUS/insurance/rotate" "{\"certificateId\":\"$NEW\"}" | json '[v.state, v.readOnlyReason]'
admin POST "/v1/admin/customers/$CUS/insurance/check" | json '[v.state, v.readOnlyReason]'
admin POST "/v1/admin/customers/$CUS/insurance/recover" | json '[v.state, v.writable]'
customer POST /v1/marketplace/publish '{"segment":"robotics","visibility":"public"}' | json '[v.listingId, v.receipt.body.insurance.certificateId]'

step "9. verify again, and prove the log only grew since the first export"
customer GET /v1/ledger/export > bundle.json
$TAI verify bundle.json --previous-checkpoint checkpoint-before.json

step "10. the latest cosigned checkpoint, and the bundle verified against the witness, fresh within the hour"
for _ in $(seq 60); do
  [ "$(customer GET /v1/ledger/checkpoint | json 'v.witnessedAt !== null')" = true ] && break
  sleep 1
done
customer GET /v1/ledger/checkpoint | json '[v.treeSize, v.witnessedAt]'
customer GET /v1/ledger/export > bundle.json
$TAI verify bundle.json --witness "$VKEY" --max-age 1h --origin "tai-autonomics.example/receipts/$CUS"
