// The WWI serverless lakehouse in one resource group:
//   - a Flex Consumption function app (Java 17) running as a user-assigned managed identity;
//   - a host storage account (AzureWebJobsStorage, the deployment package, Event Hubs checkpoints);
//   - a Data Lake account (hierarchical namespace) with the containers lake, landing, archive and rejected;
//   - an Event Grid system topic on the Data Lake account, for the landing blob trigger (source = EventGrid);
//   - an Event Hubs namespace with the tweets hub and the pipeline's consumer group;
//   - Log Analytics + Application Insights, the pipeline's workbook and alert rules to an action group;
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

@description('Schema drift policies replacing the graph\'s (LAKEHOUSE_DRIFT): folder=policy pairs, e.g. tweets=evolve,campaigns=strict (rescue, evolve or strict). Empty: every landing rescues.')
param driftPolicies string = ''

@description('NCRONTAB schedules of the timer functions.')
param sweepSchedule string = '0 */15 * * * *'
param silverSchedule string = '0 */5 * * * *'
param goldSchedule string = '0 */10 * * * *'
param maintenanceSchedule string = '0 30 * * * *'
@description('NCRONTAB of the pipeline check (the dry run of the app\'s settings, storage, tables and model; each worker also runs it once when it starts)')
param checkSchedule string = '0 15 3 * * *'

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

@description('What dataUserObjectId may do to the lake container: reader (query the tables; the default) or contributor (also run `./lakehouse` commands that write, such as quarantine replay or a full refresh, from your machine). Either way it may upload to landing and read archive and rejected.')
@allowed([
  'reader'
  'contributor'
])
param dataUserLakeAccess string = 'reader'

@description('Days a deleted blob or container of the Data Lake account can be restored (soft delete; a VACUUM or a compromised writer is recoverable this long). Versioning and point-in-time restore are not available on a hierarchical-namespace account.')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 14

@description('Put a CanNotDelete lock on the Data Lake account (remove it before deleting the resource group).')
param lockLake bool = true

@description('Also send every blob read of the storage accounts to Log Analytics (writes and deletes always go; reads are most of the traffic, and of the cost).')
param auditReads bool = false

@description('Network access to the two storage accounts and the Event Hubs namespace. Enabled (default): from any network, every request still authenticated with Entra ID. Disabled: private; the app reaches them through a virtual network the template creates (VNet integration, private endpoints, private DNS zones), and users, Spark and tweet senders must come through that network too (see infra/bicep/README.md, "Private network").')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

@description('With publicNetworkAccess=Disabled: the address space of the virtual network, a /23 or larger; its first two /24 blocks become the app\'s subnet and the private endpoints\' subnet.')
param vnetAddressPrefix string = '10.42.0.0/16'

@description('E-mail address the alerts go to (an action group with one e-mail receiver). Empty: the alerts fire with no receiver; add one to the action group later.')
param alertEmail string = ''

@description('Alert when more than this percent of a Bronze table\'s records in 15 minutes went to quarantine.')
@minValue(1)
@maxValue(100)
param quarantineRateThresholdPercent int = 5

@description('Alert when a Silver or Gold table has left input unconsumed for longer than this many minutes.')
@minValue(5)
param freshnessThresholdMinutes int = 30

@description('Alert when tweets wait longer than this many seconds from their enqueued time to their Bronze commit.')
@minValue(10)
param eventHubLagThresholdSeconds int = 300

@description('Alert when a partition holds more than this many events beyond the last committed batch.')
@minValue(1)
param eventHubBacklogThresholdEvents int = 10000

var base = toLower(baseName)
var token = toLower(uniqueString(resourceGroup().id, base))
var appName = 'func-${base}-${token}'
var hostStorageName = take('st${base}host${token}', 24)
var lakeStorageName = take('st${base}lake${token}', 24)
var deploymentContainerName = 'app-package'
var privateNetwork = publicNetworkAccess == 'Disabled'
var vnetName = 'vnet-${base}-${token}'
// storage and Event Hubs: no public endpoint when private (then only private endpoints reach them; the Event Grid
// system topic and the diagnostic settings are platform features that do not come over the account's network).
// The rules are set explicitly: a redeploy resets IP rules added by hand.
var storageNetwork = {
  publicNetworkAccess: publicNetworkAccess
  networkAcls: {
    defaultAction: privateNetwork ? 'Deny' : 'Allow'
    bypass: 'AzureServices'
  }
}
var lakeContainers = [
  'lake'
  'landing'
  'archive'
  'rejected'
]

// Built-in role definitions
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
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

// ------------------------------------------------------------------ workbook and alerts (infra/monitoring/*.kql)
// The app emits its run metrics through the OpenTelemetry API; the Application Insights Java agent that the
// Functions worker loads (APPLICATIONINSIGHTS_ENABLE_AGENT) exports them to customMetrics. Every query below is a
// file under infra/monitoring/, loaded at compile time: the workbook and the alerts run exactly those.

var workbookViews = [
  {
    name: 'lineage'
    title: 'Lineage: every table as a node (layer, runs, rows written, freshness)'
    query: loadTextContent('../monitoring/lineage.kql')
    visualization: 'table'
  }
  {
    name: 'data-quality'
    title: 'Data quality: rows that broke each expectation'
    query: loadTextContent('../monitoring/data-quality.kql')
    visualization: 'table'
  }
  {
    name: 'quarantine'
    title: 'Quarantine per Bronze table'
    query: loadTextContent('../monitoring/quarantine.kql')
    visualization: 'table'
  }
  {
    name: 'runs'
    title: 'Runs per stage and table, failures first'
    query: loadTextContent('../monitoring/runs.kql')
    visualization: 'table'
  }
  {
    name: 'freshness'
    title: 'Freshness: seconds behind the inputs, per Silver and Gold table'
    query: loadTextContent('../monitoring/freshness.kql')
    visualization: 'timechart'
  }
  {
    name: 'eventhub-lag'
    title: 'Event Hub lag: enqueued time to Bronze commit, per partition'
    query: loadTextContent('../monitoring/eventhub-lag.kql')
    visualization: 'timechart'
  }
  {
    name: 'eventhub-backlog'
    title: 'Event Hub lag in events: enqueued beyond the last commit, per partition'
    query: loadTextContent('../monitoring/eventhub-backlog.kql')
    visualization: 'timechart'
  }
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, base, 'lakehouse-workbook')
  location: location
  kind: 'shared'
  properties: {
    displayName: 'WWI lakehouse pipeline (${base})'
    category: 'workbook'
    sourceId: insights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: [for v in workbookViews: {
        type: 3
        name: v.name
        content: {
          version: 'KqlItem/1.0'
          title: v.title
          query: v.query
          size: 0
          timeContext: {
            durationMs: 86400000
          }
          queryType: 0
          resourceType: 'microsoft.insights/components'
          visualization: v.visualization
        }
      }]
      fallbackResourceIds: [
        insights.id
      ]
    })
  }
}

resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${base}-${token}'
  location: 'global'
  properties: {
    groupShortName: take('lake${base}', 12)
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'pipeline-owner'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var alerts = [
  {
    name: 'failed-run'
    description: 'A pipeline run failed (any stage, any table): see the runs view of the workbook, then the event log.'
    severity: 1
    query: loadTextContent('../monitoring/alert-failed-run.kql')
    measure: 'failedRuns'
    threshold: 0
  }
  {
    name: 'quarantine-rate'
    description: 'More than ${quarantineRateThresholdPercent} % of a Bronze table\'s records went to quarantine.'
    severity: 2
    query: loadTextContent('../monitoring/alert-quarantine-rate.kql')
    measure: 'quarantinePercent'
    threshold: quarantineRateThresholdPercent
  }
  {
    name: 'freshness'
    description: 'A Silver or Gold table has left input unconsumed for more than ${freshnessThresholdMinutes} minutes.'
    severity: 2
    query: loadTextContent('../monitoring/alert-freshness.kql')
    measure: 'behindSeconds'
    threshold: freshnessThresholdMinutes * 60
  }
  {
    name: 'eventhub-lag'
    description: 'Tweets waited more than ${eventHubLagThresholdSeconds} s from their enqueued time to their Bronze commit.'
    severity: 2
    query: loadTextContent('../monitoring/alert-eventhub-lag.kql')
    measure: 'maxSeconds'
    threshold: eventHubLagThresholdSeconds
  }
  {
    name: 'eventhub-backlog'
    description: 'A partition of the tweets hub holds more than ${eventHubBacklogThresholdEvents} events beyond the last committed batch.'
    severity: 2
    query: loadTextContent('../monitoring/alert-eventhub-backlog.kql')
    measure: 'backlogEvents'
    threshold: eventHubBacklogThresholdEvents
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for a in alerts: {
  name: 'alert-${base}-${a.name}'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'WWI lakehouse (${base}): ${a.name}'
    description: a.description
    severity: a.severity
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: a.query
          timeAggregation: 'Maximum'
          metricMeasureColumn: a.measure
          operator: 'GreaterThan'
          threshold: a.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        alertGroup.id
      ]
    }
  }
}]

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
  properties: union(storageNetwork, {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  })
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
  properties: union(storageNetwork, {
    accessTier: 'Hot'
    isHnsEnabled: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  })
}

resource lakeBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: lakeStorage
  name: 'default'
  properties: {
    // a deleted data file, log file or container stays restorable for softDeleteDays (versioning and point-in-time
    // restore are not offered on a hierarchical-namespace account)
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource lakeLock 'Microsoft.Authorization/locks@2020-05-01' = if (lockLake) {
  name: 'lake-cannot-delete'
  scope: lakeStorage
  properties: {
    level: 'CanNotDelete'
    notes: 'The Delta tables of the lakehouse: remove this lock on purpose before deleting the account.'
  }
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

// ------------------------------------------------------------------ audit: diagnostic settings to Log Analytics

// who wrote or deleted what in the lake and in the app's storage (reads too with auditReads), and the storage
// transactions; the Event Hubs namespace's operations
var storageLogs = concat(auditReads ? [
  {
    category: 'StorageRead'
    enabled: true
  }
] : [], [
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
])

resource lakeAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: lakeBlobs
  properties: {
    workspaceId: logs.id
    logs: storageLogs
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource hostAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: hostBlobs
  properties: {
    workspaceId: logs.id
    logs: storageLogs
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource eventHubsAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: eventHubs
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'OperationalLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

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
    publicNetworkAccess: publicNetworkAccess
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

// ------------------------------------------------------------------ private network (publicNetworkAccess=Disabled)

// The app's outbound traffic goes through the 'app' subnet (Flex Consumption VNet integration: delegated to
// Microsoft.App/environments); the storage accounts and Event Hubs are reached at private endpoints in 'endpoints',
// whose names the private DNS zones linked to the network resolve. The app's own HTTPS endpoint stays public: Event
// Grid delivers the landing events to it (authenticated by the blobs_extension key) and cannot reach a private one.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = if (privateNetwork) {
  name: vnetName
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        vnetAddressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 0)
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

// Public-cloud zone names: storage from the environment's suffix; Event Hubs' is fixed (servicebus.windows.net).
var privateZones = [
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.table.${environment().suffixes.storage}'
  'privatelink.dfs.${environment().suffixes.storage}'
  'privatelink.servicebus.windows.net'
]

resource zones 'Microsoft.Network/privateDnsZones@2020-06-01' = [for z in privateZones: if (privateNetwork) {
  name: z
  location: 'global'
}]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [for (z, i) in privateZones: if (privateNetwork) {
  parent: zones[i]
  name: vnetName
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: resourceId('Microsoft.Network/virtualNetworks', vnetName)
    }
  }
  dependsOn: [
    vnet
  ]
}]

// Every service the app uses, by sub-resource: the host's blobs (state, leases, the package), queues and tables; the
// lake's blobs and dfs (the Delta tables over abfss) and queues (the blob trigger's poison queue); Event Hubs.
var endpoints = [
  {
    name: 'host-blob'
    service: hostStorage.id
    group: 'blob'
    zone: 0
  }
  {
    name: 'host-queue'
    service: hostStorage.id
    group: 'queue'
    zone: 1
  }
  {
    name: 'host-table'
    service: hostStorage.id
    group: 'table'
    zone: 2
  }
  {
    name: 'lake-blob'
    service: lakeStorage.id
    group: 'blob'
    zone: 0
  }
  {
    name: 'lake-dfs'
    service: lakeStorage.id
    group: 'dfs'
    zone: 3
  }
  {
    name: 'lake-queue'
    service: lakeStorage.id
    group: 'queue'
    zone: 1
  }
  {
    name: 'eventhubs'
    service: eventHubs.id
    group: 'namespace'
    zone: 4
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [for e in endpoints: if (privateNetwork) {
  name: 'pe-${base}-${token}-${e.name}'
  location: location
  properties: {
    subnet: {
      id: resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, 'endpoints')
    }
    privateLinkServiceConnections: [
      {
        name: e.name
        properties: {
          privateLinkServiceId: e.service
          groupIds: [
            e.group
          ]
        }
      }
    ]
  }
  dependsOn: [
    vnet
  ]
}]

resource privateEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [for (e, i) in endpoints: if (privateNetwork) {
  parent: privateEndpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(privateZones[e.zone], '.', '-')
        properties: {
          privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', privateZones[e.zone])
        }
      }
    ]
  }
  dependsOn: [
    zones
  ]
}]

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
    // private: outbound through the delegated subnet, to the private endpoints
    virtualNetworkSubnetId: privateNetwork ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, 'app') : null
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
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
    vnet
    privateEndpointDns
    zoneLinks
  ]
}

// No FTP or basic-authentication publishing: the package goes up with the deployer's Entra ID identity.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
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
    // the worker's Application Insights Java agent: exports the run metrics (OpenTelemetry API) to customMetrics
    APPLICATIONINSIGHTS_ENABLE_AGENT: 'true'

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
    LAKEHOUSE_DRIFT: driftPolicies
    LAKEHOUSE_SWEEP_SCHEDULE: sweepSchedule
    LAKEHOUSE_SILVER_SCHEDULE: silverSchedule
    LAKEHOUSE_GOLD_SCHEDULE: goldSchedule
    LAKEHOUSE_MAINTENANCE_SCHEDULE: maintenanceSchedule
    LAKEHOUSE_CHECK_SCHEDULE: checkSchedule
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
    lakeBlobContributor
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

// The lake, the landing files and their moves to archive/rejected: Blob Data Contributor covers the Data Lake renames
// (blobs/move/action); Owner would add changing ACLs and ownership, which the app never does. Its four containers
// are all the account holds, so the account is the scope.
resource lakeBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(lakeStorage.id, identity.id, roles.storageBlobDataContributor)
  scope: lakeStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
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

// per container: the lake as dataUserLakeAccess says, landing to upload to, archive and rejected to read
var userContainerRoles = [
  {
    container: 0 // lake
    role: dataUserLakeAccess == 'contributor' ? roles.storageBlobDataContributor : roles.storageBlobDataReader
  }
  {
    container: 1 // landing
    role: roles.storageBlobDataContributor
  }
  {
    container: 2 // archive
    role: roles.storageBlobDataReader
  }
  {
    container: 3 // rejected
    role: roles.storageBlobDataReader
  }
]

resource userContainerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for r in userContainerRoles: if (!empty(dataUserObjectId)) {
  name: guid(containers[r.container].id, dataUserObjectId, r.role)
  scope: containers[r.container]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', r.role)
    principalId: dataUserObjectId
    principalType: dataUserPrincipalType
  }
}]

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
output workbookId string = workbook.id
