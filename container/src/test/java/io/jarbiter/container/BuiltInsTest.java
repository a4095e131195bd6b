package io.jarbiter.container;

import io.jarbiter.amqp.EventDispatcher;
import io.jarbiter.amqp.EventHandler;
import io.jarbiter.amqp.Rpc;
import io.jarbiter.amqp.RpcProxy;
import io.jarbiter.messaging.Consume;
import io.jarbiter.messaging.Publisher;
import io.jarbiter.web.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jarbiter's own annotations name no factory: the container finds theirs through {@code META-INF/services}. */
@Timeout(30)
class BuiltInsTest {
    /** A user's annotation that forgot its factory. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @EntrypointType
    public @interface Forgotten {}

    @Service("forgetful")
    public static class ForgetfulService {
        @Forgotten
        public void work() {}
    }

    @Service("web")
    public static class WebService {
        @Http(path = "/hello")
        public String hello() {
            return "hello";
        }
    }

    @Test
    void everyBuiltInAnnotationHasItsFactory() {
        for (var a : List.of(Http.class, Rpc.class, EventHandler.class, Consume.class)) {
            assertNotNull(BuiltIns.entrypoint(a), a.getSimpleName());
        }
        for (var a : List.of(RpcProxy.class, EventDispatcher.class, Publisher.class)) {
            assertNotNull(BuiltIns.dependency(a), a.getSimpleName());
        }
    }

    @Test
    void aBuiltInAnnotationBuildsItsEntrypoint() throws Exception {
        ServiceContainer c = new ServiceContainer(WebService.class, Map.of());
        assertEquals("HttpEntrypoint", c.entrypoint("hello").getClass().getSimpleName());
    }

    @Test
    void anAnnotationOfOneselfWithoutAFactoryFailsTheBootSayingSo() {
        ServiceDefinitionException e = assertThrows(ServiceDefinitionException.class,
                () -> new ServiceContainer(ForgetfulService.class, Map.of()));
        assertTrue(e.getMessage().contains("ForgetfulService.work") && e.getMessage().contains("@Forgotten names no factory"), e.getMessage());
    }
}
