package io.jarbiter.amqp.internal;

import com.rabbitmq.client.ConnectionFactory;
import io.jarbiter.tls.PemFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * nameko's {@code AMQP_SSL} (kombu's {@code ssl}): {@code true} for TLS with the JDK's trust store, or a
 * map of Python's {@code ssl} options: {@code ca_certs}, {@code certfile}, {@code keyfile} (PEM files),
 * {@code cert_reqs} ({@code CERT_REQUIRED} by default; {@code CERT_OPTIONAL} means the same for a client,
 * as in Python; {@code CERT_NONE} encrypts without checking who answers) and {@code server_hostname}
 * (the name the certificate must carry, when it is not the URI's host). Unlike py-amqp, the host name
 * is always verified when the certificate is.
 */
record AmqpTls(SSLContext context, boolean verify, String serverHostname, String trustSource, boolean clientCertificate) {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.amqp");
    static final Set<String> KEYS = Set.of("ca_certs", "certfile", "keyfile", "cert_reqs", "server_hostname");

    /** TLS as {@code AMQP_SSL} and the URI scheme ask, or null for a plain connection. */
    static AmqpTls of(Object amqpSsl, boolean amqpsScheme) {
        if (amqpSsl == null || Boolean.FALSE.equals(amqpSsl)) return amqpsScheme ? defaults() : null;
        if (Boolean.TRUE.equals(amqpSsl)) return defaults();
        if (amqpSsl instanceof Map<?, ?> m) return fromMap(m);
        throw new AmqpConfigException("AMQP_SSL must be true, false or a map of ca_certs, certfile, keyfile, cert_reqs,"
                + " server_hostname; got " + amqpSsl.getClass().getSimpleName() + " '" + amqpSsl + "'");
    }

    private static AmqpTls defaults() {
        return new AmqpTls(context(null, null), true, null, "the JDK's default trust store", false);
    }

    private static AmqpTls fromMap(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new AmqpConfigException("AMQP_SSL: '" + k + "' is not supported (supported: ca_certs, certfile, keyfile,"
                        + " cert_reqs, server_hostname); remove it");
            }
        }
        boolean verify = verifyMode(m.get("cert_reqs"));
        String ca = string(m, "ca_certs");
        String cert = string(m, "certfile");
        String key = string(m, "keyfile");
        if (key != null && cert == null) throw new AmqpConfigException("AMQP_SSL: keyfile '" + key + "' needs certfile, the certificate it goes with");
        KeyManager[] keys = null;
        TrustManager[] trust = null;
        try {
            if (cert != null) keys = PemFiles.keyManagers(Path.of(cert), key == null ? null : Path.of(key));
            if (!verify) trust = new TrustManager[]{new TrustAnything()};
            else if (ca != null) trust = PemFiles.trustManagers(Path.of(ca));
        } catch (IOException e) {
            throw new AmqpConfigException("AMQP_SSL: " + e.getMessage());
        }
        if (!verify) {
            LOG.warn("AMQP_SSL cert_reqs is CERT_NONE: the broker link is encrypted, but the broker's certificate is not checked;"
                    + " set ca_certs and cert_reqs: CERT_REQUIRED to know whom you talk to");
        }
        String source = !verify ? "nothing (CERT_NONE)" : ca != null ? "ca_certs " + ca : "the JDK's default trust store";
        return new AmqpTls(context(keys, trust), verify, string(m, "server_hostname"), source, keys != null);
    }

    /** Python's {@code ssl.VerifyMode}, as a YAML file spells it: a name ({@code CERT_REQUIRED}, {@code ssl.CERT_NONE}) or 0/1/2. */
    static boolean verifyMode(Object certReqs) {
        if (certReqs == null) return true;
        String v = String.valueOf(certReqs).trim().toUpperCase(Locale.ROOT).replaceFirst("^SSL\\.", "").replaceFirst("^VERIFYMODE\\.", "");
        return switch (v) {
            case "CERT_NONE", "0" -> false;
            case "CERT_OPTIONAL", "1", "CERT_REQUIRED", "2" -> true;
            default -> throw new AmqpConfigException("AMQP_SSL: cert_reqs '" + certReqs
                    + "' is not one of CERT_NONE (0), CERT_OPTIONAL (1), CERT_REQUIRED (2)");
        };
    }

    private static String string(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new AmqpConfigException("AMQP_SSL: the JVM cannot set up TLS: " + e.getMessage());
        }
    }

    /** Puts TLS on the factory; called after {@code setUri}, which would otherwise trust any amqps:// certificate. */
    void apply(ConnectionFactory f) {
        f.useSslProtocol(context);
        if (!verify) return;
        f.setSocketConfigurator(socket -> {
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                // the JDK checks the certificate against the SNI name when there is one, else against the host
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (serverHostname != null) p.setServerNames(List.of(new SNIHostName(serverHostname)));
                ssl.setSSLParameters(p);
            }
        });
    }

    /** What a failed TLS handshake means for the user, or null when {@code e} is not one. */
    String explain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof java.security.cert.CertPathValidatorException || t instanceof java.security.cert.CertPathBuilderException
                    || msg.contains("PKIX path") || msg.contains("unable to find valid certification path")) {
                return "the broker's TLS certificate is not trusted (trusted: " + trustSource + "): set AMQP_SSL: {ca_certs: <PEM of the CA"
                        + " that signed the broker's certificate>} (" + msg + ")";
            }
            if (msg.startsWith("No subject alternative") || msg.startsWith("No name matching")) {
                return "the broker's TLS certificate does not name the host connected to (" + msg + "): connect by a name the"
                        + " certificate carries, or set AMQP_SSL server_hostname to it";
            }
            if (msg.contains("bad_certificate") || msg.contains("certificate_required") || msg.contains("unknown_ca")) {
                return "the broker refused the TLS handshake (" + msg + "): it wants a client certificate it trusts:"
                        + " set AMQP_SSL certfile and keyfile";
            }
            if (msg.contains("Unsupported or unrecognized SSL message") || msg.contains("Remote host terminated the handshake")) {
                return "no TLS at that address (" + msg + "): use the broker's TLS port (5671 by default), or drop AMQP_SSL/amqps://";
            }
        }
        // with TLS 1.3 a server that wants a client certificate says so after the client's handshake ends: a closed socket
        String msg = String.valueOf(e.getMessage());
        if (!clientCertificate && (msg.contains("Broken pipe") || msg.contains("Connection reset") || msg.contains("Socket closed"))) {
            return "the TLS endpoint closed the connection (" + msg + "): if it requires a client certificate, set AMQP_SSL certfile and keyfile";
        }
        return null;
    }

    /** CERT_NONE: py-amqp's behaviour when asked for it, encryption without authentication. */
    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
