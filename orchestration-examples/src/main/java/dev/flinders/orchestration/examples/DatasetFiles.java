package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a pipeline left under a data directory: per dataset of {@code curated/} and {@code
 * quarantine/}, its files and the rows a reader of it sees. A dataset of dated versions ({@code
 * patronage_monthly_20260302.parquet}) is its newest version; a partitioned or appending one (a
 * directory) is all its files.
 *
 * @param directory the data directory
 * @param datasets by {@code curated/<name>} or {@code quarantine/<name>}
 */
record DatasetFiles(Path directory, Map<String, Dataset> datasets) {
  private static final Pattern VERSION = Pattern.compile("(.+)_(\\d{8})\\.parquet");

  /** One dataset: how many files it has, how many rows it holds, where. */
  record Dataset(int files, long rows, String where) {}

  /** Reads the datasets under {@code directory}'s {@code curated/} and {@code quarantine/}. */
  static DatasetFiles of(Path directory) {
    Map<String, Dataset> datasets = new TreeMap<>();
    for (String area : List.of("curated", "quarantine")) {
      Path root = directory.resolve(area);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(root)) {
        for (Path entry : entries.sorted().toList()) {
          String name = entry.getFileName().toString();
          Matcher version = VERSION.matcher(name);
          if (Files.isDirectory(entry)) {
            List<Path> files = parquetFiles(entry);
            if (!files.isEmpty()) {
              long rows = files.stream().mapToLong(DatasetFiles::rows).sum();
              datasets.put(
                  area + "/" + name,
                  new Dataset(files.size(), rows, area + "/" + name + "/" + layout(entry, files)));
            }
          } else if (version.matches()) {
            String key = area + "/" + version.group(1);
            Dataset newest = datasets.get(key);
            int files = newest == null ? 1 : newest.files() + 1;
            // names sort by date: the last one listed is the newest
            datasets.put(key, new Dataset(files, rows(entry), area + "/" + name));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
      }
    }
    return new DatasetFiles(directory, datasets);
  }

  /** The rows of {@code curated/<dataset>}, or 0 if it has no file. */
  long curatedRows(String dataset) {
    Dataset found = datasets.get("curated/" + dataset);
    return found == null ? 0 : found.rows();
  }

  /** The rows of {@code quarantine/<dataset>}, or 0 if it has no file. */
  long quarantinedRows(String dataset) {
    Dataset found = datasets.get("quarantine/" + dataset);
    return found == null ? 0 : found.rows();
  }

  /** A table of the datasets. */
  void print(PrintStream out) {
    out.println("Datasets under " + directory.toAbsolutePath() + " (rows a reader sees):");
    int width = datasets.keySet().stream().mapToInt(String::length).max().orElse(0);
    datasets.forEach(
        (name, dataset) ->
            out.println(
                String.format(
                    Locale.ROOT,
                    "  %-" + width + "s %,8d rows  %3d file%s  %s",
                    name,
                    dataset.rows(),
                    dataset.files(),
                    dataset.files() == 1 ? " " : "s",
                    dataset.where())));
  }

  private static String layout(Path dataset, List<Path> files) {
    boolean partitioned = files.stream().anyMatch(file -> !file.getParent().equals(dataset));
    return partitioned ? "<partition>/*.parquet" : "*.parquet";
  }

  private static List<Path> parquetFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static long rows(Path file) {
    try (ParquetDatasetReader reader = ParquetDatasetReader.open(file)) {
      return reader.rows().count();
    }
  }
}
