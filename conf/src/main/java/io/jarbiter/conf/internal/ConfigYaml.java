package io.jarbiter.conf.internal;

import io.jarbiter.conf.Setting;
import io.jarbiter.conf.Settings;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --print-config} (nameko's show-config): the effective configuration as an app.yaml. Loading
 * the output gives the same configuration: paths are printed absolute (they were relative to the
 * original app.yaml or to the working directory), the umask as a quoted octal string (a bare {@code 022}
 * would be YAML's decimal 18), whole seconds as integers, and strings containing {@code ${} quoted so
 * that nameko's environment expansion leaves them alone. Command-line-only settings are left out.
 */
public final class ConfigYaml {
    /** Settings that are actions of one invocation, not configuration. */
    private static final Set<String> COMMAND_LINE_ONLY = Set.of("check_config", "print_config", "build_archive");
    /** Relative values resolved against app.yaml's directory ({@code ~} and {@code off} are kept). */
    private static final Set<String> APP_RELATIVE = Set.of("classpath", "certfile", "keyfile", "ca_certs", "control_socket",
            "code_snapshot_dir", "jvm_archive_dir", "logconfig");
    /** Relative values resolved against the working directory the master runs in ({@code -} is a stream). */
    private static final Set<String> CWD_RELATIVE = Set.of("pidfile", "errorlog", "accesslog", "worker_tmp_dir");

    private ConfigYaml() {}

    public static String print(Path appYaml, Map<String, Object> values, Map<String, Object> service) {
        Path base = appYaml.getParent() == null ? Path.of("").toAbsolutePath() : appYaml.getParent();
        Yaml yaml = yaml();
        StringBuilder out = new StringBuilder("# jarbiter --print-config: the effective configuration, usable as an app.yaml\n");
        String section = null;
        List<Setting<?>> ordered = new ArrayList<>(Settings.all());
        ordered.sort((a, b) -> sectionOrder(a) - sectionOrder(b));
        for (Setting<?> s : ordered) {
            if (COMMAND_LINE_ONLY.contains(s.name())) continue;
            if (!s.section().equals(section)) {
                section = s.section();
                out.append("\n# ").append(section).append('\n');
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(s.name(), plain(s, values.get(s.name()), base));
            out.append(yaml.dump(one));
        }
        if (!service.isEmpty()) {
            out.append("\n# service configuration\n").append(yaml.dump(new LinkedHashMap<>(service)));
        }
        return out.toString();
    }

    private static int sectionOrder(Setting<?> s) {
        List<Setting<?>> all = Settings.all();
        for (int i = 0; i < all.size(); i++) if (all.get(i).section().equals(s.section())) return i;
        return all.size();
    }

    private static Object plain(Setting<?> s, Object v, Path base) {
        if (v == null) return null;
        if (s.kind() == Setting.Kind.SECONDS) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < Long.MAX_VALUE ? (Object) (long) d : (Object) d;
        }
        if (s.kind() == Setting.Kind.OCTAL) return String.format("0%03o", ((Number) v).intValue());
        if (APP_RELATIVE.contains(s.name())) return absolute(v, base);
        if (CWD_RELATIVE.contains(s.name())) return absolute(v, Path.of("").toAbsolutePath());
        if (s.kind() == Setting.Kind.BINDS) return unixBindsAbsolute((List<?>) v);
        return v;
    }

    /** unix:PATH binds are relative to the working directory; absolute unless that passes the kernel's 107 bytes. */
    private static List<Object> unixBindsAbsolute(List<?> binds) {
        List<Object> out = new ArrayList<>();
        for (Object b : binds) {
            String bind = String.valueOf(b);
            if (bind.startsWith("unix:")) {
                String path = (String) absolute(bind.substring(5), Path.of("").toAbsolutePath());
                if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 107) bind = "unix:" + path;
            }
            out.add(bind);
        }
        return out;
    }

    private static Object absolute(Object v, Path base) {
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) out.add(absolute(item, base));
            return out;
        }
        String p = String.valueOf(v);
        if (p.isEmpty() || p.equals("-") || p.equals("off") || p.equals("false") || p.startsWith("~")) return v;
        return base.resolve(p).toAbsolutePath().normalize().toString();
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(new EnvSafeRepresenter(options), options);
    }

    /** Quotes strings that the loader would otherwise expand as {@code ${VAR}} references. */
    private static final class EnvSafeRepresenter extends Representer {
        EnvSafeRepresenter(DumperOptions options) {
            super(options);
            Represent plainString = representers.get(String.class);
            representers.put(String.class, data -> {
                String text = (String) data;
                if (EnvExpander.hasReference(text)) return representScalar(Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
                return plainString.representData(data);
            });
        }
    }
}
