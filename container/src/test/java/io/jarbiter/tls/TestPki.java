package io.jarbiter.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the {@code openssl} CLI (nothing is committed): a CA, and leaf
 * certificates it signs, PEM files as Python users have them.
 */
public final class TestPki {
    private final Path dir;

    public TestPki(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA: {@code <name>-ca.pem}, {@code <name>-ca.key}. */
    public Path ca(String name) throws IOException {
        Path key = dir.resolve(name + "-ca.key");
        Path cert = dir.resolve(name + "-ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=" + name + " test CA");
        return cert;
    }

    /**
     * A leaf {@code <name>.pem} with its PKCS#8 key {@code <name>.key} ({@code ec}: P-256, else RSA),
     * signed by {@code ca}, valid for localhost and 127.0.0.1.
     */
    public Path leaf(String name, Path ca, boolean ec) throws IOException {
        return leaf(name, ca, ec, "DNS:localhost,IP:127.0.0.1");
    }

    /** The same, valid for {@code san} (openssl's subjectAltName syntax, e.g. {@code DNS:broker.test}). */
    public Path leaf(String name, Path ca, boolean ec, String san) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=" + san + "\n");
        if (ec) openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        else openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        Path caKey = Path.of(ca.toString().replaceFirst("\\.pem$", ".key"));
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial",
                "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        return cert;
    }

    public static Path keyOf(Path cert) {
        return Path.of(cert.toString().replaceFirst("\\.pem$", ".key"));
    }

    /** The same RSA key in the old PKCS#1 layout ({@code BEGIN RSA PRIVATE KEY}). */
    public Path pkcs1(Path pkcs8Key) throws IOException {
        Path out = dir.resolve(pkcs8Key.getFileName() + ".pkcs1");
        List<String> args = new ArrayList<>(List.of("rsa", "-in", pkcs8Key.toString(), "-out", out.toString()));
        if (version().startsWith("OpenSSL 3")) args.add("-traditional");
        openssl(args.toArray(String[]::new));
        return out;
    }

    private static String version() throws IOException {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    static void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + " failed: " + out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw new IOException(e);
        }
    }
}
