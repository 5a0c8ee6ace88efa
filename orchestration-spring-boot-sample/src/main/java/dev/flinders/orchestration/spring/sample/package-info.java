/**
 * A Spring Boot application running the Victorian transport pipeline with
 * flinders-spring-boot-starter (not published). See docs/spring-boot.md.
 */
@NullMarked
package dev.flinders.orchestration.spring.sample;

import org.jspecify.annotations.NullMarked;
