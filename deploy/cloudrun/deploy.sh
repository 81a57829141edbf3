#!/usr/bin/env bash
# deploy.sh SERVICE: deploys $IMAGE as SERVICE from deploy/cloudrun/service.yaml (PROJECT_ID and REGION from
# the environment), waits for the new revision to be ready, and checks /health through the service URL.
set -euo pipefail
service=${1:?usage: deploy.sh SERVICE}
: "${IMAGE:?}" "${PROJECT_ID:?}" "${REGION:?}"
manifest=$(mktemp)
sed -e "s|^  name: tai$|  name: $service|" -e "s|IMAGE|$IMAGE|" -e "s|PROJECT_ID|$PROJECT_ID|g" -e "s|REGION|$REGION|g" \
  "$(dirname "$0")/service.yaml" >"$manifest"
gcloud run services replace "$manifest" --project "$PROJECT_ID" --region "$REGION"
url=$(gcloud run services describe "$service" --project "$PROJECT_ID" --region "$REGION" --format 'value(status.url)')
curl -fsS --retry 5 --retry-all-errors "$url/health"
echo "deployed $IMAGE to $service: $url"
