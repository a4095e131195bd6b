package io.jarbiter.conf.internal;

import io.jarbiter.conf.ConfigException;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The listeners' TLS settings as gunicorn spells them, converted to one plain form: {@code cert_reqs} as
 * {@code none|optional|required} (from those words, Python's {@code ssl.CERT_*} names or their numbers
 * 0/1/2), {@code tls_min_version} as the JDK's protocol name, {@code ciphers} as a list of cipher suites
 * this JDK knows (IANA names; OpenSSL's names are refused, since the JDK has no OpenSSL cipher strings).
 */
final class TlsValues {
    static final List<String> CERT_REQS = List.of("none", "optional", "required");
    static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");
    static final String LIST_CIPHERS = "java -XshowSettings:security:tls -version";

    private TlsValues() {}

    static String certReqs(Object raw, String prefix) throws ConfigException {
        String v = String.valueOf(raw).trim().toLowerCase(Locale.ROOT).replaceFirst("^ssl\\.", "").replaceFirst("^cert_", "");
        if (v.matches("[012]")) return CERT_REQS.get(Integer.parseInt(v));
        if (CERT_REQS.contains(v)) return v;
        throw ConfigException.invalid(prefix + " must be none, optional or required (or ssl.CERT_NONE/CERT_OPTIONAL/CERT_REQUIRED,"
                + " 0/1/2 as gunicorn takes them), got '" + raw + "'");
    }

    static String minVersion(Object raw, String prefix) throws ConfigException {
        String v = String.valueOf(raw).trim();
        for (String known : VERSIONS) {
            if (known.equalsIgnoreCase(v) || known.substring(4).equals(v)) return known;
        }
        if (v.matches("(?i)(TLSv?)?1(\\.[01])?|SSLv[23]")) {
            throw ConfigException.invalid(prefix + " '" + raw + "' is disabled in the JDK as insecure; use TLSv1.2 (the default) or TLSv1.3");
        }
        throw ConfigException.invalid(prefix + " must be TLSv1.2 or TLSv1.3, got '" + raw + "'");
    }

    /** A list, or one string of names separated by {@code :} (as gunicorn's OpenSSL cipher list), commas or spaces; null: the JDK's. */
    static List<String> ciphers(Object raw, String prefix) throws ConfigException {
        if (raw == null) return null;
        if (raw instanceof Map) throw ConfigException.invalid(prefix + " must be a list of cipher suites, got " + raw);
        List<String> names = new ArrayList<>();
        for (Object item : raw instanceof List<?> list ? list : List.of(raw)) {
            for (String name : String.valueOf(item).split("[:,\\s]+")) if (!name.isBlank()) names.add(name);
        }
        if (names.isEmpty()) throw ConfigException.invalid(prefix + " names no cipher suite; leave it unset for the JDK's defaults");
        Set<String> supported = supportedCipherSuites();
        List<String> unknown = names.stream().filter(n -> !supported.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw ConfigException.invalid(prefix + " names cipher suite(s) this JDK does not know: " + String.join(", ", unknown)
                    + "; give JDK/IANA names such as TLS_AES_128_GCM_SHA256 or TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (OpenSSL's"
                    + " names such as ECDHE-RSA-AES128-GCM-SHA256 are not understood); list them with '" + LIST_CIPHERS + "'");
        }
        return names;
    }

    private static Set<String> supportedCipherSuites() throws ConfigException {
        try {
            return new TreeSet<>(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        } catch (NoSuchAlgorithmException e) {
            throw ConfigException.invalid("'ciphers': this JVM has no TLS implementation to check them against: " + e.getMessage());
        }
    }
}
