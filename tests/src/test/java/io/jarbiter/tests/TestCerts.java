package io.jarbiter.tests;

import io.jarbiter.tls.PemFiles;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with {@code openssl} (none is committed): a CA, server certificates it signs
 * for 127.0.0.1 with a chosen subject and serial, and a client certificate. Keys are PKCS#8 PEM, as
 * {@code openssl req -newkey} writes them.
 */
final class TestCerts {
    final Path dir;
    final Path ca;
    private final Path caKey;

    private TestCerts(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** A new CA in {@code dir}. */
    static TestCerts create(Path dir) throws IOException, InterruptedException {
        TestCerts certs = new TestCerts(Files.createDirectories(dir));
        certs.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", certs.caKey.toString(),
                "-out", certs.ca.toString(), "-days", "2", "-subj", "/CN=jarbiter test CA");
        return certs;
    }

    /** Writes {@code name}.pem and {@code name}.key: a certificate for 127.0.0.1 and localhost, signed by the CA. */
    Path server(String name, String commonName, long serial) throws IOException, InterruptedException {
        return sign(name, commonName, serial, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    }

    /** Writes {@code name}.pem and {@code name}.key: a client certificate signed by the CA. */
    Path client(String name) throws IOException, InterruptedException {
        return sign(name, name, 7, "extendedKeyUsage=clientAuth\n");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** A client context trusting the CA only, presenting {@code clientName}'s certificate when not null. */
    SSLContext clientContext(String clientName) throws Exception {
        KeyManager[] keys = clientName == null ? null : PemFiles.keyManagers(dir.resolve(clientName + ".pem"), key(clientName));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, PemFiles.trustManagers(ca), null);
        return context;
    }

    private Path sign(String name, String commonName, long serial, String extensions) throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr"), ext = dir.resolve(name + ".ext"), pem = dir.resolve(name + ".pem");
        Files.writeString(ext, extensions);
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key(name).toString(), "-out", csr.toString(),
                "-subj", "/CN=" + commonName);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-set_serial", Long.toString(serial),
                "-days", "2", "-extfile", ext.toString(), "-out", pem.toString());
        return pem;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + " failed: " + new String(out));
    }
}
