/** JMH benchmarks of the engine; results and how to run them are in docs/benchmarks.md. */
@NullMarked
package dev.flinders.orchestration.benchmarks;

import org.jspecify.annotations.NullMarked;
