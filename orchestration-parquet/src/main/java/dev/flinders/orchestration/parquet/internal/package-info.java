/** Implementation detail of the Parquet sink; not part of the API. */
@NullMarked
package dev.flinders.orchestration.parquet.internal;

import org.jspecify.annotations.NullMarked;
