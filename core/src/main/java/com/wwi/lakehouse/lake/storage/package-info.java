/**
 * Storage settings: which Hadoop file system and Delta log store serve a lake URI (the local file system for
 * the embedded default, ADLS Gen2 through {@code abfss://} in Azure), and the glue that lets ABFS authenticate
 * with azure-identity (managed identity in Azure, developer credentials locally).
 */
package com.wwi.lakehouse.lake.storage;
