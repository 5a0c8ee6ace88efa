package dev.flinders.orchestration.examples.victoria;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes one protobuf message in the wire format, field by field: what the demo's stand-in for the
 * GTFS Realtime gateway sends. (The classes generated from the project's {@code
 * gtfs-realtime.proto} are internal to {@code orchestration-ptv-sources}; the field numbers, which
 * are the wire format, are those of the GTFS Realtime reference.) Not thread-safe.
 */
final class ProtoWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  ProtoWriter string(int field, String value) {
    return write(() -> out.writeString(field, value));
  }

  ProtoWriter uint64(int field, long value) {
    return write(() -> out.writeUInt64(field, value));
  }

  ProtoWriter int64(int field, long value) {
    return write(() -> out.writeInt64(field, value));
  }

  ProtoWriter int32(int field, int value) {
    return write(() -> out.writeInt32(field, value));
  }

  ProtoWriter uint32(int field, int value) {
    return write(() -> out.writeUInt32(field, value));
  }

  ProtoWriter enumValue(int field, int value) {
    return write(() -> out.writeEnum(field, value));
  }

  ProtoWriter floatValue(int field, float value) {
    return write(() -> out.writeFloat(field, value));
  }

  /** An embedded message (or one element of a repeated one). */
  ProtoWriter message(int field, ProtoWriter message) {
    byte[] embedded = message.toByteArray();
    return write(() -> out.writeByteArray(field, embedded));
  }

  byte[] toByteArray() {
    write(out::flush);
    return bytes.toByteArray();
  }

  private ProtoWriter write(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    }
    return this;
  }

  private interface Write {
    void run() throws IOException;
  }
}
