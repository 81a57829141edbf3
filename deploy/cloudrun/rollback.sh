#!/usr/bin/env bash
# rollback.sh SERVICE: sends all of SERVICE's traffic to the revision created before the newest ready one.
set -euo pipefail
service=${1:?usage: rollback.sh SERVICE}
: "${PROJECT_ID:?}" "${REGION:?}"
mapfile -t revisions < <(gcloud run revisions list --service "$service" --project "$PROJECT_ID" --region "$REGION" \
  --filter 'status.conditions.type=Ready AND status.conditions.status=True' \
  --sort-by '~metadata.creationTimestamp' --format 'value(metadata.name)' --limit 2)
[ "${#revisions[@]}" -eq 2 ] || { echo "no previous ready revision of $service" >&2; exit 1; }
gcloud run services update-traffic "$service" --project "$PROJECT_ID" --region "$REGION" --to-revisions "${revisions[1]}=100"
echo "rolled $service back from ${revisions[0]} to ${revisions[1]}"
