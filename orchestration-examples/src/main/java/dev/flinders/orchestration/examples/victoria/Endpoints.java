package dev.flinders.orchestration.examples.victoria;

import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.ptv.datavic.CkanClient;
import dev.flinders.orchestration.ptv.gtfs.Gtfs;
import dev.flinders.orchestration.ptv.realtime.GtfsRealtime;
import dev.flinders.orchestration.ptv.timetable.PtvClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the Victorian pipeline's sources are, and the keys they need: the real services ({@link
 * #live}) or the in-process stand-ins of {@link LocalVictoria#endpoints()}.
 *
 * @param description what they are, for people: {@code "live"}, or the stand-ins' address
 * @param dataVic the Data.vic CKAN action API's base URL
 * @param gtfsSchedule the URL of Transport Victoria's {@code gtfs.zip}
 * @param gtfsRealtime the base URL of the GTFS Realtime feeds ({@code …/metro/trip-updates})
 * @param ptv the PTV Timetable API's base URL, before {@code /v3}
 * @param realtimeKey the Transport Victoria open data API key; null: the realtime feeds are off
 * @param ptvDevid the PTV developer id; null: the disruptions are off
 * @param ptvKey the PTV API key; null: the disruptions are off
 * @param unset the environment variables that held no key (for the message saying so)
 */
public record Endpoints(
    String description,
    String dataVic,
    String gtfsSchedule,
    String gtfsRealtime,
    String ptv,
    @Nullable Secret realtimeKey,
    @Nullable Secret ptvDevid,
    @Nullable Secret ptvKey,
    List<String> unset) {

  /** The environment variable holding the Transport Victoria open data API key (GTFS Realtime). */
  public static final String REALTIME_KEY_VARIABLE = "TRANSPORT_VICTORIA_API_KEY";

  /** The environment variable holding the PTV Timetable API developer id. */
  public static final String PTV_DEVID_VARIABLE = PtvClient.DEVID_VARIABLE;

  /** The environment variable holding the PTV Timetable API key. */
  public static final String PTV_KEY_VARIABLE = PtvClient.API_KEY_VARIABLE;

  public Endpoints {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(dataVic, "dataVic");
    Objects.requireNonNull(gtfsSchedule, "gtfsSchedule");
    Objects.requireNonNull(gtfsRealtime, "gtfsRealtime");
    Objects.requireNonNull(ptv, "ptv");
    unset = List.copyOf(unset);
  }

  /** {@link #live(Map)} of this process's environment. */
  public static Endpoints live() {
    return live(System.getenv());
  }

  /**
   * The real services, with the keys in {@code environment}: {@value #REALTIME_KEY_VARIABLE},
   * {@value #PTV_DEVID_VARIABLE} and {@value #PTV_KEY_VARIABLE}. A variable that is unset or blank
   * leaves its key null (and is listed in {@link #unset()}): the components that need it are
   * disabled, the others run.
   *
   * @throws IllegalArgumentException naming the variable (never its value) if one holds a control
   *     character
   */
  public static Endpoints live(Map<String, String> environment) {
    List<String> unset = new ArrayList<>();
    return new Endpoints(
        "live",
        CkanClient.DATA_VIC,
        Gtfs.TRANSPORT_VICTORIA_URL,
        GtfsRealtime.TRANSPORT_VICTORIA_URL,
        PtvClient.PTV,
        secret(environment, REALTIME_KEY_VARIABLE, unset),
        secret(environment, PTV_DEVID_VARIABLE, unset),
        secret(environment, PTV_KEY_VARIABLE, unset),
        unset);
  }

  private static @Nullable Secret secret(
      Map<String, String> environment, String variable, List<String> unset) {
    Secret secret = secret(environment, variable);
    if (secret == null) {
      unset.add(variable);
    }
    return secret;
  }

  /**
   * The secret in {@code variable} of {@code environment}; null if it is unset or blank.
   *
   * @throws IllegalArgumentException naming the variable, never the value, if it holds a control
   *     character
   */
  static @Nullable Secret secret(Map<String, String> environment, String variable) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Secret.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "environment variable " + variable + ": " + e.getMessage(), e);
    }
  }
}
