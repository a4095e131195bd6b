package io.jarbiter.amqp.internal;

import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.SaslConfig;
import com.rabbitmq.client.SaslMechanism;
import com.rabbitmq.client.impl.LongStringHelper;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * nameko's {@code LOGIN_METHOD} (py-amqp's {@code login_method}): {@code PLAIN} (the default),
 * {@code AMQPLAIN} (py-amqp's own, which amqp-client lacks, so it is written here) or {@code EXTERNAL}
 * (the client certificate is the identity; the broker needs the rabbitmq_auth_mechanism_ssl plugin).
 */
final class AmqpLogin {
    private AmqpLogin() {}

    static SaslConfig of(Object loginMethod) {
        if (loginMethod == null) return DefaultSaslConfig.PLAIN;
        return switch (String.valueOf(loginMethod).trim().toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> DefaultSaslConfig.PLAIN;
            case "AMQPLAIN" -> AmqPlain.CONFIG;
            case "EXTERNAL" -> DefaultSaslConfig.EXTERNAL;
            default -> throw new AmqpConfigException("LOGIN_METHOD '" + loginMethod + "' is not supported: use PLAIN, AMQPLAIN or EXTERNAL");
        };
    }

    /** What the broker's refusal of a mechanism means, or null. */
    static String explain(SaslConfig login, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (msg.contains("No compatible authentication mechanism")) {
                return "the broker does not offer LOGIN_METHOD " + name(login) + " (" + msg + ")"
                        + (login == DefaultSaslConfig.EXTERNAL ? ": EXTERNAL needs the broker's rabbitmq_auth_mechanism_ssl plugin,"
                        + " 'auth_mechanisms' listing EXTERNAL, and a client certificate (AMQP_SSL certfile, keyfile)" : "");
            }
        }
        return null;
    }

    static String name(SaslConfig login) {
        return login == AmqPlain.CONFIG ? "AMQPLAIN" : login == DefaultSaslConfig.EXTERNAL ? "EXTERNAL" : "PLAIN";
    }

    /** AMQPLAIN: the credentials as an AMQP field table {@code {LOGIN: user, PASSWORD: password}}, without its length prefix. */
    static final class AmqPlain implements SaslMechanism {
        static final SaslConfig CONFIG = mechanisms -> Arrays.asList(mechanisms).contains("AMQPLAIN") ? new AmqPlain() : null;

        @Override
        public String getName() {
            return "AMQPLAIN";
        }

        @Override
        public LongString handleChallenge(LongString challenge, String username, String password) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                entry(out, "LOGIN", username);
                entry(out, "PASSWORD", password);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return LongStringHelper.asLongString(bytes.toByteArray());
        }

        static void entry(DataOutputStream out, String key, String value) throws IOException {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            out.writeByte(k.length);
            out.write(k);
            out.writeByte('S');
            out.writeInt(v.length);
            out.write(v);
        }
    }
}
