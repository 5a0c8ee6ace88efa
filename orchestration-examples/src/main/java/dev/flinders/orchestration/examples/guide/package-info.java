/**
 * The code of the guide's pages in {@code docs/}: {@link GettingStarted} and {@link
 * GettingStartedCli} for docs/getting-started.md, {@link MetroStations} (a source module written as
 * a contributor would) for docs/writing-a-source.md. The tests check that each page shows this code
 * as it is here, so the pages cannot rot.
 */
@NullMarked
package dev.flinders.orchestration.examples.guide;

import org.jspecify.annotations.NullMarked;
