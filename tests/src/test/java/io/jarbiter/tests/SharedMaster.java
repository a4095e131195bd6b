package io.jarbiter.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;

/**
 * A group of tests (a {@code @Nested} class) that share one master: its {@code @BeforeAll} sets {@link #home} and
 * starts {@link #j}; the tests run in their {@code @Order}, on one instance; the master is closed (its whole
 * process group) and its directory deleted after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SharedMaster {
    Path home;
    Jarbiter j;

    @AfterAll
    void stop() throws Exception {
        if (j != null) j.close();
        ClassDir.delete(home);
    }
}
