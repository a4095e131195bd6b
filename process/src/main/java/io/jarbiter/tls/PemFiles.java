package io.jarbiter.tls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files as Python's {@code ssl} module takes them: X.509 certificates ({@code BEGIN CERTIFICATE},
 * one or a chain) and unencrypted PKCS#8 private keys ({@code BEGIN PRIVATE KEY}, RSA or EC). Keys in
 * the older PKCS#1/SEC1 layouts ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}) and
 * encrypted keys are refused with the {@code openssl} command that converts them. Every error names the file.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {}

    /** The certificates in {@code file}, in order (a leaf first, then its chain, as Python expects). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a valid PEM certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block in it");
        return certs;
    }

    /** The private key in {@code file} (which may also hold certificates, as Python's certfile may). */
    public static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(file)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, b.der());
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IOException(file + ": '" + b.type()
                        + "' is the old PKCS#1/SEC1 key format, which the JVM does not read; convert it to PKCS#8 with"
                        + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem' and use that file");
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file + ": the key is encrypted; jarbiter reads"
                        + " unencrypted keys only: 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem'"
                        + " and protect that file with its permissions");
                default -> { }
            }
        }
        throw new IOException(file + ": no '-----BEGIN PRIVATE KEY-----' block in it");
    }

    /**
     * Key managers presenting {@code certfile}'s certificate chain with the key in {@code keyfile}
     * ({@code null}: the key is in {@code certfile}, as Python's {@code load_cert_chain} allows).
     */
    public static KeyManager[] keyManagers(Path certfile, Path keyfile) throws IOException {
        List<X509Certificate> chain = certificates(certfile);
        PrivateKey key = privateKey(keyfile == null ? certfile : keyfile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException(certfile + " with key " + (keyfile == null ? certfile : keyfile)
                    + ": the key does not go with the certificate: " + e.getMessage(), e);
        }
    }

    /** Trust managers that trust exactly the certificates in {@code caCerts} (the JDK's own CAs not included). */
    public static TrustManager[] trustManagers(Path caCerts) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(caCerts)) ks.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException(caCerts + ": cannot trust these certificates: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the PEM header does not say which algorithm; the key factory that parses it does
            }
        }
        throw new IOException(file + ": a PKCS#8 key, but not an RSA, EC or Ed25519 one the JVM can read");
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + ": not a PEM file (binary DER? convert it: 'openssl x509 -inform der -in "
                    + file + " -out cert.pem')");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the '" + m.group(1) + "' block is not valid base64: " + e.getMessage());
            }
        }
        return blocks;
    }
}
