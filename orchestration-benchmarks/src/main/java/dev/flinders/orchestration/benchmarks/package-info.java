/**
 * JMH benchmarks of the engine and the Parquet encoder, and forked-JVM comparisons with DuckDB (CSV
 * to Parquet, the whole GTFS schedule from a synthetic feed); results and how to run them are in
 * docs/benchmarks.md.
 */
@NullMarked
package dev.flinders.orchestration.benchmarks;

import org.jspecify.annotations.NullMarked;
