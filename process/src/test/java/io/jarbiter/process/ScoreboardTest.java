package io.jarbiter.process;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreboardTest {
    @Test
    void roundTripsThroughItsBytes() {
        long[] buckets = new long[Scoreboard.BUCKETS.length + 1];
        buckets[0] = 3;
        buckets[Scoreboard.BUCKETS.length] = 1;
        Scoreboard s = new Scoreboard(4, 2, 12_345, 1_700_000_000_000L, buckets);
        Scoreboard back = Scoreboard.decode(s.encode());
        assertEquals(4, back.requests());
        assertEquals(2, back.inFlight());
        assertEquals(12_345, back.durationMicros());
        assertEquals(1_700_000_000_000L, back.writtenAtMillis());
        assertArrayEquals(buckets, back.buckets());
        assertEquals(Scoreboard.SIZE, s.encode().length);
    }

    @Test
    void aFileNotWrittenYetReadsAsEmpty() {
        Scoreboard s = Scoreboard.decode(new byte[Scoreboard.SIZE]);
        assertEquals(0, s.requests());
        assertEquals(Scoreboard.BUCKETS.length + 1, s.buckets().length);
        assertEquals(0, Scoreboard.decode(new byte[3]).requests());
    }

    @Test
    void bucketsAreUpperBoundsInclusive() {
        assertEquals(0, Scoreboard.bucketOf(5_000_000));        // 5 ms is in le=0.005
        assertEquals(1, Scoreboard.bucketOf(5_000_001));
        assertEquals(Scoreboard.BUCKETS.length - 1, Scoreboard.bucketOf(10_000_000_000L));
        assertEquals(Scoreboard.BUCKETS.length, Scoreboard.bucketOf(10_000_000_001L)); // +Inf
    }

    @Test
    void plusAddsEveryCounter() {
        long[] a = new long[Scoreboard.BUCKETS.length + 1], b = new long[Scoreboard.BUCKETS.length + 1];
        a[2] = 1;
        b[2] = 2;
        Scoreboard sum = new Scoreboard(1, 1, 10, 5, a).plus(new Scoreboard(2, 0, 20, 9, b));
        assertEquals(3, sum.requests());
        assertEquals(1, sum.inFlight());
        assertEquals(30, sum.durationMicros());
        assertEquals(9, sum.writtenAtMillis());
        assertEquals(3, sum.buckets()[2]);
    }
}
