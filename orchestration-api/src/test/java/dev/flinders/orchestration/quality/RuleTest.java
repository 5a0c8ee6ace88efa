package dev.flinders.orchestration.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import org.junit.jupiter.api.Test;

class RuleTest {
  private static final DatasetSchema STOPS =
      DatasetSchema.builder()
          .required("Stop_ID", ColumnType.INT)
          .optional("Stop_name", ColumnType.STRING)
          .optional("Stop_lat", ColumnType.DOUBLE)
          .build();

  @Test
  void rowRules_sayWhatIsWrongWithARow() {
    Rule.Check notNull = Rule.notNull("Stop_ID", "Stop_name").start(STOPS);
    Rule.Check pattern = Rule.pattern("Stop_name", "[A-Z].*").start(STOPS);
    Rule.Check victoria =
        Rule.custom(
                "inside_victoria",
                "Stop_lat is outside Victoria",
                row -> row[2] == null || ((Double) row[2]) < -33.9 && ((Double) row[2]) > -39.2)
            .start(STOPS);

    assertThat(notNull.row(new Object[] {1, null, null})).isEqualTo("Stop_name is missing");
    assertThat(notNull.row(new Object[] {1, "x", null})).isNull();
    assertThat(pattern.row(new Object[] {1, "flinders", null}))
        .isEqualTo("Stop_name \"flinders\" does not match [A-Z].*");
    assertThat(pattern.row(new Object[] {1, null, null})).isNull();
    assertThat(victoria.row(new Object[] {1, "Sydney", -33.86}))
        .isEqualTo("Stop_lat is outside Victoria");
    assertThat(victoria.row(new Object[] {1, "Flinders", -37.81})).isNull();
  }

  @Test
  void actionsAreChosenPerRule() {
    assertThat(Rule.notNull("Stop_ID").action()).isEqualTo(RuleAction.QUARANTINE);
    assertThat(Rule.rowCount(1, 2).action()).isEqualTo(RuleAction.FAIL);
    assertThat(Rule.notNull("Stop_ID").warn().action()).isEqualTo(RuleAction.WARN);
    assertThat(Rule.rowCount(1, 2).quarantine().fail().action()).isEqualTo(RuleAction.FAIL);
    assertThat(Rule.atLeast("Stop_lat", 0).toString())
        .isEqualTo("at_least(Stop_lat,0) -> QUARANTINE");
  }

  @Test
  void rulesNamingMissingOrUnsuitableColumns_areRefusedWhenAdded() {
    DatasetSpec.Builder spec = DatasetSpec.builder("stops", STOPS);

    assertThatThrownBy(() -> spec.rule(Rule.notNull("Stop_code")))
        .hasMessageStartingWith("a rule names column Stop_code, which the schema lacks");
    assertThatThrownBy(() -> spec.rule(Rule.range("Stop_name", 0, 1)))
        .hasMessage("range needs a numeric column; Stop_name is STRING");
    assertThatThrownBy(() -> Rule.range("Stop_lat", 2, 1))
        .hasMessage("range of Stop_lat: min 2.0 > max 1.0");
    assertThatThrownBy(() -> DatasetSpec.builder("Stops", STOPS))
        .hasMessageStartingWith("dataset name \"Stops\" is not valid");
    assertThatThrownBy(() -> spec.quarantineLimit(1.5))
        .hasMessage("quarantineLimit must be in [0, 1], was 1.5");
  }
}
