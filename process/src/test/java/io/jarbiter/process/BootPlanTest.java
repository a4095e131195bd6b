package io.jarbiter.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class BootPlanTest {
    @Test
    void everyPlanReadsBackAsTheMasterWroteIt() {
        for (BootPlan plan : new BootPlan[] {BootPlan.COLD, BootPlan.WARM_UP, BootPlan.TRAINING, new BootPlan(false, true)}) {
            assertEquals(plan, BootPlan.decode(plan.encode()), plan.encode());
        }
        assertEquals("warm-up,training", BootPlan.TRAINING.encode());
        assertEquals("", BootPlan.COLD.encode());
    }

    @Test
    void aWorkerStartedWithoutAPlanBootsCold() {
        assertEquals(BootPlan.COLD, BootPlan.decode(null));
    }

    @Test
    void anUnknownWordIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> BootPlan.decode("warm-up,hot"));
    }
}
