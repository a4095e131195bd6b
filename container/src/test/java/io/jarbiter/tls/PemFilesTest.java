package io.jarbiter.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class PemFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsRsaAndEcPkcs8KeysAndTheirCertificates() throws Exception {
        TestPki pki = new TestPki(dir);
        Path ca = pki.ca("pem");
        Path rsa = pki.leaf("rsa", ca, false);
        Path ec = pki.leaf("ec", ca, true);
        assertEquals("RSA", PemFiles.privateKey(TestPki.keyOf(rsa)).getAlgorithm());
        assertEquals("EC", PemFiles.privateKey(TestPki.keyOf(ec)).getAlgorithm());
        assertEquals("CN=rsa", PemFiles.certificates(rsa).get(0).getSubjectX500Principal().getName());
        assertEquals(1, PemFiles.keyManagers(ec, TestPki.keyOf(ec)).length);
        assertEquals(1, PemFiles.trustManagers(ca).length);
    }

    @Test
    void aKeyInsideTheCertfileIsFoundAsPythonFindsIt() throws Exception {
        TestPki pki = new TestPki(dir);
        Path leaf = pki.leaf("both", pki.ca("pem"), false);
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, Files.readString(TestPki.keyOf(leaf)) + Files.readString(leaf));
        assertEquals(1, PemFiles.keyManagers(combined, null).length);
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        TestPki pki = new TestPki(dir);
        Path leaf = pki.leaf("old", pki.ca("pem"), false);
        Path pkcs1 = pki.pkcs1(TestPki.keyOf(leaf));
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));
        IOException e = assertThrows(IOException.class, () -> PemFiles.privateKey(pkcs1));
        assertTrue(e.getMessage().contains(pkcs1.toString()) && e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void aMissingOrEmptyFileIsNamed() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertTrue(assertThrows(IOException.class, () -> PemFiles.certificates(missing)).getMessage().contains("nope.pem: no such file"));
        Path empty = Files.writeString(dir.resolve("empty.pem"), "hello\n");
        assertTrue(assertThrows(IOException.class, () -> PemFiles.certificates(empty)).getMessage().contains("no '-----BEGIN CERTIFICATE-----'"));
    }
}
