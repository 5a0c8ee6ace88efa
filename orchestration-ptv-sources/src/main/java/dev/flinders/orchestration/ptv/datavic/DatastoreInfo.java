package dev.flinders.orchestration.ptv.datavic;

import java.util.List;

/**
 * What a datastore resource holds, from a {@code datastore_search} with {@code limit=0}: its fields
 * in order and how many records match the query.
 */
public record DatastoreInfo(String resourceId, List<DatastoreField> fields, long total) {
  public DatastoreInfo {
    fields = List.copyOf(fields);
  }
}
