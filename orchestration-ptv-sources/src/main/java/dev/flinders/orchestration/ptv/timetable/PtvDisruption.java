package dev.flinders.orchestration.ptv.timetable;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One disruption of {@code /v3/disruptions}, as listed under one mode group. A disruption that PTV
 * lists under two groups (say {@code general} and {@code metro_train}) is two of these. Every field
 * but the group may be missing from PTV's answer, and is then null. Immutable.
 *
 * @param modeGroup the key it was listed under in {@code disruptions}, e.g. {@code metro_train},
 *     {@code metro_tram}, {@code metro_bus}, {@code regional_train}, {@code general}
 * @param disruptionId {@code disruption_id}
 * @param title {@code title}, the headline
 * @param url {@code url}, the article on PTV's website
 * @param description {@code description}
 * @param status {@code disruption_status}, e.g. {@code Current} or {@code Planned}
 * @param type {@code disruption_type}, e.g. {@code Planned Works}, {@code Minor Delays}
 * @param publishedOn {@code published_on}
 * @param lastUpdated {@code last_updated}
 * @param fromDate {@code from_date}, when it begins
 * @param toDate {@code to_date}, when it ends; null when PTV does not know
 * @param colour {@code colour}, e.g. {@code #ffd500}
 * @param displayOnBoard {@code display_on_board}
 * @param displayStatus {@code display_status}
 * @param routes {@code routes}, the routes it affects
 * @param stops {@code stops}, the stops it affects
 */
public record PtvDisruption(
    String modeGroup,
    @Nullable Long disruptionId,
    @Nullable String title,
    @Nullable String url,
    @Nullable String description,
    @Nullable String status,
    @Nullable String type,
    @Nullable Instant publishedOn,
    @Nullable Instant lastUpdated,
    @Nullable Instant fromDate,
    @Nullable Instant toDate,
    @Nullable String colour,
    @Nullable Boolean displayOnBoard,
    @Nullable Boolean displayStatus,
    List<PtvDisruptionRoute> routes,
    List<PtvDisruptionStop> stops) {

  /** Checks the group and copies the lists. */
  public PtvDisruption {
    Objects.requireNonNull(modeGroup, "modeGroup");
    routes = List.copyOf(routes);
    stops = List.copyOf(stops);
  }
}
