package io.jarbiter.conf.internal;

import java.util.Collection;
import java.util.Locale;

/**
 * "did you mean": the closest candidate within an edit distance of 2 (1 for words of five letters or
 * fewer, so that short keys of one's own are not mistaken for settings), case-insensitively.
 */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate, or null when none is within distance 2. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int limit = word.length() <= 5 ? 1 : 2;
        int bestDistance = limit + 1;
        for (String c : candidates) {
            int d = distance(normalise(word), normalise(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
