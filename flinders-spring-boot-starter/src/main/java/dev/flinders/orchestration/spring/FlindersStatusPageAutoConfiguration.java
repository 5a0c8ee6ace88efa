package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.cli.LiveStatus;
import dev.flinders.orchestration.cli.StatusPage;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.spring.internal.FlindersSettings;
import dev.flinders.orchestration.spring.internal.StatusPageServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The status page ({@link StatusPage}: each component's last outcome and next decision, what runs
 * now, the recent runs and their reports) at {@code flinders.status-page.path} (default {@code
 * /flinders/}) of a servlet web application, with the reports of {@code flinders.reports.directory}
 * below it at {@code reports/}. Read-only; secure it as the rest of the application (it shows
 * component names, reasons and timings, never a secret). {@code flinders.status-page.enabled=false}
 * turns it off.
 */
@AutoConfiguration(after = FlindersAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "flinders.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
@ConditionalOnBean(Orchestrator.class)
@ConditionalOnBooleanProperty(name = "flinders.status-page.enabled", matchIfMissing = true)
public class FlindersStatusPageAutoConfiguration {
  /** The page and its reports, as a servlet under the configured path. */
  @Bean
  @ConditionalOnMissingBean(name = "flindersStatusPage")
  ServletRegistrationBean<StatusPageServlet> flindersStatusPage(
      Orchestrator orchestrator,
      ObjectProvider<LiveStatus> live,
      ObjectProvider<FlindersSettings> settings,
      FlindersProperties properties) {
    FlindersSettings checked = settings.getIfAvailable();
    StatusPage page =
        new StatusPage(
            orchestrator, live.getIfAvailable(), checked == null ? null : checked.reports());
    String path = properties.getStatusPage().getPath();
    ServletRegistrationBean<StatusPageServlet> registration =
        new ServletRegistrationBean<>(
            new StatusPageServlet(page, checked == null ? null : checked.reports()), path + "/*");
    registration.setName("flindersStatusPage");
    return registration;
  }
}
