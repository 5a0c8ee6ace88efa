package dev.flinders.orchestration.parquet.internal;

import java.util.Arrays;

/**
 * The value-to-index tables of dictionary encoding: open addressing over primitive arrays, so a
 * lookup neither boxes nor allocates. Indexes are dense, in order of first appearance, which is the
 * order of the dictionary page.
 */
final class DictionaryTables {
  private DictionaryTables() {}

  private static final int FIRST_CAPACITY = 1 << 10;

  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The slots shared by both tables: each holds a key's index + 1, or 0 when empty. */
  private abstract static class Slots {
    int[] slots = new int[FIRST_CAPACITY];
    int size;

    /** The hash of the key stored at {@code index}. */
    abstract int hashAt(int index);

    /** Takes {@code slot} for the key the subclass just stored at index {@link #size}. */
    final int added(int slot) {
      slots[slot] = ++size;
      if (size * 2 > slots.length) {
        int[] grown = new int[slots.length * 2];
        int mask = grown.length - 1;
        for (int i = 0; i < size; i++) {
          int free = spread(hashAt(i)) & mask;
          while (grown[free] != 0) {
            free = (free + 1) & mask;
          }
          grown[free] = i + 1;
        }
        slots = grown;
      }
      return size - 1;
    }

    int size() {
      return size;
    }

    void clearSlots() {
      slots = new int[FIRST_CAPACITY];
      size = 0;
    }
  }

  /** Byte strings (UTF-8 text) to indexes. */
  static final class OfBytes extends Slots {
    private byte[][] keys = new byte[FIRST_CAPACITY / 2][];
    private long plainBytes;

    /** The index of the key in {@code bytes[from, from + length)}, copied in if it is new. */
    int indexOf(byte[] bytes, int from, int length) {
      int mask = slots.length - 1;
      for (int slot = spread(hash(bytes, from, length)) & mask; ; slot = (slot + 1) & mask) {
        int entry = slots[slot];
        if (entry == 0) {
          if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
          }
          keys[size] = Arrays.copyOfRange(bytes, from, from + length);
          plainBytes += 4 + length;
          return added(slot);
        }
        byte[] key = keys[entry - 1];
        if (Arrays.equals(key, 0, key.length, bytes, from, from + length)) {
          return entry - 1;
        }
      }
    }

    private static int hash(byte[] bytes, int from, int length) {
      int hash = 1;
      for (int i = from; i < from + length; i++) {
        hash = 31 * hash + bytes[i];
      }
      return hash;
    }

    @Override
    int hashAt(int index) {
      return hash(keys[index], 0, keys[index].length);
    }

    byte[] key(int index) {
      return keys[index];
    }

    /** The size of the keys plain-encoded, as in a dictionary page. */
    long plainBytes() {
      return plainBytes;
    }

    void clear() {
      clearSlots();
      keys = new byte[FIRST_CAPACITY / 2][];
      plainBytes = 0;
    }
  }

  /** 64-bit values (ints, longs and the raw bits of doubles) to indexes. */
  static final class OfLongs extends Slots {
    private long[] keys = new long[FIRST_CAPACITY / 2];

    /** The index of {@code key}, added at the end if it is new. */
    int indexOf(long key) {
      int mask = slots.length - 1;
      for (int slot = spread(Long.hashCode(key)) & mask; ; slot = (slot + 1) & mask) {
        int entry = slots[slot];
        if (entry == 0) {
          if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
          }
          keys[size] = key;
          return added(slot);
        }
        if (keys[entry - 1] == key) {
          return entry - 1;
        }
      }
    }

    @Override
    int hashAt(int index) {
      return Long.hashCode(keys[index]);
    }

    long key(int index) {
      return keys[index];
    }

    void clear() {
      clearSlots();
      keys = new long[FIRST_CAPACITY / 2];
    }
  }
}
