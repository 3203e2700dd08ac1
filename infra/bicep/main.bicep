// The WWI serverless lakehouse in one resource group:
//   - a Flex Consumption function app (Java 17) running as a user-assigned managed identity;
//   - a host storage account (AzureWebJobsStorage, the deployment package, Event Hubs checkpoints);
//   - a Data Lake account (hierarchical namespace) with the containers lake, landing, archive and rejected;
//   - an Event Grid system topic on the Data Lake account, for the landing blob trigger (source = EventGrid);
//   - an Event Hubs namespace with the tweets hub and the pipeline's consumer group;
//   - Log Analytics + Application Insights;
//   - role assignments: no account keys, no connection strings (shared-key and SAS access are disabled).
// Deploy: infra/deploy.sh (see infra/bicep/README.md). The Event Grid subscription that feeds the blob trigger
// needs the app's blobs_extension key, which exists only once the code is deployed: infra/subscribe-landing.sh.

targetScope = 'resourceGroup'

@description('Short name in every resource name: 2 to 10 lower-case letters or digits.')
@minLength(2)
@maxLength(10)
param baseName string = 'wwi'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Flex Consumption: the most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance. The sentiment model (DJL + libtorch) wants 2048 MB or more.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 4096

@description('Partitions of the tweets hub: the most Event Hub invocations that run at once.')
@minValue(1)
@maxValue(32)
param tweetsPartitionCount int = 4

@description('Name of the tweets hub.')
param tweetsHubName string = 'tweets'

@description('Consumer group the app reads the tweets hub with (created here; not $Default, which other readers share).')
param tweetsConsumerGroup string = 'lakehouse'

@description('Folder of the lake inside the lake container.')
param lakePath string = 'wwi'

@description('After a file is landed: archive (move it to the archive container) or keep.')
@allowed([
  'archive'
  'keep'
])
param afterIngest string = 'archive'

@description('NCRONTAB schedules of the timer functions.')
param sweepSchedule string = '0 */15 * * * *'
param silverSchedule string = '0 */5 * * * *'
param goldSchedule string = '0 */10 * * * *'
param maintenanceSchedule string = '0 30 * * * *'

@description('VACUUM keeps files unreferenced for less than this many hours (at least 1; 168 = 7 days).')
@minValue(1)
param vacuumRetentionHours int = 168

@description('Optional: the object id of a user or group that may upload landing files, read the lake and send tweets (for `./lakehouse send` and queries from your own tools). Empty: none.')
param dataUserObjectId string = ''

@description('Kind of the principal in dataUserObjectId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param dataUserPrincipalType string = 'User'

var base = toLower(baseName)
var token = toLower(uniqueString(resourceGroup().id, base))
var appName = 'func-${base}-${token}'
var hostStorageName = take('st${base}host${token}', 24)
var lakeStorageName = take('st${base}lake${token}', 24)
var deploymentContainerName = 'app-package'
var lakeContainers = [
  'lake'
  'landing'
  'archive'
  'rejected'
]

// Built-in role definitions
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// ------------------------------------------------------------------ monitoring

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${base}-${token}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${base}-${token}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

// ------------------------------------------------------------------ identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${base}-${token}'
  location: location
}

// ------------------------------------------------------------------ storage

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: hostStorageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource hostBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: hostBlobs
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource lakeStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: lakeStorageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    isHnsEnabled: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource lakeBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: lakeStorage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in lakeContainers: {
  parent: lakeBlobs
  name: c
  properties: {
    publicAccess: 'None'
  }
}]

// Blob events of the Data Lake account; infra/subscribe-landing.sh points them at the app's blob trigger.
resource landingEvents 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${base}-${token}'
  location: location
  properties: {
    source: lakeStorage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// ------------------------------------------------------------------ Event Hubs

resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: 'evhns-${base}-${token}'
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource tweetsHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubs
  name: tweetsHubName
  properties: {
    partitionCount: tweetsPartitionCount
    messageRetentionInDays: 7
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: tweetsHub
  name: tweetsConsumerGroup
}

// ------------------------------------------------------------------ function app

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${base}-${token}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// The settings the app reads (local.settings.json.example and the README's "Running in Azure" list the same);
// every connection is identity-based: <connection>__serviceUri / __fullyQualifiedNamespace + credential + clientId.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__blobServiceUri: hostStorage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: hostStorage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: hostStorage.properties.primaryEndpoints.table
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

    LAKEHOUSE_LAKE: 'abfss://lake@${lakeStorage.name}.dfs.${environment().suffixes.storage}/${lakePath}'
    LAKEHOUSE_AZURE_CREDENTIAL: 'managed-identity'
    LAKEHOUSE_AZURE_CLIENT_ID: identity.properties.clientId

    LandingStorage__blobServiceUri: lakeStorage.properties.primaryEndpoints.blob
    LandingStorage__queueServiceUri: lakeStorage.properties.primaryEndpoints.queue
    LandingStorage__credential: 'managedidentity'
    LandingStorage__clientId: identity.properties.clientId
    LAKEHOUSE_LANDING_CONTAINER: 'landing'
    LAKEHOUSE_LANDING_API: 'dfs'
    LAKEHOUSE_AFTER_INGEST: afterIngest
    LAKEHOUSE_SWEEP_SCHEDULE: sweepSchedule
    LAKEHOUSE_SILVER_SCHEDULE: silverSchedule
    LAKEHOUSE_GOLD_SCHEDULE: goldSchedule
    LAKEHOUSE_MAINTENANCE_SCHEDULE: maintenanceSchedule
    LAKEHOUSE_VACUUM_RETENTION_HOURS: string(vacuumRetentionHours)
    LAKEHOUSE_SENTIMENT_MODEL: 'bundled'

    TweetsEventHub__fullyQualifiedNamespace: '${eventHubs.name}.servicebus.windows.net'
    TweetsEventHub__credential: 'managedidentity'
    TweetsEventHub__clientId: identity.properties.clientId
    LAKEHOUSE_TWEETS_HUB: tweetsHub.name
    LAKEHOUSE_TWEETS_CONSUMER_GROUP: consumerGroup.name

    DJL_CACHE_DIR: '/tmp/djl-cache'
    DJL_OFFLINE: 'true'
    OPT_OUT_TRACKING: 'true'
    JAVA_OPTS: '-Dai.djl.offline=true'
  }
  dependsOn: [
    hostBlobOwner
    hostQueueContributor
    hostTableContributor
    lakeBlobOwner
    lakeQueueContributor
    hubReceiver
    metricsPublisher
  ]
}

// ------------------------------------------------------------------ role assignments (the app's identity)

resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, identity.id, roles.storageBlobDataOwner)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource hostQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, identity.id, roles.storageQueueDataContributor)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource hostTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, identity.id, roles.storageTableDataContributor)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The lake, the landing files and their moves to archive/rejected (Data Lake renames need Blob Data Owner or ACLs).
resource lakeBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(lakeStorage.id, identity.id, roles.storageBlobDataOwner)
  scope: lakeStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The blob trigger's poison queue lives in the account of its connection (LandingStorage).
resource lakeQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(lakeStorage.id, identity.id, roles.storageQueueDataContributor)
  scope: lakeStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource hubReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(tweetsHub.id, identity.id, roles.eventHubsDataReceiver)
  scope: tweetsHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ------------------------------------------------------------------ role assignments (an optional data user)

resource userLakeOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(dataUserObjectId)) {
  name: guid(lakeStorage.id, dataUserObjectId, roles.storageBlobDataOwner)
  scope: lakeStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: dataUserObjectId
    principalType: dataUserPrincipalType
  }
}

resource userHubSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(dataUserObjectId)) {
  name: guid(tweetsHub.id, dataUserObjectId, roles.eventHubsDataSender)
  scope: tweetsHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataSender)
    principalId: dataUserObjectId
    principalType: dataUserPrincipalType
  }
}

// ------------------------------------------------------------------ outputs (read by infra/*.sh)

output functionAppName string = app.name
output lakeStorageAccountName string = lakeStorage.name
output lakeUri string = 'abfss://lake@${lakeStorage.name}.dfs.${environment().suffixes.storage}/${lakePath}'
output landingSystemTopicName string = landingEvents.name
output eventHubsNamespace string = '${eventHubs.name}.servicebus.windows.net'
output tweetsHubName string = tweetsHub.name
output identityClientId string = identity.properties.clientId
