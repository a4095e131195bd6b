package io.jarbiter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's table: one row per measurement, jarbiter's median beside the baseline's median from the
 * same invocation, their ratio, and the target the issue set. Written as markdown to
 * {@code bench/results/} and between the README's {@code bench:begin/end} markers.
 */
final class Report {
    record Row(String metric, String jarbiter, String baseline, String ratio, String target) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void row(String metric, String jarbiter, String baseline, String ratio, String target) {
        Row r = new Row(metric, jarbiter, baseline, ratio, target);
        rows.add(r);
        System.out.printf("  %-58s %-22s %-34s %-8s %s%n", metric, jarbiter, baseline, ratio, target);
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    String markdown(String header) {
        StringBuilder md = new StringBuilder(header).append("\n\n");
        md.append("| measurement | jarbiter | baseline (same run) | ratio | target |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", r.metric(), r.jarbiter(), r.baseline(), r.ratio(), r.target())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            for (String n : notes) md.append("- ").append(n).append('\n');
        }
        return md.toString();
    }

    /**
     * Replaces the README's table for this JDK ({@code <!-- bench:begin jdkN -->}); the other JDK's stays,
     * and the README is left alone when the markers are missing.
     */
    static void updateReadme(Path readme, String table) throws IOException {
        String jdk = "jdk" + Runtime.version().feature();
        String begin = "<!-- bench:begin " + jdk + " -->", end = "<!-- bench:end " + jdk + " -->";
        String text = Files.readString(readme);
        int b = text.indexOf(begin), e = text.indexOf(end);
        if (b < 0 || e < b) return;
        Path tmp = readme.resolveSibling(readme.getFileName() + ".tmp");
        Files.writeString(tmp, text.substring(0, b + begin.length()) + "\n" + table + text.substring(e));
        Files.move(tmp, readme, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "—" : String.format("%.2f×", a / b);
    }

    /** The median of the per-round ratios a[i] / b[i], and their range: a and b measured side by side in each round. */
    static String pairedRatio(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (Double.isFinite(a.get(i)) && Double.isFinite(b.get(i))) ratios.add(a.get(i) / b.get(i)); // a round that failed has none
        }
        if (ratios.isEmpty()) return "—";
        return String.format("%.2f× (%.2f–%.2f)", median(ratios), java.util.Collections.min(ratios), java.util.Collections.max(ratios));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs.stream().filter(Double::isFinite).toList());
        s.sort(Double::compare);
        if (s.isEmpty()) return Double.NaN;
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
