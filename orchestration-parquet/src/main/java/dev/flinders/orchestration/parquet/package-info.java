/**
 * Parquet datasets for Flinders: {@link dev.flinders.orchestration.parquet.ParquetDatasetSink}
 * writes each dataset version to a temporary file and renames it into place on commit, keeps the
 * newest versions, and reads them back.
 *
 * <p>This module is kept apart from the engine so that the engine does not carry Hadoop (see
 * DEPENDENCIES.md): it uses Parquet's local files, never a Hadoop {@code FileSystem}.
 */
@NullMarked
package dev.flinders.orchestration.parquet;

import org.jspecify.annotations.NullMarked;
