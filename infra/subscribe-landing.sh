#!/usr/bin/env bash
# Points the Data Lake account's BlobCreated events for the landing container at the LandingBlob function
# (a blob trigger with source = EventGrid). Run after the code is deployed: the webhook needs the app's
# blobs_extension system key, which exists only once the blob extension has started.
#   infra/subscribe-landing.sh <resource-group> [deployment-name]
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: infra/subscribe-landing.sh <resource-group> [deployment-name]" >&2
  exit 2
fi
rg=$1
deployment=${2:-wwi-lakehouse}
output() {
  az deployment group show --resource-group "$rg" --name "$deployment" --query "properties.outputs.$1.value" -o tsv
}
app=$(output functionAppName)
topic=$(output landingSystemTopicName)
host=$(az functionapp show --resource-group "$rg" --name "$app" --query defaultHostName -o tsv)

key=""
for attempt in $(seq 1 30); do # the key appears once the host has loaded the blob extension
  key=$(az functionapp keys list --resource-group "$rg" --name "$app" --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "waiting for the app's blobs_extension key ($attempt/30)..."
  sleep 10
done
if [ -z "$key" ]; then
  echo "subscribe-landing: the app $app has no blobs_extension key yet; is the code deployed? Run this again later." >&2
  exit 1
fi

echo "== Event Grid: landing blob events -> $app/LandingBlob"
# the webhook's URL holds the key: it goes into a file only this user can read (printf is a shell builtin, so the key
# is on no process's command line), and az sends that file as the request body
sub=$(az account show --query id -o tsv)
body=$(mktemp)
trap 'rm -f "$body"' EXIT
chmod 600 "$body"
printf '{"properties":{"destination":{"endpointType":"WebHook","properties":{"endpointUrl":"https://%s/runtime/webhooks/blobs?functionName=Host.Functions.LandingBlob&code=%s"}},"filter":{"includedEventTypes":["Microsoft.Storage.BlobCreated"],"subjectBeginsWith":"/blobServices/default/containers/landing/blobs/"}}}' \
  "$host" "$key" > "$body"
az rest --method put --output none --body @"$body" \
  --url "https://management.azure.com/subscriptions/$sub/resourceGroups/$rg/providers/Microsoft.EventGrid/systemTopics/$topic/eventSubscriptions/landing-to-function?api-version=2022-06-15"
echo "subscribed"
