package dev.flinders.orchestration.ptv.datavic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which records of a datastore resource to read: all of them by default, or those matching {@code
 * filters} (field equals value), a full-text {@code q}, only some {@code fields}, in a {@code sort}
 * order. Immutable and thread-safe; each method returns a new query.
 *
 * <pre>{@code
 * DatastoreQuery.of("d49915dc-98ac-45d1-afd8-3aea823ce292")
 *     .filter("Mode", "Tram")
 *     .sort("Year asc, Month asc");
 * }</pre>
 */
public final class DatastoreQuery {
  private final String resourceId;
  private final Map<String, Object> filters;
  private final @Nullable String q;
  private final List<String> fields;
  private final @Nullable String sort;

  private DatastoreQuery(
      String resourceId,
      Map<String, Object> filters,
      @Nullable String q,
      List<String> fields,
      @Nullable String sort) {
    this.resourceId = resourceId;
    this.filters = filters;
    this.q = q;
    this.fields = fields;
    this.sort = sort;
  }

  /**
   * Every record of a resource.
   *
   * @throws IllegalArgumentException if the id is blank
   */
  public static DatastoreQuery of(String resourceId) {
    if (Objects.requireNonNull(resourceId, "resourceId").isBlank()) {
      throw new IllegalArgumentException("a datastore query needs a resource id; it is blank");
    }
    return new DatastoreQuery(resourceId.strip(), Map.of(), null, List.of(), null);
  }

  /** Only records whose field equals the value (a string, number or boolean); filters add up. */
  public DatastoreQuery filter(String field, Object value) {
    Objects.requireNonNull(field, "field");
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "filter on " + field + ": the value must be a string, number or boolean, not " + value);
    }
    Map<String, Object> more = new LinkedHashMap<>(filters);
    more.put(field, value);
    return new DatastoreQuery(resourceId, Collections.unmodifiableMap(more), q, fields, sort);
  }

  /** Only records matching a full-text search. */
  public DatastoreQuery q(String text) {
    return new DatastoreQuery(resourceId, filters, Objects.requireNonNull(text, "q"), fields, sort);
  }

  /** Only these fields, in this order. */
  public DatastoreQuery fields(String... names) {
    return new DatastoreQuery(resourceId, filters, q, List.of(names), sort);
  }

  /** The order of the records, e.g. {@code "Year asc, Month asc"}. */
  public DatastoreQuery sort(String order) {
    return new DatastoreQuery(
        resourceId, filters, q, fields, Objects.requireNonNull(order, "sort"));
  }

  public String resourceId() {
    return resourceId;
  }

  public Map<String, Object> filters() {
    return filters;
  }

  public Optional<String> q() {
    return Optional.ofNullable(q);
  }

  public List<String> fields() {
    return fields;
  }

  public Optional<String> sort() {
    return Optional.ofNullable(sort);
  }

  /** Whether this query reads every record of the resource. */
  public boolean isWholeResource() {
    return filters.isEmpty() && q == null && fields.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("resource ").append(resourceId);
    if (!filters.isEmpty()) {
      text.append(" where ").append(filters);
    }
    q().ifPresent(search -> text.append(" matching \"").append(search).append('"'));
    if (!fields.isEmpty()) {
      text.append(" fields ").append(fields);
    }
    sort().ifPresent(order -> text.append(" sorted by ").append(order));
    return text.toString();
  }
}
