package dev.flinders.orchestration.ptv.datavic;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.change.Fingerprint;
import dev.flinders.orchestration.change.ProbeContext;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DataQualityException;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A task that copies one CKAN datastore resource into one dataset: {@code resource_show}, then
 * {@code datastore_search} page by page, each record converted to the dataset's schema and checked
 * by its rules as it arrives. When the resource is not in the datastore, its file is downloaded
 * from the URL {@code resource_show} gives and read as CSV (BOM, CRLF, quoted fields) with the same
 * schema and rules.
 *
 * <p>The schema is the one declared with {@link Builder#into(DatasetSpec)}, or inferred from the
 * datastore's field types ({@link DatastoreField#columnType()}, every column optional; CKAN's own
 * {@code _id} left out) with {@link Builder#into(String)}. Fields are matched to columns by name,
 * then by {@link DatasetSchema#columnName}; a required column the resource lacks fails the
 * component before any row is read.
 *
 * <p>{@link #changeDetector()} probes with two small requests ({@code resource_show} and a {@code
 * datastore_search} with {@code limit=0}): the resource's {@code last_modified}, {@code
 * metadata_modified} and the datastore's {@code total}. {@link #component(String)} wires both.
 *
 * <p>Immutable and thread-safe: one source may run in several orchestrators at once.
 */
public final class DatastoreSource implements Task {
  private final CkanClient client;
  private final DatastoreQuery query;
  private final String datasetName;
  private final @Nullable DatasetSpec declared;
  private final boolean csvFallback;

  private DatastoreSource(Builder builder, String datasetName, @Nullable DatasetSpec declared) {
    this.client = builder.client;
    this.query = builder.query;
    this.csvFallback = builder.csvFallback;
    this.datasetName = datasetName;
    this.declared = declared;
  }

  /** A source of the records of a datastore query; finish with {@code into(...)}. */
  public static Builder of(DatastoreQuery query) {
    return new Builder(Objects.requireNonNull(query, "query"));
  }

  public DatastoreQuery query() {
    return query;
  }

  /** The dataset written. */
  public String datasetName() {
    return datasetName;
  }

  /** The declared dataset, if one was given; otherwise the schema is inferred at each run. */
  public Optional<DatasetSpec> declaredSpec() {
    return Optional.ofNullable(declared);
  }

  /**
   * A component builder with this task and {@link #changeDetector()}; add a schedule, timeout and
   * retries, then {@code build()}.
   */
  public Component.Builder component(String name) {
    return Component.builder(name).task(this).changeDetector(changeDetector());
  }

  @Override
  public Outcome run(ComponentContext context) {
    Http http = context.http();
    CkanResource resource = client.resourceShow(http, query.resourceId());
    long records =
        resource.datastoreActive() ? fromDatastore(context, http) : fromFile(context, resource);
    return Outcome.builder().records(records).output(datasetName).build();
  }

  private long fromDatastore(ComponentContext context, Http http) {
    DatastoreInfo info = client.datastoreInfo(http, query);
    List<DatastoreField> fields = new ArrayList<>();
    for (DatastoreField field : info.fields()) {
      if (!field.internal() || query.fields().contains(field.id())) {
        fields.add(field);
      }
    }
    DatasetSpec spec = declared != null ? declared : DatasetSpec.of(datasetName, inferred(fields));
    int[] fieldOf =
        declared != null
            ? fieldOf(declared, info.fields())
            : fields.stream().mapToInt(info.fields()::indexOf).toArray(); // column by column
    DatasetWriter writer = context.dataset(spec);
    writer.sourceColumns(fields.stream().map(DatastoreField::id).toList());
    long[] written = {0};
    return client.datastoreSearch(
        http,
        query,
        info,
        values -> {
          String[] texts = new String[fieldOf.length];
          for (int i = 0; i < fieldOf.length; i++) {
            texts[i] = fieldOf[i] < 0 ? null : values[fieldOf[i]];
          }
          writer.writeText(texts);
          if (++written[0] % 1024 == 0) {
            context.throwIfCancelled();
          }
        });
  }

  /** Every field a column, named by {@link DatasetSchema#columnNames}, typed by its CKAN type. */
  static DatasetSchema inferred(List<DatastoreField> fields) {
    List<String> names =
        DatasetSchema.columnNames(fields.stream().map(DatastoreField::id).toList());
    DatasetSchema.Builder schema = DatasetSchema.builder();
    for (int i = 0; i < fields.size(); i++) {
      schema.optional(names.get(i), fields.get(i).columnType());
    }
    return schema.build();
  }

  /** For each declared column, the position of its field in the records, or -1. */
  private int[] fieldOf(DatasetSpec spec, List<DatastoreField> fields) {
    List<String> ids = fields.stream().map(DatastoreField::id).toList();
    int[] fieldOf = spec.schema().fieldPositions(ids);
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < fieldOf.length; i++) {
      Column column = spec.schema().column(i);
      if (fieldOf[i] < 0 && !column.nullable()) {
        missing.add(column.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new DataQualityException(
          spec.name(),
          "dataset "
              + spec.name()
              + " is not committed: "
              + query
              + " has no field for the required columns "
              + missing
              + "; its fields are "
              + ids);
    }
    return fieldOf;
  }

  private long fromFile(ComponentContext context, CkanResource resource) {
    String why = "resource " + resource.id() + " is not in the datastore";
    if (!csvFallback) {
      throw new CkanResponseException(
          client.baseUrl(), why + " and this source's CSV fallback is off", null);
    }
    if (!query.filters().isEmpty() || query.q().isPresent() || !query.fields().isEmpty()) {
      throw new IllegalStateException(
          why + ": its file cannot be filtered, so " + query + " cannot be read from it");
    }
    if (!isCsv(resource)) {
      throw new CkanResponseException(
          resource.url(),
          why
              + ", and its file is "
              + (resource.format().isEmpty() ? "of no stated format" : resource.format())
              + ", not CSV: "
              + resource.url(),
          null);
    }
    // the file is fetched without the API's auth header: it may live on another host
    try (HttpResponse response = context.http().send(HttpRequest.get(resource.url()).build());
        CsvReader reader =
            declared != null
                ? CsvReader.open(response.body(), response.url(), declared.schema())
                : CsvReader.openAsText(response.body(), response.url())) {
      DatasetSpec spec = declared != null ? declared : DatasetSpec.of(datasetName, reader.schema());
      return reader.copyTo(context.dataset(spec));
    }
  }

  private static boolean isCsv(CkanResource resource) {
    String format = resource.format().strip().toLowerCase(Locale.ROOT);
    String path = resource.url().toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
    return format.equals("csv") || format.equals("text/csv") || path.endsWith(".csv");
  }

  /**
   * Detects a change of the resource without downloading it: {@code resource_show} for its {@code
   * last_modified} and {@code metadata_modified}, and, when it is in the datastore, {@code
   * datastore_search} with {@code limit=0} for the query's {@code total}.
   */
  public ChangeDetector changeDetector() {
    return new ChangeDetector() {
      @Override
      public Fingerprint probe(ProbeContext context) {
        CkanResource resource = client.resourceShow(context.http(), query.resourceId());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("last_modified", Objects.toString(resource.lastModified(), ""));
        values.put("metadata_modified", Objects.toString(resource.metadataModified(), ""));
        values.put("datastore_active", Boolean.toString(resource.datastoreActive()));
        StringBuilder description =
            new StringBuilder("resource ")
                .append(query.resourceId())
                .append(" last modified ")
                .append(resource.lastModified() == null ? "(unknown)" : resource.lastModified());
        if (resource.datastoreActive()) {
          long total = client.datastoreInfo(context.http(), query).total();
          values.put("total", Long.toString(total));
          description.append(", ").append(total).append(" records");
        } else {
          description.append(", not in the datastore");
        }
        return Fingerprint.of("ckan-resource", description.toString(), values);
      }

      @Override
      public String describe(Optional<Fingerprint> previous) {
        return "resource_show and datastore_search (limit 0) of "
            + query
            + previous.map(fingerprint -> "; last seen: " + fingerprint.description()).orElse("");
      }
    };
  }

  @Override
  public String toString() {
    return "datastore " + query + " into " + datasetName;
  }

  /** Configures a datastore source; {@code into(...)} finishes it. */
  public static final class Builder {
    private final DatastoreQuery query;
    private CkanClient client = CkanClient.dataVic();
    private boolean csvFallback = true;

    private Builder(DatastoreQuery query) {
      this.query = query;
    }

    /** The CKAN client; default {@link CkanClient#dataVic()}. */
    public Builder client(CkanClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Whether a resource that is not in the datastore is read from its CSV file instead (default
     * true); when false such a resource fails the component.
     */
    public Builder csvFallback(boolean csvFallback) {
      this.csvFallback = csvFallback;
      return this;
    }

    /** Writes the dataset with a declared schema and rules. */
    public DatastoreSource into(DatasetSpec spec) {
      Objects.requireNonNull(spec, "spec");
      return new DatastoreSource(this, spec.name(), spec);
    }

    /**
     * Writes a dataset whose schema is inferred from the datastore's field types at each run (all
     * text columns when the CSV fallback is used), with no rules.
     */
    public DatastoreSource into(String datasetName) {
      // checks the name now rather than at the first run
      DatasetSpec.builder(
          Objects.requireNonNull(datasetName, "datasetName"),
          DatasetSchema.builder().optional("any", ColumnType.STRING).build());
      return new DatastoreSource(this, datasetName, null);
    }
  }
}
