package io.jarbiter.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listeners' TLS settings as gunicorn users write them, and the errors for what the JDK cannot do. */
@Timeout(30)
class TlsSettingsTest {
    @TempDir
    Path dir;

    private Config load(String yaml, String... flags) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [a.B]\n" + yaml);
        List<String> argv = new java.util.ArrayList<>(List.of(flags));
        argv.add(app.toString());
        return Config.load(argv, Map.of());
    }

    private String error(String yaml, String... flags) {
        return assertThrows(ConfigException.class, () -> load(yaml, flags)).getMessage();
    }

    @Test
    void defaultsAreGunicornsPlainHttpWithTls12AsTheFloor() throws Exception {
        Config c = load("");
        assertNull(c.get(Settings.CERTFILE));
        assertEquals("none", c.get(Settings.CERT_REQS));
        assertEquals("TLSv1.2", c.get(Settings.TLS_MIN_VERSION));
        assertNull(c.get(Settings.CIPHERS));
        assertEquals(false, c.get(Settings.HTTP2));
    }

    @Test
    void certReqsTakesWordsPythonsNamesAndGunicornsNumbers() throws Exception {
        assertEquals("required", load("cert_reqs: required\n").get(Settings.CERT_REQS));
        assertEquals("optional", load("cert_reqs: 1\n").get(Settings.CERT_REQS));
        assertEquals("required", load("cert_reqs: ssl.CERT_REQUIRED\n").get(Settings.CERT_REQS));
        assertEquals("none", load("", "--cert-reqs", "CERT_NONE").get(Settings.CERT_REQS));
        String e = error("cert_reqs: 3\n");
        assertTrue(e.contains("app.yaml:2: 'cert_reqs' must be none, optional or required") && e.contains("got '3'"), e);
    }

    @Test
    void tlsMinVersionTakesTheJdksNamesAndRefusesTheInsecureOnes() throws Exception {
        assertEquals("TLSv1.3", load("tls_min_version: TLSv1.3\n").get(Settings.TLS_MIN_VERSION));
        assertEquals("TLSv1.3", load("", "--tls-min-version", "1.3").get(Settings.TLS_MIN_VERSION));
        String e = error("tls_min_version: TLSv1.1\n");
        assertTrue(e.contains("'tls_min_version' 'TLSv1.1' is disabled in the JDK as insecure; use TLSv1.2"), e);
    }

    @Test
    void ciphersTakeJdkNamesSeparatedAsGunicornsAndRefuseOpenSslNamesSayingHowToListThem() throws Exception {
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                load("ciphers: TLS_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n").get(Settings.CIPHERS));
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"), load("ciphers: [TLS_AES_256_GCM_SHA384]\n").get(Settings.CIPHERS));
        String e = error("ciphers: ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256\n");
        assertTrue(e.contains("app.yaml:2: 'ciphers' names cipher suite(s) this JDK does not know: ECDHE-RSA-AES128-GCM-SHA256;"), e);
        assertTrue(e.contains("java -XshowSettings:security:tls -version"), e);
    }
}
