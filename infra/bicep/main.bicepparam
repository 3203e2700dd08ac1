using 'main.bicep'

// Defaults of main.bicep, spelled out to edit; override any with `-p name=value` on the command line.
param baseName = 'wwi'
param maximumInstanceCount = 100
param instanceMemoryMB = 4096
param tweetsPartitionCount = 4
param tweetsHubName = 'tweets'
param tweetsConsumerGroup = 'lakehouse'
param lakePath = 'wwi'
param afterIngest = 'archive'
param sweepSchedule = '0 */15 * * * *'
param silverSchedule = '0 */5 * * * *'
param goldSchedule = '0 */10 * * * *'
param maintenanceSchedule = '0 30 * * * *'
param checkSchedule = '0 15 3 * * *'
param vacuumRetentionHours = 168
param dataUserObjectId = ''
param dataUserLakeAccess = 'reader'
param softDeleteDays = 14
param lockLake = true
param auditReads = false
param alertEmail = ''
param quarantineRateThresholdPercent = 5
param freshnessThresholdMinutes = 30
param eventHubLagThresholdSeconds = 300
param eventHubBacklogThresholdEvents = 10000
