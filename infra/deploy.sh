#!/usr/bin/env bash
# Provisions the lakehouse in a resource group (infra/bicep/main.bicep), builds the function app and deploys it,
# then subscribes the landing blob trigger to the Data Lake account's blob events.
#   infra/deploy.sh <resource-group> [location] [extra `az deployment group create` arguments...]
# e.g. infra/deploy.sh rg-wwi westeurope -p baseName=wwi dataUserObjectId=$(az ad signed-in-user show --query id -o tsv)
# Needs: the Azure CLI 2.53 or later (logged in: az login; it fetches the Bicep compiler itself on first use, and
# `--parameters FILE.bicepparam -p key=value` needs 2.53+), Java 17, Maven, Node.js 20 with npm (the build uses
# them), zip.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
  echo "usage: infra/deploy.sh <resource-group> [location] [az deployment arguments...]" >&2
  exit 2
fi
rg=$1
shift
location=westeurope
if [ $# -ge 1 ] && [[ "$1" != -* ]]; then # a location given; `-p ...` right after the group is not one
  location=$1
  shift
fi
for cmd in az mvn node npm zip; do
  command -v "$cmd" >/dev/null || { echo "deploy: '$cmd' is not installed" >&2; exit 1; }
done

echo "== resource group $rg in $location"
az group create --name "$rg" --location "$location" --output none

echo "== infrastructure (infra/bicep/main.bicep)"
deployment=wwi-lakehouse
az deployment group create --resource-group "$rg" --name "$deployment" \
  --template-file infra/bicep/main.bicep --parameters infra/bicep/main.bicepparam "$@" --output none
output() {
  az deployment group show --resource-group "$rg" --name "$deployment" --query "properties.outputs.$1.value" -o tsv
}
app=$(output functionAppName)

echo "== build and deploy the function app $app"
mvn -q -B package -DskipTests
package=functions/target/azure-functions/wwi-lakehouse
rm -f functions/target/wwi-lakehouse.zip
# never a local.settings.json (it may hold connection strings; the build leaves it out too)
(cd "$package" && zip -qr ../../wwi-lakehouse.zip . -x local.settings.json)
# the app's identity was just given its role on the deployment storage; a new role assignment can take minutes to
# apply, and until then the upload is refused (403): retry with a bounded backoff, saying why
wait=15
for attempt in 1 2 3 4 5 6 7; do
  if err=$(az functionapp deployment source config-zip --resource-group "$rg" --name "$app" \
      --src functions/target/wwi-lakehouse.zip --output none 2>&1); then
    break
  fi
  if [ "$attempt" -eq 7 ]; then
    echo "deploy: the upload failed 7 times over about 8 minutes; the last error: $err" >&2
    echo "deploy: with publicNetworkAccess=Disabled, check that the app reaches its deployment storage through its network (infra/bicep/README.md, \"Private network\")" >&2
    exit 1
  fi
  echo "upload refused (${err##*$'\n'}); new role assignments can take minutes to apply (and with publicNetworkAccess=Disabled, the new private endpoints and DNS records too): retrying in ${wait}s ($attempt/7)"
  sleep "$wait"
  wait=$(( wait * 2 > 120 ? 120 : wait * 2 ))
done

infra/subscribe-landing.sh "$rg" "$deployment"

echo
echo "Deployed. Lake: $(output lakeUri)"
echo "Land a file:  az storage blob upload --auth-mode login --account-name $(output lakeStorageAccountName) \\"
echo "                --container-name landing --name campaigns/campaigns.csv --file <your file>"
echo "Send tweets:  ./lakehouse send --namespace $(output eventHubsNamespace) --hub $(output tweetsHubName) --file <tweets.json>"
