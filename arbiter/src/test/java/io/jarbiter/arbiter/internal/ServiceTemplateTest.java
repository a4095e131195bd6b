package io.jarbiter.arbiter.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ServiceTemplateTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return ServiceTemplate.run(List.of(args), dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void classAndArtifactNamesComeFromTheServiceName() {
        assertEquals("OrderItemsService", ServiceTemplate.className("order_items"));
        assertEquals("order-items", ServiceTemplate.artifactId("order_items"));
    }

    @Test
    void writesEveryFileWithEveryPlaceholderFilledIn() throws Exception {
        assertEquals(0, run("new_orders", "--package", "com.acme.orders"), err.toString());
        Path project = dir.resolve("new-orders");
        try (Stream<Path> files = Files.walk(project)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertEquals(6, written.size(), written.toString());
            for (Path f : written) {
                assertFalse(Files.readString(f).contains("__"), f + " still has a placeholder");
                assertFalse(f.toString().contains("__"), f + " has a placeholder in its name");
            }
        }
        String service = Files.readString(project.resolve("src/main/java/com/acme/orders/NewOrdersService.java"));
        assertTrue(service.contains("package com.acme.orders;") && service.contains("@Service(\"new_orders\")"), service);
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<groupId>com.acme</groupId>") && pom.contains("<artifactId>new-orders</artifactId>"), pom);
        assertTrue(Files.readString(project.resolve("app.yaml")).contains("classpath: [target/new-orders.jar]"));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(project), left.toList(), "no staging folder is left behind");
        }
    }

    @Test
    void aNameThatIsNotAServiceNameIsAUsageError() {
        assertEquals(2, run("Todo-App"));
        assertTrue(err.toString().contains("NAME 'Todo-App' is not a service name"), err.toString());
    }

    @Test
    void helpGoesToStdout() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().startsWith("usage: jarbiter new NAME"), out.toString());
    }
}
