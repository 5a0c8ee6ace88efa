/** Reading CSV sources into datasets: {@link dev.flinders.orchestration.core.csv.CsvReader}. */
@NullMarked
package dev.flinders.orchestration.core.csv;

import org.jspecify.annotations.NullMarked;
