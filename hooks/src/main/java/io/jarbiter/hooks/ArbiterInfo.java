package io.jarbiter.hooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only view of the master given to {@link ArbiterHooks}.
 *
 * @param pid          the master's process id
 * @param appYaml      path of the application file
 * @param listeners    the listening addresses, for example {@code http://127.0.0.1:8000}
 * @param workers      the target number of workers
 * @param generation   the current worker generation (1 at start, +1 per reload)
 * @param settings     the effective settings, by app.yaml name
 */
public record ArbiterInfo(long pid, String appYaml, List<String> listeners, int workers, int generation,
                          Map<String, Object> settings) {
    public ArbiterInfo {
        listeners = List.copyOf(listeners);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
