package io.jarbiter.testing;

import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.DependencyType;
import io.jarbiter.container.ExtensionNotFound;
import io.jarbiter.container.Service;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.WorkerContext;
import io.jarbiter.container.config.Config;
import io.jarbiter.timer.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The testing kit, used the way a service author would. */
@Timeout(60)
class TestingKitTest {
    public interface Greeter {
        String greet(String name);
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @DependencyType(RealGreeter.Factory.class)
    public @interface Greeting {}

    public static final class RealGreeter implements DependencyProvider<Greeter> {
        @Override
        public Greeter getDependency(WorkerContext worker) {
            return name -> "Hello, " + name + " (" + worker.contextData().getOrDefault("language", "en") + ")";
        }

        public static final class Factory implements DependencyFactory<Greeting> {
            @Override
            public DependencyProvider<?> create(Greeting annotation, Field field, ServiceContainer container) {
                return new RealGreeter();
            }
        }
    }

    @Service("greeting_service")
    public static class GreetingService {
        @Greeting
        Greeter greeter;
        @Config
        Map<String, Object> config;

        @Timer(interval = 0.01, eager = true)
        public void heartbeat() {
        }

        @io.jarbiter.web.Http(path = "/hello/{name}")
        public String hello(String name) {
            return greeter.greet(name) + config.getOrDefault("suffix", "");
        }
    }

    @Test
    void workerFactoryInjectsGivenObjectsOrMocks() {
        GreetingService svc = Testing.workerFactory(GreetingService.class, Map.of("config", Map.of("suffix", "!")));
        assertEquals(null, svc.greeter.greet("x"), "an interface dependency becomes a recording mock");
        assertEquals(List.of(new Mock.Call("greet", List.of("x"))), Mock.calls(svc.greeter));
        GreetingService given = Testing.workerFactory(GreetingService.class, Map.of("greeter", (Greeter) n -> "hi " + n));
        assertEquals("hi Bo", given.hello("Bo").replace("null", ""));
        assertThrows(ExtensionNotFound.class, () -> Testing.workerFactory(GreetingService.class, Map.of("nope", 1)));
    }

    @Test
    void entrypointHookRunsARealWorkerWithContextData() throws Exception {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer c = factory.create(GreetingService.class, Map.of("suffix", "."));
            Testing.restrictEntrypoints(c, "hello");
            c.start();
            assertEquals("Hello, Ann (fr).", Testing.entrypointHook(c, "hello").callWith(Map.of("language", "fr"), "Ann"));
        }
    }

    @Test
    void replaceDependenciesAndWaitForAnEntrypoint() throws Exception {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer c = factory.create(GreetingService.class, Map.of());
            Testing.replaceDependencies(c, Map.of("greeter", (Greeter) n -> "Yo " + n));
            Testing.restrictEntrypoints(c, "hello");
            c.start();
            assertThrows(IllegalStateException.class, () -> Testing.replaceDependencies(c, Map.of("greeter", "x")));
            EntrypointWaiter waiter = Testing.entrypointWaiter(c, "hello", Duration.ofSeconds(10));
            try (waiter) {
                java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + factory.httpPort() + "/hello/Cy")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            }
            assertEquals("Yo Cy", waiter.get());
        }
    }

    @Test
    void restrictingToAnUnknownEntrypointFails() throws Exception {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer c = factory.create(GreetingService.class, Map.of());
            assertThrows(ExtensionNotFound.class, () -> Testing.restrictEntrypoints(c, "nope"));
        }
    }
}
