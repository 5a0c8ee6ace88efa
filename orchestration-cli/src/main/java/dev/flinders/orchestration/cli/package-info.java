/**
 * The command line ({@link dev.flinders.orchestration.cli.FlindersCli}) and the local status page
 * ({@link dev.flinders.orchestration.cli.StatusPage}, {@link
 * dev.flinders.orchestration.cli.StatusServer}) over any pipeline a host supplies. See docs/cli.md.
 */
@NullMarked
package dev.flinders.orchestration.cli;

import org.jspecify.annotations.NullMarked;
