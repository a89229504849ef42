import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/system/clients/partitioner/default-partitioner.ts';
import { murmur2, toPositive, utf8Bytes } from '../../src/system/clients/partitioner/murmur2.ts';
import { initialRoundRobinState, roundRobinPartitionOf } from '../../src/system/clients/partitioner/round-robin-partitioner.ts';
import {
  initialStickyState,
  onBatchCompleted,
  stickyPartitionOf,
} from '../../src/system/clients/partitioner/sticky-partitioner.ts';

describe('murmur2', () => {
  // Expected values from Kafka's own UtilsTest.testMurmur2
  // (apache/kafka, clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
  const kafkaCases: ReadonlyArray<readonly [string, Uint8Array, number]> = [
    ['"21"', utf8Bytes('21'), -973932308],
    ['"foobar"', utf8Bytes('foobar'), -790332482],
    ['"a-little-bit-long-string"', utf8Bytes('a-little-bit-long-string'), -985981536],
    ['"a-little-bit-longer-string"', utf8Bytes('a-little-bit-longer-string'), -1486304829],
    ['"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"', utf8Bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'), -58897971],
    ["bytes {'a','b','c'}", new Uint8Array([0x61, 0x62, 0x63]), 479470107],
  ];

  it.each(kafkaCases)('matches Kafka UtilsTest for %s', (_name, bytes, expected) => {
    // Act
    const hash = murmur2(bytes);

    // Assert
    expect(hash).toBe(expected);
  });

  it('returns a signed 32-bit integer for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        // Act
        const hash = murmur2(bytes);

        // Assert
        return Number.isInteger(hash) && hash >= -0x80000000 && hash <= 0x7fffffff;
      }),
    );
  });
});

describe('toPositive', () => {
  it('clears the sign bit like Kafka, rather than taking the absolute value', () => {
    // Arrange
    const inputs = [0, 1, -1, 0x7fffffff, -0x80000000, -973932308];

    // Act
    const outputs = inputs.map(toPositive);

    // Assert
    expect(outputs).toEqual([0, 1, 0x7fffffff, 0x7fffffff, 0, -973932308 & 0x7fffffff]);
  });
});

describe('partitionForKey', () => {
  it('is toPositive(murmur2(utf8(key))) % n', () => {
    // Arrange
    const keys = ['21', 'foobar', 'a-little-bit-long-string', 'key', 'order-42', 'ünïcödé-ключ'];

    for (const key of keys) {
      for (let n = 1; n <= 10; n++) {
        // Act
        const partition = partitionForKey(key, n);

        // Assert
        expect(partition).toBe(toPositive(murmur2(utf8Bytes(key))) % n);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(n);
      }
    }
  });

  it('maps the Kafka test keys to the partitions their hashes give', () => {
    // Arrange: toPositive(-973932308) = 1173551340, toPositive(-790332482) = 1357151166.
    const n = 7;

    // Act
    const p21 = partitionForKey('21', n);
    const pFoobar = partitionForKey('foobar', n);

    // Assert
    expect(p21).toBe(1173551340 % n);
    expect(pFoobar).toBe(1357151166 % n);
  });

  it('hashes the UTF-8 encoding of the key', () => {
    // Arrange
    const key = 'é';

    // Act
    const partition = partitionForKey(key, 1000);

    // Assert
    expect(partition).toBe(toPositive(murmur2(new Uint8Array([0xc3, 0xa9]))) % 1000);
  });

  it('is always within [0, n)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 64 }), (key, n) => {
        // Act
        const partition = partitionForKey(key, n);

        // Assert
        return Number.isInteger(partition) && partition >= 0 && partition < n;
      }),
    );
  });

  it('rejects a non-positive partition count', () => {
    // Act + Assert
    expect(() => partitionForKey('key', 0)).toThrow();
  });
});

describe('sticky partitioner', () => {
  it('chooses partition 0 first and sticks to it until a batch completes', () => {
    // Arrange
    let state = initialStickyState();
    const partitions: number[] = [];

    // Act
    for (let i = 0; i < 3; i++) {
      const result = stickyPartitionOf(state, 3);
      partitions.push(result.partition);
      state = result.state;
    }

    // Assert
    expect(initialStickyState().partition).toBe(-1);
    expect(partitions).toEqual([0, 0, 0]);
  });

  it('rotates to the next partition on each completed batch and wraps around', () => {
    // Arrange
    let state = stickyPartitionOf(initialStickyState(), 3).state;
    const partitions: number[] = [];

    // Act
    for (let batch = 0; batch < 4; batch++) {
      for (let record = 0; record < 2; record++) {
        const result = stickyPartitionOf(state, 3);
        partitions.push(result.partition);
        state = result.state;
      }
      state = onBatchCompleted(state, 3);
    }

    // Assert
    expect(partitions).toEqual([0, 0, 1, 1, 2, 2, 0, 0]);
  });

  it('stays on partition 0 of a single-partition topic', () => {
    // Arrange
    const state = stickyPartitionOf(initialStickyState(), 1).state;

    // Act
    const next = onBatchCompleted(state, 1);

    // Assert
    expect(stickyPartitionOf(next, 1).partition).toBe(0);
  });

  it('never mutates the state it is given', () => {
    // Arrange
    const initial = Object.freeze(initialStickyState());

    // Act
    const chosen = stickyPartitionOf(initial, 4);
    const rotated = onBatchCompleted(Object.freeze(chosen.state), 4);

    // Assert
    expect(initial).toEqual({ partition: -1 });
    expect(chosen.state).toEqual({ partition: 0 });
    expect(chosen.state).not.toBe(initial);
    expect(rotated).toEqual({ partition: 1 });
  });
});

describe('round-robin partitioner', () => {
  it('cycles 0, 1, 2, 0', () => {
    // Arrange
    let state = initialRoundRobinState();
    const partitions: number[] = [];

    // Act
    for (let i = 0; i < 4; i++) {
      const result = roundRobinPartitionOf(state, 3);
      partitions.push(result.partition);
      state = result.state;
    }

    // Assert
    expect(partitions).toEqual([0, 1, 2, 0]);
  });

  it('never mutates the state it is given', () => {
    // Arrange
    const initial = Object.freeze(initialRoundRobinState());

    // Act
    const result = roundRobinPartitionOf(initial, 2);

    // Assert
    expect(initial).toEqual({ next: 0 });
    expect(result.state).toEqual({ next: 1 });
  });
});
