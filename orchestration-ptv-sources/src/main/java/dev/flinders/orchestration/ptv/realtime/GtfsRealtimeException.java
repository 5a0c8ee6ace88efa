package dev.flinders.orchestration.ptv.realtime;

import dev.flinders.orchestration.FlindersException;
import org.jspecify.annotations.Nullable;

/** A GTFS Realtime feed that cannot be read: not a FeedMessage, corrupt or cut short. */
public final class GtfsRealtimeException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String url;

  GtfsRealtimeException(String url, String message, @Nullable Throwable cause) {
    super("GTFS Realtime feed " + url + " " + message, cause);
    this.url = url;
  }

  /** The feed's URL. */
  public String url() {
    return url;
  }
}
