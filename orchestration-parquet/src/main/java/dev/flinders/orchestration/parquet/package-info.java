/**
 * Parquet datasets for Flinders: the {@code DatasetSink} that writes atomic dated Parquet files and
 * their quarantine files.
 *
 * <p>This module is kept apart from the engine so that the engine does not carry Hadoop. Its sink
 * arrives with the datasets work (issue 4); until then the module holds no classes.
 */
@NullMarked
package dev.flinders.orchestration.parquet;

import org.jspecify.annotations.NullMarked;
