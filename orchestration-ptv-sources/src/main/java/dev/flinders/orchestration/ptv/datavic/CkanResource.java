package dev.flinders.orchestration.ptv.datavic;

import org.jspecify.annotations.Nullable;

/**
 * A CKAN resource, as {@code resource_show} and {@code package_show} describe it.
 *
 * @param id the resource id
 * @param packageId the id of the package (dataset) it belongs to; may be empty in a package's list
 * @param name its title
 * @param format e.g. {@code CSV}, {@code XLSX}; may be empty
 * @param url where its file is downloaded
 * @param lastModified when its data last changed, as CKAN writes it (UTC without an offset), or
 *     null
 * @param metadataModified when its metadata last changed, or null
 * @param size the file's size in bytes, when CKAN knows it
 * @param datastoreActive whether its rows are in the datastore ({@code datastore_search} works)
 */
public record CkanResource(
    String id,
    String packageId,
    String name,
    String format,
    String url,
    @Nullable String lastModified,
    @Nullable String metadataModified,
    @Nullable Long size,
    boolean datastoreActive) {}
