package io.jarbiter.worker.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.conf.Settings;
import io.jarbiter.web.internal.RequestBody;
import io.undertow.UndertowOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xnio.OptionMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Security settings as undertow options: the head bound follows the limits, undertow's own body limit stays off. */
@Timeout(30)
class RequestLimitsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsBoundAHeadToWhatTheThreeLimitsAllowTogether() throws Exception {
        RequestLimits limits = RequestLimits.of(config(""));
        OptionMap options = limits.undertowOptions();
        assertEquals(4094 + 2 + 100 * (8190 + 2) + 2, options.get(UndertowOptions.MAX_HEADER_SIZE, -1));
        assertEquals(200, options.get(UndertowOptions.MAX_HEADERS, -1));
        assertEquals(10_000, options.get(UndertowOptions.REQUEST_PARSE_TIMEOUT, -1));
        assertEquals(0L, options.get(UndertowOptions.MAX_ENTITY_SIZE, -1L));
        assertEquals(1024 * 1024L, options.get(RequestBody.LIMIT_REQUEST_BODY, -1L));
        assertEquals(30_000, options.get(RequestBody.CLIENT_BODY_TIMEOUT, -1));
    }

    @Test
    void noLimitLeavesUndertowsOwnHeadBoundForThatPartAndNoTimeoutSetsNone() throws Exception {
        RequestLimits limits = RequestLimits.of(config("limit_request_line: 0\nlimit_request_fields: 10\nlimit_request_field_size: 0\n"
                + "client_header_timeout: 0\nclient_body_timeout: 0\nlimit_request_body: 0\n"));
        OptionMap options = limits.undertowOptions();
        int megabyte = UndertowOptions.DEFAULT_MAX_HEADER_SIZE;
        assertEquals(megabyte + 2 + 10 * (megabyte + 2) + 2, options.get(UndertowOptions.MAX_HEADER_SIZE, -1));
        assertFalse(options.contains(UndertowOptions.REQUEST_PARSE_TIMEOUT));
        assertEquals(0, options.get(RequestBody.CLIENT_BODY_TIMEOUT, -1));
        assertEquals(0L, options.get(RequestBody.LIMIT_REQUEST_BODY, -1L));
    }

    @Test
    void theTestingKitsServerUsesTheSettingsDefaults() {
        // WebServer.listen has no listener options: RequestBody then falls back on constants that must be the defaults
        assertEquals(((Number) Settings.LIMIT_REQUEST_BODY.defaultValue()).longValue(), RequestBody.DEFAULT_LIMIT);
        assertEquals(((Number) Settings.CLIENT_BODY_TIMEOUT.defaultValue()).longValue() * 1000, RequestBody.DEFAULT_BODY_TIMEOUT_MILLIS);
    }

    private Config config(String yaml) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [x.Y]\n" + yaml);
        return Config.load(List.of(app.toString()), Map.of());
    }
}
