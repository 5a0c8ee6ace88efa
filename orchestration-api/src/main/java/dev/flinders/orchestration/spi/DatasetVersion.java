package dev.flinders.orchestration.spi;

import java.util.Objects;

/**
 * A committed version of a dataset.
 *
 * @param dataset the dataset's name
 * @param version its name among the dataset's versions, e.g. {@code 20261125}; later versions sort
 *     after earlier ones
 * @param location where it is, e.g. a file path
 */
public record DatasetVersion(String dataset, String version, String location) {
  public DatasetVersion {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(location, "location");
  }
}
