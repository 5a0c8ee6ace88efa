package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.AppendedVersions;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DatasetSink} that stores appending datasets promises: a file per commit, named
 * as {@link AppendedVersions} names them in the sink's zone; two outputs of one instant both kept;
 * uncommitted outputs leave nothing; closed periods merged with every row once, open ones left, and
 * a second compaction finding nothing. Extended by each such sink's test.
 */
public abstract class AppendingSinkContract {
  protected static final DatasetSchema SCHEMA =
      DatasetSchema.builder()
          .required("id", ColumnType.LONG)
          .optional("text", ColumnType.STRING)
          .build();

  /** 07:00 in Melbourne and 20:00 UTC on 1 December 2026. */
  protected static final Instant AT = Instant.parse("2026-12-01T20:00:00Z");

  /** A new, empty sink. */
  protected abstract DatasetSink sink() throws Exception;

  /** The zone the sink names files in. */
  protected abstract ZoneId zone();

  /** Every row of the dataset's appended files, oldest file first. */
  protected abstract List<Object[]> rows(DatasetSink sink, String dataset) throws Exception;

  private static DatasetVersion commit(DatasetSink sink, Instant at, long... ids) {
    try (DatasetOutput output = sink.openAppending("events", SCHEMA, at)) {
      for (long id : ids) {
        output.write(new Object[] {id, "row " + id});
      }
      return output.commit();
    }
  }

  @Test
  void eachCommitIsAFile_namedByItsTimeInTheSinksZone() throws Exception {
    DatasetSink sink = sink();
    DatasetVersion first = commit(sink, AT, 1, 2);
    DatasetVersion second = commit(sink, AT.plusSeconds(30), 3);

    assertThat(first.version()).isEqualTo(AppendedVersions.commit(AT, zone()));
    assertThat(sink.appended("events"))
        .extracting(DatasetVersion::version)
        .containsExactly(first.version(), second.version());
    assertThat(rows(sink, "events")).extracting(row -> row[0]).containsExactly(1L, 2L, 3L);
  }

  @Test
  void twoOutputsOfOneInstant_areBothKept_andAnUncommittedOneLeavesNothing() throws Exception {
    DatasetSink sink = sink();
    DatasetOutput a = sink.openAppending("events", SCHEMA, AT);
    DatasetOutput b = sink.openAppending("events", SCHEMA, AT);
    DatasetOutput dropped = sink.openAppending("events", SCHEMA, AT);
    a.write(new Object[] {1L, "a"});
    b.write(new Object[] {2L, "b"});
    dropped.write(new Object[] {3L, "dropped"});
    b.commit();
    a.commit();
    dropped.close();

    assertThat(sink.appended("events")).hasSize(2);
    assertThat(rows(sink, "events")).extracting(row -> row[0]).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void closedPeriodsAreMerged_withEveryRowOnce_openOnesLeft_andASecondCompactionFindsNothing()
      throws Exception {
    DatasetSink sink = sink();
    List<Long> ids = new ArrayList<>();
    for (int minute = 0; minute < 90; minute += 15) { // hours 07 and 08 of the sink's zone
      long id = minute;
      commit(sink, AT.plusSeconds(60L * minute), id, id + 1000);
      ids.add(id);
      ids.add(id + 1000);
    }
    Instant during8 = AT.plusSeconds(100 * 60);

    List<Compaction> done = sink.compact("events", SCHEMA, ChronoUnit.HOURS, during8);

    String hour7 = AppendedVersions.period(AppendedVersions.commit(AT, zone()), ChronoUnit.HOURS);
    assertThat(done)
        .singleElement()
        .satisfies(
            merged -> {
              assertThat(merged.failure()).isNull();
              assertThat(merged.result().version()).isEqualTo(hour7);
              assertThat(merged.merged()).hasSize(4);
              assertThat(merged.rows()).isEqualTo(8);
            });
    assertThat(sink.appended("events")).hasSize(1 + 2);
    assertThat(rows(sink, "events"))
        .extracting(row -> (Long) row[0])
        .containsExactlyElementsOf(ids);
    assertThat(sink.compact("events", SCHEMA, ChronoUnit.HOURS, during8)).isEmpty();
  }
}
