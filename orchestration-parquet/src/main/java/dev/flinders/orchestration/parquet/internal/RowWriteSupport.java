package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of values straight to Parquet's record consumer: no Avro record, no map, one pass
 * over the values.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
  private final String[] names;
  private final ColumnType[] types;
  private final MessageType message;
  private final Map<String, String> metadata;
  private RecordConsumer consumer;

  RowWriteSupport(DatasetSchema schema, Map<String, String> metadata) {
    this.names = new String[schema.size()];
    this.types = new ColumnType[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      Column column = schema.column(i);
      names[i] = column.name();
      types[i] = column.type();
    }
    this.message = Schemas.toParquet(schema);
    this.metadata = Map.copyOf(metadata);
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(message, metadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(message, metadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Object[] row) {
    consumer.startMessage();
    for (int i = 0; i < names.length; i++) {
      Object value = row[i];
      if (value == null) {
        continue;
      }
      consumer.startField(names[i], i);
      switch (types[i]) {
        case STRING ->
            consumer.addBinary(
                Binary.fromConstantByteArray(((String) value).getBytes(StandardCharsets.UTF_8)));
        case INT -> consumer.addInteger((Integer) value);
        case LONG -> consumer.addLong((Long) value);
        case DOUBLE -> consumer.addDouble((Double) value);
        case BOOLEAN -> consumer.addBoolean((Boolean) value);
        case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
        case TIMESTAMP -> consumer.addLong(micros((Instant) value));
      }
      consumer.endField(names[i], i);
    }
    consumer.endMessage();
  }

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
