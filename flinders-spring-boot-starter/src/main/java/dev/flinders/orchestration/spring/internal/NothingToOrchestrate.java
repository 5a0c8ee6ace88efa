package dev.flinders.orchestration.spring.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Says, once at start, why the auto-configuration backed off: the application has neither a {@code
 * Pipeline} bean nor {@code Component} beans.
 */
public final class NothingToOrchestrate implements InitializingBean {
  private static final Logger LOG = LoggerFactory.getLogger(NothingToOrchestrate.class);

  @Override
  public void afterPropertiesSet() {
    LOG.info(
        "Flinders has nothing to orchestrate: the application has no Pipeline bean and no"
            + " Component beans, so no orchestrator is started. Declare Component beans (or a"
            + " Pipeline bean), or set flinders.enabled=false to leave Flinders out");
  }
}
