package dev.flinders.orchestration.ptv.datavic;

import dev.flinders.orchestration.http.HttpException;
import org.jspecify.annotations.Nullable;

/**
 * A CKAN answer that cannot be used: malformed JSON, a body that lacks what the action returns, or
 * pages that do not add up (the total changed between pages, a page came back empty before the
 * total was reached). Nothing read in that attempt is committed; retry policies retry it, since a
 * resource updated while it was read is consistent again on the next attempt.
 */
public class CkanResponseException extends HttpException {
  private static final long serialVersionUID = 1L;

  public CkanResponseException(String url, String message, @Nullable Throwable cause) {
    super(url, message, cause);
  }
}
