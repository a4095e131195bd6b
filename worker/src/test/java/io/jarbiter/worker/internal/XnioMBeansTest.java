package io.jarbiter.worker.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In a fresh JVM each time: in this one, other tests have long since initialised XNIO and its MBeans. */
@Timeout(120)
class XnioMBeansTest {
    @Test
    void xnioRegistersNoMBeansAndThePlatformServerStillComesOnDemand() throws Exception {
        assertEquals("xnio=0 pool=0 runtime=true builder=null", probe("skip"));
    }

    @Test
    void withoutItXnioAndItsPoolRegisterTheirMBeansOnThePlatformServer() throws Exception {
        String out = probe("plain");
        assertTrue(out.matches("xnio=[1-9]\\d* pool=[1-9]\\d* runtime=true builder=null"), out);
    }

    private static String probe(String mode) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), XnioMBeansProbe.class.getName(), mode)
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not exit within 60 s");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.exitValue(), out);
            return out.lines().reduce((a, b) -> b).orElse("");
        } finally {
            p.destroyForcibly();
        }
    }
}
