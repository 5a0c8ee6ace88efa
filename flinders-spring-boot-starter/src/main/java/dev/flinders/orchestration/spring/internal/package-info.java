/** Implementation of the Spring Boot auto-configuration; not API. */
@NullMarked
package dev.flinders.orchestration.spring.internal;

import org.jspecify.annotations.NullMarked;
