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

  /** Byte strings (UTF-8 text) to indexes. */
  static final class OfBytes {
    private int[] slots = new int[FIRST_CAPACITY]; // index + 1; 0 is empty
    private byte[][] keys = new byte[FIRST_CAPACITY / 2][];
    private int size;
    private long plainBytes;

    /** The index of {@code key}, added at the end if it is new. */
    int indexOf(byte[] key) {
      int mask = slots.length - 1;
      for (int slot = spread(Arrays.hashCode(key)) & mask; ; slot = (slot + 1) & mask) {
        int entry = slots[slot];
        if (entry == 0) {
          return add(key, slot);
        }
        if (Arrays.equals(keys[entry - 1], key)) {
          return entry - 1;
        }
      }
    }

    private int add(byte[] key, int slot) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
      }
      keys[size] = key;
      slots[slot] = ++size;
      plainBytes += 4 + key.length;
      if (size * 2 > slots.length) {
        rehash();
      }
      return size - 1;
    }

    private void rehash() {
      int[] grown = new int[slots.length * 2];
      int mask = grown.length - 1;
      for (int i = 0; i < size; i++) {
        int slot = spread(Arrays.hashCode(keys[i])) & mask;
        while (grown[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        grown[slot] = i + 1;
      }
      slots = grown;
    }

    int size() {
      return size;
    }

    byte[] key(int index) {
      return keys[index];
    }

    /** The size of the keys plain-encoded, as in a dictionary page. */
    long plainBytes() {
      return plainBytes;
    }

    void clear() {
      slots = new int[FIRST_CAPACITY];
      keys = new byte[FIRST_CAPACITY / 2][];
      size = 0;
      plainBytes = 0;
    }
  }

  /** 64-bit values (ints, longs and the raw bits of doubles) to indexes. */
  static final class OfLongs {
    private int[] slots = new int[FIRST_CAPACITY];
    private long[] keys = new long[FIRST_CAPACITY / 2];
    private int size;

    int indexOf(long key) {
      int mask = slots.length - 1;
      for (int slot = spread(Long.hashCode(key)) & mask; ; slot = (slot + 1) & mask) {
        int entry = slots[slot];
        if (entry == 0) {
          return add(key, slot);
        }
        if (keys[entry - 1] == key) {
          return entry - 1;
        }
      }
    }

    private int add(long key, int slot) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
      }
      keys[size] = key;
      slots[slot] = ++size;
      if (size * 2 > slots.length) {
        rehash();
      }
      return size - 1;
    }

    private void rehash() {
      int[] grown = new int[slots.length * 2];
      int mask = grown.length - 1;
      for (int i = 0; i < size; i++) {
        int slot = spread(Long.hashCode(keys[i])) & mask;
        while (grown[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        grown[slot] = i + 1;
      }
      slots = grown;
    }

    int size() {
      return size;
    }

    long key(int index) {
      return keys[index];
    }

    void clear() {
      slots = new int[FIRST_CAPACITY];
      keys = new long[FIRST_CAPACITY / 2];
      size = 0;
    }
  }
}
