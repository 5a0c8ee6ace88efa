/**
 * Flinders in a Spring Boot application: the auto-configuration ({@link
 * dev.flinders.orchestration.spring.FlindersAutoConfiguration}) builds the pipeline from the
 * application's {@code Component} beans and an orchestrator with the state store the application
 * has, starts its background ticker with the application and stops it gracefully; {@link
 * dev.flinders.orchestration.spring.FlindersProperties} are its {@code flinders.*} properties; the
 * actuator's {@code flinders} health indicator and endpoint, Micrometer metrics and the status page
 * come with it. See docs/spring-boot.md.
 */
@NullMarked
package dev.flinders.orchestration.spring;

import org.jspecify.annotations.NullMarked;
