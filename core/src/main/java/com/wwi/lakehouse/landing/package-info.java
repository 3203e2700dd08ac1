/**
 * Where files land before Bronze: a {@link com.wwi.lakehouse.landing.LandedFile} (path, ETag, size, a way to open
 * it) and the {@link com.wwi.lakehouse.landing.LandingStore}s that list, open and move them away afterwards (the
 * local folder of the embedded default, Blob Storage and ADLS Gen2 in Azure). Imports only the lake layer.
 */
package com.wwi.lakehouse.landing;
