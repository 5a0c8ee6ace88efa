/**
 * Datasets: the typed tables components produce. A {@link
 * dev.flinders.orchestration.dataset.DatasetSchema} declares the columns and their {@link
 * dev.flinders.orchestration.dataset.ColumnType}s; text from CSV files or CKAN is converted to them
 * with {@link dev.flinders.orchestration.dataset.ColumnType#parse(String)}. Where rows are stored
 * is a {@code DatasetSink} (Parquet by default, in {@code orchestration-parquet}). See
 * docs/datasets.md.
 */
@NullMarked
package dev.flinders.orchestration.dataset;

import org.jspecify.annotations.NullMarked;
