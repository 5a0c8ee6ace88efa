package dev.flinders.orchestration.ptv.datavic;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CKAN package (a dataset on the portal), as {@code package_show} and {@code package_search}
 * describe it.
 *
 * @param id the package id
 * @param name its URL name, e.g. {@code monthly-public-transport-patronage-by-mode}
 * @param title its title
 * @param organisation the title of the publishing organisation, or null
 * @param metadataModified when its metadata last changed, or null
 * @param resources its resources
 */
public record CkanPackage(
    String id,
    String name,
    String title,
    @Nullable String organisation,
    @Nullable String metadataModified,
    List<CkanResource> resources) {
  public CkanPackage {
    resources = List.copyOf(resources);
  }
}
