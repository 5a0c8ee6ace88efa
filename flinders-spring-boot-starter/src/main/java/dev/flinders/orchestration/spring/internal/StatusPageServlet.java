package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.cli.StatusPage;
import dev.flinders.orchestration.cli.StatusServer;
import dev.flinders.orchestration.core.report.ReportDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Serves the status page and its reports through the servlet container, with the same answers as
 * the command line's {@link StatusServer}. Thread-safe.
 */
public final class StatusPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient StatusPage page;
  private final transient @Nullable ReportDirectory reports;

  public StatusPageServlet(StatusPage page, @Nullable ReportDirectory reports) {
    this.page = page;
    this.reports = reports;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String below = request.getPathInfo();
    if (below == null) { // the page's links are relative: serve it at the path with a slash
      response.sendRedirect(request.getRequestURI() + "/");
      return;
    }
    StatusServer.Response answer = StatusServer.respond(page, reports, request.getMethod(), below);
    response.setStatus(answer.status());
    response.setContentType(answer.contentType());
    StatusServer.Response.HEADERS.forEach(response::setHeader);
    if (!request.getMethod().equals("HEAD")) {
      response.setContentLength(answer.body().length);
      try (OutputStream out = response.getOutputStream()) {
        out.write(answer.body());
      }
    }
  }
}
