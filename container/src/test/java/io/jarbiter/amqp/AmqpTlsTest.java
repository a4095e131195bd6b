package io.jarbiter.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultSaslConfig;
import io.jarbiter.amqp.internal.AmqpSettings;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.testing.ContainerFactory;
import io.jarbiter.tls.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AMQP over TLS, against a TLS endpoint this test starts in front of the local broker, with
 * certificates made now by openssl: verification, a wrong CA, client certificates, login methods,
 * through every way jarbiter connects (a service container, ClusterRpcProxy, StandaloneDispatcher,
 * {@code jarbiter rpc}).
 */
@Timeout(120)
class AmqpTlsTest {
    @TempDir
    static Path dir;
    static Path ca;
    static Path otherCa;
    static Path server;
    static Path client;

    public static class Secure {
        public static final String NAME = "jarbiter_test_tls";

        @Rpc
        public String hello(String name) {
            return "hello " + name + " over tls";
        }
    }

    @BeforeAll
    static void pki() throws Exception {
        Broker.connect().close();
        TestPki pki = new TestPki(dir);
        ca = pki.ca("good");
        otherCa = pki.ca("other");
        server = pki.leaf("server", ca, false);
        client = pki.leaf("client", ca, true);
    }

    static Map<String, Object> config(TlsProxy proxy, Object amqpSsl, Object... extra) {
        Map<String, Object> c = new HashMap<>(Broker.config(extra));
        c.put("AMQP_URI", "amqps://guest:guest@localhost:" + proxy.port() + "/");
        if (amqpSsl != null) c.put("AMQP_SSL", amqpSsl);
        return c;
    }

    @Test
    void rpcRoundTripThroughAVerifiedTlsLink() throws Exception {
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), null);
             ContainerFactory factory = new ContainerFactory()) {
            Map<String, Object> config = config(proxy, Map.of("ca_certs", ca.toString(), "cert_reqs", "ssl.CERT_REQUIRED"));
            ServiceContainer c = factory.create(Secure.class, config);
            c.start();
            try (ClusterRpcProxy rpc = ClusterRpcProxy.connect(config)) {
                assertEquals("hello Ann over tls", rpc.service(Secure.NAME).call("hello", "Ann"));
            }
            assertTrue(proxy.handshakes.get() >= 2, "the service and the client both went through TLS: " + proxy.handshakes);
        } finally {
            try (Connection raw = Broker.connect()) {
                Broker.cleanUp(raw, List.of("rpc-" + Secure.NAME), List.of());
            }
        }
    }

    @Test
    void amqpSslOnAnAmqpUriAlsoTurnsTlsOn() throws Exception {
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), null)) {
            Map<String, Object> config = config(proxy, Map.of("ca_certs", ca.toString()));
            config.put("AMQP_URI", "amqp://guest:guest@localhost:" + proxy.port() + "/");
            declareThrough(config);
            assertEquals(1, proxy.handshakes.get());
        }
    }

    @Test
    void aCertificateFromAnotherCaIsNotTrustedAndTheErrorSaysWhatToSet() throws Exception {
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), null)) {
            IOException e = assertThrows(IOException.class, () -> ClusterRpcProxy.connect(config(proxy, Map.of("ca_certs", otherCa.toString()))));
            assertTrue(e.getMessage().contains("certificate is not trusted") && e.getMessage().contains("AMQP_SSL")
                    && e.getMessage().contains("ca_certs " + otherCa), e.getMessage());
            // AMQP_SSL: true trusts the JDK's CAs, which did not sign this test certificate either
            IOException jdk = assertThrows(IOException.class, () -> ClusterRpcProxy.connect(config(proxy, true)));
            assertTrue(jdk.getMessage().contains("not trusted (trusted: the JDK's default trust store)"), jdk.getMessage());
            // amqps:// alone verifies too: amqp-client's own amqps:// default would trust anything
            assertThrows(IOException.class, () -> ClusterRpcProxy.connect(config(proxy, null)));
        }
    }

    @Test
    void certNoneEncryptsWithoutVerifying() throws Exception {
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), null)) {
            declareThrough(config(proxy, Map.of("ca_certs", otherCa.toString(), "cert_reqs", "CERT_NONE")));
            assertEquals(1, proxy.handshakes.get());
        }
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefusedUnlessServerHostnameNamesIt() throws Exception {
        TestPki pki = new TestPki(dir);
        Path odd = pki.leaf("odd", ca, false, "DNS:broker.test");
        // a certificate for broker.test, reached at localhost (a tunnel, a proxy): refused, unless server_hostname names it
        try (TlsProxy proxy = TlsProxy.toBroker(odd, TestPki.keyOf(odd), null)) {
            IOException e = assertThrows(IOException.class, () -> declareThrough(config(proxy, Map.of("ca_certs", ca.toString()))));
            assertTrue(e.getMessage().contains("does not name the host") && e.getMessage().contains("server_hostname"), e.getMessage());
            declareThrough(config(proxy, Map.of("ca_certs", ca.toString(), "server_hostname", "broker.test")));
        }
    }

    @Test
    void aClientCertificateIsPresentedWhenTheEndpointRequiresOne() throws Exception {
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), ca)) {
            IOException e = assertThrows(IOException.class, () -> declareThrough(config(proxy, Map.of("ca_certs", ca.toString()))));
            assertTrue(e.getMessage().contains("AMQP_SSL") && e.getMessage().contains("certfile"), e.getMessage());
            declareThrough(config(proxy, Map.of("ca_certs", ca.toString(), "certfile", client.toString(),
                    "keyfile", TestPki.keyOf(client).toString(), "cert_reqs", 2)));
        }
    }

    @Test
    void standaloneDispatcherAndJarbiterRpcGoThroughTlsToo() throws Exception {
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), null)) {
            Map<String, Object> config = config(proxy, Map.of("ca_certs", ca.toString()));
            try (StandaloneDispatcher d = StandaloneDispatcher.connect(config, true)) {
                d.dispatch("jarbiter_test_tls_source", "ping", Map.of());
            }
            assertTrue(proxy.handshakes.get() >= 1);
            Path app = Files.writeString(dir.resolve("app.yaml"), "services: [com.acme.Nothing]\nAMQP_URI: amqps://guest:guest@localhost:" + proxy.port() + "/\n"
                    + "AMQP_SSL:\n  ca_certs: " + otherCa + "\n");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = RpcCommand.run(List.of("--config", app.toString(), "nobody.nothing"), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err), Map.of());
            assertEquals(1, code, err.toString());
            assertTrue(err.toString().contains("certificate is not trusted"), err.toString());
        } finally {
            try (Connection raw = Broker.connect()) {
                Broker.cleanUp(raw, List.of(), List.of("jarbiter_test_tls_source.events"));
            }
        }
    }

    @Test
    void amqplainLogsInAtTheBroker() throws Exception {
        Map<String, Object> config = Broker.config("LOGIN_METHOD", "AMQPLAIN");
        try (Connection c = AmqpSettings.of(config).connect("amqplain-test")) {
            assertTrue(c.isOpen());
        }
        Map<String, Object> wrong = new HashMap<>(config);
        wrong.put("AMQP_URI", Broker.URI.replaceFirst("//guest:guest@", "//guest:wrong@"));
        assertThrows(IOException.class, () -> AmqpSettings.of(wrong).connect("amqplain-test"));
    }

    @Test
    void externalLoginIsAskedForAndTheBrokerWithoutTheSslAuthPluginSaysSo() throws Exception {
        // the local broker offers PLAIN and AMQPLAIN only: EXTERNAL needs rabbitmq_auth_mechanism_ssl and TLS at the broker
        try (TlsProxy proxy = TlsProxy.toBroker(server, TestPki.keyOf(server), ca)) {
            Map<String, Object> config = config(proxy, Map.of("ca_certs", ca.toString(), "certfile", client.toString(),
                    "keyfile", TestPki.keyOf(client).toString()), "LOGIN_METHOD", "EXTERNAL");
            assertSame(DefaultSaslConfig.EXTERNAL, AmqpSettings.of(config).factory().getSaslConfig());
            IOException e = assertThrows(IOException.class, () -> declareThrough(config));
            assertTrue(e.getMessage().contains("does not offer LOGIN_METHOD EXTERNAL") && e.getMessage().contains("rabbitmq_auth_mechanism_ssl"),
                    e.getMessage());
        }
    }

    private static void declareThrough(Map<String, Object> config) throws Exception {
        try (Connection c = AmqpSettings.of(config).connect("tls-test")) {
            Channel ch = c.createChannel();
            String q = ch.queueDeclare().getQueue();
            assertTrue(q.startsWith("amq.gen-"), q);
        }
    }
}
