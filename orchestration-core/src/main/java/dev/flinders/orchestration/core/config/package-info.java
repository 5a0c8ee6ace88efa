/** The {@code orchestration.json} configuration file that overlays a pipeline defined in code. */
@NullMarked
package dev.flinders.orchestration.core.config;

import org.jspecify.annotations.NullMarked;
