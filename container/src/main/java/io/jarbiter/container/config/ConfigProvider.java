package io.jarbiter.container.config;

import io.jarbiter.container.DependencyFactory;
import io.jarbiter.container.DependencyProvider;
import io.jarbiter.container.ServiceContainer;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.container.WorkerContext;

import java.lang.reflect.Field;
import java.util.Map;

/** Provider behind {@link Config}: the same read-only map for every call. */
public final class ConfigProvider implements DependencyProvider<Map<String, Object>> {
    private final Map<String, Object> config;

    ConfigProvider(Map<String, Object> config) {
        this.config = config;
    }

    @Override
    public Map<String, Object> getDependency(WorkerContext worker) {
        return config;
    }

    /** Builds {@link ConfigProvider}s for {@link Config} fields of type {@code Map<String, Object>}. */
    public static final class Factory implements DependencyFactory<Config> {
        @Override
        public DependencyProvider<?> create(Config annotation, Field field, ServiceContainer container) throws ServiceDefinitionException {
            if (!field.getType().isAssignableFrom(Map.class)) {
                throw new ServiceDefinitionException(field.getDeclaringClass().getName() + "." + field.getName()
                        + ": @Config fields must be declared Map<String, Object>, not " + field.getType().getSimpleName());
            }
            return new ConfigProvider(container.config());
        }
    }
}
