#!/usr/bin/env bash
# Provisions the lakehouse in a resource group (infra/bicep/main.bicep), builds the function app and deploys it,
# then subscribes the landing blob trigger to the Data Lake account's blob events.
#   infra/deploy.sh <resource-group> [location] [extra `az deployment group create` arguments...]
# e.g. infra/deploy.sh rg-wwi westeurope -p baseName=wwi dataUserObjectId=$(az ad signed-in-user show --query id -o tsv)
# Needs: the Azure CLI (logged in: az login), Java 17 and Maven, zip.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
  echo "usage: infra/deploy.sh <resource-group> [location] [az deployment arguments...]" >&2
  exit 2
fi
rg=$1
location=${2:-westeurope}
shift $(( $# >= 2 ? 2 : 1 ))
for cmd in az mvn zip; do
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
(cd "$package" && zip -qr ../../wwi-lakehouse.zip .)
az functionapp deployment source config-zip --resource-group "$rg" --name "$app" \
  --src functions/target/wwi-lakehouse.zip --output none

infra/subscribe-landing.sh "$rg" "$deployment"

echo
echo "Deployed. Lake: $(output lakeUri)"
echo "Land a file:  az storage blob upload --auth-mode login --account-name $(output lakeStorageAccountName) \\"
echo "                --container-name landing --name campaigns/campaigns.csv --file <your file>"
echo "Send tweets:  ./lakehouse send --namespace $(output eventHubsNamespace) --hub $(output tweetsHubName) --file <tweets.json>"
