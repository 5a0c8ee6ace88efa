package dev.flinders.orchestration.ptv.datavic;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.http.Http;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task that lists the portal's packages matching a search ({@code package_search}, page by page)
 * into the {@link DataVic#CATALOG} dataset: one row per resource (a package without resources gets
 * one row with empty resource columns), so users can find new sources and see which are in the
 * datastore.
 *
 * <p>Immutable and thread-safe.
 */
public final class CatalogSource implements Task {
  private final CkanClient client;
  private final String query;
  private final int rows;

  CatalogSource(CkanClient client, String query, int rows) {
    this.client = Objects.requireNonNull(client, "client");
    this.query = Objects.requireNonNull(query, "query");
    if (rows < 1 || rows > CkanClient.MAX_SEARCH_ROWS) {
      throw new IllegalArgumentException(
          "catalog pages must hold 1 to " + CkanClient.MAX_SEARCH_ROWS + " packages, not " + rows);
    }
    this.rows = rows;
  }

  /** The Solr query sent as {@code q}. */
  public String query() {
    return query;
  }

  @Override
  public Outcome run(ComponentContext context) {
    Http http = context.http();
    DatasetWriter writer = context.dataset(DataVic.CATALOG);
    long start = 0;
    long count = -1;
    long packages = 0;
    while (count < 0 || start < count) {
      CkanClient.SearchPage page = client.packageSearch(http, query, start, rows);
      if (count < 0) {
        count = page.count();
      } else if (page.count() != count) {
        throw new CkanResponseException(
            client.baseUrl(),
            "the catalog search \""
                + query
                + "\" changed from "
                + count
                + " to "
                + page.count()
                + " packages while it was read (at "
                + start
                + "), so nothing is kept and the next attempt reads it again",
            null);
      }
      if (page.packages().isEmpty()) {
        if (start < count) {
          throw new CkanResponseException(
              client.baseUrl(),
              "the catalog search \""
                  + query
                  + "\" returned no packages at "
                  + start
                  + " of "
                  + count
                  + ", so nothing is kept",
              null);
        }
        break;
      }
      for (CkanPackage pkg : page.packages()) {
        write(writer, pkg);
      }
      start += page.packages().size();
      packages += page.packages().size();
      context.throwIfCancelled();
    }
    return Outcome.builder()
        .records(writer.rows())
        .output(DataVic.CATALOG.name())
        .metric("packages", packages)
        .build();
  }

  private static void write(DatasetWriter writer, CkanPackage pkg) {
    if (pkg.resources().isEmpty()) {
      writer.writeText(row(pkg, null));
      return;
    }
    for (CkanResource resource : pkg.resources()) {
      writer.writeText(row(pkg, resource));
    }
  }

  /** The texts of a row in the order of {@link DataVic#CATALOG}'s schema. */
  private static String[] row(CkanPackage pkg, @Nullable CkanResource resource) {
    return new String[] {
      pkg.id(),
      pkg.name(),
      pkg.title(),
      pkg.organisation(),
      pkg.metadataModified(),
      resource == null ? null : resource.id(),
      resource == null ? null : resource.name(),
      resource == null ? null : resource.format(),
      resource == null ? null : resource.url(),
      resource == null ? null : resource.lastModified(),
      resource == null ? null : Boolean.toString(resource.datastoreActive()),
      resource == null || resource.size() == null ? null : Long.toString(resource.size())
    };
  }

  @Override
  public String toString() {
    return "catalog search \"" + query + "\" into " + DataVic.CATALOG.name();
  }
}
