package dev.flinders.orchestration.ptv.realtime;

import dev.flinders.orchestration.http.HttpStatusException;

/**
 * The Transport Victoria API gateway refused a GTFS Realtime request: 401 or 403 (the key), 429
 * (too many calls). Keeps the status, the gateway's text and its {@code Retry-After}, so a 429 is
 * retried after the wait it asks for and a refused key is not retried; the message says what to
 * change.
 */
public final class GatewayException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  GatewayException(HttpStatusException refused, String keyHeader) {
    super(
        refused.status(),
        refused.url(),
        refused.getMessage() + ": " + advice(refused.status(), keyHeader),
        refused.errorText(),
        refused.errorBody(),
        refused.retryAfter().orElse(null));
  }

  /** Whether the gateway's refusal of {@code status} is one this explains. */
  static boolean explains(int status) {
    return status == 401 || status == 403 || status == 429;
  }

  private static String advice(int status, String keyHeader) {
    if (status == 429) {
      return "the gateway allows about 24 calls per 60 s per mode; lower the rate limit of this"
          + " mode's QuotaPolicy (GtfsRealtime.quotaPolicy), or call less often";
    }
    return "the gateway refused the key sent in header "
        + keyHeader
        + ": check that it is the API key of your Transport Victoria open data account"
        + " (opendata.transport.vic.gov.au), sent in the header the API expects, and that it is"
        + " subscribed to the GTFS Realtime product";
  }
}
