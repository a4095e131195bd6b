package io.jarbiter.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forwarded_allow_ips, proxy_allow_ips, secure_scheme_headers and proxy_protocol: gunicorn's forms, defaults and errors. */
@Timeout(30)
class ProxySettingsTest {
    @TempDir
    Path dir;

    private Config load(String yaml, String... args) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [a.B]\n" + yaml);
        List<String> argv = new java.util.ArrayList<>(List.of(args));
        argv.add(app.toString());
        return Config.load(argv, Map.of());
    }

    @Test
    void defaultsAreGunicorns() throws Exception {
        Config c = load("");
        assertEquals("127.0.0.1,::1", c.get(Settings.FORWARDED_ALLOW_IPS));
        assertEquals("127.0.0.1,::1", c.get(Settings.PROXY_ALLOW_IPS));
        assertEquals(false, c.get(Settings.PROXY_PROTOCOL));
        assertEquals(Map.of("X-FORWARDED-PROTOCOL", "ssl", "X-FORWARDED-PROTO", "https", "X-FORWARDED-SSL", "on"),
                c.get(Settings.SECURE_SCHEME_HEADERS));
    }

    @Test
    void listsAreCommaSeparatedOrYamlListsAndSurviveTheTripToTheWorker() throws Exception {
        Config c = load("forwarded_allow_ips: [10.0.0.0/8, '192.168.1.1, 2001:db8::/32']\nsecure_scheme_headers: {X-Scheme: secure}\n",
                "--proxy-protocol", "--proxy-allow-from", "*");
        assertEquals("10.0.0.0/8,192.168.1.1,2001:db8::/32", c.get(Settings.FORWARDED_ALLOW_IPS));
        Config worker = Config.fromEnvString(c.toEnvString());
        assertEquals("10.0.0.0/8,192.168.1.1,2001:db8::/32", worker.get(Settings.FORWARDED_ALLOW_IPS));
        assertEquals(Map.of("X-Scheme", "secure"), worker.get(Settings.SECURE_SCHEME_HEADERS));
        assertEquals(true, worker.get(Settings.PROXY_PROTOCOL));
        assertEquals("*", worker.get(Settings.PROXY_ALLOW_IPS));
    }

    @Test
    void badEntriesNameFileLineSettingAndTheFix() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("forwarded_allow_ips: 192.168.1.1/24\n"));
        assertTrue(e.getMessage().contains("app.yaml:2: 'forwarded_allow_ips' entry '192.168.1.1/24' has host bits set; did you mean 192.168.1.0/24?"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("", "--forwarded-allow-ips", "proxy.internal"));
        assertTrue(e.getMessage().contains("--forwarded-allow-ips: 'forwarded_allow_ips' entry 'proxy.internal' is not an IP address or network"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> load("proxy_allow_ips: 10.0.0.0/33\n"));
        assertTrue(e.getMessage().contains("'proxy_allow_ips' entry '10.0.0.0/33': the prefix length must be 0 to 32"), e.getMessage());
    }

    @Test
    void allowListsMatchAddressesAndNetworksAndStarTrustsEveryPeerButListsNone() throws Exception {
        IpAllowList list = IpAllowList.of("127.0.0.1,10.0.0.0/8,2001:db8::/32,172.16.0.0/12");
        assertTrue(list.allows(peer("10.200.3.4")));
        assertTrue(list.allows(peer("172.31.255.255")));
        assertFalse(list.allows(peer("172.32.0.1")));
        assertTrue(list.allows(peer("2001:db8:ffff::1")));
        assertFalse(list.allows(peer("2001:db9::1")));
        assertFalse(list.allows(peer("127.0.0.2")));
        assertTrue(list.allows(UnixDomainSocketAddress.of("/run/app.sock")), "no IP: allowed, as gunicorn does");
        IpAllowList star = IpAllowList.of("*");
        assertTrue(star.allows(peer("203.0.113.9")));
        assertFalse(star.lists(InetAddress.getByName("203.0.113.9")));
        assertFalse(IpAllowList.of("").allows(peer("127.0.0.1")), "an empty list trusts no peer");
    }

    @Test
    void onlyIpLiteralsAreAddresses() {
        assertEquals(null, IpAllowList.literal("localhost"));
        assertEquals(null, IpAllowList.literal("256.1.1.1"));
        assertEquals(null, IpAllowList.literal("2001:db8::1::2"));
        assertEquals("192.0.2.1", IpAllowList.literal("192.0.2.1").getHostAddress());
    }

    private static InetSocketAddress peer(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 1234);
    }
}
