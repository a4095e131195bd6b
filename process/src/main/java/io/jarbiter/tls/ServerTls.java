package io.jarbiter.tls;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.Setting;
import io.jarbiter.conf.Settings;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TLS on the HTTP listeners, as gunicorn's {@code certfile}, {@code keyfile}, {@code ca_certs},
 * {@code cert_reqs}, {@code ciphers} (plus {@code tls_min_version}) describe it: the {@link SSLContext} built
 * from the PEM files and the parameters every accepted connection's engine gets. The master calls
 * {@link #check} before it binds and on every HUP before it spawns, so a bad or missing file fails the start
 * (exit 1) or is rejected while the old workers keep serving; each worker then builds its own context from
 * the same files ({@link #context}), so a new generation serves whatever the files hold when it boots.
 * Relative paths are taken from app.yaml's directory. Every error names app.yaml, the setting and the file.
 */
public final class ServerTls {
    /** Oldest first: a minimum version keeps itself and what follows. */
    private static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private ServerTls() {}

    /** Whether the listeners serve TLS: {@code certfile} is set, as gunicorn's {@code is_ssl}. */
    public static boolean enabled(Config config) {
        return config.get(Settings.CERTFILE) != null;
    }

    /** A listener's {@code http://host:port} URL with the scheme it serves under {@code config}. */
    public static String url(String plainUrl, Config config) {
        return enabled(config) && plainUrl.startsWith("http://") ? "https://" + plainUrl.substring("http://".length()) : plainUrl;
    }

    /**
     * Everything a worker will do with the TLS settings, short of serving: the settings fit together, every
     * file reads, the key goes with the certificate and a context builds. Nothing to check when TLS is off.
     *
     * @throws IOException one line naming app.yaml, the setting, the file and what is wrong with it
     */
    public static void check(Config config) throws IOException {
        if (!enabled(config)) {
            checkUnused(config);
            return;
        }
        if (config.get(Settings.PROXY_PROTOCOL)) {
            throw new IOException(config.appYaml() + ": 'proxy_protocol' and 'certfile' together are not supported (a PROXY header"
                    + " before the TLS handshake); terminate TLS at the proxy, or turn proxy_protocol off");
        }
        parameters(context(config), config);
    }

    /** The context {@code certfile}, {@code keyfile} and (when client certificates are asked for) {@code ca_certs} make. */
    public static SSLContext context(Config config) throws IOException {
        Path cert = file(config, Settings.CERTFILE);
        Path key = config.get(Settings.KEYFILE) == null ? cert : file(config, Settings.KEYFILE);
        X509Certificate leaf = read(config, Settings.CERTFILE, () -> PemFiles.certificates(cert)).get(0);
        PrivateKey privateKey = read(config, config.get(Settings.KEYFILE) == null ? Settings.CERTFILE : Settings.KEYFILE,
                () -> PemFiles.privateKey(key));
        checkPair(config, cert, leaf, key, privateKey);
        KeyManager[] keys = read(config, Settings.CERTFILE, () -> PemFiles.keyManagers(cert, key));
        TrustManager[] trust = null;
        if (!"none".equals(config.get(Settings.CERT_REQS))) {
            if (config.get(Settings.CA_CERTS) == null) {
                throw new IOException(where(config) + "'cert_reqs: " + config.get(Settings.CERT_REQS) + "' needs 'ca_certs', the CA"
                        + " certificates (PEM) that client certificates are verified against; set it, or cert_reqs: none");
            }
            Path ca = file(config, Settings.CA_CERTS);
            trust = read(config, Settings.CA_CERTS, () -> PemFiles.trustManagers(ca));
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(where(config) + "cannot build a TLS context from 'certfile' " + cert + ": " + e.getMessage(), e);
        }
    }

    /**
     * What each connection's engine is set to on {@code context} (the default one or a hook's): its default
     * protocols from {@code tls_min_version} on, {@code ciphers} when set, client certificates per {@code cert_reqs}.
     */
    public static SSLParameters parameters(SSLContext context, Config config) throws IOException {
        SSLParameters p = context.getDefaultSSLParameters();
        int min = VERSIONS.indexOf(config.get(Settings.TLS_MIN_VERSION));
        String[] protocols = Arrays.stream(p.getProtocols()).filter(v -> VERSIONS.indexOf(v) >= min).toArray(String[]::new);
        if (protocols.length == 0) {
            throw new IOException(where(config) + "'tls_min_version: " + config.get(Settings.TLS_MIN_VERSION) + "' leaves no protocol"
                    + " the TLS context enables (it enables " + String.join(", ", p.getProtocols()) + ")");
        }
        p.setProtocols(protocols);
        List<String> ciphers = config.get(Settings.CIPHERS);
        if (ciphers != null) {
            Set<String> supported = new HashSet<>(Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()));
            p.setCipherSuites(ciphers.stream().filter(supported::contains).toArray(String[]::new));
        }
        switch (config.get(Settings.CERT_REQS)) {
            case "required" -> p.setNeedClientAuth(true);
            case "optional" -> p.setWantClientAuth(true);
            default -> p.setNeedClientAuth(false);
        }
        return p;
    }

    /** TLS settings other than the defaults while {@code certfile} is unset would be silently ignored: they are refused. */
    private static void checkUnused(Config config) throws IOException {
        for (Setting<?> s : List.of(Settings.KEYFILE, Settings.CA_CERTS, Settings.CERT_REQS, Settings.CIPHERS, Settings.TLS_MIN_VERSION, Settings.HTTP2)) {
            Object value = config.asMap().get(s.name());
            if (value != null && !value.equals(s.defaultValue())) {
                throw new IOException(where(config) + "'" + s.name() + "' is set but 'certfile' is not: TLS on the listeners needs"
                        + " certfile (the server certificate, PEM); set it, or remove " + s.name());
            }
        }
    }

    /**
     * The JDK accepts a key that is not the certificate's and fails every handshake later; a signature made with
     * the key and checked with the certificate tells now.
     */
    private static void checkPair(Config config, Path cert, X509Certificate leaf, Path key, PrivateKey privateKey) throws IOException {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) return;
        byte[] probe = "jarbiter".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an EC key against an RSA certificate
        }
        if (!matches) {
            throw new IOException(where(config) + "'keyfile' " + key + " is not the private key of 'certfile' " + cert + " ("
                    + leaf.getSubjectX500Principal() + "); give the key the certificate was issued for");
        }
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    private static <T> T read(Config config, Setting<?> setting, Read<T> read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            throw new IOException(where(config) + "'" + setting.name() + "' " + e.getMessage(), e);
        }
    }

    private static Path file(Config config, Setting<String> setting) {
        Path base = config.appYaml().getParent() == null ? Path.of(".") : config.appYaml().getParent();
        return base.resolve(Config.expandHome(config.get(setting))).normalize();
    }

    private static String where(Config config) {
        return config.appYaml() + ": ";
    }
}
