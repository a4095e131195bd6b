package io.jarbiter.testing;

import io.jarbiter.amqp.Dispatcher;
import io.jarbiter.amqp.EventDispatcher;
import io.jarbiter.amqp.RpcProxy;
import io.jarbiter.amqp.ServiceProxy;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Any field with this annotation is a dependency; workerFactory never asks its provider. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @DependencyType(Unprovided.Factory.class)
    public @interface Injected {}

    public static final class Unprovided {
        public static final class Factory implements DependencyFactory<Injected> {
            @Override
            public DependencyProvider<?> create(Injected annotation, Field field, ServiceContainer container) {
                throw new UnsupportedOperationException("workerFactory needs no provider");
            }
        }
    }

    /** A class-typed dependency whose constructor must not run in a test, with every kind of method. */
    public static class Ledger {
        public Ledger(String dsn) {
            throw new IllegalStateException("no database in a unit test: " + dsn);
        }

        public long post(String account, long cents) {
            throw new IllegalStateException("real code ran");
        }

        boolean audit(int... ids) { // package-private
            throw new IllegalStateException("real code ran");
        }

        public final String name() { // final: runs the real code, on a blank instance
            return "ledger";
        }
    }

    public static final class Vault {
        public String open() {
            return "real";
        }
    }

    @Service("billing")
    public static class BillingService {
        @RpcProxy("payments") ServiceProxy payments;
        @EventDispatcher Dispatcher dispatch;
        @Injected Ledger ledger;
        @Injected java.time.Clock clock;

        public long charge(String account) {
            payments.withTimeout(Duration.ofSeconds(1)).call("charge", account, 250);
            dispatch.dispatch("charged", account);
            ledger.audit(1, 2);
            return ledger.post(account, 250);
        }
    }

    @Service("vaulted")
    public static class VaultedService {
        @Injected Vault vault;
    }

    @Test
    void workerFactoryMocksClassTypedDependenciesToo() {
        BillingService svc = Testing.workerFactory(BillingService.class);
        assertEquals(0L, svc.charge("acme"), "a primitive return answers its default");
        assertEquals(List.of(new Mock.Call("withTimeout", List.of(Duration.ofSeconds(1))), new Mock.Call("call", List.of("charge", "acme", 250))),
                Mock.calls(svc.payments), "ServiceProxy, a class: recorded, withTimeout answering the mock itself, varargs spread");
        assertEquals(List.of(new Mock.Call("dispatch", List.of("charged", "acme"))), Mock.calls(svc.dispatch));
        assertEquals(List.of(new Mock.Call("audit", List.of(1, 2)), new Mock.Call("post", List.of("acme", 250L))), Mock.calls(svc.ledger),
                "no constructor ran; package-private methods are recorded too");
        assertEquals("ledger", svc.ledger.name(), "a final method runs the class's code");
        assertTrue(svc.ledger instanceof Ledger && svc.payments instanceof ServiceProxy);
        assertEquals("Mock(Ledger)", svc.ledger.toString());
        assertEquals(null, svc.clock.instant(), "a JDK class of a closed package (java.time.Clock) is mocked too");
        assertEquals(List.of(new Mock.Call("instant", List.of())), Mock.calls(svc.clock));
        assertEquals(List.of(), Mock.calls(Testing.workerFactory(BillingService.class).ledger), "each mock records its own calls");
    }

    @Test
    void aFinalClassDependencyNeedsAReplacement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Testing.workerFactory(VaultedService.class));
        assertEquals("VaultedService.vault cannot be a recording Mock: final class Vault cannot be subclassed; pass a replacement in the map"
                + " (Map.of(\"vault\", ...)), or declare the field as an interface", e.getMessage());
        Vault given = new Vault();
        assertSame(given, Testing.workerFactory(VaultedService.class, Map.of("vault", given)).vault);
        assertThrows(IllegalArgumentException.class, () -> Mock.calls(given), "not a Mock");
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
