package dev.flinders.orchestration.ptv.timetable;

/**
 * PTV answered with {@code "status": {"health": 0}}: by its own account the API is offline, so the
 * answer (often empty lists) is not taken for the truth and nothing is committed: an empty
 * disruptions list from an API that says it is down would read as "no disruptions" on a dashboard.
 * Retry policies retry it like any {@link PtvResponseException}; the previous datasets stay.
 */
public class PtvOutageException extends PtvResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * @param url the URL of the call, secrets masked
   * @param message the endpoint and what PTV said
   */
  public PtvOutageException(String url, String message) {
    super(url, message, null);
  }
}
