package io.jarbiter.container;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-4 UUIDs, as nameko's {@code uuid4()} makes for call ids and correlation ids, drawn from
 * {@link ThreadLocalRandom}: these ids must be unique, not unguessable, and {@link UUID#randomUUID()}'s
 * shared {@code SecureRandom} is a lock and a slow draw on every call.
 */
public final class Uuid4 {
    private Uuid4() {}

    public static UUID next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
