package io.jarbiter.conf.internal;

import io.jarbiter.conf.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.DumperOptions;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads app.yaml into top-level entries that remember their line, with nameko's environment
 * expansion: a plain scalar containing {@code ${...}} (or one tagged {@code !env_var}) is expanded and
 * parsed again as YAML ({@code ${N:10}} is the number 10); {@code !raw_env_var} keeps the string.
 * Only plain data comes out (snakeyaml's node API; no object construction from the file).
 */
public final class YamlSource {
    private static final Tag ENV_VAR = new Tag("!env_var");
    private static final Tag RAW_ENV_VAR = new Tag("!raw_env_var");

    /**
     * One top-level key of the file, with the line it is on (1-based). {@code intText} is the text of a
     * value YAML read as an integer ({@code 0027}), for settings that read digits as octal; else null.
     */
    public record Entry(String key, int line, Object value, String intText) {}

    private final Path file;
    private final EnvExpander expander;

    private YamlSource(Path file, Map<String, String> environ) {
        this.file = file;
        this.expander = new EnvExpander(environ);
    }

    /**
     * The file's top-level entries. A file that cannot be read or parsed throws; an entry whose key or
     * value is unusable goes to {@code problems} and is left out, so that the others are still checked.
     */
    public static List<Entry> read(Path file, Map<String, String> environ, Problems problems) throws ConfigException {
        return new YamlSource(file, environ).read(problems);
    }

    private List<Entry> read(Problems problems) throws ConfigException {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = yaml().compose(reader);
        } catch (NoSuchFileException e) {
            throw ConfigException.invalid("cannot read app file " + file + ": no such file");
        } catch (IOException e) {
            throw ConfigException.invalid("cannot read app file " + file + ": " + e.getMessage());
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw ConfigException.invalid(file + ":" + line + ": invalid YAML: " + e.getProblem()
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : ""));
        } catch (YAMLException e) {
            throw ConfigException.invalid(file + ": invalid YAML: " + e.getMessage());
        }
        if (root == null) return List.of();
        if (!(root instanceof MappingNode mapping)) {
            throw ConfigException.invalid(file + ":" + line(root) + ": must be a mapping of settings (key: value)");
        }
        List<Entry> entries = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.invalid(file + ":" + line(t.getKeyNode()) + ": keys must be plain names");
                continue;
            }
            try {
                Node v = t.getValueNode();
                String intText = v instanceof ScalarNode sv && sv.getTag().equals(Tag.INT) ? sv.getValue() : null;
                entries.add(new Entry(key.getValue(), line(key), value(v), intText));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        return entries;
    }

    private Object value(Node node) throws ConfigException {
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            for (Node n : seq.getValue()) list.add(value(n));
            return list;
        }
        if (node instanceof MappingNode map) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) result.put(String.valueOf(value(t.getKeyNode())), value(t.getValueNode()));
            return result;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        try {
            if (tag.equals(RAW_ENV_VAR)) return expander.expand(text);
            if (tag.equals(ENV_VAR) || (plain && tag.equals(Tag.STR) && EnvExpander.hasReference(text))) {
                String expanded = expander.expand(text);
                return expanded.isEmpty() ? null : yaml().load(expanded);
            }
        } catch (IllegalArgumentException | YAMLException e) {
            throw ConfigException.invalid(file + ":" + line(node) + ": " + e.getMessage());
        }
        if (tag.equals(Tag.STR)) return text;
        return yaml().load(text);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
